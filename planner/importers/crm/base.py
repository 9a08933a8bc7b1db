"""What every export format provides: its columns by role, and how one row becomes fields."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from planner.models import LostReason, ProspectStatus


@dataclass(slots=True)
class Fields:
    """One row's prospect fields before checks; "" and None mean the row does not say."""

    name: str = ""
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    email: str = ""
    phone: str = ""
    status: ProspectStatus | None = None
    implied_reason: LostReason | None = None  # a status word that carries one: "bad timing"
    lost_reason: LostReason | None = None
    last_contact: date | None = None
    do_not_contact: bool | None = None
    value: Decimal | None = None
    skip: str = ""  # why the row is left out without being an error ("deleted deal")


class Row(Protocol):
    """The cells of one record, by the roles its format gave the columns."""

    def text(self, role: str) -> str: ...

    def date(self, role: str) -> date | None: ...

    def money(self, role: str, what: str = ...) -> Decimal | None: ...

    def unknown(self, role: str, value: str) -> None:
        """Note a CRM value planner does not know (reported once per value, not an error)."""


@dataclass(frozen=True, slots=True)
class Profile:
    """One export format.

    ``roles`` maps a role to the headers it may have (in ``vocabulary.words`` form, first
    found wins); ``name_roles`` are the roles a prospect's name can come from, one of which
    the file must have; ``recognise`` tells the format from the set of headers.
    """

    key: str
    label: str
    roles: Mapping[str, tuple[str, ...]]
    date_roles: frozenset[str]
    name_roles: tuple[str, ...]
    recognise: Callable[[frozenset[str]], bool]
    interpret: Callable[[Row, Fields], None]


def latest(*days: date | None) -> date | None:
    """The most recent of the dates given: the last touch a CRM knows of."""
    known = [day for day in days if day is not None]
    return max(known) if known else None
