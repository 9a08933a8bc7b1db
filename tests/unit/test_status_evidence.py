"""The status rule: a pace band confirmed by evidence that chance does not explain it.

Thresholds restated here (not imported): bands 1.10 / 0.99 / 0.81; at_risk needs
P(X <= A | E) < 0.10, behind < 0.25, ahead needs P(X >= A | E) < 0.25, X ~ Poisson(E).
"""

from __future__ import annotations

import math
import random
from datetime import date
from decimal import Decimal

import pytest

from planner.calendar import WorkCalendar, parse_period
from planner.models import PaceStatus, Target
from planner.pacing import pace_from_totals, status_for

MON_FRI = WorkCalendar()
D = 261  # working days of 2026, Mon-Fri
Q = 24


def below(k: int, mean: float) -> float:
    """P(X <= k), X ~ Poisson(mean), summed from lgamma."""
    if mean == 0:
        return 1.0
    return sum(math.exp(-mean + i * math.log(mean) - math.lgamma(i + 1)) for i in range(k + 1))


def rule(actual: int, expected: float) -> PaceStatus:
    """The documented rule, written out independently."""
    if expected == 0:
        return "ahead" if actual > 0 else "on_track"
    pace = actual / expected
    if pace >= 1.10:
        return "ahead" if 1 - below(actual - 1, expected) < 0.25 else "on_track"
    if pace >= 0.99:
        return "on_track"
    tail = below(actual, expected)
    if pace < 0.81 and tail < 0.10:
        return "at_risk"
    return "behind" if tail < 0.25 else "on_track"


@pytest.mark.parametrize(
    ("actual", "expected", "status"),
    [
        (7, 24 * 129 / 261, "at_risk"),  # the seed: P(X <= 7) = 0.096
        (0, 24 / 261, "on_track"),  # day 2 with no sale: P(X <= 0) = 0.91, chance
        (1, 24 * 22 / 261, "on_track"),  # 1 of 2.02 a month in: P = 0.40
        (5, 8.0, "behind"),  # pace 0.63 but P(X <= 5) = 0.19: behind, not at risk
        (4, 6.0, "on_track"),  # pace 0.67, P(X <= 4) = 0.29
        (90, 100.0, "behind"),  # the behind band with evidence: P = 0.17
        (95, 100.0, "on_track"),  # the behind band without: P = 0.33
        (70, 100.0, "at_risk"),
        (5, 10 * 10 / 23, "on_track"),  # 5 against 4.35: the ahead band, P(X >= 5) = 0.44
        (8, 4.0, "ahead"),  # P(X >= 8 | 4) = 0.05
        (130, 100.0, "ahead"),
        (112, 100.0, "ahead"),  # pace 1.12, P(X >= 112) = 0.13
        (111, 120.0, "behind"),  # pace 0.925, P(X <= 111) = 0.22
        (1, 0.0, "ahead"),
        (0, 0.0, "on_track"),
    ],
)
def test_the_band_needs_evidence(actual: int, expected: float, status: PaceStatus) -> None:
    pace = actual / expected if expected else None
    want = rule(actual, expected)
    assert want == status
    assert status_for(pace, actual=Decimal(actual), expected=expected) == want


def test_without_expected_the_band_alone_decides() -> None:
    assert status_for(0.5) == "at_risk"
    assert status_for(0.9) == "behind"
    assert status_for(1.2) == "ahead"
    assert status_for(None, actual=Decimal(1)) == "ahead"


def test_revenue_weighs_the_evidence_in_sales() -> None:
    # 14,000 expected at 2,000 a sale is 7 sales; 4,000 sold is 2: P(X <= 2 | 7) = 0.03.
    assert status_for(4000 / 14000, actual=Decimal(4000), expected=14000.0, sale_value=2000) == (
        "at_risk"
    )
    # The same money where one sale is worth 14,000: no sale yet against 1 expected is chance.
    assert status_for(0.0, actual=Decimal(0), expected=14000.0, sale_value=14000) == "on_track"
    # Partial sales count down: 4,000 at 7,000 a sale is 0 sales against 2 (P = 0.135).
    assert status_for(4000 / 14000, actual=Decimal(4000), expected=14000.0, sale_value=7000) == (
        "behind"
    )


def test_the_seed_example_stays_at_risk_and_says_how_far_behind() -> None:
    report = pace_from_totals(
        Target("sales", Decimal(24), parse_period("2026")),
        sale_count=7,
        priced_count=0,
        revenue=Decimal(0),
        calendar=MON_FRI,
        today=date(2026, 7, 1),
    )
    assert report.status == "at_risk"
    assert report.behind_by == pytest.approx(24 * 129 / 261 - 7)
    assert round(report.behind_by, 1) == 4.9


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def _simulate(factor: float, sellers: int, seed: int) -> list[list[PaceStatus]]:
    """Each seller's morning status on every working day of a 24-a-year plan, selling
    Poisson at factor x plan a working day (sales so far against E = Q*d/D)."""
    rng = random.Random(seed)
    rate = Q / D * factor
    runs = []
    for _ in range(sellers):
        sold = 0
        statuses: list[PaceStatus] = []
        for day in range(D):
            expected = Q * day / D
            pace = sold / expected if expected else None
            statuses.append(status_for(pace, actual=sold, expected=expected))
            sold += _poisson(rng, rate)
        runs.append(statuses)
    return runs


def test_a_seller_exactly_at_plan_is_rarely_told_at_risk_or_behind() -> None:
    runs = _simulate(1.0, sellers=300, seed=20261)
    days = [status for run in runs for status in run]
    at_risk = sum(s == "at_risk" for s in days) / len(days)
    behind_or_worse = sum(s in ("behind", "at_risk") for s in days) / len(days)
    first_quarter = [status for run in runs for status in run[:65]]
    assert at_risk <= 0.10
    assert behind_or_worse <= 0.30
    assert sum(s == "at_risk" for s in first_quarter) / len(first_quarter) <= 0.10
    # Two weeks without a sale are ordinary at 2 a month: never worse than on_track.
    assert all(status in ("on_track", "ahead") for run in runs for status in run[:10])


def test_a_seller_at_half_the_plan_is_behind_from_the_second_month_on() -> None:
    runs = _simulate(0.5, sellers=300, seed=20262)
    later = [status for run in runs for status in run[21:]]  # from the 22nd working day
    behind_or_worse = sum(s in ("behind", "at_risk") for s in later) / len(later)
    assert behind_or_worse >= 0.75


def test_the_simulation_agrees_with_the_report() -> None:
    # The shortcut above (status_for on E = Q*d/D) is what pace_from_totals computes.
    target = Target("sales", Decimal(Q), parse_period("2026"))
    for today, sold in [(date(2026, 2, 2), 0), (date(2026, 5, 4), 3), (date(2026, 10, 1), 12)]:
        report = pace_from_totals(
            target,
            sale_count=sold,
            priced_count=0,
            revenue=Decimal(0),
            calendar=MON_FRI,
            today=today,
        )
        assert report.status == rule(sold, report.expected)
