"""The one API that the CLI and the TUI call: ``PlannerService`` and what it returns."""

from planner.service.facade import PlannerService
from planner.service.results import (
    AmbiguousProspectError,
    DayTally,
    DemoCounts,
    LogResult,
    PlannedDay,
    ServiceError,
    StatusReport,
)

__all__ = [
    "AmbiguousProspectError",
    "DayTally",
    "DemoCounts",
    "LogResult",
    "PlannedDay",
    "PlannerService",
    "ServiceError",
    "StatusReport",
]
