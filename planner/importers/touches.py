"""Activity rows matched to prospects: the touches to add, the ones already there skipped.

Pure: the service passes in the stored prospects and touches and a source of new ids, and
writes what comes back inside its own transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from planner.importers.activity import ActivityRow
from planner.importers.progress import Progress, ticker
from planner.models import Prospect, Touch
from planner.prospects import apply_touch, lead_days_for, source_of


@dataclass(frozen=True, slots=True)
class TouchBatch:
    """What an activity import adds: touches in row order, and every prospect the touches
    create or change (in its state after the last of them)."""

    touches: tuple[Touch, ...]
    prospects: tuple[Prospect, ...]
    duplicates: int
    created: int


def match_touches(
    rows: list[ActivityRow],
    *,
    prospects: Iterable[Prospect],
    existing: Iterable[Touch],
    new_id: Callable[[Literal["prospect", "touch"]], int],
    progress: Progress | None,
) -> TouchBatch:
    """Each row's touch, matched to a prospect; ``rows`` sorted by time, at least one.

    A row is the prospect of the same name and company, or of the same name alone when the
    row gives no company and one prospect has that name; a name nobody has is a new
    prospect. A touch at the same moment with the same outcome for the same prospect (among
    ``existing``, the stored touches of the rows' days, or earlier rows) is already there.
    """
    by_name: dict[tuple[str, str], Prospect] = {}
    by_name_only: dict[str, list[Prospect]] = defaultdict(list)
    for known in prospects:
        by_name[(known.name.casefold(), known.company.casefold())] = known
        by_name_only[known.name.casefold()].append(known)
    seen = {(t.prospect_id, t.at, t.outcome) for t in existing}
    changed: dict[int, Prospect] = {}
    touches: list[Touch] = []
    duplicates = created = 0
    tick = ticker(progress, len(rows), "Saving")
    for row in rows:
        tick()
        key = (row.prospect.casefold(), row.company.casefold())
        prospect = by_name.get(key)
        if prospect is None and not row.company and len(by_name_only[key[0]]) == 1:
            prospect = by_name_only[key[0]][0]
        if prospect is None:
            prospect = Prospect(id=new_id("prospect"), name=row.prospect, company=row.company)
            created += 1
            by_name[key] = prospect
            by_name_only[key[0]].append(prospect)
        prospect = changed.get(prospect.id, prospect)
        if (prospect.id, row.at, row.outcome) in seen:
            duplicates += 1
            continue
        touch = Touch(
            id=new_id("touch"),
            prospect_id=prospect.id,
            at=row.at,
            outcome=row.outcome,
            source=row.source or source_of(prospect),
            amount=row.amount,
            note=row.note,
            lead_days=lead_days_for(prospect, row.at.date()) if row.outcome == "sale" else None,
        )
        seen.add((prospect.id, row.at, row.outcome))
        updated = apply_touch(prospect, touch)
        changed[prospect.id] = updated
        by_name[key] = updated
        touches.append(touch)
    return TouchBatch(tuple(touches), tuple(changed.values()), duplicates, created)
