"""Logging one touch: the outcome checked, the prospect found or created, both stored."""

from __future__ import annotations

from decimal import Decimal

from planner.models import OUTCOMES, SOURCES, Outcome, Prospect, Source, Touch
from planner.prospects import apply_touch, lead_days_for, source_of
from planner.service.context import ServiceContext
from planner.service.prospects import Prospects
from planner.service.resolve import named_in
from planner.service.results import LogResult, ServiceError
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
        new: bool = False,
    ) -> LogResult:
        """Store one touch; an unknown name creates a `new` prospect (``created`` says so).

        ``new`` creates the prospect ``prospect_ref`` names even when a longer name starts
        with it, in the same change as the touch: one undo removes both."""
        if outcome not in OUTCOMES:
            raise ServiceError(f"unknown outcome {outcome!r} (use {', '.join(OUTCOMES)})")
        if source is not None and source not in SOURCES:
            raise ServiceError(f"unknown source {source!r} (use new or old)")
        if amount is not None and outcome != "sale":
            raise ServiceError("only a sale carries an amount")
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
            tx.put_touch(touch)
            tx.put_prospect(updated)
        return LogResult(touch=touch, prospect=updated, created=created)

    def _refuse_twin(self, name: str) -> None:
        for pid, existing in self._store.prospect_names().items():
            if existing.casefold() == name.casefold():
                raise ServiceError(f"{existing} already exists as #{pid}: log to #{pid}")
