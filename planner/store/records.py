"""Records the store keeps besides the models; DaySummary and DayPlan are re-exported from
planner.models, where the domain takes them from."""

from __future__ import annotations

from dataclasses import dataclass

from planner.models import DayPlan as DayPlan
from planner.models import DaySummary as DaySummary


@dataclass(frozen=True, slots=True)
class DoctorReport:
    """What `planner doctor` found: ``problems`` are one line each and start with the file."""

    ok: bool
    problems: tuple[str, ...]
    files_checked: int
    repairable: bool  # every problem is in names.json or summary.json: repair_derived() fixes it
