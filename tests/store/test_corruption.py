"""A file that does not parse: a one-line error with file and position, never overwritten."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.store import CorruptFileError, Store

from .conftest import log_call, seed, snapshot

JUL = date(2026, 7, 14)
AUG = date(2026, 8, 3)


def _damage(path: Path, how: str) -> None:
    raw = path.read_bytes()
    # Damage in place (same inode), the way a crashing editor or a bad sync tool would.
    with path.open("r+b") as handle:
        if how == "truncated":
            handle.truncate(len(raw) // 2)
        elif how == "garbage":
            handle.seek(0, 2)
            handle.write(b"\x00garbage")
        elif how == "empty":
            handle.truncate(0)
        elif how == "nan":
            handle.write(raw.replace(b'"prospect_id":1', b'"prospect_id":NaN', 1))
        else:  # pragma: no cover
            raise AssertionError(how)


@pytest.mark.parametrize("how", ["truncated", "garbage", "empty", "nan"])
def test_a_damaged_partition_is_reported_kept_and_restorable(store: Store, how: str) -> None:
    seed(store, months=(JUL, JUL))
    log_call(store, 1, JUL)  # the day's first write on existing data: it takes the daily backup
    backup_name = store.list_backups()[0][0]
    partition = store.data_dir / "touches" / "2026-07.json"
    _damage(partition, how)
    damaged = partition.read_bytes()

    fresh = Store(store.data_dir)
    with pytest.raises(CorruptFileError) as caught:
        fresh.touches(JUL, JUL)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("touches/2026-07.json ")
    assert "planner restore" in message
    assert caught.value.path == partition
    if how == "empty":
        assert "is empty" in message
    else:
        assert caught.value.line is not None and caught.value.column is not None
        assert f"at line {caught.value.line}, column {caught.value.column}:" in message
    # Writing to that month fails before anything is written, and leaves the bytes alone.
    before = snapshot(store.data_dir)
    with pytest.raises(CorruptFileError):
        log_call(fresh, 1, JUL)
    assert partition.read_bytes() == damaged
    assert snapshot(store.data_dir) == before
    # Other months are still writable: only the damaged file is frozen.
    log_call(fresh, 2, AUG)
    assert partition.read_bytes() == damaged

    fresh.restore(backup_name)
    assert [t.id for t in fresh.touches(JUL, JUL)] == [1, 2]
    assert fresh.touches(AUG, AUG) == []  # the state of the backup, taken before both calls
    assert fresh.doctor().ok
    names = [name for name, _, _ in fresh.list_backups()]
    assert any(name.startswith("before-restore-") for name in names)


def test_a_damaged_planner_json_blocks_every_write_until_restore(store: Store) -> None:
    seed(store)
    backup = store.backup()
    planner = store.data_dir / "planner.json"
    _damage(planner, "garbage")
    damaged = planner.read_bytes()
    fresh = Store(store.data_dir)
    with pytest.raises(
        CorruptFileError, match=r"^planner\.json is not valid JSON at line 2, column 1: "
    ):
        fresh.settings()
    with pytest.raises(CorruptFileError):
        log_call(fresh, 1, JUL)
    with pytest.raises(CorruptFileError):
        fresh.undo()
    assert planner.read_bytes() == damaged
    report = fresh.doctor()
    assert not report.ok and not report.repairable
    assert report.problems[0].startswith("planner.json: ")
    fresh.restore(backup)
    assert fresh.settings() is not None
    log_call(fresh, 1, JUL)
    assert fresh.doctor().ok


def test_a_damaged_summary_is_rebuilt_by_repair(store: Store) -> None:
    seed(store, months=(JUL, AUG))
    summary = store.data_dir / "summary" / "2026.json"
    _damage(summary, "truncated")
    report = store.doctor()
    assert not report.ok and report.repairable
    assert report.problems[0].startswith("summary/2026.json: ")
    store.repair_derived()
    assert store.doctor().ok
    assert [s.day for s in store.summaries(JUL, AUG)] == [JUL, AUG]
    assert any(name.startswith("before-repair-") for name, _, _ in store.list_backups())
