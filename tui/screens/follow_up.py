"""Asks a follow-up date: the day of a booked meeting (`m`), or when to call back (`b`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from planner.validation import FOLLOW_UP_HELP, ValidationError, parse_follow_up
from tui.safe import plain
from tui.widgets.field import Field


@dataclass(frozen=True, slots=True)
class FollowUpChoice:
    """The date given; None when the box was left empty (no date, or clear it)."""

    day: date | None


class FollowUpModal(ModalScreen[FollowUpChoice | None]):
    """Enter takes the date (empty: none); escape cancels (the caller then does nothing)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel", id="follow_up.cancel")
    ]

    def __init__(self, title: str, question: Content, today: date, start: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.today = today
        self.start = start

    def compose(self) -> ComposeResult:
        with Vertical(id="follow-up-dialog", classes="dialog") as dialog:
            dialog.border_title = Content(self.title_text)
            yield Static(self.question)
            yield Field(self.start, placeholder=FOLLOW_UP_HELP, id="follow-up-input")
            yield Static("", id="follow-up-error", classes="error")
            yield Static(
                Content.from_markup("[b]enter[/b] save (empty: no date) · [b]escape[/b] cancel"),
                classes="hint",
            )

    @on(Input.Submitted, "#follow-up-input")
    def submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        try:
            day = parse_follow_up(text, today=self.today) if text else None
        except ValidationError as error:
            self.query_one("#follow-up-error", Static).update(plain(str(error)))
            return
        self.dismiss(FollowUpChoice(day))

    @on(Input.Changed, "#follow-up-input")
    def clear_error(self) -> None:
        self.query_one("#follow-up-error", Static).update("")

    def action_cancel(self) -> None:
        self.dismiss(None)
