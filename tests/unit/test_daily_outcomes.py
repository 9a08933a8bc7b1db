"""The production stage counter: daily.stage_counts over the store's day summaries.

`planner status`, the queue and the review all count stages here (DESIGN section 3: touch ->
conversation -> meeting -> sale, each stage counting the touches that reached at least it).
The stage each outcome reaches is written out below from DESIGN section 2, not imported.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.daily import median_lead_days, sales_totals, stage_counts
from planner.funnel import StageCounts, estimate_funnel
from planner.models import Outcome, Settings, Source, StagePriors
from planner.store.records import DaySummary

DAY = date(2026, 7, 14)

# How far each outcome got: 0 touch only, 1 conversation, 2 meeting, 3 sale. Saying "not
# interested" means the seller spoke with someone: a conversation that ended in a no.
REACHED: dict[Outcome, int] = {
    "no-answer": 0,
    "conversation": 1,
    "not-interested": 1,
    "meeting": 2,
    "sale": 3,
}


def summary(
    source: Source,
    outcomes: dict[Outcome, int],
    *,
    day: date = DAY,
    amount: str = "0",
    lead_days: tuple[int, ...] = (),
    priced: int = 0,
) -> DaySummary:
    return DaySummary(
        day=day,
        source=source,
        outcomes=outcomes,
        sales_amount=Decimal(amount),
        lead_days=lead_days,
        priced_sales=priced,
    )


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        ("no-answer", StageCounts(touches=1)),
        ("conversation", StageCounts(touches=1, conversations=1)),
        ("not-interested", StageCounts(touches=1, conversations=1)),
        ("meeting", StageCounts(touches=1, conversations=1, meetings=1)),
        ("sale", StageCounts(touches=1, conversations=1, meetings=1, sales=1)),
    ],
)
def test_each_outcome_reaches_its_stage(outcome: Outcome, expected: StageCounts) -> None:
    for source in ("new", "old"):
        counts = stage_counts([summary(source, {outcome: 1})])
        assert counts[source] == expected
        other = "old" if source == "new" else "new"
        assert counts[other] == StageCounts()


def test_not_interested_is_a_conversation_that_said_no() -> None:
    counts = stage_counts([summary("new", {"not-interested": 3, "no-answer": 5})])
    assert counts["new"] == StageCounts(touches=8, conversations=3, meetings=0, sales=0)


def test_both_sources_are_always_there() -> None:
    assert stage_counts([]) == {"new": StageCounts(), "old": StageCounts()}


def test_counts_add_up_over_days_and_keep_sources_apart() -> None:
    summaries = [
        summary("new", {"no-answer": 10, "conversation": 4, "meeting": 2, "sale": 1}),
        summary("old", {"not-interested": 2, "sale": 2}),
        summary("new", {"sale": 1, "not-interested": 1}, day=DAY + timedelta(days=1)),
        summary("old", {"no-answer": 7}, day=DAY + timedelta(days=2)),
    ]
    counts = stage_counts(summaries)
    assert counts["new"] == StageCounts(touches=19, conversations=9, meetings=4, sales=2)
    assert counts["old"] == StageCounts(touches=11, conversations=4, meetings=2, sales=2)


_summaries = st.lists(
    st.builds(
        summary,
        st.sampled_from(["new", "old"]),
        st.dictionaries(st.sampled_from(list(REACHED)), st.integers(1, 50), min_size=1),
    ),
    max_size=20,
)


@settings(max_examples=200, deadline=None)
@given(_summaries)
def test_counts_match_a_tally_of_the_outcomes(summaries: list[DaySummary]) -> None:
    tally: dict[Source, Counter[int]] = {"new": Counter(), "old": Counter()}
    for s in summaries:
        for outcome, n in s.outcomes.items():
            for stage in range(REACHED[outcome] + 1):
                tally[s.source][stage] += n
    counts = stage_counts(summaries)
    for source in ("new", "old"):
        t = tally[source]
        assert counts[source] == StageCounts(t[0], t[1], t[2], t[3])


# ---------------------------------------------------------------- sales and lead times


def test_sales_totals_count_sales_and_sum_amounts() -> None:
    summaries = [
        summary("new", {"sale": 3, "no-answer": 3}, amount="1500.50", priced=3),
        summary("old", {"sale": 1}, amount="99.50", priced=1),
        summary("new", {"meeting": 1}),
        summary("old", {"sale": 2}),  # sales without an amount
    ]
    count, priced, revenue = sales_totals(summaries)
    assert count == 6
    assert priced == 4
    assert revenue == Decimal("1600.00") and isinstance(revenue, Decimal)


def test_sales_totals_of_nothing() -> None:
    assert sales_totals([]) == (0, 0, Decimal(0))


def test_median_lead_days_per_source() -> None:
    summaries = [
        summary("new", {"sale": 2}, lead_days=(3, 9)),
        summary("new", {"sale": 1}, lead_days=(4,), day=DAY + timedelta(days=1)),
        summary("old", {"sale": 2}, lead_days=(10, 20)),
    ]
    assert median_lead_days(summaries) == {"new": 4.0, "old": 15.0}
    assert median_lead_days([summary("new", {"no-answer": 1})]) == {"new": None, "old": None}


# ---------------------------------------------------------------- into the funnel


def _beta_quantile(q: float, a: float, b: float) -> float:
    """The q quantile of Beta(a, b) by integrating its density on a fine grid (a, b > 1)."""
    steps = 200_000
    log_norm = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    total = 0.0
    width = 1.0 / steps
    for i in range(steps):
        x = (i + 0.5) * width
        total += math.exp(log_norm + (a - 1) * math.log(x) + (b - 1) * math.log1p(-x)) * width
        if total >= q:
            return x
    return 1.0


def test_summaries_to_smoothed_rates_worked_example() -> None:
    """p = (k + m*p0) / (n + m) per stage and source, with the 80% Beta interval."""
    summaries = [
        summary("new", {"no-answer": 60, "not-interested": 20, "conversation": 10, "sale": 10}),
        summary("old", {"meeting": 4, "sale": 6}),
    ]
    priors = {
        "new": StagePriors(connect=0.3, meeting=0.3, close=0.35),
        "old": StagePriors(connect=0.35, meeting=0.35, close=0.45),
    }
    report = estimate_funnel(stage_counts(summaries), Settings(prior_strength=20.0, priors=priors))
    new, old = report["new"], report["old"]
    # new: 100 touches, 40 conversations, 10 meetings (the sales), 10 sales.
    assert new.connect.estimate == pytest.approx((40 + 20 * 0.3) / (100 + 20))
    assert new.meeting.estimate == pytest.approx((10 + 20 * 0.3) / (40 + 20))
    assert new.close.estimate == pytest.approx((10 + 20 * 0.35) / (10 + 20))
    assert new.sale.estimate == pytest.approx((10 + 20 * 0.3 * 0.3 * 0.35) / (100 + 20))
    # old: 10 touches, all of them conversations and meetings, 6 sales.
    assert old.connect.estimate == pytest.approx((10 + 20 * 0.35) / (10 + 20))
    assert old.close.estimate == pytest.approx((6 + 20 * 0.45) / (10 + 20))
    assert (old.sale.successes, old.sale.trials) == (6, 10)

    a, b = 40 + 20 * 0.3, 60 + 20 * 0.7
    assert new.connect.low == pytest.approx(_beta_quantile(0.10, a, b), abs=1e-4)
    assert new.connect.high == pytest.approx(_beta_quantile(0.90, a, b), abs=1e-4)
