"""Pace against a target: target + sales + working-day calendar -> PaceReport (pure, no I/O).

The numbers (DESIGN section 3), for target Q over the D working days of its period, with d
working days strictly before today and actual A (sales up to today, today included):

    expected E = Q*d/D            pace = A/E            behind_by = E - A (negative: ahead)
    remaining R = max(0, Q - A)   required per day = R/(D - d)          run rate = A/d

Today counts as a remaining day, so on the first working day d = 0 and nothing is expected
yet. Where the formulas are undefined: E == 0 gives pace None (status `ahead` when something
was sold already, else `on_track`: nothing was due); D - d == 0 gives required per day 0.0
when nothing remains, else None (no day is left to do it in); d == 0 gives run rate None.

Status: the pace band, confirmed by evidence
--------------------------------------------
The bands: `ahead` pace >= 1.10, `on_track` >= 0.99, `behind` >= 0.81, `at_risk` below. With
few sales (24 a year is 2 a month) a seller exactly at plan lands below 0.81 on many mornings
by luck alone, so a band away from `on_track` also needs evidence that chance does not
explain it. If the seller sold exactly at plan, the sales to date X would be Poisson with
mean E; then

- `at_risk` needs the band below 0.81 and P(X <= A | E) < 0.10;
- `behind` needs a band below 0.99 and P(X <= A | E) < 0.25 (so `at_risk` without its own
  evidence but with this one is `behind`);
- `ahead` needs the band >= 1.10 and P(X >= A | E) < 0.25;
- otherwise the status is `on_track`.

So an on-plan seller hears `at_risk` on at most 10% of mornings and `behind` or worse on at
most 25% (fewer: the counts are discrete and the bands must agree as well), while a seller at
half the plan is `behind` or worse on most days from the second month on. The seed example
(7 sales against 11.86 expected) has P(X <= 7) = 0.096: `at_risk`. Revenue targets weigh the
evidence in sales: expected sales E / v against actual sales A / v, with v the value of one
sale (the mean of the sales that carry an amount, else ``default_sale_value``).

The forecast
------------
``planner.forecast`` holds the model: a robust Gamma-Poisson on the daily sale rate whose
prior comes from the seller (past periods, touches logged x sale rate per touch, or the plan's
capacity), worth ``PRIOR_WEIGHT_DAYS`` working days, never the target; the pipeline of open
meetings on top; p_hit = P(A + future >= Q); projected = the mean, inside its 80% interval.
Revenue targets run it on sale counts (the period's sales, priced or not) and convert with
v: the sales still needed are ceil(R / v) and a percentile of future sales is worth that many
v. A sale logged today counts in A and in the rate while today is still a remaining day: a
slight optimism during the day that disappears tomorrow.

After the period (today past its end) the report is final: expected = Q, no remaining day,
projected = A with the interval collapsed on it, p_hit 1.0 if A >= Q else 0.0. A period with
no working day gives a report without a forecast; ``check_period`` refuses one with
``EmptyPeriodError`` (a ValueError), for the commands that set targets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from typing import NamedTuple

from planner.calendar import WorkCalendar
from planner.forecast import (
    PRIOR_WEIGHT_DAYS,
    EmptyPeriodError,
    OpenDeal,
    Outlook,
    PastPeriod,
    Pipeline,
    RatePosterior,
    RatePrior,
    SellerEvidence,
    apply_outlook,
    check_working_days,
    future_chance,
    future_reaches,
    future_sales,
    pipeline_of,
    rate_posterior,
    rate_prior,
)
from planner.models import PaceStatus, Period, Target, Touch
from planner.stats import poisson_cdf, poisson_sf

__all__ = [
    "AHEAD_AT",
    "AHEAD_EVIDENCE",
    "AT_RISK_EVIDENCE",
    "BEHIND_AT",
    "BEHIND_EVIDENCE",
    "ON_TRACK_AT",
    "PRIOR_WEIGHT_DAYS",
    "EmptyPeriodError",
    "OpenDeal",
    "Outlook",
    "PaceReport",
    "PaceTotals",
    "PastPeriod",
    "Pipeline",
    "SellerEvidence",
    "check_period",
    "pace_from_totals",
    "pace_report",
    "status_for",
]

AHEAD_AT = 1.10
ON_TRACK_AT = 0.99
BEHIND_AT = 0.81

# Evidence the band needs: the Poisson tail of the sales to date for a seller exactly at plan.
AT_RISK_EVIDENCE = 0.10  # P(X <= A | E) below this for at_risk
BEHIND_EVIDENCE = 0.25  # P(X <= A | E) below this for behind
AHEAD_EVIDENCE = 0.25  # P(X >= A | E) below this for ahead


@dataclass(frozen=True, slots=True)
class PaceReport:
    """Where the seller stands against one target on ``today`` (see the module docstring)."""

    today: date
    target: Target
    working_days_total: int  # D
    working_days_elapsed: int  # d: strictly before today
    working_days_remaining: int  # D - d: today counts as remaining
    actual: Decimal  # A: sale count or summed amounts, up to today included
    expected: float  # E = Q*d/D, 0 when D == 0
    pace: float | None  # A/E, None when E == 0
    status: PaceStatus
    gap: float  # E - A: positive = behind by that much, negative = ahead (= behind_by)
    remaining: Decimal  # max(0, Q - A)
    required_per_day: float | None  # R/(D-d); 0.0 when R == 0; None when R > 0 and D == d
    run_rate_per_day: float | None  # A/d, None when d == 0
    projected: float  # the forecast's mean finish, clamped into [low, high]
    projected_low: float  # 10th percentile of the finish
    projected_high: float  # 90th percentile of the finish
    p_hit: float  # probability of reaching Q
    behind_by: float = 0.0  # E - A in the target's unit: sales (or money) behind today
    final: bool = False  # the period is over: these are its final numbers
    pipeline: Pipeline = field(default_factory=Pipeline)  # open meetings, expected sales
    prior_source: str = ""  # where the forecast's prior rate came from, for people
    prior_rate: float = 0.0  # that prior, in sales per working day
    sale_value: float = 1.0  # v: value of one sale (1 for sales targets)
    carried_in: int = 0  # sales made before the seller kept records here, inside actual
    unpriced_sales: int = 0  # sales without an amount (revenue: they add nothing to actual)
    priced_sales: int = 0  # sales with an amount, carried-in ones included


def _band(pace: float | None, actual: Decimal | float) -> PaceStatus:
    if pace is None:
        return "ahead" if actual > 0 else "on_track"
    if pace >= AHEAD_AT:
        return "ahead"
    if pace >= ON_TRACK_AT:
        return "on_track"
    if pace >= BEHIND_AT:
        return "behind"
    return "at_risk"


def status_for(
    pace: float | None,
    *,
    actual: Decimal | float = 0,
    expected: float | None = None,
    sale_value: Decimal | float = 1,
) -> PaceStatus:
    """The status of a pace (module docstring).

    With ``expected`` (E, in the target's unit) the band must be confirmed by the Poisson
    evidence of A = ``actual`` against E, both counted in sales of ``sale_value`` each;
    without it, the band alone (the rule before evidence). No pace: ``actual`` decides.
    """
    band = _band(pace, actual)
    if expected is None or pace is None or band == "on_track":
        return band
    value = float(sale_value)
    if value <= 0:
        raise ValueError("sale_value must be greater than 0")
    mean = expected / value
    sold = float(actual) / value
    if band == "ahead":
        return "ahead" if poisson_sf(sold, mean) < AHEAD_EVIDENCE else "on_track"
    tail = poisson_cdf(sold, mean)
    if band == "at_risk" and tail < AT_RISK_EVIDENCE:
        return "at_risk"
    return "behind" if tail < BEHIND_EVIDENCE else "on_track"


def check_period(period: Period, calendar: WorkCalendar) -> int:
    """The number of working days in ``period``; ``EmptyPeriodError`` when there is none."""
    total = calendar.count(period.start, period.end)
    check_working_days(total, period.label)
    return total


def pace_report(
    target: Target,
    sales: Iterable[Touch],
    calendar: WorkCalendar,
    today: date,
    *,
    default_sale_value: Decimal = Decimal("1000"),
    evidence: SellerEvidence | None = None,
) -> PaceReport:
    """Pace, requirement and forecast of ``target`` on ``today``.

    ``sales`` may hold any touches: only sales inside the period dated up to ``today`` count.
    ``default_sale_value`` converts revenue into sale counts before any priced sale exists.
    ``evidence`` is what the seller's record says about their rate (touches, funnel, past
    periods, open meetings); None means none is known: the plan defaults of
    ``SellerEvidence()`` (40 touches a day at the default sale rate per touch).
    """
    period = target.period
    last_counted = min(today, period.end)
    sale_count = 0
    priced_count = 0
    revenue = Decimal(0)
    for touch in sales:
        if touch.outcome != "sale":
            continue
        day = touch.at.date()
        if day < period.start or day > last_counted:
            continue
        sale_count += 1
        if touch.amount is not None:
            priced_count += 1
            revenue += touch.amount
    return pace_from_totals(
        target,
        sale_count=sale_count,
        priced_count=priced_count,
        revenue=revenue,
        calendar=calendar,
        today=today,
        default_sale_value=default_sale_value,
        evidence=evidence,
    )


class _Figures(NamedTuple):
    total: int
    elapsed: int
    days_left: int
    final: bool
    actual: Decimal
    sale_value: Decimal
    expected: float
    pace: float | None
    remaining: Decimal
    required: float | None
    run_rate: float | None
    prior: RatePrior
    posterior: RatePosterior
    deals: tuple[OpenDeal, ...]
    forecast_value: Decimal
    needed: int
    sale_count: int
    priced_count: int


class PaceTotals(NamedTuple):
    """What a pace report is computed from, for callers that already hold the totals (the
    store's day summaries): the target's sales inside its period up to ``today``, today
    included, ``sale_count`` of them, ``priced_count`` with an amount, summing to
    ``revenue``. ``carried_in`` sales (worth ``carried_in_amount`` in all, when given) were
    made before the seller kept records: they count in actual, the run rate and the
    forecast's record like any sale (DESIGN section 2), priced when their amount is given.

    ``report()`` is the whole report, ``chance()`` its ``p_hit`` alone, bit for bit, and
    ``reaches()`` whether that is at least a level (planner.whatif's searches ask that some
    15 times an export); ``outlook``
    changes the forecast's future only: the same model, with another rate, close rate or
    sale value from today on."""

    target: Target
    sale_count: int
    priced_count: int
    revenue: Decimal
    calendar: WorkCalendar
    today: date
    default_sale_value: Decimal = Decimal("1000")
    evidence: SellerEvidence | None = None
    carried_in: int = 0
    carried_in_amount: Decimal | None = None

    def report(self, outlook: Outlook | None = None) -> PaceReport:
        return _report(self, outlook)

    def chance(self, outlook: Outlook | None = None) -> float:
        f = _figures(self, outlook)
        return future_chance(f.posterior, f.days_left, [d.probability for d in f.deals], f.needed)

    def reaches(self, outlook: Outlook | None, level: float) -> bool:
        """``chance(outlook) >= level``, the same answer, mostly without computing the chance
        (planner.forecast.future_reaches): all that a what-if search asks."""
        f = _figures(self, outlook)
        probs = [d.probability for d in f.deals]
        return future_reaches(f.posterior, f.days_left, probs, f.needed, level)


def _figures(totals: PaceTotals, outlook: Outlook | None) -> _Figures:
    """Everything of the report but the future, and what the future is computed from."""
    target, sale_count, priced_count, revenue, calendar, today = totals[:6]
    default_sale_value, evidence, carried_in, carried_in_amount = totals[6:]
    if default_sale_value <= 0:
        raise ValueError("default_sale_value must be greater than 0")
    if carried_in < 0:
        raise ValueError("carried-in sales must be >= 0")
    evidence = evidence if evidence is not None else SellerEvidence()
    sale_count += carried_in
    if carried_in and carried_in_amount is not None:
        priced_count += carried_in
        revenue += carried_in_amount
    period = target.period
    quota = target.amount
    total = calendar.count(period.start, period.end)
    if today <= period.start:
        elapsed = 0
    else:
        elapsed = calendar.count(period.start, min(today - timedelta(days=1), period.end))
    days_left = total - elapsed
    final = today > period.end

    if target.metric == "revenue":
        actual = revenue
        sale_value = revenue / priced_count if priced_count else default_sale_value
        if sale_value <= 0:  # only zero or negative amounts logged: no usable mean
            sale_value = default_sale_value
    else:
        actual = Decimal(sale_count)
        sale_value = Decimal(1)
    actual_f = float(actual)
    quota_f = float(quota)

    if not total:
        expected = 0.0
    elif final:
        expected = quota_f  # exactly Q, without the rounding of Q*D/D
    else:
        expected = quota_f * elapsed / total
    pace = actual_f / expected if expected > 0 else None
    remaining = max(Decimal(0), quota - actual)
    if remaining == 0:
        required: float | None = 0.0
    elif days_left > 0:
        required = float(remaining) / days_left
    else:
        required = None
    run_rate = actual_f / elapsed if elapsed else None

    # The forecast, in sale counts (planner.forecast): never a function of the target.
    prior = rate_prior(evidence, worked_days=min(total, elapsed + 1))
    record_days = elapsed if evidence.record_days is None else min(elapsed, evidence.record_days)
    posterior = rate_posterior(prior, sales=sale_count, days=record_days)
    deals = evidence.open_meetings if days_left > 0 else ()
    forecast_value = sale_value
    if outlook is not None:
        posterior, deals = apply_outlook(outlook, posterior, deals)
        if outlook.sale_value is not None and target.metric == "revenue":
            forecast_value = Decimal(str(outlook.sale_value))
    sales_needed = int((remaining / forecast_value).to_integral_value(rounding=ROUND_CEILING))
    return _Figures(
        total,
        elapsed,
        days_left,
        final,
        actual,
        sale_value,
        expected,
        pace,
        remaining,
        required,
        run_rate,
        prior,
        posterior,
        tuple(deals),
        forecast_value,
        sales_needed,
        sale_count,
        priced_count,
    )


def pace_from_totals(
    target: Target,
    *,
    sale_count: int,
    priced_count: int,
    revenue: Decimal,
    calendar: WorkCalendar,
    today: date,
    default_sale_value: Decimal = Decimal("1000"),
    evidence: SellerEvidence | None = None,
    carried_in: int = 0,
    carried_in_amount: Decimal | None = None,
    outlook: Outlook | None = None,
) -> PaceReport:
    """The same report from totals the caller already has (see PaceTotals)."""
    return PaceTotals(
        target,
        sale_count,
        priced_count,
        revenue,
        calendar,
        today,
        default_sale_value,
        evidence,
        carried_in,
        carried_in_amount,
    ).report(outlook)


def _report(totals: PaceTotals, outlook: Outlook | None) -> PaceReport:
    f = _figures(totals, outlook)
    target, today, carried_in = totals.target, totals.today, totals.carried_in
    future = future_sales(f.posterior, f.days_left, [d.probability for d in f.deals], f.needed)
    forecast_f = float(f.forecast_value)
    actual_f = float(f.actual)
    low = actual_f + future.low * forecast_f
    high = actual_f + future.high * forecast_f
    projected = min(high, max(low, actual_f + future.mean * forecast_f))

    return PaceReport(
        today=today,
        target=target,
        working_days_total=f.total,
        working_days_elapsed=f.elapsed,
        working_days_remaining=f.days_left,
        actual=f.actual,
        expected=f.expected,
        pace=f.pace,
        status=status_for(f.pace, actual=f.actual, expected=f.expected, sale_value=f.sale_value),
        gap=f.expected - actual_f,
        remaining=f.remaining,
        required_per_day=f.required,
        run_rate_per_day=f.run_rate,
        projected=projected,
        projected_low=low,
        projected_high=high,
        p_hit=future.p_reach,
        behind_by=f.expected - actual_f,
        final=f.final,
        pipeline=pipeline_of(f.deals),
        prior_source=f.prior.source
        + ("" if f.posterior.prior_share >= 0.5 else "; set aside: the sales record disagrees"),
        prior_rate=f.prior.daily_rate,
        sale_value=float(f.sale_value),
        carried_in=carried_in,
        unpriced_sales=f.sale_count - f.priced_count,
        priced_sales=f.priced_count,
    )
