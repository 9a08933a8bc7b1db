"""What every part of the service shares: the store, today, the settings and the calendar."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path

from planner.calendar import WorkCalendar, local_today
from planner.holiday_cache import cached_public_holidays
from planner.models import Period, Settings, Target
from planner.paths import cache_dir
from planner.store import Store

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


class ServiceContext:
    """One data dir's store, with 'today' decided here (fixed, or the home zone's date)."""

    def __init__(self, data_dir: Path, *, today: date | None, clock: Clock) -> None:
        self.store = Store(data_dir)
        self._fixed_today = today
        self._clock = clock
        self._holidays: dict[tuple[str | None, str | None, int], frozenset[date]] = {}

    @property
    def today(self) -> date:
        if self._fixed_today is not None:
            return self._fixed_today
        return local_today(self.settings().timezone, self._clock())

    def now(self) -> datetime | None:
        """The real instant, or None when today is fixed (then the clock time plays no part)."""
        return None if self._fixed_today is not None else self._clock()

    def clock(self) -> datetime:
        return self._clock()

    def settings(self) -> Settings:
        return self.store.settings() or Settings()

    def calendar(self, years: Iterable[int]) -> WorkCalendar:
        settings = self.settings()
        holidays: frozenset[date] = frozenset()
        if settings.country:
            for year in set(years):
                key = (settings.country, settings.subdivision, year)
                if key not in self._holidays:
                    self._holidays[key] = cached_public_holidays(
                        settings.country, settings.subdivision, year, cache_dir()
                    )
                holidays |= self._holidays[key]
        return WorkCalendar(
            workdays=settings.workdays, holidays=holidays, days_off=settings.days_off
        )

    def calendar_for(self, period: Period) -> WorkCalendar:
        return self.calendar(range(period.start.year, period.end.year + 1))

    def forget_holidays(self) -> None:
        """Drop the looked-up holidays: the country or subdivision may have changed."""
        self._holidays.clear()

    def targets(self) -> list[Target]:
        return sorted(self.store.targets(), key=lambda t: (t.period.start, t.id))

    def active_target(self) -> Target | None:
        """The target whose period holds today (the most recently set one if several)."""
        today = self.today
        current = [t for t in self.store.targets() if t.period.contains(today)]
        if current:
            return max(current, key=lambda t: t.id)
        return None

    def last_closed_target(self) -> Target | None:
        """The target whose period ended most recently before today (None if none has)."""
        today = self.today
        ended = [t for t in self.store.targets() if t.period.end < today]
        return max(ended, key=lambda t: (t.period.end, t.id)) if ended else None
