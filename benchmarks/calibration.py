"""Calibration of p_hit and the status rule on simulated sellers (DESIGN section 3, issue 10).

    python benchmarks/calibration.py [--sellers 2000] [--seed 1]

The population: a plan of 24 sales over 2026 (261 working days, Monday-Friday) and four
groups of sellers at 50%, 80%, 100% and 125% of it. A seller's true daily rate is drawn
around plan x factor (log-normal, sd 0.25 on the log scale, mean kept); part of the
difference between sellers is how many calls they make and part how well they convert:
touches a day = 10 x (rate / plan) ** volume_share x log-normal(sd 0.2), and the sale rate
per touch is whatever makes touches x rate per touch = the true rate. Touches and sales
are Poisson over the working days. The planner knows what a seller would tell it: the plan
(10 touches a day at plan / 10 per touch, times ``prior_bias`` for a plan that was too
optimistic), the touches logged and the sales, and reports p_hit at day 60 and day 130.

The true chance of a seller is P(A + Poisson(rate x remaining days) >= 24), with the rate the
simulation knows and the planner does not; "hit" is whether they did, the rest of the year
simulated. No function of 60 days of sales can match every group (the record cannot tell a
lucky 80% seller from an unlucky 125% one), so calibration is judged over the population:
the mean p_hit against the mean true chance, and separation of the 125% from the 50% group.

It also prints how often the status rule tells an on-plan seller `at_risk` or `behind`,
and a seller at half the plan `behind` or worse from the second month on. Not part of the
test suite; tests/unit/test_calibration.py runs a small, seeded version of both.
"""

from __future__ import annotations

import argparse
import math
import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from planner.calendar import WorkCalendar, parse_period
from planner.forecast import SellerEvidence, beta_counts
from planner.models import PaceStatus, Target
from planner.pacing import pace_from_totals, status_for
from planner.stats import poisson_sf

CALENDAR = WorkCalendar()
PERIOD = parse_period("2026")
WORKING_DAYS = list(CALENDAR.days(PERIOD.start, PERIOD.end))  # 261
QUOTA = 24
PLAN_RATE = QUOTA / len(WORKING_DAYS)
CAPACITY = 10.0
FUNNEL_STRENGTH = 20.0
FACTORS = (0.5, 0.8, 1.0, 1.25)
CHECKPOINTS = (60, 130)


@dataclass(frozen=True)
class GroupResult:
    factor: float
    day: int
    mean_p_hit: float
    mean_true_chance: float
    hit_fraction: float


def _poisson(rng: random.Random, mean: float) -> int:
    if mean > 60:  # the normal approximation is plenty for touch counts
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def simulate(
    sellers: int,
    seed: int,
    *,
    volume_share: float = 0.5,
    prior_bias: float = 1.0,
    rate_sd: float = 0.25,
) -> list[GroupResult]:
    """Mean p_hit, mean true chance and hit fraction per group and checkpoint."""
    rng = random.Random(seed)
    target = Target("sales", Decimal(QUOTA), PERIOD)
    a, b = beta_counts(PLAN_RATE / CAPACITY * prior_bias, FUNNEL_STRENGTH)
    total_days = len(WORKING_DAYS)
    sums: dict[tuple[float, int], list[float]] = {}
    for factor in FACTORS:
        for _ in range(sellers):
            rate = PLAN_RATE * factor * math.exp(rng.gauss(0, rate_sd) - rate_sd**2 / 2)
            per_day = CAPACITY * (rate / PLAN_RATE) ** volume_share * math.exp(rng.gauss(0, 0.2))
            sold = touches = done = 0
            for day in CHECKPOINTS:
                sold += _poisson(rng, rate * (day - done))
                touches += _poisson(rng, per_day * (day - done))
                done = day
                evidence = SellerEvidence(
                    touches=touches, touch_days=day, p_sale_a=a, p_sale_b=b, capacity=CAPACITY
                )
                today: date = WORKING_DAYS[day]  # `day` working days elapsed before it
                report = pace_from_totals(
                    target,
                    sale_count=sold,
                    priced_count=0,
                    revenue=Decimal(0),
                    calendar=CALENDAR,
                    today=today,
                    evidence=evidence,
                )
                left = total_days - day
                truth = poisson_sf(QUOTA - sold, rate * left)
                hit = float(sold + _poisson(rng, rate * left) >= QUOTA)
                row = sums.setdefault((factor, day), [0.0, 0.0, 0.0])
                row[0] += report.p_hit
                row[1] += truth
                row[2] += hit
    return [
        GroupResult(factor, day, p / sellers, t / sellers, h / sellers)
        for (factor, day), (p, t, h) in sorted(sums.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ]


def status_frequencies(factor: float, sellers: int, seed: int) -> dict[str, float]:
    """Share of mornings per status for sellers at factor x plan, and the share `behind` or
    worse from the 22nd working day on."""
    rng = random.Random(seed)
    rate = PLAN_RATE * factor
    counts: dict[PaceStatus, int] = {"ahead": 0, "on_track": 0, "behind": 0, "at_risk": 0}
    later = later_behind = 0
    total_days = len(WORKING_DAYS)
    for _ in range(sellers):
        sold = 0
        for day in range(total_days):
            expected = QUOTA * day / total_days
            pace = sold / expected if expected else None
            status = status_for(pace, actual=sold, expected=expected)
            counts[status] += 1
            if day >= 21:
                later += 1
                later_behind += status in ("behind", "at_risk")
            sold += _poisson(rng, rate)
    mornings = sellers * total_days
    shares: dict[str, float] = {k: v / mornings for k, v in counts.items()}
    shares["behind_or_worse"] = shares["behind"] + shares["at_risk"]
    shares["behind_or_worse_from_month_2"] = later_behind / later
    return shares


def summary(rows: list[GroupResult], day: int) -> tuple[float, float, float]:
    """(mean p_hit, mean true chance, 125% minus 50% mean p_hit) over the groups at ``day``."""
    at_day = [r for r in rows if r.day == day]
    mean_p = sum(r.mean_p_hit for r in at_day) / len(at_day)
    mean_t = sum(r.mean_true_chance for r in at_day) / len(at_day)
    by_factor = {r.factor: r.mean_p_hit for r in at_day}
    return mean_p, mean_t, by_factor[1.25] - by_factor[0.5]


def print_table(rows: list[GroupResult], title: str) -> None:
    print(title)
    print(f"  {'day':>4} {'group':>6} {'mean p_hit':>11} {'true chance':>12} {'hit':>6}")
    for day in CHECKPOINTS:
        for r in (r for r in rows if r.day == day):
            print(
                f"  {r.day:>4} {r.factor:>6.0%} {r.mean_p_hit:>11.3f} "
                f"{r.mean_true_chance:>12.3f} {r.hit_fraction:>6.3f}"
            )
        mean_p, mean_t, spread = summary(rows, day)
        print(
            f"  {day:>4} {'all':>6} {mean_p:>11.3f} {mean_t:>12.3f}"
            f"   |diff| {abs(mean_p - mean_t):.3f}, 125% - 50%: {spread:.3f}"
        )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sellers", type=int, default=2000, help="sellers per group")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    n, seed = options.sellers, options.seed
    print_table(simulate(n, seed), "p_hit calibration (volume share 0.5, plan-sized prior)")
    print_table(
        simulate(n, seed, volume_share=0.0),
        "variant: every seller makes the same calls (touches say nothing about the rate)",
    )
    print_table(
        simulate(n, seed, prior_bias=2.0),
        "variant: the plan's rate per touch is twice too optimistic",
    )
    print("status frequencies (share of working-day mornings)")
    for factor in (1.0, 0.5):
        shares = status_frequencies(factor, max(200, n // 4), seed)
        print(f"  {factor:.0%} of plan: " + ", ".join(f"{k} {v:.3f}" for k, v in shares.items()))


if __name__ == "__main__":
    main()
