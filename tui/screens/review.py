"""The week in review: burn-up of the period, this week by source, composure of recent weeks."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, cast

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static
from textual_plotext import PlotextPlot

from planner.composure import RATING_LABELS
from planner.formatting import amount_compact
from tui.keys import bindings
from tui.messages import ReviewLoaded, ServiceFailed
from tui.review_model import (
    Burnup,
    ComposureWeek,
    ReviewData,
    SourceWeek,
    load_review,
    monday_of,
)
from tui.widgets.footer import FittingFooter
from tui.widgets.funnel import funnel_text

if TYPE_CHECKING:
    from tui.app import PlannerApp


class ReviewScreen(Screen[None]):
    BINDINGS = bindings("review")

    def __init__(self) -> None:
        super().__init__(id="review")
        self.data: ReviewData | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="review-body"):
            plot = PlotextPlot(id="burnup")
            plot.border_title = Content("Burn-up")
            plot.border_subtitle = LEGEND
            yield plot
            with Vertical(id="review-side"):
                week = Static("reading…", id="review-week")
                week.border_title = Content("This week by source")
                week.border_subtitle = Content("")
                yield week
                mood = Static("", id="review-composure")
                mood.border_title = Content("Composure")
                yield mood
                funnel = Static("", id="review-funnel")
                funnel.border_title = Content("Sales per touch")
                yield funnel
        yield FittingFooter()

    def on_mount(self) -> None:
        self.reload()

    def on_resize(self, event: events.Resize) -> None:
        # Under 80 columns the chart takes the full width, the week's table above it.
        self.set_class(event.size.width < 80, "-narrow")

    def on_screen_resume(self) -> None:
        if self.data is not None:
            self.reload()  # touches logged on the today screen since the last visit

    def reload(self) -> None:
        runner = cast("PlannerApp", self.app).runner
        runner.submit(lambda service: ReviewLoaded(load_review(service)), self)

    def on_review_loaded(self, message: ReviewLoaded) -> None:
        self.data = message.data
        week = self.query_one("#review-week", Static)
        week.update(week_text(message.data.week))
        week.border_subtitle = Content(f"from {monday_of(message.data.today):%a %d %b}")
        self.query_one("#review-composure", Static).update(composure_text(message.data.composure))
        self.query_one("#review-funnel", Static).update(funnel_text(message.data.funnel))
        draw_burnup(self.query_one(PlotextPlot), message.data.burnup)

    def on_service_failed(self, message: ServiceFailed) -> None:
        message.stop()
        self.notify(message.error, severity="error", markup=False)


LEGEND = Content.assemble(
    ("━", "bold gray"), " target ", ("━", "bold blue"), " expected ", ("━", "bold green"), " actual"
)


def draw_burnup(plot: PlotextPlot, burnup: Burnup | None) -> None:
    # With the terminal's own colours the generated theme would paint black on black.
    plot.theme = "clear" if plot.app.current_theme.ansi else "auto"
    plt = plot.plt
    plt.clear_data()
    plt.clear_figure()
    if burnup is None:
        plt.title("No target for today")
        plot.refresh()
        return
    x = list(range(1, len(burnup.days) + 1))
    metric = burnup.target.metric
    # No plotext legend: drawn inside the plot it covers the target line. The key to the
    # colours sits in the box's border instead (LEGEND).
    plt.plot(x, [burnup.target_line] * len(x), color="gray", marker="braille")
    plt.plot(x, burnup.expected, color="blue", marker="braille")
    if burnup.actual:
        plt.plot(x[: len(burnup.actual)], burnup.actual, color="green+", marker="braille")
    ticks = [i + 1 for i, d in enumerate(burnup.days) if d.day == 1]
    labels = [f"{burnup.days[i - 1]:%b}" for i in ticks]
    if len(ticks) > 8:
        ticks, labels = ticks[::3], labels[::3]
    plt.xticks([float(t) for t in ticks or [1]], labels or [f"{burnup.days[0]:%d %b}"])
    top = max(burnup.target_line, *(burnup.actual or [0.0])) * 1.05 or 1.0
    plt.ylim(0, top)
    step = _nice_step(top / 4)
    values = [step * i for i in range(int(top // step) + 1)]
    plt.yticks(values, [amount_compact(v, metric) for v in values])
    actual = amount_compact(burnup.actual[-1] if burnup.actual else 0, metric)
    goal = amount_compact(burnup.target_line, metric)
    plt.title(f"{burnup.target.period.label}: {actual} of {goal} {metric}")
    plot.refresh()


def week_text(weeks: list[SourceWeek]) -> Content:
    """Per source: this week's count, then (the average week of the four before)."""
    rows: list[Content] = [
        Content.styled(f"{'':4}{'touches':>10} {'talks':>10} {'sales':>9}", "$text-muted"),
    ]
    for week in weeks:
        parts: list[str | tuple[str, str]] = [(f"{week.source:4}", "bold")]
        for count, average, width in (
            (week.touches, week.avg_touches, 4),
            (week.conversations, week.avg_conversations, 4),
            (week.sales, week.avg_sales, 3),
        ):
            parts.append(f" {count:>{width}}")
            parts.append((f" ({average:>3.0f})", "$text-muted"))
        rows.append(Content.assemble(*parts))
    rows.append(Content.styled("(…) average of the 4 weeks before", "$text-muted italic"))
    return Content("\n").join(rows)


def composure_text(weeks: list[ComposureWeek]) -> Content:
    rows: list[Content] = []
    for week in weeks:
        if week.average is None:
            mood: Content = Content.styled("no answers", "$text-muted")
        else:
            # The word is left out beside a skip count, so a line fits the narrow column.
            word = "" if week.skipped else RATING_LABELS.get(round(week.average), "")
            mood = Content.assemble(
                ("●" * round(week.average), "$accent"),
                ("○" * (5 - round(week.average)), "$text-muted"),
                f" {week.average:.1f} {word}",
            )
        skipped = f"· {week.skipped} skipped" if week.skipped else ""
        rows.append(
            Content.assemble((f"{week.monday:%d %b} ", "bold"), mood, (skipped, "$text-muted"))
        )
    return Content("\n").join(rows)


def _nice_step(raw: float) -> float:
    """1, 2 or 5 times a power of ten, at least ``raw``: ticks a person reads at a glance."""
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return float(factor * power)
    return float(10 * power)
