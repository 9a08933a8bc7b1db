"""Daily backups before the first write, 14 kept, isolated from the live files; restore."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from planner.store import Store, StoreError, backups

from .conftest import log_call, seed, snapshot

JUL = date(2026, 7, 14)
ALL = (date(2000, 1, 1), date(2100, 1, 1))


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(backups, "_utcnow", fake)
    return fake


def test_the_first_write_of_each_day_backs_up_what_was_there(store: Store, clock: Clock) -> None:
    seed(store)  # nothing to back up before the very first write
    assert store.list_backups() == []
    log_call(store, 1, JUL)
    log_call(store, 1, JUL)
    assert [name for name, _, _ in store.list_backups()] == ["2026-07-01"]
    folder = store.data_dir / "backups" / "2026-07-01"
    assert (folder / "planner.json").exists()
    assert not list((folder / "touches").iterdir())  # taken before the day's first call
    clock.now += timedelta(days=1)
    log_call(store, 2, JUL)
    names = [name for name, _, _ in store.list_backups()]
    assert names == ["2026-07-02", "2026-07-01"]
    assert len(list((store.data_dir / "backups" / "2026-07-02" / "touches").iterdir())) == 1


def test_backups_rotate_to_the_newest_fourteen(store: Store, clock: Clock) -> None:
    seed(store)
    for _ in range(20):
        clock.now += timedelta(days=1)
        log_call(store, 1, JUL)
    listed = store.list_backups()
    assert len(listed) == 14
    assert [taken for _, taken, _ in listed] == sorted((t for _, t, _ in listed), reverse=True)
    assert listed[0][0] == "2026-07-21"
    assert all(size > 0 for _, _, size in listed)
    assert len(list((store.data_dir / "backups").iterdir())) == 14


def test_manual_backups_get_unique_names_and_count_towards_fourteen(
    store: Store, clock: Clock
) -> None:
    seed(store)
    names = [store.backup() for _ in range(16)]
    assert names[0] == "2026-07-01T080000" and names[1] == "2026-07-01T080000-2"
    assert [name for name, _, _ in store.list_backups()][:1] == [names[-1]]
    assert len(store.list_backups()) == 14


def test_a_backup_never_shares_an_inode_with_live_data_but_reuses_unchanged_copies(
    store: Store, clock: Clock
) -> None:
    seed(store, months=(JUL,))
    first = store.backup()
    log_call(store, 1, date(2026, 8, 1))
    second = store.backup()
    root = store.data_dir / "backups"
    live = store.data_dir / "touches" / "2026-07.json"
    kept = [root / first / "touches" / "2026-07.json", root / second / "touches" / "2026-07.json"]
    assert kept[0].stat().st_ino == kept[1].stat().st_ino  # unchanged: linked, not copied again
    assert live.stat().st_ino != kept[0].stat().st_ino  # but never the live file itself
    changed = root / second / "planner.json"
    assert changed.stat().st_ino != (root / first / "planner.json").stat().st_ino
    # So damage done in place to a live file cannot reach any backup.
    live.write_bytes(b"{oops")
    assert kept[0].read_bytes().startswith(b'{"touches"')


def test_restore_brings_back_a_backup_and_keeps_the_state_before_it(
    store: Store, clock: Clock
) -> None:
    seed(store, months=(JUL,))
    name = store.backup()
    backed_up = snapshot(store.data_dir)
    clock.now += timedelta(minutes=1)
    later = log_call(store, 2, date(2026, 9, 9))
    assert store.last_op() is not None

    store.restore(name)
    restored = snapshot(store.data_dir)
    assert {k: v for k, v in restored.items() if k != "planner.json"} == {
        k: v for k, v in backed_up.items() if k != "planner.json" and not k.startswith("oplog/")
    }
    assert [t.id for t in store.touches(*ALL)] == [1]
    assert store.touch_months() == ["2026-07"]  # the later month's file is gone
    assert store.last_op() is None  # undo does not reach across a restore
    # Ids keep counting up, so nothing cached anywhere can be confused with a new record.
    assert log_call(store, 1, JUL).id > later.id
    before_restore = [n for n, _, _ in store.list_backups() if n.startswith("before-restore-")]
    assert len(before_restore) == 1
    store.restore(before_restore[0])
    assert later.id in {t.id for t in store.touches(*ALL)}
    assert store.doctor().ok


def test_an_interrupted_restore_is_finished_by_the_next_command(
    store: Store, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(store, months=(JUL,))
    name = store.backup()
    log_call(store, 2, date(2026, 9, 9))

    def killed(*args: object) -> None:
        raise KeyboardInterrupt  # stands in for a kill after the journal was written

    monkeypatch.setattr(backups, "replay_restore", killed)
    with pytest.raises(KeyboardInterrupt):
        store.restore(name)
    monkeypatch.undo()
    assert (store.data_dir / ".journal.json").exists()
    fresh = Store(store.data_dir)
    assert fresh.touch_months() == ["2026-07"]
    assert not (store.data_dir / ".journal.json").exists()
    assert fresh.doctor().ok


def test_restore_refuses_unknown_names_and_damaged_backups(store: Store, clock: Clock) -> None:
    seed(store, months=(JUL,))
    with pytest.raises(StoreError, match="no backup named 'nope'; `planner restore` lists them"):
        store.restore("nope")
    with pytest.raises(StoreError, match="no backup named"):
        store.restore("../data")
    name = store.backup()
    kept = store.data_dir / "backups" / name / "touches" / "2026-07.json"
    kept.chmod(0o600)
    kept.write_bytes(b"{")
    before = snapshot(store.data_dir)
    with pytest.raises(StoreError, match=f"backup {name} is damaged: touches/2026-07.json"):
        store.restore(name)
    assert snapshot(store.data_dir) == before


def test_backup_of_an_empty_data_dir_is_refused(data_dir: Path) -> None:
    with pytest.raises(StoreError, match="nothing to back up"):
        Store(data_dir).backup()
