"""Salesforce opportunity reports: the stage says won, lost or still in play."""

from __future__ import annotations

from planner.importers.crm.base import Fields, Profile, Row, latest
from planner.importers.vocabulary import StatusWord, lost_reason_of, words

# The standard sales process; custom stages that say neither won nor lost are in play.
STAGES: dict[str, StatusWord] = {
    "prospecting": ("new", None),
    "qualification": ("active", None),
    "needs analysis": ("active", None),
    "value proposition": ("active", None),
    "id. decision makers": ("active", None),
    "perception analysis": ("active", None),
    "proposal/price quote": ("active", None),
    "negotiation/review": ("active", None),
    "closed won": ("won", None),
    "closed lost": ("lost", None),
}


def stage_status(text: str) -> StatusWord | None:
    key = words(text)
    if not key:
        return None
    found = STAGES.get(key)
    if found is not None:
        return found
    if "won" in key.split():
        return ("won", None)
    if "lost" in key.split():
        return ("lost", None)
    return ("active", None)


def _interpret(row: Row, fields: Fields) -> None:
    fields.name, fields.company = row.text("name"), row.text("company")
    fields.email, fields.phone = row.text("email"), row.text("phone")
    fields.value = row.money("amount")
    stage = stage_status(row.text("stage"))
    if stage is not None:
        fields.status = stage[0]
    # An open deal's close date is a forecast, not a touch: only closed deals count it.
    closed = stage is not None and stage[0] in ("won", "lost")
    fields.last_contact = latest(
        row.date("last_activity"), row.date("close_date") if closed else None
    )
    if fields.status == "lost":
        fields.lost_reason = lost_reason_of(row.text("lost_reason"))


def _recognise(headers: frozenset[str]) -> bool:
    return "opportunity name" in headers and bool(headers & {"stage", "account name", "close date"})


PROFILE = Profile(
    key="salesforce",
    label="Salesforce opportunity report",
    roles={
        "name": ("opportunity name",),
        "company": ("account name",),
        "stage": ("stage",),
        "amount": ("amount", "total amount", "amount (converted)"),
        "close_date": ("close date",),
        "last_activity": ("last activity", "last activity date"),
        "email": ("email", "contact email", "primary contact email"),
        "phone": ("phone", "contact phone", "account phone"),
        "lost_reason": ("loss reason", "lost reason", "closed lost reason", "reason lost"),
    },
    date_roles=frozenset({"close_date", "last_activity"}),
    name_roles=("name", "company"),
    recognise=_recognise,
    interpret=_interpret,
)
