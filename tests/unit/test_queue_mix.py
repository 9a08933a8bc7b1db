"""Both kinds every day, follow-ups first, and nothing eligible displaced by something worse.

DESIGN section 3: at least ``min_new_share`` new prospecting and ``min_old_share`` old
check-ins (as many as there are), the rest to the better source, never more than the
capacity; due follow-ups head the day over cool-off and snooze, never over do-not-contact.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.funnel import FunnelReport, Rate, SourceFunnel, StageCounts
from planner.models import LOST_REASONS, Prospect, ProspectStatus, Settings, Source, Stage
from planner.queue import (
    DailyQueue,
    build_queue,
    is_eligible_old,
    old_prospect_score,
    split_day,
)
from planner.queue_reasons import size_words
from tests.conftest import examples

TODAY = date(2026, 12, 9)
PERIOD_END = date(2026, 12, 31)
WARM_DAYS = 90


def _funnel(p_old: float, p_new: float) -> FunnelReport:
    def source(name: Source, p: float) -> SourceFunnel:
        rate = Rate(p, p, p, 0, 0)
        return SourceFunnel(name, StageCounts(), rate, rate, rate, rate, None)

    return FunnelReport({"old": source("old", p_old), "new": source("new", p_new)})


def _queue(
    prospects: list[Prospect],
    *,
    needed: float = 1.0,
    report: FunnelReport | None = None,
    notes: dict[int, str] | None = None,
    **settings_kw: object,
) -> DailyQueue:
    return build_queue(
        prospects=prospects,
        funnel=report or _funnel(0.05, 0.1),
        needed_sales=needed,
        settings=Settings(**settings_kw),  # type: ignore[arg-type]
        today=TODAY,
        period_end=PERIOD_END,
        follow_up_notes=notes,
    )


def _lost(pid: int, days_ago: int = 90, **kw: object) -> Prospect:
    return Prospect(  # type: ignore[arg-type]
        id=pid,
        name=f"Lost {pid}",
        status="lost",
        lost_reason="timing",
        last_contact=TODAY - timedelta(days=days_ago),
        **kw,
    )


def _new(pid: int, **kw: object) -> Prospect:
    return Prospect(id=pid, name=f"New {pid}", **kw)  # type: ignore[arg-type]


def _ids(q: DailyQueue) -> list[int | None]:
    return [item.prospect.id if item.prospect else None for item in q.items]


# ---------------------------------------------------------------- the situations


def test_old_check_ins_stay_when_new_converts_better() -> None:
    # New converts 4x better: the old split used to give old nothing at all.
    prospects = [_lost(i) for i in range(1, 6)] + [_new(i) for i in range(10, 400)]
    q = _queue(prospects, needed=0.88, report=_funnel(0.02, 0.08), capacity=40)
    assert q.planned_old == 5  # every eligible old prospect (0.3 of the day would be more)
    assert {item.source for item in q.items[:4]} == {"new", "old"}


def test_warm_follow_ups_do_not_eat_the_prospecting_share() -> None:
    warm = [
        _new(i, status="active", last_contact=TODAY - timedelta(days=3), best_stage="meeting")
        for i in range(1, 60)
    ]
    never = [_new(i) for i in range(100, 400)]
    q = _queue(warm + never, needed=5.0, capacity=40, min_old_share=0.0)
    fresh = [i for i in q.items if i.prospect and i.prospect.status == "new"]
    assert len(fresh) >= math.ceil(0.3 * q.size)  # 300 never-contacted: the share is theirs


def test_leads_to_find_fill_the_prospecting_share_when_nobody_is_new() -> None:
    warm = [_new(i, status="active", last_contact=TODAY - timedelta(days=3)) for i in range(50)]
    q = _queue(warm, needed=5.0, capacity=20, min_old_share=0.0)
    assert sum(item.prospect is None for item in q.items) == math.ceil(0.3 * q.size)


def test_a_due_follow_up_leads_over_cool_off_and_snooze_but_not_do_not_contact() -> None:
    prospects = [
        _lost(1, days_ago=3, follow_up=TODAY - timedelta(days=1)),  # in cool-off
        _new(2, status="active", snoozed_until=TODAY + timedelta(days=5), follow_up=TODAY),
        _new(3, follow_up=TODAY - timedelta(days=30), do_not_contact=True),
        _new(4, status="won", follow_up=TODAY - timedelta(days=2)),  # a customer's renewal
        _new(5, follow_up=TODAY + timedelta(days=1)),  # tomorrow: not before
        _new(6),
    ]
    q = _queue(prospects, notes={1: "call back after the board meeting"})
    assert _ids(q)[:3] == [4, 1, 2]  # the longest overdue first
    assert q.follow_ups == 3
    assert q.items[1].reason == "follow-up due since 8 Dec: call back after the board meeting"
    assert q.items[2].reason == "follow-up due today"
    assert q.items[0].reason == "follow-up due since 7 Dec"
    assert q.items[1].source == "old" and q.items[0].source == "new"
    assert 3 not in _ids(q) and 5 not in _ids(q) and 6 in _ids(q)
    assert q.items[1].follow_up == TODAY - timedelta(days=1)


def test_follow_ups_beyond_the_capacity_wait_and_are_said() -> None:
    prospects = [_new(i, follow_up=TODAY - timedelta(days=i)) for i in range(1, 8)]
    q = _queue(prospects, capacity=5)
    assert _ids(q) == [7, 6, 5, 4, 3]
    assert (q.follow_ups, q.follow_ups_waiting) == (5, 2)
    assert "5 follow-ups due first; 2 more due wait for room" in size_words(q)


@pytest.mark.parametrize(
    ("needed", "words"),
    [
        (1.1, "20 calls ≈ 1.1 expected sales; you need 1.10 a day"),
        (0.2, "17 calls: the floor that keeps the pipeline full; 4 would cover today's need"),
        (0.0, "17 calls: the floor that keeps the pipeline full; nothing more is needed today"),
        (9.0, "40 calls (capacity) ≈ 2.2 expected sales; you need 9.00 a day: 6.8"),
    ],
)
def test_the_size_in_words(needed: float, words: str) -> None:
    prospects = [_lost(i) for i in range(1, 6)] + [_new(i) for i in range(10, 100)]
    q = _queue(prospects, needed=needed, report=_funnel(0.055, 0.055), capacity=40)
    assert size_words(q).startswith(words)


def test_split_day_keeps_both_shares() -> None:
    assert split_day(10, new_share=0.3, old_share=0.3, old_available=50, old_first=True) == (
        split_day(10, new_share=0.3, old_share=0.3, old_available=50, old_first=True)
    )
    mix = split_day(10, new_share=0.3, old_share=0.3, old_available=50, old_first=False)
    assert (mix.old, mix.new, mix.prospecting) == (3, 7, 3)
    mix = split_day(10, new_share=0.3, old_share=0.3, old_available=50, old_first=True)
    assert (mix.old, mix.new, mix.prospecting) == (7, 3, 3)
    mix = split_day(10, new_share=0.3, old_share=0.3, old_available=2, old_first=True)
    assert (mix.old, mix.new) == (2, 8)
    # Two items, both kinds there: one of each, whatever the shares say.
    mix = split_day(2, new_share=0.9, old_share=0.1, old_available=5, old_first=False)
    assert (mix.old, mix.new) == (1, 1)
    mix = split_day(1, new_share=0.3, old_share=0.3, old_available=5, old_first=True)
    assert (mix.old, mix.new) == (0, 1)


# ---------------------------------------------------------------- properties

STAGES: tuple[Stage, ...] = ("none", "conversation", "meeting")
STATUSES: tuple[ProspectStatus, ...] = ("new", "active", "lost", "won")
near = st.integers(-400, 20).map(lambda d: TODAY + timedelta(days=d))
maybe = st.none() | near


@st.composite
def prospect_lists(draw: st.DrawFn) -> list[Prospect]:
    count = draw(st.integers(0, 45))
    out = []
    for pid in range(1, count + 1):
        out.append(
            Prospect(
                id=pid,
                name="p",
                status=draw(st.sampled_from(STATUSES)),
                lost_reason=draw(st.none() | st.sampled_from(LOST_REASONS)),
                last_contact=draw(maybe),
                do_not_contact=draw(st.booleans()) and draw(st.booleans()),
                value=draw(st.none() | st.integers(0, 10**6).map(Decimal)),
                best_stage=draw(st.sampled_from(STAGES)),
                conversations=draw(st.integers(0, 5)),
                snoozed_until=draw(st.none() | near) if draw(st.booleans()) else None,
                follow_up=draw(near) if draw(st.integers(0, 4)) == 0 else None,
            )
        )
    return out


def _due(p: Prospect) -> bool:
    return p.follow_up is not None and p.follow_up <= TODAY and not p.do_not_contact


def _eligible_new(p: Prospect) -> bool:
    return (
        p.follow_up is None
        and p.status in ("new", "active")
        and not p.do_not_contact
        and (p.snoozed_until is None or p.snoozed_until <= TODAY)
        and (p.last_contact is None or p.last_contact < TODAY)
    )


def _warm(p: Prospect) -> bool:
    return (
        p.status == "active"
        and p.last_contact is not None
        and (TODAY - p.last_contact).days <= WARM_DAYS
    )


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prospects=prospect_lists(),
    p_old=st.floats(0.0, 0.5),
    p_new=st.floats(0.0, 0.5),
    needed=st.floats(0.0, 8.0),
    capacity=st.integers(0, 30),
    new_share=st.floats(0.0, 1.0),
    old_fraction=st.floats(0.0, 1.0),
    cooloff=st.integers(0, 200),
)
def test_the_day_holds_both_kinds_the_shares_and_the_best_of_each(
    prospects: list[Prospect],
    p_old: float,
    p_new: float,
    needed: float,
    capacity: int,
    new_share: float,
    old_fraction: float,
    cooloff: int,
) -> None:
    old_share = (1.0 - new_share) * old_fraction  # the two shares never ask for more than all
    q = _queue(
        prospects,
        needed=needed,
        report=_funnel(p_old, p_new),
        capacity=capacity,
        min_new_share=new_share,
        min_old_share=old_share,
        cooloff_days=cooloff,
    )
    # Never more than the capacity; follow-ups head the list.
    assert q.size <= capacity
    head, main = q.items[: q.follow_ups], q.items[q.follow_ups :]
    assert all(i.prospect is not None and _due(i.prospect) for i in head)
    queued = {i.prospect.id for i in q.items if i.prospect is not None}
    assert len(queued) == sum(i.prospect is not None for i in q.items)  # nobody twice

    # Nothing ineligible.
    for item in main:
        p = item.prospect
        if p is None:
            assert item.source == "new"
        elif item.source == "old":
            assert p.follow_up is None and is_eligible_old(p, TODAY, cooloff)
        else:
            assert _eligible_new(p)

    # Both kinds, and the shares, in the day after the follow-ups.
    total = len(main)
    old_pool = [p for p in prospects if p.follow_up is None and is_eligible_old(p, TODAY, cooloff)]
    olds = sum(i.source == "old" for i in main)
    news = total - olds
    both_rule = total >= 2 and old_pool and new_share > 0 and old_share > 0
    if both_rule:
        assert olds >= 1 and news >= 1
    new_min = math.ceil(new_share * total - 1e-9)
    if both_rule:  # one of each kind, even when a share rounds to nothing or to everything
        new_min = max(1, min(new_min, total - 1))
    assert news >= new_min
    assert olds >= min(len(old_pool), math.ceil(old_share * total - 1e-9), total - new_min)

    # Nothing eligible missing that a worse item displaced.
    due_missing = [p for p in prospects if _due(p) and p.id not in queued]
    if due_missing:
        assert q.follow_ups == capacity
    if due_missing and head:
        latest = max((p.follow_up, p.id) for p in (i.prospect for i in head) if p)  # type: ignore[type-var]
        assert all((p.follow_up, p.id) >= latest for p in due_missing)  # type: ignore[operator]
    queued_old = [i.score for i in main if i.source == "old"]
    for p in old_pool:
        if p.id not in queued and queued_old:
            assert old_prospect_score(p, TODAY) <= min(queued_old)
    fresh_queued = [i.prospect for i in main if i.prospect and i.prospect.status == "new"]
    placeholders = sum(i.prospect is None for i in main)
    for p in prospects:
        if p.id in queued or not _eligible_new(p):
            continue
        if p.status == "new":
            assert placeholders == 0  # a lead to find never displaces a real prospect
            key = (-(p.value if p.value is not None else Decimal(-1)), p.id)
            assert all(
                (-(f.value if f.value is not None else Decimal(-1)), f.id) <= key
                for f in fresh_queued
            )
        elif _warm(p):
            assert not any(
                i.prospect and i.prospect.status == "active" and not _warm(i.prospect) for i in main
            )  # a quiet deal never displaces a warm one
