"""Disk full, I/O errors, a read-only dir, odd umasks and planted symlinks."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from planner.errors import PlannerError
from planner.store import (
    CorruptFileError,
    Store,
    StoreError,
    UnsafePathError,
    WriteError,
    atomic,
)

from .conftest import IS_ROOT, log_call, seed, snapshot, temp_files

JUL = date(2026, 7, 14)
ALL = (date(2000, 1, 1), date(2100, 1, 1))


class FaultyOs:
    """The `os` module as the atomic-write module sees it, failing one call on purpose."""

    def __init__(self, name: str, code: int, at_call: int) -> None:
        self._name, self._code, self._at_call = name, code, at_call
        self.calls = 0

    def __getattr__(self, name: str) -> Any:
        real = getattr(os, name)
        if name != self._name:
            return real

        def failing(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            if self.calls == self._at_call:
                raise OSError(self._code, os.strerror(self._code))
            return real(*args, **kwargs)

        return failing


@pytest.fixture
def busy_store(store: Store) -> Iterator[Store]:
    """Data and today's backup already there, so a fault hits an ordinary log call."""
    seed(store, months=(JUL,))
    log_call(store, 1, JUL)
    assert store.list_backups()
    yield store


def _count_calls(store: Store, name: str, monkeypatch: pytest.MonkeyPatch) -> int:
    counter = FaultyOs(name, errno.EIO, at_call=0)
    monkeypatch.setattr(atomic, "os", counter)
    log_call(Store(store.data_dir), 2, JUL)
    monkeypatch.setattr(atomic, "os", os)
    return counter.calls


@pytest.mark.slow  # one commit per failing call, for every call of a commit
@pytest.mark.parametrize(
    ("name", "code"),
    [("write", errno.ENOSPC), ("write", errno.EIO), ("fsync", errno.EIO), ("fsync", errno.ENOSPC)],
)
def test_a_failed_write_or_fsync_anywhere_in_a_commit_loses_nothing(
    busy_store: Store, monkeypatch: pytest.MonkeyPatch, name: str, code: int
) -> None:
    calls = _count_calls(busy_store, name, monkeypatch)
    assert calls >= 5  # every file of a log call, the journal, and the folders
    outcomes: set[str] = set()
    for at_call in range(1, calls + 1):
        before = snapshot(busy_store.data_dir)
        acknowledged = {t.id for t in busy_store.touches(*ALL)}
        monkeypatch.setattr(atomic, "os", FaultyOs(name, code, at_call))
        store = Store(busy_store.data_dir)
        try:
            log_call(store, 1, JUL)
        except WriteError as error:
            message = str(error)
        else:
            message = ""  # failed after the commit point and finished by replaying the journal
        finally:
            monkeypatch.setattr(atomic, "os", os)
        assert "\n" not in message
        assert temp_files(busy_store.data_dir) == []
        after = Store(busy_store.data_dir)
        ids = {t.id for t in after.touches(*ALL)}
        if message.endswith("nothing was changed"):
            assert os.strerror(code) in message
            assert snapshot(busy_store.data_dir) == before, at_call
            assert ids == acknowledged
        else:
            # Past the commit point: whole now, or whole after the next read replays the journal.
            assert not message or "the next planner command finishes it" in message, message
            assert len(ids - acknowledged) == 1
        assert after.doctor().ok
        outcomes.add("unchanged" if message.endswith("nothing was changed") else "committed")
    # Every write happens before the commit point; a folder fsync can fail after it.
    assert outcomes == ({"unchanged"} if name == "write" else {"unchanged", "committed"})


def test_a_read_only_data_dir_refuses_writes_and_keeps_the_data(
    busy_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = busy_store.data_dir
    before = snapshot(data_dir)
    if IS_ROOT:
        # Root ignores permission bits, so make creating the temp file fail as EROFS would.
        real_open = os.open

        def read_only_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if flags & os.O_CREAT:
                raise OSError(errno.EROFS, os.strerror(errno.EROFS))
            return real_open(path, flags, *args, **kwargs)

        class ReadOnlyOs(FaultyOs):
            def __getattr__(self, name: str) -> Any:
                return read_only_open if name == "open" else getattr(os, name)

        monkeypatch.setattr(atomic, "os", ReadOnlyOs("open", errno.EROFS, 0))
        reason = os.strerror(errno.EROFS)
    else:  # pragma: no cover - CI runs as an ordinary user, this box as root
        for folder in [data_dir, *(p for p in data_dir.iterdir() if p.is_dir())]:
            folder.chmod(0o500)
        reason = os.strerror(errno.EACCES)
    try:
        with pytest.raises(WriteError, match=f"{reason}; nothing was changed"):
            log_call(Store(data_dir), 1, JUL)
    finally:
        monkeypatch.setattr(atomic, "os", os)
        for folder in [data_dir, *(p for p in data_dir.iterdir() if p.is_dir())]:
            folder.chmod(0o700)
    assert snapshot(data_dir) == before
    assert Store(data_dir).touches(*ALL) == busy_store.touches(*ALL)


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o277, 0o000])
def test_folders_are_0700_and_files_0600_whatever_the_umask(data_dir: Path, mask: int) -> None:
    old = os.umask(mask)
    try:
        store = Store(data_dir)
        seed(store, months=(JUL,))
        log_call(store, 1, JUL)
        store.backup()
    finally:
        os.umask(old)
    for path in [data_dir, *data_dir.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def test_a_loose_existing_data_dir_is_tightened(data_dir: Path) -> None:
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    seed(Store(data_dir))
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    return victim


def test_a_symlink_at_the_lock_is_refused(store: Store, outside: Path) -> None:
    seed(store)
    (store.data_dir / ".lock").unlink()
    (store.data_dir / ".lock").symlink_to(outside)
    with pytest.raises(UnsafePathError, match=r"\.lock"):
        log_call(store, 1, JUL)
    assert outside.read_text() == "precious"


@pytest.mark.parametrize(
    "rel", [".planner.json.tmp", "touches/.2026-07.json.tmp", "..journal.json.tmp"]
)
def test_a_symlink_at_a_temp_path_is_refused(store: Store, outside: Path, rel: str) -> None:
    seed(store, months=(JUL,))
    before = snapshot(store.data_dir)
    (store.data_dir / rel).symlink_to(outside)
    with pytest.raises(UnsafePathError, match="symbolic link"):
        log_call(store, 1, JUL)
    assert outside.read_text() == "precious"
    assert snapshot(store.data_dir) == before
    assert (store.data_dir / rel).is_symlink()


@pytest.mark.parametrize("rel", ["planner.json", "touches/2026-07.json", "prospects/p0000.json"])
def test_a_symlink_at_a_data_file_is_refused(store: Store, outside: Path, rel: str) -> None:
    seed(store, months=(JUL,))
    (store.data_dir / rel).unlink()
    (store.data_dir / rel).symlink_to(outside)
    fresh = Store(store.data_dir)
    with pytest.raises(UnsafePathError, match="symbolic link"):
        fresh.touches(JUL, JUL) if rel.startswith("touches") else fresh.prospects()
        fresh.settings()
    with pytest.raises(UnsafePathError):
        log_call(fresh, 1, JUL)
    with pytest.raises(UnsafePathError):
        fresh.backup()
    assert outside.read_text() == "precious"
    assert (store.data_dir / rel).is_symlink()
    assert not fresh.doctor().ok


def test_a_fifo_at_a_data_file_does_not_hang_a_reader(store: Store) -> None:
    seed(store)
    (store.data_dir / "names.json").unlink()
    os.mkfifo(store.data_dir / "names.json")
    with pytest.raises(UnsafePathError, match="not a regular file"):
        Store(store.data_dir).prospect_names()


def test_corrupt_file_error_is_a_store_error_with_a_one_line_message() -> None:
    error = CorruptFileError("x.json is empty", path=Path("x.json"), line=1, column=2)
    # A StoreError (hence a PlannerError): the CLI turns it into one line, exit 1.
    assert isinstance(error, StoreError) and isinstance(error, PlannerError)
    assert str(error) == "x.json is empty"
    assert (error.path, error.line, error.column) == (Path("x.json"), 1, 2)


def test_a_corrupt_data_file_is_refused_naming_the_file_and_position(store: Store) -> None:
    seed(store, months=(JUL,))
    (store.data_dir / "touches" / "2026-07.json").write_text('{"touches": {"1": [}')
    with pytest.raises(CorruptFileError) as refused:
        Store(store.data_dir).touches(JUL, JUL)
    assert str(refused.value) == (
        "touches/2026-07.json is not valid JSON at line 1, column 20: "
        "run `planner restore` to bring back the last backup"
    )
    assert refused.value.path.name == "2026-07.json"
    assert (refused.value.line, refused.value.column) == (1, 20)
