"""Tell an export's format from its header row, or say how to map it by hand."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from planner.importers.crm import hubspot, pipedrive, planner_csv, salesforce
from planner.importers.crm.base import Profile
from planner.importers.csvfile import CsvError
from planner.importers.mapping import show_headers
from planner.importers.vocabulary import words

Source = Literal["auto", "planner", "hubspot", "salesforce", "pipedrive"]
SOURCES: tuple[Source, ...] = ("auto", "planner", "hubspot", "salesforce", "pipedrive")
PROFILES: dict[str, Profile] = {
    profile.key: profile
    for profile in (
        hubspot.PROFILE,
        salesforce.PROFILE,
        pipedrive.PROFILE,
        planner_csv.PROFILE,
    )
}

# Hints for the --map example in the error: the first header matching each pattern.
_HINTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("company", re.compile(r"account|company|organi[sz]ation|business|firm")),
    ("email", re.compile(r"\be ?mail")),
    ("phone", re.compile(r"phone|mobile|tel")),
    ("status", re.compile(r"stage|status|state|outcome")),
    ("last_contact", re.compile(r"close|last|contact(ed)? date|activity")),
    ("value", re.compile(r"value|amount|revenue|price|deal size")),
    ("name", re.compile(r"\bname\b|contact|person|lead|title|\bid\b|opportunity")),
)


def detect(headers: Sequence[str]) -> Profile | None:
    """The one format whose signature the headers carry, else None."""
    found = frozenset(words(h) for h in headers if h)
    for profile in PROFILES.values():
        if profile.recognise(found):
            return profile
    return None


def choose(headers: Sequence[str], source: str, *, mapped: bool, name: str) -> Profile:
    """The format named by --from, else the detected one; with --map, planner's own columns
    plus the maps serve any export."""
    if source != "auto":
        profile = PROFILES.get(source)
        if profile is None:
            raise CsvError(f"unknown format {source!r} (use {', '.join(SOURCES)})")
        return profile
    found = detect(headers)
    if found is not None:
        return found
    if mapped:
        return planner_csv.PROFILE
    raise CsvError(
        f"{name}: line 1: not a HubSpot, Salesforce, Pipedrive or planner CSV "
        f"(headers: {show_headers(headers)}); map its columns, e.g. {suggest_maps(headers)}"
    )


def suggest_maps(headers: Sequence[str]) -> str:
    """A --map line guessed from the header names, to show the syntax on this very file.

    Columns already named like a field need no map and are left out of it."""
    normal = [words(header) for header in headers]
    named = {field for field, _ in _HINTS if words(field) in normal}
    taken = {normal.index(words(field)) for field in named}
    chosen: dict[str, int] = {}
    for field, pattern in _HINTS:
        if field in named:
            continue
        for index, text in enumerate(normal):
            if index in taken or not text or not pattern.search(text):
                continue
            if field == "last_contact" and not re.search(r"date|time|close|last", text):
                continue
            chosen[field] = index
            taken.add(index)
            break
    if "name" not in chosen and "name" not in named:
        free = [i for i, text in enumerate(normal) if text and i not in taken]
        if free:
            chosen["name"] = free[0]
    order = ("name", "company", "email", "phone", "status", "last_contact", "value")
    parts = [f"--map {_quote(headers[chosen[f]])}={f}" for f in order if f in chosen]
    return " ".join(parts) or "--map COLUMN=name"


def _quote(header: str) -> str:
    return header if re.fullmatch(r"[A-Za-z0-9_.-]+", header) else f"'{header}'"
