"""What it would take to hit the target from the close of the review (planner.whatif)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planner.forecast import Outlook
from planner.models import Target
from planner.pacing import PaceReport
from planner.review.inputs import ReviewInput
from planner.review.pace import Close, at_close, closing_morning, pace_at, reaches_at
from planner.whatif import baseline, close_rate_needed, required_touches_per_day


@dataclass(frozen=True, slots=True)
class WhatItWouldTake:
    """What it would take to hit the target from the close of the review, at the seller's own
    rates (planner.whatif, on the same forecast as the review's closing pace): the touches a
    day, and the close rate that would make the touches a day of now enough."""

    as_of: date
    touches_per_day: float  # the seller's own, per worked day
    connect_rate: float  # conversations per touch, smoothed
    close_rate: float  # sales per conversation, smoothed
    capacity: int
    p_hit: float  # the chance at these figures
    required_touches_per_day: int | None  # None: not within the capacity
    close_rate_needed: float | None  # sales per conversation; None: not even closing them all


def what_it_would_take(
    data: ReviewInput, target: Target, close: Close | None = None
) -> WhatItWouldTake | None:
    # The forecast of the review's closing pace (snapshot: the same pace_at call) under
    # planner.whatif's outlooks.
    period = target.period
    as_of = closing_morning(data.window, data.today)
    last = min(data.window.end, period.end)
    if as_of > period.end:
        return None  # the period is over: nothing is left to take

    def forecast(outlook: Outlook | None) -> PaceReport:
        return pace_at(data, target, as_of, last, outlook)

    if close is None:
        close = at_close(data, target)
    today = close.report
    reaches = reaches_at(data, target, as_of, last)
    evidence = data.evidence.get((target.id, as_of))
    own = baseline(close.funnel, evidence, today, data.settings)
    mine = own.assumptions
    return WhatItWouldTake(
        as_of=as_of,
        touches_per_day=mine.touches_per_day,
        connect_rate=mine.connect_rate,
        close_rate=mine.close_rate,
        capacity=own.capacity,
        p_hit=today.p_hit,
        required_touches_per_day=required_touches_per_day(forecast, own, mine, reaches=reaches),
        close_rate_needed=close_rate_needed(forecast, own, mine, reaches=reaches),
    )
