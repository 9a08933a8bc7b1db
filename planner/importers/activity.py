"""The planner's activity CSV: at,prospect,outcome plus optional amount,source,note,company."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from planner.importers.csvfile import CsvError, read_csv
from planner.models import OUTCOMES, SOURCES, Outcome, Source
from planner.validation import (
    MAX_NOTE_LENGTH,
    ValidationError,
    clean_name,
    clean_text,
    parse_amount,
    parse_at,
)

REQUIRED = ("at", "prospect", "outcome")
OPTIONAL = ("amount", "source", "note", "company")
MAX_ERRORS_SHOWN = 5


@dataclass(frozen=True, slots=True)
class ActivityRow:
    line: int
    at: datetime
    prospect: str
    company: str
    outcome: Outcome
    amount: Decimal | None
    source: Source | None
    note: str


def read_activity(path: Path, *, timezone: str, today: date) -> tuple[list[ActivityRow], list[str]]:
    """Validated rows and warnings; a CsvError listing the first bad lines if any row is bad."""
    table = read_csv(path)
    columns = {h.strip().lower(): h for h in table.headers}
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise CsvError(
            f"{path.name}: line 1: missing column {missing[0]!r} "
            f"(an activity CSV needs {', '.join(REQUIRED)}; found {', '.join(table.headers)})"
        )
    rows: list[ActivityRow] = []
    errors: list[str] = []
    for record in table.rows:
        cell = {key: record.values.get(original, "") for key, original in columns.items()}
        try:
            rows.append(_row(record.line, cell, timezone=timezone, today=today))
        except ValidationError as error:
            errors.append(f"line {record.line}: {error}")
    if errors:
        more = (
            f" (and {len(errors) - MAX_ERRORS_SHOWN} more)"
            if len(errors) > MAX_ERRORS_SHOWN
            else ""
        )
        raise CsvError(
            f"{path.name}: nothing imported; {'; '.join(errors[:MAX_ERRORS_SHOWN])}{more}"
        )
    return rows, table.warnings


def _row(line: int, cell: dict[str, str], *, timezone: str, today: date) -> ActivityRow:
    outcome = cell["outcome"].strip().lower().replace("_", "-").replace(" ", "-")
    if outcome not in OUTCOMES:
        raise ValidationError(
            f"unknown outcome {cell['outcome'][:30]!r} (use {', '.join(OUTCOMES)})"
        )
    source_text = cell.get("source", "").strip().lower()
    if source_text and source_text not in SOURCES:
        raise ValidationError(f"unknown source {source_text[:20]!r} (use new or old)")
    amount_text = cell.get("amount", "").strip()
    amount = parse_amount(amount_text) if amount_text else None
    if amount is not None and outcome != "sale":
        raise ValidationError("only a sale carries an amount")
    return ActivityRow(
        line=line,
        at=parse_at(cell["at"], timezone=timezone, today=today, now=None),
        prospect=clean_name(cell["prospect"]),
        company=clean_text(cell.get("company", ""), limit=200, what="company"),
        outcome=outcome,
        amount=amount,
        source=source_text or None,
        note=clean_text(cell.get("note", ""), limit=MAX_NOTE_LENGTH, what="note", one_line=False),
    )
