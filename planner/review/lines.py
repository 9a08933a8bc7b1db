"""The touches, sales and revived old prospects of the reviewed days, line by line."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from planner.models import (
    CONNECTED_OUTCOMES,
    MEETING_OUTCOMES,
    OUTCOMES,
    Outcome,
    Source,
    Touch,
)
from planner.review.inputs import ProspectLabel

REVIVING: frozenset[Outcome] = frozenset({"conversation", "meeting", "sale"})

_OUTCOME_RANK: dict[Outcome, int] = {o: i for i, o in enumerate(OUTCOMES)}


@dataclass(frozen=True, slots=True)
class SaleLine:
    touch_id: int
    at: datetime
    prospect_id: int
    prospect: str
    source: Source
    amount: Decimal | None
    lead_days: int | None
    note: str


@dataclass(frozen=True, slots=True)
class RevivedLine:
    """An old prospect who talked, met or bought again during the reviewed days."""

    prospect_id: int
    prospect: str
    first_day: date
    best_outcome: Outcome
    touches: int


@dataclass(frozen=True, slots=True)
class TouchLine:
    """One touch of the reviewed days with the columns a spreadsheet needs."""

    id: int
    at: datetime
    prospect_id: int
    prospect: str
    company: str
    outcome: Outcome
    source: Source
    amount: Decimal | None
    lead_days: int | None
    note: str
    revived: bool

    @property
    def connected(self) -> bool:
        return self.outcome in CONNECTED_OUTCOMES

    @property
    def met(self) -> bool:
        return self.outcome in MEETING_OUTCOMES


def touch_line(touch: Touch, labels: Mapping[int, ProspectLabel]) -> TouchLine:
    prospect = labels.get(touch.prospect_id)
    return TouchLine(
        id=touch.id,
        at=touch.at,
        prospect_id=touch.prospect_id,
        prospect=prospect.name if prospect else f"#{touch.prospect_id}",
        company=prospect.company if prospect else "",
        outcome=touch.outcome,
        source=touch.source,
        amount=touch.amount,
        lead_days=touch.lead_days,
        note=touch.note,
        revived=touch.source == "old" and touch.outcome in REVIVING,
    )


def named_prospects(touches: Sequence[Touch]) -> set[int]:
    """The prospects a review names without its touch lines: those of its sales and revivals."""
    return {
        t.prospect_id
        for t in touches
        if t.outcome == "sale" or (t.source == "old" and t.outcome in REVIVING)
    }


def revived_lines(touches: Sequence[Touch], names: Mapping[int, str]) -> tuple[RevivedLine, ...]:
    found: dict[int, list[Touch]] = {}
    for touch in touches:
        if touch.source == "old" and touch.outcome in REVIVING:
            found.setdefault(touch.prospect_id, []).append(touch)
    lines = [
        RevivedLine(
            prospect_id=pid,
            prospect=names.get(pid, f"#{pid}"),
            first_day=hits[0].day,
            best_outcome=max((t.outcome for t in hits), key=_OUTCOME_RANK.__getitem__),
            touches=len(hits),
        )
        for pid, hits in found.items()
    ]
    # Sales first, then meetings, then conversations; within each, in the order they came.
    lines.sort(key=lambda line: (-_OUTCOME_RANK[line.best_outcome], line.first_day))
    return tuple(lines)
