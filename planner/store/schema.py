"""Schema versions: every file carries one; migrations run forward only; newer files are refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from planner.store.errors import SchemaError

Doc = dict[str, Any]
Tables = dict[str, dict[str, Doc]]
# (file's relative path, its tables at version n) -> its tables at version n + 1
Migration = Callable[[str, Tables], Tables]

SCHEMA_TABLE = "_schema"
SCHEMA_VERSION = 1
# from-version -> migration to from-version + 1. Version 1 is the first, so none exist yet;
# a change of format adds an entry here and raises SCHEMA_VERSION by one.
MIGRATIONS: dict[int, Migration] = {}


def version_of(tables: Tables) -> int | None:
    """The version a file declares, None when it declares none (then it is not ours)."""
    table = tables.get(SCHEMA_TABLE)
    doc = table.get("1") if isinstance(table, dict) else None
    version = doc.get("version") if isinstance(doc, dict) else None
    return version if type(version) is int and version >= 1 else None


def stamp(tables: Tables) -> Tables:
    """Mark tables as written at the current version (in place, and returned)."""
    tables[SCHEMA_TABLE] = {"1": {"version": SCHEMA_VERSION}}
    return tables


def upgrade(rel: str, tables: Tables, version: int) -> Tables:
    """Bring a file's tables forward to the current version; refuse one from the future."""
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"{rel} has schema {version}; this planner knows up to {SCHEMA_VERSION}: "
            "upgrade planner"
        )
    while version < SCHEMA_VERSION:
        migration = MIGRATIONS.get(version)
        if migration is None:
            raise SchemaError(f"{rel} has schema {version} and no migration leads on from it")
        tables = migration(rel, tables)
        version += 1
    return stamp(tables) if version_of(tables) != SCHEMA_VERSION else tables
