"""The forecast model of planner.forecast, checked against an independent re-computation.

The reference below restates the documented model with its own numbers (a prior worth 60
working days, a robust part of weight 0.1 worth one sale) and sums every distribution
straight from lgamma, so a change of the module's constants or of its recurrences shows up.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.calendar import WorkCalendar, parse_period, period_from_dates
from planner.forecast import (
    EmptyPeriodError,
    OpenDeal,
    PastPeriod,
    SellerEvidence,
    beta_counts,
    future_sales,
    rate_posterior,
    rate_prior,
)
from planner.models import Target, Touch
from planner.pacing import check_period, pace_from_totals, pace_report
from planner.stats import convolve, poisson_cdf, poisson_sf
from tests.conftest import examples

MON_FRI = WorkCalendar()
YEAR_2026 = parse_period("2026")
PLAN_24 = 24 / 261  # a 24-a-year plan, in sales per working day of 2026

# The documented model, restated.
WEIGHT_DAYS = 60.0
ROBUST = 0.1


def sale(day: date) -> Touch:
    return Touch(
        id=day.toordinal(),
        prospect_id=1,
        at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
        outcome="sale",
        source="new",
    )


def nb_pmf(k: int, r: float, p: float) -> float:
    if r <= 0:
        return 1.0 if k == 0 else 0.0
    return math.exp(
        math.lgamma(k + r)
        - math.lgamma(r)
        - math.lgamma(k + 1)
        + r * math.log(p)
        + k * math.log1p(-p)
    )


@dataclass(frozen=True)
class Reference:
    mean: float
    low: int
    high: int
    p_reach: float
    prior_share: float


def reference(
    r0: float, sold: int, days: int, left: int, needed: int, deals: tuple[float, ...] = ()
) -> Reference:
    """The documented model's future sales, summed from lgamma (deals: up to ~10)."""
    robust_rate = min(1 / r0, 100.0) if r0 > 0 else 100.0
    parts = [(1 - ROBUST, WEIGHT_DAYS * r0, WEIGHT_DAYS), (ROBUST, 1.0, robust_rate)]
    if days > 0:
        likes = [w * nb_pmf(sold, a, b / (b + days)) for w, a, b in parts]
    else:
        likes = [w for w, _, _ in parts]
    total = sum(likes)
    post = [(lk / total, a + sold, b + days) for lk, (_, a, b) in zip(likes, parts, strict=True)]
    size = 2000
    pmf = [0.0] * size
    for w, a, b in post:
        if left == 0:
            pmf[0] += w
            continue
        p = b / (b + left)
        for k in range(size):
            pmf[k] += w * nb_pmf(k, a, p)
    # Open deals: every subset of closings, enumerated.
    deal_pmf = [0.0] * (len(deals) + 1)
    for closes in itertools.product((0, 1), repeat=len(deals)):
        deal_pmf[sum(closes)] += math.prod(
            q if c else 1 - q for q, c in zip(deals, closes, strict=True)
        )
    full = [
        sum(pmf[k - j] * deal_pmf[j] for j in range(len(deals) + 1) if k >= j) for k in range(size)
    ]
    cdf = list(itertools.accumulate(full))
    low = next(k for k, c in enumerate(cdf) if c >= 0.1)
    high = next(k for k, c in enumerate(cdf) if c >= 0.9)
    p_reach = 1.0 if needed <= 0 else 1.0 - cdf[needed - 1]
    mean = sum(w * a * left / b for w, a, b in post) + sum(deals)
    return Reference(mean, low, high, p_reach, post[0][0])


def forecast(
    evidence: SellerEvidence, sold: int, days: int, left: int, needed: int, worked: int = 1
) -> tuple[float, float, float, float]:
    prior = rate_prior(evidence, worked_days=worked)
    post = rate_posterior(prior, sales=sold, days=days)
    deals = [d.probability for d in evidence.open_meetings]
    result = future_sales(post, left, deals, needed)
    return result.mean, result.low, result.high, result.p_reach


# ---------------------------------------------------------------- where the prior comes from


def test_prior_from_past_periods_comes_first() -> None:
    evidence = SellerEvidence(
        touches=500,
        capacity=10,
        past_periods=(PastPeriod(20, 250), PastPeriod(30, 250)),
    )
    prior = rate_prior(evidence, worked_days=40)
    assert prior.daily_rate == pytest.approx(50 / 500)
    assert prior.source == "from 2 past periods: 50 sales in 500 working days"


def test_prior_from_touches_uses_touches_per_worked_day_times_the_rate_per_touch() -> None:
    a, b = beta_counts(0.031, 20.0, sales=3, touches=100)  # earlier periods: 3 in 100 touches
    assert (a, b) == pytest.approx((3 + 20 * 0.031, 97 + 20 * 0.969))
    evidence = SellerEvidence(touches=62, touch_days=5, p_sale_a=a, p_sale_b=b, capacity=40)
    prior = rate_prior(evidence, worked_days=99)
    p = (3 + 0.62) / 120
    assert prior.daily_rate == pytest.approx(62 / 5 * p)
    assert prior.source == "from 62 touches at 3.0% per touch"
    # Without touch_days the worked days given stand in.
    assert rate_prior(SellerEvidence(touches=62), worked_days=31).daily_rate == pytest.approx(
        2 * 0.3 * 0.3 * 0.35
    )


def test_prior_before_any_touch_is_the_plans_capacity_times_the_rate_per_touch() -> None:
    prior = rate_prior(SellerEvidence(capacity=10, p_sale_a=1, p_sale_b=99), worked_days=3)
    assert prior.daily_rate == pytest.approx(10 * 0.01)
    assert prior.source == "from the plan: 10 touches a day at 1.0% per touch"
    default = rate_prior(SellerEvidence(), worked_days=0)
    assert default.daily_rate == pytest.approx(40 * 0.3 * 0.3 * 0.35)  # Settings' defaults


def test_evidence_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        SellerEvidence(touches=-1)
    with pytest.raises(ValueError):
        SellerEvidence(capacity=math.inf)
    with pytest.raises(ValueError):
        OpenDeal(p_close=1.2)
    with pytest.raises(ValueError):
        PastPeriod(sales=-1, working_days=10)


# ---------------------------------------------------------------- the model, recomputed


@pytest.mark.parametrize(
    ("r0", "sold", "days", "left", "needed"),
    [
        (PLAN_24, 7, 129, 132, 17),  # the seed, with a plan-sized prior
        (1.26, 7, 129, 132, 17),  # the seed under the default plan: the record overrules it
        (PLAN_24, 1, 1, 260, 23),  # one sale on 2 January
        (0.5, 40, 60, 201, 100),  # a busy seller
        (0.0, 0, 10, 50, 1),  # a zero prior: the robust part keeps a small rate alive
        (0.2, 3, 0, 20, 5),  # nothing elapsed yet, a sale today
    ],
)
def test_future_sales_match_the_documented_model(
    r0: float, sold: int, days: int, left: int, needed: int
) -> None:
    evidence = SellerEvidence(past_periods=(PastPeriod(round(r0 * 10_000), 10_000),))
    prior = rate_prior(evidence, worked_days=days)
    post = rate_posterior(prior, sales=sold, days=days)
    got = future_sales(post, left, [], needed)
    want = reference(round(r0 * 10_000) / 10_000, sold, days, left, needed)
    assert post.prior_share == pytest.approx(want.prior_share, abs=1e-9)
    assert got.mean == pytest.approx(want.mean, rel=1e-9)
    assert (got.low, got.high) == (want.low, want.high)
    assert got.p_reach == pytest.approx(want.p_reach, abs=1e-9)


def test_open_meetings_add_their_chance_to_close_inside_the_period() -> None:
    deals = (OpenDeal(0.4, 1.0), OpenDeal(0.4, 0.5), OpenDeal(0.9, 0.1))
    evidence = SellerEvidence(capacity=10, p_sale_a=1, p_sale_b=99, open_meetings=deals)
    mean, low, high, p_reach = forecast(evidence, 2, 20, 40, 8)
    want = reference(0.1, 2, 20, 40, 8, (0.4, 0.2, 0.09))
    assert mean == pytest.approx(want.mean)
    assert (low, high) == (want.low, want.high)
    assert p_reach == pytest.approx(want.p_reach, abs=1e-9)
    without = forecast(SellerEvidence(capacity=10, p_sale_a=1, p_sale_b=99), 2, 20, 40, 8)
    assert mean == pytest.approx(without[0] + 0.69)
    assert p_reach > without[3]


def test_the_pipeline_is_reported_and_ignored_after_the_period() -> None:
    deals = (OpenDeal(0.5), OpenDeal(0.3, 0.5))
    evidence = SellerEvidence(open_meetings=deals)
    target = Target("sales", Decimal(24), YEAR_2026)
    running = pace_from_totals(
        target,
        sale_count=7,
        priced_count=0,
        revenue=Decimal(0),
        calendar=MON_FRI,
        today=date(2026, 7, 1),
        evidence=evidence,
    )
    assert running.pipeline.open_meetings == 2
    assert running.pipeline.expected_sales == pytest.approx(0.65)
    over = pace_from_totals(
        target,
        sale_count=7,
        priced_count=0,
        revenue=Decimal(0),
        calendar=MON_FRI,
        today=date(2027, 1, 4),
        evidence=evidence,
    )
    assert over.final and over.pipeline.open_meetings == 0
    assert over.projected == over.projected_low == over.projected_high == 7


def test_the_robust_part_hands_the_forecast_to_the_record_when_the_prior_is_far_off() -> None:
    # Settings' default plan (40 touches at 3.15%: 1.26 sales a day) against 7 in 129 days.
    report = pace_report(
        Target("sales", Decimal(24), YEAR_2026),
        [sale(date(2026, m, 10)) for m in range(1, 7)] + [sale(date(2026, 6, 30))],
        MON_FRI,
        date(2026, 7, 1),
    )
    assert report.prior_source.endswith("set aside: the sales record disagrees")
    # The record's rate: Gamma(1 + 7, 1/1.26 + 129) -> 8 / 129.79 a day for 132 days.
    assert report.projected == pytest.approx(7 + 8 / (1 / 1.26 + 129) * 132, abs=0.01)


def test_one_early_sale_does_not_swing_the_forecast() -> None:
    # A 24-a-year seller whose plan says so: 10 touches a day at 0.92% per touch.
    a, b = beta_counts(PLAN_24 / 10, 20.0)
    evidence = SellerEvidence(capacity=10, p_sale_a=a, p_sale_b=b)
    target = Target("sales", Decimal(24), YEAR_2026)

    def on_2_january(sales: list[Touch]) -> tuple[float, float, float]:
        r = pace_report(target, sales, MON_FRI, date(2026, 1, 2), evidence=evidence)
        return r.p_hit, r.projected_low, r.projected_high

    quiet, _, quiet_high = on_2_january([])
    lucky, _, lucky_high = on_2_january([sale(date(2026, 1, 2))])
    # Main measured 37% -> 76% and an interval of 13-100.
    assert 0.35 < quiet < 0.5
    assert lucky - quiet < 0.25 and lucky < 0.66
    assert lucky_high < 50 and quiet_high < 40
    # Even a sale on each of the first two days keeps the chance short of certainty.
    two = pace_report(
        target,
        [sale(date(2026, 1, 1)), sale(date(2026, 1, 2))],
        MON_FRI,
        date(2026, 1, 2),
        evidence=evidence,
    )
    assert two.p_hit < 0.85


# ---------------------------------------------------------------- properties

TODAY = date(2026, 7, 1)


@st.composite
def evidences(draw: st.DrawFn) -> SellerEvidence:
    deals = draw(
        st.lists(
            st.builds(OpenDeal, st.floats(0, 1), st.floats(0, 1)),
            max_size=6,
        )
    )
    past = draw(
        st.lists(st.builds(PastPeriod, st.integers(0, 300), st.integers(0, 300)), max_size=2)
    )
    return SellerEvidence(
        touches=draw(st.integers(0, 5000)),
        touch_days=draw(st.integers(0, 260)),
        p_sale_a=draw(st.floats(0, 50)),
        p_sale_b=draw(st.floats(0, 2000)),
        capacity=draw(st.floats(0, 200)),
        past_periods=tuple(past),
        open_meetings=tuple(deals),
    )


@settings(max_examples=examples(150), deadline=None)
@given(
    evidences(),
    st.integers(0, 120),
    st.dates(date(2025, 12, 1), date(2027, 1, 31)),
    st.lists(st.integers(1, 10**7), min_size=2, max_size=4),
    st.sampled_from(["sales", "revenue"]),
)
def test_the_forecast_never_depends_on_the_target(
    evidence: SellerEvidence, sold: int, today: date, amounts: list[int], metric: str
) -> None:
    reports = [
        pace_from_totals(
            Target("sales" if metric == "sales" else "revenue", Decimal(amount), YEAR_2026),
            sale_count=sold,
            priced_count=sold,
            revenue=Decimal(sold * 1500),
            calendar=MON_FRI,
            today=today,
            evidence=evidence,
        )
        for amount in amounts
    ]
    first = reports[0]
    for other in reports[1:]:
        assert other.projected == first.projected
        assert other.projected_low == first.projected_low
        assert other.projected_high == first.projected_high
        assert other.prior_source == first.prior_source
    # A bigger target is never easier to hit.
    ordered = sorted(reports, key=lambda r: r.target.amount)
    for smaller, bigger in itertools.pairwise(ordered):
        assert bigger.p_hit <= smaller.p_hit + 1e-9


@settings(max_examples=examples(200), deadline=None)
@given(
    evidences(),
    st.integers(0, 400),
    st.integers(0, 261),
    st.integers(0, 261),
    st.integers(0, 500),
)
def test_projected_is_always_inside_its_own_interval(
    evidence: SellerEvidence, sold: int, days: int, left: int, needed: int
) -> None:
    mean, low, high, p_reach = forecast(evidence, sold, days, left, needed)
    assert 0.0 <= low <= high
    assert all(math.isfinite(x) for x in (mean, low, high, p_reach))
    assert 0.0 <= p_reach <= 1.0
    target = Target(
        "sales", Decimal(needed), period_from_dates(date(2026, 1, 1), date(2026, 12, 31))
    )
    report = pace_from_totals(
        target,
        sale_count=sold,
        priced_count=0,
        revenue=Decimal(0),
        calendar=MON_FRI,
        today=date(2026, 1, 1) + timedelta(days=days),
        evidence=evidence,
    )
    assert report.projected_low <= report.projected <= report.projected_high


# ---------------------------------------------------------------- Poisson tails


@pytest.mark.parametrize("mean", [0.0, 0.3, 2.02, 11.862, 60.0, 499.0, 800.0, 5000.0])
def test_poisson_tails_match_a_direct_sum(mean: float) -> None:
    for k in sorted({0, 1, 3, int(mean * 0.8), int(mean), int(mean * 1.2) + 1}):
        direct = sum(
            math.exp(-mean + i * math.log(mean) - math.lgamma(i + 1)) if mean > 0 else float(i == 0)
            for i in range(k + 1)
        )
        tolerance = 1e-9 if mean <= 500 else 2e-3
        assert poisson_cdf(k, mean) == pytest.approx(direct, abs=tolerance)
        assert poisson_sf(k + 1, mean) == pytest.approx(1 - direct, abs=tolerance)
    assert poisson_cdf(-1, 3.0) == 0.0 and poisson_sf(0, 3.0) == 1.0


def test_seed_tail() -> None:
    # P(X <= 7 | 11.862): the seed example's evidence for at_risk.
    assert poisson_cdf(7, 24 * 129 / 261) == pytest.approx(0.0957, abs=1e-4)


# ---------------------------------------------------------------- a period with no working day


def test_a_period_with_no_working_day_is_refused_with_one_line() -> None:
    weekend = period_from_dates(date(2026, 7, 4), date(2026, 7, 5))
    with pytest.raises(EmptyPeriodError) as refused:
        check_period(weekend, MON_FRI)
    assert isinstance(refused.value, ValueError)
    message = str(refused.value)
    assert "\n" not in message and "no working day" in message and "2026-07-04" in message
    assert check_period(YEAR_2026, MON_FRI) == 261


@given(
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=40),
    st.lists(st.floats(0.0, 1.0), min_size=2, max_size=40),  # one entry is [1.0]: no deals
)
def test_the_convolution_is_the_double_sum_whatever_the_lengths(
    a: list[float], b: list[float]
) -> None:
    naive = [0.0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            naive[i + j] += x * y
    got = convolve(a, b)
    pairs = zip(got, naive, strict=True)
    assert all(math.isclose(g, n, rel_tol=1e-12, abs_tol=1e-15) for g, n in pairs)
