"""Working days, periods and ISO weeks as a seller's calendar needs them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.calendar import (
    CalendarError,
    WorkCalendar,
    check_timezone,
    format_workdays,
    iso_week_label,
    local_today,
    parse_iso_week,
    parse_period,
    parse_workdays,
    public_holidays,
    week_bounds,
    weeks_in_year,
)

MON_FRI = WorkCalendar()


def test_2026_has_261_weekdays_and_129_before_july() -> None:
    assert MON_FRI.count(date(2026, 1, 1), date(2026, 12, 31)) == 261
    assert MON_FRI.count(date(2026, 1, 1), date(2026, 6, 30)) == 129


def test_us_holidays_remove_the_weekday_ones() -> None:
    us = public_holidays("US", None, [2026])
    assert date(2026, 7, 3) in us  # Independence Day observed on the Friday
    cal = WorkCalendar(holidays=us)
    weekday_holidays = sum(1 for d in us if d.weekday() < 5 and d.year == 2026)
    assert cal.count(date(2026, 1, 1), date(2026, 12, 31)) == 261 - weekday_holidays
    assert not cal.is_working_day(date(2026, 1, 1))


def test_a_subdivision_adds_its_own_holidays() -> None:
    germany = public_holidays("DE", None, [2026])
    bavaria = public_holidays("DE", "BY", [2026])
    assert date(2026, 1, 6) in bavaria - germany  # Epiphany is Bavarian, not federal
    assert WorkCalendar(holidays=bavaria).count(date(2026, 1, 1), date(2026, 12, 31)) < (
        WorkCalendar(holidays=germany).count(date(2026, 1, 1), date(2026, 12, 31))
    )


def test_unknown_country_and_subdivision_are_clear_errors() -> None:
    with pytest.raises(CalendarError, match="country"):
        public_holidays("XX", None, [2026])
    with pytest.raises(CalendarError, match="subdivision"):
        public_holidays("DE", "ZZ", [2026])
    assert public_holidays(None, None, [2026]) == frozenset()


def test_days_off_and_custom_workdays() -> None:
    cal = WorkCalendar(workdays=parse_workdays("mon-thu"), days_off=frozenset({date(2026, 3, 2)}))
    assert cal.count(date(2026, 3, 2), date(2026, 3, 8)) == 3
    assert cal.next_working_day(date(2026, 3, 5)) == date(2026, 3, 9)
    assert cal.previous_working_day(date(2026, 3, 3)) == date(2026, 2, 26)


def test_weekday_lists() -> None:
    assert parse_workdays("mon,tue,wed,thu,fri") == frozenset(range(5))
    assert parse_workdays("Monday, Saturday") == frozenset({0, 5})
    assert format_workdays({4, 0}) == "mon,fri"
    for bad in ("", "mon,funday", "fri-mon"):
        with pytest.raises(CalendarError):
            parse_workdays(bad)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("2024-Q1", date(2024, 1, 1), date(2024, 3, 31)),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2028-02", date(2028, 2, 1), date(2028, 2, 29)),
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31)),
        ("2026-01-15..2026-03-31", date(2026, 1, 15), date(2026, 3, 31)),
        ("2026-01-15/2026-03-31", date(2026, 1, 15), date(2026, 3, 31)),
    ],
)
def test_periods(text: str, start: date, end: date) -> None:
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("text", ["26", "2026-Q5", "2026-13", "2026-03-31..2026-01-01", "soon", ""])
def test_bad_periods_are_refused(text: str) -> None:
    with pytest.raises(CalendarError):
        parse_period(text)


def test_iso_weeks_across_year_boundaries() -> None:
    assert iso_week_label(date(2027, 1, 3)) == "2026-W53"
    assert iso_week_label(date(2024, 12, 30)) == "2025-W01"
    assert weeks_in_year(2026) == 53 and weeks_in_year(2025) == 52
    assert parse_iso_week("2026-W53") == (date(2026, 12, 28), date(2027, 1, 3))
    assert parse_iso_week("2025-W01") == (date(2024, 12, 30), date(2025, 1, 5))
    with pytest.raises(CalendarError, match="52 ISO weeks"):
        parse_iso_week("2025-W53")
    assert week_bounds(date(2026, 11, 27)) == (date(2026, 11, 23), date(2026, 11, 29))


def test_today_in_the_home_time_zone() -> None:
    late_utc = datetime(2026, 3, 29, 23, 30, tzinfo=UTC)
    assert local_today("Europe/Berlin", late_utc) == date(2026, 3, 30)  # DST started that day
    assert local_today("America/Los_Angeles", late_utc) == date(2026, 3, 29)
    assert check_timezone("Europe/Berlin") == "Europe/Berlin"
    with pytest.raises(CalendarError):
        check_timezone("Mars/Olympus")


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
    length=st.integers(min_value=-3, max_value=800),
    workdays=st.frozensets(st.integers(min_value=0, max_value=6)),
    holidays=st.frozensets(
        st.dates(min_value=date(2000, 1, 1), max_value=date(2042, 12, 31)), max_size=20
    ),
)
def test_count_matches_walking_day_by_day(
    start: date, length: int, workdays: frozenset[int], holidays: frozenset[date]
) -> None:
    from datetime import timedelta

    cal = WorkCalendar(workdays=workdays, holidays=holidays)
    end = start + timedelta(days=length)
    assert cal.count(start, end) == sum(1 for _ in cal.days(start, end))
