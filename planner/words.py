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
