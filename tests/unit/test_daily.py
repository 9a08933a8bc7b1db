"""Totals over per-day summaries, the numbers `planner status`, the queue and the review start
from: daily.stage_counts (DESIGN section 3: touch -> conversation -> meeting -> sale, each
stage counting the touches that reached at least it), sales_totals and median_lead_days.

The stage each outcome reaches is written out below from DESIGN section 2, not imported.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.daily import median_lead_days, sales_totals, stage_counts
from planner.funnel import StageCounts, estimate_funnel
from planner.models import (
    OUTCOMES,
    DaySummary,
    Outcome,
    Prospect,
    Settings,
    Source,
    StagePriors,
    Touch,
)
from planner.prospects import apply_touch, lead_days_for
from tests.conftest import examples

DAY0 = date(2026, 3, 2)

# How far each outcome got, written out here rather than read from planner.models, so that a
# changed outcome set in the code shows up as a failure: 0 touch, 1 conversation, 2 meeting,
# 3 sale. Saying "not interested" means the seller spoke with someone: a conversation that
# ended in a no.
DEPTH: dict[Outcome, int] = {
    "no-answer": 0,
    "conversation": 1,
    "not-interested": 1,
    "meeting": 2,
    "sale": 3,
}


def summary(
    source: Source,
    outcomes: dict[Outcome, int],
    day: int = 0,
    *,
    amount: str = "0",
    lead_days: tuple[int, ...] = (),
    priced: int = 0,
) -> DaySummary:
    """A day's summary, ``day`` days after DAY0."""
    assert set(outcomes) <= set(DEPTH), outcomes
    return DaySummary(
        day=DAY0 + timedelta(days=day),
        source=source,
        outcomes=outcomes,
        sales_amount=Decimal(amount),
        lead_days=lead_days,
        priced_sales=priced,
    )


def reference_counts(outcomes: list[tuple[Source, Outcome, int]]) -> dict[Source, StageCounts]:
    """Touch by touch, the stages each one reached: the oracle for stage_counts."""
    reached: dict[Source, Counter[int]] = {"new": Counter(), "old": Counter()}
    for source, outcome, count in outcomes:
        for stage in range(DEPTH[outcome] + 1):
            reached[source][stage] += count
    return {source: StageCounts(*(row[i] for i in range(4))) for source, row in reached.items()}


# ---------------------------------------------------------------- stage counts


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


def test_stage_counts_count_every_stage_a_touch_reached() -> None:
    counts = stage_counts(
        [
            summary(
                "new",
                {"no-answer": 10, "conversation": 4, "not-interested": 3, "meeting": 2, "sale": 1},
            ),
            summary("new", {"no-answer": 5, "sale": 2}, 1),
            summary("old", {"conversation": 1, "meeting": 1}),
        ]
    )
    # new: 15 no-answer, 4 conversation, 3 "no", 2 meeting, 3 sales = 27 touches;
    # conversations 4 + 3 + 2 + 3 = 12; meetings 2 + 3 = 5; sales 3.
    assert counts["new"] == StageCounts(touches=27, conversations=12, meetings=5, sales=3)
    assert counts["old"] == StageCounts(touches=2, conversations=2, meetings=1, sales=0)


def test_counts_add_up_over_days_and_keep_sources_apart() -> None:
    summaries = [
        summary("new", {"no-answer": 10, "conversation": 4, "meeting": 2, "sale": 1}),
        summary("old", {"not-interested": 2, "sale": 2}),
        summary("new", {"sale": 1, "not-interested": 1}, 1),
        summary("old", {"no-answer": 7}, 2),
    ]
    counts = stage_counts(summaries)
    assert counts["new"] == StageCounts(touches=19, conversations=9, meetings=4, sales=2)
    assert counts["old"] == StageCounts(touches=11, conversations=4, meetings=2, sales=2)


def test_not_interested_was_a_conversation_but_no_meeting() -> None:
    counts = stage_counts([summary("old", {"not-interested": 4})])
    assert counts["old"] == StageCounts(touches=4, conversations=4, meetings=0, sales=0)
    counts = stage_counts([summary("new", {"not-interested": 3, "no-answer": 5})])
    assert counts["new"] == StageCounts(touches=8, conversations=3, meetings=0, sales=0)


def test_stage_counts_always_hold_both_sources() -> None:
    assert stage_counts([]) == {"new": StageCounts(), "old": StageCounts()}
    assert stage_counts([summary("new", {"sale": 1})])["old"] == StageCounts()


@given(
    st.lists(
        st.tuples(
            st.integers(0, 6),
            st.sampled_from(["new", "old"]),
            st.sampled_from(OUTCOMES),
        ),
        max_size=120,
    )
)
def test_stage_counts_agree_with_counting_touch_by_touch(
    touches: list[tuple[int, Source, Outcome]],
) -> None:
    # Summaries are what the store keeps per day and source; counting them must give what
    # counting the touches one by one gives.
    per_day: Counter[tuple[int, Source, Outcome]] = Counter(touches)
    by_key: dict[tuple[int, Source], dict[Outcome, int]] = {}
    for (day, source, outcome), count in per_day.items():
        by_key.setdefault((day, source), {})[outcome] = count
    summaries = [summary(source, outcomes, day) for (day, source), outcomes in by_key.items()]
    expected = reference_counts([(source, outcome, 1) for _, source, outcome in touches])
    assert stage_counts(summaries) == expected


_summaries = st.lists(
    st.builds(
        summary,
        st.sampled_from(["new", "old"]),
        st.dictionaries(st.sampled_from(list(DEPTH)), st.integers(1, 50), min_size=1),
    ),
    max_size=20,
)


@settings(max_examples=examples(200), deadline=None)
@given(_summaries)
def test_counts_match_a_tally_of_the_outcomes(summaries: list[DaySummary]) -> None:
    tally = [(s.source, outcome, n) for s in summaries for outcome, n in s.outcomes.items()]
    assert stage_counts(summaries) == reference_counts(tally)


# ---------------------------------------------------------------- sales


def test_sales_totals_count_sales_and_the_money_of_priced_sales() -> None:
    sales, priced, revenue = sales_totals(
        [
            summary("new", {"sale": 2, "no-answer": 9}, amount="1500.50", priced=2),
            summary("old", {"sale": 1}, 1, amount="250", priced=1),
            summary("new", {"sale": 3}, 2),  # sales logged without an amount
            summary("old", {"meeting": 2}, 3),
            summary("new", {"sale": 2}, 4, amount="100", priced=1),  # one priced, one not
        ]
    )
    assert (sales, priced, revenue) == (8, 4, Decimal("1850.50"))


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


# ---------------------------------------------------------------- lead times


def test_median_lead_days_pool_every_day_of_a_source() -> None:
    result = median_lead_days(
        [
            summary("new", {"sale": 2}, lead_days=(4, 30)),
            summary("new", {"sale": 1}, 1, lead_days=(10,)),
            summary("old", {"sale": 2}, lead_days=(7, 8)),
        ]
    )
    assert result == {"new": 10.0, "old": 7.5}
    even = [
        summary("new", {"sale": 2}, lead_days=(3, 9)),
        summary("new", {"sale": 1}, 1, lead_days=(4,)),
        summary("old", {"sale": 2}, lead_days=(10, 20)),
    ]
    assert median_lead_days(even) == {"new": 4.0, "old": 15.0}


def test_median_lead_days_are_unknown_without_sales() -> None:
    assert median_lead_days([summary("new", {"no-answer": 3})]) == {"new": None, "old": None}
    assert median_lead_days([summary("new", {"no-answer": 1})]) == {"new": None, "old": None}


def _log(prospect: Prospect, history: list[tuple[int, Outcome, Source]]) -> list[DaySummary]:
    """Log ``history`` (day, outcome, source) as the service does and summarise each touch."""
    summaries = []
    for number, (day, outcome, source) in enumerate(history, start=1):
        at = datetime(2026, 3, 2, 12, tzinfo=UTC) + timedelta(days=day)
        lead = lead_days_for(prospect, at.date()) if outcome == "sale" else None
        touch = Touch(number, prospect.id, at, outcome, source, lead_days=lead)
        prospect = apply_touch(prospect, touch)
        leads = () if lead is None else (lead,)
        summaries.append(DaySummary(touch.day, source, {outcome: 1}, Decimal(0), leads))
    return summaries


def test_lead_times_run_from_the_first_touch_of_a_cycle_that_a_sale_or_a_no_ends() -> None:
    summaries = _log(
        Prospect(1, "Ann"),
        [
            (1, "no-answer", "new"),
            (3, "conversation", "new"),
            (10, "sale", "new"),  # cycle from day 1: 9 days
            (20, "no-answer", "new"),
            (25, "not-interested", "new"),  # a "no" ends that cycle
            (40, "conversation", "old"),
            (45, "sale", "old"),  # cycle from day 40: 5 days
            (50, "sale", "new"),  # a sale on the first touch of a cycle: 0 days
        ],
    )
    assert [s.lead_days for s in summaries if "sale" in s.outcomes] == [(9,), (5,), (0,)]
    assert median_lead_days(summaries) == {"new": 4.5, "old": 5.0}


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
