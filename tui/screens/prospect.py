"""The whole prospect from the today screen (`enter`): the card, every touch with its note,
and `e` to edit, with the prospects screen's own card, history and edit dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.messages import HistoryLoaded, ServiceFailed
from tui.screens.prospects import card_text, history_text, save_edit

if TYPE_CHECKING:
    from planner.models import Prospect
    from planner.service import PlannerService
    from tui.app import PlannerApp
    from tui.screens.edit_prospect import ProspectEdit


def _read(service: PlannerService, prospect_id: int) -> HistoryLoaded | ServiceFailed:
    prospect = service.prospect(prospect_id)
    if prospect is None:
        return ServiceFailed(f"prospect #{prospect_id} no longer exists")
    return HistoryLoaded(prospect, service.history(prospect_id))


class ProspectModal(ModalScreen[bool]):
    """Dismisses with True when the prospect was edited (the today screen then reloads)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "edit", id="prospect.edit"),
        Binding("escape", "close", "close", id="prospect.close"),
    ]

    def __init__(self, prospect_id: int, name: str) -> None:
        super().__init__()
        self.prospect_id = prospect_id
        self.name_shown = name
        self.prospect: Prospect | None = None
        self.edited = False

    @property
    def planner(self) -> PlannerApp:
        return cast("PlannerApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="prospect-dialog", classes="dialog") as dialog:
            dialog.border_title = Content(f"Prospect #{self.prospect_id}")
            # On the frame, so that a long history never pushes the keys off the screen.
            dialog.border_subtitle = Content("e edit · ↑↓ scroll · esc back")
            with VerticalScroll(id="prospect-scroll"):
                yield Static(Content("Loading…"), id="prospect-full")

    def on_mount(self) -> None:
        self.query_one("#prospect-scroll").focus()
        self._load()

    def _load(self) -> None:
        pid = self.prospect_id
        self.planner.runner.submit(lambda service: _read(service, pid), self)

    def on_history_loaded(self, message: HistoryLoaded) -> None:
        self.prospect = message.prospect
        self.query_one("#prospect-full", Static).update(
            Content("\n").join(
                [card_text(message.prospect), history_text(message.touches, shown=None)]
            )
        )

    def on_service_failed(self, message: ServiceFailed) -> None:
        message.stop()
        self.notify(message.error, severity="error", markup=False, timeout=8)

    def action_edit(self) -> None:
        from tui.screens.edit_prospect import EditProspectModal

        prospect = self.prospect
        if prospect is None:
            return

        def edited(edit: ProspectEdit | None) -> None:
            if edit is None:
                return
            self.edited = True
            pid = prospect.id

            def job(service: PlannerService) -> HistoryLoaded | ServiceFailed:
                self.planner.runner.write(service, lambda: save_edit(service, pid, edit))
                return _read(service, pid)

            self.planner.runner.submit(job, self)

        self.app.push_screen(EditProspectModal(prospect), edited)

    def action_close(self) -> None:
        self.dismiss(self.edited)
