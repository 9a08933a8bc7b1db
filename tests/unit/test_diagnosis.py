"""The diagnosis of a shortfall: which cause wins, and the numbers it rests on."""

from __future__ import annotations

import math

import pytest

from planner.diagnosis import diagnosis_detail
from planner.funnel import FunnelReport, StageCounts, estimate_funnel
from planner.models import Diagnosis, PaceStatus, Settings

SETTINGS = Settings()


def _binomial_tail(x: float, a: int, b: int) -> float:
    # For whole a, b: the Beta(a, b) CDF at x is P(Binomial(a + b - 1, x) >= a).
    n = a + b - 1
    return sum(math.comb(n, j) * x**j * (1 - x) ** (n - j) for j in range(a, n + 1))


def _report(new: StageCounts, old: StageCounts | None = None) -> FunnelReport:
    return estimate_funnel({"new": new, "old": old or StageCounts()}, SETTINGS)


# All new touches: planned connect 0.30, sales per conversation 0.30 * 0.35 = 0.105,
# sales per touch 0.0315. 30 expected sales need 30 / 0.0315 = 952 touches.
ON_PLAN = StageCounts(touches=1000, conversations=300, meetings=90, sales=32)


def _diagnose(
    counts: StageCounts, expected: float = 30.0, status: PaceStatus = "behind", **kw: int
) -> Diagnosis:
    return diagnosis_detail(
        _report(counts),
        expected_sales_to_date=expected,
        actual_sales=counts.sales,
        pace_status=status,
        settings=SETTINGS,
        **kw,
    ).diagnosis


def test_too_few_touches_is_insufficient_data() -> None:
    # 29 touches where 1 expected sale needed 32: not obviously volume, too few to judge.
    assert _diagnose(StageCounts(29, 2, 0, 0), expected=1.0) == "insufficient_data"
    assert _diagnose(StageCounts(29, 2, 0, 0), expected=1.0, min_touches=10) != (
        "insufficient_data"
    )


def test_under_half_the_touches_needed_is_volume_however_little_data() -> None:
    # The case: 10 touches against 127 needed (4 expected sales / 0.0315).
    assert _diagnose(StageCounts(10, 3, 1, 0), expected=4.0) == "volume"
    # 63 of 127 is under half: volume at once; 64 is not, so too few touches to judge.
    assert _diagnose(StageCounts(63, 19, 6, 2), expected=4.0, min_touches=100) == "volume"
    assert _diagnose(StageCounts(64, 19, 6, 2), expected=4.0, min_touches=100) == (
        "insufficient_data"
    )
    # On track: not volume, however few the touches (too few to judge anything else).
    assert _diagnose(StageCounts(10, 3, 1, 0), expected=4.0, status="on_track") == (
        "insufficient_data"
    )


@pytest.mark.parametrize("status", ["ahead", "on_track"])
def test_on_pace_needs_no_fix_even_with_poor_numbers(status: PaceStatus) -> None:
    assert _diagnose(StageCounts(100, 5, 0, 0), status=status) == "none"


def test_too_few_touches_for_the_plan_is_volume() -> None:
    # 800 < 0.9 * 952 touches needed, rates on plan.
    assert _diagnose(StageCounts(800, 240, 72, 25)) == "volume"
    # 900 >= 857: enough volume, and nothing else wrong.
    assert _diagnose(StageCounts(900, 270, 81, 29)) == "none"


def test_a_low_connect_rate_is_connect_rate() -> None:
    # 15% of touches reach a conversation against 30% planned; close rate on plan.
    assert _diagnose(StageCounts(1000, 150, 45, 17)) == "connect_rate"


def test_a_low_close_rate_is_close_rate() -> None:
    # 10 sales from 300 conversations (3%) against 10.5% planned.
    assert _diagnose(StageCounts(1000, 300, 60, 10)) == "close_rate"


def test_behind_with_everything_near_plan_is_none() -> None:
    assert _diagnose(ON_PLAN, status="at_risk") == "none"


def test_volume_wins_over_rates_and_connect_over_close() -> None:
    assert _diagnose(StageCounts(500, 50, 10, 2)) == "volume"
    assert _diagnose(StageCounts(1000, 150, 20, 2)) == "connect_rate"


def test_the_plan_blends_source_priors_by_the_actual_mix() -> None:
    new, old = StageCounts(300, 90, 27, 9), StageCounts(100, 35, 12, 5)
    detail = diagnosis_detail(
        _report(new, old),
        expected_sales_to_date=20.0,
        actual_sales=14,
        pace_status="behind",
        settings=SETTINGS,
    )
    planned_sale = 0.75 * SETTINGS.priors["new"].sale + 0.25 * SETTINGS.priors["old"].sale
    assert detail.touches_needed == pytest.approx(20.0 / planned_sale)
    assert detail.planned_connect == pytest.approx(0.75 * 0.30 + 0.25 * 0.35)
    # Sales per conversation are blended by the share of conversations (90 : 35).
    assert detail.planned_close == pytest.approx((90 * 0.30 * 0.35 + 35 * 0.35 * 0.45) / 125)
    assert detail.diagnosis == "volume"  # 400 touches against about 535 needed


def test_detail_explains_volume_per_day() -> None:
    # 310 touches over 10 days; the plan needed 480 (15.12 expected / 0.0315 per touch).
    counts = StageCounts(310, 93, 28, 10)
    detail = diagnosis_detail(
        _report(counts),
        expected_sales_to_date=480 * 0.0315,
        actual_sales=10,
        pace_status="behind",
        settings=SETTINGS,
        days_elapsed=10,
    )
    assert detail.diagnosis == "volume"
    assert detail.touches_per_day == pytest.approx(31.0)
    assert detail.touches_needed_per_day == pytest.approx(48.0)
    assert (
        detail.summary() == "behind on volume: 31 touches a day against 48 needed; "
        "sales per conversation are near plan"
    )


def test_detail_summaries_name_the_cause() -> None:
    def summary(counts: StageCounts, status: PaceStatus = "behind") -> str:
        return diagnosis_detail(
            _report(counts),
            expected_sales_to_date=30.0,
            actual_sales=counts.sales,
            pace_status=status,
            settings=SETTINGS,
        ).summary()

    assert summary(StageCounts(1000, 150, 45, 17)) == (
        "behind on connect rate: 15% conversations per touch, 30% planned"
    )
    assert summary(StageCounts(1000, 300, 60, 10)) == (
        "behind on close rate: 3% sales per conversation, 10% planned"
    )
    assert summary(StageCounts(10, 1, 0, 0)) == (
        "behind on volume: 10 touches so far against 952 needed; "
        "conversations per touch are below plan too"
    )
    assert summary(StageCounts(10, 1, 0, 0), "on_track") == (
        "not enough data yet: 10 touches logged, 30 needed for a diagnosis"
    )
    assert summary(ON_PLAN, "ahead") == "on pace: nothing to fix"
    assert summary(StageCounts(500, 150, 20, 2)).startswith(
        "behind on volume: 500 touches so far against 952 needed; sales per conversation are below"
    )


def test_no_expected_sales_means_no_volume_gap() -> None:
    detail = diagnosis_detail(
        _report(StageCounts(40, 12, 3, 0)),
        expected_sales_to_date=0.0,
        actual_sales=0,
        pace_status="behind",
        settings=SETTINGS,
    )
    assert detail.touches_needed is None
    assert detail.diagnosis != "volume"


def test_rates_are_judged_by_posterior_probability() -> None:
    # On plan the posterior sits around 50% either side; far below plan it is near 1.
    on_plan = diagnosis_detail(
        _report(ON_PLAN),
        expected_sales_to_date=30.0,
        actual_sales=32,
        pace_status="behind",
        settings=SETTINGS,
    )
    assert 0.2 < on_plan.p_connect_below_plan < 0.8
    assert 0.2 < on_plan.p_close_below_plan < 0.8
    assert on_plan.connect_rate == pytest.approx(0.3)


def test_volume_is_said_below_ninety_percent_of_the_touches_needed() -> None:
    # 30 expected sales / 0.0315 planned per touch = 952.38 touches; 90% of that is 857.14.
    # Rates exactly on plan (connect 30%, 10.5% of conversations closing) so nothing else fires.
    def counts(touches: int) -> StageCounts:
        conversations = round(touches * 0.30)
        return StageCounts(touches, conversations, conversations, round(conversations * 0.105))

    assert _diagnose(counts(857)) == "volume"
    assert _diagnose(counts(858)) == "none"


def test_the_chance_a_rate_is_below_plan_is_the_beta_posterior_at_the_plan() -> None:
    # Prior worth 20 touches at the planned 30% connect: Beta(k + 6, n - k + 14), whole shapes,
    # so the binomial tail gives the exact posterior probability independently.
    counts = StageCounts(200, 48, 14, 4)
    detail = diagnosis_detail(
        _report(counts),
        expected_sales_to_date=5.0,
        actual_sales=4,
        pace_status="behind",
        settings=SETTINGS,
    )
    assert detail.planned_connect == pytest.approx(0.30)
    expected = _binomial_tail(0.30, 48 + 6, 200 - 48 + 14)
    assert detail.p_connect_below_plan == pytest.approx(expected, abs=1e-9)
    assert detail.p_connect_below_plan > 0.8  # 24% against 30% over 200 touches
    assert detail.diagnosis == "connect_rate"
    assert detail.connect_rate == pytest.approx(0.24)
    assert detail.close_rate == pytest.approx(4 / 48)
