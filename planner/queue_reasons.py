"""The queue's words: each item's one-line reason, and the size of the day explained."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from planner.models import Prospect
from planner.words import counted

if TYPE_CHECKING:
    from planner.queue import DailyQueue

PLACEHOLDER_REASON = "prospecting: find a new lead"
_EPS = 1e-9  # as in planner.queue: a need this small is none


def ago(last: date, today: date) -> str:
    days = (today - last).days
    if days <= 0:
        return "today"
    if days == 1:
        return "1 day ago"
    return f"{days} days ago"


def stage_text(prospect: Prospect) -> str:
    if prospect.best_stage == "meeting":
        return "reached a meeting"
    if prospect.best_stage == "conversation":
        if prospect.conversations > 1:
            return f"had {prospect.conversations} conversations"
        return "had a conversation"
    return ""


def follow_up_reason(prospect: Prospect, today: date, note: str) -> str:
    """E.g. "follow-up due since 8 Dec: demo Thursday 2pm" or "follow-up due today"."""
    day = prospect.follow_up
    assert day is not None
    head = "follow-up due today" if day >= today else f"follow-up due since {day.day} {day:%b}"
    note = " ".join(note.split())
    return f"{head}: {note}" if note else head


def size_words(queue: DailyQueue, total: int | None = None) -> str:
    """Why the day has this many calls, in words (DESIGN section 3, shown with the queue).

    "16 calls ≈ 0.9 expected sales; you need 0.88 a day", or "17 calls: the floor that
    keeps the pipeline full; 9 would cover today's need". ``total`` is the size of the
    stored day plan when it differs from the fresh queue's (items done since it was built).
    """
    total = queue.size if total is None else total
    calls = counted(total, "call")
    if total == 0:
        return "no calls: your capacity is 0" if queue.capacity <= 0 else "no calls today"
    if queue.need_size is None:
        text = (
            f"{calls} (capacity) ≈ {queue.expected_sales:.1f} expected sales; you need "
            f"{queue.needed_sales:.2f} a day: {queue.shortfall:.2f} short"
        )
    elif queue.needed_sales <= _EPS:
        text = f"{calls}: the floor that keeps the pipeline full; nothing more is needed today"
    elif queue.need_size < queue.size and queue.size == queue.floor_size:
        text = (
            f"{calls}: the floor that keeps the pipeline full; "
            f"{queue.need_size} would cover today's need"
        )
    else:
        text = (
            f"{calls} ≈ {queue.expected_sales:.1f} expected sales; "
            f"you need {queue.needed_sales:.2f} a day"
        )
    if queue.follow_ups:
        text += f"; {counted(queue.follow_ups, 'follow-up')} due first"
    if queue.follow_ups_waiting:
        text += f"; {queue.follow_ups_waiting} more due wait for room"
    return text


def old_reason(prospect: Prospect, today: date) -> str:
    """E.g. "said no 74 days ago: timing; reached a meeting"."""
    head = "said no " + (ago(prospect.last_contact, today) if prospect.last_contact else "before")
    if prospect.lost_reason is not None:
        head += f": {prospect.lost_reason}"
    stage = stage_text(prospect)
    return f"{head}; {stage}" if stage else head


def new_reason(prospect: Prospect, today: date) -> str:
    """E.g. "in play: last contact 3 days ago; reached a meeting" or "new prospect: never
    contacted"."""
    contact = (
        f"last contact {ago(prospect.last_contact, today)}"
        if prospect.last_contact
        else "never contacted"
    )
    if prospect.status == "active":
        stage = stage_text(prospect)
        return f"in play: {contact}; {stage}" if stage else f"in play: {contact}"
    return f"new prospect: {contact}"
