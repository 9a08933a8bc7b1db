"""What an import did (or would do), and the all-or-nothing rule for files with bad rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planner.importers.csvfile import CsvError, RowError
from planner.models import Prospect

ERRORS_SHOWN = 5


@dataclass(frozen=True, slots=True)
class ProspectImport:
    file: str
    label: str
    dry_run: bool
    new: tuple[Prospect, ...]
    updated: tuple[tuple[Prospect, Prospect], ...]
    unchanged: tuple[Prospect, ...]
    skipped: tuple[RowError, ...]
    repeats: int
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ActivityImport:
    file: str
    dry_run: bool
    added: int
    duplicates: int
    new_prospects: int
    skipped: tuple[RowError, ...]
    warnings: tuple[str, ...]


def enforce_all_or_nothing(
    file: str,
    errors: Sequence[RowError],
    good_rows: int,
    *,
    skip_bad_rows: bool,
    left_out: Sequence[RowError] = (),
) -> None:
    """Refuse a file with bad rows (unless told to skip them) or with no good row at all."""
    if not errors:
        if good_rows == 0:
            first = f"{left_out[0].line}: nothing to import, every row is {left_out[0].message}"
            raise CsvError(f"{file}: line {first if left_out else '2: nothing to import'}")
        return
    shown = "; ".join(str(error) for error in errors[:ERRORS_SHOWN])
    more = len(errors) - ERRORS_SHOWN
    shown += f" (and {more:,} more)" if more > 0 else ""
    if good_rows == 0:
        raise CsvError(f"{file}: nothing imported, no row is usable: {shown}")
    if not skip_bad_rows:
        rows = "row" if good_rows == 1 else "rows"
        raise CsvError(
            f"{file}: nothing imported: {shown}; fix the file or pass --skip-bad-rows "
            f"to import the {good_rows:,} good {rows}"
        )
