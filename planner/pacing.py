"""Pace against a target: target + sales + working-day calendar -> PaceReport (pure, no I/O)."""

# The numbers (DESIGN section 3), for target Q over the D working days of its period, with
# d working days strictly before today and actual A (sales up to today, today included):
#
#   expected E = Q*d/D            pace = A/E            remaining R = max(0, Q - A)
#   required per day = R/(D - d)  run rate = A/d        projected = A + run rate*(D - d)
#
# Today counts as a remaining day, so on the first working day d = 0 and nothing is expected
# yet. Choices where the formulas are undefined:
#
# - E == 0 (first working day, target 0, or a period with no working days): pace is None and
#   the status is `ahead` when something was sold already, else `on_track` (nothing was due).
# - D - d == 0 (the period is over, or has no working days): required per day is 0.0 when
#   nothing remains, else None (no day is left to do it in).
# - d == 0: run rate is None and `projected` is the model's mean finish (below) instead of
#   the straight line, which would have no rate to extend.
#
# The forecast model (p_hit and the 80% interval of the finish). Sales arrive at an unknown
# daily rate; given the rate, a day's sales are Poisson. Our belief about the rate is a gamma
# distribution that starts out as the plan (Q/D sales a day, in sale counts) held with the
# weight of only PRIOR_DAYS working days of evidence: after two weeks of real selling the
# seller's own record weighs as much as the plan, and after a few weeks it dominates. Each
# working day elapsed and each sale counted update it: alpha = plan rate * PRIOR_DAYS + sales
# counted, beta = PRIOR_DAYS + d. The number of sales still to come in the D - d remaining
# days is then negative binomial (r = alpha, p = beta/(beta + D - d)), and
#
#   p_hit = P(A + future sales >= Q), projected_low/high = A + its 10th/90th percentile.
#
# Up to a few hundred sales the distribution is summed exactly, term by term; beyond that
# (huge targets, very long periods) the gamma with the same mean and variance stands in for
# it (Wilson-Hilferty), which agrees to within about 0.002 where both can be computed.
# With no remaining day the finish is A itself, so p_hit is 1.0 if A >= Q else 0.0.
#
# Revenue targets run the same model on sale counts and convert with the mean sale amount
# (the mean of the period's sales that carry an amount, else `default_sale_value`): the sales
# still needed are ceil(R / mean amount), and a percentile of future sales is worth that many
# mean amounts. A sale logged today counts in A and in the rate while today is still a
# remaining day: a slight optimism during the day that disappears tomorrow.

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal

from planner.calendar import WorkCalendar
from planner.models import PaceStatus, Target, Touch

AHEAD_AT = 1.10
ON_TRACK_AT = 0.99
BEHIND_AT = 0.81

# Weight of the plan as prior evidence, in working days: weak enough that the seller's own
# record dominates after a few weeks, strong enough that one early sale is not extrapolated.
PRIOR_DAYS = 10.0

_LOW_LEVEL = 0.10
_HIGH_LEVEL = 0.90
_Z_HIGH = 1.2815515655446004  # standard normal 90th percentile; the 10th is its negative
# Exact summation of the negative binomial is used while its bulk lies below this many sales:
# it keeps P(X = 0) >= e^-600 (no underflow) and the loop well under a millisecond.
_EXACT_BULK = 600.0
_EXACT_MAX_TERMS = 2000
_TAIL_NEGLIGIBLE = 1e-10


@dataclass(frozen=True, slots=True)
class PaceReport:
    """Where the seller stands against one target on ``today`` (see the module comments)."""

    today: date
    target: Target
    working_days_total: int  # D
    working_days_elapsed: int  # d: strictly before today
    working_days_remaining: int  # D - d: today counts as remaining
    actual: Decimal  # A: sale count or summed amounts, up to today included
    expected: float  # E = Q*d/D, 0 when D == 0
    pace: float | None  # A/E, None when E == 0
    status: PaceStatus
    gap: float  # E - A: positive = behind by that much, negative = ahead
    remaining: Decimal  # max(0, Q - A)
    required_per_day: float | None  # R/(D-d); 0.0 when R == 0; None when R > 0 and D == d
    run_rate_per_day: float | None  # A/d, None when d == 0
    projected: float  # A + run rate*(D-d); the model's mean finish when d == 0
    projected_low: float  # 10th percentile of the finish
    projected_high: float  # 90th percentile of the finish
    p_hit: float  # probability of reaching Q at the current smoothed rate


def status_for(pace: float | None, *, actual: Decimal | float = 0) -> PaceStatus:
    """The status band of a pace; with no pace (nothing expected yet) ``actual`` decides."""
    if pace is None:
        return "ahead" if actual > 0 else "on_track"
    if pace >= AHEAD_AT:
        return "ahead"
    if pace >= ON_TRACK_AT:
        return "on_track"
    if pace >= BEHIND_AT:
        return "behind"
    return "at_risk"


def pace_report(
    target: Target,
    sales: Iterable[Touch],
    calendar: WorkCalendar,
    today: date,
    *,
    default_sale_value: Decimal = Decimal("1000"),
) -> PaceReport:
    """Pace, requirement and forecast of ``target`` on ``today``.

    ``sales`` may hold any touches: only sales inside the period dated up to ``today`` count.
    ``default_sale_value`` converts revenue into sale counts before any priced sale exists.
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
) -> PaceReport:
    """The same report from totals the caller already has (e.g. the store's day summaries).

    The totals cover the target's sales inside the period up to ``today``, today included:
    ``sale_count`` sales, ``priced_count`` of them with an amount, summing to ``revenue``.
    """
    if default_sale_value <= 0:
        raise ValueError("default_sale_value must be greater than 0")
    period = target.period
    quota = target.amount
    total = calendar.count(period.start, period.end)
    if today <= period.start:
        elapsed = 0
    else:
        elapsed = calendar.count(period.start, min(today - timedelta(days=1), period.end))
    days_left = total - elapsed

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

    expected = quota_f * elapsed / total if total else 0.0
    pace = actual_f / expected if expected > 0 else None
    remaining = max(Decimal(0), quota - actual)
    if remaining == 0:
        required: float | None = 0.0
    elif days_left > 0:
        required = float(remaining) / days_left
    else:
        required = None
    run_rate = actual_f / elapsed if elapsed else None

    # The forecast, in sale counts: gamma posterior of the daily rate -> negative binomial.
    value_f = float(sale_value)
    plan_rate = float(quota / sale_value) / total if total else 0.0
    alpha = plan_rate * PRIOR_DAYS + sale_count
    beta = PRIOR_DAYS + elapsed
    sales_needed = int((remaining / sale_value).to_integral_value(rounding=ROUND_CEILING))
    p_hit, low, high = _future_sales(alpha, beta, days_left, sales_needed)
    if run_rate is not None:
        projected = actual_f + run_rate * days_left
    else:
        projected = actual_f + value_f * alpha * days_left / beta

    return PaceReport(
        today=today,
        target=target,
        working_days_total=total,
        working_days_elapsed=elapsed,
        working_days_remaining=days_left,
        actual=actual,
        expected=expected,
        pace=pace,
        status=status_for(pace, actual=actual),
        gap=expected - actual_f,
        remaining=remaining,
        required_per_day=required,
        run_rate_per_day=run_rate,
        projected=projected,
        projected_low=actual_f + low * value_f,
        projected_high=actual_f + high * value_f,
        p_hit=p_hit,
    )


# ---------------------------------------------------------------- negative binomial


def _future_sales(alpha: float, beta: float, days: int, needed: int) -> tuple[float, float, float]:
    """(P(X >= needed), 10th, 90th percentile) of the sales X in ``days`` remaining days."""
    if days <= 0 or alpha <= 0:
        # No day left, or a rate known to be zero: nothing more will be sold.
        return (1.0 if needed <= 0 else 0.0), 0.0, 0.0
    p = beta / (beta + days)
    q = days / (beta + days)  # 1 - p without the cancellation
    mean = alpha * q / p
    result = None
    if mean + 8.0 * math.sqrt(mean / p) < _EXACT_BULK:
        result = _exact(alpha, p, q, needed)
    if result is None:
        result = _approximate(alpha, p, mean, needed)
    tail, low, high = result
    return min(1.0, max(0.0, tail)), low, max(low, high)


def _exact(alpha: float, p: float, q: float, needed: int) -> tuple[float, float, float] | None:
    """Sum the probabilities P(X = k) = P(X = k-1) * (k-1+alpha)/k * q upwards from 0.

    First up to both percentiles, then on to ``needed - 1`` for p_hit. That second walk
    stops early once the rest of the tail is provably below _TAIL_NEGLIGIBLE (past the mode
    the terms shrink at least geometrically, by the larger of q and the current step ratio)
    and is cut at _EXACT_MAX_TERMS, where, with the bulk below _EXACT_BULK, what is left out
    is below 0.001 of probability. Returns None if a percentile was not found.
    """
    term = math.exp(alpha * math.log(p))
    cdf = term
    k = 0
    low = -1
    below = 0.0  # P(X <= needed - 1)
    while cdf < _HIGH_LEVEL:
        if low < 0 and cdf >= _LOW_LEVEL:
            low = k
        if k == needed - 1:
            below = cdf
        if k >= _EXACT_MAX_TERMS:
            return None
        term *= (k + alpha) / (k + 1) * q
        k += 1
        cdf += term
    high = k
    if low < 0:
        low = k
    if k <= needed - 1:
        stop = min(needed - 1, _EXACT_MAX_TERMS)
        while k < stop:
            term *= (k + alpha) / (k + 1) * q
            k += 1
            cdf += term
            if not k & 31:  # the bound costs more than a step: look at it now and then
                shrink = max((k + alpha) / (k + 1) * q, q)
                if shrink < 1.0 and term * shrink < _TAIL_NEGLIGIBLE * (1.0 - shrink):
                    break
        below = cdf
    return 1.0 - below, float(low), float(high)


def _approximate(alpha: float, p: float, mean: float, needed: int) -> tuple[float, float, float]:
    """Large counts: the gamma with the same mean and variance, via Wilson-Hilferty.

    The cube root of a gamma variable is close to normal even when it is skewed, so this
    stays sensible for a huge target (large shape) and for a rate that is barely known
    (small shape); a half-sale continuity correction stands in for the discreteness.
    """
    shape = mean * p  # gamma shape matching mean and variance mean/p
    if not shape > 0 or not math.isfinite(mean):
        return (1.0 if needed <= 0 else 0.0), 0.0, 0.0
    centre = 1.0 - 1.0 / (9.0 * shape)
    width = math.sqrt(1.0 / (9.0 * shape))

    def quantile(z: float) -> float:
        root = max(0.0, centre + z * width)
        return float(max(0, math.ceil(mean * root**3 - 0.5)))

    threshold = needed - 0.5
    if threshold <= 0:
        tail = 1.0
    else:
        z = ((threshold / mean) ** (1.0 / 3.0) - centre) / width
        tail = 0.5 * math.erfc(z / math.sqrt(2.0))
    return tail, quantile(-_Z_HIGH), quantile(_Z_HIGH)
