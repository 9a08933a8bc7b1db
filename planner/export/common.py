"""Text helpers every export format shares: words, days and safe user text (numbers and
amounts read as planner.formatting says)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from planner import sanitize
from planner.models import Metric

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
