"""The forecast of a period's finish, from the seller's own record (pure, no I/O).

The model
---------
Sales arrive at an unknown daily rate ``lam`` (sales per working day); given ``lam``, a
working day's sales are Poisson. Belief about ``lam`` starts from a prior rate ``r0`` that
comes from the seller, **never from the target** (the first that applies):

1. past periods: the pooled sales per working day of the seller's earlier periods;
2. touches logged this period: touches per worked day x the sale rate per touch the seller
   is known for (``SellerEvidence.p_sale``, the funnel's smoothed rate from before this
   period's sales, by default the planned rate);
3. before any touch: the plan's capacity (touches a day) x that sale rate per touch.

In case 2 the period's sales come in once, through the update below, so the rate the
forecast ends up with is touches a day x (k + S*p)/(n + S): the touches logged times the
smoothed sale rate per touch, with a smoothing strength S of ``PRIOR_WEIGHT_DAYS`` days of
those touches. (Taking the period's smoothed rate as the prior *and* updating with the same
sales again would count each early sale twice, and a single sale on the second day of a year
would turn a 27% chance into 99%.)

The prior is robust (a two-part mixture, as in robust meta-analytic priors):

    with weight 1 - ROBUST_WEIGHT:  Gamma(shape = W * r0, rate = W)   worth W working days
    with weight ROBUST_WEIGHT:      Gamma(shape = 1, rate = 1 / r0)   worth one sale

with ``W`` = ``PRIOR_WEIGHT_DAYS``. After A sales in d elapsed working days each part
becomes Gamma(shape + A, rate + d), and the parts are reweighted by how well each predicted
those A sales (their negative binomial likelihoods). While the record agrees with the prior,
the first part carries the forecast and one early sale moves it by 1 / (W * r0 + A) of
itself; when the record contradicts the prior (a plan of 40 touches a day at 3% per touch,
i.e. 1.26 sales a day, against 7 sales in 129 days), the second part takes over and the
forecast follows the record. After a quarter of selling the record weighs as much as W.

Sales still to come in the R remaining working days (today counts as remaining) are, for each
part, negative binomial NB(r = alpha, p = beta / (beta + R)). Open deals are added on top:
each prospect that reached a meeting and is still open closes inside the period with its own
probability q_i = (meeting -> sale rate) x (lead-time weight: the chance it closes before the
period ends), independently, so the pipeline's sales are Poisson-binomial with mean sum(q_i).
The rate term stands for business still to be found and the pipeline for business already in
hand (a deal that closes soon is in both, a slight optimism bounded by the pipeline's mean).
With X the total future sales,

    p_hit      = P(A + X >= Q)                        (Q and A in sale counts)
    low, high  = A + 10th / 90th percentile of X      (the 80% interval)
    projected  = A + E[X], clamped into [low, high]

The mean sits inside the central 80% except in very skewed cases (almost all the mass on one
count with a long thin tail: a barely known rate and no sale yet); there it is clamped, so
``projected`` is always inside its own interval.

Up to a few hundred sales the distribution is summed exactly as a pmf; beyond that the same
mixture's cdf is read point by point through the incomplete beta function, so there is no
approximation anywhere and no jump between the two (the arithmetic is in ``planner.stats``, as
are the Poisson tails of the status rule).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from planner.stats import (
    convolve,
    log_negative_binomial_pmf,
    negative_binomial_mixture_quantiles_and_tail,
    negative_binomial_mixture_tail,
    negative_binomial_pmf,
    pmf_quantiles_and_tail,
    pmf_tail,
    poisson_binomial_pmf,
)

# Weight of the seller's prior rate, in working days (about a quarter of selling). One sale on
# 2 January then moves a 24-a-year seller's chance from 43% to 64%, not from 37% to 76%, while
# the calibration simulation still separates slow sellers from fast ones by day 60
# (tests/unit/test_calibration.py, benchmarks/calibration.py).
PRIOR_WEIGHT_DAYS = 60.0
# Weight of the "anything goes" part of the robust prior (worth one sale at the prior rate).
ROBUST_WEIGHT = 0.1
# The robust part needs a scale when the prior rate is 0: at most this many days of weight.
_ROBUST_MAX_DAYS = 100.0

# Defaults that mirror planner.models.Settings, for callers that pass no evidence at all.
DEFAULT_CAPACITY = 40.0
DEFAULT_P_SALE = 0.30 * 0.30 * 0.35

LOW_LEVEL = 0.10
HIGH_LEVEL = 0.90
_EXACT_BULK = 600.0  # exact summation while mean + 8 sd stays below this many sales
_EXACT_MAX_DEALS = 400  # Poisson-binomial by convolution up to this many open deals
# future_reaches answers from Cantelli's bound only when it leaves the chance this far from the
# level (a margin far wider than any rounding of the chance itself), and from the cdf sum
# only when that lands this far from it (the two sums differ by ~1e-13: rounding alone).
_BOUND_MARGIN = 0.01
_SUM_MARGIN = 1e-9


class EmptyPeriodError(ValueError):
    """A target's period holds no working day: nothing could ever be sold in it."""


# ---------------------------------------------------------------- the seller's evidence


@dataclass(frozen=True, slots=True)
class OpenDeal:
    """A prospect that reached a meeting and is still open.

    ``p_close``: the meeting -> sale rate (per meeting, e.g. the funnel's smoothed close rate);
    ``weight``: the lead-time weight, the chance that the sale, if it comes, comes before the
    period ends (1.0 when the typical lead time fits in what is left of the period).
    """

    p_close: float
    weight: float = 1.0

    def __post_init__(self) -> None:
        for name, value in (("p_close", self.p_close), ("weight", self.weight)):
            if not (math.isfinite(value) and 0.0 <= value <= 1.0):
                raise ValueError(f"{name} must be in [0, 1], got {value}")

    @property
    def probability(self) -> float:
        """The chance this deal becomes a sale inside the period."""
        return self.p_close * self.weight


@dataclass(frozen=True, slots=True)
class PastPeriod:
    """One earlier period of the seller: the sales made over its working days."""

    sales: int
    working_days: int

    def __post_init__(self) -> None:
        if self.sales < 0 or self.working_days < 0:
            raise ValueError("a past period's sales and working days must be >= 0")


@dataclass(frozen=True, slots=True)
class SellerEvidence:
    """What the seller's record says about their sale rate, independent of any target.

    - ``touches``: touches logged in the period so far, over ``touch_days`` worked days (the
      working days from the first logged call through today; 0 = the period's working days
      through today);
    - ``p_sale_a``, ``p_sale_b``: Beta(a, b) of the sale rate per touch as known *before* this
      period's sales: the funnel's prior, a = m*p0 and b = m*(1 - p0), plus any earlier
      periods' sales and other touches (``beta_counts``). Both 0: ``DEFAULT_P_SALE``;
    - ``capacity``: the plan's touches a working day, used before any touch is logged;
    - ``past_periods``: earlier periods' sales and working days (first in the prior's order);
    - ``open_meetings``: open deals that reached a meeting (the pipeline);
    - ``record_days``: the working days before today that the sales record covers (None: the
      whole period so far). A seller who started keeping records mid-period without saying
      what was sold before has no record of the days before the first logged touch: the
      forecast's update then reads A sales in these days, not in all the elapsed ones.
    """

    touches: int = 0
    touch_days: int = 0
    p_sale_a: float = 0.0
    p_sale_b: float = 0.0
    capacity: float = DEFAULT_CAPACITY
    past_periods: tuple[PastPeriod, ...] = ()
    open_meetings: tuple[OpenDeal, ...] = ()
    record_days: int | None = None

    def __post_init__(self) -> None:
        if self.record_days is not None and self.record_days < 0:
            raise ValueError("record_days must be >= 0")
        if self.touches < 0 or self.touch_days < 0:
            raise ValueError("touches and touch_days must be >= 0")
        for value in (self.p_sale_a, self.p_sale_b):
            if not (math.isfinite(value) and value >= 0.0):
                raise ValueError("the Beta counts of p_sale must be finite and >= 0")
        if not (math.isfinite(self.capacity) and self.capacity >= 0.0):
            raise ValueError("capacity must be a finite number >= 0")

    @property
    def p_sale(self) -> float:
        """The sale rate per touch: the Beta's mean, or ``DEFAULT_P_SALE`` without counts."""
        total = self.p_sale_a + self.p_sale_b
        return self.p_sale_a / total if total > 0 else DEFAULT_P_SALE


def beta_counts(
    prior: float, strength: float, *, sales: int = 0, touches: int = 0
) -> tuple[float, float]:
    """Beta(a, b) of a sale rate per touch smoothed as the funnel does, p = (k + m*p0)/(n + m):
    a = k + m*p0, b = n - k + m*(1 - p0). Pass earlier periods' counts, not this period's."""
    return sales + strength * prior, max(0, touches - sales) + strength * (1.0 - prior)


class Pipeline(NamedTuple):
    """Open deals that reached a meeting, and the sales they are expected to bring in the
    period: the sum of their ``OpenDeal.probability``."""

    open_meetings: int = 0
    expected_sales: float = 0.0


def lead_time_weight(lead_days: float | None, days_in_cycle: int, days_left: int) -> float:
    """The chance an open deal's sale, if it comes, comes inside the period.

    With a median lead time L (days from a cycle's first touch to its sale) and a deal whose
    cycle began ``days_in_cycle`` days ago, the sale is due in about L - days_in_cycle more
    days. It fits when that is within ``days_left`` calendar days (today included): weight
    1; otherwise the share of that wait the period still covers, days_left / wait. A deal
    already past the typical lead time is less likely to close at all the longer it waits:
    weight L / days_in_cycle. An unknown lead time weighs 1 (nothing says the deal is slow);
    no day left weighs 0.
    """
    if days_left <= 0:
        return 0.0
    if lead_days is None:
        return 1.0
    if days_in_cycle > lead_days:
        return max(0.0, lead_days) / days_in_cycle
    wait = lead_days - max(0, days_in_cycle)
    return 1.0 if wait <= days_left else days_left / wait


def pipeline_of(deals: Sequence[OpenDeal]) -> Pipeline:
    return Pipeline(len(deals), sum(d.probability for d in deals))


# NamedTuples rather than dataclasses here and for Pipeline: read by attribute only, and
# each dataclass costs `planner status` about half a millisecond to define at start-up.
class RatePrior(NamedTuple):
    """The seller's prior daily sale rate and where it came from."""

    daily_rate: float  # r0, sales per working day
    source: str  # one line for people: "from 62 touches at 3.1% per touch"


def _percent(value: float) -> str:
    return f"{value:.1%}" if value < 0.1 else f"{value:.0%}"


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"


def rate_prior(evidence: SellerEvidence, *, worked_days: int) -> RatePrior:
    """The seller's prior daily sale rate r0 (module docstring, points 1-3).

    ``worked_days`` stands in for ``evidence.touch_days`` when that is 0.
    """
    past_days = sum(p.working_days for p in evidence.past_periods)
    if past_days > 0:
        past_sales = sum(p.sales for p in evidence.past_periods)
        return RatePrior(
            past_sales / past_days,
            f"from {_plural(len(evidence.past_periods), 'past period')}: "
            f"{_plural(past_sales, 'sale')} in {past_days} working days",
        )
    p = evidence.p_sale
    if evidence.touches > 0:
        days = evidence.touch_days or max(1, worked_days)
        return RatePrior(
            evidence.touches / days * p,
            f"from {_plural(evidence.touches, 'touch', 'touches')} at {_percent(p)} per touch",
        )
    return RatePrior(
        evidence.capacity * p,
        f"from the plan: {evidence.capacity:g} touches a day at {_percent(p)} per touch",
    )


class RatePosterior(NamedTuple):
    """A mixture of gamma distributions of the daily rate: (weight, shape, rate) parts."""

    parts: tuple[tuple[float, float, float], ...]  # the seller's prior first, then the robust

    @property
    def mean(self) -> float:
        return sum(w * a / b for w, a, b in self.parts if b > 0)

    @property
    def prior_share(self) -> float:
        """Posterior weight of the seller's prior part: below 1/2, the record overrules it."""
        return self.parts[0][0]


def rate_posterior(prior: RatePrior, *, sales: int, days: int) -> RatePosterior:
    """The robust mixture prior (module docstring) updated with ``sales`` in ``days``."""
    r0 = max(0.0, prior.daily_rate)
    robust_days = min(1.0 / r0, _ROBUST_MAX_DAYS) if r0 > 0 else _ROBUST_MAX_DAYS
    parts = (
        (1.0 - ROBUST_WEIGHT, PRIOR_WEIGHT_DAYS * r0, PRIOR_WEIGHT_DAYS),
        (ROBUST_WEIGHT, robust_days * max(r0, 1.0 / _ROBUST_MAX_DAYS), robust_days),
    )
    if days <= 0 and sales <= 0:
        return RatePosterior(parts)
    logs = [
        math.log(w) + log_negative_binomial_pmf(sales, a, b / (b + days))
        if days > 0
        else math.log(w)
        for w, a, b in parts
    ]
    top = max(logs)
    weights = [math.exp(x - top) if x > -math.inf else 0.0 for x in logs]
    total = sum(weights)
    return RatePosterior(
        tuple((w / total, a + sales, b + days) for w, (_, a, b) in zip(weights, parts, strict=True))
    )


# ---------------------------------------------------------------- future sales


class FutureSales(NamedTuple):
    """Sales still to come (counts): mean, 10th and 90th percentiles, P(X >= needed)."""

    mean: float
    low: float
    high: float
    p_reach: float


_Parts = list[tuple[float, float, float, float, float]]  # (weight, shape, p, mean, variance)


def _future_parts(
    posterior: RatePosterior, days: int, deals: Sequence[float]
) -> tuple[_Parts, list[float], float, float, bool]:
    """The negative binomial parts of the rate term, the deals' chances, the mean and the
    variance of X and whether X is small enough to be summed as a pmf."""
    probs = [min(1.0, max(0.0, q)) for q in deals]
    pb_mean = sum(probs)
    pb_var = sum(q * (1.0 - q) for q in probs)
    nb: _Parts = []
    for w, a, b in posterior.parts:
        if w <= 0.0:
            continue
        if days > 0 and a > 0 and b > 0:
            p = b / (b + days)
            m = a * days / b
            nb.append((w, a, p, m, m / p))
        else:
            nb.append((w, 0.0, 1.0, 0.0, 0.0))
    mean = pb_mean + sum(w * m for w, _, _, m, _ in nb)
    second = sum(w * (v + m * m) for w, _, _, m, v in nb)
    nb_mean = sum(w * m for w, _, _, m, _ in nb)
    var = pb_var + max(0.0, second - nb_mean * nb_mean)
    exact = mean + 8.0 * math.sqrt(var) < _EXACT_BULK and len(probs) <= _EXACT_MAX_DEALS
    return nb, probs, mean, var, exact


def _summed_pmf(nb: _Parts, probs: list[float], size: int | None = None) -> list[float]:
    """The pmf of X (its first ``size`` terms when given, each as in the whole pmf): the rate
    term's mixture of negative binomials convolved with the deals' Poisson-binomial."""
    deals = poisson_binomial_pmf(probs)
    # Cut no shorter than the deals' pmf, so that convolve pairs and sums the terms in the
    # same order as for the whole pmf (it puts the longer list first).
    cap = None if size is None else max(size, len(deals))
    return convolve(_mixed_pmf(nb, cap), deals, size)


def _mixed_pmf(nb: _Parts, cap: int | None) -> list[float]:
    """The rate term's pmf: the mixture of its negative binomials (first ``cap`` terms)."""
    mixed: list[float] = []
    for w, a, p, m, v in nb:
        pmf = negative_binomial_pmf(a, p, m, v, cap)
        if len(pmf) > len(mixed):
            mixed.extend([0.0] * (len(pmf) - len(mixed)))
        for k, mass in enumerate(pmf):
            mixed[k] += w * mass
    return mixed


def future_sales(
    posterior: RatePosterior, days: int, deals: Sequence[float], needed: int
) -> FutureSales:
    """X = (mixture of NB(alpha, beta / (beta + days))) + Poisson-binomial(deals).

    ``deals`` are the open deals' probabilities of closing inside the period; ``needed`` the
    sales still needed to reach the target.
    """
    nb, probs, mean, _, exact = _future_parts(posterior, days, deals)
    if mean <= 0.0:
        return FutureSales(0.0, 0.0, 0.0, 1.0 if needed <= 0 else 0.0)
    if exact:
        pmf = _summed_pmf(nb, probs)
        low, high, p_reach = pmf_quantiles_and_tail(pmf, needed, LOW_LEVEL, HIGH_LEVEL)
    else:
        # Too many sales to list a pmf: the same mixture, its cdf read point by point.
        parts = [(w, a, p) for w, a, p, _, _ in nb]
        deals_pmf = poisson_binomial_pmf(probs)
        low, high, p_reach = negative_binomial_mixture_quantiles_and_tail(
            parts, needed, LOW_LEVEL, HIGH_LEVEL, deals_pmf
        )
    return FutureSales(mean, low, high, p_reach)


def future_chance(
    posterior: RatePosterior, days: int, deals: Sequence[float], needed: int
) -> float:
    """``future_sales(...).p_reach``, bit for bit, without the percentiles: the pmf only up to
    ``needed`` and one cdf point of the large counts (what a what-if search asks, many times)."""
    nb, probs, mean, _, exact = _future_parts(posterior, days, deals)
    return _chance(nb, probs, mean, exact, needed)


def _chance(nb: _Parts, probs: list[float], mean: float, exact: bool, needed: int) -> float:
    if mean <= 0.0:
        return 1.0 if needed <= 0 else 0.0
    if exact:
        return pmf_tail(_summed_pmf(nb, probs, max(0, needed)), needed)
    parts = [(w, a, p) for w, a, p, _, _ in nb]
    return negative_binomial_mixture_tail(parts, needed, poisson_binomial_pmf(probs))


def future_reaches(
    posterior: RatePosterior, days: int, deals: Sequence[float], needed: int, level: float
) -> bool:
    """``future_chance(...) >= level``, always the same answer, mostly without the chance.

    What a what-if search asks, a dozen times an export, of outlooks mostly far from the
    level. Cantelli's inequality bounds the chance from the mean and the variance alone,
    P(X >= mu + t) <= var / (var + t^2) and P(X <= mu - t) <= var / (var + t^2), and a
    bound that clears the level by a wide margin is the answer. Otherwise, on the summed
    path, the chance is 1 - sum_j P(D = j) P(Y <= needed - 1 - j), from the rate term's
    cdf: the convolution's terms summed in another order, one product per value of the
    deals' count D instead of one per pair; only a result within rounding of the level (or
    the incomplete-beta path) is settled by ``future_chance`` itself.
    """
    nb, probs, mean, var, exact = _future_parts(posterior, days, deals)
    if mean > 0.0 and needed > 0 and 0.0 < level < 1.0:
        if needed > mean:  # Cantelli above the mean: the chance is at most the bound
            spread = needed - mean
            if var / (var + spread * spread) <= level - _BOUND_MARGIN:
                return False
        if needed - 1 < mean:  # and below it: P(X <= needed - 1) is at most the bound
            spread = mean - (needed - 1)
            if 1.0 - var / (var + spread * spread) >= level + _BOUND_MARGIN:
                return True
        if exact:
            deals_pmf = poisson_binomial_pmf(probs)
            mixed = _mixed_pmf(nb, max(needed, len(deals_pmf)))
            below_y: list[float] = []  # P(Y <= k), k = 0 .. needed - 1
            running = 0.0
            for mass in mixed[:needed]:
                running += mass
                below_y.append(running)
            last = len(below_y) - 1
            below = 0.0
            for j, mass in enumerate(deals_pmf[:needed] if below_y else ()):
                below += mass * below_y[min(needed - 1 - j, last)]
            chance = min(1.0, max(0.0, 1.0 - below))
            if below_y and abs(chance - level) > _SUM_MARGIN:
                return chance >= level
    return _chance(nb, probs, mean, exact, needed) >= level


def check_working_days(total_working_days: int, label: str) -> None:
    """Refuse a period that holds no working day (``EmptyPeriodError``, one line)."""
    if total_working_days <= 0:
        raise EmptyPeriodError(
            f"period {label} has no working day: nothing could be sold in it; "
            "choose other dates or check the working days and days off"
        )


# ---------------------------------------------------------------- what-if outlooks


@dataclass(frozen=True, slots=True)
class Outlook:
    """Another future for the same seller (planner.whatif): from today on, the daily sale
    rate is ``rate_factor`` times what the record says, each open deal's chance to close is
    ``close_factor`` times its own (at most 1), and a sale is worth ``sale_value`` (revenue
    targets; None: the value the record gives). ``Outlook()`` changes nothing.

    Scaling a Gamma(a, b) rate by c gives Gamma(a, b / c): the past still decides how sure
    the forecast is of the seller's rate, the outlook only says what that rate becomes.
    """

    rate_factor: float = 1.0
    close_factor: float = 1.0
    sale_value: float | None = None

    def __post_init__(self) -> None:
        for name, value in (("rate_factor", self.rate_factor), ("close_factor", self.close_factor)):
            if not (math.isfinite(value) and value >= 0.0):
                raise ValueError(f"{name} must be a finite number >= 0, got {value}")
        if self.sale_value is not None and not (
            math.isfinite(self.sale_value) and self.sale_value > 0.0
        ):
            raise ValueError(f"sale_value must be greater than 0, got {self.sale_value}")


def apply_outlook(
    outlook: Outlook, posterior: RatePosterior, deals: Sequence[OpenDeal]
) -> tuple[RatePosterior, tuple[OpenDeal, ...]]:
    """The posterior and the open deals under ``outlook`` (unchanged when it changes nothing)."""
    if outlook.rate_factor != 1.0:
        factor = outlook.rate_factor
        posterior = RatePosterior(
            tuple(
                (w, a, b / factor) if factor > 0.0 else (w, 0.0, b)  # shape 0: no sale at all
                for w, a, b in posterior.parts
            )
        )
    if outlook.close_factor != 1.0:
        deals = [
            OpenDeal(p_close=min(1.0, d.p_close * outlook.close_factor), weight=d.weight)
            for d in deals
        ]
    return posterior, tuple(deals)
