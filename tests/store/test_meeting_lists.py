"""The day summaries' meeting lists ("met": the prospect ids of a day's meeting touches):
kept in step by every commit, rebuilt by repair, never partial, and a day summarised before
the lists existed is read from its touches, so that `planner status` finds the pipeline's
recent meetings without parsing the month partitions."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from planner.models import Prospect, Touch
from planner.store import Store
from tests.store.conftest import at

DAY = date(2026, 11, 2)
SUMMARY = "summary/2026.json"


def _lists(store: Store, day: date = DAY) -> dict[str, list[int] | None]:
    doc = json.loads((store.data_dir / SUMMARY).read_bytes())["summary"][str(day.toordinal())]
    return {source: doc[source].get("met") for source in ("new", "old") if source in doc}


def _prospects(store: Store, count: int = 6) -> None:
    with store.transaction("prospects") as tx:
        for pid in range(1, count + 1):
            tx.put_prospect(Prospect(pid, f"Prospect {pid}"))


def _meeting(touch_id: int, pid: int, day: date = DAY, source: str = "new") -> Touch:
    return Touch(touch_id, pid, at(day), "meeting", source)  # type: ignore[arg-type]


def test_the_lists_follow_every_change(store: Store) -> None:
    _prospects(store)
    with store.transaction("meetings") as tx:
        tx.put_touch(_meeting(1, 5))
        tx.put_touch(_meeting(2, 2))
        tx.put_touch(_meeting(3, 5))
        tx.put_touch(_meeting(4, 3, source="old"))
        tx.put_touch(Touch(5, 4, at(DAY), "no-answer", "new"))
    assert _lists(store) == {"new": [2, 5, 5], "old": [3]}
    with store.transaction("one taken back, one moved to another prospect") as tx:
        tx.delete_touch(_meeting(1, 5))
        tx.put_touch(_meeting(2, 6))
        tx.delete_touch(_meeting(4, 3, source="old"))
    assert _lists(store) == {"new": [5, 6]}
    fresh = Store(store.data_dir)
    assert fresh.met_between(DAY, DAY) == {5, 6}
    assert fresh.doctor().ok
    assert fresh.repair_derived().rebuilt == ()


def _strip_lists(store: Store) -> None:
    # What a data dir written before the lists holds: the same days without them.
    docs = json.loads((store.data_dir / SUMMARY).read_bytes())["summary"]
    for doc in docs.values():
        for source in ("new", "old"):
            if source in doc:
                doc[source].pop("met", None)
    with store.transaction("an older planner's summaries") as tx:
        tx.replace_derived(SUMMARY, "summary", docs)


def test_days_summarised_before_the_lists_are_read_from_their_touches(store: Store) -> None:
    _prospects(store)
    with store.transaction("meetings") as tx:
        tx.put_touch(_meeting(1, 1))
        tx.put_touch(_meeting(2, 2, day=date(2026, 10, 30)))
    _strip_lists(store)
    assert _lists(store) == {"new": None}
    assert Store(store.data_dir).doctor().ok  # no list is no disagreement
    with store.transaction("more meetings") as tx:
        tx.put_touch(_meeting(3, 3))  # a day without a list gets no partial one
        tx.put_touch(_meeting(4, 4, day=date(2026, 11, 3)))  # a new day starts its list
    assert _lists(store) == {"new": None}
    assert _lists(store, date(2026, 11, 3)) == {"new": [4]}
    fresh = Store(store.data_dir)
    assert fresh.met_between(date(2026, 10, 30), date(2026, 11, 3)) == {1, 2, 3, 4}
    assert fresh.met_between(date(2026, 11, 3), date(2026, 11, 3)) == {4}
    assert fresh.met_between(date(2026, 10, 31), date(2026, 11, 2)) == {1, 3}
    assert fresh.doctor().ok
    assert fresh.repair_derived().rebuilt == ()  # nothing disagrees: nothing to rebuild


def test_a_list_changed_outside_planner_is_rebuilt_before_it_is_read(store: Store) -> None:
    _prospects(store)
    with store.transaction("meetings") as tx:
        tx.put_touch(_meeting(1, 1))
        tx.put_touch(_meeting(2, 2))
    path = store.data_dir / SUMMARY
    path.write_bytes(path.read_bytes().replace(b'"met":[1,2]', b'"met":[1,3]'))
    fresh = Store(store.data_dir)
    assert fresh.met_between(DAY, DAY) == {1, 2}
    assert _lists(store) == {"new": [1, 2]}
    assert fresh.doctor().ok


def test_a_wrong_list_is_a_doctor_finding_and_repair_rebuilds_it(store: Store) -> None:
    _prospects(store)
    with store.transaction("meetings") as tx:
        tx.put_touch(_meeting(1, 1))
    docs = json.loads((store.data_dir / SUMMARY).read_bytes())["summary"]
    docs[str(DAY.toordinal())]["new"]["met"] = [4]
    with store.transaction("a wrong list written through the store") as tx:
        tx.replace_derived(SUMMARY, "summary", docs)
    report = Store(store.data_dir).doctor()
    assert not report.ok and any(SUMMARY in line for line in report.problems)
    assert SUMMARY in Store(store.data_dir).repair_derived().rebuilt
    assert _lists(store) == {"new": [1]} and Store(store.data_dir).doctor().ok


def test_a_summary_lost_in_a_crash_is_rebuilt_with_its_lists(store: Store) -> None:
    _prospects(store)
    with store.transaction("meetings") as tx:
        tx.put_touch(_meeting(1, 2))
        tx.put_touch(_meeting(2, 1, day=date(2026, 11, 4), source="old"))
    (store.data_dir / SUMMARY).unlink()
    fresh = Store(store.data_dir)
    assert fresh.met_between(date(2026, 11, 1), date(2026, 11, 30)) == {1, 2}
    assert _lists(store) == {"new": [2]}
    assert _lists(store, date(2026, 11, 4)) == {"old": [1]}
    assert fresh.doctor().ok


def test_a_malformed_list_does_not_decode(store: Store) -> None:
    _prospects(store)
    with store.transaction("meetings") as tx:
        tx.put_touch(_meeting(1, 1))
        tx.put_touch(replace(_meeting(2, 2), id=2))
    docs = json.loads((store.data_dir / SUMMARY).read_bytes())["summary"]
    docs[str(DAY.toordinal())]["new"]["met"] = [2, 1]  # not sorted
    with store.transaction("a malformed list") as tx:
        tx.replace_derived(SUMMARY, "summary", docs)
    fresh = Store(store.data_dir)
    assert fresh.met_between(DAY, DAY) == {1, 2}  # the damaged summary is rebuilt first
    assert _lists(store) == {"new": [1, 2]}
