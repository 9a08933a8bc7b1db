"""The review screen's numbers: the period's burn-up, this week by source against the
trailing four weeks, and the composure ratings of the last weeks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from planner.models import SOURCES, ComposureCheck, Source, Target

if TYPE_CHECKING:
    from planner.funnel import FunnelReport, StageCounts
    from planner.service import PlannerService

TRAILING_WEEKS = 4
COMPOSURE_WEEKS = 6


@dataclass(frozen=True, slots=True)
class Burnup:
    """Day numbers of the period (1 = its first day) and three lines over them."""

    target: Target
    days: list[date]
    target_line: float
    expected: list[float]  # the straight line over working days, every day of the period
    actual: list[float]  # cumulative, up to today only


@dataclass(frozen=True, slots=True)
class SourceWeek:
    source: Source
    touches: int
    conversations: int
    sales: int
    avg_touches: float
    avg_conversations: float
    avg_sales: float


@dataclass(frozen=True, slots=True)
class ComposureWeek:
    monday: date
    answered: int
    skipped: int
    average: float | None


@dataclass(frozen=True, slots=True)
class ReviewData:
    today: date
    burnup: Burnup | None
    week: list[SourceWeek]
    composure: list[ComposureWeek]
    funnel: FunnelReport | None = None  # the period's rates with their 80% intervals


def load_review(service: PlannerService) -> ReviewData:
    """Read everything the review shows (in a worker)."""
    today = service.today
    return ReviewData(
        today=today,
        burnup=_burnup(service, today),
        week=_week_by_source(service, today),
        funnel=_funnel(service),
        composure=composure_weeks(
            service.composure_checks(
                monday_of(today) - timedelta(weeks=COMPOSURE_WEEKS - 1), today
            ),
            today,
        ),
    )


def _funnel(service: PlannerService) -> FunnelReport | None:
    report = service.status(closed=True)
    return report.funnel if report is not None else None


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _burnup(service: PlannerService, today: date) -> Burnup | None:
    target = service.active_target()
    if target is None:
        return None
    period = target.period
    calendar = service.calendar_for(period)
    days = [period.start + timedelta(days=i) for i in range((period.end - period.start).days + 1)]
    working = [calendar.is_working_day(d) for d in days]
    total_working = sum(working) or 1
    goal = float(target.amount)
    expected: list[float] = []
    done = 0
    for is_working in working:
        done += is_working
        expected.append(goal * done / total_working)
    sales = service.sales_by_day(period.start, min(today, period.end))
    actual: list[float] = []
    # Carried-in sales (made before the records began) stand from the first day.
    running = Decimal(target.carried_in or 0)
    if target.metric == "revenue":
        running = (target.carried_in_amount or Decimal(0)) if target.carried_in else Decimal(0)
    for day in days:
        if day > today:
            break
        count, amount = sales.get(day, (0, Decimal(0)))
        running += Decimal(count) if target.metric == "sales" else amount
        actual.append(float(running))
    return Burnup(target, days, goal, expected, actual)


def _week_by_source(service: PlannerService, today: date) -> list[SourceWeek]:
    monday = monday_of(today)
    this_week = service.stage_counts(monday, today)
    before = service.stage_counts(monday - timedelta(weeks=TRAILING_WEEKS), monday - timedelta(1))
    return [_source_week(s, this_week[s], before[s]) for s in SOURCES]


def _source_week(source: Source, week: StageCounts, trailing: StageCounts) -> SourceWeek:
    return SourceWeek(
        source=source,
        touches=week.touches,
        conversations=week.conversations,
        sales=week.sales,
        avg_touches=trailing.touches / TRAILING_WEEKS,
        avg_conversations=trailing.conversations / TRAILING_WEEKS,
        avg_sales=trailing.sales / TRAILING_WEEKS,
    )


def composure_weeks(checks: list[ComposureCheck], today: date) -> list[ComposureWeek]:
    """One line per week, oldest first, for the last COMPOSURE_WEEKS weeks up to today."""
    first = monday_of(today) - timedelta(weeks=COMPOSURE_WEEKS - 1)
    weeks: list[ComposureWeek] = []
    for index in range(COMPOSURE_WEEKS):
        monday = first + timedelta(weeks=index)
        sunday = monday + timedelta(days=6)
        inside = [c for c in checks if monday <= c.day <= sunday]
        ratings = [c.rating for c in inside if c.rating is not None and not c.skipped]
        weeks.append(
            ComposureWeek(
                monday=monday,
                answered=len(ratings),
                skipped=sum(1 for c in inside if c.skipped),
                average=sum(ratings) / len(ratings) if ratings else None,
            )
        )
    return weeks
