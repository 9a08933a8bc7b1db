"""Activity rows into the store: touches matched to prospects, the ones already there skipped."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from planner.importers.activity import ActivityRow
from planner.importers.progress import Progress, ticker
from planner.models import Prospect, Touch
from planner.prospects import apply_touch, lead_days_for, source_of

if TYPE_CHECKING:
    from planner.store import Transaction


def stage_touches(
    tx: Transaction,
    rows: list[ActivityRow],
    *,
    dry_run: bool,
    progress: Progress | None,
) -> tuple[int, int, int]:
    """Stage each row's touch, and the prospects touches create or change, in ``tx``.

    (touches added, already there, prospects created); a dry run counts and stages nothing.
    A row is the prospect of the same name and company, or of the same name alone when the
    row gives no company and one prospect has that name; a touch at the same moment with
    the same outcome for the same prospect is already there.
    """
    by_name: dict[tuple[str, str], Prospect] = {}
    by_name_only: dict[str, list[Prospect]] = defaultdict(list)
    for existing in tx.prospects():
        by_name[(existing.name.casefold(), existing.company.casefold())] = existing
        by_name_only[existing.name.casefold()].append(existing)
    first, last = rows[0].at.date(), rows[-1].at.date()
    seen = {(t.prospect_id, t.at, t.outcome) for t in tx.touches(first, last)}
    changed: dict[int, Prospect] = {}
    added = duplicates = created = 0
    tick = ticker(progress, len(rows), "Saving")
    for row in rows:
        tick()
        key = (row.prospect.casefold(), row.company.casefold())
        prospect = by_name.get(key)
        if prospect is None and not row.company and len(by_name_only[key[0]]) == 1:
            prospect = by_name_only[key[0]][0]
        if prospect is None:
            prospect = Prospect(id=tx.new_id("prospect"), name=row.prospect, company=row.company)
            created += 1
            by_name[key] = prospect
            by_name_only[key[0]].append(prospect)
        prospect = changed.get(prospect.id, prospect)
        if (prospect.id, row.at, row.outcome) in seen:
            duplicates += 1
            continue
        touch = Touch(
            id=tx.new_id("touch"),
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
        added += 1
        if not dry_run:
            tx.put_touch(touch)
    if not dry_run:
        for prospect in changed.values():
            tx.put_prospect(prospect)
    return added, duplicates, created
