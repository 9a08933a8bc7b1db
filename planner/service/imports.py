"""CSV imports: the importers read and match the rows, this writes them in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from planner.importers.activity import read_activity
from planner.importers.dates import DateOrder
from planner.importers.gcpause import collector_paused
from planner.importers.merge import plan_import
from planner.importers.progress import Progress
from planner.importers.prospects import read_prospects
from planner.importers.results import (
    ActivityImport,
    DryRunDone,
    ProspectImport,
    enforce_all_or_nothing,
)
from planner.importers.touches import match_touches
from planner.service.context import ServiceContext
from planner.service.results import ServiceError


class Imports:
    """Each import is one atomic write: all good rows or nothing; a dry run writes nothing.

    A dry run plans everything inside the transaction (new ids included), then abandons it.
    """

    def __init__(self, context: ServiceContext) -> None:
        self._context = context
        self._store = context.store

    def prospects(
        self,
        path: Path,
        *,
        source: str = "auto",
        maps: Iterable[str] = (),
        dry_run: bool = False,
        skip_bad_rows: bool = False,
        date_order: DateOrder | None = None,
        progress: Progress | None = None,
    ) -> ProspectImport:
        """Create or update prospects from a CRM export or planner's own prospect CSV.

        A file with bad rows imports nothing unless ``skip_bad_rows``.
        """
        with collector_paused():
            found = read_prospects(
                path,
                today=self._context.today,
                source=source,
                maps=tuple(maps),
                date_order=date_order,
                progress=progress,
            )
            enforce_all_or_nothing(
                found.file,
                found.errors,
                len(found.drafts),
                skip_bad_rows=skip_bad_rows,
                left_out=found.ignored,
            )
            skipped = sorted([*found.errors, *found.ignored], key=lambda error: error.line)
            result: ProspectImport | None = None
            try:
                with self._store.transaction(f"import prospects from {found.file}") as tx:
                    plan = plan_import(
                        tx.prospects(), found.drafts, lambda: tx.new_id("prospect"), progress
                    )
                    result = ProspectImport(
                        file=found.file,
                        label=found.label,
                        dry_run=dry_run,
                        new=tuple(plan.new),
                        updated=tuple(plan.updated),
                        unchanged=tuple(plan.unchanged),
                        skipped=tuple(skipped),
                        repeats=plan.repeats,
                        warnings=tuple(found.warnings),
                    )
                    if dry_run:
                        raise DryRunDone()
                    for prospect in plan.writes():
                        tx.put_prospect(prospect)
            except DryRunDone:
                pass
        if result is None:  # pragma: no cover - the block above sets it or raises
            raise ServiceError(f"{found.file}: the import did not run")
        return result

    def activity(
        self,
        path: Path,
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
        maps: Iterable[str] = (),
        skip_bad_rows: bool = False,
        date_order: DateOrder | None = None,
    ) -> ActivityImport:
        """Import an activity CSV; touches already there are skipped."""
        with collector_paused():
            found = read_activity(
                path,
                timezone=self._context.settings().timezone,
                today=self._context.today,
                maps=tuple(maps),
                date_order=date_order,
                progress=progress,
            )
            enforce_all_or_nothing(
                found.file, found.errors, len(found.rows), skip_bad_rows=skip_bad_rows
            )
            rows = sorted(found.rows, key=lambda row: (row.at, row.line))
            first, last = rows[0].at.date(), rows[-1].at.date()
            result: ActivityImport | None = None
            try:
                with self._store.transaction(f"import activity from {found.file}") as tx:
                    batch = match_touches(
                        rows,
                        prospects=tx.prospects(),
                        existing=tx.touches(first, last),
                        new_id=tx.new_id,
                        progress=progress,
                    )
                    result = ActivityImport(
                        found.file,
                        dry_run,
                        len(batch.touches),
                        batch.duplicates,
                        batch.created,
                        tuple(found.errors),
                        tuple(found.warnings),
                    )
                    if dry_run:
                        raise DryRunDone()
                    for touch in batch.touches:
                        tx.put_touch(touch)
                    for prospect in batch.prospects:
                        tx.put_prospect(prospect)
            except DryRunDone:
                pass
        if result is None:  # pragma: no cover - the block above sets it or raises
            raise ServiceError(f"{found.file}: the import did not run")
        return result
