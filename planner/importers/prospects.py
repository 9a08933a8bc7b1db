"""Prospect rows from any export: the format's fields, the seller's maps, checks per row."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from planner.importers.crm.base import Fields, Profile
from planner.importers.crm.planner_csv import FIELDS, apply_field
from planner.importers.csvfile import CsvError, RowError, read_csv
from planner.importers.dates import DateOrder
from planner.importers.detect import choose
from planner.importers.mapping import MAPPED, Binding, RowView, bind, parse_maps, show_headers
from planner.importers.progress import Progress, ticker
from planner.importers.values import clean_cell
from planner.models import LostReason, ProspectStatus
from planner.validation import MAX_NAME_LENGTH, ValidationError

NAME_FIELDS = ("name", "first_name", "last_name", "email", "company")


@dataclass(frozen=True, slots=True)
class Draft:
    """One checked row, ready to create or update a prospect.

    ``named`` is False when the name fell back to the email or company (the row had no
    name): such a name never replaces a real one on update.
    """

    line: int
    name: str
    named: bool
    company: str
    email: str
    phone: str
    status: ProspectStatus | None
    lost_reason: LostReason | None
    last_contact: date | None
    do_not_contact: bool | None
    value: Decimal | None


@dataclass(slots=True)
class ProspectRows:
    """What a file holds: checked rows, bad rows, rows left out on purpose, and notes."""

    file: str
    label: str
    drafts: list[Draft]
    errors: list[RowError]
    ignored: list[RowError]
    warnings: list[str] = field(default_factory=list)


def read_prospects(
    path: Path,
    *,
    today: date,
    source: str = "auto",
    maps: Sequence[str] = (),
    date_order: DateOrder | None = None,
    progress: Progress | None = None,
) -> ProspectRows:
    """Every row of ``path`` as a Draft or a RowError; a CsvError when the file is unusable."""
    table = read_csv(path)
    pairs = parse_maps(maps, FIELDS)
    profile = choose(table.headers, source, mapped=bool(pairs), name=table.name)
    binding = bind(
        table,
        profile.roles,
        profile.date_roles | {MAPPED + "last_contact"},
        pairs,
        date_order,
    )
    _check_name_source(profile, binding, table.name, table.headers)
    view = RowView(binding)
    mapped = binding.mapped()
    drafts: list[Draft] = []
    errors = list(table.errors)
    ignored: list[RowError] = []
    future = 0
    tick = ticker(progress, len(table.rows), "Reading")
    for line, cells in table.rows:
        tick()
        view.load(line, cells)
        fields = Fields()
        try:
            profile.interpret(view, fields)
            for name in mapped:
                apply_field(fields, name, view, MAPPED + name)
            if fields.skip:
                ignored.append(RowError(line, fields.skip))
                continue
            draft = finish(line, fields)
        except ValidationError as error:
            errors.append(RowError(line, str(error)))
            continue
        if draft.last_contact is not None and draft.last_contact > today:
            future += 1
            draft = dataclasses.replace(draft, last_contact=today)
        drafts.append(draft)
    errors.sort(key=lambda error: error.line)
    label = profile.label if not mapped or profile.key != "planner" else "columns mapped by --map"
    warnings = [*table.warnings, *_unknown_notes(view, binding, table.headers)]
    if future:
        rows = "row" if future == 1 else "rows"
        warnings.append(f"a last contact after today ({today}) is read as today: {future:,} {rows}")
    return ProspectRows(table.name, label, drafts, errors, ignored, warnings)


def _check_name_source(profile: Profile, binding: Binding, file: str, headers: list[str]) -> None:
    if any(binding.has(role) for role in profile.name_roles):
        return
    if any(binding.has(MAPPED + name) for name in NAME_FIELDS):
        return
    wanted = " or ".join(repr(profile.roles[role][0]) for role in profile.name_roles[:3])
    raise CsvError(
        f"{file}: line 1: no column gives a prospect's name: a {profile.label} file has "
        f"{wanted} (headers: {show_headers(headers)}); pass --map COLUMN=name"
    )


def _unknown_notes(view: RowView, binding: Binding, headers: list[str]) -> list[str]:
    notes: list[str] = []
    for (role, value), count in sorted(view.unknown_values().items()):
        column = headers[binding.roles[role][0]] if role in binding.roles else role
        rows = "row" if count == 1 else "rows"
        notes.append(f"{column} {value!r} is not a value planner knows, ignored: {count:,} {rows}")
    return notes[:10]


def finish(line: int, fields: Fields) -> Draft:
    """Checks and fallbacks: the name from first and last name, else the email or company."""
    given = fields.name or " ".join(p for p in (fields.first_name, fields.last_name) if p)
    name = clean_cell(given or fields.email or fields.company, MAX_NAME_LENGTH, "name")
    if not name:
        raise ValidationError("no name: the name, email and company cells are all empty")
    status = fields.status
    if status is None and fields.lost_reason is not None:
        status = "lost"
    reason = (fields.lost_reason or fields.implied_reason) if status == "lost" else None
    return Draft(
        line=line,
        name=name,
        named=bool(given),
        company=clean_cell(fields.company, 200, "company"),
        email=clean_cell(fields.email.removeprefix("mailto:"), 254, "email"),
        phone=clean_cell(fields.phone, 40, "phone"),
        status=status,
        lost_reason=reason,
        last_contact=fields.last_contact,
        do_not_contact=fields.do_not_contact,
        value=fields.value,
    )
