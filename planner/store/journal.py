"""Commit protocol: temp files first, then a write-ahead journal of final states, then renames."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from planner.store import integrity, layout
from planner.store.atomic import (
    Prepared,
    discard,
    ensure_dir,
    fsync_dir,
    install,
    prepare,
    write_atomic,
)
from planner.store.errors import (
    RESTORE_HINT,
    CorruptFileError,
    StoreError,
    UnsafePathError,
    WriteError,
)
from planner.store.files import DataFile, check_finite, encode, merged
from planner.store.schema import Doc, Tables

Changes = dict[str, dict[str, Doc | None]]  # table -> document key -> final doc, None = deleted
JOURNAL_TABLE = "journal"


class FileSource(Protocol):
    def file(self, rel: str) -> DataFile: ...


@dataclass
class FileChange:
    """What a commit does to one file: documents put/deleted, or (replace) its whole content."""

    tables: Changes
    replace: bool = False


@dataclass
class CommitPlan:
    writes: dict[str, FileChange] = field(default_factory=dict)
    removes: list[str] = field(default_factory=list)
    bases: dict[str, Tables] = field(default_factory=dict)  # what the transaction read, if known
    # Files whose current bytes become their manifest entry as they are (a repair accepting a
    # valid change made outside the store, or dropping the entry of a file that is gone).
    accept: list[str] = field(default_factory=list)

    def empty(self) -> bool:
        return not self.writes and not self.removes and not self.accept


def _final(
    files: FileSource, rel: str, change: FileChange, bases: dict[str, Tables] | None = None
) -> Tables:
    if change.replace:
        return merged({}, change.tables)
    base = bases.get(rel) if bases else None
    return merged(base if base is not None else files.file(rel).load(), change.tables)


def _journal_tables(plan: CommitPlan) -> Tables:
    entry: Doc = {
        "kind": "commit",
        "files": {
            rel: {"replace": change.replace, "tables": change.tables}
            for rel, change in plan.writes.items()
        },
        "remove": list(plan.removes),
    }
    return {JOURNAL_TABLE: {"1": entry}}


def _folders(data_dir: Path, rels: list[str]) -> list[Path]:
    return sorted({(data_dir / rel).parent for rel in rels})


def _with_manifest(
    data_dir: Path, files: FileSource, plan: CommitPlan, written: dict[str, integrity.Entry]
) -> None:
    """Put the updated integrity manifest into the plan's change of planner.json."""
    removed = [*plan.removes]
    for rel in plan.accept:
        now = integrity.current_entry(data_dir / rel)
        if now is None:
            removed.append(rel)
        else:
            written.setdefault(rel, now)
    if not any(map(integrity.covered, [*written, *removed])):
        return
    try:
        base = integrity.manifest_of(files.file(layout.MANIFEST).load())
    except StoreError:
        base = None  # a damaged manifest is bookkeeping: it is started afresh, never a blocker
    entries = integrity.updated(base, written, removed)
    doc = integrity.manifest_doc(entries)
    plan.writes[layout.MANIFEST] = FileChange(tables={integrity.TABLE: {"1": doc}}, replace=True)


def commit(data_dir: Path, files: FileSource, plan: CommitPlan) -> None:
    """Apply a plan so that after a crash at any point it is either whole or absent."""
    check_finite([change.tables for change in plan.writes.values()], "a record")
    finals = {rel: _final(files, rel, change, plan.bases) for rel, change in plan.writes.items()}
    finals.pop(layout.MANIFEST, None)  # last: it records the others
    prepared: list[Prepared] = []
    journal_path = data_dir / layout.JOURNAL
    try:
        for folder in _folders(data_dir, list(finals)):
            ensure_dir(folder, str(folder.relative_to(data_dir)) or ".")
        written: dict[str, integrity.Entry] = {}
        for rel, tables in finals.items():
            key = files.file(rel).current_key()
            data = encode(tables)
            item = prepare(data_dir / rel, data, rel, previous_mtime_ns=key[1] if key else 0)
            prepared.append(item)
            written[rel] = integrity.entry_of(data, item.key[1])
        _with_manifest(data_dir, files, plan, written)
        if layout.MANIFEST in plan.writes:
            tables = finals[layout.MANIFEST] = _final(
                files, layout.MANIFEST, plan.writes[layout.MANIFEST], plan.bases
            )
            key = files.file(layout.MANIFEST).current_key()
            prepared.append(
                prepare(
                    data_dir / layout.MANIFEST,
                    encode(tables),
                    layout.MANIFEST,
                    previous_mtime_ns=key[1] if key else 0,
                )
            )
        # The commit point: once the journal is on disk, recovery finishes this commit.
        write_atomic(journal_path, encode(_journal_tables(plan)), layout.JOURNAL)
    except BaseException as error:
        # Any failure before the commit point (a full disk, a record that will not encode, an
        # interrupt) leaves no temp file behind and nothing changed.
        for item in prepared:
            with suppress(StoreError):
                discard(item.tmp)
        if not isinstance(error, StoreError):
            with suppress(StoreError):
                discard(journal_path)
            raise
        kept = False
        try:
            discard(journal_path)
        except StoreError:
            kept = journal_path.exists()
        if isinstance(error, UnsafePathError) or not isinstance(error, WriteError):
            raise
        if kept:
            raise WriteError(f"{error}; the change is kept in {layout.JOURNAL}") from error
        raise WriteError(f"{error}; nothing was changed") from error
    try:
        for item in prepared:
            install(item)
        for folder in _folders(data_dir, list(finals)):
            fsync_dir(folder, str(folder.relative_to(data_dir)))
        _remove(data_dir, plan.removes)
        # No fsync after this unlink: if a power cut undoes it, replaying is harmless.
        discard(journal_path)
    except StoreError as error:
        for rel in finals:
            files.file(rel).forget()
        try:
            replay(data_dir, files, _journal_tables(plan)[JOURNAL_TABLE]["1"])
        except StoreError:
            raise WriteError(
                f"{error}; the change is kept in {layout.JOURNAL} and the next planner "
                "command finishes it"
            ) from error
        return
    for item, (rel, tables) in zip(prepared, finals.items(), strict=True):
        files.file(rel).adopt(tables, item.key)
    for rel in plan.removes:
        files.file(rel).forget()


def _remove(data_dir: Path, rels: list[str]) -> None:
    for rel in rels:
        discard(data_dir / rel)
    for folder in _folders(data_dir, rels):
        fsync_dir(folder, str(folder.relative_to(data_dir)))


def read(files: FileSource) -> Doc | None:
    """The journal entry left by an interrupted commit or restore, None when there is none."""
    journal = files.file(layout.JOURNAL)
    if journal.current_key() is None:
        return None
    entry = journal.load().get(JOURNAL_TABLE, {}).get("1")
    if not isinstance(entry, dict) or entry.get("kind") not in ("commit", "restore"):
        raise CorruptFileError(
            f"{layout.JOURNAL} does not hold a journal entry: {RESTORE_HINT}", path=journal.path
        )
    return entry


def _checked_plan(entry: Doc, path: Path) -> CommitPlan:
    """The journal is input from disk: a planted one must not steer writes outside our files."""
    plan = CommitPlan()
    bad = CorruptFileError(f"{layout.JOURNAL} is malformed: {RESTORE_HINT}", path=path)
    raw_files: Any = entry.get("files")
    raw_removes: Any = entry.get("remove")
    if not isinstance(raw_files, dict) or not isinstance(raw_removes, list):
        raise bad
    for rel, change in raw_files.items():
        if layout.kind_of(rel) in (None, "journal") or not isinstance(change, dict):
            raise bad
        tables = change.get("tables")
        if not isinstance(tables, dict) or not all(
            isinstance(docs, dict) and all(d is None or isinstance(d, dict) for d in docs.values())
            for docs in tables.values()
        ):
            raise bad
        plan.writes[rel] = FileChange(tables=tables, replace=change.get("replace") is True)
    for rel in raw_removes:
        if not isinstance(rel, str) or layout.kind_of(rel) in (None, "journal"):
            raise bad
        plan.removes.append(rel)
    return plan


def replay(data_dir: Path, files: FileSource, entry: Doc) -> None:
    """Finish a commit from its journal entry. Idempotent: the entry holds final states."""
    plan = _checked_plan(entry, data_dir / layout.JOURNAL)
    for folder in _folders(data_dir, list(plan.writes)):
        ensure_dir(folder, str(folder.relative_to(data_dir)))
    for rel, change in plan.writes.items():
        data_file = files.file(rel)
        tables = _final(files, rel, change)
        key = data_file.current_key()
        item = prepare(data_dir / rel, encode(tables), rel, previous_mtime_ns=key[1] if key else 0)
        try:
            install(item)
        except StoreError:
            with suppress(StoreError):
                discard(item.tmp)
            raise
        data_file.adopt(tables, item.key)
    for folder in _folders(data_dir, list(plan.writes)):
        fsync_dir(folder, str(folder.relative_to(data_dir)))
    _remove(data_dir, plan.removes)
    for rel in plan.removes:
        files.file(rel).forget()
    discard(data_dir / layout.JOURNAL)
    files.file(layout.JOURNAL).forget()
