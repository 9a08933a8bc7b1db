"""A manifest of what the store last wrote: size, mtime and hash of every data file.

It lives in planner.json's ``integrity`` table and is written in the same commit as the files
it describes, so it is never out of step with them after a crash. A read compares a file's
``lstat`` with its entry (one stat, no read); only when size or mtime differ is the file
hashed, and only when the hash differs too has the file changed behind the store's back
(``truncate -s 50 touches/2026-03.json``, a sync tool, an editor).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

from planner.store import layout
from planner.store.schema import Doc, Tables

try:  # the module hashlib takes blake2b from, without hashlib's OpenSSL import (~2 ms)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

TABLE = "integrity"
# Files the manifest covers: what the store reads, not its bookkeeping (oplog, journal) nor
# planner.json itself (which holds the manifest and is parsed on every command anyway).
COVERED = (
    "prospects",
    "touches",
    "summary",
    "names",
    "companies",
    "checkins",
    "sales",
    "lost",
    "open",
    "composure",
    "plans",
)

Entry = tuple[int, int, str]  # size, mtime_ns, blake2b-128 hex digest of the bytes
State = Literal["ok", "missing", "changed", "unknown", "unsafe"]


def covered(rel: str) -> bool:
    return layout.kind_of(rel) in COVERED


def digest(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


def entry_of(data: bytes, mtime_ns: int) -> Entry:
    return (len(data), mtime_ns, digest(data))


def manifest_of(tables: Tables) -> dict[str, Entry] | None:
    """The manifest stored in planner.json's tables; None when there is none (older data dirs)
    or it is malformed (then every file is checked the slow way, by decoding it)."""
    doc: Any = tables.get(TABLE, {}).get("1")
    if not isinstance(doc, dict):
        return None
    files: Any = doc.get("files")
    if not isinstance(files, dict):
        return None
    found: dict[str, Entry] = {}
    for rel, value in files.items():
        if (
            not covered(rel)
            or not isinstance(value, list)
            or len(value) != 3
            or type(value[0]) is not int
            or type(value[1]) is not int
            or type(value[2]) is not str
        ):
            return None
        found[rel] = (value[0], value[1], value[2])
    return found


def manifest_doc(entries: Mapping[str, Entry]) -> Doc:
    return {"files": {rel: list(entries[rel]) for rel in sorted(entries)}}


def updated(
    base: Mapping[str, Entry] | None,
    written: Mapping[str, Entry],
    removed: Iterable[str],
) -> dict[str, Entry]:
    entries = dict(base or {})
    for rel in removed:
        entries.pop(rel, None)
    entries.update({rel: entry for rel, entry in written.items() if covered(rel)})
    return entries


def current_entry(path: str | Path) -> Entry | None:
    """The entry a file would get now (read and hashed), None when it is absent or not a file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        result = os.fstat(fd)
        if not stat.S_ISREG(result.st_mode):
            return None
        chunks: list[bytes] = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)
    return entry_of(b"".join(chunks), result.st_mtime_ns)


class Checker:
    """Compares files with the manifest; remembers, per process, the versions it hashed."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._root = f"{data_dir}{os.sep}"  # joined as text: a Path per file was half a check
        self._hashed: dict[str, tuple[int, int, int, str]] = {}  # rel -> ino, mtime, size, hash

    def state(self, manifest: Mapping[str, Entry], rel: str) -> State:
        entry = manifest.get(rel)
        path = self._root + rel
        try:
            result = os.lstat(path)
        except (FileNotFoundError, NotADirectoryError):
            return "unknown" if entry is None else "missing"
        except OSError:
            return "unsafe"
        if not stat.S_ISREG(result.st_mode):
            return "unsafe"
        if entry is None:
            return "unknown"
        size, mtime_ns, hashed = entry
        if result.st_size == size and result.st_mtime_ns == mtime_ns:
            return "ok"
        if result.st_size != size:
            return "changed"  # no need to hash: the bytes cannot be the same
        # Same size, another mtime: a restore or a replayed commit rewrote identical bytes.
        seen = self._hashed.get(rel)
        mine = (result.st_ino, result.st_mtime_ns, result.st_size)
        if seen is None or seen[:3] != mine:
            now = current_entry(path)
            if now is None:
                return "changed"
            seen = self._hashed[rel] = (*mine, now[2])
        return "ok" if seen[3] == hashed else "changed"

    def problems(self, manifest: Mapping[str, Entry], rels: Iterable[str]) -> dict[str, State]:
        found: dict[str, State] = {}
        for rel in rels:
            state = self.state(manifest, rel)
            if state not in ("ok", "unknown"):
                found[rel] = state
        return found
