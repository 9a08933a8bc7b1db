"""The operation log behind undo: one file per commit with the before-image of what it changed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from planner.store import layout
from planner.store.errors import RESTORE_HINT, CorruptFileError, StoreError
from planner.store.files import DataFile
from planner.store.schema import Doc

OP_TABLE = "op"
KEEP = 200
# A change that cannot be undone records which records it touched, so that undo can tell
# whether an older change is still safe to revert; past this many it just says "everything".
BARRIER_KEY_LIMIT = 1000

Images = dict[str, dict[str, dict[str, Doc | None]]]  # file -> table -> key -> old doc or None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def undoable_entry(description: str, images: Images) -> Doc:
    return {"description": description, "at": _now(), "undoable": True, "images": images}


def barrier_entry(description: str, images: Images | None) -> Doc:
    """A change that cannot be undone: it remembers only the keys it touched."""
    keys: dict[str, dict[str, list[str]]] | None = None
    if images is not None and sum(len(d) for t in images.values() for d in t.values()) <= (
        BARRIER_KEY_LIMIT
    ):
        keys = {rel: {t: sorted(d) for t, d in tables.items()} for rel, tables in images.items()}
    return {"description": description, "at": _now(), "undoable": False, "keys": keys}


def load(op: DataFile) -> Doc:
    entry: Any = op.load().get(OP_TABLE, {}).get("1")
    if (
        not isinstance(entry, dict)
        or type(entry.get("description")) is not str
        or type(entry.get("undoable")) is not bool
        or (entry["undoable"] and not _valid_images(entry.get("images")))
    ):
        raise CorruptFileError(
            f"{op.rel} is not an operation log entry: {RESTORE_HINT}", path=op.path
        )
    return entry


def _valid_images(images: Any) -> bool:
    if not isinstance(images, dict):
        return False
    for rel, tables in images.items():
        kind = layout.kind_of(rel)
        if kind not in layout.PRIMARY_TABLES or not isinstance(tables, dict):
            return False
        for table, docs in tables.items():
            if table not in layout.PRIMARY_TABLES[kind] or not isinstance(docs, dict):
                return False
            if not all(doc is None or isinstance(doc, dict) for doc in docs.values()):
                return False
    return True


def _touched(entry: Doc) -> set[tuple[str, str, str]]:
    images: Images = entry["images"]
    return {(rel, t, key) for rel, tables in images.items() for t, d in tables.items() for key in d}


def _overlaps(barrier: Doc, touched: set[tuple[str, str, str]]) -> bool:
    keys: Any = barrier.get("keys")
    if not isinstance(keys, dict):
        return True
    return any(
        (rel, table, key) in touched
        for rel, tables in keys.items()
        for table, names in tables.items()
        for key in names
    )


def newest_undoable(data_dir: Path, file: Any) -> tuple[str, Doc] | None:
    """The newest entry undo may revert, with its file; raises when a later change forbids it."""
    barriers: list[Doc] = []
    for rel in reversed(layout.op_files(data_dir)):
        entry = load(file(rel))
        if not entry["undoable"]:
            barriers.append(entry)
            continue
        touched = _touched(entry)
        for barrier in barriers:
            if _overlaps(barrier, touched):
                raise StoreError(
                    f"cannot undo “{entry['description']}”: a later change that cannot be "
                    f"undone (“{barrier['description']}”) touched the same records"
                )
        return rel, entry
    return None


def newest_description(data_dir: Path, file: Any) -> str | None:
    for rel in reversed(layout.op_files(data_dir)):
        entry = load(file(rel))
        if entry["undoable"]:
            return str(entry["description"])
    return None


def pruned(seq: int) -> list[str]:
    """The entry that falls out of the last KEEP when entry ``seq`` is written.

    Sequence numbers only grow, so this needs no listing of the folder on every commit;
    entries undone meanwhile leave gaps, and removing a missing entry is a no-op.
    """
    return [layout.op_file(seq - KEEP)] if seq > KEEP else []
