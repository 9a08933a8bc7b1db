"""Which column feeds which role: a format's own headers, then the seller's `--map` on top."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from planner.importers.csvfile import CsvError, CsvTable
from planner.importers.dates import DateColumn, DateOrder, parse_date, resolve_columns
from planner.importers.values import parse_money
from planner.importers.vocabulary import words
from planner.validation import ValidationError

IGNORE = "ignore"
MAPPED = "="  # the role of a --map'ed field is "=" + field: it never collides with a format's
MAX_HEADERS_SHOWN = 15
# Several columns may feed these fields: names, notes and a date with a time are joined;
# of several last-contact dates the latest wins.
MULTI_COLUMN = frozenset({"name", "last_contact", "at", "note"})


def parse_maps(items: Iterable[str], fields: Sequence[str]) -> list[tuple[str, str]]:
    """`COLUMN=FIELD` pairs; the last '=' splits, so a column name may hold one."""
    pairs: list[tuple[str, str]] = []
    for item in items:
        column, equals, field = item.rpartition("=")
        key = field.strip().casefold().replace("-", "_").replace(" ", "_")
        if not equals or not column.strip():
            raise ValidationError(f"--map {item!r}: write COLUMN=FIELD, e.g. --map account=company")
        if key not in fields and key != IGNORE:
            raise ValidationError(
                f"--map {item!r}: unknown field {field.strip()!r} "
                f"(fields: {', '.join(fields)}, or {IGNORE})"
            )
        pairs.append((column.strip(), key))
    counted = [field for _, field in pairs if field != IGNORE]
    for field in counted:
        if counted.count(field) > 1 and field not in MULTI_COLUMN:
            raise ValidationError(f"--map: two columns feed {field}; only one may")
    return pairs


def show_headers(headers: Sequence[str]) -> str:
    shown = ", ".join(repr(h) for h in headers[:MAX_HEADERS_SHOWN] if h)
    more = len(headers) - MAX_HEADERS_SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def find_column(headers: Sequence[str], column: str) -> int | None:
    """The header as typed, else ignoring case, spaces, '-' and '_'."""
    if column in headers:
        return headers.index(column)
    wanted = words(column)
    for index, header in enumerate(headers):
        if words(header) == wanted:
            return index
    return None


@dataclass(slots=True)
class Binding:
    """Column indexes by role, and how to read the date columns among them."""

    roles: dict[str, tuple[int, ...]]
    dates: dict[int, DateColumn]
    decimal_comma: bool

    def mapped(self) -> list[str]:
        return [role[len(MAPPED) :] for role in self.roles if role.startswith(MAPPED)]

    def has(self, role: str) -> bool:
        return role in self.roles


def bind(
    table: CsvTable,
    roles: Mapping[str, tuple[str, ...]],
    date_roles: Iterable[str],
    maps: Sequence[tuple[str, str]],
    date_order: DateOrder | None,
) -> Binding:
    """Find each role's column, apply the maps, and settle the order of the date columns."""
    headers = table.headers
    normal = [words(h) for h in headers]
    bound: dict[str, tuple[int, ...]] = {}
    for role, candidates in roles.items():
        for candidate in candidates:
            if candidate in normal:
                index = normal.index(candidate)
                if normal.count(candidate) > 1:
                    raise CsvError(
                        f"{table.name}: line 1: column {headers[index]!r} appears twice; "
                        "rename one or pick one with --map"
                    )
                bound[role] = (index,)
                break
    for column, field in maps:
        found = find_column(headers, column)
        if found is None:
            raise CsvError(
                f"{table.name}: line 1: --map {column}={field}: no column {column!r} "
                f"(columns: {show_headers(headers)})"
            )
        index = found
        # A column the seller mapped (or ignored) no longer feeds the format's own role.
        bound = {role: kept for role, cols in bound.items() if (kept := _without(cols, index))}
        if field != IGNORE:
            bound[MAPPED + field] = (*bound.get(MAPPED + field, ()), index)
    wanted = set(date_roles)
    date_indexes = sorted({i for role, cols in bound.items() if role in wanted for i in cols})
    cells = {headers[i]: [(line, row[i]) for line, row in table.rows] for i in date_indexes}
    resolved = resolve_columns(cells, table.name, date_order)
    return Binding(
        roles=bound,
        dates={i: resolved[headers[i]] for i in date_indexes},
        decimal_comma=table.delimiter == ";",
    )


def _without(columns: tuple[int, ...], index: int) -> tuple[int, ...]:
    return tuple(column for column in columns if column != index)


class RowView:
    """One record seen through a binding: text, dates and money by role.

    One instance is reused for every row (``load`` swaps the cells) so that reading
    100,000 rows allocates no view per row.
    """

    __slots__ = ("_binding", "_cells", "_single", "_unknown", "line")

    def __init__(self, binding: Binding) -> None:
        self._binding = binding
        self._cells: list[str] = []
        # Roles fed by one column, looked up once: text() runs several times per row.
        self._single = {role: cols[0] for role, cols in binding.roles.items() if len(cols) == 1}
        self._unknown: dict[tuple[str, str], int] = {}
        self.line = 0

    def load(self, line: int, cells: list[str]) -> None:
        self.line, self._cells = line, cells

    def text(self, role: str) -> str:
        index = self._single.get(role)
        if index is not None:
            return self._cells[index].strip()
        columns = self._binding.roles.get(role, ())
        return " ".join(part for i in columns if (part := self._cells[i].strip()))

    def date(self, role: str) -> date | None:
        found: date | None = None
        for index in self._binding.roles.get(role, ()):
            parsed = parse_date(self._cells[index], self._binding.dates[index])
            if parsed is not None and (found is None or parsed[0] > found):
                found = parsed[0]
        return found

    def moment(self, role: str) -> tuple[str, DateColumn] | None:
        """The text of a date-time role (a date column and a time column are joined) and
        how to read its date."""
        columns = self._binding.roles.get(role, ())
        parts = [part for i in columns if (part := self._cells[i].strip())]
        if not parts:
            return None
        return " ".join(parts), self._binding.dates[columns[0]]

    def money(self, role: str, what: str = "value") -> Decimal | None:
        columns = self._binding.roles.get(role)
        if not columns:
            return None
        cell = self._cells[columns[0]]
        return parse_money(cell, decimal_comma=self._binding.decimal_comma, what=what)

    def unknown(self, role: str, value: str) -> None:
        key = (role, value.strip()[:40])
        self._unknown[key] = self._unknown.get(key, 0) + 1

    def unknown_values(self) -> dict[tuple[str, str], int]:
        return dict(self._unknown)
