"""The what-if panel (`w`): touches a day and rates changed with the arrows or typed, the
projection and chance redrawn at once, and the touches a day adoptable as the capacity.

The store is read once (a job); every change after that is the pure forecast of
``planner.whatif`` on those inputs, a few milliseconds, so it runs on the key press.
The panel dismisses with the capacity to adopt, or None.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from planner.formatting import figure, money
from tui import jobs
from tui.messages import ServiceFailed, WhatIfLoaded

if TYPE_CHECKING:
    from planner.pacing import PaceReport
    from planner.whatif import Assumptions, WhatIf
    from tui.app import PlannerApp

TYPED = frozenset("0123456789.%")
LABEL_WIDTH = 20
COLUMN_WIDTH = 18


@dataclass(frozen=True, slots=True)
class Knob:
    """One adjustable assumption: its field in ``Assumptions``, its label and its step."""

    name: str
    label: str
    step: float


KNOBS: tuple[Knob, ...] = (
    Knob("touches_per_day", "touches a day", 1.0),
    Knob("connect_rate", "connect rate", 0.01),  # conversations per touch, 1 point a step
    Knob("close_rate", "close rate", 0.005),  # sales per conversation, half a point a step
    Knob("old_share", "old share", 0.05),
    Knob("deal_value", "deal value", 0.0),  # revenue only; the step is 5% of today's value
)


def shown(knob: Knob, value: float | Decimal | None) -> str:
    if value is None:
        return "-"
    if knob.name == "touches_per_day":
        number = float(value)
        return f"{number:.0f}" if number == round(number) else f"{number:.1f}"
    if knob.name == "deal_value":
        return money(Decimal(value))
    if knob.name == "old_share":
        return f"{float(value):.0%}"
    return f"{float(value):.1%}"


def stepped(
    knob: Knob, value: float | Decimal | None, direction: int, base: Decimal | None
) -> object:
    """``value`` one step up (1) or down (-1), kept in range; whole touches."""
    if knob.name == "deal_value":
        current = Decimal(value if value is not None else 1)
        step = max(Decimal("0.01"), ((base or current) / 20).quantize(Decimal("0.01")))
        return max(Decimal("0.01"), current + direction * step)
    number = float(value or 0.0)
    if knob.name == "touches_per_day":
        if abs(number - round(number)) < 0.05:  # 11.98 a day reads as 12: step from 12
            whole = round(number) + direction
        else:  # from 12.4 a day, the next whole number either way
            whole = math.ceil(number) if direction > 0 else math.floor(number)
        return float(min(10_000, max(0, whole)))
    return round(min(1.0, max(0.0, number + direction * knob.step)), 6)


def parsed(knob: Knob, text: str) -> object:
    """A typed value: touches whole, rates and shares in percent ("8" or "8%" is 0.08), a
    deal value in money. ValueError with one line when it is not one."""
    raw = text.strip().rstrip("%")
    if knob.name == "deal_value":
        try:
            amount = Decimal(raw)
        except InvalidOperation as error:
            raise ValueError("a deal value is a plain amount, e.g. 1500") from error
        if not amount.is_finite() or amount <= 0:
            raise ValueError("a deal value must be greater than 0")
        return amount.quantize(Decimal("0.01"))
    try:
        number = float(raw)
    except ValueError as error:
        raise ValueError(f"{text!r} is not a number") from error
    if knob.name == "touches_per_day":
        if not (0 <= number <= 10_000) or number != int(number):
            raise ValueError("touches a day: a whole number from 0 to 10000")
        return number
    if not 0 <= number <= 100:
        raise ValueError(f"the {knob.label} is a percent from 0 to 100")
    return number / 100


class WhatIfModal(ModalScreen[int | None]):
    """Dismissed with the touches a day to adopt as the capacity, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "close", id="whatif.close"),
        Binding("up", "pick(-1)", "previous field", id="whatif.up"),
        Binding("down", "pick(1)", "next field", id="whatif.down"),
        Binding("left", "change(-1)", "less", id="whatif.less"),
        Binding("right", "change(1)", "more", id="whatif.more"),
        Binding("enter", "apply", "apply typed value", id="whatif.apply"),
        Binding("backspace", "erase", "erase typed", id="whatif.erase"),
        Binding("a", "adopt", "adopt as capacity", id="whatif.adopt"),
        Binding("r", "reset", "back to your own figures", id="whatif.reset"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.result: WhatIf | None = None
        self.selected = 0
        self.typed = ""

    @property
    def planner(self) -> PlannerApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(id="whatif-dialog", classes="dialog") as dialog:
            dialog.border_title = Content("What if")
            dialog.border_subtitle = Content("escape closes")
            yield Static("Working out your numbers…", id="whatif-table")
            yield Static("", id="whatif-take")
            yield Static("", id="whatif-best")
            error = Static("", id="whatif-error", classes="error")
            error.display = False
            yield error
            yield Static(
                Content.from_markup(
                    "[b]↑↓[/b] field · [b]←→[/b] change · type a number [b]enter[/b] "
                    "(rates in %) · [b]a[/b] adopt touches as capacity · [b]r[/b] reset"
                ),
                id="whatif-hint",
                classes="hint",
            )

    def on_mount(self) -> None:
        runner = self.planner.runner
        runner.submit(jobs.load_whatif(), self)

    def on_what_if_loaded(self, message: WhatIfLoaded) -> None:
        self.result = message.result
        if message.result is None:
            self.query_one("#whatif-table", Static).update(
                "No target covers today: set one first (ctrl+p, Set target)."
            )
            return
        self.redraw()

    def on_service_failed(self, message: ServiceFailed) -> None:
        message.stop()
        self._error(message.error)

    # ------------------------------------------------------------------ the knobs

    @property
    def knobs(self) -> tuple[Knob, ...]:
        revenue = self.result is not None and self.result.baseline.revenue
        return KNOBS if revenue else KNOBS[:-1]

    def action_pick(self, direction: int) -> None:
        self.typed = ""
        self.selected = (self.selected + direction) % len(self.knobs)
        self.redraw()

    def action_change(self, direction: int) -> None:
        if self.result is None:
            return
        self.typed = ""
        knob = self.knobs[self.selected]
        current = getattr(self.result.assumptions, knob.name)
        base = self.result.baseline.assumptions.deal_value
        self.assume(knob, stepped(knob, current, direction, base))

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character in TYPED and self.result is not None:
            event.stop()
            event.prevent_default()
            self.typed += event.character
            self.redraw()

    def action_erase(self) -> None:
        self.typed = self.typed[:-1]
        self.redraw()

    def action_apply(self) -> None:
        if not self.typed or self.result is None:
            return
        knob = self.knobs[self.selected]
        try:
            value = parsed(knob, self.typed)
        except ValueError as error:
            self._error(str(error))
            return
        self.typed = ""
        self.assume(knob, value)

    def action_reset(self) -> None:
        if self.result is not None:
            self.typed = ""
            self.recompute(self.result.baseline.assumptions)

    def assume(self, knob: Knob, value: object) -> None:
        assert self.result is not None
        changed = dataclasses.replace(self.result.assumptions, **{knob.name: value})  # type: ignore[arg-type]
        self.recompute(changed)

    def recompute(self, assumptions: Assumptions) -> None:
        from planner.whatif import what_if

        assert self.result is not None
        self._error("")
        self.result = what_if(self.result.forecast, self.result.baseline, assumptions)
        self.redraw()

    def action_adopt(self) -> None:
        if self.result is None:
            return
        touches = round(self.result.assumptions.touches_per_day)
        if touches < 1:
            self._error("A capacity is at least 1 touch a day.")
            return
        self.dismiss(int(touches))

    def action_close(self) -> None:
        self.dismiss(None)

    def _error(self, text: str) -> None:
        """One line under the figures; no blank line when there is nothing to say."""
        line = self.query_one("#whatif-error", Static)
        line.update(Content(text))
        line.display = bool(text)

    # ------------------------------------------------------------------ drawing

    def redraw(self) -> None:
        result = self.result
        if result is None:
            return
        own, assumed = result.baseline.assumptions, result.assumptions
        lines: list[Content] = [
            Content.styled(f"  {'':<{LABEL_WIDTH}}{'today':<{COLUMN_WIDTH}}what if", "bold")
        ]
        for index, knob in enumerate(self.knobs):
            chosen = index == self.selected
            now = shown(knob, getattr(own, knob.name))
            then = shown(knob, getattr(assumed, knob.name))
            if chosen and self.typed:
                then = f"{self.typed}▏"
            marker = "▸ " if chosen else "  "
            row = f"{marker}{knob.label:<{LABEL_WIDTH}}{now:<{COLUMN_WIDTH}}{then}"
            lines.append(Content.styled(row, "bold reverse") if chosen else Content(row))
        metric = result.today.target.metric
        quota = figure(float(result.today.target.amount), metric, 0)
        lines.append(Content(""))
        lines.append(
            Content(
                f"  {'projected finish':<{LABEL_WIDTH}}{_finish(result.today):<{COLUMN_WIDTH}}"
                f"{_finish(result.scenario)}"
            )
        )
        chance = f"chance to hit {quota}"
        lines.append(
            Content.assemble(
                f"  {chance:<{LABEL_WIDTH}}{result.today.p_hit:<{COLUMN_WIDTH}.0%}",
                (f"{result.scenario.p_hit:.0%}", "bold"),
            )
        )
        self.query_one("#whatif-table", Static).update(Content("\n").join(lines))
        required = result.required_touches_per_day
        if required is None:
            take = (
                f"To hit {quota} (even chance) at these rates: not within your capacity "
                f"of {result.baseline.capacity} touches a day."
            )
        else:
            take = f"To hit {quota} (even chance) at these rates: {required} touches a day."
        self.query_one("#whatif-take", Static).update(Content(take))
        self.query_one("#whatif-best", Static).update(Content(f"Most help: {result.best_change}"))


def _finish(report: PaceReport) -> str:
    metric = report.target.metric
    low = figure(report.projected_low, metric, 0)
    high = figure(report.projected_high, metric, 0)
    return f"{figure(report.projected, metric)} ({low}-{high})"
