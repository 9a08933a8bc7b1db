"""Smoothed conversion rates and lead times per source, and what is holding the seller back."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from planner.models import (
    CONNECTED_OUTCOMES,
    MEETING_OUTCOMES,
    SOURCES,
    Diagnosis,
    PaceStatus,
    Settings,
    Source,
    StagePriors,
    Touch,
)

# The central 80% of a posterior: what "low" and "high" of a Rate mean.
INTERVAL_LOW = 0.10
INTERVAL_HIGH = 0.90

# ---------------------------------------------------------------- stage counts


@dataclass(frozen=True, slots=True)
class StageCounts:
    """Touches of one source and how many of them reached at least each stage.

    The stages nest (a sale passed a meeting, a meeting passed a conversation), so
    ``sales <= meetings <= conversations <= touches`` always holds; anything else is refused.
    """

    touches: int = 0
    conversations: int = 0
    meetings: int = 0
    sales: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.sales <= self.meetings <= self.conversations <= self.touches:
            raise ValueError(
                "stage counts must nest: 0 <= sales <= meetings <= conversations <= touches, "
                f"got {self.touches}/{self.conversations}/{self.meetings}/{self.sales}"
            )

    def __add__(self, other: StageCounts) -> StageCounts:
        return StageCounts(
            touches=self.touches + other.touches,
            conversations=self.conversations + other.conversations,
            meetings=self.meetings + other.meetings,
            sales=self.sales + other.sales,
        )


def count_stages(touches: Iterable[Touch]) -> dict[Source, StageCounts]:
    """Cumulative stage counts per source; both sources are always present."""
    # Plain integer tallies: building a StageCounts per touch would cost 100k objects on
    # heavy data for nothing.
    tally: dict[Source, list[int]] = {source: [0, 0, 0, 0] for source in SOURCES}
    for touch in touches:
        row = tally[touch.source]
        row[0] += 1
        outcome = touch.outcome
        if outcome in CONNECTED_OUTCOMES:
            row[1] += 1
            if outcome in MEETING_OUTCOMES:
                row[2] += 1
                if outcome == "sale":
                    row[3] += 1
    return {source: StageCounts(*tally[source]) for source in SOURCES}


# ---------------------------------------------------------------- Beta distribution
#
# The regularized incomplete beta I_x(a, b) by its continued fraction (modified Lentz),
# used on whichever side of the mean it converges fast, and its inverse by Newton steps
# kept inside a shrinking bracket (bisection when a step would leave it). Accurate to
# about 1e-10, far inside the 1e-3 a screen needs; a quantile costs a few continued
# fractions of O(sqrt(max(a, b))) terms, well under a millisecond on real counts.

_CF_EPS = 1e-14
_CF_TINY = 1e-300
_CF_MAX_TERMS = 100_000


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    qab = a + b
    qap = a + 1.0
    qam = a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    if abs(d) < _CF_TINY:
        d = _CF_TINY
    d = 1.0 / d
    h = d
    for m in range(1, _CF_MAX_TERMS + 1):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        if abs(d) < _CF_TINY:
            d = _CF_TINY
        c = 1.0 + aa / c
        if abs(c) < _CF_TINY:
            c = _CF_TINY
        d = 1.0 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        if abs(d) < _CF_TINY:
            d = _CF_TINY
        c = 1.0 + aa / c
        if abs(c) < _CF_TINY:
            c = _CF_TINY
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _CF_EPS:
            break
    return h


def beta_cdf(x: float, a: float, b: float) -> float:
    """P(X <= x) for X ~ Beta(a, b): the regularized incomplete beta function I_x(a, b).

    ``a <= 0`` (resp. ``b <= 0``) is read as all mass at 0 (resp. 1), the limit a prior
    of exactly 0 or 1 with no data leads to.
    """
    if a <= 0.0:
        return 1.0 if x >= 0.0 else 0.0
    if b <= 0.0:
        return 1.0 if x >= 1.0 else 0.0
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    # The fraction converges fast below the mean; above it, use I_x(a,b) = 1 - I_{1-x}(b,a).
    if x < (a + 1.0) / (a + b + 2.0):
        return min(1.0, math.exp(log_front) * _beta_continued_fraction(a, b, x) / a)
    return max(0.0, 1.0 - math.exp(log_front) * _beta_continued_fraction(b, a, 1.0 - x) / b)


def _beta_start(q: float, a: float, b: float) -> float:
    # Starting points from Numerical Recipes (3rd ed., 6.4): a skew-corrected normal
    # guess when both shapes are >= 1, else the two power-law tails.
    if a >= 1.0 and b >= 1.0:
        pp = q if q < 0.5 else 1.0 - q
        t = math.sqrt(-2.0 * math.log(pp))
        z = (2.30753 + t * 0.27061) / (1.0 + t * (0.99229 + t * 0.04481)) - t
        if q < 0.5:
            z = -z
        al = (z * z - 3.0) / 6.0
        h = 2.0 / (1.0 / (2.0 * a - 1.0) + 1.0 / (2.0 * b - 1.0))
        w = z * math.sqrt(max(al + h, 0.0)) / h - (
            1.0 / (2.0 * b - 1.0) - 1.0 / (2.0 * a - 1.0)
        ) * (al + 5.0 / 6.0 - 2.0 / (3.0 * h))
        exponent = min(2.0 * w, 700.0)
        return a / (a + b * math.exp(exponent))
    lna = math.log(a / (a + b))
    lnb = math.log(b / (a + b))
    t = math.exp(a * lna) / a
    u = math.exp(b * lnb) / b
    w = t + u
    if q < t / w:
        return float((a * w * q) ** (1.0 / a))
    return 1.0 - float((b * w * (1.0 - q)) ** (1.0 / b))


def beta_ppf(q: float, a: float, b: float) -> float:
    """The ``q`` quantile of Beta(a, b) (the inverse of ``beta_cdf`` in x)."""
    if a <= 0.0:
        return 0.0
    if b <= 0.0:
        return 1.0
    if q <= 0.0:
        return 0.0
    if q >= 1.0:
        return 1.0
    log_beta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    lo, hi = 0.0, 1.0
    try:
        x = _beta_start(q, a, b)
    except (ValueError, OverflowError, ZeroDivisionError):
        x = 0.5  # shapes so extreme the guess breaks down; the bracketed search still works
    if not 0.0 < x < 1.0:  # also catches NaN
        x = 0.5
    for _ in range(200):
        error = beta_cdf(x, a, b) - q
        if error == 0.0:
            return x
        if error < 0.0:
            lo = x
        else:
            hi = x
        log_pdf = (a - 1.0) * math.log(x) + (b - 1.0) * math.log1p(-x) - log_beta
        # Newton step where the density is usable; bisection where it under/overflows.
        pdf = math.exp(log_pdf) if -700.0 < log_pdf < 700.0 else 0.0
        candidate = x - error / pdf if pdf > 0.0 else -1.0
        if not lo < candidate < hi:
            candidate = 0.5 * (lo + hi)
        if abs(candidate - x) <= 1e-13 + 1e-11 * x or hi - lo <= 1e-15:
            return candidate
        x = candidate
    return x


# ---------------------------------------------------------------- smoothed rates


@dataclass(frozen=True, slots=True)
class Rate:
    """A smoothed rate: the posterior mean and its central 80% interval, with the raw counts."""

    estimate: float
    low: float
    high: float
    successes: int
    trials: int

    @property
    def raw(self) -> float | None:
        """The unsmoothed share ``successes / trials`` (None before any trial)."""
        return self.successes / self.trials if self.trials else None


def smoothed_rate(successes: int, trials: int, prior: float, strength: float) -> Rate:
    """p = (k + m*p0) / (n + m) with an 80% interval from Beta(k + m*p0, n - k + m*(1-p0)).

    The prior is worth ``strength`` (m) trials at rate ``prior`` (p0). When the posterior is
    so skewed that its mean falls outside the central 80% (tiny prior mass, no data), the
    interval is widened to include the estimate, so a screen never shows a rate outside
    its own range.
    """
    if trials < 0 or successes < 0 or successes > trials:
        raise ValueError(f"need 0 <= successes <= trials, got {successes}/{trials}")
    if not 0.0 <= prior <= 1.0:
        raise ValueError(f"prior must be in [0, 1], got {prior}")
    if not (math.isfinite(strength) and strength >= 0.0):
        raise ValueError(f"prior strength must be a finite number >= 0, got {strength}")
    weight = trials + strength
    if weight == 0.0:
        # No data and no prior mass: the rate could be anything.
        return Rate(prior, 0.0, 1.0, successes, trials)
    a = successes + strength * prior
    b = trials - successes + strength * (1.0 - prior)
    estimate = a / weight
    low = min(beta_ppf(INTERVAL_LOW, a, b), estimate)
    high = max(beta_ppf(INTERVAL_HIGH, a, b), estimate)
    return Rate(estimate, low, high, successes, trials)


# ---------------------------------------------------------------- funnel per source


@dataclass(frozen=True, slots=True)
class SourceFunnel:
    """One source's counts and smoothed stage rates.

    connect = conversations per touch, meeting = meetings per conversation, close = sales
    per meeting, sale = sales per touch (smoothed on its own with the product of the stage
    priors, so it is not exactly the product of the three stage estimates).
    ``lead_days`` is the median days from a cycle's first touch to its sale (None unknown).
    """

    source: Source
    counts: StageCounts
    connect: Rate
    meeting: Rate
    close: Rate
    sale: Rate
    lead_days: float | None = None

    @property
    def p_sale(self) -> float:
        return self.sale.estimate


@dataclass(frozen=True, slots=True)
class FunnelReport:
    """The funnel of both sources (always both: every consumer may index either)."""

    by_source: dict[Source, SourceFunnel]

    def __post_init__(self) -> None:
        missing = [source for source in SOURCES if source not in self.by_source]
        if missing:
            raise ValueError(f"funnel report lacks source(s): {', '.join(missing)}")

    def __getitem__(self, source: Source) -> SourceFunnel:
        return self.by_source[source]

    @property
    def new(self) -> SourceFunnel:
        return self.by_source["new"]

    @property
    def old(self) -> SourceFunnel:
        return self.by_source["old"]

    @property
    def totals(self) -> StageCounts:
        """Counts of both sources together."""
        return self.by_source["new"].counts + self.by_source["old"].counts

    def p_sale(self, source: Source) -> float:
        return self.by_source[source].sale.estimate


def _priors_for(settings: Settings, source: Source) -> StagePriors:
    # A hand-edited config may name only one source; the other keeps the built-in prior.
    return settings.priors.get(source) or Settings().priors[source]


def estimate_funnel(
    counts: Mapping[Source, StageCounts],
    settings: Settings,
    lead_days: Mapping[Source, float | None] | None = None,
) -> FunnelReport:
    """Smoothed stage rates per source from the counts, with the priors of ``settings``.

    A source missing from ``counts`` is read as no touches (its rates are its priors).
    """
    strength = settings.prior_strength
    by_source: dict[Source, SourceFunnel] = {}
    for source in SOURCES:
        c = counts.get(source) or StageCounts()
        p = _priors_for(settings, source)
        by_source[source] = SourceFunnel(
            source=source,
            counts=c,
            connect=smoothed_rate(c.conversations, c.touches, p.connect, strength),
            meeting=smoothed_rate(c.meetings, c.conversations, p.meeting, strength),
            close=smoothed_rate(c.sales, c.meetings, p.close, strength),
            sale=smoothed_rate(c.sales, c.touches, p.sale, strength),
            lead_days=(lead_days or {}).get(source),
        )
    return FunnelReport(by_source)


# ---------------------------------------------------------------- lead times


def median(values: Sequence[int] | Sequence[float]) -> float | None:
    """The median, or None for no values (not `statistics`: it imports fractions and random,
    which `planner status` cannot afford at start-up)."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def lead_times(sales: Iterable[Touch]) -> dict[Source, float | None]:
    """Median ``lead_days`` of the sale touches per source (None when no sale carries one).

    Non-sale touches and sales without ``lead_days`` are ignored, so any touch list may be
    passed.
    """
    days: dict[Source, list[int]] = {source: [] for source in SOURCES}
    for touch in sales:
        if touch.outcome == "sale" and touch.lead_days is not None:
            days[touch.source].append(touch.lead_days)
    return {source: median(values) for source, values in days.items()}


def cycle_lead_days(touches: Sequence[Touch]) -> list[Touch]:
    """One prospect's touches in time order, each sale given ``lead_days`` for its cycle.

    A cycle starts at the first touch ever, or at the first touch after a sale or a
    not-interested (a "no" or a purchase closes the cycle; the next contact opens a new
    one). lead_days = calendar days (in the home zone) from the cycle's first touch to the
    sale, so a sale on the first call has lead_days 0. Any lead_days already on a sale is
    replaced; other touches are returned unchanged. The input is sorted by time (stably)
    first, so a slightly out-of-order history still gives the right cycles.
    """
    result: list[Touch] = []
    cycle_start = None
    for touch in sorted(touches, key=lambda t: t.at):
        if cycle_start is None:
            cycle_start = touch.day
        if touch.outcome == "sale":
            touch = replace(touch, lead_days=(touch.day - cycle_start).days)
        if touch.outcome in ("sale", "not-interested"):
            cycle_start = None
        result.append(touch)
    return result


# ---------------------------------------------------------------- diagnosis
#
# What is holding a seller back, checked in this order (the first that holds wins):
#
# 1. insufficient_data  fewer than ``min_touches`` touches in all: too little to judge.
# 2. none               pace status ahead or on_track: nothing to fix.
# 3. volume             touches so far < 90% of the touches the plan needed, where
#                       needed = expected sales to date / planned sales per touch, and the
#                       planned rate blends each source's prior (connect*meeting*close) by
#                       the seller's actual share of touches per source.
# 4. connect_rate       P(true connect rate < planned connect) > 0.8, under the Beta
#                       posterior from the raw counts of both sources pooled and the plan as
#                       a weak prior (strength settings.prior_strength).
# 5. close_rate         P(true sales per conversation < planned meeting*close) > 0.8, the
#                       same way (planned rate blended by each source's share of
#                       conversations).
# 6. none               behind, but no single cause stands out.
#
# Volume comes first because it is the one lever fully in the seller's hands, and rates
# measured on too few touches are noise anyway. With no touches at all (only reachable
# with min_touches = 0) the mix is taken as all new: a fresh seller prospects.

VOLUME_THRESHOLD = 0.90
RATE_CONFIDENCE = 0.80


@dataclass(frozen=True, slots=True)
class DiagnosisDetail:
    """The numbers behind a diagnosis, for a screen to explain it in one line.

    ``touches_needed`` is None when the plan needs no touches to explain (no expected sales
    yet, or a planned sale rate of 0). Per-day figures are None unless ``days_elapsed`` > 0
    was given. Rates are raw shares (None before any trial); ``p_*_below_plan`` are the
    posterior probabilities that the true rate is under plan.
    """

    diagnosis: Diagnosis
    pace_status: PaceStatus
    touches: int
    touches_needed: float | None
    days_elapsed: int | None
    expected_sales: float
    actual_sales: float
    connect_rate: float | None
    planned_connect: float
    p_connect_below_plan: float
    close_rate: float | None
    planned_close: float
    p_close_below_plan: float
    min_touches: int

    @property
    def touches_per_day(self) -> float | None:
        return self.touches / self.days_elapsed if self.days_elapsed else None

    @property
    def touches_needed_per_day(self) -> float | None:
        if self.touches_needed is None or not self.days_elapsed:
            return None
        return self.touches_needed / self.days_elapsed

    @property
    def connect_low(self) -> bool:
        return self.p_connect_below_plan > RATE_CONFIDENCE

    @property
    def close_low(self) -> bool:
        return self.p_close_below_plan > RATE_CONFIDENCE

    def summary(self) -> str:
        """One plain line, e.g. "behind on volume: 31 touches a day against 48 needed; ..."."""
        match self.diagnosis:
            case "insufficient_data":
                return (
                    f"not enough data yet: {self.touches} touches logged, "
                    f"{self.min_touches} needed for a diagnosis"
                )
            case "volume":
                return f"behind on volume: {self._volume_text()}; {self._close_text()}"
            case "connect_rate":
                return (
                    f"behind on connect rate: {_percent(self.connect_rate)} of touches reach a "
                    f"conversation against {_percent(self.planned_connect)} planned"
                )
            case "close_rate":
                return (
                    f"behind on close rate: {_percent(self.close_rate)} of conversations end in "
                    f"a sale against {_percent(self.planned_close)} planned"
                )
            case _:
                if self.pace_status in ("ahead", "on_track"):
                    return "on pace: nothing to fix"
                return "behind, but volume, connect and close rates are all near plan"

    def _volume_text(self) -> str:
        have, need = self.touches_per_day, self.touches_needed_per_day
        if have is not None and need is not None:
            return f"{have:.0f} touches a day against {need:.0f} needed"
        return f"{self.touches} touches so far against {self.touches_needed or 0:.0f} needed"

    def _close_text(self) -> str:
        if self.close_low:
            return "close rate is below plan too"
        if self.connect_low:
            return "connect rate is below plan too"
        return "close rate is fine"


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100.0 * value:.0f}%"


def _blend(weights: Mapping[Source, int], values: Mapping[Source, float]) -> float:
    total = sum(weights.values())
    if total <= 0:
        return values["new"]
    return sum(weights[source] * values[source] for source in SOURCES) / total


def _p_below(plan: float, successes: int, trials: int, strength: float) -> float:
    # Posterior P(true rate < plan) with the plan itself as a weak prior.
    a = successes + strength * plan
    b = trials - successes + strength * (1.0 - plan)
    if a + b <= 0.0:
        return 0.5
    return beta_cdf(plan, a, b)


def diagnosis_detail(
    report: FunnelReport,
    *,
    expected_sales_to_date: float,
    actual_sales: float,
    pace_status: PaceStatus,
    settings: Settings,
    min_touches: int = 30,
    days_elapsed: int | None = None,
) -> DiagnosisDetail:
    """The diagnosis (rules in the comment above) with the numbers behind it.

    ``expected_sales_to_date`` and ``actual_sales`` count sales (convert revenue first);
    ``report`` should count the touches of the same stretch of the period.
    """
    counts = {source: report.by_source[source].counts for source in SOURCES}
    total = report.totals
    priors = {source: _priors_for(settings, source) for source in SOURCES}
    touch_mix = {source: counts[source].touches for source in SOURCES}
    conversation_mix = {source: counts[source].conversations for source in SOURCES}
    if sum(conversation_mix.values()) == 0:
        conversation_mix = touch_mix
    planned_sale = _blend(touch_mix, {s: priors[s].sale for s in SOURCES})
    planned_connect = _blend(touch_mix, {s: priors[s].connect for s in SOURCES})
    planned_close = _blend(
        conversation_mix, {s: priors[s].meeting * priors[s].close for s in SOURCES}
    )

    expected = max(0.0, expected_sales_to_date)
    touches_needed = expected / planned_sale if expected > 0.0 and planned_sale > 0.0 else None
    strength = settings.prior_strength
    p_connect = _p_below(planned_connect, total.conversations, total.touches, strength)
    p_close = _p_below(planned_close, total.sales, total.conversations, strength)

    diagnosis: Diagnosis
    if total.touches < min_touches:
        diagnosis = "insufficient_data"
    elif pace_status in ("ahead", "on_track"):
        diagnosis = "none"
    elif touches_needed is not None and total.touches < VOLUME_THRESHOLD * touches_needed:
        diagnosis = "volume"
    elif p_connect > RATE_CONFIDENCE:
        diagnosis = "connect_rate"
    elif p_close > RATE_CONFIDENCE:
        diagnosis = "close_rate"
    else:
        diagnosis = "none"

    return DiagnosisDetail(
        diagnosis=diagnosis,
        pace_status=pace_status,
        touches=total.touches,
        touches_needed=touches_needed,
        days_elapsed=days_elapsed,
        expected_sales=expected,
        actual_sales=actual_sales,
        connect_rate=total.conversations / total.touches if total.touches else None,
        planned_connect=planned_connect,
        p_connect_below_plan=p_connect,
        close_rate=total.sales / total.conversations if total.conversations else None,
        planned_close=planned_close,
        p_close_below_plan=p_close,
        min_touches=min_touches,
    )


def diagnose(
    report: FunnelReport,
    *,
    expected_sales_to_date: float,
    actual_sales: float,
    pace_status: PaceStatus,
    settings: Settings,
    min_touches: int = 30,
) -> Diagnosis:
    """What is holding the seller back: one of the Diagnosis words (rules above)."""
    return diagnosis_detail(
        report,
        expected_sales_to_date=expected_sales_to_date,
        actual_sales=actual_sales,
        pace_status=pace_status,
        settings=settings,
        min_touches=min_touches,
    ).diagnosis
