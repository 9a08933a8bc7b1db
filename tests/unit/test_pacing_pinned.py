"""The pace forecast pinned to numbers computed here, independently of planner.pacing.

The model (documented at the top of planner/forecast.py): the daily sale rate has a robust
two-part gamma prior centred on the seller's own rate r0 (here the plan: 40 touches a day at
0.30 * 0.30 * 0.35 per touch),

    weight 0.9:  Gamma(60 * r0, 60)                    worth 60 working days
    weight 0.1:  Gamma(s * max(r0, 1/100), s)          s = min(1/r0, 100): worth one sale

After A sales in d elapsed working days each part becomes Gamma(shape + A, rate + d) and the
weights are multiplied by each part's negative binomial likelihood of those A sales,
NB(A; shape, rate / (rate + d)). The sales still to come in the R remaining days are the
mixture of NB(shape', rate' / (rate' + R)); p_hit = P(A + X >= Q), the interval is A + its
10th and 90th percentiles, projected = A + E[X] clamped into the interval.

Nothing here is imported from planner.pacing or planner.forecast: the constants are the
documented ones written out, and every distribution is summed term by term from lgamma. If the
model changes on purpose, these numbers change with it, in one reviewed edit.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from planner.calendar import WorkCalendar, parse_period
from planner.forecast import OpenDeal, PastPeriod, SellerEvidence
from planner.models import Target, Touch
from planner.pacing import pace_from_totals, pace_report

MON_FRI = WorkCalendar()  # no country: no public holidays
YEAR_2026 = parse_period("2026")

DOCUMENTED_WEIGHT_DAYS = 60.0
DOCUMENTED_ROBUST_WEIGHT = 0.1
PLAN_RATE = 40 * 0.30 * 0.30 * 0.35  # the default plan: 1.26 sales a working day
# A seller whose last year was 24 sales in 261 working days: their prior rate is 24/261.
LAST_YEAR = SellerEvidence(past_periods=(PastPeriod(sales=24, working_days=261),))


def _sale(day: date) -> Touch:
    return Touch(
        id=day.toordinal(),
        prospect_id=1,
        at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
        outcome="sale",
        source="new",
    )


def _target(amount: int) -> Target:
    return Target(metric="sales", amount=Decimal(amount), period=YEAR_2026)


def _log_nb(k: int, r: float, p: float) -> float:
    return (
        math.lgamma(k + r)
        - math.lgamma(r)
        - math.lgamma(k + 1)
        + r * math.log(p)
        + (k * math.log1p(-p) if k else 0.0)
    )


def _parts(r0: float, sold: int, days: int) -> list[tuple[float, float, float]]:
    """The posterior mixture: (weight, shape, rate) of each gamma part."""
    robust_days = min(1 / r0, 100.0)
    prior = [
        (1 - DOCUMENTED_ROBUST_WEIGHT, DOCUMENTED_WEIGHT_DAYS * r0, DOCUMENTED_WEIGHT_DAYS),
        (DOCUMENTED_ROBUST_WEIGHT, robust_days * max(r0, 0.01), robust_days),
    ]
    if days == 0:
        return prior
    likes = [w * math.exp(_log_nb(sold, a, b / (b + days))) for w, a, b in prior]
    total = sum(likes)
    return [(lk / total, a + sold, b + days) for lk, (_, a, b) in zip(likes, prior, strict=True)]


def _model(r0: float, quota: int, total: int, elapsed: int, sold: int) -> dict[str, float]:
    """p_hit, projected and the interval of the documented model, by brute force."""
    left = total - elapsed
    parts = _parts(r0, sold, elapsed)
    mean = sum(w * a / b * left for w, a, b in parts)
    cdf: list[float] = []
    running, k = 0.0, 0
    while running < 1 - 1e-12:
        running += sum(w * math.exp(_log_nb(k, a, b / (b + left))) for w, a, b in parts)
        cdf.append(running)
        k += 1
        assert k < 1_000_000, "the sum does not converge"
    needed = quota - sold
    low = next(i for i, c in enumerate(cdf) if c >= 0.10)
    high = next(i for i, c in enumerate(cdf) if c >= 0.90)
    return {
        "p_hit": 1.0 - (cdf[needed - 1] if needed > 0 else 0.0),
        "low": sold + low,
        "high": sold + high,
        "projected": min(sold + high, max(sold + low, sold + mean)),
        "prior_share": parts[0][0],
    }


# ---------------------------------------------------------------- the seed example


def test_seed_example_forecast_is_pinned_to_the_documented_model() -> None:
    """24 sales for 2026, Mon-Fri without holidays, 7 sold by Wednesday 1 July."""
    sales = [_sale(date(2026, m, 10)) for m in (1, 2, 3, 4, 5, 6)] + [_sale(date(2026, 6, 30))]
    report = pace_report(_target(24), sales, MON_FRI, date(2026, 7, 1))
    # 261 weekdays in 2026, 129 of them before 1 July, 132 left (today included).
    assert (report.working_days_total, report.working_days_elapsed) == (261, 129)
    assert report.working_days_remaining == 132
    # DESIGN section 3: E = Q*d/D, pace = A/E, R = Q - A, required = R/(D - d), rate = A/d.
    assert report.expected == pytest.approx(24 * 129 / 261)  # 11.86
    assert report.behind_by == pytest.approx(24 * 129 / 261 - 7)  # 4.86 sales behind
    assert report.pace == pytest.approx(7 / (24 * 129 / 261))  # 0.59
    assert report.remaining == Decimal(17)
    assert report.required_per_day == pytest.approx(17 / 132)
    assert report.run_rate_per_day == pytest.approx(7 / 129)
    assert report.status == "at_risk"  # P(X <= 7 | 11.86) = 0.096 < 0.10
    assert not report.final

    model = _model(PLAN_RATE, 24, 261, 129, 7)
    # The plan's 1.26 a day disagrees with 7 sales in 129 days: the robust part takes over.
    assert model["prior_share"] < 1e-6
    # The same numbers written out, so a change in the helpers above cannot hide a change.
    assert model["p_hit"] == pytest.approx(0.035027, abs=1e-5)
    assert (model["low"], model["high"]) == (10, 21)
    assert model["projected"] == pytest.approx(15.14, abs=0.01)

    assert report.p_hit == pytest.approx(model["p_hit"], abs=1e-9)
    assert (report.projected_low, report.projected_high) == (model["low"], model["high"])
    assert report.projected == pytest.approx(model["projected"], abs=1e-9)


def test_seed_example_before_any_day_is_the_prior_itself() -> None:
    """On 1 January nothing is known but the seller's prior rate (here last year's)."""
    report = pace_report(_target(24), [], MON_FRI, date(2026, 1, 1), evidence=LAST_YEAR)
    model = _model(24 / 261, 24, 261, 0, 0)
    assert model["projected"] == pytest.approx(24.0)
    assert model["p_hit"] == pytest.approx(0.5, abs=0.1)
    assert report.projected == pytest.approx(model["projected"], abs=1e-9)
    assert report.p_hit == pytest.approx(model["p_hit"], abs=1e-9)
    assert (report.projected_low, report.projected_high) == (model["low"], model["high"])


def test_the_forecast_is_the_same_whatever_the_target() -> None:
    """Same history, another quota: same finish and interval; only p_hit moves."""
    sales = [_sale(date(2026, m, 10)) for m in (1, 2, 3, 4, 5, 6)]
    small = pace_report(_target(12), sales, MON_FRI, date(2026, 7, 1))
    large = pace_report(_target(48), sales, MON_FRI, date(2026, 7, 1))
    assert (small.projected, small.projected_low, small.projected_high) == (
        large.projected,
        large.projected_low,
        large.projected_high,
    )
    assert small.p_hit > large.p_hit
    assert large.p_hit == pytest.approx(_model(PLAN_RATE, 48, 261, 129, 6)["p_hit"], abs=1e-9)


def test_one_sale_on_the_second_of_january_moves_the_forecast_by_the_documented_weight() -> None:
    """With the prior worth 60 days, one sale after one day is a small nudge, not a swing."""
    before = pace_report(_target(24), [], MON_FRI, date(2026, 1, 2), evidence=LAST_YEAR)
    one = [_sale(date(2026, 1, 2))]
    report = pace_report(_target(24), one, MON_FRI, date(2026, 1, 2), evidence=LAST_YEAR)
    assert report.working_days_elapsed == 1  # Thursday 1 January
    model = _model(24 / 261, 24, 261, 1, 1)
    assert report.p_hit == pytest.approx(model["p_hit"], abs=1e-9)
    assert (report.projected_low, report.projected_high) == (model["low"], model["high"])
    # 5.5 sales' worth of prior (60 days at 24/261) plus one: the rate moves by about a
    # sixth, the chance by well under the 37% -> 76% a 10-day prior gave.
    assert report.projected - before.projected < 8
    assert report.p_hit - before.p_hit < 0.25


def test_open_meetings_add_their_chance_to_close_on_top_of_the_rate() -> None:
    """Two open deals (0.5 x 1.0 and 0.4 x 0.5): 0.7 expected sales more, and p_hit is the
    mixture convolved with their Poisson-binomial."""
    deals = (OpenDeal(p_close=0.5), OpenDeal(p_close=0.4, weight=0.5))
    with_deals = SellerEvidence(past_periods=LAST_YEAR.past_periods, open_meetings=deals)
    kwargs = {"sale_count": 12, "priced_count": 0, "revenue": Decimal(0)}
    bare = pace_from_totals(
        _target(24), **kwargs, calendar=MON_FRI, today=date(2026, 7, 1), evidence=LAST_YEAR
    )
    report = pace_from_totals(
        _target(24), **kwargs, calendar=MON_FRI, today=date(2026, 7, 1), evidence=with_deals
    )
    assert (report.pipeline.open_meetings, report.pipeline.expected_sales) == (2, 0.7)
    assert report.projected - bare.projected == pytest.approx(0.7, abs=1e-9)
    # P(X + B >= 12) with B the deals' sales: 0.5*0.2 on 2, 0.5*0.8 + 0.5*0.2 on 1, 0.4 on 0.
    model = {b: _model(24 / 261, 24 - b, 261, 129, 12)["p_hit"] for b in (0, 1, 2)}
    p_hit = 0.4 * model[0] + 0.5 * model[1] + 0.1 * model[2]
    assert report.p_hit == pytest.approx(p_hit, abs=1e-9)


# ---------------------------------------------------------------- large counts


@pytest.mark.parametrize(
    ("quota", "sold", "today"),
    [
        (2000, 900, date(2026, 7, 1)),
        (5000, 2600, date(2026, 7, 1)),
        (1200, 300, date(2026, 3, 2)),
    ],
)
def test_large_count_interval_is_the_80_percent_range(quota: int, sold: int, today: date) -> None:
    """Counts this big are read point by point from the mixture's cdf (no pmf is listed); the
    interval is still exactly the 10th-90th percentile of the mixture, and p_hit its tail."""
    report = pace_from_totals(
        _target(quota),
        sale_count=sold,
        priced_count=0,
        revenue=Decimal(0),
        calendar=MON_FRI,
        today=today,
    )
    total, elapsed = report.working_days_total, report.working_days_elapsed
    left = total - elapsed
    parts = _parts(PLAN_RATE, sold, elapsed)
    mean = sum(w * a / b * left for w, a, b in parts)
    second = sum(w * (a / b * left * (b + left) / b + (a / b * left) ** 2) for w, a, b in parts)
    sd = math.sqrt(second - mean * mean)
    assert mean + 8 * sd >= 600, "not the large-count path: raise the counts"

    model = _model(PLAN_RATE, quota, total, elapsed, sold)
    # Both read the same mixture exactly: the same sale at each end, the same tail.
    assert report.projected_low == model["low"]
    assert report.projected_high == model["high"]
    assert report.p_hit == pytest.approx(model["p_hit"], abs=1e-6)
    assert report.projected_low <= report.projected <= report.projected_high


def test_exact_and_large_count_paths_agree_at_the_switch() -> None:
    """Either side of the switch from the listed pmf to the cdf read point by point, the
    interval is the same exact 80% range."""
    for sold in range(150, 400, 25):
        quota = 2 * sold + 20
        report = pace_from_totals(
            _target(quota),
            sale_count=sold,
            priced_count=0,
            revenue=Decimal(0),
            calendar=MON_FRI,
            today=date(2026, 7, 1),
        )
        model = _model(PLAN_RATE, quota, 261, 129, sold)
        assert report.projected_low == model["low"], sold
        assert report.projected_high == model["high"], sold


@pytest.mark.parametrize(
    ("lead", "in_cycle", "left", "weight"),
    [
        (None, 5, 30, 1.0),  # lead time unknown: nothing says the deal is slow
        (20, 5, 30, 1.0),  # due in 15 days, 30 left: fits
        (20, 0, 10, 0.5),  # due in 20 days, 10 left: half of the wait is covered
        (20, 40, 30, 0.5),  # twice the usual lead time already: fading
        (20, 5, 0, 0.0),  # no day left
    ],
)
def test_lead_time_weight(lead: float | None, in_cycle: int, left: int, weight: float) -> None:
    from planner.forecast import lead_time_weight

    assert lead_time_weight(lead, in_cycle, left) == pytest.approx(weight)
