"""Words CRMs use for a deal's state and for why it was lost, mapped to planner's own."""

from __future__ import annotations

import functools

from planner.models import LOST_REASONS, LostReason, ProspectStatus
from planner.validation import ValidationError

StatusWord = tuple[ProspectStatus, LostReason | None]

# The documented vocabulary of `--map COLUMN=status` (README, "Importing from your CRM").
STATUS_WORDS: dict[str, StatusWord] = {
    "won": ("won", None),
    "closed won": ("won", None),
    "customer": ("won", None),
    "lost": ("lost", None),
    "closed lost": ("lost", None),
    "bad timing": ("lost", "timing"),
    "unqualified": ("lost", "no-fit"),
    "engaging": ("active", None),
    "open": ("active", None),
    "in progress": ("active", None),
    "active": ("active", None),
    "prospecting": ("new", None),
    "new": ("new", None),
    "lead": ("new", None),
}
STATUS_HELP = (
    "won, closed won, customer; lost, closed lost, bad timing, unqualified; "
    "engaging, open, in progress, active; prospecting, new, lead"
)

# Free-text lost reasons: the first group with a word found in the text wins.
REASON_WORDS: tuple[tuple[LostReason, tuple[str, ...]], ...] = (
    ("no-fit", ("no fit", "not a fit", "no-fit", "unqualified", "no need", "not relevant")),
    ("timing", ("timing", "not now", "later", "next year", "next quarter", "no time", "delay")),
    ("budget", ("budget", "price", "pricing", "cost", "expensive", "money", "afford", "fund")),
    ("competitor", ("competitor", "competition", "went with", "chose", "lost to", "incumbent")),
)
_OWN_REASONS: dict[str, LostReason] = {reason: reason for reason in LOST_REASONS}


@functools.lru_cache(maxsize=4096)
def words(text: str) -> str:
    """Case, spaces, hyphens and underscores do not matter: "Closed_Won" is "closed won"."""
    return " ".join(text.casefold().replace("_", " ").replace("-", " ").split())


def status_of(text: str, what: str = "status") -> StatusWord | None:
    """A planner status (and the lost reason a word implies); None for an empty cell."""
    key = words(text)
    if not key:
        return None
    found = STATUS_WORDS.get(key)
    if found is None:
        raise ValidationError(f"unknown {what} {text.strip()[:30]!r} (use {STATUS_HELP})")
    return found


def lost_reason_of(text: str) -> LostReason | None:
    """planner's own reason names, else by the words in it (see REASON_WORDS), else other."""
    key = " ".join(text.casefold().split())
    if not key:
        return None
    own = _OWN_REASONS.get(key)
    if own is not None:
        return own
    for reason, clues in REASON_WORDS:
        if any(clue in key for clue in clues):
            return reason
    return "other"
