"""Filtering prospects for the prospects screen: by status and by a fuzzy name query."""

from __future__ import annotations

from datetime import date

from planner.models import PROSPECT_STATUSES, Prospect
from planner.prospects import fuzzy_score

MAX_SHOWN = 200  # a table of 20,000 rows is slow to build and no one scrolls it
STATUS_FILTERS: tuple[str, ...] = ("all", *PROSPECT_STATUSES, "do-not-contact")


def filter_prospects(
    prospects: list[Prospect], query: str, status: str, limit: int = MAX_SHOWN
) -> tuple[list[Prospect], int]:
    """(the best ``limit`` matches, how many matched in all).

    With a query: best fuzzy score on the name (a company containing the query counts
    too), then name. Without: the most recently contacted first, never contacted last.
    """
    wanted = query.strip()
    keyed: list[tuple[tuple[int, str, int], Prospect]] = []
    for prospect in prospects:
        if status == "do-not-contact":
            if not prospect.do_not_contact:
                continue
        elif status != "all" and prospect.status != status:
            continue
        if wanted:
            score = fuzzy_score(prospect.name, wanted)
            if score is None and wanted.casefold() in prospect.company.casefold():
                score = 500
            if score is None:
                continue
            keyed.append(((score, prospect.name.casefold(), prospect.id), prospect))
        else:
            last = prospect.last_contact or date.min
            keyed.append(((-last.toordinal(), prospect.name.casefold(), prospect.id), prospect))
    keyed.sort(key=lambda pair: pair[0])
    return [p for _, p in keyed[:limit]], len(keyed)


def next_filter(current: str) -> str:
    index = STATUS_FILTERS.index(current) if current in STATUS_FILTERS else 0
    return STATUS_FILTERS[(index + 1) % len(STATUS_FILTERS)]
