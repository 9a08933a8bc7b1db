"""Deterministic demo data: years of one seller's targets, prospects, touches and mornings."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from planner.calendar import ONE_DAY, WorkCalendar, check_timezone
from planner.demo.history import MAX_CYCLE_TOUCHES, Simulation, final_prospect
from planner.demo.records import morning_checks, timed_touches, yearly_targets
from planner.models import ComposureCheck, Prospect, Settings, Target, Touch

MAX_YEARS = 50
MAX_CALLS_PER_DAY = 1000


@dataclass(frozen=True, slots=True)
class DemoData:
    """Everything ``planner demo`` stores: consistent with itself as if logged day by day."""

    settings: Settings
    targets: tuple[Target, ...]
    prospects: tuple[Prospect, ...]
    touches: tuple[Touch, ...]  # sorted by (at, id); ids 1..N
    composure: tuple[ComposureCheck, ...]


def generate_demo(
    *,
    today: date,
    years: int = 1,
    calls_per_day: int = 40,
    seed: int = 7,
    timezone: str = "UTC",
) -> DemoData:
    """``years`` of history ending ``today`` (a few morning calls at most on today itself).

    Pure and deterministic: the same arguments always give the same data. Raises
    ValueError for out-of-range arguments and CalendarError for an unknown time zone.
    """
    if not 1 <= years <= MAX_YEARS:
        raise ValueError(f"years must be between 1 and {MAX_YEARS}, not {years}")
    if not 1 <= calls_per_day <= MAX_CALLS_PER_DAY:
        raise ValueError(f"calls per day must be between 1 and {MAX_CALLS_PER_DAY}")
    zone = ZoneInfo(check_timezone(timezone))
    first_day = _years_before(today, years) + ONE_DAY
    if first_day.year < 1900:
        raise ValueError("demo history cannot start before 1900")
    settings = Settings(timezone=timezone, capacity=calls_per_day)
    simulation = Simulation(random.Random(seed), settings, today, calls_per_day)
    days = list(WorkCalendar(workdays=settings.workdays).days(first_day, today))
    drafts = simulation.run(days)
    touches = timed_touches(simulation.rng, drafts, zone, today)
    sales_by_day = Counter(t.day for t in touches if t.outcome == "sale")
    return DemoData(
        settings=settings,
        targets=yearly_targets(simulation.rng, settings, first_day, today, sales_by_day),
        prospects=tuple(final_prospect(lead) for lead in simulation.leads),
        touches=touches,
        # Today's question stays open, so a newcomer's first look is the morning prompt.
        composure=tuple(
            c for c in morning_checks(simulation.rng, days, sales_by_day) if c.day < today
        ),
    )


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


__all__ = ["MAX_CALLS_PER_DAY", "MAX_CYCLE_TOUCHES", "MAX_YEARS", "DemoData", "generate_demo"]
