"""Verify before trusting: damage from outside is noticed, derived files are rebuilt, bad
records are one-line errors that no write carries on, and backups keep the last good copy."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson
import pytest

from planner.models import Prospect, Touch
from planner.store import CorruptFileError, InvalidRecordError, Store, StoreError, backups

from .conftest import at, log_call, parses, seed, snapshot, temp_files

JUL = date(2026, 7, 14)
AUG = date(2026, 8, 3)


def _edit(path: Path, change: Any) -> None:
    """Change a file from outside, as a sync tool or an editor would (valid JSON)."""
    raw = orjson.loads(path.read_bytes())
    change(raw)
    path.write_bytes(orjson.dumps(raw))


def _one_line(error: BaseException) -> str:
    message = str(error)
    assert "\n" not in message and message
    assert isinstance(error, StoreError)
    return message


# ---------------------------------------------------------------------- outside changes


def test_a_partition_truncated_from_outside_is_noticed_by_the_summaries(store: Store) -> None:
    seed(store, months=(JUL, JUL, AUG))
    partition = store.data_dir / "touches" / "2026-07.json"
    os.truncate(partition, 50)  # truncate -s 50 touches/2026-07.json
    damaged = partition.read_bytes()
    fresh = Store(store.data_dir)  # `planner status` in a new process
    # Status still shows the last good state (what a restore brings back), and says why.
    assert sum(sum(s.outcomes.values()) for s in fresh.summaries(JUL, AUG)) == 3
    notices = fresh.notices()
    assert len(notices) == 1
    message = notices[0]
    assert "\n" not in message and message.startswith("touches/2026-07.json ")
    assert "changed outside planner" in message and "planner restore" in message
    fresh.summaries(JUL, AUG)
    assert fresh.notices() == []  # once per damaged version and process
    assert Store(store.data_dir).summaries(JUL, JUL) and Store(store.data_dir).notices() == []
    # A write to that month is refused in one line; other months go on.
    with pytest.raises(CorruptFileError) as caught:
        log_call(fresh, 1, JUL)
    assert _one_line(caught.value).startswith("touches/2026-07.json ")
    assert partition.read_bytes() == damaged
    log_call(fresh, 1, AUG)
    report = fresh.doctor()
    assert not report.ok and any(p.startswith("touches/2026-07.json: ") for p in report.problems)


def test_a_valid_change_from_outside_re_derives_the_summaries_with_a_notice(store: Store) -> None:
    seed(store, months=(JUL, JUL))
    assert store.summaries(JUL, JUL)[0].outcomes == {"sale": 1, "no-answer": 1}
    _edit(store.data_dir / "touches" / "2026-07.json", lambda raw: raw["touches"].pop("2"))
    fresh = Store(store.data_dir)
    assert fresh.summaries(JUL, JUL)[0].outcomes == {"sale": 1}
    notices = fresh.notices()
    assert len(notices) == 1 and "touches/2026-07.json changed outside planner" in notices[0]
    assert "rebuilt summary/2026.json" in notices[0]
    assert fresh.notices() == []
    assert fresh.doctor().ok


def test_a_partition_removed_from_outside_is_refused_until_restored_or_accepted(
    store: Store,
) -> None:
    seed(store, months=(JUL, AUG))
    (store.data_dir / "touches" / "2026-07.json").unlink()
    fresh = Store(store.data_dir)
    assert len(fresh.summaries(JUL, AUG)) == 2
    (notice,) = fresh.notices()
    assert notice.startswith("touches/2026-07.json was removed outside planner")
    with pytest.raises(CorruptFileError, match=r"^touches/2026-07\.json was removed outside"):
        log_call(fresh, 1, JUL)
    assert not (store.data_dir / "touches" / "2026-07.json").exists()
    assert not fresh.doctor().ok
    report = fresh.repair_derived()  # `planner doctor --repair` accepts the loss
    assert report.accepted == ("touches/2026-07.json",)
    assert report.rebuilt == ("sales.json", "summary/2026.json")
    assert [s.day for s in fresh.summaries(JUL, AUG)] == [AUG]
    assert fresh.sales_between(JUL, AUG) == (0, AUG)
    assert fresh.doctor().ok
    log_call(fresh, 1, JUL)


def test_reading_status_hashes_nothing_when_nothing_changed(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.store import integrity

    seed(store, months=(JUL, AUG))
    log_call(store, 1, JUL)
    calls: list[int] = []
    real = integrity.current_entry
    monkeypatch.setattr(integrity, "current_entry", lambda p: calls.append(1) or real(p))
    fresh = Store(store.data_dir)
    assert len(fresh.summaries(date(2026, 1, 1), date(2026, 12, 31))) == 2
    assert fresh.prospect_names()
    assert calls == []


# ---------------------------------------------------------------------- derived files


DERIVED_DAMAGE = ["deleted", "truncated", "bad record"]


def _damage_derived(path: Path, how: str) -> None:
    if how == "deleted":
        path.unlink()
    elif how == "truncated":
        os.truncate(path, path.stat().st_size // 2)
    elif path.name == "names.json":
        _edit(path, lambda raw: raw["names"]["1"].update(names=[1, 2]))
    else:

        def bad(raw: Any) -> None:
            day = next(iter(raw["summary"].values()))
            day["new"]["outcomes"] = -1

        _edit(path, bad)


@pytest.mark.parametrize("how", DERIVED_DAMAGE)
@pytest.mark.parametrize("rel", ["summary/2026.json", "names.json"])
def test_a_damaged_derived_file_is_rebuilt_by_the_next_write(
    store: Store, rel: str, how: str
) -> None:
    seed(store, months=(JUL, JUL, AUG))
    _damage_derived(store.data_dir / rel, how)
    fresh = Store(store.data_dir)
    touch = log_call(fresh, 2, JUL)  # `planner log`: no touch is lost, none is refused
    notices = fresh.notices()
    assert len(notices) == 1 and rel in notices[0] and "rebuilt" in notices[0]
    assert [t.id for t in fresh.touches(JUL, AUG)] == [1, 2, touch.id, 3]
    assert sum(sum(s.outcomes.values()) for s in fresh.summaries(JUL, AUG)) == 4
    assert fresh.prospect_names() == {1: "Prospect 1", 2: "Prospect 2", 3: "Prospect 3"}
    assert fresh.doctor().ok


@pytest.mark.parametrize("how", DERIVED_DAMAGE)
@pytest.mark.parametrize("rel", ["summary/2026.json", "names.json"])
def test_a_damaged_derived_file_is_rebuilt_by_the_next_read(
    store: Store, rel: str, how: str
) -> None:
    seed(store, months=(JUL, JUL, AUG))
    _damage_derived(store.data_dir / rel, how)
    fresh = Store(store.data_dir)  # `planner status`
    assert sum(sum(s.outcomes.values()) for s in fresh.summaries(JUL, AUG)) == 3
    assert fresh.prospect_names() == {1: "Prospect 1", 2: "Prospect 2", 3: "Prospect 3"}
    notices = fresh.notices()
    assert len(notices) == 1 and rel in notices[0]
    assert fresh.doctor().ok


def test_doctor_reports_a_bad_summary_record_and_repair_says_what_it_rebuilt(
    store: Store,
) -> None:
    seed(store, months=(JUL, AUG))
    _damage_derived(store.data_dir / "summary" / "2026.json", "bad record")
    report = Store(store.data_dir).doctor()
    assert not report.ok and report.repairable
    assert report.problems[0].startswith("summary/2026.json: summary ")
    assert "outcomes -1" in report.problems[0]
    repaired = Store(store.data_dir).repair_derived()
    assert repaired.rebuilt == ("summary/2026.json",) and repaired.ok
    assert repaired.backup is not None and repaired.backup.startswith("before-repair-")
    assert "rebuilt summary/2026.json" in repaired.message
    again = Store(store.data_dir).repair_derived()
    assert again.rebuilt == () and again.message == "nothing needed repair"
    assert Store(store.data_dir).doctor().ok


# ---------------------------------------------------------------------- bad records


def _set(table: str, key: str, field: str | None, value: object) -> Any:
    def change(raw: Any) -> None:
        if field is None:
            raw[table][key] = value
        else:
            raw[table][key][field] = value

    return change


BAD_RECORDS = [
    # (file, change, words the one-line error must hold)
    ("touches/2026-07.json", _set("touches", "1", "amount", "NaN"), "amount 'NaN' is not a number"),
    ("touches/2026-07.json", _set("touches", "1", "lead_days", 10**15), "lead_days"),
    ("touches/2026-07.json", _set("touches", "1", "prospect_id", "one"), "prospect_id 'one'"),
    ("touches/2026-07.json", _set("touches", "1", "at", "0001-01-01T10:00:00+02:00"), "1900"),
    ("prospects/p0000.json", _set("prospects", "1", None, {}), "name None"),
    ("prospects/p0000.json", _set("prospects", "1", "conversations", "2"), "conversations"),
    ("planner.json", _set("targets", "1", "amount", -5), "amount -5"),
]


@pytest.mark.parametrize(("rel", "change", "words"), BAD_RECORDS)
def test_a_bad_record_is_a_one_line_error_naming_it_and_no_write_carries_it_on(
    store: Store, rel: str, change: Any, words: str
) -> None:
    seed(store, months=(JUL, JUL))
    path = store.data_dir / rel
    _edit(path, change)
    damaged = path.read_bytes()
    fresh = Store(store.data_dir)
    # `planner log` into that file is refused before anything is written.
    before = snapshot(store.data_dir)
    with pytest.raises(CorruptFileError) as refused:
        log_call(fresh, 1, JUL)
    assert _one_line(refused.value).startswith(f"{rel}: ")
    assert path.read_bytes() == damaged
    assert snapshot(store.data_dir) == before and temp_files(store.data_dir) == []
    # doctor reports it rather than crashing.
    report = Store(store.data_dir).doctor()
    assert not report.ok and not report.repairable
    assert any(p.startswith(f"{rel}: ") and words in p for p in report.problems)
    # Reading it is the same one line, naming file, table and record.
    table, key = ("prospects", "1") if rel.startswith("prospects") else ("touches", "1")
    if rel == "planner.json":
        table = "targets"
    with pytest.raises(CorruptFileError) as caught:
        fresh.touches(JUL, JUL)
        fresh.prospects()
        fresh.targets()
    message = _one_line(caught.value)
    assert message.startswith(f"{rel}: {table} {key} does not decode: ")
    assert words in message
    assert caught.value.path == path


# ---------------------------------------------------------------------- edge input


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1899, 12, 31), date(3000, 1, 1)])
def test_a_touch_outside_the_years_1900_to_2999_is_refused(store: Store, day: date) -> None:
    seed(store)
    before = snapshot(store.data_dir)
    with pytest.raises(InvalidRecordError) as caught, store.transaction("log") as tx:
        tx.put_touch(
            Touch(
                id=tx.new_id("touch"),
                prospect_id=1,
                at=at(day),
                outcome="sale",
                source="new",
                amount=Decimal(5),
            )
        )
    assert "outside the years 1900-2999" in _one_line(caught.value)
    assert snapshot(store.data_dir) == before


def _argv_text() -> str:
    """A name as Python decodes an argv holding invalid UTF-8 (surrogateescape)."""
    return b"Ren\xe9e".decode("utf-8", "surrogateescape")


@pytest.mark.parametrize("where", ["name", "note", "description"])
def test_text_with_invalid_utf8_is_refused_and_leaves_no_temp_files(
    store: Store, where: str
) -> None:
    seed(store, months=(JUL,))
    before = snapshot(store.data_dir)
    bad = _argv_text()
    description = f"log call with {bad}" if where == "description" else "log"
    with pytest.raises(InvalidRecordError) as caught, store.transaction(description) as tx:
        prospect = tx.prospect(1)
        assert prospect is not None
        if where == "name":
            tx.put_prospect(Prospect(id=tx.new_id("prospect"), name=bad))
        tx.put_touch(
            Touch(
                id=tx.new_id("touch"),
                prospect_id=1,
                at=at(JUL),
                outcome="meeting",
                source="new",
                note=bad if where == "note" else "",
            )
        )
    assert "not valid UTF-8" in _one_line(caught.value)
    assert temp_files(store.data_dir) == []
    assert snapshot(store.data_dir) == before
    parses(store.data_dir)


# ---------------------------------------------------------------------- backups


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_thirty_days_of_backups_keep_the_last_good_copy_of_a_damaged_partition(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    monkeypatch.setattr(backups, "_utcnow", clock)
    seed(store, months=(JUL, JUL))
    partition = store.data_dir / "touches" / "2026-07.json"
    good = partition.read_bytes()
    for day in range(1, 31):
        clock.now = datetime(2026, 8, day, 8, 0, tzinfo=UTC)
        log_call(store, 2, AUG)  # the day's first write takes the daily backup
        if day == 3:
            os.truncate(partition, 50)  # damaged from outside after the day's backup
    listed = [name for name, _, _ in store.list_backups()]
    assert listed[:14] == [f"2026-08-{d:02d}" for d in range(30, 16, -1)]
    assert "2026-08-03" in listed  # the last good copy of touches/2026-07.json is kept
    assert len(listed) == 15
    held = store.data_dir / "backups" / "2026-08-03" / "touches" / "2026-07.json"
    assert held.read_bytes() == good
    warning = [n for n in store.notices() if n.startswith("backup 2026-08-30:")]
    assert warning and "touches/2026-07.json is damaged" in warning[0]
    assert "planner restore 2026-08-03" in warning[0]
    # The damaged backups are refused; the kept one brings the partition back.
    with pytest.raises(CorruptFileError):
        store.restore("2026-08-30")
    store.restore("2026-08-03")
    assert [t.id for t in store.touches(JUL, JUL)] == [1, 2]
    assert store.doctor().ok


# ---------------------------------------------------------------------- restore in the way


@pytest.mark.parametrize(
    ("rel", "what"),
    [
        ("touches/2026-07.json", "a folder"),
        ("planner.json", "a symbolic link"),
        ("touches", "a symbolic link"),
        ("names.json", "a folder"),
    ],
)
def test_restore_moves_a_folder_or_link_in_its_way_aside_and_proceeds(
    store: Store, tmp_path: Path, rel: str, what: str
) -> None:
    seed(store, months=(JUL, JUL))
    name = store.backup()
    path = store.data_dir / rel
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("mine")
    if path.is_dir():
        path.rename(tmp_path / "moved-away")
    else:
        path.unlink()
    if what == "a folder":
        path.mkdir()
    else:
        path.symlink_to(outside)
    moved = Store(store.data_dir).restore(name)
    assert len(moved) == 1 and moved[0].startswith(f"{rel} was {what}: moved aside to {rel}.aside-")
    assert (outside / "keep.txt").read_text() == "mine"  # a link is moved, never followed
    fresh = Store(store.data_dir)
    assert [t.id for t in fresh.touches(JUL, JUL)] == [1, 2]
    assert fresh.settings() is not None and fresh.doctor().ok


# ---------------------------------------------------------------------- config


def test_saving_the_config_does_not_follow_a_symlink_at_its_temp_path(tmp_path: Path) -> None:
    from planner.config import Config, load_config, save_config

    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (config.parent / ".config.toml.tmp").symlink_to(victim)
    save_config(Config(theme="planner-light"), config)
    assert victim.read_text() == "precious"
    assert load_config(config).theme == "planner-light"
    assert not os.path.lexists(config.parent / ".config.toml.tmp")
    assert config.stat().st_mode & 0o777 == 0o600


# ---------------------------------------------------------------------- read-only


def test_reading_takes_no_lock_and_opens_nothing_for_writing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(store, months=(JUL, AUG))
    log_call(store, 1, JUL)
    import planner.store.lock as lock_module

    writes: list[str] = []
    real_open = os.open

    def watching_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC):
            writes.append(str(path))
        return real_open(path, flags, *args, **kwargs)

    def no_lock(*args: Any) -> None:
        raise AssertionError("a read took the write lock")

    monkeypatch.setattr(os, "open", watching_open)
    monkeypatch.setattr(lock_module.DataLock, "__enter__", no_lock)
    fresh = Store(store.data_dir)
    assert fresh.settings() is not None and fresh.targets()
    assert len(fresh.summaries(date(2026, 1, 1), date(2026, 12, 31))) == 2
    assert fresh.prospect_names() and fresh.prospects()
    assert fresh.touches(JUL, AUG) and fresh.plan(JUL) is None
    assert fresh.last_op() is not None and fresh.generation() > 0
    with fresh.preview("import --dry-run") as tx:  # staged changes are dropped
        tx.put_prospect(Prospect(id=tx.new_id("prospect"), name="Dry Run"))
        assert [p.name for p in tx.prospects()][-1] == "Dry Run"
    assert fresh.notices() == []
    assert writes == []
    assert not fresh.read_only()
    assert "Dry Run" not in Store(store.data_dir).prospect_names().values()


# ---------------------------------------------------------------------- one prospect per name

_RESOLVE_OR_CREATE = """
import sys
from pathlib import Path
from planner.models import Prospect
from planner.store import Store

store = Store(Path(sys.argv[1]))
sys.stdin.readline()  # all start together
with store.transaction("log call with Shared1") as tx:
    names = tx.prospect_names()
    if "Shared1" not in names.values():
        tx.put_prospect(Prospect(id=tx.new_id("prospect"), name="Shared1"))
"""


def test_resolving_a_name_inside_the_transaction_makes_one_prospect_under_concurrency(
    store: Store, data_dir: Path
) -> None:
    import subprocess
    import sys

    from .conftest import writer_env

    seed(store)
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _RESOLVE_OR_CREATE, str(data_dir)],
            stdin=subprocess.PIPE,
            env=writer_env(),
        )
        for _ in range(6)
    ]
    for process in processes:
        assert process.stdin is not None
        process.stdin.write(b"go\n")
        process.stdin.flush()
    for process in processes:
        assert process.wait(timeout=120) == 0
    assert list(Store(data_dir).prospect_names().values()).count("Shared1") == 1


def test_a_transaction_sees_its_own_new_and_deleted_names(store: Store) -> None:
    seed(store)
    with store.transaction("names") as tx:
        tx.put_prospect(Prospect(id=tx.new_id("prospect"), name="Fresh"))
        tx.delete_prospect(1)
        assert tx.prospect_names() == {2: "Prospect 2", 3: "Prospect 3", 4: "Fresh"}


def test_a_data_dir_without_a_manifest_gets_one_on_its_next_write(store: Store) -> None:
    from planner.store import integrity

    seed(store, months=(JUL, AUG))
    (store.data_dir / ".manifest.json").unlink()  # as written by planner before the manifest
    fresh = Store(store.data_dir)
    log_call(fresh, 1, AUG)
    manifest = integrity.manifest_of(orjson.loads((store.data_dir / ".manifest.json").read_bytes()))
    assert manifest is not None
    assert set(manifest) >= {"touches/2026-07.json", "touches/2026-08.json", "names.json"}
    os.truncate(store.data_dir / "touches" / "2026-07.json", 50)
    later = Store(store.data_dir)
    later.summaries(JUL, JUL)
    assert any("touches/2026-07.json" in n for n in later.notices())
