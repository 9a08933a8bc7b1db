"""Reading only the prospects of one status gives the same records as filtering them all."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from planner.models import Prospect
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
