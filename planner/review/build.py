"""The Review model and its build from plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planner.models import Metric
from planner.review.activity import (
    Activity,
    ComposureSummary,
    DayLine,
    activity,
    composure_summary,
    day_lines,
)
from planner.review.inputs import ReviewInput
from planner.review.lines import RevivedLine, SaleLine, TouchLine, revived_lines, touch_line
from planner.review.next_week import NextWeek, next_week
from planner.review.pace import TargetReview, at_close, review_target
from planner.review.what_it_takes import WhatItWouldTake, what_it_would_take
from planner.review.window import Window, choose_target


@dataclass(frozen=True, slots=True)
class Review:
    window: Window
    today: date
    target: TargetReview | None
    activity: Activity
    sales: tuple[SaleLine, ...]
    revived: tuple[RevivedLine, ...]
    days: tuple[DayLine, ...]
    composure: ComposureSummary
    next_week: NextWeek
    touches: tuple[TouchLine, ...]
    what_it_would_take: WhatItWouldTake | None = None  # issue 14; None without a target

    @property
    def metric(self) -> Metric | None:
        return self.target.target.metric if self.target else None


def build_review(data: ReviewInput) -> Review:
    """The review of ``data.window`` (pure: everything comes in through ``data``)."""
    win = data.window
    target = choose_target(data.targets, win.start, win.end)
    close = at_close(data, target) if target else None
    target_review = review_target(data, target, close) if target else None
    names = {pid: label.name for pid, label in data.labels.items()}
    touches = tuple(touch_line(t, data.labels) for t in data.touches) if data.touch_lines else ()
    return Review(
        window=win,
        today=data.today,
        target=target_review,
        activity=activity(data),
        sales=tuple(
            SaleLine(
                touch_id=t.id,
                at=t.at,
                prospect_id=t.prospect_id,
                prospect=names.get(t.prospect_id, f"#{t.prospect_id}"),
                source=t.source,
                amount=t.amount,
                lead_days=t.lead_days,
                note=t.note,
            )
            for t in data.touches
            if t.outcome == "sale"
        ),
        revived=revived_lines(data.touches, names),
        days=day_lines(data),
        composure=composure_summary(data),
        next_week=next_week(data, target, target_review),
        touches=touches,
        what_it_would_take=what_it_would_take(data, target, close) if target else None,
    )
