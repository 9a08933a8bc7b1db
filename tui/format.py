"""How outcomes and statuses read on screen (shared by every widget); numbers read as
planner.formatting says."""

from __future__ import annotations

from planner.models import Outcome, PaceStatus

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
