"""Text helpers every export format shares: words, days and safe user text (numbers and
amounts read as planner.formatting says)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from planner import sanitize
from planner.models import OUTCOMES, SOURCES, Metric
from planner.words import OUTCOME_WORDS, prior_words, share_words

if TYPE_CHECKING:
    from planner.funnel import FunnelReport
    from planner.review import Activity, PaceSnapshot

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def one_line(text: str) -> str:
    """User text on one line, trimmed: line breaks become spaces, other control characters go."""
    return sanitize.one_line(text).strip()


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def day_name(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.isoformat()}"


def unit_word(metric: Metric | None, value: Decimal | float | None = None) -> str:
    """ "sales" (or "sale" for exactly one), or "revenue"."""
    if metric == "revenue":
        return "revenue"
    return "sale" if value == 1 else "sales"


def title(label: str, whole_week: bool) -> str:
    return f"Weekly review {label}" if whole_week else f"Review {label}"


def composure_text(
    average: float | None, answered: int, skipped: int, before: float | None, before_answered: int
) -> str:
    """One sentence on the mornings' ratings against the four weeks before."""
    if not answered and not before_answered:
        return "No morning composure check was answered these days or in the four weeks before."
    now = f"{average:.1f}" if average is not None else "no rating"
    then = f"{before:.1f}" if before is not None else "no rating"
    return (
        f"Composure: {now} on average these days ({answered} answered, {skipped} skipped) "
        f"against {then} over the previous four weeks ({before_answered} answered)."
    )


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[int]) -> str:
    """One block per value, scaled to the largest; only zero gets the lowest block."""
    top = max(values, default=0)
    steps = len(SPARKS) - 1
    return "".join(SPARKS[max(1, round(v / top * steps))] if v > 0 else SPARKS[0] for v in values)


def behind_cell(behind_by: float, metric: Metric) -> str:
    """behind_by for a table: "4.9 behind", "2.1 ahead", "on the line"."""
    if abs(behind_by) < 0.05:
        return "on the line"
    size = f"{abs(behind_by):,.2f}" if metric == "revenue" else f"{abs(behind_by):,.1f}"
    return f"{size} {'behind' if behind_by > 0 else 'ahead'}"


def interval_cell(low: float, high: float, metric: Metric) -> str:
    """An 80% interval of the finish: "13-24" (sales), "48,000.00-61,500.00" (money)."""
    if metric == "revenue":
        return f"{low:,.2f}-{high:,.2f}"
    return f"{low:,.0f}-{high:,.0f}"


def outcome_rows(activity: Activity) -> list[list[str]]:
    """Per outcome: its name, the count for each source, and the total (the touches table)."""
    by = [activity.by_source[s] for s in SOURCES]
    return [
        [OUTCOME_WORDS[o], *(str(c.outcomes[o]) for c in by), str(activity.total.outcomes[o])]
        for o in OUTCOMES
    ]


def funnel_rows(funnel: FunnelReport | None) -> list[list[str]]:
    """Per source: sales per touch, its 80% interval, median lead days, touches and sales."""
    if funnel is None:
        return []
    rows: list[list[str]] = []
    for source in SOURCES:
        stage = funnel[source]
        sale = stage.sale
        lead = "not known yet" if stage.lead_days is None else f"{stage.lead_days:.0f} days"
        rows.append(
            [
                source,
                f"{share_words(sale.estimate)} per touch",
                f"{share_words(sale.low)}-{share_words(sale.high)}",
                lead,
                f"{stage.counts.touches:,}",
                f"{stage.counts.sales:,}",
            ]
        )
    return rows


FUNNEL_HEADER = ("Source", "Sales per touch", "80% interval", "Median lead", "Touches", "Sales")


def forecast_note(snapshot: PaceSnapshot, metric: Metric) -> str:
    """What the forecast rested on, and the sales carried in or without an amount."""
    prior = prior_words(snapshot.prior_source) if snapshot.prior_source else "forecast"
    parts = [prior[0].upper() + prior[1:]]
    if snapshot.pipeline.open_meetings:
        parts.append(
            f"{snapshot.pipeline.open_meetings} open meetings worth "
            f"{snapshot.pipeline.expected_sales:.1f} expected sales"
        )
    if metric == "revenue":
        parts.append(f"assuming {snapshot.sale_value:,.2f} a sale")
        if snapshot.unpriced_sales:
            parts.append(f"{snapshot.unpriced_sales} sales with no amount")
    if snapshot.carried_in:
        parts.append(f"{snapshot.carried_in} sales from before planner counted in actual")
    return "; ".join(parts)
