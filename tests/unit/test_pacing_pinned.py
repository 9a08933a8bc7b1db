"""The pace forecast pinned to numbers computed here, independently of planner.pacing.

The model (documented at the top of planner/pacing.py): the daily sale rate is gamma, starting
as the plan rate Q/D held with the weight of 10 working days of evidence, updated by the d
working days elapsed and the A sales counted; the sales still to come in the D - d remaining
days are then negative binomial, r = Q/D * 10 + A, p = (10 + d) / (10 + d + D - d).
p_hit = P(A + future >= Q) and the interval is A + the 10th and 90th percentiles.

Nothing here is imported from planner.pacing's internals: the prior weight is the documented
10 days written out, and the negative binomial is summed term by term from lgamma. If the
model changes on purpose, these numbers change with it, in one reviewed edit.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from planner.calendar import WorkCalendar, parse_period
from planner.models import Target, Touch
from planner.pacing import pace_from_totals, pace_report

MON_FRI = WorkCalendar()  # no country: no public holidays
YEAR_2026 = parse_period("2026")
DOCUMENTED_PRIOR_DAYS = 10.0


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


def _nb_cdf(r: float, p: float, at_least: int) -> list[float]:
    """[P(X <= 0), P(X <= 1), ...] for X ~ NegBin(r, p), each term from lgamma, summed past
    ``at_least`` until the rest of the tail is negligible."""
    log_p, log_q = math.log(p), math.log1p(-p)
    total, out = 0.0, []
    k = 0
    while k <= at_least or total < 1 - 1e-9:
        log_term = math.lgamma(k + r) - math.lgamma(r) - math.lgamma(k + 1)
        total += math.exp(log_term + r * log_p + k * log_q)
        out.append(total)
        k += 1
        assert k < 1_000_000, "the sum does not converge"
    return out


def _model(quota: int, total: int, elapsed: int, sold: int) -> tuple[float, int, int]:
    """(p_hit, 10th percentile, 90th percentile) of the documented model, by brute force."""
    left = total - elapsed
    r = quota / total * DOCUMENTED_PRIOR_DAYS + sold
    beta = DOCUMENTED_PRIOR_DAYS + elapsed
    p = beta / (beta + left)
    cdf = _nb_cdf(r, p, quota)
    needed = quota - sold
    p_hit = 1.0 - (cdf[needed - 1] if needed > 0 else 0.0)
    low = next(k for k, c in enumerate(cdf) if c >= 0.10)
    high = next(k for k, c in enumerate(cdf) if c >= 0.90)
    return p_hit, low, high


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
    assert report.pace == pytest.approx(7 / (24 * 129 / 261))  # 0.59
    assert report.remaining == Decimal(17)
    assert report.required_per_day == pytest.approx(17 / 132)
    assert report.run_rate_per_day == pytest.approx(7 / 129)
    assert report.status == "at_risk"

    p_hit, low, high = _model(24, 261, 129, 7)
    # The same numbers written out, so a change in the helper above cannot hide a change.
    assert p_hit == pytest.approx(0.022789, abs=1e-6)
    assert (low, high) == (3, 13)

    assert report.p_hit == pytest.approx(p_hit, abs=1e-9)
    assert report.projected_low == 7 + low
    assert report.projected_high == 7 + high


def test_seed_example_before_any_day_is_the_plan_itself() -> None:
    """On 1 January nothing is known but the plan: the mean finish is the target."""
    report = pace_report(_target(24), [], MON_FRI, date(2026, 1, 1))
    p_hit, low, high = _model(24, 261, 0, 0)
    assert report.projected == pytest.approx(24.0)
    assert report.p_hit == pytest.approx(p_hit, abs=1e-9)
    assert (report.projected_low, report.projected_high) == (low, high)


def test_one_sale_on_the_second_of_january_moves_the_forecast_by_the_documented_weight() -> None:
    """With the prior worth 10 days, one sale after one day adds 1/11 of a day's evidence."""
    report = pace_report(_target(24), [_sale(date(2026, 1, 2))], MON_FRI, date(2026, 1, 2))
    assert report.working_days_elapsed == 1  # Thursday 1 January
    p_hit, low, high = _model(24, 261, 1, 1)
    assert report.p_hit == pytest.approx(p_hit, abs=1e-9)
    assert (report.projected_low, report.projected_high) == (1 + low, 1 + high)


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
    """Counts this big take the gamma (Wilson-Hilferty) path; its interval must still be the
    10th-90th percentile of the exact negative binomial, to within a sale or two."""
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
    r = quota / total * DOCUMENTED_PRIOR_DAYS + sold
    beta = DOCUMENTED_PRIOR_DAYS + elapsed
    p = beta / (beta + left)
    mean, sd = r * (1 - p) / p, math.sqrt(r * (1 - p)) / p
    assert mean + 8 * sd >= 600, "not the large-count path: raise the counts"

    p_hit, low, high = _model(quota, total, elapsed, sold)
    # The approximate path agrees with the exact sum to about a sale at each end, while an
    # interval of 90% instead of 80% would move each end by about 0.36 sd (10+ sales here).
    assert abs(report.projected_low - (sold + low)) <= 2
    assert abs(report.projected_high - (sold + high)) <= 2
    assert report.p_hit == pytest.approx(p_hit, abs=0.01)
    assert 0.36 * sd > 5  # the tolerance above is well inside what a wider interval moves


def test_exact_and_large_count_paths_agree_at_the_switch() -> None:
    """Either side of the switch to the approximation the interval keeps its 80% coverage."""
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
        _, low, high = _model(quota, 261, 129, sold)
        assert abs(report.projected_low - (sold + low)) <= 2, sold
        assert abs(report.projected_high - (sold + high)) <= 2, sold
