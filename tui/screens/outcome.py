"""After the search box: which outcome to log, one key each."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from planner.models import OUTCOMES, Outcome
from tui.format import OUTCOME_WORDS
from tui.safe import plain

OUTCOME_KEYS: dict[Outcome, str] = {
    "no-answer": "n",
    "conversation": "c",
    "meeting": "m",
    "not-interested": "x",
    "sale": "s",
}


class OutcomeModal(ModalScreen[Outcome | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                key,
                f"choose('{outcome}')",
                OUTCOME_WORDS[outcome],
                show=False,
                id=f"outcome.{outcome.replace('-', '_')}",
            )
            for outcome, key in OUTCOME_KEYS.items()
        ),
        Binding("escape", "cancel", "cancel", id="outcome.cancel"),
    ]

    def __init__(self, who: str) -> None:
        super().__init__()
        self.who = who

    def compose(self) -> ComposeResult:
        with Vertical(id="outcome-dialog", classes="dialog") as dialog:
            dialog.border_title = Content("Log a touch")
            yield Static(Content.assemble("What happened with ", plain(self.who, "bold"), "?"))
            yield OptionList(
                *(
                    Option(
                        Content.assemble((OUTCOME_KEYS[o], "bold $accent"), " ", OUTCOME_WORDS[o]),
                        id=o,
                    )
                    for o in OUTCOMES
                ),
                id="outcome-list",
            )

    def action_choose(self, outcome: Outcome) -> None:
        self.dismiss(outcome)

    @on(OptionList.OptionSelected, "#outcome-list")
    def selected(self, event: OptionList.OptionSelected) -> None:
        chosen = event.option.id
        if chosen in OUTCOME_KEYS:
            self.dismiss(chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)
