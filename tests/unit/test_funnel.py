"""Smoothed funnel rates and their intervals, per source and stage."""

from __future__ import annotations

import math
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

import planner.funnel
from planner.funnel import FunnelReport, Rate, StageCounts, estimate_funnel, smoothed_rate
from planner.models import Settings, Source, StagePriors
from planner.stats import beta_cdf, beta_ppf

SETTINGS = Settings()


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


# ---------------------------------------------------------------- stage counts


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


def test_rate_type_is_plain_data() -> None:
    rate = Rate(0.1, 0.05, 0.15, 1, 10)
    assert rate.raw == pytest.approx(0.1)
    assert Rate(0.1, 0.0, 1.0, 0, 0).raw is None


@given(
    trials=st.integers(0, 20_000),
    share=st.floats(0.0, 1.0),
    prior=st.floats(0.0, 1.0),
    strength=st.floats(0.0, 200.0),
)
def test_an_interval_read_late_is_the_one_computed_at_once(
    trials: int, share: float, prior: float, strength: float
) -> None:
    # The interval waits for its first read; it must be, bit for bit, what the rate computed
    # eagerly before (the two beta quantiles, widened to hold the estimate).
    successes = round(trials * share)
    smoothed_rate.cache_clear()
    rate = smoothed_rate(successes, trials, prior, strength)
    weight = trials + strength
    if weight:
        a, b = successes + strength * prior, trials - successes + strength * (1.0 - prior)
        low = min(beta_ppf(0.10, a, b), rate.estimate)
        high = max(beta_ppf(0.90, a, b), rate.estimate)
    else:
        low, high = 0.0, 1.0
    assert (rate.low, rate.high) == (low, high)
    eager = Rate(rate.estimate, low, high, successes, trials)
    assert rate == eager and hash(rate) == hash(eager) and repr(rate) == repr(eager)
    again = pickle.loads(pickle.dumps(smoothed_rate(successes, trials, prior, strength)))
    assert again == rate and (again.low, again.high) == (low, high)


def test_a_funnel_computes_only_the_intervals_that_are_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[float] = []

    def counted(q: float, a: float, b: float) -> float:
        asked.append(q)
        return beta_ppf(q, a, b)

    monkeypatch.setattr(planner.funnel, "beta_ppf", counted)
    smoothed_rate.cache_clear()
    counts = {"new": StageCounts(900, 300, 60, 20), "old": StageCounts(400, 150, 30, 12)}
    funnel = estimate_funnel(counts, SETTINGS)
    assert asked == []  # a forecast's evidence reads estimates only
    assert funnel.new.sale.low < funnel.new.sale.estimate < funnel.new.sale.high
    assert asked == [0.10, 0.90]  # both bounds at the first read, once
    assert funnel.new.sale.high and asked == [0.10, 0.90]
    assert repr(funnel.old.connect).startswith("Rate(estimate=")
    assert len(asked) == 4
