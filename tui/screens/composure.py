"""The morning question: a 1-5 rating and one line of intent, or escape to skip."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static

from planner.composure import MAX_INTENT_CHARS, RATING_LABELS
from tui.safe import plain
from tui.widgets.field import Field

if TYPE_CHECKING:
    from planner.composure import Prompt


@dataclass(frozen=True, slots=True)
class ComposureAnswer:
    rating: int
    intent: str


class RatingBar(Widget, can_focus=True):
    """`1 scattered  2 distracted  …` with the chosen rating highlighted."""

    DEFAULT_CSS = """
    RatingBar { height: 1; width: auto; }
    """

    rating: reactive[int | None] = reactive(None)
    """The chosen rating, None until the seller presses 1-5."""

    def render(self) -> Content:
        parts: list[str | tuple[str, str]] = []
        for value, label in RATING_LABELS.items():
            style = "bold reverse $accent" if value == self.rating else ""
            parts.append((f" {value} {label} ", style or "$text"))
            parts.append(" ")
        return Content.assemble(*parts)


class ComposureModal(ModalScreen[ComposureAnswer | None]):
    """Shown on the first open of each day; dismisses with the answer, or None to skip."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(str(n), f"rate({n})", f"rate {n}", show=False, id=f"composure.rate_{n}")
            for n in RATING_LABELS
        ),
        Binding("escape", "skip", "skip", id="composure.skip"),
        Binding("enter", "save", "save", id="composure.save"),
    ]

    def __init__(self, prompt: Prompt, today: date) -> None:
        super().__init__()
        self.prompt = prompt
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="composure-dialog", classes="dialog") as dialog:
            dialog.border_title = Content(f"Good morning · {self.today:%a %d %b %Y}")
            yield Static(plain(self.prompt.question, "bold"), id="composure-question")
            yield Static(plain(self.prompt.if_then, "italic"), id="composure-if-then")
            yield Static("How settled do you feel? Press 1-5:", classes="label")
            yield RatingBar(id="composure-rating")
            yield Field(
                placeholder="one line of intent for today (optional)",
                max_length=MAX_INTENT_CHARS,
                id="composure-intent",
            )
            yield Static("", id="composure-error", classes="error")
            yield Static(
                Content.from_markup("[b]enter[/b] save · [b]escape[/b] skip for today"),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one(RatingBar).focus()

    def action_rate(self, value: int) -> None:
        self.query_one(RatingBar).rating = value
        self.query_one("#composure-error", Static).update("")
        self.query_one("#composure-intent", Field).focus()

    def action_skip(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#composure-intent")
    def action_save(self) -> None:
        rating = self.query_one(RatingBar).rating
        if rating is None:
            self.query_one("#composure-error", Static).update(
                "Press 1-5 to rate first (escape skips today's question)."
            )
            self.query_one(RatingBar).focus()
            return
        intent = self.query_one("#composure-intent", Field).value
        self.dismiss(ComposureAnswer(rating, intent))
