"""Fold checked rows into the prospects already stored: create, update, or leave alone."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from planner.importers.matching import Directory, Keys, email_key, phone_key
from planner.importers.progress import Progress, ticker
from planner.importers.prospects import Draft
from planner.models import Prospect


@dataclass(slots=True)
class ImportPlan:
    """What the rows do to the store; ``repeats`` counts rows about a prospect that an
    earlier row of the same file already named (they merge into it)."""

    new: list[Prospect] = field(default_factory=list)
    updated: list[tuple[Prospect, Prospect]] = field(default_factory=list)
    unchanged: list[Prospect] = field(default_factory=list)
    repeats: int = 0

    def writes(self) -> list[Prospect]:
        return [*self.new, *(after for _, after in self.updated)]


def plan_import(
    existing: Iterable[Prospect],
    drafts: Sequence[Draft],
    new_id: Callable[[], int],
    progress: Progress | None = None,
) -> ImportPlan:
    """Match every row to a prospect (see matching.Directory) and merge it (see ``merge``)."""
    directory = Directory()
    before: dict[int, Prospect] = {}
    for prospect in existing:
        before[prospect.id] = prospect
        directory.add(prospect.id, _keys(prospect))
    current: dict[int, Prospect] = {}
    created: list[int] = []
    touched: list[int] = []
    plan = ImportPlan()
    tick = ticker(progress, len(drafts), "Matching")
    for draft in drafts:
        tick()
        keys = Keys.of(draft.name, draft.company, draft.email, draft.phone)
        pid = directory.find(keys)
        if pid is None:
            prospect = create(new_id(), draft)
            current[prospect.id] = prospect
            created.append(prospect.id)
            directory.add(prospect.id, keys)
            continue
        if pid in current:
            plan.repeats += 1
        else:
            touched.append(pid)
        base = current.get(pid) or before[pid]
        merged = merge(base, draft)
        current[pid] = merged
        if _identity(merged) != _identity(base):  # new email, phone or name: new keys
            directory.add(pid, _keys(merged))
    plan.new = [current[pid] for pid in created]
    for pid in touched:
        if current[pid] == before[pid]:
            plan.unchanged.append(before[pid])
        else:
            plan.updated.append((before[pid], current[pid]))
    return plan


def _identity(prospect: Prospect) -> tuple[str, str, str, str]:
    return prospect.name, prospect.company, prospect.email, prospect.phone


def _keys(prospect: Prospect) -> Keys:
    return Keys.of(*_identity(prospect))


def create(pid: int, draft: Draft) -> Prospect:
    return Prospect(
        id=pid,
        name=draft.name,
        company=draft.company,
        email=draft.email,
        phone=draft.phone,
        status=draft.status or "new",
        lost_reason=draft.lost_reason,
        last_contact=draft.last_contact,
        do_not_contact=bool(draft.do_not_contact),
        value=draft.value,
    )


def merge(prospect: Prospect, draft: Draft) -> Prospect:
    """The prospect after one row about it.

    Cells the row fills replace what is stored, empty cells keep it; a name the row only
    borrowed from its email or company never replaces a real one, and an email or phone
    that only differs in how it is written (case, spaces, country code) stays as it is, so a
    re-import changes nothing. The last contact never
    moves back. The row's status applies unless planner knows a later touch than the row
    does (a row without a date counts as older), so an old export cannot undo a sale you
    logged since. An import may set do-not-contact but never clears it.
    """
    p, d = prospect, draft
    status, reason = p.status, p.lost_reason
    row_is_current = p.last_contact is None or (
        d.last_contact is not None and d.last_contact >= p.last_contact
    )
    if d.status is not None and row_is_current:
        status = d.status
        if status != "lost":
            reason = None
        elif d.lost_reason is not None:
            reason = d.lost_reason
        elif p.status != "lost":
            reason = None
    last = p.last_contact
    if d.last_contact is not None and (last is None or d.last_contact > last):
        last = d.last_contact
    return dataclasses.replace(
        p,
        name=d.name if d.named or not p.name else p.name,
        company=d.company or p.company,
        email=p.email if _same_email(p.email, d.email) else d.email or p.email,
        phone=p.phone if _same_phone(p.phone, d.phone) else d.phone or p.phone,
        status=status,
        lost_reason=reason,
        last_contact=last,
        do_not_contact=p.do_not_contact or bool(d.do_not_contact),
        value=d.value if d.value is not None else p.value,
    )


def _same_email(stored: str, row: str) -> bool:
    key = email_key(row)
    return key is not None and key == email_key(stored)


def _same_phone(stored: str, row: str) -> bool:
    ours, theirs = phone_key(stored), phone_key(row)
    if ours is None or theirs is None:
        return False
    return bool({ours[0], ours[1]} & {theirs[0], theirs[1]} - {None})
