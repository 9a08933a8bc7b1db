"""Dates as a seller lives them: home time zone, working days, target periods, ISO weeks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from planner.errors import PlannerError
from planner.models import Period

WEEKDAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ONE_DAY = timedelta(days=1)


class CalendarError(PlannerError, ValueError):
    """A period, week, weekday list or time zone that cannot be understood."""


# ---------------------------------------------------------------- time zone and today


def check_timezone(name: str) -> str:
    """Return ``name`` if it is a known IANA time zone, else raise CalendarError."""
    import pendulum  # here, not at the top: `planner` (the TUI) checks --today before its frame

    try:
        pendulum.timezone(name)
    except Exception as error:  # pendulum raises several types for unknown names
        raise CalendarError(f"unknown time zone {name!r} (try e.g. Europe/Berlin)") from error
    return name


def local_today(timezone: str, now: datetime) -> date:
    """The date it is in ``timezone`` at the aware instant ``now`` (the caller reads the clock)."""
    if now.tzinfo is None:
        raise ValueError("now must be time-zone aware")
    import pendulum

    return pendulum.instance(now).in_timezone(timezone).date()


def local_datetime(timezone: str, day: date, hour: int = 12, minute: int = 0) -> datetime:
    """An aware datetime on ``day`` at the given wall-clock time in ``timezone``."""
    import pendulum

    return pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=timezone)


# ---------------------------------------------------------------- working days


def parse_workdays(text: str) -> frozenset[int]:
    """``"mon,tue,wed"`` (or ``mon-fri``) -> weekday numbers with Monday = 0."""
    days: set[int] = set()
    for raw in text.split(","):
        part = raw.strip().lower()
        if not part:
            continue
        if "-" in part:
            first, _, last = part.partition("-")
            lo, hi = _weekday_index(first), _weekday_index(last)
            if hi < lo:
                raise CalendarError(f"weekday range {part!r} runs backwards")
            days.update(range(lo, hi + 1))
        else:
            days.add(_weekday_index(part))
    if not days:
        raise CalendarError("no working weekdays given (e.g. mon,tue,wed,thu,fri)")
    return frozenset(days)


def format_workdays(days: Iterable[int]) -> str:
    return ",".join(WEEKDAY_NAMES[d] for d in sorted(days))


def _weekday_index(name: str) -> int:
    key = name.strip().lower()[:3]
    if key not in WEEKDAY_NAMES:
        raise CalendarError(f"unknown weekday {name!r} (use mon, tue, wed, thu, fri, sat, sun)")
    return WEEKDAY_NAMES.index(key)


def public_holidays(
    country: str | None, subdivision: str | None, years: Iterable[int]
) -> frozenset[date]:
    """Public holidays of a country (and subdivision) for the given years.

    The ``holidays`` package is imported only here: it costs about 0.2 s, which commands
    that never need holidays should not pay.
    """
    if not country:
        return frozenset()
    import holidays

    code = country.upper()
    if code not in holidays.list_supported_countries():
        raise CalendarError(f"unknown country code {country!r} (use ISO codes like US, DE)")
    try:
        table = holidays.country_holidays(
            code, subdiv=subdivision or None, years=sorted(set(years))
        )
    except (NotImplementedError, ValueError, KeyError) as error:
        raise CalendarError(f"unknown subdivision {subdivision!r} for {code}") from error
    return frozenset(table.keys())


def holiday_name(country: str | None, subdivision: str | None, day: date) -> str | None:
    """The name of the public holiday on ``day`` ("Thanksgiving Day"), None if there is none.

    Imports the ``holidays`` package: call it only for a day known to be a holiday.
    """
    if not country:
        return None
    import holidays

    try:
        table = holidays.country_holidays(
            country.upper(), subdiv=subdivision or None, years=[day.year]
        )
    except (NotImplementedError, ValueError, KeyError, AttributeError):
        return None
    name = table.get(day)
    return str(name) if name else None


def day_off_name(
    calendar: WorkCalendar,
    day: date,
    *,
    country: str | None = None,
    subdivision: str | None = None,
) -> str | None:
    """Why ``day`` is no working day, as a seller says it: the holiday's name, "Day off",
    or the weekday ("Saturday"); None on a working day."""
    if calendar.is_working_day(day):
        return None
    if day in calendar.holidays:
        return holiday_name(country, subdivision, day) or "Public holiday"
    if day in calendar.days_off:
        return "Day off"
    return f"{day:%A}"


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Which days are working days: configured weekdays minus holidays and days off.

    Holidays are passed in as dates (see ``public_holidays``) so the calendar itself is
    pure and cheap to build in tests.
    """

    workdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    holidays: frozenset[date] = frozenset()
    days_off: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() in self.workdays and day not in self.holidays and day not in self.days_off
        )

    def count(self, start: date, end: date) -> int:
        """Working days in the inclusive range ``start..end`` (0 when end < start)."""
        if end < start or not self.workdays:
            return 0
        total_days = (end - start).days + 1
        full_weeks, rest = divmod(total_days, 7)
        total = full_weeks * len(self.workdays)
        first_weekday = start.weekday()
        total += sum(1 for i in range(rest) if (first_weekday + i) % 7 in self.workdays)
        excluded = {d for d in self.holidays | self.days_off if start <= d <= end}
        total -= sum(1 for d in excluded if d.weekday() in self.workdays)
        return total

    def days(self, start: date, end: date) -> Iterator[date]:
        """The working days of ``start..end`` in order."""
        day = start
        while day <= end:
            if self.is_working_day(day):
                yield day
            day += ONE_DAY

    def next_working_day(self, after: date, limit_days: int = 366) -> date | None:
        """The first working day strictly after ``after`` (None if none within a year)."""
        day = after
        for _ in range(limit_days):
            day += ONE_DAY
            if self.is_working_day(day):
                return day
        return None

    def previous_working_day(self, before: date, limit_days: int = 366) -> date | None:
        """The last working day strictly before ``before`` (None if none within a year)."""
        day = before
        for _ in range(limit_days):
            day -= ONE_DAY
            if self.is_working_day(day):
                return day
        return None


# ---------------------------------------------------------------- periods

# Patterns, compiled by re (and kept in its cache) at the first parse: commands that parse no
# period, such as `planner status`, do not pay for compiling them.
_YEAR = r"^(\d{4})$"
_QUARTER = r"^(\d{4})-?[Qq]([1-4])$"
_MONTH = r"^(\d{4})-(\d{2})$"
_RANGE = r"^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|/|:|\s+to\s+)\s*(\d{4}-\d{2}-\d{2})$"


def parse_period(text: str) -> Period:
    """Parse ``2026``, ``2026-Q3``, ``2026-07`` or ``2026-01-15..2026-03-31`` into a Period.

    Explicit ranges also accept ``/`` (ISO 8601 interval) or ``:`` between the dates.
    """
    raw = text.strip()
    if match := re.match(_YEAR, raw):
        year = _year(match.group(1))
        return Period(date(year, 1, 1), date(year, 12, 31), raw)
    if match := re.match(_QUARTER, raw):
        year, quarter = _year(match.group(1)), int(match.group(2))
        first_month = 3 * (quarter - 1) + 1
        return Period(
            date(year, first_month, 1), _month_end(year, first_month + 2), f"{year}-Q{quarter}"
        )
    if match := re.match(_MONTH, raw):
        year, month = _year(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise CalendarError(f"month {month:02d} does not exist in period {raw!r}")
        return Period(date(year, month, 1), _month_end(year, month), raw)
    if match := re.match(_RANGE, raw):
        start, end = parse_date(match.group(1)), parse_date(match.group(2))
        if end < start:
            raise CalendarError(f"period {raw!r} ends before it starts")
        return Period(start, end, f"{start.isoformat()}..{end.isoformat()}")
    raise CalendarError(
        f"cannot read period {raw!r}: use 2026, 2026-Q3, 2026-07 or 2026-01-15..2026-03-31"
    )


def period_from_dates(start: date, end: date) -> Period:
    if end < start:
        raise CalendarError(f"period ends ({end}) before it starts ({start})")
    return Period(start, end, f"{start.isoformat()}..{end.isoformat()}")


def parse_date(text: str) -> date:
    """A strict ISO calendar date ``YYYY-MM-DD``."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise CalendarError(f"not a date: {text!r} (use YYYY-MM-DD)") from error


# Every date the planner accepts as input lies within these years (the store holds no other).
FIRST_YEAR, LAST_YEAR = 1900, 2999


def check_day(day: date, what: str = "date") -> date:
    """``day`` itself, or a CalendarError when it is outside the years 1900-2999: the one
    bound on dates typed by the seller (--today, --at, --from/--to, --last-contact, ...)."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CalendarError(
            f"{what} {day.isoformat()} is outside the years {FIRST_YEAR}-{LAST_YEAR}"
        )
    return day


def _year(text: str) -> int:
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarError(f"year {year} is out of range")
    return year


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - ONE_DAY


# ---------------------------------------------------------------- ISO weeks

_WEEK = r"(?i)^(\d{4})-?W(\d{2})$"


def iso_week_label(day: date) -> str:
    """``2027-01-03`` -> ``2026-W53``; ``2024-12-30`` -> ``2025-W01``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def weeks_in_year(iso_year: int) -> int:
    """52 or 53: the ISO week of 28 December is always the year's last week."""
    return date(iso_year, 12, 28).isocalendar()[1]


def parse_iso_week(text: str) -> tuple[date, date]:
    """``2026-W53`` -> (Monday, Sunday) of that ISO week; refuses W53 in 52-week years."""
    match = re.match(_WEEK, text.strip())
    if not match:
        raise CalendarError(f"cannot read week {text!r}: use YYYY-Www, e.g. 2026-W09")
    year, week = _year(match.group(1)), int(match.group(2))
    if not 1 <= week <= weeks_in_year(year):
        raise CalendarError(f"{year} has {weeks_in_year(year)} ISO weeks, not {week}")
    monday = date.fromisocalendar(year, week, 1)
    return monday, monday + timedelta(days=6)


def week_bounds(day: date) -> tuple[date, date]:
    """Monday and Sunday of the ISO week holding ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)
