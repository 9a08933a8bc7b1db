"""One data file = one TinyDB database, read and written through our own atomic, cached Storage."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar, cast

import orjson
from tinydb import Storage

from planner.store import schema
from planner.store.atomic import StatKey, file_key, read_bytes, write_atomic
from planner.store.errors import RESTORE_HINT, CorruptFileError, InvalidRecordError
from planner.store.schema import Doc, Tables

T = TypeVar("T")


def check_finite(values: Iterable[object], where: str) -> None:
    """Refuse NaN and infinities anywhere: orjson would silently write them as null."""
    stack = list(values)
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            stack.extend(cast(dict[str, object], item).values())
        elif kind is list:
            stack.extend(cast(list[object], item))
        elif kind is float and not math.isfinite(cast(float, item)):
            raise InvalidRecordError(f"{where}: {item} is not a finite number; nothing was written")


def encode(tables: Tables) -> bytes:
    """Serialise tables (stamped with the current schema) compactly; one line, newline-ended."""
    try:
        return orjson.dumps(schema.stamp(tables), option=orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError as error:
        # Lone surrogates (a name from sys.argv with surrogateescape) or a non-JSON value.
        reason = "holds text that is not valid UTF-8" if "UTF-8" in str(error) else str(error)
        raise InvalidRecordError(f"a record {reason}; nothing was written") from error


def parse(raw: bytes, rel: str, path: Path) -> Tables:
    """Bytes of a data file -> its tables at the current schema, or a one-line error."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        if not raw.strip():
            message = f"{rel} is empty"
        else:
            message = f"{rel} is not valid JSON at line {error.lineno}, column {error.colno}"
        raise CorruptFileError(
            f"{message}: {RESTORE_HINT}", path=path, line=error.lineno, column=error.colno
        ) from error
    if not isinstance(data, dict) or not all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
        for table in data.values()
    ):
        raise CorruptFileError(f"{rel} does not hold planner tables: {RESTORE_HINT}", path=path)
    tables = cast(Tables, data)
    version = schema.version_of(tables)
    if version is None:
        raise CorruptFileError(f"{rel} has no schema version: {RESTORE_HINT}", path=path)
    return schema.upgrade(rel, tables, version)


class DataFile(Storage):
    """A TinyDB storage for one file: parsed once per version, replaced atomically on write.

    ``load()`` hands out the cached tables themselves, so its callers must treat them as
    read-only; ``read()`` (what TinyDB calls, and TinyDB mutates what it reads) hands out a
    copy down to the documents. Writing through TinyDB (``TinyDB(dir, rel, storage=DataFile)``)
    is atomic but takes no lock and keeps no journal: the Store itself never writes that way.
    """

    def __init__(self, data_dir: Path, rel: str) -> None:
        self.rel = rel
        self.path = data_dir / rel
        self._key: StatKey | None = None
        self._tables: Tables | None = None
        self._views: dict[str, object] = {}
        self._views_key: StatKey | None = None
        # Told whether this file now holds parsed tables (the FileSet bounds how many do).
        self.on_tables: Callable[[str, bool], None] | None = None

    # -- the cache

    def current_key(self) -> StatKey | None:
        """One lstat: the key of what is on disk now (None when there is no file)."""
        return file_key(self.path, self.rel)

    @property
    def key(self) -> StatKey | None:
        """The key of the version ``load()`` last returned."""
        return self._key

    def load(self) -> Tables:
        """The file's tables (read-only!), re-parsed only when its stat key changed."""
        key = self.current_key()
        if key is None:
            self._set(None, None)
            return {}
        if key == self._key and self._tables is not None:
            return self._tables
        got = read_bytes(self.path, self.rel)
        if got is None:
            self._set(None, None)
            return {}
        raw, key = got
        # A failed parse leaves nothing cached, so a corrupt file is re-checked next time.
        self._set(None, None)
        self._set(key, parse(raw, self.rel, self.path))
        return cast(Tables, self._tables)

    def view(self, name: str, build: Callable[[Tables], T], *, rebuild: bool = False) -> T:
        """A decoded view of the current version (records, indexes), built once per version
        (``rebuild``: built again now, e.g. to hold more of the file)."""
        key = self.current_key()
        if key is None:
            return build({})
        if key != self._views_key or name not in self._views or rebuild:
            tables = self.load()
            if self._key != self._views_key:
                self._views = {}
                self._views_key = self._key
            self._views[name] = build(tables)
        return cast(T, self._views[name])

    def cached_view(self, name: str) -> object | None:
        """A view already built for the version on disk now, else None (nothing is parsed)."""
        if name in self._views and self._views_key == self.current_key() is not None:
            return self._views[name]
        return None

    def adopt(self, tables: Tables, key: StatKey) -> None:
        """Remember what we just wrote, so the writer does not parse its own file again."""
        self._set(key, tables)

    def drop_tables(self) -> None:
        """Free the parsed tables (the decoded views stay valid for their version)."""
        self._set(self._key, None)

    def forget(self) -> None:
        self._set(None, None)
        self._views = {}
        self._views_key = None

    def _set(self, key: StatKey | None, tables: Tables | None) -> None:
        self._key = key
        self._tables = tables
        if self.on_tables is not None:
            self.on_tables(self.rel, tables is not None)

    # -- writing

    def save(self, tables: Tables) -> None:
        """Write whole tables atomically (the folder must exist); the cache follows."""
        data = encode(tables)
        try:
            key = write_atomic(
                self.path, data, self.rel, previous_mtime_ns=self._key[1] if self._key else 0
            )
        except Exception:
            self.forget()
            raise
        self.adopt(tables, key)

    # -- the TinyDB Storage interface

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self.current_key() is None:
            return None
        return {
            name: {doc_id: dict(doc) for doc_id, doc in table.items()}
            for name, table in self.load().items()
        }

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.load()  # a file that does not parse is never overwritten: this raises first
        check_finite([data], self.rel)
        tables: Tables = {name: dict(table) for name, table in data.items()}
        self.save(tables)


def merged(base: Tables, changes: dict[str, dict[str, Doc | None]]) -> Tables:
    """A new tables dict: ``base`` with documents put (a dict) or deleted (None); base untouched."""
    tables: Tables = dict(base)
    for name, docs in changes.items():
        table = dict(tables.get(name, {}))
        for doc_id, doc in docs.items():
            if doc is None:
                table.pop(doc_id, None)
            else:
                table[doc_id] = doc
        tables[name] = table
    return tables


class FileSet:
    """One DataFile per file of a data dir, so parsed versions live as long as the Store.

    Parsed tables are the big part (a month of touches is a few MB as Python objects); only
    the ``keep`` files that most recently parsed or were asked for while holding tables keep
    them. Decoded views stay with every file. A file read only through a cached view (a year's
    summaries for `status`) does not count: it must not push out the month file and the
    prospect shard that the next write needs parsed.
    """

    # One logged touch writes about nine files (the records, the derived files, the oplog,
    # the manifest) and the next one reads another prospect's shard and its lost subset:
    # fewer kept, and each write parsed again what the one before had just written.
    def __init__(self, data_dir: Path, keep: int = 12) -> None:
        self.data_dir = data_dir
        self._files: dict[str, DataFile] = {}
        self._holding: dict[str, None] = {}  # insertion-ordered: least recently used first
        self._keep = keep

    def file(self, rel: str) -> DataFile:
        found = self._files.get(rel)
        if found is None:
            found = self._files[rel] = DataFile(self.data_dir, rel)
            found.on_tables = self._holds
        elif rel in self._holding:
            del self._holding[rel]
            self._holding[rel] = None
        return found

    def _holds(self, rel: str, holding: bool) -> None:
        self._holding.pop(rel, None)
        if not holding:
            return
        self._holding[rel] = None
        while len(self._holding) > self._keep:
            self._files[next(iter(self._holding))].drop_tables()  # which calls back here

    def forget_all(self) -> None:
        for found in self._files.values():
            found.forget()
