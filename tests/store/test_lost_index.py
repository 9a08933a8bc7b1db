"""lost/pNNNN.json: the lost prospects' documents of each prospect shard, kept in step by
every commit and rebuilt by repair, so that a review's check-ins read these small files
instead of parsing every prospect shard."""

from __future__ import annotations

import json
from datetime import date

from planner.models import Prospect
from planner.store import Store, layout

CUTOFF = date(2026, 6, 1)


def _put(store: Store, *prospects: Prospect) -> None:
    with store.transaction("put") as tx:
        for prospect in prospects:
            tx.put_prospect(prospect)


def _indexed(store: Store) -> set[int]:
    found: set[int] = set()
    for rel in layout.lost_shards(store.data_dir):
        found |= {int(key) for key in json.loads((store.data_dir / rel).read_bytes())["prospects"]}
    return found


def _lost(pid: int, last: date, *, dnc: bool = False) -> Prospect:
    return Prospect(pid, f"Lost {pid}", status="lost", last_contact=last, do_not_contact=dnc)


def test_the_index_follows_every_change_of_status_and_deletion(store: Store) -> None:
    _put(store, Prospect(1, "New One"), _lost(2, date(2026, 1, 5)), _lost(1500, date(2026, 2, 1)))
    assert _indexed(store) == {2, 1500}
    assert layout.lost_shards(store.data_dir) == ["lost/p0000.json", "lost/p0001.json"]
    _put(store, Prospect(1, "New One", status="lost"), Prospect(2, "Lost 2", status="won"))
    assert _indexed(store) == {1, 1500}
    with store.transaction("delete") as tx:
        tx.delete_prospect(1500)
    assert _indexed(store) == {1}
    assert store.doctor().ok


def test_lost_prospects_read_from_the_index_equal_those_of_the_shards(store: Store) -> None:
    _put(
        store,
        _lost(3, date(2026, 1, 5)),
        _lost(4, date(2026, 7, 1)),
        _lost(1200, date(2025, 3, 1), dnc=True),
        Prospect(5, "Won", status="won", last_contact=date(2026, 1, 1)),
    )
    from_index = Store(store.data_dir).prospects("lost", contacted_by=CUTOFF, contactable=True)
    assert [p.id for p in from_index] == [3]
    for rel in layout.lost_shards(store.data_dir):  # no index: the shards answer (and agree)
        (store.data_dir / rel).unlink()
    (store.data_dir / layout.LOST_DIR).rmdir()
    from_shards = Store(store.data_dir).prospects("lost", contacted_by=CUTOFF, contactable=True)
    assert from_shards == from_index


def test_a_missing_or_damaged_index_is_rebuilt_from_the_shards(store: Store) -> None:
    _put(store, _lost(7, date(2026, 1, 5)), _lost(8, date(2026, 1, 6)))
    lost = store.data_dir / "lost" / "p0000.json"
    lost.write_text("{", encoding="utf-8")
    fresh = Store(store.data_dir)
    assert [p.id for p in fresh.prospects("lost")] == [7, 8]
    assert any("lost/p0000.json" in notice for notice in fresh.notices())
    assert _indexed(store) == {7, 8}
    lost.unlink()
    assert not Store(store.data_dir).doctor().ok
    report = Store(store.data_dir).repair_derived()
    assert "lost/p0000.json" in report.rebuilt and _indexed(store) == {7, 8}
    assert Store(store.data_dir).doctor().ok
