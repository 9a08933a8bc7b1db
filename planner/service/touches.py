"""Logging one touch: the outcome checked, the prospect found or created, both stored."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from planner.models import (
    LOST_REASONS,
    OUTCOMES,
    SOURCES,
    LostReason,
    Outcome,
    Prospect,
    Source,
    Touch,
)
from planner.prospects import apply_touch, lead_days_for, source_of
from planner.service.context import ServiceContext
from planner.service.prospects import Prospects
from planner.service.resolve import named_in
from planner.service.results import LogResult, ServiceError
from planner.store import Transaction
from planner.validation import (
    MAX_NOTE_LENGTH,
    clean_name,
    clean_text,
    default_at,
    parse_amount,
    parse_at,
)


class TouchLog:
    """Stores the touches the seller logs by hand (the CLI's `log`, the TUI's keys)."""

    def __init__(self, context: ServiceContext, prospects: Prospects) -> None:
        self._context = context
        self._store = context.store
        self._prospects = prospects

    def log(
        self,
        prospect_ref: str | int,
        outcome: Outcome,
        *,
        amount: str | Decimal | None = None,
        note: str = "",
        at: str | None = None,
        source: Source | None = None,
        follow_up: date | None = None,
        lost_reason: LostReason | None = None,
        new: bool = False,
    ) -> LogResult:
        """Store one touch; an unknown name creates a `new` prospect (``created`` says so),
        unless it looks like a typo of a known one ("did you mean ...?").

        ``new`` creates the prospect ``prospect_ref`` names even when a longer name starts
        with it or a known name is close to it, in the same change as the touch: one undo
        removes both. The touch clears the prospect's follow-up; ``follow_up`` sets the
        next one (a booked meeting's day). ``lost_reason`` records why a not-interested
        said no.
        """
        if outcome not in OUTCOMES:
            raise ServiceError(f"unknown outcome {outcome!r} (use {', '.join(OUTCOMES)})")
        if source is not None and source not in SOURCES:
            raise ServiceError(f"unknown source {source!r} (use new or old)")
        if amount is not None and outcome != "sale":
            raise ServiceError("only a sale carries an amount")
        if lost_reason is not None and outcome != "not-interested":
            raise ServiceError("a lost reason goes with --outcome not-interested")
        if lost_reason is not None and lost_reason not in LOST_REASONS:
            raise ServiceError(
                f"unknown lost reason {lost_reason!r} (use {', '.join(LOST_REASONS)})"
            )
        value = parse_amount(amount) if amount is not None else None
        clean_note = clean_text(note, limit=MAX_NOTE_LENGTH, what="note", one_line=False)
        timezone = self._context.settings().timezone
        today = self._context.today
        now = self._context.now()
        when = (
            parse_at(at, timezone=timezone, today=today, now=now)
            if at
            else default_at(timezone=timezone, today=today, now=now or self._context.clock())
        )
        existing: Prospect | None
        if new:
            self._refuse_twin(clean_name(str(prospect_ref)))
            existing = None
        elif isinstance(prospect_ref, int):
            existing = self._store.prospect(prospect_ref)
            if existing is None:
                raise ServiceError(f"no prospect #{prospect_ref}")
        else:
            existing = self._prospects.find(prospect_ref)
        name = existing.name if existing else clean_name(str(prospect_ref))
        if existing is None and not new:
            self._prospects.refuse_typo(name)
        with self._store.transaction(f"log {outcome} with {name}") as tx:
            if existing is None:
                # Asked again under the lock: another process may have created it meanwhile.
                existing = named_in(tx, name)
            created = existing is None
            if existing is None:
                prospect = Prospect(id=tx.new_id("prospect"), name=name)
            else:
                fresh = tx.prospect(existing.id)
                if fresh is None:
                    raise ServiceError(f"prospect #{existing.id} was deleted meanwhile")
                prospect = fresh
            touch = Touch(
                id=tx.new_id("touch"),
                prospect_id=prospect.id,
                at=when,
                outcome=outcome,
                source=source or source_of(prospect),
                amount=value,
                note=clean_note,
                lead_days=lead_days_for(prospect, when.date()) if outcome == "sale" else None,
            )
            updated = apply_touch(prospect, touch)
            if follow_up is not None or lost_reason is not None:
                updated = dataclasses.replace(
                    updated,
                    follow_up=follow_up,
                    lost_reason=lost_reason or updated.lost_reason,
                )
            tx.put_touch(touch)
            tx.put_prospect(updated)
        return LogResult(touch=touch, prospect=updated, created=created)

    def add_note(self, prospect_id: int, text: str) -> Touch:
        """Add ``text`` to the note of the prospect's newest touch, in one undoable change.

        An existing note is kept and the new text follows it ("; "): a note written in a
        hurry right after the call is never overwritten by a later thought."""
        addition = clean_text(text, limit=MAX_NOTE_LENGTH, what="note", one_line=False).strip()
        if not addition:
            raise ServiceError("an empty note adds nothing")
        prospect = self._store.prospect(prospect_id)
        if prospect is None:
            raise ServiceError(f"no prospect #{prospect_id}")
        with self._store.transaction(f"note on {prospect.name}'s last touch") as tx:
            last = self._last_touch(tx, prospect)
            if last is None:
                raise ServiceError(f"{prospect.name} has no touch to add a note to")
            note = f"{last.note}; {addition}" if last.note else addition
            if len(note) > MAX_NOTE_LENGTH:
                raise ServiceError(f"the note would pass {MAX_NOTE_LENGTH} characters")
            amended = dataclasses.replace(last, note=note)
            tx.put_touch(amended)  # same id, same month: replaces the stored touch
        return amended

    def _last_touch(self, tx: Transaction, prospect: Prospect) -> Touch | None:
        # The newest touch sits on or after the last contact: read those months first (a
        # write stays O(this month)); a last contact set by an import may predate any touch.
        today = self._context.today
        if prospect.last_contact is not None and prospect.last_contact <= today:
            recent = [
                t for t in tx.touches(prospect.last_contact, today) if t.prospect_id == prospect.id
            ]
            if recent:
                return recent[-1]
        every = self._store.touches_of(prospect.id)
        if not every:
            return None
        newest = every[-1]
        fresh = [t for t in tx.touches(newest.day, today) if t.prospect_id == prospect.id]
        return fresh[-1] if fresh else None

    def _refuse_twin(self, name: str) -> None:
        for pid, existing in self._store.prospect_names().items():
            if existing.casefold() == name.casefold():
                raise ServiceError(f"{existing} already exists as #{pid}: log to #{pid}")
