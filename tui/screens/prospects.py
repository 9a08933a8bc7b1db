"""Prospects: a searchable table filtered by status, the touch history, and editing."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static
from textual.worker import get_current_worker

from planner.formatting import money
from tui.format import OUTCOME_WORDS
from tui.keys import bindings
from tui.messages import HistoryLoaded, ProspectsLoaded, ServiceFailed
from tui.prospects_model import MAX_SHOWN, filter_prospects, next_filter
from tui.safe import cell, plain
from tui.screens.edit_prospect import EditProspectModal, ProspectEdit
from tui.screens.outcome import OutcomeModal
from tui.widgets.field import Field

if TYPE_CHECKING:
    from planner.models import Outcome, Prospect, Touch
    from planner.service import PlannerService
    from tui.app import PlannerApp

HISTORY_SHOWN = 12


class ProspectsScreen(Screen[None]):
    BINDINGS = bindings("prospects")

    def __init__(self) -> None:
        super().__init__(id="prospects")
        self.all: list[Prospect] = []
        self.shown: list[Prospect] = []
        self.status = "all"
        self._history_wanted: int | None = None
        self._history_busy = False
        self._name_width = 0

    @property
    def planner(self) -> PlannerApp:
        return cast("PlannerApp", self.app)

    def compose(self) -> ComposeResult:
        with Horizontal(id="prospects-bar"):
            yield Field(placeholder="search names (/)", id="prospect-search", compact=True)
            yield Static("", id="prospect-filter")
            yield Static("", id="prospect-count")
        with Horizontal(id="prospects-body"):
            table: DataTable[Text] = DataTable(id="prospect-table", cursor_type="row")
            table.border_title = Content("Prospects")
            yield table
            with VerticalScroll(id="prospect-detail") as detail:
                detail.border_title = Content("Detail")
                yield Static("", id="prospect-card")
                yield Static("", id="prospect-history")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#prospect-table", DataTable)
        self._add_columns(table)
        self.call_after_refresh(self._fit_columns)
        table.focus()
        self._show_filter()
        self.reload()

    def _add_columns(self, table: DataTable[Text]) -> None:
        # The name takes what the status and date columns leave (cells pad 1 each side).
        self._name_width = max(12, (table.content_size.width or 44) - 6 - 10 - 6 - 1)
        table.add_column("name", key="name", width=self._name_width)
        table.add_column("status", key="status", width=6)
        table.add_column("last", key="last", width=10)

    def on_resize(self, event: events.Resize) -> None:
        # The table learns its width after layout; fit the name column then.
        self.call_after_refresh(self._fit_columns)

    def _fit_columns(self) -> None:
        table = self.query_one("#prospect-table", DataTable)
        if max(12, table.content_size.width - 23) != self._name_width:
            table.clear(columns=True)
            self._add_columns(table)
            self._fill(self.shown)

    def reload(self) -> None:
        self.planner.runner.submit(_read_all, self)

    def on_prospects_loaded(self, message: ProspectsLoaded) -> None:
        if message.query == "\0all":
            self.all = message.prospects
            self.refilter()
            return
        if message.query != self.query_one(Field).value or message.status != self.status:
            return  # an older filter's answer
        selected = self.selected()
        self.shown = message.prospects
        self._fill(message.prospects, selected.id if selected else None)
        more = " · type to narrow" if message.total > MAX_SHOWN else ""
        self.query_one("#prospect-count", Static).update(
            f"{len(message.prospects):,} of {message.total:,}{more}"
        )
        if not message.prospects:
            self.query_one("#prospect-card", Static).update("No prospect matches.")
            self.query_one("#prospect-history", Static).update("")

    def _fill(self, prospects: list[Prospect], keep: int | None = None) -> None:
        table = self.query_one("#prospect-table", DataTable)
        table.clear()
        for prospect in prospects:
            table.add_row(*_cells(prospect), key=str(prospect.id))
        index = next((i for i, p in enumerate(prospects) if p.id == keep), None)
        if index is not None:
            table.move_cursor(row=index, animate=False)

    @work(thread=True, exclusive=True, group="prospect-filter")
    def refilter(self) -> None:
        # Filtering 20,000 prospects takes tens of milliseconds: a worker, newest wins.
        query, status = self.query_one(Field).value, self.status
        shown, total = filter_prospects(self.all, query, status)
        if not get_current_worker().is_cancelled:
            self.post_message(ProspectsLoaded(shown, total, query, status))

    @on(Input.Changed, "#prospect-search")
    def search_changed(self) -> None:
        self.refilter()

    @on(Input.Submitted, "#prospect-search")
    def search_done(self) -> None:
        self.query_one("#prospect-table", DataTable).focus()

    def action_focus_search(self) -> None:
        self.query_one(Field).focus()

    def action_back(self) -> None:
        search = self.query_one(Field)
        if search.has_focus:
            self.query_one("#prospect-table", DataTable).focus()
        else:
            self.planner.action_show("today")

    def action_cycle_filter(self) -> None:
        self.status = next_filter(self.status)
        self._show_filter()
        self.refilter()

    def _show_filter(self) -> None:
        self.query_one("#prospect-filter", Static).update(
            Content.assemble(("status ", "$text-muted"), (self.status, "bold"), " (f)")
        )

    # ------------------------------------------------------------------ detail and history

    def selected(self) -> Prospect | None:
        table = self.query_one("#prospect-table", DataTable)
        if not self.shown or not 0 <= table.cursor_row < len(self.shown):
            return None
        return self.shown[table.cursor_row]

    @on(DataTable.RowHighlighted, "#prospect-table")
    def highlighted(self) -> None:
        prospect = self.selected()
        if prospect is None:
            return
        self.query_one("#prospect-card", Static).update(card_text(prospect))
        self._history_wanted = prospect.id
        self._fetch_history()

    def _fetch_history(self) -> None:
        # Reading one history scans every month: while one read runs, later requests
        # only move the wanted id, so scrolling never queues a backlog of reads.
        if self._history_busy or self._history_wanted is None:
            return
        self._history_busy = True
        wanted = self._history_wanted
        self.planner.runner.submit(lambda service: _read_history(service, wanted), self)

    def on_history_loaded(self, message: HistoryLoaded) -> None:
        self._history_busy = False
        if message.prospect.id != self._history_wanted:
            self._fetch_history()
            return
        self.query_one("#prospect-card", Static).update(card_text(message.prospect))
        self.query_one("#prospect-history", Static).update(history_text(message.touches))

    def on_service_failed(self, message: ServiceFailed) -> None:
        message.stop()
        self._history_busy = False
        self.notify(message.error, severity="error", markup=False, timeout=8)

    # ------------------------------------------------------------------ editing and logging

    def action_edit(self) -> None:
        prospect = self.selected()
        if prospect is None:
            return

        def edited(edit: ProspectEdit | None) -> None:
            if edit is not None:
                pid = prospect.id
                self.planner.runner.submit(lambda service: _update(service, pid, edit), self)

        self.app.push_screen(EditProspectModal(prospect), edited)

    def action_remove(self) -> None:
        prospect = self.selected()
        if prospect is None:
            return
        from tui.screens.confirm import ConfirmModal

        def confirmed(yes: bool | None) -> None:
            if yes:
                pid = prospect.id
                self.planner.runner.submit(lambda service: _remove(service, pid), self)
                self.notify(f"Removed {prospect.name} · planner undo brings it back", markup=False)

        self.app.push_screen(
            ConfirmModal(
                f"Remove {prospect.name} (#{prospect.id})? Their calls and sales stay counted; "
                "undo brings the prospect back."
            ),
            confirmed,
        )

    def action_merge(self) -> None:
        """Merge another prospect into the selected one: pick the other in the search box."""
        keep = self.selected()
        if keep is None:
            return
        from tui.screens.confirm import ConfirmModal
        from tui.screens.search import SearchChoice, SearchModal

        def picked(choice: SearchChoice | None) -> None:
            if choice is None:
                return
            if choice.prospect_id is None or choice.prospect_id == keep.id:
                self.notify("Pick another existing prospect to merge.", severity="warning")
                return
            other_id, other_name = choice.prospect_id, choice.name

            def confirmed(yes: bool | None) -> None:
                if yes:
                    job = lambda service: _merge(service, keep.id, other_id)  # noqa: E731
                    self.planner.runner.submit(job, self)
                    self.notify(f"Merged {other_name} into {keep.name}", markup=False)

            self.app.push_screen(
                ConfirmModal(
                    f"Merge {other_name} (#{other_id}) into {keep.name} (#{keep.id})? "
                    f"{other_name}'s calls move to {keep.name} and {other_name} goes; "
                    "undo reverts it."
                ),
                confirmed,
            )

        self.app.push_screen(SearchModal(f"Merge into {keep.name}: pick the other"), picked)

    def action_log_selected(self) -> None:
        prospect = self.selected()
        today = self.planner.today_screen
        if prospect is None or today is None:
            return

        def chosen(outcome: Outcome | None) -> None:
            if outcome is not None and today is not None:
                today.log_to(prospect.id, prospect.name, outcome)
                self._history_wanted = prospect.id

        self.app.push_screen(OutcomeModal(prospect.name), chosen)


def _read_all(service: PlannerService) -> ProspectsLoaded:
    everyone = service.prospects()
    return ProspectsLoaded(everyone, len(everyone), "\0all", "all")


def _read_history(service: PlannerService, prospect_id: int) -> HistoryLoaded | ServiceFailed:
    prospect = service.prospect(prospect_id)
    if prospect is None:
        return ServiceFailed(f"prospect #{prospect_id} no longer exists")
    return HistoryLoaded(prospect, service.history(prospect_id))


def _update(service: PlannerService, prospect_id: int, edit: ProspectEdit) -> ProspectsLoaded:
    save_edit(service, prospect_id, edit)
    return _read_all(service)


def save_edit(service: PlannerService, prospect_id: int, edit: ProspectEdit) -> None:
    """Store what the edit dialog gave (also from the today screen's open prospect)."""
    from planner.validation import parse_amount, parse_follow_up  # late: the write path

    changes: dict[str, object] = {
        "status": edit.status,
        "lost_reason": edit.lost_reason,
        "do_not_contact": edit.do_not_contact,
        **edit.changes(),
    }
    if "value" in changes:
        typed = str(changes["value"])
        changes["value"] = None if typed.lower() == "none" else parse_amount(typed)
    if "follow_up" in changes:
        changes["follow_up"] = parse_follow_up(str(changes["follow_up"]), today=service.today)
    service.edit_prospect(prospect_id, **changes)


def _remove(service: PlannerService, prospect_id: int) -> ProspectsLoaded:
    service.remove_prospect(prospect_id)
    return _read_all(service)


def _merge(service: PlannerService, keep_id: int, other_id: int) -> ProspectsLoaded:
    service.merge_prospects(keep_id, other_id)
    return _read_all(service)


def _cells(prospect: Prospect) -> tuple[Text, Text, Text]:
    status = prospect.status + (" ⊘" if prospect.do_not_contact else "")
    last = f"{prospect.last_contact:%Y-%m-%d}" if prospect.last_contact else "never"
    return cell(prospect.name), Text(status), Text(last, style="dim")


def card_text(prospect: Prospect) -> Content:
    lines: list[Content] = [plain(prospect.name, "bold")]
    if prospect.company:
        lines.append(plain(prospect.company))
    status: str = prospect.status
    if prospect.lost_reason:
        status += f" ({prospect.lost_reason})"
    lines.append(Content.assemble(("status ", "$text-muted"), status))
    if prospect.follow_up is not None:
        lines.append(
            Content.assemble(("follow-up ", "$text-muted"), f"{prospect.follow_up:%a %d %b %Y}")
        )
    if prospect.do_not_contact:
        lines.append(Content.styled("do not contact", "bold $error"))
    for label, value in (("phone", prospect.phone), ("email", prospect.email)):
        if value:
            lines.append(Content.assemble((f"{label} ", "$text-muted"), plain(value)))
    if prospect.value is not None:
        lines.append(Content.assemble(("value ", "$text-muted"), money(prospect.value)))
    stage = prospect.best_stage if prospect.best_stage != "none" else "no conversation yet"
    lines.append(Content.assemble(("reached ", "$text-muted"), stage))
    return Content("\n").join(lines)


def history_text(touches: list[Touch], shown: int | None = HISTORY_SHOWN) -> Content:
    """The newest ``shown`` touches (None: all of them), newest first, with their notes."""
    if not touches:
        return Content.styled("\nNo touches logged.", "$text-muted")
    lines: list[Content] = [Content.styled(f"\nHistory ({len(touches)} touches)", "bold")]
    for touch in reversed(touches if shown is None else touches[-shown:]):
        amount = f" {money(touch.amount)}" if touch.amount is not None else ""
        lines.append(
            Content.assemble(
                (f"{touch.at:%Y-%m-%d} ", "$text-muted"),
                f"{OUTCOME_WORDS[touch.outcome]}{amount}",
                (f" {touch.source}", "$text-muted"),
            )
        )
        if touch.note:
            lines.append(plain(f"  {touch.note}", "italic $text-muted"))
    return Content("\n").join(lines)
