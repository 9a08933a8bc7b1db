"""Which days a review covers, and which target it answers to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from planner.calendar import iso_week_label, week_bounds
from planner.errors import PlannerError
from planner.models import Target

TRAILING_DAYS = 28

MAX_DAYS = 366


class ReviewError(PlannerError, ValueError):
    """A range that cannot be reviewed; the message is one line for the seller."""


@dataclass(frozen=True, slots=True)
class Window:
    """The reviewed days and the days around them that the numbers compare with."""

    label: str
    start: date
    end: date  # last reviewed day: the last day asked for, cut at today
    requested_end: date
    trailing_start: date  # first of the TRAILING_DAYS before start
    next_start: date  # Monday of the ISO week after the one holding requested_end
    next_end: date

    @property
    def partial(self) -> bool:
        return self.end < self.requested_end

    @property
    def whole_week(self) -> bool:
        """An ISO week asked for from Monday to Sunday (its label is the week's)."""
        return (self.start, self.requested_end) == week_bounds(self.start)

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


def window(start: date, end: date, today: date, label: str | None = None) -> Window:
    """The window of ``start..end`` reviewed on ``today``; refuses an empty or huge range."""
    if end < start:
        raise ReviewError(f"the range ends ({end}) before it starts ({start})")
    if (end - start).days + 1 > MAX_DAYS:
        raise ReviewError(f"a review covers at most {MAX_DAYS} days; ask for a shorter range")
    if start > today:
        raise ReviewError(f"nothing to review yet: {start} is after today ({today})")
    next_start = week_bounds(end)[1] + timedelta(days=1)
    if label is None:
        whole_week = (start, end) == week_bounds(start)
        label = iso_week_label(start) if whole_week else f"{start}..{end}"
    return Window(
        label=label,
        start=start,
        end=min(end, today),
        requested_end=end,
        trailing_start=start - timedelta(days=TRAILING_DAYS),
        next_start=next_start,
        next_end=next_start + timedelta(days=6),
    )


def choose_target(targets: Sequence[Target], first: date, last: date) -> Target | None:
    """The target covering most days of ``first..last`` (ties: the highest id); None if none."""
    best: tuple[int, int] | None = None
    chosen: Target | None = None
    for target in targets:
        low, high = max(first, target.period.start), min(last, target.period.end)
        covered = (high - low).days + 1
        if covered <= 0:
            continue
        key = (covered, target.id)
        if best is None or key > best:
            best, chosen = key, target
    return chosen
