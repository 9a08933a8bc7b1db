"""How a touch changes a prospect, and how a typed name finds one."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date

from planner.models import CONNECTED_OUTCOMES, Outcome, Prospect, Source, Stage, Touch

_STAGE_ORDER: dict[Stage, int] = {"none": 0, "conversation": 1, "meeting": 2}
# A sale or a "no" closes a cycle: the next touch starts a new one.
_CYCLE_ENDING: frozenset[Outcome] = frozenset({"sale", "not-interested"})


def stage_of(outcome: Outcome) -> Stage:
    if outcome in ("meeting", "sale"):
        return "meeting"
    if outcome in CONNECTED_OUTCOMES:
        return "conversation"
    return "none"


def source_of(prospect: Prospect) -> Source:
    """A touch is `old` when the prospect had said no before (lost at the time of the touch)."""
    return "old" if prospect.status == "lost" else "new"


def lead_days_for(prospect: Prospect, day: date) -> int:
    """Days from the first touch of the prospect's current cycle to ``day``."""
    start = prospect.cycle_start or day
    return max(0, (day - start).days)


def apply_touch(prospect: Prospect, touch: Touch) -> Prospect:
    """The prospect after ``touch``: status, last contact, stage, engagement and cycle."""
    status = prospect.status
    lost_reason = prospect.lost_reason
    if touch.outcome == "sale":
        status, lost_reason = "won", None
    elif touch.outcome == "not-interested":
        status = "lost"
    elif status == "new":
        status = "active"  # any first attempt puts a new prospect in play
    # A lost prospect stays lost through a check-in cycle until it buys or says no again, so
    # every touch of the cycle counts as `old` and the old-prospect funnel sees its own sales.
    best_stage = max(prospect.best_stage, stage_of(touch.outcome), key=_STAGE_ORDER.__getitem__)
    last_contact = max(prospect.last_contact or touch.day, touch.day)
    cycle_start: date | None = prospect.cycle_start or touch.day
    if touch.outcome in _CYCLE_ENDING:
        cycle_start = None
    return dataclasses.replace(
        prospect,
        status=status,
        lost_reason=lost_reason,
        last_contact=last_contact,
        best_stage=best_stage,
        conversations=prospect.conversations + (touch.outcome in CONNECTED_OUTCOMES),
        snoozed_until=None,
        cycle_start=cycle_start,
        follow_up=None,  # worked: a new date is given with the touch, or none is due
    )


def match_names(names: Mapping[int, str], query: str) -> list[int]:
    """Ids whose name equals ``query`` (case-insensitive), else those it is a prefix of.

    An exact match wins over prefixes, so "Ann" finds Ann even when Anna exists.
    """
    wanted = query.strip().casefold()
    if not wanted:
        return []
    exact = [pid for pid, name in names.items() if name.casefold() == wanted]
    if exact:
        return sorted(exact)
    return sorted(pid for pid, name in names.items() if name.casefold().startswith(wanted))


def similar_names(names: Mapping[int, str], query: str) -> list[int]:
    """Ids whose name is a likely typo of ``query`` (or the other way round): "Anne Lee"
    beside "Ann Lee". Case and spacing aside, at most one edit apart (two for names of 8
    letters or more), an edit being a letter added, dropped, changed or two swapped.
    Names whose numbers differ ("Lead 1", "Lead 2") are never typos of each other.
    Nearest first, then by id."""
    wanted = " ".join(query.split()).casefold()
    if not wanted:
        return []
    digits = _digits(wanted)
    limit = 1 if len(wanted) < 8 else 2
    letters = set(wanted)
    found: list[tuple[int, int]] = []
    for pid, name in names.items():
        other = " ".join(name.split()).casefold()
        if abs(len(other) - len(wanted)) > limit or other == wanted:
            continue
        # Each letter one name has and the other lacks costs an edit: a cheap first cut
        # that spares the alignment below for nearly all of 20,000 names.
        other_letters = set(other)
        if len(other_letters - letters) > limit or len(letters - other_letters) > limit:
            continue
        if digits != _digits(other):
            continue
        distance = _edit_distance(wanted, other, limit)
        if distance <= limit:
            found.append((distance, pid))
    return [pid for _, pid in sorted(found)]


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, giving up (limit + 1) once it exceeds ``limit``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                best = min(best, previous2[j - 2] + 1)
            current[j] = best
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def fuzzy_score(name: str, query: str) -> int | None:
    """A small subsequence score for the search box: lower is better, None is no match.

    A prefix scores 0, a substring 1 + where it starts, a likely typo 50, the letters in
    order 100 + the gaps between them."""
    haystack, needle = name.casefold(), query.strip().casefold()
    if not needle:
        return 0
    if haystack.startswith(needle):
        return 0
    if needle in haystack:
        return 1 + haystack.index(needle)
    position, gaps = -1, 0
    for char in needle:
        found = haystack.find(char, position + 1)
        if found < 0:
            # Not in order: a likely typo ("Anne Lee" for "Ann Lee") still ranks high.
            return 50 if similar_names({0: name}, query) else None
        gaps += found - position - 1
        position = found
    return 100 + gaps
