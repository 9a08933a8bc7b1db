"""Totals over per-day summaries, the numbers `planner status` and the review start from."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from planner.daily import median_lead_days, sales_totals, stage_counts
from planner.funnel import StageCounts
from planner.models import OUTCOMES, DaySummary, Outcome, Prospect, Source, Touch
from planner.prospects import apply_touch, lead_days_for

DAY0 = date(2026, 3, 2)

# How far each outcome got, written out here rather than read from planner.models, so that a
# changed outcome set in the code shows up as a failure: 0 touch, 1 conversation, 2 meeting,
# 3 sale. A "no" is said in a conversation.
DEPTH: dict[Outcome, int] = {
    "no-answer": 0,
    "conversation": 1,
    "not-interested": 1,
    "meeting": 2,
    "sale": 3,
}


def summary(
    source: Source,
    day: int = 0,
    *,
    amount: str = "0",
    lead_days: tuple[int, ...] = (),
    priced: int = 0,
    **outcomes: int,
) -> DaySummary:
    """A day's summary; outcomes by keyword with underscores (``no_answer=3``)."""
    counts: dict[Outcome, int] = {}
    for name, count in outcomes.items():
        outcome = name.replace("_", "-")
        assert outcome in DEPTH, outcome
        counts[outcome] = count  # type: ignore[index]
    return DaySummary(
        DAY0 + timedelta(days=day), source, counts, Decimal(amount), lead_days, priced
    )


def reference_counts(outcomes: list[tuple[Source, Outcome]]) -> dict[Source, StageCounts]:
    """Touch by touch, the stages each one reached: the oracle for stage_counts."""
    reached: dict[Source, list[int]] = {"new": [0, 0, 0, 0], "old": [0, 0, 0, 0]}
    for source, outcome in outcomes:
        for stage in range(DEPTH[outcome] + 1):
            reached[source][stage] += 1
    return {source: StageCounts(*row) for source, row in reached.items()}


# ---------------------------------------------------------------- stage counts


def test_stage_counts_count_every_stage_a_touch_reached() -> None:
    counts = stage_counts(
        [
            summary("new", no_answer=10, conversation=4, not_interested=3, meeting=2, sale=1),
            summary("new", 1, no_answer=5, sale=2),
            summary("old", conversation=1, meeting=1),
        ]
    )
    # new: 15 no-answer, 4 conversation, 3 "no", 2 meeting, 3 sales = 27 touches;
    # conversations 4 + 3 + 2 + 3 = 12; meetings 2 + 3 = 5; sales 3.
    assert counts["new"] == StageCounts(touches=27, conversations=12, meetings=5, sales=3)
    assert counts["old"] == StageCounts(touches=2, conversations=2, meetings=1, sales=0)


def test_not_interested_was_a_conversation_but_no_meeting() -> None:
    counts = stage_counts([summary("old", not_interested=4)])
    assert counts["old"] == StageCounts(touches=4, conversations=4, meetings=0, sales=0)


def test_stage_counts_always_hold_both_sources() -> None:
    assert stage_counts([]) == {"new": StageCounts(), "old": StageCounts()}
    assert stage_counts([summary("new", sale=1)])["old"] == StageCounts()


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
    summaries = [
        DaySummary(DAY0 + timedelta(days=day), source, outcomes, Decimal(0), ())
        for (day, source), outcomes in by_key.items()
    ]
    expected = reference_counts([(source, outcome) for _, source, outcome in touches])
    assert stage_counts(summaries) == expected


# ---------------------------------------------------------------- sales


def test_sales_totals_count_sales_and_the_money_of_priced_sales() -> None:
    sales, priced, revenue = sales_totals(
        [
            summary("new", sale=2, no_answer=9, amount="1500.50", priced=2),
            summary("old", 1, sale=1, amount="250", priced=1),
            summary("new", 2, sale=3),  # sales logged without an amount
            summary("old", 3, meeting=2),
            summary("new", 4, sale=2, amount="100", priced=1),  # one priced, one not
        ]
    )
    assert (sales, priced, revenue) == (8, 4, Decimal("1850.50"))


def test_sales_totals_of_nothing() -> None:
    assert sales_totals([]) == (0, 0, Decimal(0))


# ---------------------------------------------------------------- lead times


def test_median_lead_days_pool_every_day_of_a_source() -> None:
    result = median_lead_days(
        [
            summary("new", sale=2, lead_days=(4, 30)),
            summary("new", 1, sale=1, lead_days=(10,)),
            summary("old", sale=2, lead_days=(7, 8)),
        ]
    )
    assert result == {"new": 10.0, "old": 7.5}


def test_median_lead_days_are_unknown_without_sales() -> None:
    assert median_lead_days([summary("new", no_answer=3)]) == {"new": None, "old": None}


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
