"""Smoothed funnel rates and their intervals, lead times, and the diagnosis of a shortfall."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.funnel import (
    FunnelReport,
    Rate,
    StageCounts,
    beta_cdf,
    beta_ppf,
    count_stages,
    cycle_lead_days,
    diagnose,
    diagnosis_detail,
    estimate_funnel,
    lead_times,
    smoothed_rate,
)
from planner.models import Outcome, PaceStatus, Settings, Source, StagePriors, Touch

SETTINGS = Settings()
DAY0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def touch(
    outcome: Outcome,
    *,
    day: int = 0,
    source: Source = "new",
    prospect_id: int = 1,
    lead_days: int | None = None,
    touch_id: int = 0,
) -> Touch:
    return Touch(
        id=touch_id,
        prospect_id=prospect_id,
        at=DAY0 + timedelta(days=day),
        outcome=outcome,
        source=source,
        lead_days=lead_days,
    )


# ---------------------------------------------------------------- the Beta machinery


def _binomial_tail(x: float, a: int, b: int) -> float:
    # For whole a, b: I_x(a, b) = P(Binomial(a + b - 1, x) >= a), an exact reference.
    n = a + b - 1
    return sum(math.comb(n, j) * x**j * (1 - x) ** (n - j) for j in range(a, n + 1))


@given(
    x=st.floats(0.0, 1.0),
    a=st.integers(1, 80),
    b=st.integers(1, 80),
)
def test_beta_cdf_matches_the_binomial_tail_for_whole_shapes(x: float, a: int, b: int) -> None:
    assert beta_cdf(x, a, b) == pytest.approx(_binomial_tail(x, a, b), abs=1e-9)


@pytest.mark.parametrize("a", [0.05, 0.3, 1.0, 2.5, 40.0, 3000.0])
@pytest.mark.parametrize("q", [0.01, 0.1, 0.5, 0.9, 0.99])
def test_beta_ppf_matches_closed_forms(a: float, q: float) -> None:
    # Beta(a, 1) has CDF x**a and Beta(1, b) has CDF 1 - (1 - x)**b.
    assert beta_ppf(q, a, 1.0) == pytest.approx(q ** (1 / a), abs=1e-9)
    assert beta_ppf(q, 1.0, a) == pytest.approx(1 - (1 - q) ** (1 / a), abs=1e-9)


@given(
    q=st.floats(0.001, 0.999),
    a=st.floats(0.05, 50_000.0),
    b=st.floats(0.05, 50_000.0),
)
def test_beta_ppf_inverts_the_cdf(q: float, a: float, b: float) -> None:
    x = beta_ppf(q, a, b)
    assert 0.0 <= x <= 1.0
    # Compare on the x axis (where the spec asks for ~1e-3): the CDF just around x brackets q.
    assert beta_cdf(min(1.0, x + 1e-7), a, b) >= q - 1e-9
    assert beta_cdf(max(0.0, x - 1e-7), a, b) <= q + 1e-9


def test_symmetric_beta_has_its_median_in_the_middle() -> None:
    for shape in (0.5, 3.0, 700.0):
        assert beta_ppf(0.5, shape, shape) == pytest.approx(0.5, abs=1e-9)


def test_degenerate_shapes_put_all_mass_on_an_end() -> None:
    assert beta_ppf(0.9, 0.0, 5.0) == 0.0
    assert beta_ppf(0.1, 5.0, 0.0) == 1.0
    assert beta_cdf(0.3, 0.0, 5.0) == 1.0
    assert beta_cdf(0.3, 5.0, 0.0) == 0.0


# ---------------------------------------------------------------- smoothed rates


def test_smoothing_formula() -> None:
    rate = smoothed_rate(3, 10, prior=0.2, strength=20)
    assert rate.estimate == pytest.approx((3 + 20 * 0.2) / (10 + 20))
    assert (rate.successes, rate.trials) == (3, 10)
    assert rate.raw == pytest.approx(0.3)


def test_no_data_gives_the_prior_and_no_prior_gives_the_raw_share() -> None:
    assert smoothed_rate(0, 0, 0.35, 20).estimate == pytest.approx(0.35)
    assert smoothed_rate(7, 10, 0.35, 0).estimate == pytest.approx(0.7)
    blank = smoothed_rate(0, 0, 0.35, 0)
    assert (blank.estimate, blank.low, blank.high, blank.raw) == (0.35, 0.0, 1.0, None)


def test_interval_is_the_posterior_10th_and_90th_percentiles() -> None:
    # Beta(3 + 20*0.2, 7 + 20*0.8) = Beta(7, 23): both ends cut off 10% of the posterior.
    rate = smoothed_rate(3, 10, 0.2, 20)
    assert beta_cdf(rate.low, 7, 23) == pytest.approx(0.10, abs=1e-9)
    assert beta_cdf(rate.high, 7, 23) == pytest.approx(0.90, abs=1e-9)


def test_interval_narrows_as_trials_grow() -> None:
    widths = [
        smoothed_rate(n // 5, n, 0.2, 20).high - smoothed_rate(n // 5, n, 0.2, 20).low
        for n in (10, 100, 1_000, 10_000, 100_000)
    ]
    assert widths == sorted(widths, reverse=True)
    assert widths[-1] < 0.005 < 0.1 < widths[0]


@given(
    data=st.data(),
    trials=st.integers(0, 200_000),
    prior=st.floats(0.0, 1.0),
    strength=st.floats(0.0, 200.0),
)
def test_interval_always_contains_the_estimate(
    data: st.DataObject, trials: int, prior: float, strength: float
) -> None:
    successes = data.draw(st.integers(0, trials))
    rate = smoothed_rate(successes, trials, prior, strength)
    assert 0.0 <= rate.low <= rate.estimate <= rate.high <= 1.0


@pytest.mark.parametrize(
    ("successes", "trials", "prior", "strength"),
    [(-1, 3, 0.5, 1), (4, 3, 0.5, 1), (1, 3, 1.5, 1), (1, 3, 0.5, -1), (1, 3, 0.5, math.inf)],
)
def test_impossible_rates_are_refused(
    successes: int, trials: int, prior: float, strength: float
) -> None:
    with pytest.raises(ValueError):
        smoothed_rate(successes, trials, prior, strength)


# ---------------------------------------------------------------- counting stages


def test_count_stages_counts_reached_at_least() -> None:
    touches = [
        touch("no-answer"),
        touch("conversation"),
        touch("not-interested"),
        touch("meeting"),
        touch("sale"),
        touch("sale", source="old"),
        touch("no-answer", source="old"),
    ]
    counts = count_stages(touches)
    assert counts["new"] == StageCounts(touches=5, conversations=4, meetings=2, sales=1)
    assert counts["old"] == StageCounts(touches=2, conversations=1, meetings=1, sales=1)


def test_count_stages_always_has_both_sources() -> None:
    assert count_stages([]) == {"new": StageCounts(), "old": StageCounts()}


def test_stage_counts_add_and_refuse_impossible_nesting() -> None:
    assert StageCounts(5, 3, 2, 1) + StageCounts(1, 1, 0, 0) == StageCounts(6, 4, 2, 1)
    with pytest.raises(ValueError):
        StageCounts(touches=1, conversations=0, meetings=0, sales=1)
    with pytest.raises(ValueError):
        StageCounts(touches=-1)


# ---------------------------------------------------------------- estimating the funnel


def test_estimate_funnel_smooths_every_stage_with_its_prior() -> None:
    counts: dict[Source, StageCounts] = {
        "new": StageCounts(100, 30, 10, 4),
        "old": StageCounts(50, 20, 8, 5),
    }
    report = estimate_funnel(counts, SETTINGS, lead_days={"new": 12.0, "old": None})
    m = SETTINGS.prior_strength
    new_prior = SETTINGS.priors["new"]
    new = report["new"]
    assert new.connect.estimate == pytest.approx((30 + m * new_prior.connect) / (100 + m))
    assert new.meeting.estimate == pytest.approx((10 + m * new_prior.meeting) / (30 + m))
    assert new.close.estimate == pytest.approx((4 + m * new_prior.close) / (10 + m))
    assert new.sale.estimate == pytest.approx((4 + m * new_prior.sale) / (100 + m))
    assert report.p_sale("old") == pytest.approx((5 + m * SETTINGS.priors["old"].sale) / (50 + m))
    assert (report.new.lead_days, report.old.lead_days) == (12.0, None)
    assert report.totals == StageCounts(150, 50, 18, 9)


def test_a_source_without_touches_sits_on_its_prior() -> None:
    report = estimate_funnel({"new": StageCounts(10, 3, 1, 0)}, SETTINGS)
    assert report.old.counts == StageCounts()
    assert report.old.sale.estimate == pytest.approx(SETTINGS.priors["old"].sale)


def test_priors_come_from_settings_and_a_missing_one_falls_back() -> None:
    settings = Settings(priors={"new": StagePriors(0.5, 0.5, 0.5)}, prior_strength=10)
    report = estimate_funnel({}, settings)
    assert report.new.sale.estimate == pytest.approx(0.125)
    assert report.old.sale.estimate == pytest.approx(SETTINGS.priors["old"].sale)


def test_a_report_needs_both_sources() -> None:
    only_new = estimate_funnel({}, SETTINGS).new
    with pytest.raises(ValueError):
        FunnelReport({"new": only_new})


# ---------------------------------------------------------------- lead times


def test_lead_times_are_medians_of_sales_per_source() -> None:
    touches = [
        touch("sale", lead_days=4),
        touch("sale", lead_days=10),
        touch("sale", lead_days=30),
        touch("sale", lead_days=None),
        touch("meeting", lead_days=99),
        touch("sale", source="old", lead_days=7),
        touch("sale", source="old", lead_days=8),
    ]
    assert lead_times(touches) == {"new": 10.0, "old": 7.5}
    assert lead_times([touch("no-answer")]) == {"new": None, "old": None}


def test_cycle_lead_days_restart_after_a_sale_or_a_no() -> None:
    history = [
        touch("no-answer", day=1, touch_id=1),
        touch("conversation", day=3, touch_id=2),
        touch("sale", day=10, touch_id=3),  # cycle from day 1: 9 days
        touch("no-answer", day=20, touch_id=4),
        touch("not-interested", day=25, touch_id=5),
        touch("conversation", day=40, touch_id=6, source="old"),
        touch("sale", day=45, touch_id=7, source="old", lead_days=99),  # from day 40: 5
        touch("sale", day=50, touch_id=8),  # a sale on a cycle's first touch: 0
    ]
    result = cycle_lead_days(history)
    assert [t.id for t in result] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [t.lead_days for t in result if t.outcome == "sale"] == [9, 5, 0]
    assert all(t.lead_days is None for t in result if t.outcome != "sale")
    assert lead_times(result) == {"new": 4.5, "old": 5.0}


def test_cycle_lead_days_sorts_by_time_first() -> None:
    history = [touch("sale", day=6, touch_id=2), touch("no-answer", day=2, touch_id=1)]
    result = cycle_lead_days(history)
    assert [t.id for t in result] == [1, 2]
    assert result[1].lead_days == 4
    assert cycle_lead_days([]) == []


# ---------------------------------------------------------------- diagnosis


def _report(new: StageCounts, old: StageCounts | None = None) -> FunnelReport:
    return estimate_funnel({"new": new, "old": old or StageCounts()}, SETTINGS)


# All new touches: planned connect 0.30, sales per conversation 0.30 * 0.35 = 0.105,
# sales per touch 0.0315. 30 expected sales need 30 / 0.0315 = 952 touches.
ON_PLAN = StageCounts(touches=1000, conversations=300, meetings=90, sales=32)


def _diagnose(
    counts: StageCounts, expected: float = 30.0, status: PaceStatus = "behind", **kw: int
) -> str:
    return diagnose(
        _report(counts),
        expected_sales_to_date=expected,
        actual_sales=counts.sales,
        pace_status=status,
        settings=SETTINGS,
        **kw,
    )


def test_too_few_touches_is_insufficient_data() -> None:
    assert _diagnose(StageCounts(29, 2, 0, 0)) == "insufficient_data"
    assert _diagnose(StageCounts(29, 2, 0, 0), min_touches=10) != "insufficient_data"


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
        detail.summary()
        == "behind on volume: 31 touches a day against 48 needed; close rate is fine"
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
        "behind on connect rate: 15% of touches reach a conversation against 30% planned"
    )
    assert summary(StageCounts(1000, 300, 60, 10)) == (
        "behind on close rate: 3% of conversations end in a sale against 10% planned"
    )
    assert summary(StageCounts(10, 1, 0, 0)) == (
        "not enough data yet: 10 touches logged, 30 needed for a diagnosis"
    )
    assert summary(ON_PLAN, "ahead") == "on pace: nothing to fix"
    assert summary(StageCounts(500, 150, 20, 2)).startswith(
        "behind on volume: 500 touches so far against 952 needed; close rate is below plan"
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


def test_rate_type_is_plain_data() -> None:
    rate = Rate(0.1, 0.05, 0.15, 1, 10)
    assert rate.raw == pytest.approx(0.1)
    assert Rate(0.1, 0.0, 1.0, 0, 0).raw is None
