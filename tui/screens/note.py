"""After the call: one line of note (enter alone skips it), and why a "no" said no."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from planner.models import LostReason
from planner.validation import MAX_NOTE_LENGTH
from tui.widgets.field import Field

# One key per lost reason (DESIGN section 2's words); the ids let config.toml remap them.
REASON_KEYS: dict[LostReason, str] = {
    "timing": "t",
    "budget": "b",
    "competitor": "c",
    "no-fit": "n",
    "other": "o",
}


def reason_id(reason: LostReason) -> str:
    return f"reason.{reason.replace('-', '_')}"


class NoteModal(ModalScreen[None]):
    """Enter hands the line (maybe empty: no note) to ``then``; escape cancels: ``then`` is
    never called, so a log key pressed by mistake logs nothing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel", id="note.cancel")
    ]

    def __init__(self, title: str, question: Content, then: Callable[[str], None]) -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.then = then

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog", classes="dialog") as dialog:
            dialog.border_title = Content(self.title_text)
            yield Static(self.question)
            yield Field(
                placeholder="what was said (optional)", id="note-input", max_length=MAX_NOTE_LENGTH
            )
            yield Static(
                Content.from_markup("[b]enter[/b] save (empty: no note) · [b]escape[/b] cancel"),
                classes="hint",
            )

    @on(Input.Submitted, "#note-input")
    def submitted(self, event: Input.Submitted) -> None:
        then, note = self.then, event.value.strip()
        self.dismiss(None)
        then(note)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReasonModal(ModalScreen[None]):
    """One key names the reason, enter skips it; either way the note takes over at once: the
    today screen's note bar (opened and focused before this box closes, so no key typed
    meanwhile reaches the queue), or a note box switched in for this one."""

    BINDS_ON_ARRIVAL = True  # tui.typeahead: the choice runs before the next key is routed
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"choose('{reason}')", reason, show=False, id=reason_id(reason))
            for reason, key in REASON_KEYS.items()
        ),
        Binding("enter", "choose('')", "skip", show=False, id="reason.skip"),
        Binding("escape", "cancel", "cancel", id="reason.cancel"),
    ]

    def __init__(
        self, who: Content, then: Callable[[LostReason | None], ModalScreen[None] | None]
    ) -> None:
        super().__init__()
        self.who = who
        self.then = then

    def compose(self) -> ComposeResult:
        with Vertical(id="reason-dialog", classes="dialog") as dialog:
            dialog.border_title = Content("Not interested: why?")
            yield Static(Content.assemble(self.who, " said no. The reason, one key:"))
            keys = [
                Content.assemble((self._key(reason), "bold $accent"), f" {reason}")
                for reason in REASON_KEYS
            ]
            yield Static(Content("  ").join(keys), id="reason-keys")
            yield Static(
                Content.from_markup("[b]enter[/b] skip · [b]escape[/b] cancel"), classes="hint"
            )

    def _key(self, reason: LostReason) -> str:
        keymap: dict[str, str] = getattr(self.app, "keymap", {})
        return keymap.get(reason_id(reason), REASON_KEYS[reason])

    def action_choose(self, reason: str) -> None:
        chosen: LostReason | None = next((r for r in REASON_KEYS if r == reason), None)
        box = self.then(chosen)
        if box is None:
            self.dismiss(None)
        else:
            self.app.switch_screen(box)

    def action_cancel(self) -> None:
        self.dismiss(None)
