"""Backups: one before the first write of each day, on demand, and before a restore; keep 14."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from planner.store import integrity, layout
from planner.store.atomic import (
    FILE_MODE,
    discard,
    ensure_dir,
    fsync_dir,
    install,
    key_of,
    prepare,
    read_bytes,
    write_atomic,
)
from planner.store.errors import CorruptFileError, StoreError, UnsafePathError, WriteError
from planner.store.files import DataFile, FileSet, encode, parse
from planner.store.schema import Doc

KEEP = 14
MANIFEST = "backup.json"
MANIFEST_TABLE = "backup"
WARNING = (
    layout.BACKUP_WARNING
)  # in backups/: one line for the next command when a backup found damage

Trusted = Callable[[str], bool]


def _utcnow() -> datetime:
    """The real clock (tests move it): backups are named by the UTC day."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class BackupInfo:
    name: str
    taken: datetime
    seq: int  # orders backups taken within one clock tick
    reason: str
    files: dict[str, Doc]  # rel -> {"size": bytes, "source": [ino, mtime_ns, size]}

    @property
    def size(self) -> int:
        return sum(int(entry.get("size", 0)) for entry in self.files.values())


def backups_dir(data_dir: Path) -> Path:
    return data_dir / layout.BACKUPS_DIR


def _read_manifest(folder: Path) -> BackupInfo | None:
    try:
        tables = DataFile(folder, MANIFEST).load()
    except StoreError:
        return None
    doc: Any = tables.get(MANIFEST_TABLE, {}).get("1")
    try:
        files = doc["files"]
        if not isinstance(files, dict) or not all(
            layout.kind_of(rel) not in (None, "oplog") and isinstance(v, dict)
            for rel, v in files.items()
        ):
            return None
        taken = datetime.fromisoformat(doc["taken"])
        seq = doc.get("seq", 0)
        return BackupInfo(
            folder.name, taken, seq if type(seq) is int else 0, str(doc.get("reason", "")), files
        )
    except (KeyError, TypeError, ValueError):
        return None


def list_backups(data_dir: Path) -> list[BackupInfo]:
    """Complete backups, newest first (a folder without its manifest was never finished)."""
    try:
        with os.scandir(backups_dir(data_dir)) as entries:
            folders = [
                Path(e.path)
                for e in entries
                if not e.name.startswith(".") and e.is_dir(follow_symlinks=False)
            ]
    except FileNotFoundError:
        return []
    found = [info for folder in folders if (info := _read_manifest(folder)) is not None]
    found.sort(key=lambda info: (info.taken, info.seq), reverse=True)
    return found


def _copy(source: Path, target: Path, display: str) -> None:
    flags_in = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    flags_out = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd_in = os.open(source, flags_in)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnsafePathError(
                f"{display} is a symbolic link; refusing to back it up"
            ) from error
        raise WriteError(f"could not back up {display}: {error.strerror}") from error
    try:
        if not stat.S_ISREG(os.fstat(fd_in).st_mode):
            raise UnsafePathError(f"{display} is not a regular file; refusing to back it up")
        fd_out = os.open(target, flags_out, FILE_MODE)
        try:
            os.fchmod(fd_out, FILE_MODE)
            while chunk := os.read(fd_in, 1 << 20):
                view = memoryview(chunk)
                while view:
                    view = view[os.write(fd_out, view) :]
            os.fsync(fd_out)
        finally:
            os.close(fd_out)
    except OSError as error:
        raise WriteError(f"could not back up {display}: {error.strerror}") from error
    finally:
        os.close(fd_in)


# A backup never shares an inode with the live data: a file is copied the first time, and later
# backups hard-link the previous backup's copy while the live file is unchanged (same inode,
# mtime and size; our writes always change all three). So a live file damaged in place (a
# truncating tool, an editor writing in place) cannot damage any backup, and a day's backup
# costs only the files that changed since the last one.
def _link_or_copy(
    data_dir: Path, rel: str, staging: Path, previous: BackupInfo | None, trusted: Trusted
) -> dict[str, Any]:
    """Copy one file into the backup and say whether the copy is good (parses and decodes)."""
    entry = _link_or_copy_raw(data_dir, rel, staging, previous)
    if entry.pop("linked", False):
        entry["good"] = previous is not None and previous.files[rel].get("good", True) is True
        if entry["good"] is False:
            entry["problem"] = previous.files[rel].get("problem") if previous else None
        return entry
    problem = None if rel == layout.JOURNAL or trusted(rel) else _problem(staging, rel)
    entry["good"] = problem is None
    if problem is not None:
        entry["problem"] = problem
    return entry


def _problem(folder: Path, rel: str) -> str | None:
    """Why the copy in ``folder`` is damaged, None when every record of it decodes."""
    from planner.store import views  # the decoders: only when a changed file is copied

    try:
        views.validate(DataFile(folder, rel))
    except StoreError as error:
        return str(error)
    return None


def _link_or_copy_raw(
    data_dir: Path, rel: str, staging: Path, previous: BackupInfo | None
) -> dict[str, Any]:
    source = data_dir / rel
    try:
        result = os.lstat(source)
    except OSError as error:
        raise WriteError(f"could not back up {rel}: {error.strerror}") from error
    if not stat.S_ISREG(result.st_mode):
        raise UnsafePathError(f"{rel} is not a regular file (a symbolic link?); refusing it")
    key = list(key_of(result))
    target = staging / rel
    if previous is not None and previous.files.get(rel, {}).get("source") == key:
        earlier = backups_dir(data_dir) / previous.name / rel
        try:
            os.link(earlier, target, follow_symlinks=False)
            return {"size": result.st_size, "source": key, "linked": True}
        except OSError:
            pass  # another filesystem, or no hard links here: a copy does the same job
    _copy(source, target, rel)
    return {"size": result.st_size, "source": key}


def _clear_folder(folder: Path) -> None:
    import shutil  # imported when needed: every commit imports this module, few remove folders

    try:
        result = os.lstat(folder)
        if stat.S_ISDIR(result.st_mode):
            shutil.rmtree(folder)
        else:
            folder.unlink()  # a link or file where a folder should be: never follow it
    except FileNotFoundError:
        return
    except OSError as error:
        raise WriteError(f"could not clear {folder.name}: {error.strerror}") from error


def take(data_dir: Path, name: str, reason: str, trusted: Trusted | None = None) -> str:
    """Snapshot every data file into backups/<name>/ (call under the lock).

    Each copy is checked (a file the store can vouch for by its manifest is not decoded
    again): a damaged copy is marked so, rotation keeps an older good one, and a one-line
    warning waits in backups/.warning for the next command."""
    root = backups_dir(data_dir)
    ensure_dir(root, layout.BACKUPS_DIR)
    if os.path.lexists(root / name):
        raise StoreError(f"a backup named {name} already exists")
    rels = layout.data_files(data_dir)
    if os.path.lexists(data_dir / layout.JOURNAL):
        rels.append(layout.JOURNAL)
    backups = list_backups(data_dir)
    previous = backups[0] if backups else None
    staging = root / f".{name}.partial"
    try:
        _clear_folder(staging)
        ensure_dir(staging, f"{layout.BACKUPS_DIR}/{staging.name}")
        for sub in layout.DATA_FOLDERS:
            ensure_dir(staging / sub, sub)
        check = trusted or (lambda _rel: False)
        files = {rel: _link_or_copy(data_dir, rel, staging, previous, check) for rel in rels}
        manifest = {
            "taken": _utcnow().isoformat(),
            "seq": max((info.seq for info in backups), default=0) + 1,
            "reason": reason,
            "files": files,
        }
        write_atomic(staging / MANIFEST, encode({MANIFEST_TABLE: {"1": manifest}}), MANIFEST)
        for sub in layout.DATA_FOLDERS:
            fsync_dir(staging / sub, sub)
        try:
            staging.rename(root / name)
        except OSError as error:
            raise WriteError(f"could not take backup {name}: {error.strerror}") from error
        fsync_dir(root, layout.BACKUPS_DIR)
    except StoreError:
        with suppress(StoreError):
            _clear_folder(staging)
        raise
    if reason != "restore":  # the state before a restore is expected to be damaged
        _set_warning(data_dir, name, files)
    return name


def _set_warning(data_dir: Path, name: str, files: dict[str, Any]) -> None:
    # A damaged derived file is rebuilt from the sources: only primary data needs a good copy.
    bad = sorted(
        rel
        for rel, entry in files.items()
        if entry.get("good") is False and not layout.is_derived(rel)
    )
    path = backups_dir(data_dir) / WARNING
    with suppress(StoreError):
        if not bad:
            discard(path)
            return
        good = last_good(data_dir, bad[0])
        kept = f"the last good copy is in backup {good}" if good else "no backup holds a good copy"
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        line = f"backup {name}: {bad[0]}{more} is damaged; {kept}: `planner restore {good or ''}`"
        if not good:
            line = f"backup {name}: {bad[0]}{more} is damaged and {kept}"
        write_atomic(path, line.encode() + b"\n", f"{layout.BACKUPS_DIR}/{WARNING}")


def clear_warning(data_dir: Path) -> None:
    with suppress(StoreError):
        discard(backups_dir(data_dir) / WARNING)


def warning(data_dir: Path) -> str | None:
    """The one-line warning of the last backup that found a damaged file, None when none."""
    got = None
    with suppress(StoreError):
        got = read_bytes(backups_dir(data_dir) / WARNING, f"{layout.BACKUPS_DIR}/{WARNING}")
    if not got:
        return None
    line = got[0].decode("utf-8", "replace").strip().splitlines()
    return line[0] if line else None


def last_good(data_dir: Path, rel: str) -> str | None:
    """The newest backup holding a good copy of ``rel``."""
    for info in list_backups(data_dir):
        entry = info.files.get(rel)
        if entry is not None and entry.get("good", True) is True:
            return info.name
    return None


def rotate(data_dir: Path, keep: int = KEEP) -> None:
    """Keep the newest ``keep`` backups; also sweep folders of backups that never finished."""
    import shutil

    root = backups_dir(data_dir)
    found = list_backups(data_dir)
    kept = found[:keep]
    for info in found[keep:]:
        if _holds_last_good_copy(info, kept):
            kept.append(info)  # the last good copy of a file is never rotated out
        else:
            shutil.rmtree(root / info.name, ignore_errors=True)
    try:
        with os.scandir(root) as entries:
            stale = [Path(e.path) for e in entries if e.name.endswith(".partial")]
    except FileNotFoundError:
        return
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)


def _holds_last_good_copy(info: BackupInfo, kept: list[BackupInfo]) -> bool:
    """Whether ``info`` has a good copy of a file that every kept backup has damaged."""
    for rel, entry in info.files.items():
        if rel == layout.JOURNAL or layout.is_derived(rel) or entry.get("good", True) is not True:
            continue
        holders = [k.files[rel] for k in kept if rel in k.files]
        if holders and all(h.get("good", True) is not True for h in holders):
            return True
    return False


def unique_name(data_dir: Path, prefix: str = "") -> str:
    stamp = prefix + _utcnow().strftime("%Y-%m-%dT%H%M%S")
    name, number = stamp, 1
    while os.path.lexists(backups_dir(data_dir) / name):
        number += 1
        name = f"{stamp}-{number}"
    return name


def ensure_daily(data_dir: Path, trusted: Trusted | None = None) -> str | None:
    """Before the first write of a (UTC) day: back up what is there, if anything is."""
    name = _utcnow().date().isoformat()
    if os.path.lexists(backups_dir(data_dir) / name) or not layout.data_files(data_dir):
        return None
    take(data_dir, name, "daily", trusted)
    rotate(data_dir)
    return name


# ---------------------------------------------------------------------- restore


def find(data_dir: Path, name: str) -> BackupInfo:
    if "/" in name or name.startswith(".") or not name:
        raise StoreError(f"no backup named {name!r}; `planner restore` lists them")
    info = _read_manifest(backups_dir(data_dir) / name)
    if info is None:
        raise StoreError(f"no backup named {name!r}; `planner restore` lists them")
    return info


def verify(data_dir: Path, info: BackupInfo) -> None:
    """Every file of a backup must parse, and every record decode, before we restore it."""
    folder = backups_dir(data_dir) / info.name
    for rel in info.files:
        if rel == layout.JOURNAL:
            continue
        try:
            from planner.store import views  # the decoders: restore is rare

            views.validate(DataFile(folder, rel))
        except CorruptFileError as error:
            raise CorruptFileError(
                f"backup {info.name} is damaged: {error}", path=error.path
            ) from error


def restore_entry(info: BackupInfo, counters: dict[str, int]) -> Doc:
    return {"kind": "restore", "backup": info.name, "counters": counters}


def replay_restore(data_dir: Path, files: FileSet, entry: Doc) -> None:
    """Copy a backup's files over the live ones (idempotent; the journal entry names it)."""
    name = entry.get("backup")
    counters = entry.get("counters")
    if not isinstance(name, str) or not isinstance(counters, dict):
        raise CorruptFileError(f"{layout.JOURNAL} is malformed", path=data_dir / layout.JOURNAL)
    info = find(data_dir, name)
    folder = backups_dir(data_dir) / name
    wanted = [rel for rel in info.files if rel != layout.JOURNAL]
    for sub in layout.DATA_FOLDERS:
        ensure_dir(data_dir / sub, sub)
    if layout.PLANNER not in wanted:
        wanted.append(layout.PLANNER)
    entries: dict[str, integrity.Entry] = {}
    for rel in wanted:
        got = read_bytes(folder / rel, f"{layout.BACKUPS_DIR}/{name}/{rel}")
        data = got[0] if got else b""
        if rel == layout.PLANNER:
            # Ids and the generation only move forward, so nothing cached elsewhere is reused.
            tables = parse(data, rel, folder / rel) if data else {}
            tables["counters"] = {"1": dict(counters)}
            data = encode(tables)
        live = files.file(rel)
        current = live.current_key()
        prepared = prepare(live.path, data, rel, previous_mtime_ns=current[1] if current else 0)
        try:
            install(prepared)
        except StoreError:
            discard(prepared.tmp)
            raise
        if integrity.covered(rel):
            entries[rel] = integrity.entry_of(data, prepared.key[1])
    # The restored files are what the store wrote now: the manifest describes exactly them.
    write_atomic(
        data_dir / layout.MANIFEST,
        encode({integrity.TABLE: {"1": integrity.manifest_doc(entries)}}),
        layout.MANIFEST,
    )
    for rel in layout.data_files(data_dir):
        if rel not in wanted:
            discard(data_dir / rel)
    for rel in layout.op_files(data_dir):
        discard(data_dir / rel)  # undo history does not reach across a restore
    for sub in (*layout.DATA_FOLDERS, layout.OPLOG_DIR):
        fsync_dir(data_dir / sub, sub)
    discard(data_dir / layout.JOURNAL)
    fsync_dir(data_dir, ".")
    files.forget_all()
