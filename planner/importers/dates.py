"""Dates as exports write them: ISO, M/D/YYYY or D/M/YYYY, D.M.YYYY; one order per column."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

from planner.importers.csvfile import CsvError
from planner.validation import ValidationError

DateOrder = Literal["mdy", "dmy"]
DATE_ORDERS: tuple[DateOrder, ...] = ("mdy", "dmy")
FIRST_YEAR = 1900  # earlier years are typing slips, not contact dates

_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](.*))?")
_LOCAL = re.compile(r"(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?:,?[T ]+(.*))?")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([AaPp]\.?[Mm]\.?)?")
FORMATS_HINT = "use YYYY-MM-DD, M/D/YYYY, D/M/YYYY or D.M.YYYY"


@dataclass(frozen=True, slots=True)
class DateColumn:
    """How to read one column's local dates: the order for slashes, the order for dots."""

    column: str
    slash: DateOrder | None
    dot: DateOrder


@dataclass(frozen=True, slots=True)
class _Evidence:
    day_first: int | None  # line of a value whose first part can only be a day (> 12)
    month_first: int | None  # line of a value whose second part can only be a day
    ambiguous: int | None  # line of a value that reads both ways (3/4/2017)


def _evidence(cells: Iterable[tuple[int, str]], separator: str) -> _Evidence:
    day_first = month_first = ambiguous = None
    for line, text in cells:
        found = _LOCAL.fullmatch(text.strip())
        if found is None or found.group(2) != separator:
            continue
        first, second = int(found.group(1)), int(found.group(3))
        if first > 12 >= second:
            day_first = day_first or line
        elif second > 12 >= first:
            month_first = month_first or line
        elif first != second and first <= 12 and second <= 12:
            ambiguous = ambiguous or line
        if day_first and month_first:
            break
    return _Evidence(day_first, month_first, ambiguous)


def resolve_columns(
    columns: dict[str, list[tuple[int, str]]], name: str, forced: DateOrder | None
) -> dict[str, DateColumn]:
    """The order of every date column, from its own values, else from the file's others.

    A column that proves both orders is refused; slash dates that read both ways
    everywhere (3/4/2017) are refused unless ``forced`` says which; dotted dates are
    day-first unless the column proves otherwise (D.M.YYYY is the convention that uses dots).
    """
    found: dict[str, tuple[_Evidence, _Evidence]] = {}
    for column, cells in columns.items():
        slash, dot = _evidence(cells, "/"), _evidence(cells, ".")
        for evidence in (slash, dot):
            if forced is None and evidence.day_first and evidence.month_first:
                raise CsvError(
                    f"{name}: line {max(evidence.day_first, evidence.month_first)}: column "
                    f"{column!r} mixes day/month orders (line {evidence.day_first} is day "
                    f"first, line {evidence.month_first} month first)"
                )
        found[column] = (slash, dot)
    proven = {_order(slash) for slash, _dot in found.values()} - {None}
    if forced is None and len(proven) > 1:
        raise CsvError(
            f"{name}: line 1: date columns disagree on day/month order; "
            "pass --date-order dmy or --date-order mdy"
        )
    file_order = next(iter(proven)) if proven else None
    resolved: dict[str, DateColumn] = {}
    for column, (slash, dot) in found.items():
        slash_order = forced or _order(slash) or file_order
        if slash_order is None and slash.ambiguous:
            raise CsvError(
                f"{name}: line {slash.ambiguous}: dates in column {column!r} read both as "
                "month/day and as day/month and no date in the file settles it; pass "
                "--date-order mdy (month first) or --date-order dmy (day first)"
            )
        resolved[column] = DateColumn(column, slash_order, forced or _order(dot) or "dmy")
    return resolved


def _order(evidence: _Evidence) -> DateOrder | None:
    if evidence.day_first:
        return "dmy"
    if evidence.month_first:
        return "mdy"
    return None


def parse_date(text: str, column: DateColumn) -> tuple[date, str] | None:
    """(date, the time text after it) or None for an empty cell; ValidationError if unreadable."""
    raw = text.strip()
    if not raw:
        return None
    if len(raw) >= 10 and raw[4] == "-" and raw[7] == "-" and (len(raw) == 10 or raw[10] in "T "):
        try:  # the common ISO shape, without the regular expression
            quick = date.fromisoformat(raw[:10])
        except ValueError:
            pass
        else:
            if quick.year >= FIRST_YEAR:
                return quick, raw[11:].strip()
    iso = _ISO.fullmatch(raw)
    if iso is not None:
        year, month, day = int(iso.group(1)), int(iso.group(2)), int(iso.group(3))
        rest = iso.group(4) or ""
    else:
        local = _LOCAL.fullmatch(raw)
        if local is None:
            raise ValidationError(
                f"{column.column}: cannot read date {raw[:40]!r} ({FORMATS_HINT})"
            )
        first, second, year = int(local.group(1)), int(local.group(3)), int(local.group(4))
        order = column.slash if local.group(2) == "/" else column.dot
        month, day = (first, second) if order == "mdy" else (second, first)
        rest = local.group(5) or ""
    if year < FIRST_YEAR:
        raise ValidationError(f"{column.column}: {raw[:40]!r} is before {FIRST_YEAR}")
    try:
        return date(year, month, day), rest.strip()
    except ValueError:
        raise ValidationError(f"{column.column}: {raw[:40]!r} is not a calendar date") from None


def parse_clock(text: str, column: str) -> time | None:
    """A time of day after a date: 14:30, 14:30:05, 2:30 PM; None when there is none."""
    raw = text.strip()
    if not raw:
        return None
    found = _CLOCK.fullmatch(raw)
    if found is None:
        raise ValidationError(f"{column}: cannot read the time {raw[:30]!r}")
    hour, minute, second = int(found.group(1)), int(found.group(2)), int(found.group(3) or 0)
    meridiem = (found.group(4) or "").lower().replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValidationError(f"{column}: {raw[:30]!r} is not a time of day")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValidationError(f"{column}: {raw[:30]!r} is not a time of day")
    return time(hour, minute, second)


def iso_moment(text: str, column: DateColumn) -> str | None:
    """A local date (and time) rewritten as ISO text for the planner's own time parser."""
    parsed = parse_date(text, column)
    if parsed is None:
        return None
    day, rest = parsed
    if not rest:
        return day.isoformat()
    try:
        clock = parse_clock(rest, column.column)
    except ValidationError:
        if _ISO.fullmatch(text.strip()):
            return text.strip()  # an offset or fraction: the ISO parser reads those itself
        raise
    return datetime.combine(day, clock or time(12)).isoformat()
