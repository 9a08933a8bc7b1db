"""open/pNNNN.json: the documents of the prospects in play at the meeting stage (active, best
stage a meeting), kept in step by every commit, emptied files removed, rebuilt by repair, so
that `planner status` finds the forecast's open deals without parsing every prospect shard."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from decimal import Decimal

from planner.models import Prospect, Touch
from planner.store import Store, layout
from tests.store.conftest import at


def _put(store: Store, *prospects: Prospect) -> None:
    with store.transaction("put") as tx:
        for prospect in prospects:
            tx.put_prospect(prospect)


def _indexed(store: Store) -> set[int]:
    found: set[int] = set()
    for rel in layout.open_shards(store.data_dir):
        found |= {int(key) for key in json.loads((store.data_dir / rel).read_bytes())["prospects"]}
    return found


def _open(pid: int, *, dnc: bool = False) -> Prospect:
    return Prospect(pid, f"Open {pid}", status="active", best_stage="meeting", do_not_contact=dnc)


def test_the_index_follows_every_change_and_drops_emptied_files(store: Store) -> None:
    _put(store, Prospect(1, "New One"), _open(2), _open(1500, dnc=True))
    assert _indexed(store) == {2, 1500}
    assert layout.open_shards(store.data_dir) == ["open/p0000.json", "open/p0001.json"]
    _put(store, _open(1), Prospect(2, "Open 2", status="won", best_stage="meeting"))
    assert _indexed(store) == {1, 1500}
    with store.transaction("delete") as tx:
        tx.delete_prospect(1500)
    assert layout.open_shards(store.data_dir) == ["open/p0000.json"]
    assert store.doctor().ok


def test_open_prospects_and_meetings_read_cheaply_agree_with_the_shards(store: Store) -> None:
    _put(store, _open(3), _open(4, dnc=True), Prospect(5, "Won", status="won"), _open(1200))
    with store.transaction("touches") as tx:
        tx.put_touch(Touch(1, 3, at(date(2026, 11, 2)), "meeting", "new"))
        tx.put_touch(Touch(2, 5, at(date(2026, 10, 30)), "meeting", "new"))
        tx.put_touch(Touch(3, 1200, at(date(2026, 11, 3)), "no-answer", "new"))
    fresh = Store(store.data_dir)
    in_play = fresh.open_prospects([3, 4, 5, 6, 1200, 1999])
    assert in_play is not None and sorted(in_play) == [3, 4, 1200]
    everyone = {p.id: p for p in fresh.prospects()}
    assert in_play == {pid: everyone[pid] for pid in (3, 4, 1200)}
    assert fresh.met_between(date(2026, 10, 30), date(2026, 11, 27)) == {3, 5}
    assert fresh.met_between(date(2026, 10, 31), date(2026, 11, 27)) == {3}
    for rel in layout.open_shards(store.data_dir):  # no index: the caller reads by id
        (store.data_dir / rel).unlink()
    (store.data_dir / layout.OPEN_DIR).rmdir()
    assert Store(store.data_dir).open_prospects([3]) is None


def test_a_missing_or_damaged_index_is_rebuilt_from_the_shards(store: Store) -> None:
    _put(store, _open(7), _open(8))
    index = store.data_dir / "open" / "p0000.json"
    index.write_text("{", encoding="utf-8")
    fresh = Store(store.data_dir)
    assert sorted(fresh.open_prospects([7, 8, 9]) or {}) == [7, 8]
    assert any("open/p0000.json" in notice for notice in fresh.notices())
    index.unlink()
    assert not Store(store.data_dir).doctor().ok
    report = Store(store.data_dir).repair_derived()
    assert "open/p0000.json" in report.rebuilt and _indexed(store) == {7, 8}
    assert Store(store.data_dir).doctor().ok


def test_the_index_keeps_what_the_pipeline_reads_and_whole_documents_still_agree(
    store: Store,
) -> None:
    full = Prospect(
        7,
        "Ada Open",
        company="Lovelace Ltd",
        email="ada@example.com",
        phone="+1 555 0100",
        status="active",
        best_stage="meeting",
        value=Decimal("1200.00"),
        conversations=3,
        last_contact=date(2026, 11, 2),
        cycle_start=date(2026, 10, 20),
    )
    _put(store, full, _open(8))
    shard = store.data_dir / "open/p0000.json"
    docs = json.loads(shard.read_bytes())["prospects"]
    assert docs["7"] == {
        "name": "Ada Open",
        "status": "active",
        "best_stage": "meeting",
        "cycle_start": "2026-10-20",
    }
    found = Store(store.data_dir).open_prospects([7])
    assert found is not None
    seen = found[7]
    assert (seen.status, seen.best_stage, seen.do_not_contact, seen.cycle_start) == (
        full.status,
        full.best_stage,
        full.do_not_contact,
        full.cycle_start,
    )
    # An older planner kept whole documents there: they read the same, the doctor finds
    # nothing to repair, and a change to what is kept stores only that.
    whole = json.loads((store.data_dir / "prospects/p0000.json").read_bytes())["prospects"]
    stored = json.loads(shard.read_bytes())
    stored["prospects"]["7"] = whole["7"]
    shard.write_bytes(json.dumps(stored).encode())
    report = Store(store.data_dir).repair_derived()  # takes the file as it is, not rebuilt
    assert "open/p0000.json" in report.accepted and not report.rebuilt
    older = Store(store.data_dir)
    assert older.doctor().ok
    again = older.open_prospects([7])
    assert again is not None and again[7].cycle_start == full.cycle_start
    _put(older, dataclasses.replace(full, cycle_start=date(2026, 11, 2)))
    assert json.loads(shard.read_bytes())["prospects"]["7"] == {
        **docs["7"],
        "cycle_start": "2026-11-02",
    }
    assert Store(store.data_dir).doctor().ok
