"""The store's errors: each one's str() is a single line a seller can act on."""

from __future__ import annotations

from pathlib import Path

from planner.errors import PlannerError

RESTORE_HINT = "run `planner restore` to bring back the last backup"
REPAIR_HINT = "run `planner doctor --repair` to rebuild it from the touches and prospects"


def hint_for(rel: str) -> str:
    """What a seller can do about a damaged file: derived ones are rebuilt, others restored."""
    from planner.store.layout import is_derived

    return REPAIR_HINT if is_derived(rel) else RESTORE_HINT


class StoreError(PlannerError):
    """Anything the store refuses or cannot do; the message is one user-facing line."""


class CorruptFileError(StoreError):
    """A data file that does not parse, or holds a record that does not decode."""

    def __init__(
        self, message: str, *, path: Path, line: int | None = None, column: int | None = None
    ) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.column = column


class InvalidStoredRecordError(CorruptFileError):
    """A file that parses but holds a record that breaks the schema (``"amount": "NaN"``)."""

    def __init__(self, message: str, *, path: Path, record: str | None) -> None:
        super().__init__(message, path=path)
        self.record = record


class SchemaError(StoreError):
    """A file written by a newer planner, or one no migration can bring forward."""


class LockTimeoutError(StoreError):
    """Another process held the data dir's lock for longer than we wait."""


class UnsafePathError(StoreError):
    """A symbolic link (or other non-file) where the store expects its own regular file."""


class WriteError(StoreError):
    """The disk refused a write (full, read-only, I/O error)."""


class InvalidRecordError(StoreError, ValueError):
    """A record the store will not write (an amount with three decimals, a naive datetime...)."""
