"""Who a prospect is, decided under the write lock: the re-check that keeps one prospect per
name however many processes log, add or import at once.

A name looked up before the lock is taken may be created by another process before this one
gets the lock; so every write that may create a prospect asks again here, inside its
transaction (``Transaction.prospect_names`` sees what is on disk under the lock plus the
transaction's own puts), and uses what it finds instead of creating a twin.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from planner.models import Prospect
from planner.service.results import AmbiguousProspectError, ServiceError

if TYPE_CHECKING:
    from planner.store import Transaction


def normalised(text: str) -> str:
    """A name or company as compared for twins: composed, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def twin_key(name: str, company: str) -> tuple[str, str]:
    """What makes two prospects one person: the same normalised name and company."""
    return normalised(name), normalised(company)


def named_in(tx: Transaction, name: str) -> Prospect | None:
    """Under the lock: the one prospect called exactly ``name`` (normalised), None when there
    is none; several are an AmbiguousProspectError (use the #ID)."""
    wanted = normalised(name)
    ids = sorted(pid for pid, found in tx.prospect_names().items() if normalised(found) == wanted)
    prospects = [p for pid in ids if (p := tx.prospect(pid)) is not None]
    if len(prospects) > 1:
        raise AmbiguousProspectError(name, prospects)
    return prospects[0] if prospects else None


def twin_in(tx: Transaction, name: str, company: str) -> Prospect | None:
    """Under the lock: a prospect with the same normalised name and company, if any."""
    wanted = twin_key(name, company)
    for pid, found in sorted(tx.prospect_names().items()):
        if normalised(found) != wanted[0]:
            continue
        prospect = tx.prospect(pid)
        if prospect is not None and twin_key(prospect.name, prospect.company) == wanted:
            return prospect
    return None


def refuse_twin(tx: Transaction, name: str, company: str) -> None:
    """`prospect add`'s check, under the lock: the same person is never added twice."""
    twin = twin_in(tx, name, company)
    if twin is not None:
        raise ServiceError(
            f"{twin.name} already exists as #{twin.id}"
            + (f" at {twin.company}" if twin.company else "")
            + ": give --company to add someone else of that name"
        )
