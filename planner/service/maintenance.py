"""The data dir as a whole: doctor (files, then twin prospects), repair, backups, restore,
and the one-line notices the store collected, so that no front end touches the store."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from planner.models import Prospect
from planner.service.context import ServiceContext
from planner.service.resolve import twin_key
from planner.store import StoreError
from planner.store.records import DoctorReport
from planner.store.repair import RepairReport

MERGE_HINT = "merge them with `planner prospect merge KEEP OTHER`"


def find_twins(prospects: list[Prospect]) -> list[list[Prospect]]:
    """Groups of two or more prospects with the same normalised name and company, by id."""
    groups: dict[tuple[str, str], list[Prospect]] = {}
    for prospect in sorted(prospects, key=lambda p: p.id):
        groups.setdefault(twin_key(prospect.name, prospect.company), []).append(prospect)
    return [group for group in groups.values() if len(group) > 1]


def twin_problem(group: list[Prospect]) -> str:
    """One line for ``doctor``: which prospects are twins and how to fix it."""
    first = group[0]
    ids = ", ".join(f"#{p.id}" for p in group)
    company = f" at {first.company}" if first.company else ""
    return (
        f"prospects {ids} are one person ({first.name!r}{company}): {MERGE_HINT} "
        f"(e.g. planner prospect merge '#{group[0].id}' '#{group[1].id}')"
    )


class Maintenance:
    """doctor, doctor --repair, backup, the backups, restore and notices."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context
        self._store = context.store

    def doctor(self) -> DoctorReport:
        """Every file checked by the store; then, when the prospects read, twins (the same
        name and company twice) are a problem too, with the command that fixes them."""
        report = self._store.doctor()
        try:
            prospects = self._store.prospects()
        except StoreError:
            return report  # the store's report already names the file that does not read
        twins = [twin_problem(group) for group in find_twins(prospects)]
        if not twins:
            return report
        return dataclasses.replace(
            report, ok=False, problems=(*report.problems, *twins), repairable=False
        )

    def repair(self) -> RepairReport:
        return self._store.repair_derived()

    def backup(self) -> str:
        return self._store.backup()

    def backups(self) -> list[tuple[str, datetime, int]]:
        return self._store.list_backups()

    def restore(self, name: str) -> list[str]:
        return self._store.restore(name)

    def notices(self) -> list[str]:
        return self._store.notices()
