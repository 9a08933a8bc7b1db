"""The day's queue: sizing from the need, the new-prospecting share, ranking and reasons."""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.funnel import FunnelReport, Rate, SourceFunnel, StageCounts, estimate_funnel
from planner.models import (
    LOST_REASONS,
    LostReason,
    Prospect,
    ProspectStatus,
    Settings,
    Source,
    Stage,
)
from planner.queue import (
    FLOOR_OLD_ITEMS,
    DailyQueue,
    build_queue,
    expected_sales_per_touch,
    is_eligible_old,
    lead_time_weight,
    needed_sales_per_day,
    old_prospect_score,
)
from tests.conftest import examples

TODAY = date(2026, 7, 15)
PERIOD_END = date(2026, 9, 30)


def funnel(
    p_old: float, p_new: float, lead_old: float | None = None, lead_new: float | None = None
) -> FunnelReport:
    """A report with exact sale rates, so worked examples can be checked by hand."""

    def source(name: Source, p: float, lead: float | None) -> SourceFunnel:
        rate = Rate(p, p, p, 0, 0)
        return SourceFunnel(name, StageCounts(), rate, rate, rate, rate, lead)

    return FunnelReport(
        {"old": source("old", p_old, lead_old), "new": source("new", p_new, lead_new)}
    )


def lost(
    pid: int,
    *,
    days_ago: int | None = 90,
    reason: LostReason | None = "timing",
    stage: Stage = "none",
    conversations: int = 0,
    value: Decimal | None = None,
    do_not_contact: bool = False,
    snoozed_until: date | None = None,
) -> Prospect:
    return Prospect(
        id=pid,
        name=f"Lost {pid}",
        status="lost",
        lost_reason=reason,
        last_contact=None if days_ago is None else TODAY - timedelta(days=days_ago),
        best_stage=stage,
        conversations=conversations,
        value=value,
        do_not_contact=do_not_contact,
        snoozed_until=snoozed_until,
    )


def fresh(pid: int, *, status: ProspectStatus = "new", **kw: object) -> Prospect:
    return Prospect(id=pid, name=f"Prospect {pid}", status=status, **kw)  # type: ignore[arg-type]


def queue(
    prospects: list[Prospect],
    needed: float,
    *,
    report: FunnelReport | None = None,
    period_end: date = PERIOD_END,
    **settings_kw: object,
) -> DailyQueue:
    return build_queue(
        prospects=prospects,
        funnel=report or funnel(0.2, 0.1),
        needed_sales=needed,
        settings=Settings(**settings_kw),  # type: ignore[arg-type]
        today=TODAY,
        period_end=period_end,
    )


def kinds(q: DailyQueue) -> str:
    return "".join(item.source[0] for item in q.items)


# ---------------------------------------------------------------- needed sales


def test_needed_sales_for_a_sales_target_is_the_required_pace() -> None:
    assert needed_sales_per_day(1.5, "sales", None, Decimal(1000)) == 1.5
    assert needed_sales_per_day(None, "sales", None, Decimal(1000)) == 0.0
    assert needed_sales_per_day(-2.0, "sales", None, Decimal(1000)) == 0.0


def test_needed_sales_for_revenue_divides_by_the_sale_value() -> None:
    assert needed_sales_per_day(5000.0, "revenue", Decimal(2500), Decimal(1000)) == 2.0
    # Before any sale (or with a useless average) the default deal value stands in.
    assert needed_sales_per_day(5000.0, "revenue", None, Decimal(1000)) == 5.0
    assert needed_sales_per_day(5000.0, "revenue", Decimal(0), Decimal(1000)) == 5.0


def test_needed_sales_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        needed_sales_per_day(math.nan, "sales", None, Decimal(1000))
    with pytest.raises(ValueError):
        needed_sales_per_day(10.0, "revenue", None, Decimal(0))


# ---------------------------------------------------------------- eligibility


@pytest.mark.parametrize(
    ("prospect", "eligible"),
    [
        (lost(1, days_ago=60), True),  # cool-off of 60 days has passed
        (lost(1, days_ago=59), False),
        (lost(1, days_ago=None), True),  # no recorded contact: nothing to cool off from
        (lost(1, do_not_contact=True), False),
        (lost(1, snoozed_until=TODAY + timedelta(days=1)), False),
        (lost(1, snoozed_until=TODAY), True),  # snoozed to today: back today
        (fresh(1, status="won"), False),
        (fresh(1, status="new"), False),
        (fresh(1, status="active"), False),
    ],
)
def test_eligible_old_prospects(prospect: Prospect, eligible: bool) -> None:
    assert is_eligible_old(prospect, TODAY, cooloff_days=60) is eligible


# ---------------------------------------------------------------- old-prospect score


def test_score_ranks_stage_then_reason() -> None:
    def score(**kw: object) -> float:
        return old_prospect_score(lost(1, **kw), TODAY)  # type: ignore[arg-type]

    assert score(stage="meeting") > score(stage="conversation") > score(stage="none")
    assert score(reason="timing") == score(reason="budget")
    assert score(reason="budget") > score(reason="competitor") > score(reason="other")
    assert score(reason="other") == score(reason=None)
    assert score(reason="other") > score(reason="no-fit")
    assert score(reason="timing", stage="meeting") > score(reason="no-fit", stage="meeting")


def test_score_rewards_time_engagement_and_value_with_saturation() -> None:
    def score(**kw: object) -> float:
        return old_prospect_score(lost(1, **kw), TODAY)  # type: ignore[arg-type]

    assert score(days_ago=200) > score(days_ago=70)
    assert score(days_ago=365) == score(days_ago=900)  # saturates at a year
    assert score(conversations=3) > score(conversations=1) > score(conversations=0)
    assert score(conversations=200) - score(conversations=0) <= 1.0
    assert score(value=Decimal(50_000)) > score(value=Decimal(500)) > score(value=None)
    assert score(value=Decimal(10**9)) - score(value=None) <= 1.0
    assert score(value=Decimal(-5)) == score(value=Decimal(0)) == score(value=None)


# ---------------------------------------------------------------- expected sales per touch


def test_lead_time_discounts_sales_that_land_after_the_period() -> None:
    assert lead_time_weight(None, 10) == 1.0
    assert lead_time_weight(0.0, 10) == 1.0
    assert lead_time_weight(20.0, 20) == pytest.approx(0.5)
    assert lead_time_weight(20.0, 40) == pytest.approx(0.75)
    assert lead_time_weight(20.0, 0) == 0.0
    report = funnel(0.2, 0.1, lead_old=30.0)
    assert expected_sales_per_touch(report["new"], 30) == pytest.approx(0.1)  # no lead time
    assert expected_sales_per_touch(report["old"], 30) == pytest.approx(0.2 * 0.5)
    assert expected_sales_per_touch(report["old"], 0) == 0.0


# ---------------------------------------------------------------- worked examples


def test_sizing_stops_at_the_smallest_queue_that_covers_the_need() -> None:
    # Old 0.2, new 0.1 sales a touch; 2 sales needed; at least 10% new.
    # 10 items (9 old + 1 new) bring 1.9; 11 items (9 old + 2 new) bring 2.0.
    olds = [lost(i) for i in range(1, 31)]
    q = queue(olds, 2.0, capacity=20, min_new_share=0.1)
    assert (q.planned_old, q.planned_new) == (9, 2)
    assert q.expected_sales == pytest.approx(2.0)
    assert q.shortfall == 0.0
    assert len(q.items) == 11
    assert [item.rank for item in q.items] == list(range(1, 12))


def test_old_prospects_fill_first_and_new_keep_their_share() -> None:
    olds = [lost(i) for i in range(1, 101)]
    q = queue(olds, 4.0, capacity=40, min_new_share=0.3)
    # 4 sales: 24 items = 16 old (3.2) + 8 new (0.8) reach 4.0; 23 items (16 + 7) bring 3.9.
    assert (q.planned_old, q.planned_new) == (16, 8)
    assert q.expected_sales == pytest.approx(4.0)
    assert q.planned_new >= math.ceil(0.3 * len(q.items))
    assert kinds(q).startswith("oo")


def test_when_old_runs_out_new_prospecting_fills_the_day() -> None:
    q = queue([lost(1), lost(2), lost(3)], 5.0, capacity=10)
    # Full capacity: 3 old (0.6) + 7 new (0.7) = 1.3 against 5 needed.
    assert (q.planned_old, q.planned_new, len(q.items)) == (3, 7, 10)
    assert q.expected_sales == pytest.approx(1.3)
    assert q.shortfall == pytest.approx(3.7)


def test_shortfall_says_how_much_full_capacity_cannot_cover() -> None:
    q = queue([lost(i) for i in range(100)], 50.0, capacity=40)
    assert len(q.items) == 40
    assert (q.planned_old, q.planned_new) == (28, 12)
    assert q.expected_sales == pytest.approx(28 * 0.2 + 12 * 0.1)
    assert q.shortfall == pytest.approx(50.0 - q.expected_sales)


def test_ahead_keeps_a_prospecting_floor() -> None:
    olds = [lost(i) for i in range(1, 101)]
    q = queue(olds, 0.0, capacity=40, min_new_share=0.3)
    assert q.planned_new == 12  # ceil(0.3 * 40)
    assert q.planned_old == FLOOR_OLD_ITEMS
    assert q.shortfall == 0.0
    # Needing a little never gives a shorter day than needing nothing; behind, the same
    # 17 items lean to the better source (ceil(0.3 * 17) = 6 new).
    small = queue(olds, 0.05, capacity=40, min_new_share=0.3)
    assert (small.planned_old, small.planned_new) == (11, 6)
    # With nobody at all, the floor is still there: placeholders to prospect.
    empty = queue([], 0.0, capacity=40)
    assert (empty.planned_old, empty.planned_new) == (0, 12)
    assert {item.reason for item in empty.items} == {"prospecting: find a new lead"}


def test_floor_respects_a_high_new_share_and_a_tiny_capacity() -> None:
    olds = [lost(i) for i in range(1, 101)]
    q = queue(olds, 0.0, capacity=10, min_new_share=0.9)
    assert (q.planned_old, q.planned_new) == (1, 9)
    one = queue(olds, 0.0, capacity=1)
    assert (one.planned_old, one.planned_new) == (0, 1)
    none = queue(olds, 3.0, capacity=0)
    assert none.items == () and none.shortfall == pytest.approx(3.0)


def test_a_long_lead_time_near_period_end_favours_new() -> None:
    # 10 days left: old sales take 60 days (weight 0.109), new close on the spot.
    report = funnel(0.2, 0.1, lead_old=60.0)
    olds = [lost(i) for i in range(1, 101)]
    q = queue(olds, 2.0, report=report, period_end=TODAY + timedelta(days=9), capacity=40)
    assert (q.planned_old, q.planned_new) == (0, 20)
    assert q.expected_sales == pytest.approx(2.0)
    # 78 days left: old sales mostly land in time (weight 0.59, 0.119 a touch) and lead.
    later = queue(olds, 2.0, report=report, capacity=40)
    assert later.planned_old > later.planned_new
    assert later.items[0].source == "old"


def test_old_and_new_are_interleaved_with_the_better_source_leading() -> None:
    olds = [lost(i) for i in range(1, 101)]
    q = queue(olds, 50.0, capacity=10, min_new_share=0.3)
    assert kinds(q) == "ooonoonoon"
    # New the better source, nothing needed: the floor's 3 new lead its 5 old.
    q = queue(olds, 0.0, report=funnel(0.05, 0.1), capacity=10, min_new_share=0.3)
    assert (q.planned_old, q.planned_new) == (5, 3)
    assert kinds(q) == "nonoonoo"


# ---------------------------------------------------------------- ranking and reasons


def test_old_ranking_puts_timing_and_meetings_above_no_fit() -> None:
    prospects = [
        lost(1, reason="no-fit"),
        lost(2, reason="competitor"),
        lost(3, reason="timing", stage="meeting"),
        lost(4, reason="other"),
        lost(5, reason="budget", stage="conversation", conversations=1),
        lost(6, reason="no-fit", stage="meeting"),
    ]
    q = queue(prospects, 50.0, capacity=20, min_new_share=0.0)
    order = [item.prospect.id for item in q.items if item.prospect is not None]
    assert order == [3, 5, 6, 2, 4, 1]
    scores = [item.score for item in q.items if item.source == "old"]
    assert scores == sorted(scores, reverse=True)


def test_reasons_read_as_one_line() -> None:
    prospects = [
        lost(1, days_ago=74, reason="timing", stage="meeting"),
        lost(2, days_ago=90, reason="no-fit"),
        lost(3, days_ago=None, reason=None, stage="conversation", conversations=3),
        fresh(4, status="active", last_contact=TODAY - timedelta(days=3), best_stage="meeting"),
        fresh(5),
    ]
    q = queue(prospects, 50.0, capacity=6, min_new_share=0.5)
    reasons = {item.prospect.id if item.prospect else None: item.reason for item in q.items}
    assert reasons == {
        1: "said no 74 days ago: timing; reached a meeting",
        2: "said no 90 days ago: no-fit",
        3: "said no before; had 3 conversations",
        4: "in play: last contact 3 days ago; reached a meeting",
        5: "new prospect: never contacted",
        None: "prospecting: find a new lead",
    }


def test_new_items_are_active_first_then_new_by_value_then_placeholders() -> None:
    prospects = [
        fresh(1, value=Decimal(100)),
        fresh(2, value=Decimal(900)),
        fresh(3),
        fresh(4, value=Decimal(900)),
        fresh(5, status="active", last_contact=TODAY - timedelta(days=2)),
        fresh(6, status="active", last_contact=TODAY - timedelta(days=9)),
        fresh(7, status="active", best_stage="meeting", last_contact=TODAY - timedelta(days=1)),
    ]
    q = queue(prospects, 50.0, capacity=9, min_new_share=1.0)
    assert [item.prospect.id if item.prospect else None for item in q.items] == [
        7,
        6,
        5,
        2,
        4,
        1,
        3,
        None,
        None,
    ]


def test_active_prospects_gone_quiet_wait_behind_never_contacted_ones() -> None:
    long_ago = TODAY - timedelta(days=400)
    prospects = [
        fresh(1, status="active", best_stage="meeting", last_contact=long_ago),
        fresh(2, status="active", last_contact=TODAY - timedelta(days=200)),
        fresh(3, value=Decimal(50)),
        fresh(4, status="active", last_contact=TODAY - timedelta(days=30)),
    ]
    q = queue(prospects, 50.0, capacity=5, min_new_share=1.0)
    assert [item.prospect.id if item.prospect else None for item in q.items] == [4, 3, 1, 2, None]


def test_never_queued_prospects() -> None:
    blocked = [
        fresh(1, status="won"),
        lost(2, do_not_contact=True),
        lost(3, snoozed_until=TODAY + timedelta(days=1)),
        lost(4, days_ago=10),  # not cooled off
        fresh(5, do_not_contact=True),
        fresh(6, snoozed_until=TODAY + timedelta(days=3)),
        fresh(7, status="active", last_contact=TODAY),  # already touched today
    ]
    q = queue(blocked, 50.0, capacity=40)
    assert all(item.prospect is None for item in q.items)
    assert q.planned_old == 0


def test_twenty_thousand_prospects_are_quick() -> None:
    # 20,000 mixed lost prospects: the ranking copes with a real book (speed: benchmarks/).
    reasons: list[LostReason] = list(LOST_REASONS)
    prospects = [
        lost(
            i,
            days_ago=60 + i % 700,
            reason=reasons[i % 5],
            stage=("none", "conversation", "meeting")[i % 3],
            conversations=i % 4,
            value=Decimal(i * 7),
        )
        for i in range(20_000)
    ]
    report = estimate_funnel({"old": StageCounts(4901, 2000, 900, 618)}, Settings())
    q = build_queue(
        prospects=prospects,
        funnel=report,
        needed_sales=3.0,
        settings=Settings(),
        today=TODAY,
        period_end=PERIOD_END,
    )
    assert q.planned_old > 0
    assert len(q.items) <= Settings().capacity


# ---------------------------------------------------------------- properties

STAGES: tuple[Stage, ...] = ("none", "conversation", "meeting")
STATUSES: tuple[ProspectStatus, ...] = ("new", "active", "lost", "won")
near_dates = st.integers(-900, 30).map(lambda d: TODAY + timedelta(days=d))


maybe_dates = st.none() | near_dates
# Strategies are built once here: building them inside a draw costs more than the test.
prospect_lists = st.lists(
    st.builds(
        Prospect,
        id=st.integers(0, 40),  # ids may even repeat: nothing must compare prospects
        name=st.just("p"),
        status=st.sampled_from(STATUSES),
        lost_reason=st.none() | st.sampled_from(LOST_REASONS),
        last_contact=maybe_dates,
        do_not_contact=st.booleans(),
        value=st.none() | st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
        best_stage=st.sampled_from(STAGES),
        conversations=st.integers(0, 50),
        snoozed_until=maybe_dates,
    ),
    max_size=40,
)


@st.composite
def funnels(draw: st.DrawFn) -> FunnelReport:
    def counts() -> StageCounts:
        touches = draw(st.integers(0, 5000))
        conversations = draw(st.integers(0, touches))
        meetings = draw(st.integers(0, conversations))
        return StageCounts(touches, conversations, meetings, draw(st.integers(0, meetings)))

    leads = st.none() | st.floats(0.0, 400.0)
    return estimate_funnel(
        {"new": counts(), "old": counts()},
        Settings(),
        lead_days={"new": draw(leads), "old": draw(leads)},
    )


@settings(max_examples=examples(200), suppress_health_check=[HealthCheck.too_slow])
@given(
    prospects=prospect_lists,
    report=funnels(),
    needed=st.floats(0.0, 60.0),
    capacity=st.integers(0, 80),
    share=st.floats(0.0, 1.0),
    cooloff=st.integers(0, 400),
    period_days=st.integers(-5, 400),
)
def test_queue_properties(
    prospects: list[Prospect],
    report: FunnelReport,
    needed: float,
    capacity: int,
    share: float,
    cooloff: int,
    period_days: int,
) -> None:
    config = Settings(capacity=capacity, min_new_share=share, cooloff_days=cooloff)
    q = build_queue(
        prospects=prospects,
        funnel=report,
        needed_sales=needed,
        settings=config,
        today=TODAY,
        period_end=TODAY + timedelta(days=period_days),
    )
    total = len(q.items)
    assert total <= capacity
    assert total == q.planned_old + q.planned_new
    assert [item.rank for item in q.items] == list(range(1, total + 1))
    news = sum(1 for item in q.items if item.source == "new")
    assert news == q.planned_new
    if total:
        # The same 1e-9 float tolerance as the code: 0.3 * 10 must mean 3, not 4.
        assert news >= math.ceil(share * total - 1e-9)
    for item in q.items:
        p = item.prospect
        if p is None:
            assert item.source == "new"
            continue
        assert p.status != "won" and not p.do_not_contact
        assert p.snoozed_until is None or p.snoozed_until <= TODAY
        if item.source == "old":
            assert is_eligible_old(p, TODAY, cooloff)
        else:
            assert p.status in ("new", "active")
            assert p.last_contact is None or p.last_contact < TODAY
        assert item.reason
    assert q.shortfall >= 0.0
    if q.shortfall > 0.0:
        assert total == capacity
    else:
        assert q.expected_sales >= needed - 1e-6
    assert len({id(item.prospect) for item in q.items if item.prospect}) == sum(
        1 for item in q.items if item.prospect
    )
