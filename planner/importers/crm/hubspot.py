"""HubSpot contact exports: a contact's lifecycle stage and lead status become its status."""

from __future__ import annotations

from planner.importers.crm.base import Fields, Profile, Row, latest
from planner.importers.vocabulary import StatusWord, words

# Lifecycle "customer" wins over any lead status; otherwise the lead status decides, and
# the lifecycle stage is the fallback when the lead status is empty or unknown.
LIFECYCLE: dict[str, StatusWord] = {
    "subscriber": ("new", None),
    "lead": ("new", None),
    "marketing qualified lead": ("new", None),
    "marketingqualifiedlead": ("new", None),
    "sales qualified lead": ("active", None),
    "salesqualifiedlead": ("active", None),
    "opportunity": ("active", None),
    "customer": ("won", None),
    "evangelist": ("won", None),
}
LEAD_STATUS: dict[str, StatusWord] = {
    "new": ("new", None),
    "open": ("active", None),
    "in progress": ("active", None),
    "open deal": ("active", None),
    "attempted to contact": ("active", None),
    "connected": ("active", None),
    "bad timing": ("lost", "timing"),
    "unqualified": ("lost", "no-fit"),
}


def _interpret(row: Row, fields: Fields) -> None:
    fields.first_name, fields.last_name = row.text("first_name"), row.text("last_name")
    fields.email, fields.phone = row.text("email"), row.text("phone")
    fields.company = row.text("company")
    fields.last_contact = latest(row.date("last_activity"), row.date("last_contacted"))
    lifecycle_text, lead_text = row.text("lifecycle"), row.text("lead_status")
    lifecycle = LIFECYCLE.get(words(lifecycle_text))
    lead = LEAD_STATUS.get(words(lead_text))
    if lifecycle_text and lifecycle is None and lifecycle_text.casefold() != "other":
        row.unknown("lifecycle", lifecycle_text)
    if lead_text and lead is None:
        row.unknown("lead_status", lead_text)
    chosen = lifecycle if lifecycle and lifecycle[0] == "won" else lead or lifecycle
    if chosen is not None:
        fields.status, fields.implied_reason = chosen


def _recognise(headers: frozenset[str]) -> bool:
    has_person = bool(headers & {"first name", "last name", "email"})
    return has_person and bool(headers & {"record id", "lifecycle stage", "lead status"})


PROFILE = Profile(
    key="hubspot",
    label="HubSpot contacts",
    roles={
        "first_name": ("first name",),
        "last_name": ("last name",),
        "email": ("email", "email address"),
        "phone": ("phone number", "phone", "mobile phone number"),
        "company": ("company name", "company", "associated company"),
        "lifecycle": ("lifecycle stage",),
        "lead_status": ("lead status",),
        "last_activity": ("last activity date",),
        "last_contacted": ("last contacted",),
    },
    date_roles=frozenset({"last_activity", "last_contacted"}),
    name_roles=("first_name", "last_name", "email"),
    recognise=_recognise,
    interpret=_interpret,
)
