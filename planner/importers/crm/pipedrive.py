"""Pipedrive deal exports ("Entity - Field" headers): the deal's person is the prospect."""

from __future__ import annotations

from planner.importers.crm.base import Fields, Profile, Row, latest
from planner.importers.vocabulary import StatusWord, lost_reason_of, words

STATUSES: dict[str, StatusWord] = {
    "open": ("active", None),
    "won": ("won", None),
    "lost": ("lost", None),
}


def _interpret(row: Row, fields: Fields) -> None:
    status_text = words(row.text("status"))
    if status_text == "deleted":
        fields.skip = "a deleted deal"
        return
    fields.name = row.text("contact") or row.text("title")
    fields.company = row.text("organization")
    fields.email, fields.phone = row.text("email"), row.text("phone")
    fields.value = row.money("value")
    fields.last_contact = latest(
        row.date("won_time"), row.date("lost_time"), row.date("last_activity")
    )
    found = STATUSES.get(status_text)
    if status_text and found is None:
        row.unknown("status", row.text("status"))
    if found is not None:
        fields.status = found[0]
        # A deal still in the pipeline's first stage has not been worked yet.
        if found[0] == "active" and words(row.text("stage")) == "lead in":
            fields.status = "new"
    if fields.status == "lost":
        fields.lost_reason = lost_reason_of(row.text("lost_reason"))


def _recognise(headers: frozenset[str]) -> bool:
    return "deal title" in headers or (
        sum(1 for header in headers if header.startswith("deal ")) >= 3
        and bool(headers & {"deal status", "deal value"})
    )


PROFILE = Profile(
    key="pipedrive",
    label="Pipedrive deals",
    roles={
        "title": ("deal title",),
        "value": ("deal value",),
        "status": ("deal status",),
        "stage": ("deal stage",),
        "lost_reason": ("deal lost reason",),
        "won_time": ("deal won time",),
        "lost_time": ("deal lost time",),
        "last_activity": ("deal last activity date",),
        "organization": ("deal organization", "organization", "organization name"),
        "contact": ("deal contact person", "contact person", "person name"),
        "email": ("person email", "person email work", "deal contact person email"),
        "phone": ("person phone", "person phone work", "deal contact person phone"),
    },
    date_roles=frozenset({"won_time", "lost_time", "last_activity"}),
    name_roles=("contact", "title", "organization"),
    recognise=_recognise,
    interpret=_interpret,
)
