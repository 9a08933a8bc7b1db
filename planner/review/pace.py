"""The target's pace at the start and the close of the review, its diagnosis and burn-up."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal, NamedTuple

from planner.calendar import week_bounds
from planner.daily import first_worked_day, median_lead_days, sales_totals, stage_counts
from planner.diagnosis import diagnosis_detail
from planner.forecast import Outlook, Pipeline
from planner.funnel import FunnelReport, estimate_funnel
from planner.models import Diagnosis, PaceStatus, Target
from planner.pacing import PaceReport, PaceTotals
from planner.review.inputs import ReviewInput
from planner.review.window import Window

STATUS_ORDER: dict[PaceStatus, int] = {"at_risk": 0, "behind": 1, "on_track": 2, "ahead": 3}


Change = Literal["improved", "worsened", "unchanged"]


@dataclass(frozen=True, slots=True)
class PaceSnapshot:
    """The pace on the morning of ``as_of``, counting the period's sales through ``through``."""

    as_of: date
    actual: Decimal
    expected: float
    pace: float | None
    status: PaceStatus
    gap: float
    remaining: Decimal
    required_per_day: float | None
    working_days_elapsed: int
    working_days_remaining: int
    projected: float
    p_hit: float
    projected_low: float = 0.0  # the forecast's 80% interval
    projected_high: float = 0.0
    behind_by: float = 0.0  # expected - actual: how far behind (negative: ahead)
    final: bool = False  # the period had ended by that morning
    carried_in: int = 0  # sales before the seller kept records, inside actual
    unpriced_sales: int = 0  # revenue targets: sales logged without an amount
    pipeline: Pipeline = field(default_factory=Pipeline)
    prior_source: str = ""  # the forecast's prior, in words
    sale_value: float = 1.0  # the value of one sale the forecast assumed (revenue)


@dataclass(frozen=True, slots=True)
class BurnupPoint:
    """Cumulative expected and actual at the close of ``day`` (actual None after the review)."""

    day: date
    expected: float
    actual: Decimal | None


@dataclass(frozen=True, slots=True)
class TargetReview:
    target: Target
    start: PaceSnapshot
    end: PaceSnapshot
    change: Change
    gained: Decimal  # what the reviewed days added to the actual
    diagnosis: Diagnosis
    diagnosis_text: str
    burnup: tuple[BurnupPoint, ...]
    funnel: FunnelReport | None = None  # the period's funnel at the close, with intervals


def pace_at(
    data: ReviewInput,
    target: Target,
    as_of: date,
    through: date,
    outlook: Outlook | None = None,
) -> PaceReport:
    # The pace on the morning of ``as_of`` with the sales through ``through``, as `planner
    # status` computes it then: the one call behind the snapshots and what it would take.
    return totals_at(data, target, as_of, through).report(outlook)


def reaches_at(
    data: ReviewInput, target: Target, as_of: date, through: date
) -> Callable[[Outlook | None, float], bool]:
    """(outlook, level) -> whether ``pace_at(data, target, as_of, through, outlook).p_hit`` is
    at least ``level``, the same answer found without the report, mostly without the chance,
    with the period's sales totalled once (planner.whatif's searches)."""
    return totals_at(data, target, as_of, through).reaches


def totals_at(data: ReviewInput, target: Target, as_of: date, through: date) -> PaceTotals:
    """What the pace on the morning of ``as_of`` is computed from, with the sales through
    ``through``."""
    count, priced, revenue = sales_totals(
        s for s in data.summaries if target.period.start <= s.day <= through
    )
    return PaceTotals(
        target,
        count,
        priced,
        revenue,
        data.calendar,
        as_of,
        data.settings.default_deal_value,
        data.evidence.get((target.id, as_of)),
        target.carried_in or 0,
        target.carried_in_amount,
    )


class Close(NamedTuple):
    """The pace and the funnel at the close of the review, computed once: the review's closing
    snapshot and diagnosis and what it would take all read them."""

    report: PaceReport
    funnel: FunnelReport


def at_close(data: ReviewInput, target: Target) -> Close:
    as_of = closing_morning(data.window, data.today)
    through = min(data.window.end, target.period.end)
    return Close(pace_at(data, target, as_of, through), funnel_at(data, target, as_of))


def snapshot(
    data: ReviewInput, target: Target, as_of: date, through: date, report: PaceReport | None = None
) -> PaceSnapshot:
    if report is None:
        report = pace_at(data, target, as_of, through)
    return PaceSnapshot(
        as_of=as_of,
        actual=report.actual,
        expected=report.expected,
        pace=report.pace,
        status=report.status,
        gap=report.gap,
        remaining=report.remaining,
        required_per_day=report.required_per_day,
        working_days_elapsed=report.working_days_elapsed,
        working_days_remaining=report.working_days_remaining,
        projected=report.projected,
        p_hit=report.p_hit,
        projected_low=report.projected_low,
        projected_high=report.projected_high,
        behind_by=report.behind_by,
        final=report.final,
        carried_in=report.carried_in,
        unpriced_sales=report.unpriced_sales if target.metric == "revenue" else 0,
        pipeline=report.pipeline,
        prior_source=report.prior_source,
        sale_value=report.sale_value,
    )


def closing_morning(win: Window, today: date) -> date:
    # A finished range is judged the next morning; one still running, at today's numbers.
    return win.end + timedelta(days=1) if win.end < today else today


def review_target(data: ReviewInput, target: Target, close: Close | None = None) -> TargetReview:
    win, period = data.window, target.period
    if close is None:
        close = at_close(data, target)
    opening = max(win.start, period.start)
    start = snapshot(data, target, opening, opening - timedelta(days=1))
    closing, through = closing_morning(win, data.today), min(win.end, period.end)
    end = snapshot(data, target, closing, through, close.report)
    diagnosis, text, funnel = diagnosis_at_close(data, target, end, close.funnel)
    before, after = STATUS_ORDER[start.status], STATUS_ORDER[end.status]
    change: Change = "improved" if after > before else "worsened" if after < before else "unchanged"
    return TargetReview(
        target=target,
        start=start,
        end=end,
        change=change,
        gained=end.actual - start.actual,
        diagnosis=diagnosis,
        diagnosis_text=text,
        burnup=burnup(data, target),
        funnel=funnel,
    )


def diagnosis_at_close(
    data: ReviewInput, target: Target, end: PaceSnapshot, funnel: FunnelReport | None = None
) -> tuple[Diagnosis, str, FunnelReport]:
    # The period's diagnosis at the close of the review, computed as `planner status` does:
    # the funnel from the first day holding a logged call, the plan of the days since then.
    period = target.period
    last = min(data.window.end, period.end)
    in_period = [s for s in data.summaries if period.start <= s.day <= last]
    count, _, _ = sales_totals(in_period)
    first_call = first_worked_day(in_period)
    if funnel is None:
        funnel = funnel_at(data, target, end.as_of)
    expected_sales = end.expected / end.sale_value if end.sale_value else 0.0
    elapsed = end.working_days_elapsed
    share, worked_days = 0.0, None
    if first_call is not None:
        before = (
            data.calendar.count(period.start, first_call - timedelta(days=1))
            if first_call > period.start
            else 0
        )
        share = (elapsed - before) / elapsed if elapsed else 1.0
        worked_days = max(0, elapsed - before) or None
    detail = diagnosis_detail(
        funnel,
        expected_sales_to_date=expected_sales * max(0.0, share),
        actual_sales=float(count + (target.carried_in or 0)),
        pace_status=end.status,
        settings=data.settings,
        days_elapsed=worked_days,
    )
    return detail.diagnosis, detail.summary(), funnel


def funnel_at(data: ReviewInput, target: Target, as_of: date) -> FunnelReport:
    # The period's funnel at the close of the review, as `planner status` reads it on the
    # morning of ``as_of``: worked days only (from the first day holding a logged call), the
    # lead times of the year before.
    period = target.period
    last = min(data.window.end, period.end)
    in_period = [s for s in data.summaries if period.start <= s.day <= last]
    first_call = first_worked_day(in_period)
    worked = [s for s in in_period if first_call is not None and s.day >= first_call]
    lead_window = [s for s in data.summaries if as_of - timedelta(days=365) <= s.day <= last]
    return estimate_funnel(
        stage_counts(worked), data.settings, lead_days=median_lead_days(lead_window)
    )


def burnup(data: ReviewInput, target: Target) -> tuple[BurnupPoint, ...]:
    # One point at the close of every Sunday of the period, of its last day and of the
    # review's last day: about 55 points for a year, enough for a chart, small in JSON.
    period, last = target.period, min(data.window.end, target.period.end)
    total = data.calendar.count(period.start, period.end)
    daily: dict[date, Decimal] = defaultdict(Decimal)
    for summary in data.summaries:
        if period.start <= summary.day <= last:
            if target.metric == "revenue":
                daily[summary.day] += summary.sales_amount
            else:
                daily[summary.day] += summary.outcomes.get("sale", 0)
    marks = {period.end}
    if period.start <= last:
        marks.add(last)
    sunday = week_bounds(period.start)[1]
    while sunday < period.end:
        marks.add(sunday)
        sunday += timedelta(days=7)
    points: list[BurnupPoint] = []
    # Carried-in sales were made before the records began: they stand from the first day.
    running = Decimal(target.carried_in or 0)
    if target.metric == "revenue":
        running = target.carried_in_amount or Decimal(0) if target.carried_in else Decimal(0)
    day_iter = sorted(daily)
    index = 0
    for mark in sorted(marks):
        while index < len(day_iter) and day_iter[index] <= mark:
            running += daily[day_iter[index]]
            index += 1
        done = data.calendar.count(period.start, mark)
        expected = float(target.amount) * done / total if total else 0.0
        points.append(BurnupPoint(mark, expected, running if mark <= last else None))
    return tuple(points)
