"""One line of text for the palette's commands: a file to import, where to export."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.safe import plain
from tui.widgets.field import Field


class AskModal(ModalScreen[str | None]):
    """Dismisses with the stripped line (never empty), or None on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel", id="ask.cancel")]

    def __init__(self, title: str, question: str, *, value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="ask-dialog", classes="dialog") as dialog:
            dialog.border_title = Content(self.title_text)
            yield Static(plain(self.question))
            yield Field(value=self.value, id="ask-input")
            yield Static("", id="ask-error", classes="error")
            yield Static(
                Content.from_markup("[b]enter[/b] go · [b]escape[/b] cancel"), classes="hint"
            )

    @on(Input.Submitted, "#ask-input")
    def submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.query_one("#ask-error", Static).update("Type something, or escape to cancel.")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
