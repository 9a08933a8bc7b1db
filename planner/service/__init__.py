"""The one API that the CLI and the TUI call: ``PlannerService`` and what it returns."""

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from planner.service.facade import PlannerService


def __getattr__(name: str) -> Any:
    # The facade (and the store, TinyDB, every service part) is imported when first asked
    # for: the TUI reads results computed in another process before it needs a service.
    if name == "PlannerService":
        from planner.service.facade import PlannerService

        return PlannerService
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
