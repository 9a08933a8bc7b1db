"""Edit a prospect's status, lost reason and do-not-contact flag."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, Select, Static

from planner.models import LOST_REASONS, PROSPECT_STATUSES, LostReason, Prospect, ProspectStatus
from tui.safe import plain


@dataclass(frozen=True, slots=True)
class ProspectEdit:
    status: ProspectStatus
    lost_reason: LostReason | None
    do_not_contact: bool


def checked_edit(status: str, reason: str | None, do_not_contact: bool) -> ProspectEdit | str:
    """The edit, or a one-line reason it is refused."""
    if status not in PROSPECT_STATUSES:
        return f"unknown status {status!r}"
    if reason is not None and reason not in LOST_REASONS:
        return f"unknown lost reason {reason!r}"
    if status != "lost":
        reason = None  # a reason left selected belongs to the old status
    return ProspectEdit(status, reason, do_not_contact)


class EditProspectModal(ModalScreen[ProspectEdit | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel", id="edit.cancel"),
        Binding("ctrl+s", "save", "save", id="edit.save"),
    ]

    def __init__(self, prospect: Prospect) -> None:
        super().__init__()
        self.prospect = prospect

    def compose(self) -> ComposeResult:
        p = self.prospect
        with Vertical(id="edit-dialog", classes="dialog") as dialog:
            dialog.border_title = Content("Edit prospect")
            yield Static(plain(p.name, "bold"))
            with Horizontal(classes="setup-row"):
                yield Label("Status", classes="setup-label")
                yield Select(
                    [(s, s) for s in PROSPECT_STATUSES],
                    value=p.status,
                    allow_blank=False,
                    compact=True,
                    id="edit-status",
                )
            with Horizontal(classes="setup-row"):
                yield Label("Lost reason", classes="setup-label")
                yield Select(
                    [(r, r) for r in LOST_REASONS],
                    value=p.lost_reason if p.lost_reason else Select.NULL,
                    prompt="(none)",
                    compact=True,
                    id="edit-reason",
                )
            yield Checkbox("do not contact", p.do_not_contact, id="edit-dnc", compact=True)
            yield Static("", id="edit-error", classes="error")
            with Horizontal(id="edit-buttons"):
                yield Button("Save", variant="primary", id="edit-save", compact=True)
                yield Button("Cancel", id="edit-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#edit-status", Select).focus()

    @on(Button.Pressed, "#edit-save")
    def action_save(self) -> None:
        status = self.query_one("#edit-status", Select).value
        reason = self.query_one("#edit-reason", Select).value
        dnc = self.query_one("#edit-dnc", Checkbox).value
        result = checked_edit(
            str(status), None if reason is Select.NULL else str(reason), bool(dnc)
        )
        if isinstance(result, str):
            self.query_one("#edit-error", Static).update(plain(result))
            return
        self.dismiss(result)

    @on(Button.Pressed, "#edit-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
