"""The morning screen: pace gauge, today's tally and intent, and the queue worked by one key."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, cast

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from tui import jobs
from tui.day_off import DayOffView
from tui.keys import bindings
from tui.messages import (
    ComposureSaved,
    NoteAdded,
    PaceRefreshed,
    ServiceFailed,
    Snoozed,
    TodayLoaded,
    UndoDone,
)
from tui.palette_actions import PaletteActions, PromptReady
from tui.safe import plain
from tui.screens.log_steps import LogSteps
from tui.today_model import QueueRow, TodaySnapshot, next_open_index, with_row
from tui.today_text import intent_text, notice_text, tally_text
from tui.widgets.card import ProspectCard
from tui.widgets.footer import FittingFooter
from tui.widgets.gauge import PaceGauge
from tui.widgets.note_bar import NoteBar
from tui.widgets.queue_table import QueueTable

if TYPE_CHECKING:
    from planner.composure import Prompt
    from tui.app import PlannerApp
    from tui.screens.composure import ComposureAnswer
    from tui.screens.setup import SetupResult

# The dialogs are imported where they open: they pull in the validation and calendar code
# (pendulum), which the first frame does not need.


STACK_BELOW = 100  # columns under which the work area stacks (the card goes under the queue)
ONE_LINE_BELOW = (70, 22)  # columns, rows under which the card shrinks to one line


class TodayScreen(LogSteps, DayOffView, PaletteActions, Screen[None]):
    BINDINGS = bindings("today")

    # Textual repaints the whole screen when focus moves, which every widget does for
    # itself already (the queue and a field restyle on focus and blur). Here focus moves
    # twice a call, queue to note bar and back: a whole-screen frame each time, 19 KB to
    # the terminal, was most of the wait between the key and the tally redrawn.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def __init__(self) -> None:
        super().__init__(id="today")
        self.snapshot: TodaySnapshot | None = None
        self._asked_composure_on: date | None = None  # the day the question was shown
        self._setup_shown = False
        self._shown: dict[str, Content] = {}
        self._pending_logs = 0  # touches shown but not yet confirmed stored
        self._last_logged: tuple[int, str] | None = None  # who `a` notes when the row is new
        self._logging = False  # between a logged key and the frame that shows it

    @property
    def planner(self) -> PlannerApp:
        return cast("PlannerApp", self.app)

    def compose(self) -> ComposeResult:
        # The note bar comes first: a widget shown or hidden shifts the stacking order of
        # every sibling after it, and so a repaint of the whole screen at each call.
        yield NoteBar(id="note-bar")
        with Vertical(id="today-body"):
            gauge = PaceGauge(id="gauge")
            gauge.border_title = Content("Pace")
            yield gauge
            yield Static("", id="tally")
            yield Static("", id="intent")
            yield Static("", id="notice")
            # The work area: the queue (or the day-off panel), and the prospect card beside
            # it from 100 columns, under it below (class -stacked).
            with Horizontal(id="work"):
                table = QueueTable(id="queue")
                table.border_title = Content("Today's queue")
                yield table
                card = ProspectCard(id="card")
                card.border_title = Content("Prospect")
                yield card
                yield Static("", id="day-off")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one(QueueTable).focus()
        self.reload()

    def on_resize(self, event: events.Resize) -> None:
        # Below 80x22 the gauge drops its diagnosis line, so the queue keeps a few rows.
        self.query_one(PaceGauge).compact = event.size.width < 70 or event.size.height < 22
        self.set_class(event.size.width < STACK_BELOW, "-stacked")
        tiny = event.size.width < ONE_LINE_BELOW[0] or event.size.height < ONE_LINE_BELOW[1]
        self.set_class(tiny, "-tiny")
        card = self.query_one(ProspectCard)
        card.fit = "line" if tiny else "compact" if event.size.width < STACK_BELOW else "full"

    def reload(self) -> None:
        self.planner.runner.submit(jobs.load_today(self.planner.runner), self)

    # ------------------------------------------------------------------ showing

    def on_today_loaded(self, message: TodayLoaded) -> None:
        first_look = self.snapshot is None
        if first_look:
            # After the frame that makes the screen usable: it warms up on the other core.
            self.call_after_refresh(self.planner.runner.start_log_client)
        self.day_off = message.day_off
        self.show(message.snapshot)
        rows = message.snapshot.rows
        if first_look and rows and rows[0].done:
            # Opened again mid-morning: start on the first line still to do, not on a call
            # already made (a log key there would only ask "log again?").
            self.query_one(QueueTable).move_cursor(row=next_open_index(rows, 0))
        # A reload follows a change made elsewhere (a booked follow-up, an edit, another
        # process): the card reads its prospect again too.
        card = self.query_one(ProspectCard)
        card.follow(card.row, refetch=True)
        self._show_day_off()
        self._ask_what_is_missing(message.snapshot)

    def show(self, snapshot: TodaySnapshot) -> None:
        """Draw ``snapshot``, touching only what changed: a logged key changes the tally, a
        line of the queue and maybe the gauge, and a full layout would cost the worker that
        stores the touch its share of the processor."""
        before, self.snapshot = self.snapshot, snapshot
        gauge = self.query_one(PaceGauge)
        if before is None or before.report != snapshot.report:
            gauge.show(snapshot.report)
        if before is None or (before.target, before.today) != (snapshot.target, snapshot.today):
            period = snapshot.target.period.label if snapshot.target else ""
            gauge.border_title = plain(f"Pace · {period}" if period else "Pace")
            gauge.border_subtitle = Content(f"{snapshot.today:%a %d %b %Y}")
        self._update("#tally", tally_text(snapshot))
        self._update("#intent", intent_text(snapshot))
        notice = notice_text(snapshot)
        self._update("#notice", notice)
        # A day off shows no plan: no shortfall warning, no tally, no morning question.
        resting = self.resting
        _show(self.query_one("#notice", Static), bool(notice.plain) and not resting)
        _show(self.query_one("#tally", Static), not resting)
        _show(self.query_one("#intent", Static), self.day_off is None)
        table = self.query_one(QueueTable)
        mix = f" · {snapshot.planned_old} old + {snapshot.planned_new} new" if snapshot.rows else ""
        title = f"Today's queue{mix}"
        if str(table.border_title) != title:
            table.border_title = Content(title)
        table.show(snapshot.rows)
        card = self.query_one(ProspectCard)
        _show(card, not resting)
        self._card_follows()

    def on_queue_table_cursor_moved(self) -> None:
        self._card_follows()

    def _card_follows(self) -> None:
        """The card shows the selected line; right after a logged key, a frame later: the
        frame that shows the call logged (gauge, tally, the line) goes out first, small."""
        card = self.query_one(ProspectCard)
        if self._logging:
            self.call_after_refresh(lambda: card.follow(self.selected_row()))
        else:
            card.follow(self.selected_row())

    def _update(self, selector: str, content: Content) -> bool:
        """Update a one-line Static when its text changed; True if it did."""
        widget = self.query_one(selector, Static)
        if self._shown.get(selector) == content:
            return False
        before = self._shown.get(selector, Content("")).plain
        # A layout pass only when the line may wrap differently: "1/40" becoming "2/40" on
        # a wide screen keeps its height, and a layout would repaint more than the line.
        width = widget.content_size.width
        height_may_change = (
            not width
            or "\n" in content.plain + before
            or -(-len(content.plain) // width) != -(-len(before) // width)
            or max(len(content.plain), len(before)) >= width - 1
        )
        self._shown[selector] = content
        widget.update(content, layout=height_may_change)
        return True

    def _ask_what_is_missing(self, snapshot: TodaySnapshot) -> None:
        if snapshot.target is None and not self._setup_shown:
            from tui.screens.setup import SetupScreen

            self._setup_shown = True
            offer_demo = snapshot.prospect_count == 0
            self.app.push_screen(SetupScreen(snapshot.today, offer_demo=offer_demo), self._setup)
            return
        if snapshot.target is None or snapshot.prompt is None or self.day_off is not None:
            return  # a day off asks nothing, also when the seller works anyway
        if self._asked_composure_on == snapshot.today:
            return
        self._asked_composure_on = snapshot.today
        self._ask_composure(snapshot.prompt, snapshot.today)

    def _ask_composure(self, prompt: Prompt, today: date) -> None:
        from tui.screens.composure import ComposureModal

        def answered(answer: ComposureAnswer | None) -> None:
            runner = self.planner.runner
            runner.submit(jobs.save_composure(runner, prompt.id, answer), self)

        self.app.push_screen(ComposureModal(prompt, today), answered)

    def on_prompt_ready(self, message: PromptReady) -> None:
        """The palette's "Answer the morning question": asked again, the answer replaces."""
        if self.snapshot is not None:
            self._ask_composure(message.prompt, self.snapshot.today)

    def _setup(self, result: SetupResult) -> None:
        from tui.screens.setup import DEMO

        runner = self.planner.runner
        if result == DEMO:
            self.notify("Loading demo data…", timeout=3)
            runner.submit(jobs.load_demo(runner), self)
        elif result is not None:
            runner.submit(jobs.set_up(runner, result), self)

    def on_composure_saved(self, message: ComposureSaved) -> None:
        if self.snapshot is not None:
            self.snapshot = _replace(self.snapshot, composure=message.check, prompt=None)
            self.query_one("#intent", Static).update(intent_text(self.snapshot))

    # ------------------------------------------------------------------ logging

    @property
    def keys_home(self) -> QueueTable:
        """Where keys go when nothing has focus (tui.typeahead): the queue."""
        return self.query_one(QueueTable)

    def selected_row(self) -> QueueRow | None:
        return self.query_one(QueueTable).selected()

    def action_cursor_down(self) -> None:
        self.query_one(QueueTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(QueueTable).action_cursor_up()

    def action_setup(self) -> None:
        if self.snapshot is None:
            return
        from tui.screens.setup import SetupScreen

        offer_demo = self.snapshot.prospect_count == 0 and self.snapshot.target is None
        self.app.push_screen(SetupScreen(self.snapshot.today, offer_demo=offer_demo), self._setup)

    def on_pace_refreshed(self, message: PaceRefreshed) -> None:
        # While later keys are still being stored, these figures are older than the screen's
        # optimistic ones; the refresh queued after the last of them will be exact.
        if self._pending_logs == 0 and self.snapshot is not None:
            self.show(_replace(self.snapshot, report=message.report, tally=message.tally))

    def action_whatif(self) -> None:
        from tui.screens.whatif import WhatIfModal

        def adopted(capacity: int | None) -> None:
            if capacity is not None:
                self.planner.runner.submit(jobs.set_capacity(self.planner.runner, capacity), self)
                self.notify(f"Capacity: {capacity} touches a day · u to undo", timeout=4)

        self.app.push_screen(WhatIfModal(), adopted)

    def action_undo(self) -> None:
        # Queued after the frame, as a logged touch is: a `u` typed right after a call's
        # enter undoes that call, not the change before it.
        runner = self.planner.runner
        self.call_after_refresh(runner.submit, jobs.undo(runner), self)

    def on_undo_done(self, message: UndoDone) -> None:
        self.show(message.snapshot)
        card = self.query_one(ProspectCard)
        card.follow(card.row, refetch=True)  # an undone note or touch leaves the card
        if message.description is None:
            self.notify("Nothing to undo.")
        else:
            self.notify(f"Undone: {message.description}", markup=False)

    # ------------------------------------------------------------------ the card's keys

    def action_open_prospect(self) -> None:
        """`enter`: the whole prospect, every touch and note, `e` to edit."""
        row = self.selected_row()
        if row is None or row.prospect_id is None or row.name is None:
            self.notify("A new-lead line has nobody yet: log the lead you reach (c, m, s, x).")
            return
        from tui.screens.prospect import ProspectModal

        def closed(edited: bool | None) -> None:
            if edited:
                self.reload()
                card = self.query_one(ProspectCard)
                card.follow(card.row, refetch=True)

        self.app.push_screen(ProspectModal(row.prospect_id, row.name), closed)

    def _note_target(self) -> tuple[int, str] | None:
        """Whose last touch `a` notes: the selected prospect once logged today; on a line
        not yet worked, the one just logged (the cursor moved on after the log)."""
        row = self.selected_row()
        if row is None or row.prospect_id is None or row.name is None:
            return self._last_logged
        if row.outcome is not None or self._last_logged is None:
            return row.prospect_id, row.name
        return self._last_logged

    def action_add_note(self) -> None:
        target = self._note_target()
        if target is None:
            self.notify("Nothing to note yet: log a call first.")
            return
        pid, name = target
        runner = self.planner.runner

        def noted(text: str) -> None:
            if text:
                runner.submit(jobs.add_note(runner, pid, text), self)

        question = Content.assemble("A note on ", plain(name, "bold"), "'s last touch:")
        box = self._ask_note("Add a note", question, noted)
        if box is not None:
            self.app.push_screen(box)

    def on_note_added(self, message: NoteAdded) -> None:
        card = self.query_one(ProspectCard)
        if card.row is not None and card.row.prospect_id == message.prospect_id:
            card.follow(card.row, refetch=True)
        self.notify("Note added to the last touch · u to undo", timeout=4)

    def action_snooze(self) -> None:
        row = self.selected_row()
        if row is None or row.prospect_id is None:
            self.notify("Select a prospect to snooze (a new-lead line has nobody yet).")
            return
        if row.done:
            self.notify(f"{row.name} is done for today already.", markup=False)
            return
        table = self.query_one(QueueTable)
        index = next((i for i, r in enumerate(table.rows_shown) if r.key == row.key), 0)
        table.move_cursor(row=next_open_index(table.rows_shown, index), animate=False)
        runner = self.planner.runner
        runner.submit(jobs.snooze(runner, row.key, row.prospect_id), self, row_key=row.key)

    def on_snoozed(self, message: Snoozed) -> None:
        if self.snapshot is None:
            return
        row = self.snapshot.row(message.row_key)
        if row is not None:
            self.show(with_row(self.snapshot, _replace_row(row, snoozed_until=message.until)))
        name = row.name if row and row.name else f"#{message.prospect_id}"
        self.notify(f"Snoozed {name} until {message.until:%a %d %b} · u to undo", markup=False)

    def on_service_failed(self, message: ServiceFailed) -> None:
        message.stop()
        self.notify(message.error, severity="error", markup=False, timeout=8)
        if message.row_key is not None:
            self._pending_logs = max(0, self._pending_logs - 1)
            self.reload()  # drop the optimistic guess: show what is really stored

    def action_load_demo(self) -> None:
        from tui.screens.confirm import ConfirmModal

        runner = self.planner.runner

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.notify("Loading demo data…", timeout=3)
                runner.submit(jobs.load_demo(runner, force=True), self)

        self.app.push_screen(
            ConfirmModal(
                "Load demo data? It replaces everything in this data dir; "
                "a backup is taken first (planner restore brings it back)."
            ),
            confirmed,
        )


def _show(widget: Widget, shown: bool) -> None:
    if widget.display != shown:
        widget.display = shown


def _replace(snapshot: TodaySnapshot, **changes: Any) -> TodaySnapshot:
    import dataclasses

    return dataclasses.replace(snapshot, **changes)


def _replace_row(row: QueueRow, **changes: Any) -> QueueRow:
    import dataclasses

    return dataclasses.replace(row, **changes)
