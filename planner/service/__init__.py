"""The one API that the CLI and the TUI call: ``PlannerService`` and what it returns."""

from planner.service.facade import PlannerService
from planner.service.results import (
    AmbiguousProspectError,
    DayTally,
    DayView,
    DemoCounts,
    LogResult,
    MergeResult,
    PlanLine,
    PlannedDay,
    ServiceError,
    StatusReport,
)

__all__ = [
    "AmbiguousProspectError",
    "DayTally",
    "DayView",
    "DemoCounts",
    "LogResult",
    "MergeResult",
    "PlanLine",
    "PlannedDay",
    "PlannerService",
    "ServiceError",
    "StatusReport",
]
