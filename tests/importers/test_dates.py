"""Dates as exports write them; the day/month order is settled per column or refused."""

from __future__ import annotations

from datetime import date, time

import pytest

from planner.importers.csvfile import CsvError
from planner.importers.dates import DateColumn, parse_clock, parse_date, resolve_columns
from planner.validation import ValidationError

US = DateColumn("Close Date", "mdy", "dmy")
EU = DateColumn("Datum", "dmy", "dmy")


def cells(*values: str) -> list[tuple[int, str]]:
    return [(line, value) for line, value in enumerate(values, start=2)]


@pytest.mark.parametrize(
    ("text", "column", "expected"),
    [
        ("2017-03-04", US, date(2017, 3, 4)),
        ("2017-03-04 14:22:11", US, date(2017, 3, 4)),
        ("2017-03-04T14:22:11Z", EU, date(2017, 3, 4)),
        ("2017/03/04", EU, date(2017, 3, 4)),
        ("3/4/2017", US, date(2017, 3, 4)),
        ("3/4/2017", EU, date(2017, 4, 3)),
        ("12/31/2017 2:15 PM", US, date(2017, 12, 31)),
        ("04.03.2017", US, date(2017, 3, 4)),  # dots are day-first whatever the slashes do
        ("4.3.2017 09:30", EU, date(2017, 3, 4)),
        ("  ", US, None),
    ],
)
def test_formats(text: str, column: DateColumn, expected: date | None) -> None:
    found = parse_date(text, column)
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize("text", ["31/31/2017", "2/30/2017", "3/4/17", "March 4", "1850-01-01"])
def test_unreadable_dates_name_the_column(text: str) -> None:
    with pytest.raises(ValidationError, match="Close Date"):
        parse_date(text, US)


def test_order_is_read_from_the_whole_column() -> None:
    day_first = resolve_columns({"d": cells("3/4/2017", "25/12/2017", "")}, "f.csv", None)
    month_first = resolve_columns({"d": cells("3/4/2017", "12/25/2017")}, "f.csv", None)
    assert day_first["d"].slash == "dmy" and month_first["d"].slash == "mdy"


def test_ambiguous_column_is_refused_clearly_unless_told() -> None:
    with pytest.raises(CsvError) as refused:
        resolve_columns({"Close Date": cells("2017-01-01", "3/4/2017")}, "f.csv", None)
    message = str(refused.value)
    assert message.startswith("f.csv: line 3: dates in column 'Close Date'")
    assert "--date-order dmy" in message and "--date-order mdy" in message
    told = resolve_columns({"Close Date": cells("3/4/2017")}, "f.csv", "dmy")
    assert told["Close Date"].slash == "dmy"


def test_a_column_with_both_orders_is_refused() -> None:
    with pytest.raises(CsvError, match="line 3: column 'd' mixes day/month orders"):
        resolve_columns({"d": cells("25/12/2017", "12/25/2017")}, "f.csv", None)


def test_an_ambiguous_column_borrows_the_order_of_the_files_other_dates() -> None:
    found = resolve_columns(
        {"Created": cells("3/4/2017", "14/4/2017"), "Closed": cells("5/6/2017")}, "f.csv", None
    )
    assert found["Closed"].slash == "dmy"


def test_same_day_and_month_or_iso_only_is_no_ambiguity() -> None:
    found = resolve_columns({"d": cells("4/4/2017", "2017-05-01", "")}, "f.csv", None)
    assert found["d"].slash is None and parse_date("4/4/2017", found["d"]) == (
        date(2017, 4, 4),
        "",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("14:30", time(14, 30)), ("2:05:09 pm", time(14, 5, 9)), ("12:00 AM", time(0, 0))],
)
def test_clock(text: str, expected: time) -> None:
    assert parse_clock(text, "at") == expected


@pytest.mark.parametrize("text", ["25:00", "13:00 PM", "noon"])
def test_bad_clock(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_clock(text, "at")
