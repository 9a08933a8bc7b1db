"""The reviewed days' counts: by source against the trailing weeks, day by day, composure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from planner.funnel import StageCounts
from planner.models import (
    CONNECTED_OUTCOMES,
    MEETING_OUTCOMES,
    OUTCOMES,
    SOURCES,
    Outcome,
    Source,
    Touch,
)
from planner.review.inputs import ReviewInput
from planner.review.window import TRAILING_DAYS

ComposureState = Literal["answered", "skipped", "none"]


@dataclass(frozen=True, slots=True)
class Counts:
    """Touches and how far they got, with the count of every outcome."""

    touches: int
    conversations: int
    meetings: int
    sales: int
    outcomes: Mapping[Outcome, int]

    @property
    def connect_rate(self) -> float | None:
        return self.conversations / self.touches if self.touches else None

    @property
    def close_rate(self) -> float | None:
        return self.sales / self.conversations if self.conversations else None

    @property
    def stages(self) -> StageCounts:
        return StageCounts(self.touches, self.conversations, self.meetings, self.sales)


@dataclass(frozen=True, slots=True)
class Activity:
    """The reviewed days' touches by source, against the trailing TRAILING_DAYS."""

    by_source: Mapping[Source, Counts]
    total: Counts
    trailing: Counts
    trailing_weeks: float  # how many weeks `trailing` covers, for per-week averages
    sales_amount: Decimal


@dataclass(frozen=True, slots=True)
class DayLine:
    """One day: the plan against the work, and the morning's composure beside it."""

    day: date
    working: bool
    planned: int | None  # None: no queue was planned that day
    planned_old: int | None
    planned_new: int | None
    touches: int
    touches_old: int
    touches_new: int
    conversations: int
    meetings: int
    sales: int
    sales_amount: Decimal
    composure: ComposureState
    rating: int | None
    intent: str


@dataclass(frozen=True, slots=True)
class ComposureSummary:
    average: float | None
    answered: int
    skipped: int
    previous_average: float | None  # over the TRAILING_DAYS before
    previous_answered: int


def count_outcomes(outcomes: Mapping[Outcome, int]) -> Counts:
    touches = sum(outcomes.values())
    connected = sum(n for o, n in outcomes.items() if o in CONNECTED_OUTCOMES)
    meetings = sum(n for o, n in outcomes.items() if o in MEETING_OUTCOMES)
    return Counts(
        touches=touches,
        conversations=connected,
        meetings=meetings,
        sales=outcomes.get("sale", 0),
        outcomes={o: outcomes.get(o, 0) for o in OUTCOMES},
    )


def activity(data: ReviewInput) -> Activity:
    win = data.window
    tally: dict[Source, dict[Outcome, int]] = {s: defaultdict(int) for s in SOURCES}
    total: dict[Outcome, int] = defaultdict(int)
    amount = Decimal(0)
    for touch in data.touches:
        tally[touch.source][touch.outcome] += 1
        total[touch.outcome] += 1
        if touch.outcome == "sale" and touch.amount is not None:
            amount += touch.amount
    trailing_end = win.start - timedelta(days=1)
    trailing = [s for s in data.summaries if win.trailing_start <= s.day <= trailing_end]
    pooled: dict[Outcome, int] = defaultdict(int)
    for summary in trailing:
        for outcome, count in summary.outcomes.items():
            pooled[outcome] += count
    return Activity(
        by_source={source: count_outcomes(tally[source]) for source in SOURCES},
        total=count_outcomes(total),
        trailing=count_outcomes(pooled),
        trailing_weeks=TRAILING_DAYS / 7,
        sales_amount=amount,
    )


def day_lines(data: ReviewInput) -> tuple[DayLine, ...]:
    by_day: dict[date, list[Touch]] = defaultdict(list)
    for touch in data.touches:
        by_day[touch.day].append(touch)
    checks = {c.day: c for c in data.composure}
    lines: list[DayLine] = []
    for day in data.window.days:
        touches = by_day.get(day, [])
        counts = count_outcomes(outcome_tally(touches))
        plan = data.plans.get(day)
        check = checks.get(day)
        state: ComposureState = (
            "none" if check is None else "skipped" if check.skipped else "answered"
        )
        lines.append(
            DayLine(
                day=day,
                working=data.calendar.is_working_day(day),
                planned=plan.planned_old + plan.planned_new if plan else None,
                planned_old=plan.planned_old if plan else None,
                planned_new=plan.planned_new if plan else None,
                touches=counts.touches,
                touches_old=sum(1 for t in touches if t.source == "old"),
                touches_new=sum(1 for t in touches if t.source == "new"),
                conversations=counts.conversations,
                meetings=counts.meetings,
                sales=counts.sales,
                sales_amount=sum(
                    (t.amount for t in touches if t.outcome == "sale" and t.amount is not None),
                    Decimal(0),
                ),
                composure=state,
                rating=check.rating if check and not check.skipped else None,
                intent=check.intent if check and not check.skipped else "",
            )
        )
    return tuple(lines)


def outcome_tally(touches: Sequence[Touch]) -> dict[Outcome, int]:
    tally: dict[Outcome, int] = defaultdict(int)
    for touch in touches:
        tally[touch.outcome] += 1
    return tally


def average_rating(ratings: Sequence[int]) -> float | None:
    return sum(ratings) / len(ratings) if ratings else None


def composure_summary(data: ReviewInput) -> ComposureSummary:
    win = data.window
    week = [c for c in data.composure if win.start <= c.day <= win.end]
    before = [c for c in data.composure if win.trailing_start <= c.day < win.start]
    rated = [c.rating for c in week if not c.skipped and c.rating is not None]
    rated_before = [c.rating for c in before if not c.skipped and c.rating is not None]
    return ComposureSummary(
        average=average_rating(rated),
        answered=len(rated),
        skipped=sum(1 for c in week if c.skipped),
        previous_average=average_rating(rated_before),
        previous_answered=len(rated_before),
    )
