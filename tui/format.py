"""How numbers, outcomes and statuses read on screen (shared by every widget)."""

from __future__ import annotations

from decimal import Decimal

from planner.models import Metric, Outcome, PaceStatus

# Re-exported: widgets take every word about outcomes and statuses from this module.
from planner.words import OUTCOME_WORDS as OUTCOME_WORDS
from planner.words import STATUS_WORDS as STATUS_WORDS

# Theme variables, so every theme (the ANSI one included) colours the status its own way.
STATUS_STYLES: dict[PaceStatus, str] = {
    "ahead": "$success",
    "on_track": "$success",
    "behind": "$warning",
    "at_risk": "$error",
}
OUTCOME_STYLES: dict[Outcome, str] = {
    "no-answer": "$text-muted",
    "conversation": "$primary",
    "meeting": "$accent",
    "not-interested": "$warning",
    "sale": "bold $success",
}


def amount_text(value: Decimal | float | int, metric: Metric) -> str:
    """A count of sales as a whole number, revenue with thousands separators."""
    if metric == "sales":
        return f"{float(value):,.0f}"
    amount = Decimal(str(value))
    if amount == amount.to_integral_value():
        return f"{amount:,.0f}"
    return f"{amount:,.2f}"


def number(value: float, metric: Metric, places: int = 1) -> str:
    """A computed figure (expected, projected): one decimal for counts, whole money."""
    if metric == "revenue":
        return f"{value:,.0f}"
    return f"{value:,.{places}f}"
