"""The pace gauge: a bar of actual against target with a marker where the seller should be."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from planner.formatting import amount_compact, figure_compact, ratio
from tui.format import STATUS_STYLES, STATUS_WORDS

if TYPE_CHECKING:
    from planner.service import StatusReport

FILLED, TRACK, MARKER = "█", "░", "│"


class PaceGauge(Widget):
    """Renders a StatusReport; None shows what to do instead of an empty box."""

    DEFAULT_CSS = """
    PaceGauge { height: auto; }
    """

    report: reactive[StatusReport | None] = reactive(None)
    """The pace to show; set from the worker's snapshot or an optimistic edit."""
    loading_text: reactive[str] = reactive("reading your data…", layout=True)
    """Shown before the first report arrives, or when there is no target."""
    compact: reactive[bool] = reactive(False, layout=True)
    """A small terminal: no diagnosis line, short labels, so the queue keeps its rows."""

    def show(self, report: StatusReport | None) -> None:
        """Redraw for ``report``; a layout only when the height may change (the diagnosis
        line wraps by its length), so a logged key repaints just this box."""
        old = self.report
        same_height = (
            old is not None
            and report is not None
            and len(old.detail.summary()) == len(report.detail.summary())
        )
        if report is None:
            self.loading_text = "No target for today: press ctrl+p and choose 'Set target'."
        self.report = report
        if not same_height:
            self.refresh(layout=True)

    def render(self) -> Content:
        report = self.report
        if report is None:
            return Content.styled(self.loading_text, "$text-muted")
        width = max(20, self.content_size.width or self.size.width or 60)
        if report.pace.final:
            return Content("\n").join([bar(report, width), *final_lines(report)])
        if self.compact:
            return Content("\n").join(
                [bar(report, width), figures(report, short=True), forecast(report, short=True)]
            )
        return Content("\n").join(
            [
                bar(report, width),
                figures(report),
                forecast(report),
                Content.styled(report.detail.summary(), "italic"),
            ]
        )


def bar(report: StatusReport, width: int) -> Content:
    """`█████░░│░░░  244 / 301`: fill for actual, │ at expected-to-date."""
    pace = report.pace
    metric = report.target.metric
    target = float(report.target.amount)
    actual = amount_compact(pace.actual, metric)
    label = f"  {actual} / {amount_compact(report.target.amount, metric)}"
    cells = max(10, width - len(label))
    share = min(1.0, float(pace.actual) / target) if target > 0 else 1.0
    filled = round(share * cells)
    marker = min(cells - 1, round(min(1.0, pace.expected / target) * cells)) if target else -1
    style = STATUS_STYLES[pace.status]
    # One span a run of cells, not a span a cell: a hundred styled spans cost the frame
    # that shows a logged sale milliseconds.
    parts: list[tuple[str, str]] = []
    for index in range(cells):
        if index == marker:
            cell = (MARKER, "bold $foreground" if index >= filled else "bold reverse")
        elif index < filled:
            cell = (FILLED, style)
        else:
            cell = (TRACK, "$text-muted")
        if parts and parts[-1][1] == cell[1] and index - 1 != marker:
            parts[-1] = (parts[-1][0] + cell[0], cell[1])
        else:
            parts.append(cell)
    return Content.assemble(*parts, (label, "bold"))


def figures(report: StatusReport, *, short: bool = False) -> Content:
    pace = report.pace
    metric = report.target.metric
    status = pace.status
    badge = (f" {STATUS_WORDS[status]} ", f"bold reverse {STATUS_STYLES[status]}")
    if short:  # the bar already shows actual of target
        return Content.assemble(
            ("expected ", "$text-muted"),
            figure_compact(pace.expected, metric),
            "  ",
            (behind_text(report), "bold"),
            ("  pace ", "$text-muted"),
            ratio(pace.pace),
            " ",
            badge,
        )
    return Content.assemble(
        ("actual ", "$text-muted"),
        amount_compact(pace.actual, metric),
        ("  expected ", "$text-muted"),
        figure_compact(pace.expected, metric),
        "  ",
        (behind_text(report), "bold"),
        ("  pace ", "$text-muted"),
        ratio(pace.pace),
        "  ",
        badge,
    )


def behind_text(report: StatusReport) -> str:
    """behind_by in a few characters: "28.2 behind", "2.1 ahead", "on the line"."""
    behind = report.pace.behind_by
    if abs(behind) < 0.05:
        return "on the line"
    size = figure_compact(abs(behind), report.target.metric)
    return f"{size} {'behind' if behind > 0 else 'ahead'}"


def final_lines(report: StatusReport) -> list[Content]:
    """A closed period: its final result and a nudge to set the next target."""
    pace = report.pace
    metric = report.target.metric
    reached = pace.actual >= report.target.amount
    return [
        Content.assemble(
            (f"{report.target.period.label} is over: ", "bold"),
            f"final {amount_compact(pace.actual, metric)} of "
            f"{amount_compact(report.target.amount, metric)} {metric}  ",
            ("target reached" if reached else "target not reached", "bold"),
        ),
        Content.styled("Set the next target: press ctrl+p and choose 'Set target'.", "$text-muted"),
    ]


def forecast(report: StatusReport, *, short: bool = False) -> Content:
    pace = report.pace
    metric = report.target.metric
    if pace.required_per_day is None:
        need = "no working day left"
    else:
        need = f"{figure_compact(pace.required_per_day, metric, digits=2)}/day"
    # A small terminal keeps every figure and drops words: "(80%: " and "chance to".
    return Content.assemble(
        ("need ", "$text-muted"),
        need,
        ("  projected ", "$text-muted"),
        figure_compact(pace.projected, metric),
        (" (" if short else " (80%: ", "$text-muted"),
        figure_compact(pace.projected_low, metric, digits=0),
        ("–", "$text-muted"),
        figure_compact(pace.projected_high, metric, digits=0),
        (")", "$text-muted"),
        ("  hit " if short else "  chance to hit ", "$text-muted"),
        (f"{pace.p_hit:.0%}", "bold"),
    )
