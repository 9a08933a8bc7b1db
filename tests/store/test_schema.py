"""Schema versions: a newer file is refused by name; migrations bring old files forward."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import orjson
import pytest

from planner.store import CorruptFileError, SchemaError, Store, schema
from planner.store.schema import Tables

from .conftest import log_call, seed

JUL = date(2026, 7, 14)


def _set_version(path: Path, version: int) -> None:
    raw = orjson.loads(path.read_bytes())
    raw["_schema"] = {"1": {"version": version}}
    path.write_bytes(orjson.dumps(raw))


def test_a_file_from_a_newer_planner_is_refused_with_its_name(store: Store) -> None:
    seed(store, months=(JUL,))
    _set_version(store.data_dir / "planner.json", 3)
    fresh = Store(store.data_dir)
    with pytest.raises(SchemaError) as caught:
        fresh.settings()
    assert str(caught.value) == (
        "planner.json has schema 3; this planner knows up to 1: upgrade planner"
    )
    _set_version(store.data_dir / "planner.json", 1)
    _set_version(store.data_dir / "touches" / "2026-07.json", 2)
    with pytest.raises(SchemaError, match=r"^touches/2026-07\.json has schema 2"):
        fresh.touches(JUL, JUL)
    before = (store.data_dir / "touches" / "2026-07.json").read_bytes()
    with pytest.raises(SchemaError):
        log_call(fresh, 1, JUL)
    assert (store.data_dir / "touches" / "2026-07.json").read_bytes() == before
    assert any("schema 2" in problem for problem in fresh.doctor().problems)


def test_a_file_without_a_schema_version_is_not_ours(store: Store) -> None:
    seed(store)
    path = store.data_dir / "planner.json"
    raw = orjson.loads(path.read_bytes())
    del raw["_schema"]
    path.write_bytes(orjson.dumps(raw))
    with pytest.raises(CorruptFileError, match=r"^planner\.json has no schema version"):
        Store(store.data_dir).settings()


def _v1_to_v2(rel: str, tables: Tables) -> Tables:
    """A made-up format change: version 2 spells target labels in capitals."""
    for doc in tables.get("targets", {}).values():
        doc["period"]["label"] = doc["period"]["label"].upper() + " (v2)"
    return tables


def test_a_migration_runs_forward_on_read_and_the_next_write_stores_the_new_version(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(store, months=(JUL,))
    path = store.data_dir / "planner.json"
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(schema.MIGRATIONS, 1, _v1_to_v2)
    upgraded = Store(store.data_dir)
    assert [t.period.label for t in upgraded.targets()] == ["2026 (v2)"]
    assert orjson.loads(path.read_bytes())["_schema"] == {"1": {"version": 1}}  # reads never write
    with upgraded.transaction("change planner.json") as tx:
        first = tx.targets()[0]
        tx.put_target(replace(first, id=tx.new_id("target"), amount=Decimal(80)))
    stored = orjson.loads(path.read_bytes())
    assert stored["_schema"] == {"1": {"version": 2}}
    assert stored["targets"]["1"]["period"]["label"] == "2026 (v2)"  # migrated exactly once
    assert [t.period.label for t in Store(store.data_dir).targets()] == ["2026 (v2)"] * 2
    # The touches file was not written: it is still version 1 and still migrates on read.
    assert orjson.loads((store.data_dir / "touches" / "2026-07.json").read_bytes())["_schema"] == {
        "1": {"version": 1}
    }
    assert len(Store(store.data_dir).touches(JUL, JUL)) == 1
    # An older planner (knowing only version 1) now refuses planner.json instead of misreading it.
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 1)
    with pytest.raises(
        SchemaError, match=r"planner\.json has schema 2; this planner knows up to 1"
    ):
        Store(store.data_dir).targets()


def test_a_missing_migration_is_a_clear_refusal(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(store)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(schema.MIGRATIONS, 1, _v1_to_v2)
    with pytest.raises(SchemaError, match="schema 2 and no migration leads on from it"):
        Store(store.data_dir).targets()
