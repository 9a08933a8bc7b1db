"""The planner's activity CSV: at,prospect,outcome plus optional amount,source,note,company."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from planner.importers.csvfile import CsvError, RowError, read_csv
from planner.importers.dates import DateOrder
from planner.importers.mapping import MAPPED, Binding, RowView, bind, parse_maps, show_headers
from planner.importers.moments import MomentReader
from planner.importers.progress import Progress, ticker
from planner.importers.values import clean_cell
from planner.models import OUTCOMES, SOURCES, Outcome, Source
from planner.validation import MAX_NAME_LENGTH, MAX_NOTE_LENGTH, ValidationError

REQUIRED = ("at", "prospect", "outcome")
OPTIONAL = ("amount", "source", "note", "company")
FIELDS = REQUIRED + OPTIONAL
_OUTCOMES: dict[str, Outcome] = {outcome: outcome for outcome in OUTCOMES}
_SOURCES: dict[str, Source] = {source: source for source in SOURCES}


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


@dataclass(slots=True)
class ActivityRows:
    file: str
    rows: list[ActivityRow]
    errors: list[RowError]
    warnings: list[str]


def read_activity(
    path: Path,
    *,
    timezone: str,
    today: date,
    maps: Sequence[str] = (),
    date_order: DateOrder | None = None,
    progress: Progress | None = None,
) -> ActivityRows:
    """Checked rows and the bad ones by line; a CsvError when the file is unusable."""
    table = read_csv(path)
    pairs = parse_maps(maps, FIELDS)
    roles = {field: (field,) for field in FIELDS}
    binding = bind(table, roles, {"at", MAPPED + "at"}, pairs, date_order)
    role = {f: MAPPED + f if binding.has(MAPPED + f) else f for f in FIELDS}
    missing = [f for f in REQUIRED if not binding.has(role[f])]
    if missing:
        raise CsvError(
            f"{table.name}: line 1: no column {missing[0]!r}: an activity CSV needs "
            f"{', '.join(REQUIRED)} (headers: {show_headers(table.headers)}); "
            f"pass --map COLUMN={missing[0]}"
        )
    view = RowView(binding)
    reader = _Reader(view, binding, role, MomentReader(timezone, today))
    rows: list[ActivityRow] = []
    errors = list(table.errors)
    tick = ticker(progress, len(table.rows), "Reading")
    for line, cells in table.rows:
        tick()
        view.load(line, cells)
        try:
            rows.append(reader.row(line, cells))
        except ValidationError as error:
            errors.append(RowError(line, str(error)))
    errors.sort(key=lambda error: error.line)
    return ActivityRows(table.name, rows, errors, list(table.warnings))


class _Reader:
    """Checks one row at a time; single columns are read by index (the hot path)."""

    def __init__(
        self, view: RowView, binding: Binding, role: dict[str, str], moments: MomentReader
    ) -> None:
        self.view, self.role, self.moments = view, role, moments
        self.cells: list[str] = []
        # The column of each field fed by one column; None when absent or fed by several.
        self.index: dict[str, int | None] = {
            field: columns[0] if len(columns := binding.roles.get(name, ())) == 1 else None
            for field, name in role.items()
        }

    def text(self, field: str) -> str:
        index = self.index[field]
        if index is not None:
            return self.cells[index].strip()
        return self.view.text(self.role[field])

    def row(self, line: int, cells: list[str]) -> ActivityRow:
        self.cells = cells
        text = self.text
        raw_outcome = text("outcome")
        outcome = _OUTCOMES.get(raw_outcome.lower().replace("_", "-").replace(" ", "-"))
        if outcome is None:
            raise ValidationError(
                f"unknown outcome {raw_outcome[:30]!r} (use {', '.join(OUTCOMES)})"
            )
        source_text = text("source").lower()
        source = _SOURCES.get(source_text)
        if source_text and source is None:
            raise ValidationError(f"unknown source {source_text[:20]!r} (use new or old)")
        amount = self.view.money(self.role["amount"], "amount") if text("amount") else None
        if amount is not None and outcome != "sale":
            raise ValidationError("only a sale carries an amount")
        prospect = clean_cell(text("prospect"), MAX_NAME_LENGTH, "name")
        if not prospect:
            raise ValidationError("a prospect needs a name")
        found = self.view.moment(self.role["at"])
        if found is None:
            raise ValidationError("the time (at) is empty")
        return ActivityRow(
            line,
            self.moments.read(*found),
            prospect,
            clean_cell(text("company"), 200, "company"),
            outcome,
            amount,
            source,
            clean_cell(text("note"), MAX_NOTE_LENGTH, "note", one_line=False),
        )
