"""Records land in the right shard, partition and summary; the files are TinyDB databases."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import orjson
from tinydb import TinyDB
from tinydb.table import Document

from planner.models import Prospect, Touch
from planner.store import Store
from planner.store.files import DataFile

from .conftest import at, seed

JAN, JUL, DEC = date(2026, 1, 31), date(2026, 7, 14), date(2025, 12, 31)


def test_prospects_are_sharded_by_id_and_touches_partitioned_by_local_month(store: Store) -> None:
    with store.transaction("spread") as tx:
        for pid in (1, 1000, 1001, 2500):
            tx.put_prospect(Prospect(id=pid, name=f"P{pid}"))
        for number, day in enumerate((JAN, JUL, DEC), start=1):
            tx.put_touch(
                Touch(id=number, prospect_id=1, at=at(day), outcome="meeting", source="new")
            )
        # 23:30 on Jan 31 in UTC+2 is still January locally (21:30 UTC).
        tx.put_touch(Touch(id=4, prospect_id=1, at=at(JAN, 23, 30), outcome="sale", source="old"))
    folder = store.data_dir
    assert sorted(p.name for p in (folder / "prospects").iterdir()) == [
        "p0000.json",
        "p0001.json",
        "p0002.json",
    ]
    shard = orjson.loads((folder / "prospects" / "p0000.json").read_bytes())
    assert sorted(shard["prospects"]) == ["1", "1000"]
    assert store.touch_months() == ["2025-12", "2026-01", "2026-07"]
    january = orjson.loads((folder / "touches" / "2026-01.json").read_bytes())
    assert sorted(january["touches"]) == ["1", "4"]
    assert sorted(p.name for p in (folder / "summary").iterdir()) == ["2025.json", "2026.json"]
    assert store.prospect_names() == {1: "P1", 1000: "P1000", 1001: "P1001", 2500: "P2500"}
    wanted = [1, 2, 1000, 2500, 2501, 9999]
    assert Store(folder).names_of(wanted) == {1: "P1", 1000: "P1000", 2500: "P2500"}
    assert store.names_of(wanted) == {1: "P1", 1000: "P1000", 2500: "P2500"}  # decoded whole
    assert [t.id for t in store.touches(JAN, JAN)] == [1, 4]
    assert [t.id for t in store.touches(DEC, JUL)] == [3, 1, 4, 2]
    assert [t.id for t in store.touches_of(1)] == [3, 1, 4, 2]


def test_summaries_count_outcomes_amounts_and_lead_days_per_day_and_source(store: Store) -> None:
    with store.transaction("day") as tx:
        tx.put_prospect(Prospect(id=1, name="A"))
        for number, (outcome, source, amount, lead) in enumerate(
            [
                ("no-answer", "new", None, None),
                ("no-answer", "new", None, None),
                ("sale", "new", Decimal("100.25"), 7),
                ("sale", "new", Decimal("50"), 3),
                ("sale", "old", None, 21),
                ("meeting", "old", None, None),
            ],
            start=1,
        ):
            tx.put_touch(
                Touch(
                    id=number,
                    prospect_id=1,
                    at=at(JUL, 9 + number),
                    outcome=outcome,  # type: ignore[arg-type]
                    source=source,  # type: ignore[arg-type]
                    amount=amount,
                    lead_days=lead,
                )
            )
    new, old = store.summaries(JUL, JUL)
    assert (new.source, new.outcomes, new.sales_amount, new.lead_days) == (
        "new",
        {"no-answer": 2, "sale": 2},
        Decimal("150.25"),
        (3, 7),
    )
    assert (old.source, old.outcomes, old.sales_amount, old.lead_days) == (
        "old",
        {"sale": 1, "meeting": 1},
        Decimal("0"),
        (21,),
    )
    with store.transaction("take one back") as tx:
        (sale,) = [t for t in tx.touches(JUL, JUL) if t.id == 3]
        tx.delete_touch(sale)
    new, _ = store.summaries(JUL, JUL)
    assert new.outcomes == {"no-answer": 2, "sale": 1}
    assert new.sales_amount == Decimal("50")
    assert new.lead_days == (3,)
    assert store.summaries(date(2026, 7, 15), date(2026, 12, 31)) == []


def test_moving_a_touch_to_another_month_moves_its_document(store: Store) -> None:
    (touch,) = seed(store, months=(JUL,))
    with store.transaction("redate") as tx:
        tx.put_touch(replace(touch, at=at(JAN)))
    assert store.touch_months() == ["2026-01", "2026-07"]
    assert store.touches(JUL, JUL) == []
    assert [t.id for t in store.touches(JAN, JAN)] == [touch.id]
    assert store.summaries(JUL, JUL) == []
    assert store.doctor().ok


def test_each_file_opens_as_a_tinydb_database_with_our_storage(store: Store) -> None:
    seed(store, months=(JUL,))
    db = TinyDB(store.data_dir, "touches/2026-07.json", storage=DataFile)
    table = db.table("touches")
    stored = table.get(doc_id=1)
    assert stored is not None and stored["amount"] == "250.50"
    # TinyDB writes through the same atomic storage: our store sees it at once.
    doc = dict(stored)
    doc["note"] = "edited by TinyDB"
    table.upsert(Document(doc, doc_id=1))
    assert store.touches(JUL, JUL)[0].note == "edited by TinyDB"
    assert db.table("_schema").get(doc_id=1) == {"version": 1}


def test_tinydb_mutating_what_it_read_does_not_touch_the_cache(data_dir: Path) -> None:
    Store(data_dir)
    seed(Store(data_dir), months=(JUL,))
    storage = DataFile(data_dir, "touches/2026-07.json")
    copy = storage.read()
    assert copy is not None
    copy["touches"]["1"]["note"] = "mutated"
    assert "note" not in storage.load()["touches"]["1"]


def test_reads_never_create_the_data_dir(data_dir: Path) -> None:
    store = Store(data_dir)
    assert not store.exists()
    assert store.settings() is None
    assert store.targets() == [] and store.prospects() == [] and store.prospect_names() == {}
    assert store.touches(JAN, JUL) == [] and store.summaries(JAN, JUL) == []
    assert store.touch_months() == [] and store.last_op() is None and store.undo() is None
    assert store.generation() == 0 and store.list_backups() == []
    assert not data_dir.exists()
