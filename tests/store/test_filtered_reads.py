"""Reading only the prospects of one status gives the same records as filtering them all."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from planner.models import Prospect, Touch
from planner.store import Store


def test_status_filter_matches_a_full_read_before_and_after_a_change(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    statuses = ["new", "active", "lost", "won"]
    with store.transaction("add") as tx:
        for i in range(2500):  # three shards
            tx.put_prospect(
                Prospect(id=tx.new_id("prospect"), name=f"P{i}", status=statuses[i % 4])  # type: ignore[arg-type]
            )
    fresh = Store(tmp_path / "data")  # nothing decoded yet: the filter decodes only matches
    lost = fresh.prospects("lost")
    assert [p.id for p in lost] == [p.id for p in store.prospects() if p.status == "lost"]
    assert len(lost) == 625
    with store.transaction("win one back") as tx:
        first = tx.prospect(lost[0].id)
        assert first is not None
        tx.put_prospect(
            Prospect(id=first.id, name=first.name, status="won", last_contact=date(2026, 7, 1))
        )
    assert len(fresh.prospects("lost")) == 624  # another process's change is seen
    assert lost[0].id in {p.id for p in fresh.prospects("won")}


def test_due_filter_and_batch_reads(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    with store.transaction("add") as tx:
        for i, (last, dnc) in enumerate(
            [
                (date(2026, 1, 5), False),
                (date(2026, 6, 1), False),
                (None, False),
                (date(2026, 1, 5), True),
            ]
        ):
            tx.put_prospect(
                Prospect(
                    id=tx.new_id("prospect"),
                    name=f"L{i}",
                    status="lost",
                    last_contact=last,
                    do_not_contact=dnc,
                )
            )
    due = Store(tmp_path / "data").prospects(
        "lost", contacted_by=date(2026, 3, 1), contactable=True
    )
    assert [p.name for p in due] == ["L0", "L2"]
    assert sorted(store.prospects_by_id([4, 2, 99])) == [2, 4]
    assert Store(tmp_path / "data").prospects_by_id([1])[1].name == "L0"


def test_prospects_asked_by_id_again_are_kept_per_version_of_their_shard(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    with store.transaction("add") as tx:
        for i in range(1, 6):
            tx.put_prospect(Prospect(id=tx.new_id("prospect"), name=f"P{i}", company="Old"))
    reader = Store(tmp_path / "data")  # another process, reading by id only
    assert sorted(reader.prospects_by_id({1, 2, 99})) == [1, 2]
    assert sorted(reader.prospects_by_id({2, 3, 4})) == [2, 3, 4]  # some known, some not
    assert {p.name for p in reader.prospects_by_id({1, 4}).values()} == {"P1", "P4"}
    with store.transaction("rename and remove") as tx:
        tx.put_prospect(Prospect(id=2, name="P2 renamed", company="New"))
        tx.delete_prospect(3)
    found = reader.prospects_by_id({1, 2, 3})
    assert sorted(found) == [1, 2] and found[2].name == "P2 renamed"
    assert found[2].company == "New"


def test_touches_of_some_days_decode_only_those_and_match_a_full_read(tmp_path: Path) -> None:
    zone = timezone(timedelta(hours=-5))
    store = Store(tmp_path / "data")
    with store.transaction("add") as tx:
        tx.put_prospect(Prospect(id=tx.new_id("prospect"), name="P"))
        for day in range(1, 31):
            for hour in (0, 12, 23):  # late at night the UTC day is already the next one
                moment = datetime(2026, 11, day, hour, 30, tzinfo=zone)
                tx.put_touch(Touch(tx.new_id("touch"), 1, moment, "no-answer", "new"))
    everything = store.touches(date(2026, 11, 1), date(2026, 11, 30))
    for start, end in [
        (date(2026, 11, 16), date(2026, 11, 22)),
        (date(2026, 10, 30), date(2026, 11, 2)),
    ]:
        fresh = Store(tmp_path / "data")
        week = fresh.touches(start, end)
        assert week == [t for t in everything if start <= t.day <= end]
        assert len(week) == 3 * (
            (min(end, date(2026, 11, 30)) - max(start, date(2026, 11, 1))).days + 1
        )
    fresh = Store(tmp_path / "data")
    fresh.touches(date(2026, 11, 16), date(2026, 11, 22))
    with store.transaction("one more") as tx:
        moment = datetime(2026, 11, 18, 9, tzinfo=zone)
        tx.put_touch(Touch(tx.new_id("touch"), 1, moment, "sale", "new"))
    assert len(fresh.touches(date(2026, 11, 16), date(2026, 11, 22))) == 22  # a new version
