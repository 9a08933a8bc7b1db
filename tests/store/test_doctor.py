"""Doctor finds planted damage by file; repair rebuilds what is derived."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import orjson

from planner.store import Store

from .conftest import log_call, seed

JUL, AUG = date(2026, 7, 14), date(2026, 8, 3)


def _edit(path: Path, change: Any) -> None:
    raw = orjson.loads(path.read_bytes())
    change(raw)
    path.write_bytes(orjson.dumps(raw))


def test_a_healthy_store_is_ok(store: Store) -> None:
    seed(store, prospects=1200, months=(JUL, AUG))
    report = store.doctor()
    assert report.ok and report.problems == () and not report.repairable
    assert report.files_checked >= 7


def test_a_planted_duplicate_touch_id_is_found_in_both_files(store: Store) -> None:
    seed(store, months=(JUL, AUG))
    july = store.data_dir / "touches" / "2026-07.json"
    august = store.data_dir / "touches" / "2026-08.json"
    copy = orjson.loads(july.read_bytes())["touches"]["1"]
    copy["at"] = "2026-08-20T10:00:00+02:00"
    _edit(august, lambda raw: raw["touches"].__setitem__("1", copy))
    problems = Store(store.data_dir).doctor().problems
    assert "touches/2026-08.json: touch id 1 is also in touches/2026-07.json" in problems


def test_a_touch_in_the_wrong_month_and_a_prospect_in_the_wrong_shard(store: Store) -> None:
    seed(store, months=(JUL,))
    july = store.data_dir / "touches" / "2026-07.json"
    _edit(july, lambda raw: raw["touches"]["1"].__setitem__("at", "2026-09-01T10:00:00+02:00"))
    shard = store.data_dir / "prospects" / "p0000.json"
    _edit(shard, lambda raw: raw["prospects"].__setitem__("1001", {"name": "Stray"}))
    problems = Store(store.data_dir).doctor().problems
    assert "touches/2026-07.json: touch 1 is dated 2026-09-01" in problems
    assert "prospects/p0000.json: prospect 1001 belongs in prospects/p0001.json" in problems


def test_counters_behind_the_ids_in_use_are_found(store: Store) -> None:
    seed(store, months=(JUL,))
    _edit(
        store.data_dir / "planner.json",
        lambda raw: raw["counters"]["1"].__setitem__("touch", 1),
    )
    report = Store(store.data_dir).doctor()
    assert any(p.startswith("planner.json: next touch id is 1 but id 1") for p in report.problems)


def test_derived_indexes_out_of_step_are_found_and_repaired(store: Store) -> None:
    seed(store, months=(JUL, AUG))
    _edit(
        store.data_dir / "summary" / "2026.json",
        lambda raw: raw["summary"][str(JUL.toordinal())]["new"]["outcomes"].__setitem__("sale", 7),
    )
    _edit(store.data_dir / "names.json", lambda raw: raw["names"]["1"]["names"].__setitem__(1, "X"))
    report = Store(store.data_dir).doctor()
    assert report.repairable and not report.ok
    assert "summary/2026.json: day 2026-07-14 disagrees with the touches" in report.problems
    assert any(p.startswith("names.json: index disagrees") for p in report.problems)
    store.repair_derived()
    assert store.doctor().ok
    assert store.prospect_names()[2] == "Prospect 2"
    assert store.summaries(JUL, JUL)[0].outcomes == {"sale": 1}


def test_loose_permissions_and_leftover_temp_files(store: Store) -> None:
    seed(store, months=(JUL,))
    (store.data_dir / "touches" / "2026-07.json").chmod(0o644)
    (store.data_dir / "touches" / ".2026-07.json.tmp").write_text("half a file")
    report = store.doctor()
    assert "touches/2026-07.json: mode is 644, expected 600" in report.problems
    assert not (store.data_dir / "touches" / ".2026-07.json.tmp").exists()  # swept
    log_call(store, 1, JUL)  # a new write leaves the file 0600 again
    assert store.doctor().ok
