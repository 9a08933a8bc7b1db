"""The forecast's chance alone (pacing.PaceTotals.chance, forecast.future_chance) is the full
report's p_hit bit for bit, on both of its paths, and whether it reaches a level
(PaceTotals.reaches, forecast.future_reaches) is always the same answer as comparing it:
what the what-if searches rely on."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import planner.forecast
from planner.calendar import WorkCalendar, parse_period
from planner.forecast import (
    OpenDeal,
    Outlook,
    PastPeriod,
    RatePosterior,
    SellerEvidence,
    future_chance,
    future_reaches,
    future_sales,
    rate_posterior,
    rate_prior,
)
from planner.models import Metric, Target
from planner.pacing import PaceTotals, pace_from_totals
from planner.stats import convolve, negative_binomial_pmf, poisson_binomial_pmf

YEAR = parse_period("2026")
deal_chances = st.lists(st.floats(0.0, 1.0), max_size=40)
T = TypeVar("T")


@settings(max_examples=150, deadline=None)
@given(
    rate=st.floats(0.0, 80.0),
    sales=st.integers(0, 3000),
    days=st.integers(0, 260),
    left=st.integers(0, 260),
    deals=deal_chances,
    needed=st.integers(-3, 4000),
)
def test_future_chance_is_the_reach_of_future_sales(
    rate: float, sales: int, days: int, left: int, deals: list[float], needed: int
) -> None:
    prior = rate_prior(SellerEvidence(past_periods=(PastPeriod(round(rate * 250), 250),)),
                       worked_days=1)  # fmt: skip
    posterior = rate_posterior(prior, sales=sales, days=days)
    expected = future_sales(posterior, left, deals, needed).p_reach
    assert future_chance(posterior, left, deals, needed) == expected


@settings(max_examples=80, deadline=None)
@given(
    quota=st.integers(1, 6000),
    sold=st.integers(0, 3000),
    month=st.integers(1, 12),
    deals=st.lists(st.floats(0.0, 1.0), max_size=30),
    rate_factor=st.floats(0.0, 20.0),
    close_factor=st.floats(0.0, 5.0),
    revenue=st.booleans(),
)
def test_the_chance_alone_is_the_reports_p_hit(
    quota: int,
    sold: int,
    month: int,
    deals: list[float],
    rate_factor: float,
    close_factor: float,
    revenue: bool,
) -> None:
    metric: Metric = "revenue" if revenue else "sales"
    target = Target(metric, Decimal(quota * 900 if revenue else quota), YEAR)
    evidence = SellerEvidence(
        touches=sold * 30,
        touch_days=200,
        p_sale_a=3.0,
        p_sale_b=90.0,
        past_periods=(PastPeriod(sold + 10, 250),),
        open_meetings=tuple(OpenDeal(p_close=q) for q in deals),
    )
    for outlook in (None, Outlook(rate_factor=rate_factor, close_factor=close_factor)):

        def totals(figure: Callable[..., T], outlook: Outlook | None = outlook) -> T:
            return figure(
                target,
                sale_count=sold,
                priced_count=sold,
                revenue=Decimal(sold * 850),
                calendar=WorkCalendar(),
                today=date(2026, month, 15),
                evidence=evidence,
                outlook=outlook,
            )

        def chance_alone(target: Target, *, outlook: Outlook | None, **given: Any) -> float:
            return PaceTotals(target, **given).chance(outlook)

        assert totals(chance_alone) == totals(pace_from_totals).p_hit


@settings(max_examples=100, deadline=None)
@given(
    a=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=60),
    b=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=60),
    size=st.integers(0, 130),
)
def test_a_cut_convolution_is_the_head_of_the_whole(
    a: list[float], b: list[float], size: int
) -> None:
    assert convolve(a, b, size) == convolve(a, b)[:size]


def test_a_cut_negative_binomial_is_the_head_of_the_whole() -> None:
    whole = negative_binomial_pmf(40.0, 0.3, 93.3, 311.0)
    for size in (1, 2, 50, len(whole), len(whole) + 10):
        assert negative_binomial_pmf(40.0, 0.3, 93.3, 311.0, size) == whole[:size]


def _poisson_binomial_reference(probs: list[float]) -> list[float]:
    # The trial-by-trial double loop the comprehension replaced.
    pmf = [1.0]
    for q in probs:
        nxt = [0.0] * (len(pmf) + 1)
        for k, mass in enumerate(pmf):
            nxt[k] += mass * (1.0 - q)
            nxt[k + 1] += mass * q
        pmf = nxt
    return pmf


@settings(max_examples=200, deadline=None)
@given(deal_chances)
def test_the_poisson_binomial_is_the_double_loop_bit_for_bit(probs: list[float]) -> None:
    assert poisson_binomial_pmf(probs) == _poisson_binomial_reference(probs)


def _levels(chance: float, other: float) -> list[float]:
    """Levels that test a decision: the chance itself and its neighbours, a hair and the
    bound's margin either side, and another level anywhere."""
    near = [chance, math.nextafter(chance, 0.0), math.nextafter(chance, 1.0)]
    near += [chance + d for d in (-1e-12, 1e-12, -1e-9, 1e-9, -0.01, 0.01, -0.2, 0.2)]
    return [level for level in [*near, other, 0.5] if 0.0 < level < 1.0] + [0.0, 1.0]


def _posterior(rate: float, sales: int, days: int) -> RatePosterior:
    prior = rate_prior(SellerEvidence(past_periods=(PastPeriod(round(rate * 250), 250),)),
                       worked_days=1)  # fmt: skip
    return rate_posterior(prior, sales=sales, days=days)


@settings(max_examples=200, deadline=None)
@given(
    rate=st.floats(0.0, 80.0),
    sales=st.integers(0, 3000),
    days=st.integers(0, 260),
    left=st.integers(0, 260),
    deals=deal_chances,
    needed=st.integers(-3, 4000),
    other=st.floats(0.0, 1.0),
)
def test_reaching_a_level_is_comparing_the_chance_with_it(
    rate: float, sales: int, days: int, left: int, deals: list[float], needed: int, other: float
) -> None:
    posterior = _posterior(rate, sales, days)
    chance = future_chance(posterior, left, deals, needed)
    for level in _levels(chance, other):
        assert future_reaches(posterior, left, deals, needed, level) == (chance >= level), level


@settings(max_examples=150, deadline=None)
@given(
    rate=st.floats(0.05, 3.0),
    days=st.integers(1, 250),
    left=st.integers(1, 250),
    deals=deal_chances,
    share=st.floats(0.0, 1.0),
)
def test_reaching_a_level_near_the_middle_of_the_sales(
    rate: float, days: int, left: int, deals: list[float], share: float
) -> None:
    # Where the searches ask: a need near the expected sales, so that the chance is neither
    # 0 nor 1 and the bound seldom decides.
    posterior = _posterior(rate, round(rate * days), days)
    needed = max(1, round((rate * left + sum(deals)) * (0.5 + share)))
    chance = future_chance(posterior, left, deals, needed)
    for level in _levels(chance, share):
        assert future_reaches(posterior, left, deals, needed, level) == (chance >= level), level


def test_a_clear_answer_needs_no_chance(monkeypatch: pytest.MonkeyPatch) -> None:
    # The point of future_reaches: far from the level (the bound) and near it (the cdf sum),
    # the answer comes without the convolution of future_chance.
    posterior = _posterior(0.5, 60, 120)
    deals = [0.3] * 30
    chances = {needed: future_chance(posterior, 130, deals, needed) for needed in range(1, 200)}

    def refused(*args: object) -> float:
        raise AssertionError("future_reaches computed the chance")

    monkeypatch.setattr(planner.forecast, "_chance", refused)
    for needed, chance in chances.items():
        for level in (0.5, 0.1, 0.9):
            if abs(chance - level) > 1e-6:
                assert future_reaches(posterior, 130, deals, needed, level) == (chance >= level)


@settings(max_examples=80, deadline=None)
@given(
    quota=st.integers(1, 6000),
    sold=st.integers(0, 3000),
    month=st.integers(1, 12),
    deals=st.lists(st.floats(0.0, 1.0), max_size=30),
    rate_factor=st.floats(0.0, 20.0),
    close_factor=st.floats(0.0, 5.0),
    level=st.floats(0.0, 1.0),
)
def test_the_totals_reach_a_level_when_their_chance_does(
    quota: int,
    sold: int,
    month: int,
    deals: list[float],
    rate_factor: float,
    close_factor: float,
    level: float,
) -> None:
    target = Target("sales", Decimal(quota), YEAR)
    evidence = SellerEvidence(
        touches=sold * 30,
        touch_days=200,
        p_sale_a=3.0,
        p_sale_b=90.0,
        past_periods=(PastPeriod(sold + 10, 250),),
        open_meetings=tuple(OpenDeal(p_close=q) for q in deals),
    )
    totals = PaceTotals(target, sold, 0, Decimal(0), WorkCalendar(), date(2026, month, 15),
                        evidence=evidence)  # fmt: skip
    for outlook in (None, Outlook(rate_factor=rate_factor, close_factor=close_factor)):
        chance = totals.chance(outlook)
        for tried in _levels(chance, level):
            assert totals.reaches(outlook, tried) == (chance >= tried)
