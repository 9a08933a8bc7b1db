"""Edit every field of a prospect (DESIGN section 4's `prospect edit`), in one dialog."""

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

from planner.formatting import money_data
from planner.models import LOST_REASONS, PROSPECT_STATUSES, LostReason, Prospect, ProspectStatus
from tui.safe import plain
from tui.widgets.field import Field

# The text fields: (id, label, placeholder).
TEXT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("name", "Name", ""),
    ("company", "Company", ""),
    ("email", "Email", ""),
    ("phone", "Phone", ""),
    ("value", "Value", "what a sale is worth"),
    ("follow_up", "Follow-up", "YYYY-MM-DD, tomorrow, fri, +3d, +2w"),
)


@dataclass(frozen=True, slots=True)
class ProspectEdit:
    """What the dialog saves. The text fields are as typed (None: not shown or unchanged);
    the service checks them (a value, a follow-up date read against today)."""

    status: ProspectStatus
    lost_reason: LostReason | None
    do_not_contact: bool
    name: str | None = None
    company: str | None = None
    email: str | None = None
    phone: str | None = None
    value: str | None = None
    follow_up: str | None = None

    def changes(self) -> dict[str, object]:
        """The text fields that were given, by field name."""
        texts = {
            "name": self.name,
            "company": self.company,
            "email": self.email,
            "phone": self.phone,
            "value": self.value,
            "follow_up": self.follow_up,
        }
        return {key: value for key, value in texts.items() if value is not None}


def checked_edit(
    status: str, reason: str | None, do_not_contact: bool, **texts: str | None
) -> ProspectEdit | str:
    """The edit, or a one-line reason it is refused."""
    if status not in PROSPECT_STATUSES:
        return f"unknown status {status!r}"
    if reason is not None and reason not in LOST_REASONS:
        return f"unknown lost reason {reason!r}"
    if status != "lost":
        reason = None  # a reason left selected belongs to the old status
    if texts.get("name") is not None and not str(texts["name"]).strip():
        return "a prospect needs a name"
    return ProspectEdit(status, reason, do_not_contact, **texts)


def initial_texts(prospect: Prospect) -> dict[str, str]:
    """What the text fields start with."""
    return {
        "name": prospect.name,
        "company": prospect.company,
        "email": prospect.email,
        "phone": prospect.phone,
        "value": money_data(prospect.value) if prospect.value is not None else "",
        "follow_up": prospect.follow_up.isoformat() if prospect.follow_up else "",
    }


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
        start = initial_texts(p)
        with Vertical(id="edit-dialog", classes="dialog") as dialog:
            dialog.border_title = Content(f"Edit prospect #{p.id}")
            for key, label, hint in TEXT_FIELDS:
                with Horizontal(classes="setup-row edit-row"):
                    yield Label(label, classes="setup-label")
                    yield Field(start[key], placeholder=hint, id=f"edit-{key}", compact=True)
            with Horizontal(classes="setup-row edit-row"):
                yield Label("Status", classes="setup-label")
                yield Select(
                    [(s, s) for s in PROSPECT_STATUSES],
                    value=p.status,
                    allow_blank=False,
                    compact=True,
                    id="edit-status",
                )
            with Horizontal(classes="setup-row edit-row"):
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
        start = initial_texts(self.prospect)
        texts: dict[str, str | None] = {}
        for key, _, _ in TEXT_FIELDS:
            typed = self.query_one(f"#edit-{key}", Field).value.strip()
            if typed != start[key]:
                texts[key] = typed if typed or key not in ("value", "follow_up") else "none"
        result = checked_edit(
            str(status), None if reason is Select.NULL else str(reason), bool(dnc), **texts
        )
        if isinstance(result, str):
            self.query_one("#edit-error", Static).update(plain(result))
            return
        self.dismiss(result)

    @on(Button.Pressed, "#edit-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
