"""CSV imports: the importers read and match the rows, this writes them in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from planner.importers.activity import read_activity
from planner.importers.dates import DateOrder
from planner.importers.gcpause import collector_paused
from planner.importers.merge import plan_import
from planner.importers.progress import Progress
from planner.importers.prospects import read_prospects
from planner.importers.results import (
    ActivityImport,
    ProspectImport,
    enforce_all_or_nothing,
)
from planner.importers.touches import match_touches
from planner.service.context import ServiceContext

if TYPE_CHECKING:
    from planner.store import Transaction


class Imports:
    """Each import is one atomic write: all good rows or nothing; a dry run writes nothing.

    A dry run plans everything in a preview of the transaction (new ids included), which
    takes no lock and is never committed.
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
            # Matched against the prospects as they are under the lock (a dry run: as they
            # are on disk, taking no lock), so that a log racing the import makes no twin.
            with self._writing(f"import prospects from {found.file}", dry_run) as tx:
                plan = plan_import(
                    tx.prospects(), found.drafts, lambda: tx.new_id("prospect"), progress
                )
                if not dry_run:
                    for prospect in plan.writes():
                        tx.put_prospect(prospect)
        return ProspectImport(
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
            with self._writing(f"import activity from {found.file}", dry_run) as tx:
                batch = match_touches(
                    rows,
                    prospects=tx.prospects(),
                    existing=tx.touches(first, last),
                    new_id=tx.new_id,
                    progress=progress,
                )
                if not dry_run:
                    for touch in batch.touches:
                        tx.put_touch(touch)
                    for prospect in batch.prospects:
                        tx.put_prospect(prospect)
        return ActivityImport(
            found.file,
            dry_run,
            len(batch.touches),
            batch.duplicates,
            batch.created,
            tuple(found.errors),
            tuple(found.warnings),
        )

    def _writing(self, description: str, dry_run: bool) -> AbstractContextManager[Transaction]:
        """The import's one transaction; for a dry run a preview: no lock, never committed,
        so a dry run works on a read-only data dir and never waits for a writer."""
        if dry_run:
            return self._store.preview(description)
        return self._store.transaction(description)
