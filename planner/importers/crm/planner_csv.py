"""planner's own prospect CSV (DESIGN section 4), whose columns are the fields `--map` names."""

from __future__ import annotations

from planner.importers.crm.base import Fields, Profile, Row
from planner.importers.values import parse_flag
from planner.importers.vocabulary import lost_reason_of, status_of, words

# Every planner field a column can feed (`--map COLUMN=FIELD`); "ignore" drops a column.
FIELDS = (
    "name",
    "first_name",
    "last_name",
    "company",
    "email",
    "phone",
    "status",
    "lost_reason",
    "last_contact",
    "do_not_contact",
    "value",
)
_TEXT = frozenset({"name", "first_name", "last_name", "company", "email", "phone"})


def apply_field(fields: Fields, field: str, row: Row, role: str) -> None:
    """Read the cell(s) of ``role`` as planner's ``field`` into ``fields``."""
    if field in _TEXT:
        setattr(fields, field, row.text(role))
    elif field == "status":
        found = status_of(row.text(role))
        fields.status, fields.implied_reason = found if found else (None, None)
    elif field == "lost_reason":
        fields.lost_reason = lost_reason_of(row.text(role))
    elif field == "last_contact":
        fields.last_contact = row.date(role)
    elif field == "do_not_contact":
        fields.do_not_contact = parse_flag(row.text(role))
    elif field == "value":
        fields.value = row.money(role)


def _interpret(row: Row, fields: Fields) -> None:
    for field in FIELDS:
        apply_field(fields, field, row, field)


def _recognise(headers: frozenset[str]) -> bool:
    # Only planner's own columns: an export with other columns is some other format.
    return "name" in headers and headers <= {words(c) for c in FIELDS}


PROFILE = Profile(
    key="planner",
    label="planner prospect CSV",
    roles={field: (words(field),) for field in FIELDS},
    date_roles=frozenset({"last_contact"}),
    name_roles=("name", "first_name", "last_name", "email", "company"),
    recognise=_recognise,
    interpret=_interpret,
)
