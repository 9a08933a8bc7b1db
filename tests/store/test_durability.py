"""Durability of a commit, seen from the system calls it makes (DESIGN section 6).

A write is: temp file in the same folder -> write -> fsync the file -> os.replace -> fsync the
folder. Counting fsync calls cannot tell a missing file fsync from an extra folder fsync, so
these tests record the calls in order, through a shim over the `os` functions themselves
(Path.replace goes through os.replace, so renames are seen and can be failed too).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from planner.store import Store, WriteError, layout
from planner.store.atomic import write_atomic

from .conftest import log_call, seed, snapshot, temp_files

JUL = date(2026, 7, 14)
ALL = (date(2000, 1, 1), date(2100, 1, 1))
JOURNAL = layout.JOURNAL  # ".journal.json": the commit point


@dataclass
class Trace:
    """The file system calls of interest, in order: (call, path) or (call, source, target)."""

    events: list[tuple[str, ...]] = field(default_factory=list)
    fds: dict[int, str] = field(default_factory=dict)
    fail_replace_at: int = 0  # fail the n-th os.replace/os.rename (1-based); 0 never
    fail_after: bool = False  # ... and every one after it too
    replaces: int = 0


@contextmanager
def recording(monkeypatch: pytest.MonkeyPatch, trace: Trace) -> Iterator[Trace]:
    real = {name: getattr(os, name) for name in ("open", "close", "write", "fsync", "replace")}
    real["rename"] = os.rename

    def _open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        fd: int = real["open"](path, flags, *args, **kwargs)
        trace.fds[fd] = os.fspath(path)
        trace.events.append(("open", os.fspath(path)))
        return fd

    def _close(fd: int) -> None:
        trace.fds.pop(fd, None)
        real["close"](fd)

    def _write(fd: int, data: Any) -> int:
        if fd in trace.fds:
            trace.events.append(("write", trace.fds[fd]))
        return int(real["write"](fd, data))

    def _fsync(fd: Any) -> None:
        if fd in trace.fds:
            trace.events.append(("fsync", trace.fds[fd]))
        real["fsync"](fd)

    def _renaming(name: str) -> Any:
        def rename(source: Any, target: Any, *args: Any, **kwargs: Any) -> None:
            trace.replaces += 1
            n = trace.replaces
            if trace.fail_replace_at and (
                n == trace.fail_replace_at or (trace.fail_after and n > trace.fail_replace_at)
            ):
                raise OSError(errno.EIO, os.strerror(errno.EIO))
            real[name](source, target, *args, **kwargs)
            trace.events.append(("replace", os.fspath(source), os.fspath(target)))

        return rename

    for name, shim in (
        ("open", _open),
        ("close", _close),
        ("write", _write),
        ("fsync", _fsync),
        ("replace", _renaming("replace")),
        ("rename", _renaming("rename")),
    ):
        monkeypatch.setattr(os, name, shim)
    try:
        yield trace
    finally:
        for name, function in real.items():
            monkeypatch.setattr(os, name, function)


@pytest.fixture
def busy_store(store: Store) -> Store:
    """Data and today's backup already there, so the trace holds an ordinary log call."""
    seed(store, months=(JUL,))
    log_call(store, 1, JUL)
    assert store.list_backups()
    return store


def _index(events: list[tuple[str, ...]], wanted: tuple[str, ...], after: int = -1) -> int:
    """Position of the first event equal to ``wanted`` after ``after``, -1 if none."""
    for position in range(after + 1, len(events)):
        if events[position] == wanted:
            return position
    return -1


def _check_file_protocol(events: list[tuple[str, ...]]) -> list[str]:
    """Each replaced file: written, fsynced after its last write, replaced, folder fsynced."""
    targets: list[str] = []
    for position, event in enumerate(events):
        if event[0] != "replace":
            continue
        source, target = event[1], event[2]
        targets.append(target)
        assert Path(source).parent == Path(target).parent, "the temp file is in another folder"
        assert Path(source).name == f".{Path(target).name}.tmp"
        before = events[:position]
        writes = [i for i, e in enumerate(before) if e == ("write", source)]
        assert writes, f"{target}: replaced without being written"
        fsync = _index(before, ("fsync", source), after=writes[-1])
        assert fsync >= 0, f"{target}: the temp file was not fsynced between write and replace"
        folder = str(Path(target).parent)
        assert _index(events, ("fsync", folder), after=position) >= 0, (
            f"{target}: its folder was not fsynced after the replace"
        )
    return targets


def test_a_commit_writes_fsyncs_replaces_then_fsyncs_the_folder_for_every_file(
    busy_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = busy_store.data_dir
    before = snapshot(data_dir)
    with recording(monkeypatch, Trace()) as trace:
        log_call(Store(data_dir), 2, JUL)
    after = snapshot(data_dir)
    events = trace.events

    targets = _check_file_protocol(events)
    rels = [Path(t).relative_to(data_dir).as_posix() for t in targets]
    changed = {rel for rel in after if before.get(rel) != after[rel]}
    # Every data file that changed went through the protocol; the journal did too.
    assert changed, "the log call changed nothing"
    assert changed <= set(rels), changed - set(rels)
    assert rels[0] == JOURNAL and rels.count(JOURNAL) == 1
    assert not (data_dir / JOURNAL).exists()  # removed once the commit is whole

    # The commit point: the journal is durable (file and folder) before any data file moves.
    journal = str(data_dir / JOURNAL)
    first_data = next(i for i, e in enumerate(events) if e[0] == "replace" and e[2] != journal)
    journal_replace = _index(events, ("replace", str(data_dir / f".{JOURNAL}.tmp"), journal))
    assert 0 <= journal_replace < first_data
    assert 0 <= _index(events, ("fsync", str(data_dir)), after=journal_replace) < first_data


def test_a_single_file_write_fsyncs_the_file_then_its_folder_after_the_replace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """write_atomic (a store file outside a commit, backups, export files): the same protocol."""
    target = tmp_path / "file.json"
    with recording(monkeypatch, Trace()) as trace:
        write_atomic(target, b"{}", "file.json")
    assert _check_file_protocol(trace.events) == [str(target)]
    assert target.read_bytes() == b"{}"


def test_the_recorder_sees_a_write_path_that_skips_the_file_fsync(
    busy_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check above fails when the temp file's fsync is missing (the recorder works)."""
    data_dir = busy_store.data_dir
    with recording(monkeypatch, Trace()) as trace:
        log_call(Store(data_dir), 2, JUL)
    tmp = str(data_dir / f".{JOURNAL}.tmp")
    broken = [e for e in trace.events if e != ("fsync", tmp)]
    with pytest.raises(AssertionError, match="not fsynced between write and replace"):
        _check_file_protocol(broken)
    folder_fsyncs_dropped = [
        e for e in trace.events if not (e[0] == "fsync" and e[1] == str(data_dir / "touches"))
    ]
    with pytest.raises(AssertionError, match="folder was not fsynced"):
        _check_file_protocol(folder_fsyncs_dropped)


# ---------------------------------------------------------------- failed renames


def _renames_in_a_commit(busy_store: Store, monkeypatch: pytest.MonkeyPatch) -> int:
    with recording(monkeypatch, Trace()) as trace:
        log_call(Store(busy_store.data_dir), 2, JUL)
    return trace.replaces


def _files(data_dir: Path) -> dict[str, bytes]:
    """The data files, with the wall-clock time of each undo entry blanked."""
    return {
        rel: re.sub(rb'"at":"[^"]*"', b'"at":""', raw) if rel.startswith("oplog/") else raw
        for rel, raw in snapshot(data_dir).items()
    }


def _reference_after(data_dir: Path, tmp_path: Path) -> dict[str, bytes]:
    """The files as the same log call leaves them without any fault (on a copy)."""
    copy = tmp_path / "reference"
    shutil.copytree(data_dir, copy)
    log_call(Store(copy), 1, JUL)
    return _files(copy)


@pytest.mark.parametrize("persistent", [False, True], ids=["once", "from-then-on"])
def test_a_failed_rename_anywhere_in_a_commit_loses_nothing(
    busy_store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, persistent: bool
) -> None:
    data_dir = busy_store.data_dir
    calls = _renames_in_a_commit(busy_store, monkeypatch)
    assert calls >= 3  # the journal and at least the touches and the prospect
    outcomes: set[str] = set()
    for at_call in range(1, calls + 1):
        before = _files(data_dir)
        acknowledged = {t.id for t in Store(data_dir).touches(*ALL)}
        final = _reference_after(data_dir, tmp_path / str(at_call))
        trace = Trace(fail_replace_at=at_call, fail_after=persistent)
        message = ""
        with recording(monkeypatch, trace):
            try:
                log_call(Store(data_dir), 1, JUL)
            except WriteError as error:
                message = str(error)
        assert "\n" not in message
        if message:
            assert os.strerror(errno.EIO) in message, message
        # Every data file is whole: its old bytes or its new ones, never anything else.
        now = _files(data_dir)
        for rel, raw in now.items():
            if rel == JOURNAL:
                continue
            assert raw in (before.get(rel), final.get(rel)), (at_call, rel)
        for rel in before:
            assert rel in now, f"{rel} vanished after a failed rename at call {at_call}"
        if message.endswith("nothing was changed"):
            assert now == before, at_call
            outcome = "unchanged"
        elif message:
            # Past the commit point and the retry failed too: the journal keeps the change.
            assert "the next planner command finishes it" in message, message
            assert (data_dir / JOURNAL).exists()
            outcome = "kept"
        else:
            outcome = "committed"  # the retry from the journal finished it
        reopened = Store(data_dir)  # the fault is gone: this read replays any journal
        ids = {t.id for t in reopened.touches(*ALL)}
        assert acknowledged <= ids
        assert len(ids - acknowledged) == (0 if outcome == "unchanged" else 1), (at_call, outcome)
        assert reopened.doctor().ok
        assert not (data_dir / JOURNAL).exists()
        assert temp_files(data_dir) == []
        outcomes.add(outcome)
    # The journal's own rename is the commit point: failing it changes nothing; failing a
    # data file's rename is finished by the retry, or, if that fails too, by the next command.
    assert outcomes == ({"unchanged", "kept"} if persistent else {"unchanged", "committed"})


def test_the_month_file_is_the_first_data_file_renamed_and_folders_are_fsynced_once(
    busy_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the seller waits for (the touch on disk) comes right after the commit point; the
    folder fsyncs that follow the renames are one per folder, not one per file."""
    data_dir = busy_store.data_dir
    with recording(monkeypatch, Trace()) as trace:
        log_call(Store(data_dir), 2, JUL)
    renamed = [
        Path(e[2]).relative_to(data_dir).as_posix() for e in trace.events if e[0] == "replace"
    ]
    assert renamed[0] == JOURNAL
    assert renamed[1].startswith("touches/"), renamed
    assert renamed[-1] == layout.MANIFEST, renamed
    last_rename = max(i for i, e in enumerate(trace.events) if e[0] == "replace")
    folder_fsyncs = [
        e[1] for e in trace.events[last_rename:] if e[0] == "fsync" and Path(e[1]).is_dir()
    ]
    assert len(folder_fsyncs) == len(set(folder_fsyncs)), folder_fsyncs
