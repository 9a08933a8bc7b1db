"""How statuses, outcomes and stages read in plain English, for every front end."""

from __future__ import annotations

from planner.models import Outcome, PaceStatus, Stage

STATUS_WORDS: dict[PaceStatus, str] = {
    "ahead": "ahead",
    "on_track": "on track",
    "behind": "behind",
    "at_risk": "at risk",
}
OUTCOME_WORDS: dict[Outcome, str] = {
    "no-answer": "no answer",
    "conversation": "conversation",
    "meeting": "meeting",
    "not-interested": "not interested",
    "sale": "sale",
}
STAGE_WORDS: dict[Stage, str] = {
    "none": "no conversation",
    "conversation": "conversation",
    "meeting": "meeting",
}


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``1 touch``, ``2 touches``, ``1,200 touches``: a count with its noun agreeing."""
    word = noun if count == 1 else (plural or noun + "s")
    return f"{count:,} {word}"


def behind_words(
    behind_by: float, size_text: str, status: PaceStatus, *, final: bool = False
) -> str:
    """How far from the plan's straight line, in the seller's words.

    ``behind_by`` is expected - actual; ``size_text`` its size as the seller reads it
    ("4.9 sales", "4,900.00"). A band the evidence did not confirm reads as what it is:
    inside ordinary ups and downs.
    """
    if final:
        return "the period is over"
    if abs(behind_by) < 0.05:
        return "right where you should be today"
    if behind_by > 0:
        text = f"{size_text} behind where you should be today"
        if status in ("on_track", "ahead"):
            text += " (within ordinary ups and downs)"
        return text
    text = f"{size_text} ahead of where you should be today"
    if status == "on_track":
        text += " (within ordinary ups and downs)"
    return text


def behind_size(behind_by: float, metric: str) -> str:
    """The size of behind_by in the target's unit: "4.9 sales", "1 sale", "4,900.00"."""
    size = abs(behind_by)
    if metric == "revenue":
        return f"{size:,.2f}"
    return f"{size:,.1f} {'sale' if round(size, 1) == 1 else 'sales'}"


def share_words(value: float) -> str:
    """A rate per touch as a percentage with the digits it needs: 3.1%, 12%."""
    return f"{value:.1%}" if value < 0.1 else f"{value:.0%}"


def rate_words(estimate: float, low: float, high: float, unit: str) -> str:
    """A rate with its unit and 80% interval: "2.4% per touch (80%: 1.3%-3.6%)"."""
    return f"{share_words(estimate)} {unit} (80%: {share_words(low)}-{share_words(high)})"


def lead_words(lead_days: float | None) -> str:
    """The median lead time: "median lead 14 days", or that none is known yet."""
    if lead_days is None:
        return "lead time not known yet"
    return f"median lead {lead_days:.0f} {'day' if round(lead_days) == 1 else 'days'}"


def prior_words(source: str) -> str:
    """The forecast's prior in words: "forecast from 62 touches at 3.1% per touch", or, when
    the sales record overruled it, that the forecast follows the record."""
    prior, _, aside = source.partition("; set aside")
    if aside:
        return f"forecast follows your sales record (a prior {prior} did not fit it)"
    return f"forecast {prior}"
