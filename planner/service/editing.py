"""Fixing prospects: edit any field, remove one, merge two (each one undoable write)."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from planner.models import LOST_REASONS, PROSPECT_STATUSES, Prospect
from planner.service.context import ServiceContext
from planner.service.results import MergeResult, ServiceError
from planner.validation import clean_name, clean_text, parse_amount

# What `prospect edit` may change (DESIGN section 4); the rest is kept by the store.
EDITABLE = (
    "name",
    "company",
    "email",
    "phone",
    "status",
    "lost_reason",
    "value",
    "follow_up",
    "do_not_contact",
)


class ProspectEditor:
    """Edits, removals and merges, each checked first and written in one transaction."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context
        self._store = context.store

    def edit(self, prospect_id: int, **changes: object) -> Prospect:
        """Change the given fields of one prospect; a lost reason goes with status lost."""
        unknown = set(changes) - set(EDITABLE) - {"snoozed_until"}
        if unknown:
            raise ServiceError(f"a prospect has no field {sorted(unknown)[0]!r} to edit")
        clean = self._checked(changes)
        with self._store.transaction(f"edit prospect #{prospect_id}") as tx:
            current = tx.prospect(prospect_id)
            if current is None:
                raise ServiceError(f"no prospect #{prospect_id}")
            updated = dataclasses.replace(current, **clean)  # type: ignore[arg-type]
            if updated.status != "lost" and updated.lost_reason is not None:
                if "lost_reason" in clean and "status" not in clean:
                    updated = dataclasses.replace(updated, status="lost")
                else:
                    updated = dataclasses.replace(updated, lost_reason=None)
            tx.put_prospect(updated)
        return updated

    def _checked(self, changes: dict[str, object]) -> dict[str, object]:
        clean: dict[str, object] = {}
        for key, value in changes.items():
            if key == "name":
                value = clean_name(str(value))
            elif key in ("company", "email", "phone"):
                limit = {"company": 200, "email": 254, "phone": 40}[key]
                value = clean_text(str(value), limit=limit, what=key)
            elif key == "status" and value not in PROSPECT_STATUSES:
                raise ServiceError(f"unknown status {value!r} (use {', '.join(PROSPECT_STATUSES)})")
            elif key == "lost_reason" and value is not None and value not in LOST_REASONS:
                raise ServiceError(f"unknown lost reason {value!r} (use {', '.join(LOST_REASONS)})")
            elif key == "value" and value is not None and not isinstance(value, Decimal):
                value = parse_amount(str(value))
            elif key in ("follow_up", "snoozed_until") and value is not None:
                if not isinstance(value, date):
                    raise ServiceError(f"{key.replace('_', ' ')} must be a date")
            elif key == "do_not_contact":
                value = bool(value)
            clean[key] = value
        return clean

    def remove(self, prospect_id: int) -> Prospect:
        """Remove a prospect (undo brings it back). Its touches stay: the pace, the funnel and
        the review keep counting the calls and sales that happened."""
        with self._store.transaction(f"remove prospect #{prospect_id}") as tx:
            current = tx.prospect(prospect_id)
            if current is None:
                raise ServiceError(f"no prospect #{prospect_id}")
            tx.delete_prospect(prospect_id)
        return current

    def merge(self, keep_id: int, other_id: int) -> MergeResult:
        """Fold OTHER into KEEP: OTHER's touches move to KEEP, OTHER goes; one undo reverts it.

        KEEP's fields win, OTHER fills the ones KEEP left blank. The status and lost reason
        are those of the one contacted last; conversations add up and the stage is the
        furthest, so nothing is counted twice (the day summaries count touches, which only
        change hands). Do-not-contact holds if either had it; the earlier follow-up stays.
        """
        if keep_id == other_id:
            raise ServiceError("a prospect cannot be merged into itself")
        with self._store.transaction(f"merge prospect #{other_id} into #{keep_id}") as tx:
            keep, other = tx.prospect(keep_id), tx.prospect(other_id)
            if keep is None or other is None:
                raise ServiceError(f"no prospect #{keep_id if keep is None else other_id}")
            moved = self._store.touches_of(other_id)
            for touch in moved:
                tx.put_touch(dataclasses.replace(touch, prospect_id=keep_id))
            merged = _merged(keep, other)
            tx.put_prospect(merged)
            tx.delete_prospect(other_id)
        return MergeResult(merged, len(moved))


def _merged(keep: Prospect, other: Prospect) -> Prospect:
    # The one heard from last says where the deal stands; counts add up (each prospect
    # counted only its own touches), stages and dates take the furthest.
    latest = other if (other.last_contact or date.min) > (keep.last_contact or date.min) else keep
    if keep.status == "new" and other.status != "new" and keep.last_contact is None:
        latest = other
    follow_ups = [d for d in (keep.follow_up, other.follow_up) if d is not None]
    stages = ("none", "conversation", "meeting")
    return dataclasses.replace(
        keep,
        company=keep.company or other.company,
        email=keep.email or other.email,
        phone=keep.phone or other.phone,
        value=keep.value if keep.value is not None else other.value,
        do_not_contact=keep.do_not_contact or other.do_not_contact,
        status=latest.status,
        lost_reason=latest.lost_reason,
        cycle_start=latest.cycle_start,
        last_contact=max(
            (d for d in (keep.last_contact, other.last_contact) if d is not None), default=None
        ),
        best_stage=max(keep.best_stage, other.best_stage, key=stages.index),
        conversations=keep.conversations + other.conversations,
        follow_up=min(follow_ups, default=None),
    )
