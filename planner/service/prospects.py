"""Finding a prospect by what the seller types, adding one, editing one, snoozing one."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

from planner.models import LostReason, Prospect, ProspectStatus
from planner.prospects import match_names
from planner.service.context import ServiceContext
from planner.service.resolve import refuse_twin
from planner.service.results import AmbiguousProspectError, ServiceError
from planner.validation import clean_name, clean_text


class Prospects:
    """Prospect lookups by name or #ID, and the writes that change one prospect."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context
        self._store = context.store

    def find(self, query: str) -> Prospect | None:
        """``#ID``, an exact name or a unique prefix; None when nothing matches."""
        text = query.strip()
        if text.startswith("#"):
            try:
                wanted = int(text[1:])
            except ValueError as error:
                raise ServiceError(f"{text!r} is not a prospect id (use #12)") from error
            found = self._store.prospect(wanted)
            if found is None:
                raise ServiceError(f"no prospect {text}")
            return found
        ids = match_names(self._store.prospect_names(), text)
        if not ids:
            return None
        if len(ids) > 1:
            raise AmbiguousProspectError(text, [p for i in ids if (p := self._store.prospect(i))])
        return self._store.prospect(ids[0])

    def add(
        self,
        name: str,
        *,
        company: str = "",
        email: str = "",
        phone: str = "",
        status: ProspectStatus = "new",
        lost_reason: LostReason | None = None,
        last_contact: date | None = None,
        do_not_contact: bool = False,
        value: Decimal | None = None,
    ) -> Prospect:
        clean = clean_name(name)
        company_text = clean_text(company, limit=200, what="company")
        if last_contact is not None and last_contact > self._context.today:
            raise ServiceError(f"last contact {last_contact} is in the future")
        if lost_reason is not None and status != "lost":
            raise ServiceError("a lost reason is only for a prospect with status lost")
        with self._store.transaction(f"add prospect {clean}") as tx:
            refuse_twin(tx, clean, company_text)  # under the lock: never two of one person
            prospect = Prospect(
                id=tx.new_id("prospect"),
                name=clean,
                company=company_text,
                email=clean_text(email, limit=254, what="email"),
                phone=clean_text(phone, limit=40, what="phone"),
                status=status,
                lost_reason=lost_reason,
                last_contact=last_contact,
                do_not_contact=do_not_contact,
                value=value,
            )
            tx.put_prospect(prospect)
        return prospect

    def update(self, prospect_id: int, **changes: object) -> Prospect:
        """Edit status, lost reason, do-not-contact and the other plain fields."""
        if "name" in changes:
            changes["name"] = clean_name(str(changes["name"]))
        with self._store.transaction(f"edit prospect #{prospect_id}") as tx:
            current = tx.prospect(prospect_id)
            if current is None:
                raise ServiceError(f"no prospect #{prospect_id}")
            updated = dataclasses.replace(current, **changes)  # type: ignore[arg-type]
            if updated.status != "lost" and updated.lost_reason is not None:
                updated = dataclasses.replace(updated, lost_reason=None)
            tx.put_prospect(updated)
        return updated

    def snooze(self, prospect_id: int) -> date:
        """Move a prospect out of the queue until the next working day."""
        today = self._context.today
        next_day = self._context.calendar([today.year, today.year + 1]).next_working_day(today)
        until = next_day or today + timedelta(days=1)
        self.update(prospect_id, snoozed_until=until)
        return until
