"""Records the store derives or keeps besides the models: per-day summaries and day plans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from planner.models import Outcome, Source


@dataclass(frozen=True, slots=True)
class DaySummary:
    """Touch counts by outcome, summed sale amounts and sale lead times of one day and source."""

    day: date
    source: Source
    outcomes: dict[Outcome, int]
    sales_amount: Decimal
    lead_days: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class DayPlan:
    """The queue planned for a day: how many old and new touches, and which prospects."""

    day: date
    planned_old: int
    planned_new: int
    prospect_ids: tuple[int | None, ...]


@dataclass(frozen=True, slots=True)
class DoctorReport:
    """What `planner doctor` found: ``problems`` are one line each and start with the file."""

    ok: bool
    problems: tuple[str, ...]
    files_checked: int
    repairable: bool  # every problem is in names.json or summary.json: repair_derived() fixes it
