"""The week's review: one model built from plain data, rendered by every export format."""

# Choices where issue 5 is silent (the export formats only render what is decided here):
#
# - The reviewed days run from the first day asked for to the last, cut at today: a week in
#   progress is reviewed up to today, and days after today are not listed.
# - The week's target is the one covering most days of the reviewed days (ties: the most
#   recently set one, as `planner status` picks), so a week that straddles two periods is
#   reviewed against the period holding most of it.
# - Progress "at the start" is the morning of the first day (sales before it); "at the end"
#   is the close of the last day (the next morning, all its sales counted), except for a
#   week still in progress, which ends at today's numbers exactly as `planner status` shows.
# - Rates are raw shares: connect = conversations per touch, close = sales per conversation
#   (the diagnosis's own definitions). The trailing average pools the 28 days before the
#   first reviewed day, so it is weighted by touches, not an average of four weekly rates.
# - Next week is the ISO week after the one holding the last day asked for. Its required
#   rate is the target's need per remaining working day at the close of the review, or that
#   of the next period's target when the period ends before next week. Check-ins are the
#   prospect list as it stands now, eligible (planner.queue) on next Monday or today,
#   whichever is later, ranked by old_prospect_score.
# - What it would take (issue 14) is judged at the same closing morning as the pace: the
#   touches a day that give an even chance to hit (up to the capacity) at the seller's own
#   smoothed rates, and the close rate (sales per conversation) that would do it at the
#   touches a day the seller makes now. No section once the period is over.

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Literal

from planner.calendar import WorkCalendar, iso_week_label, week_bounds
from planner.daily import first_worked_day, median_lead_days, sales_totals, stage_counts
from planner.diagnosis import diagnosis_detail
from planner.errors import PlannerError
from planner.forecast import Outlook, Pipeline, SellerEvidence
from planner.funnel import FunnelReport, StageCounts, estimate_funnel
from planner.models import (
    CONNECTED_OUTCOMES,
    MEETING_OUTCOMES,
    OUTCOMES,
    SOURCES,
    ComposureCheck,
    DayPlan,
    DaySummary,
    Diagnosis,
    LostReason,
    Metric,
    Outcome,
    PaceStatus,
    Prospect,
    Settings,
    Source,
    Stage,
    Target,
    Touch,
)
from planner.pacing import PaceReport, pace_from_totals
from planner.queue import is_eligible_old, old_prospect_score
from planner.whatif import baseline, close_rate_needed, required_touches_per_day

TRAILING_DAYS = 28
CHECK_INS = 5
MAX_DAYS = 366
STATUS_ORDER: dict[PaceStatus, int] = {"at_risk": 0, "behind": 1, "on_track": 2, "ahead": 3}
REVIVING: frozenset[Outcome] = frozenset({"conversation", "meeting", "sale"})
_OUTCOME_RANK: dict[Outcome, int] = {o: i for i, o in enumerate(OUTCOMES)}

Change = Literal["improved", "worsened", "unchanged"]
ComposureState = Literal["answered", "skipped", "none"]


class ReviewError(PlannerError, ValueError):
    """A range that cannot be reviewed; the message is one line for the seller."""


# ---------------------------------------------------------------- which days


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


# ---------------------------------------------------------------- the model


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
class SaleLine:
    touch_id: int
    at: datetime
    prospect_id: int
    prospect: str
    source: Source
    amount: Decimal | None
    lead_days: int | None
    note: str


@dataclass(frozen=True, slots=True)
class RevivedLine:
    """An old prospect who talked, met or bought again during the reviewed days."""

    prospect_id: int
    prospect: str
    first_day: date
    best_outcome: Outcome
    touches: int


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


@dataclass(frozen=True, slots=True)
class CheckIn:
    prospect_id: int
    prospect: str
    company: str
    lost_reason: LostReason | None
    last_contact: date | None
    best_stage: Stage
    conversations: int
    value: Decimal | None
    score: float


@dataclass(frozen=True, slots=True)
class NextWeek:
    start: date
    end: date
    target_id: int | None
    metric: Metric | None
    working_days: int  # next week's working days inside the target's period
    required_per_day: float | None
    needed: float | None  # required_per_day * working_days
    check_in_day: date
    check_ins: tuple[CheckIn, ...]


@dataclass(frozen=True, slots=True)
class TouchLine:
    """One touch of the reviewed days with the columns a spreadsheet needs."""

    id: int
    at: datetime
    prospect_id: int
    prospect: str
    company: str
    outcome: Outcome
    source: Source
    amount: Decimal | None
    lead_days: int | None
    note: str
    revived: bool

    @property
    def connected(self) -> bool:
        return self.outcome in CONNECTED_OUTCOMES

    @property
    def met(self) -> bool:
        return self.outcome in MEETING_OUTCOMES


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


@dataclass(frozen=True, slots=True)
class ReviewInput:
    """Everything the review reads, gathered by the service.

    ``summaries`` must cover every day from the earliest of the trailing start and the
    chosen targets' period starts through ``window.end``; ``touches`` are the reviewed days'
    touches; ``prospects`` holds at least every prospect they touch; ``candidates`` holds at
    least every old prospect that may be eligible for a check-in; ``composure`` covers the
    trailing start through the window's end.
    """

    window: Window
    today: date
    settings: Settings
    calendar: WorkCalendar
    targets: Sequence[Target]
    summaries: Sequence[DaySummary]
    touches: Sequence[Touch]
    prospects: Mapping[int, Prospect]
    candidates: Sequence[Prospect]
    plans: Mapping[date, DayPlan]
    composure: Sequence[ComposureCheck]
    # The forecast's evidence per (target id, morning), as `planner status` reads it then;
    # a morning missing here is forecast from the plan defaults.
    evidence: Mapping[tuple[int, date], SellerEvidence] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AllRecords:
    """Every record of a data dir, for `planner export --all --format json`."""

    settings: Settings
    targets: tuple[Target, ...]
    prospects: tuple[Prospect, ...]
    touches: tuple[Touch, ...]
    composure: tuple[ComposureCheck, ...]
    plans: tuple[DayPlan, ...]


# ---------------------------------------------------------------- building it


def build_review(data: ReviewInput) -> Review:
    """The review of ``data.window`` (pure: everything comes in through ``data``)."""
    win = data.window
    target = choose_target(data.targets, win.start, win.end)
    target_review = _target_review(data, target) if target else None
    names = {pid: p.name for pid, p in data.prospects.items()}
    touches = tuple(_touch_line(t, data.prospects) for t in data.touches)
    return Review(
        window=win,
        today=data.today,
        target=target_review,
        activity=_activity(data),
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
        revived=_revived(data.touches, names),
        days=_days(data),
        composure=_composure(data),
        next_week=_next_week(data, target, target_review),
        touches=touches,
        what_it_would_take=_what_it_would_take(data, target) if target else None,
    )


def _pace(
    data: ReviewInput,
    target: Target,
    as_of: date,
    through: date,
    outlook: Outlook | None = None,
) -> PaceReport:
    # The pace on the morning of ``as_of`` with the sales through ``through``, as `planner
    # status` computes it then: the one call behind the snapshots and what it would take.
    count, priced, revenue = sales_totals(
        s for s in data.summaries if target.period.start <= s.day <= through
    )
    return pace_from_totals(
        target,
        sale_count=count,
        priced_count=priced,
        revenue=revenue,
        calendar=data.calendar,
        today=as_of,
        default_sale_value=data.settings.default_deal_value,
        evidence=data.evidence.get((target.id, as_of)),
        carried_in=target.carried_in or 0,
        carried_in_amount=target.carried_in_amount,
        outlook=outlook,
    )


def _snapshot(data: ReviewInput, target: Target, as_of: date, through: date) -> PaceSnapshot:
    report = _pace(data, target, as_of, through)
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


def _closing_morning(win: Window, today: date) -> date:
    # A finished range is judged the next morning; one still running, at today's numbers.
    return win.end + timedelta(days=1) if win.end < today else today


def _target_review(data: ReviewInput, target: Target) -> TargetReview:
    win, period = data.window, target.period
    opening = max(win.start, period.start)
    start = _snapshot(data, target, opening, opening - timedelta(days=1))
    end = _snapshot(data, target, _closing_morning(win, data.today), min(win.end, period.end))
    diagnosis, text, funnel = _diagnosis(data, target, end)
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
        burnup=_burnup(data, target),
        funnel=funnel,
    )


def _diagnosis(
    data: ReviewInput, target: Target, end: PaceSnapshot
) -> tuple[Diagnosis, str, FunnelReport]:
    # The period's diagnosis at the close of the review, computed as `planner status` does:
    # the funnel from the first day holding a logged call, the plan of the days since then.
    period = target.period
    last = min(data.window.end, period.end)
    in_period = [s for s in data.summaries if period.start <= s.day <= last]
    count, _, _ = sales_totals(in_period)
    first_call = first_worked_day(in_period)
    funnel = _funnel(data, target, end.as_of)
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


def _funnel(data: ReviewInput, target: Target, as_of: date) -> FunnelReport:
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


def _what_it_would_take(data: ReviewInput, target: Target) -> WhatItWouldTake | None:
    # The forecast of the review's closing pace (_snapshot: the same _pace call) under
    # planner.whatif's outlooks.
    period = target.period
    as_of = _closing_morning(data.window, data.today)
    last = min(data.window.end, period.end)
    if as_of > period.end:
        return None  # the period is over: nothing is left to take

    def forecast(outlook: Outlook | None) -> PaceReport:
        return _pace(data, target, as_of, last, outlook)

    today = forecast(None)
    evidence = data.evidence.get((target.id, as_of))
    own = baseline(_funnel(data, target, as_of), evidence, today, data.settings)
    mine = own.assumptions
    return WhatItWouldTake(
        as_of=as_of,
        touches_per_day=mine.touches_per_day,
        connect_rate=mine.connect_rate,
        close_rate=mine.close_rate,
        capacity=own.capacity,
        p_hit=today.p_hit,
        required_touches_per_day=required_touches_per_day(forecast, own, mine),
        close_rate_needed=close_rate_needed(forecast, own, mine),
    )


def _burnup(data: ReviewInput, target: Target) -> tuple[BurnupPoint, ...]:
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


def _counts(outcomes: Mapping[Outcome, int]) -> Counts:
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


def _counts_by_source(summaries: Sequence[DaySummary]) -> dict[Source, Counts]:
    tally: dict[Source, dict[Outcome, int]] = {s: defaultdict(int) for s in SOURCES}
    for summary in summaries:
        for outcome, count in summary.outcomes.items():
            tally[summary.source][outcome] += count
    return {source: _counts(tally[source]) for source in SOURCES}


def _activity(data: ReviewInput) -> Activity:
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
        by_source={source: _counts(tally[source]) for source in SOURCES},
        total=_counts(total),
        trailing=_counts(pooled),
        trailing_weeks=TRAILING_DAYS / 7,
        sales_amount=amount,
    )


def _touch_line(touch: Touch, prospects: Mapping[int, Prospect]) -> TouchLine:
    prospect = prospects.get(touch.prospect_id)
    return TouchLine(
        id=touch.id,
        at=touch.at,
        prospect_id=touch.prospect_id,
        prospect=prospect.name if prospect else f"#{touch.prospect_id}",
        company=prospect.company if prospect else "",
        outcome=touch.outcome,
        source=touch.source,
        amount=touch.amount,
        lead_days=touch.lead_days,
        note=touch.note,
        revived=touch.source == "old" and touch.outcome in REVIVING,
    )


def _revived(touches: Sequence[Touch], names: Mapping[int, str]) -> tuple[RevivedLine, ...]:
    found: dict[int, list[Touch]] = {}
    for touch in touches:
        if touch.source == "old" and touch.outcome in REVIVING:
            found.setdefault(touch.prospect_id, []).append(touch)
    lines = [
        RevivedLine(
            prospect_id=pid,
            prospect=names.get(pid, f"#{pid}"),
            first_day=hits[0].day,
            best_outcome=max((t.outcome for t in hits), key=_OUTCOME_RANK.__getitem__),
            touches=len(hits),
        )
        for pid, hits in found.items()
    ]
    # Sales first, then meetings, then conversations; within each, in the order they came.
    lines.sort(key=lambda line: (-_OUTCOME_RANK[line.best_outcome], line.first_day))
    return tuple(lines)


def _days(data: ReviewInput) -> tuple[DayLine, ...]:
    by_day: dict[date, list[Touch]] = defaultdict(list)
    for touch in data.touches:
        by_day[touch.day].append(touch)
    checks = {c.day: c for c in data.composure}
    lines: list[DayLine] = []
    for day in data.window.days:
        touches = by_day.get(day, [])
        counts = _counts(_outcome_tally(touches))
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


def _outcome_tally(touches: Sequence[Touch]) -> dict[Outcome, int]:
    tally: dict[Outcome, int] = defaultdict(int)
    for touch in touches:
        tally[touch.outcome] += 1
    return tally


def _average(ratings: Sequence[int]) -> float | None:
    return sum(ratings) / len(ratings) if ratings else None


def _composure(data: ReviewInput) -> ComposureSummary:
    win = data.window
    week = [c for c in data.composure if win.start <= c.day <= win.end]
    before = [c for c in data.composure if win.trailing_start <= c.day < win.start]
    rated = [c.rating for c in week if not c.skipped and c.rating is not None]
    rated_before = [c.rating for c in before if not c.skipped and c.rating is not None]
    return ComposureSummary(
        average=_average(rated),
        answered=len(rated),
        skipped=sum(1 for c in week if c.skipped),
        previous_average=_average(rated_before),
        previous_answered=len(rated_before),
    )


def _next_week(data: ReviewInput, target: Target | None, review: TargetReview | None) -> NextWeek:
    win = data.window
    chosen, required = target, review.end.required_per_day if review else None
    if target is None or target.period.end < win.next_start:
        # The period is over by next week: next week answers to the target that covers it.
        chosen = choose_target(data.targets, win.next_start, win.next_end)
        required = None
        if chosen is not None:
            opening = max(win.next_start, chosen.period.start)
            through = min(win.end, opening - timedelta(days=1))
            required = _snapshot(data, chosen, opening, through).required_per_day
    working = 0
    if chosen is not None:
        low = max(win.next_start, chosen.period.start)
        working = data.calendar.count(low, min(win.next_end, chosen.period.end))
    check_day = max(data.today, win.next_start)
    return NextWeek(
        start=win.next_start,
        end=win.next_end,
        target_id=chosen.id if chosen else None,
        metric=chosen.metric if chosen else None,
        working_days=working,
        required_per_day=required,
        needed=required * working if required is not None else None,
        check_in_day=check_day,
        check_ins=_check_ins(data, check_day),
    )


def _check_ins(data: ReviewInput, day: date) -> tuple[CheckIn, ...]:
    cooloff = data.settings.cooloff_days
    eligible = [p for p in data.candidates if is_eligible_old(p, day, cooloff)]
    # Highest score first; the older record wins a tie, as in the queue.
    eligible.sort(key=lambda p: (-old_prospect_score(p, day), p.id))
    return tuple(
        CheckIn(
            prospect_id=p.id,
            prospect=p.name,
            company=p.company,
            lost_reason=p.lost_reason,
            last_contact=p.last_contact,
            best_stage=p.best_stage,
            conversations=p.conversations,
            value=p.value,
            score=old_prospect_score(p, day),
        )
        for p in eligible[:CHECK_INS]
    )


__all__ = [
    "Activity",
    "AllRecords",
    "BurnupPoint",
    "CheckIn",
    "ComposureSummary",
    "Counts",
    "DayLine",
    "NextWeek",
    "PaceSnapshot",
    "Review",
    "ReviewError",
    "ReviewInput",
    "RevivedLine",
    "SaleLine",
    "TargetReview",
    "TouchLine",
    "Window",
    "build_review",
    "choose_target",
    "window",
]
