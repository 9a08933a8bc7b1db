"""The values the service hands back, and the one error a seller sees from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from planner.calendar import WorkCalendar
from planner.diagnosis import DiagnosisDetail
from planner.errors import PlannerError
from planner.forecast import Outlook, SellerEvidence
from planner.funnel import FunnelReport
from planner.models import Diagnosis, Outcome, Prospect, Settings, Source, Target, Touch
from planner.pacing import PaceReport, PaceTotals

if TYPE_CHECKING:
    from planner.queue import DailyQueue
    from planner.store import DayPlan


class ServiceError(PlannerError, ValueError):
    """A request the planner cannot carry out; the message is one line for the seller."""


class AmbiguousProspectError(ServiceError):
    """A name prefix that matches several prospects."""

    def __init__(self, query: str, candidates: list[Prospect]) -> None:
        shown = ", ".join(
            f"{p.name} ({p.company + ', ' if p.company else ''}#{p.id})" for p in candidates[:8]
        )
        more = f" and {len(candidates) - 8} more" if len(candidates) > 8 else ""
        if all(p.name.casefold() == query.strip().casefold() for p in candidates):
            hint = "use the #ID"  # the same name twice: typing more cannot tell them apart
        else:
            hint = "type more of the name or use #ID"
        super().__init__(f"{query!r} matches {shown}{more}: {hint}")
        self.candidates = candidates


class StatusInputs(NamedTuple):
    """What the status's pace and forecast are computed from, read once from the store.

    ``pace()`` is the status's own call of the forecast; the what-if calls it again with an
    outlook, so both always run the same model on the same inputs.
    """

    target: Target
    today: date
    settings: Settings
    calendar: WorkCalendar
    sale_count: int
    priced_count: int
    revenue: Decimal
    funnel: FunnelReport  # from the worked days only (``first_call`` on)
    evidence: SellerEvidence | None
    first_call: date | None = None  # the first day of the period holding a logged call

    def totals(self) -> PaceTotals:
        return PaceTotals(
            self.target,
            self.sale_count,
            self.priced_count,
            self.revenue,
            self.calendar,
            self.today,
            self.settings.default_deal_value,
            self.evidence,
            self.target.carried_in or 0,
            self.target.carried_in_amount,
        )

    def pace(self, outlook: Outlook | None = None) -> PaceReport:
        return self.totals().report(outlook)

    def chance(self, outlook: Outlook | None = None) -> float:
        """``pace(outlook).p_hit`` alone (planner.whatif's searches)."""
        return self.totals().chance(outlook)


@dataclass(frozen=True, slots=True)
class StatusReport:
    """Everything the pacing gauge shows: pace, the funnel behind it and the diagnosis."""

    today: date
    target: Target
    pace: PaceReport
    funnel: FunnelReport
    diagnosis: Diagnosis
    detail: DiagnosisDetail
    average_sale_value: Decimal | None


class LogResult(NamedTuple):
    """One stored touch, its prospect after it, and whether logging created the prospect."""

    touch: Touch
    prospect: Prospect
    created: bool


class DemoCounts(NamedTuple):
    """How many records the demo data filled in."""

    prospects: int
    touches: int
    targets: int


class DayTally(NamedTuple):
    """Today's work so far, for the tally beside the queue."""

    touches: int
    conversations: int
    meetings: int
    sales: int


class PlannedDay(NamedTuple):
    """Today's fresh queue, the day plan stored for today, and whether this call stored it."""

    queue: DailyQueue
    plan: DayPlan | None
    stored: bool


@dataclass(frozen=True, slots=True)
class PlanLine:
    """One line of the day plan as both front ends show it.

    ``slot`` is the position in the stored plan (None: a touch logged off the queue today);
    ``prospect`` None is a lead to find. ``outcome`` is today's last touch to the prospect.
    """

    slot: int | None
    rank: int | None
    source: Source
    prospect: Prospect | None
    reason: str
    outcome: Outcome | None = None
    snoozed_until: date | None = None

    @property
    def done(self) -> bool:
        return self.outcome is not None

    @property
    def follow_up(self) -> date | None:
        return self.prospect.follow_up if self.prospect is not None else None


@dataclass(frozen=True, slots=True)
class DayView:
    """Today's stored plan (or, before there is one, the fresh queue) line by line, with
    what is done and left, and the words that explain its size. ``queue`` is the fresh
    queue the numbers come from."""

    queue: DailyQueue
    plan: DayPlan | None
    lines: tuple[PlanLine, ...]
    size_words: str

    @property
    def planned(self) -> tuple[PlanLine, ...]:
        return tuple(line for line in self.lines if line.slot is not None)

    @property
    def done(self) -> int:
        return sum(line.done for line in self.planned)

    @property
    def left(self) -> int:
        return sum(not line.done and line.snoozed_until is None for line in self.planned)

    @property
    def planned_old(self) -> int:
        return self.plan.planned_old if self.plan else self.queue.planned_old

    @property
    def planned_new(self) -> int:
        return self.plan.planned_new if self.plan else self.queue.planned_new


class MergeResult(NamedTuple):
    """The prospect kept after a merge and how many touches moved to it."""

    prospect: Prospect
    moved: int
