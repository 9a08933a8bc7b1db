"""Asks the amount of a sale (revenue targets); refuses what parse_amount refuses, inline."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from planner.validation import ValidationError, parse_amount
from tui.safe import plain
from tui.widgets.field import Field


class AmountModal(ModalScreen[Decimal | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel", id="amount.cancel")
    ]

    def __init__(self, who: str) -> None:
        super().__init__()
        self.who = who

    def compose(self) -> ComposeResult:
        with Vertical(id="amount-dialog", classes="dialog") as dialog:
            dialog.border_title = Content("Sale amount")
            yield Static(Content.assemble("Amount of the sale to ", plain(self.who, "bold")))
            yield Field(placeholder="e.g. 1250 or 1250.50", id="amount-input")
            yield Static("", id="amount-error", classes="error")
            yield Static(
                Content.from_markup("[b]enter[/b] log the sale · [b]escape[/b] cancel"),
                classes="hint",
            )

    @on(Input.Submitted, "#amount-input")
    def submitted(self, event: Input.Submitted) -> None:
        try:
            amount = parse_amount(event.value)
        except ValidationError as error:
            self.query_one("#amount-error", Static).update(plain(str(error)))
            return
        self.dismiss(amount)

    @on(Input.Changed, "#amount-input")
    def clear_error(self) -> None:
        self.query_one("#amount-error", Static).update("")

    def action_cancel(self) -> None:
        self.dismiss(None)
