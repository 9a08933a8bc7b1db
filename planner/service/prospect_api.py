"""The prospect half of PlannerService: find, add, edit, remove, merge, follow-ups.

Every change to a prospect is an input of the day plan, so each one rebuilds today's plan
(when there is one) after its own write.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from planner.models import LostReason, Prospect, ProspectStatus, Touch
from planner.service.context import ServiceContext
from planner.service.reads import Reader
from planner.service.results import MergeResult

if TYPE_CHECKING:
    from planner.service.editing import ProspectEditor
    from planner.service.prospects import Prospects


class ProspectAPI:
    """Mixed into PlannerService, which supplies the context, the reader and ``_replan``."""

    _context: ServiceContext
    _reader: Reader

    def _replan(self) -> None:
        raise NotImplementedError  # PlannerService rebuilds the day plan

    @cached_property
    def _prospects(self) -> Prospects:
        from planner.service.prospects import Prospects  # late: the text validators

        return Prospects(self._context)

    @cached_property
    def _editor(self) -> ProspectEditor:
        from planner.service.editing import ProspectEditor  # late: the text validators

        return ProspectEditor(self._context)

    def prospects(self, status: ProspectStatus | None = None) -> list[Prospect]:
        return self._reader.prospects(status)

    def prospect(self, prospect_id: int) -> Prospect | None:
        return self._reader.prospect(prospect_id)

    def prospect_names(self) -> dict[int, str]:
        """Id -> name of every prospect (for the search box): one small derived file."""
        return self._reader.prospect_names()

    def find_prospect(self, query: str) -> Prospect | None:
        """``#ID``, an exact name or a unique prefix; None when nothing matches."""
        return self._prospects.find(query)

    def resolve_prospect(self, query: str) -> Prospect:
        """Like ``find_prospect``, but nothing found is an error that says so (and names a
        likely typo's original)."""
        from planner.service.results import ServiceError

        found = self._prospects.find(query)
        if found is None:
            self._prospects.refuse_typo(query.strip())
            raise ServiceError(f"no prospect matches {query.strip()!r}")
        return found

    def due_follow_ups(self) -> list[Prospect]:
        """Prospects whose follow-up is due (on or before today), the longest overdue first."""
        today = self._context.today
        due = [p for p in self._reader.prospects(None) if p.follow_up and p.follow_up <= today]
        return sorted(due, key=lambda p: (p.follow_up or today, p.id))

    def add_prospect(
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
        new: bool = False,
    ) -> Prospect:
        """Add a prospect; a likely typo of a known name needs ``new`` to be created."""
        added = self._prospects.add(
            name,
            company=company,
            email=email,
            phone=phone,
            status=status,
            lost_reason=lost_reason,
            last_contact=last_contact,
            do_not_contact=do_not_contact,
            value=value,
            new=new,
        )
        self._replan()
        return added

    def update_prospect(self, prospect_id: int, **changes: object) -> Prospect:
        """Set fields as given (status, lost reason, do-not-contact, snooze, ...)."""
        updated = self._prospects.update(prospect_id, **changes)
        self._replan()
        return updated

    def edit_prospect(self, prospect_id: int, **changes: object) -> Prospect:
        """`prospect edit`: any field of DESIGN section 4, checked; undoable."""
        edited = self._editor.edit(prospect_id, **changes)
        self._replan()
        return edited

    def set_follow_up(self, prospect_id: int, day: date | None) -> Prospect:
        """Book (or, with None, clear) the date to call the prospect back."""
        return self.edit_prospect(prospect_id, follow_up=day)

    def remove_prospect(self, prospect_id: int) -> Prospect:
        """Remove a prospect (undoable); its touches stay counted."""
        removed = self._editor.remove(prospect_id)
        self._replan()
        return removed

    def merge_prospects(self, keep_id: int, other_id: int) -> MergeResult:
        """OTHER's touches move to KEEP and OTHER goes, in one undoable write."""
        merged = self._editor.merge(keep_id, other_id)
        self._replan()
        return merged

    def history(self, prospect_id: int) -> list[Touch]:
        """Every touch of the prospect, oldest first."""
        return self._reader.history(prospect_id)

    def snooze(self, prospect_id: int) -> date:
        """Move a prospect out of the queue until the next working day."""
        return self._prospects.snooze(prospect_id)
