"""Who gets into the day's queue: boundaries on build_queue itself, ties, and a selection property.

The eligibility rules are written out here from DESIGN section 3 and build_queue's docstring
(not imported), so a change to the code that builds the day cannot pass by changing its twin.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.funnel import FunnelReport, Rate, SourceFunnel, StageCounts
from planner.models import LOST_REASONS, Prospect, ProspectStatus, Settings, Source, Stage
from planner.queue import DailyQueue, QueueItem, build_queue, old_prospect_score
from tests.conftest import examples

TODAY = date(2026, 7, 15)
PERIOD_END = date(2026, 9, 30)
COOLOFF = 60
WARM_DAYS = 90  # an active prospect heard from within 90 days is a warm follow-up


def _funnel(p_old: float, p_new: float) -> FunnelReport:
    def source(name: Source, p: float) -> SourceFunnel:
        rate = Rate(p, p, p, 0, 0)
        return SourceFunnel(name, StageCounts(), rate, rate, rate, rate, None)

    return FunnelReport({"old": source("old", p_old), "new": source("new", p_new)})


def _queue(
    prospects: list[Prospect],
    *,
    needed: float = 50.0,
    report: FunnelReport | None = None,
    capacity: int = 40,
    share: float = 0.3,
    cooloff: int = COOLOFF,
) -> DailyQueue:
    return build_queue(
        prospects=prospects,
        funnel=report or _funnel(0.2, 0.1),
        needed_sales=needed,
        settings=Settings(capacity=capacity, min_new_share=share, cooloff_days=cooloff),
        today=TODAY,
        period_end=PERIOD_END,
    )


def _lost(pid: int, **kw: object) -> Prospect:
    fields: dict[str, object] = {"lost_reason": "timing", "last_contact": TODAY - timedelta(90)}
    fields.update(kw)
    return Prospect(id=pid, name=f"Lost {pid}", status="lost", **fields)  # type: ignore[arg-type]


def _ids(q: DailyQueue, source: Source | None = None) -> set[int]:
    return {
        item.prospect.id
        for item in q.items
        if item.prospect is not None and (source is None or item.source == source)
    }


# ---------------------------------------------------------------- boundaries on build_queue


@pytest.mark.parametrize(
    ("snoozed_until", "queued"),
    [
        (TODAY - timedelta(days=1), True),
        (TODAY, True),  # snoozed to today: back today
        (TODAY + timedelta(days=1), False),
        (None, True),
    ],
)
def test_snooze_boundary_of_an_old_prospect_in_the_queue(
    snoozed_until: date | None, queued: bool
) -> None:
    q = _queue([_lost(1, snoozed_until=snoozed_until)])
    assert (1 in _ids(q, "old")) is queued


@pytest.mark.parametrize("status", ["new", "active"])
@pytest.mark.parametrize(
    ("snoozed_until", "queued"),
    [(TODAY, True), (TODAY + timedelta(days=1), False), (TODAY - timedelta(days=1), True)],
)
def test_snooze_boundary_of_a_new_or_active_prospect_in_the_queue(
    status: ProspectStatus, snoozed_until: date, queued: bool
) -> None:
    prospect = Prospect(
        id=1,
        name="P",
        status=status,
        last_contact=TODAY - timedelta(days=3) if status == "active" else None,
        snoozed_until=snoozed_until,
    )
    q = _queue([prospect])
    assert (1 in _ids(q, "new")) is queued


@pytest.mark.parametrize(
    ("days_ago", "queued"),
    [(COOLOFF - 1, False), (COOLOFF, True), (COOLOFF + 1, True), (None, True)],
)
def test_cooloff_boundary_in_the_queue(days_ago: int | None, queued: bool) -> None:
    last = None if days_ago is None else TODAY - timedelta(days=days_ago)
    q = _queue([_lost(1, last_contact=last)])
    assert (1 in _ids(q, "old")) is queued


def test_a_zero_cooloff_lets_a_no_from_today_back_in() -> None:
    q = _queue([_lost(1, last_contact=TODAY)], cooloff=0)
    assert _ids(q, "old") == {1}
    assert _ids(_queue([_lost(1, last_contact=TODAY)], cooloff=1), "old") == set()


def test_a_huge_cooloff_keeps_everyone_with_a_date_out() -> None:
    q = _queue([_lost(1, last_contact=date(1, 1, 1)), _lost(2, last_contact=None)], cooloff=10**6)
    assert _ids(q, "old") == {2}


def test_do_not_contact_old_prospect_is_never_queued() -> None:
    q = _queue([_lost(1, do_not_contact=True), _lost(2)])
    assert _ids(q) == {2}


@pytest.mark.parametrize(("days_ago", "queued"), [(0, False), (1, True)])
def test_an_active_prospect_touched_today_waits_for_tomorrow(days_ago: int, queued: bool) -> None:
    prospect = Prospect(
        id=1, name="P", status="active", last_contact=TODAY - timedelta(days=days_ago)
    )
    assert (1 in _ids(_queue([prospect]))) is queued


@pytest.mark.parametrize(("days_ago", "first"), [(WARM_DAYS, 1), (WARM_DAYS + 1, 2)])
def test_warm_follow_up_boundary(days_ago: int, first: int) -> None:
    """Active and heard from within 90 days: ahead of a never-contacted prospect; after: behind."""
    active = Prospect(
        id=1, name="A", status="active", last_contact=TODAY - timedelta(days=days_ago)
    )
    never = Prospect(id=2, name="N", status="new")
    q = _queue([active, never], report=_funnel(0.0, 0.1), needed=0.1)
    new_items = [item.prospect.id for item in q.items if item.prospect is not None]
    assert new_items[0] == first


# ---------------------------------------------------------------- the old/new tie


def test_a_tie_in_expected_sales_goes_to_old_prospects() -> None:
    """Equal sales per touch: old prospects fill first (they already know the seller)."""
    lost = [_lost(i) for i in range(1, 21)]
    q = _queue(lost, needed=1.0, report=_funnel(0.1, 0.1), capacity=12, share=0.3)
    # 1.0 needed at 0.1 a touch: 10 items (above the floor of 4 new + 5 old), at least
    # ceil(0.3 * 10) = 3 new, the rest old.
    assert (q.planned_old, q.planned_new) == (7, 3)
    assert q.items[0].source == "old"
    assert q.expected_sales == pytest.approx(1.0)


def test_a_tie_is_led_by_old_items_in_the_interleaving() -> None:
    lost = [_lost(i) for i in range(1, 4)]
    q = _queue(lost, needed=0.0, report=_funnel(0.1, 0.1), capacity=4, share=0.25)
    # Nothing needed: the floor of 4, 2 old by the old share (ceil(0.3 * 4)) and the rest
    # leaning to new prospecting; old leads on a tie.
    assert "".join(item.source[0] for item in q.items) == "onon"


def test_a_slightly_better_new_rate_takes_the_day() -> None:
    lost = [_lost(i) for i in range(1, 21)]
    q = _queue(lost, needed=1.0, report=_funnel(0.1, 0.1 + 1e-6), capacity=12, share=0.3)
    # Old keeps its share of the day (min_old_share 0.3), not one item more.
    assert q.planned_old == math.ceil(0.3 * q.size - 1e-9) and q.items[0].source == "new"


# ---------------------------------------------------------------- the selection property
#
# Dates cluster around today, the cool-off and the warm window, where the boundaries are.

_offsets = st.one_of(
    st.integers(-3, 3),
    st.integers(-COOLOFF - 2, -COOLOFF + 2),
    st.integers(-WARM_DAYS - 2, -WARM_DAYS + 2),
    st.integers(-800, 10),
)
_dates = st.none() | _offsets.map(lambda days: TODAY + timedelta(days=days))
_STAGES: tuple[Stage, ...] = ("none", "conversation", "meeting")
_books = st.lists(
    st.builds(
        Prospect,
        id=st.integers(1, 10_000),
        name=st.just("p"),
        status=st.sampled_from(["new", "active", "lost", "won"]),
        lost_reason=st.none() | st.sampled_from(LOST_REASONS),
        last_contact=_dates,
        do_not_contact=st.booleans(),
        value=st.none() | st.decimals(min_value=0, max_value=10**6, places=0, allow_nan=False),
        best_stage=st.sampled_from(_STAGES),
        conversations=st.integers(0, 5),
        snoozed_until=st.none() | _dates,
    ),
    max_size=30,
    unique_by=lambda p: p.id,
)


def _snoozed(p: Prospect) -> bool:
    return p.snoozed_until is not None and p.snoozed_until > TODAY


def _eligible_old(p: Prospect, cooloff: int) -> bool:
    if p.status != "lost" or p.do_not_contact or _snoozed(p):
        return False
    return p.last_contact is None or (TODAY - p.last_contact).days >= cooloff


def _eligible_new(p: Prospect) -> bool:
    if p.status not in ("new", "active") or p.do_not_contact or _snoozed(p):
        return False
    return p.last_contact is None or p.last_contact < TODAY


_STAGE_ORDER = {"meeting": 0, "conversation": 1, "none": 2}


def _new_rank(p: Prospect | None) -> tuple[object, ...]:
    """Smaller first, as build_queue's docstring orders new items."""
    if p is None:
        return (3,)  # a placeholder: "find a new lead" comes after every real prospect
    last = p.last_contact.toordinal() if p.last_contact else 0
    warm = p.last_contact is not None and (TODAY - p.last_contact).days <= WARM_DAYS
    if p.status == "active" and warm:
        return (0, _STAGE_ORDER[p.best_stage], last, p.id)  # longest wait first
    if p.status == "new":
        value = p.value if p.value is not None else Decimal(-1)
        return (1, -value, p.id)  # highest value, then the oldest record
    return (2, _STAGE_ORDER[p.best_stage], -last, p.id)  # quiet: most recently heard first


def _worst_old(items: list[QueueItem]) -> tuple[float, int]:
    return min((item.score, -item.prospect.id) for item in items if item.prospect is not None)


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    book=_books,
    needed=st.sampled_from([0.0, 0.05, 0.5, 2.0, 50.0]),
    rates=st.sampled_from([(0.2, 0.1), (0.1, 0.1), (0.1, 0.2), (0.0, 0.1)]),
    capacity=st.integers(0, 12),
    share=st.sampled_from([0.0, 0.3, 0.5, 1.0]),
    cooloff=st.sampled_from([0, 1, COOLOFF]),
)
def test_nothing_eligible_is_displaced_by_a_worse_item_of_its_source(
    book: list[Prospect],
    needed: float,
    rates: tuple[float, float],
    capacity: int,
    share: float,
    cooloff: int,
) -> None:
    q = _queue(
        book,
        needed=needed,
        report=_funnel(*rates),
        capacity=capacity,
        share=share,
        cooloff=cooloff,
    )
    olds = [item for item in q.items if item.source == "old"]
    news = [item for item in q.items if item.source == "new"]
    queued = _ids(q)

    # Old: every queued item is eligible, and each eligible one left out ranks no better
    # than the worst one queued (score, then the lower id).
    for item in olds:
        assert item.prospect is not None and _eligible_old(item.prospect, cooloff)
    eligible_old = [p for p in book if _eligible_old(p, cooloff)]
    assert len(olds) == min(q.planned_old, len(eligible_old))
    if olds:
        worst = _worst_old(olds)
        for p in eligible_old:
            if p.id not in queued:
                assert (old_prospect_score(p, TODAY), -p.id) <= worst, (p, worst)

    # New: every queued prospect is eligible. The prospecting share belongs to never-contacted
    # prospects and leads to find, so a left-out never-contacted one means no placeholder is
    # queued and it ranks after every never-contacted one queued; a left-out active one
    # ranks after every active one queued (warm before quiet).
    for item in news:
        assert item.prospect is None or _eligible_new(item.prospect)
    fresh = [_new_rank(i.prospect) for i in news if i.prospect and i.prospect.status == "new"]
    active = [_new_rank(i.prospect) for i in news if i.prospect and i.prospect.status == "active"]
    for p in book:
        if not _eligible_new(p) or p.id in queued:
            continue
        if p.status == "new":
            assert all(i.prospect is not None for i in news), p
            assert all(_new_rank(p) > rank for rank in fresh), p
        else:
            assert all(_new_rank(p) > rank for rank in active), p

    # A snooze that has run out (to today or before) is as good as none: clearing it changes
    # nothing, so no prospect can be kept out by a snooze that ended.
    unsnoozed = [
        replace(p, snoozed_until=None) if p.snoozed_until and p.snoozed_until <= TODAY else p
        for p in book
    ]
    again = _queue(
        unsnoozed,
        needed=needed,
        report=_funnel(*rates),
        capacity=capacity,
        share=share,
        cooloff=cooloff,
    )
    assert [(i.source, i.prospect and i.prospect.id) for i in again.items] == [
        (i.source, i.prospect and i.prospect.id) for i in q.items
    ]
