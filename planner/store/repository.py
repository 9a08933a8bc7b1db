"""The Store: lock-free reads of cached files, locked transactions, undo, backups, doctor."""

from __future__ import annotations

import bisect
import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from planner.models import ComposureCheck, Prospect, ProspectStatus, Settings, Target, Touch
from planner.store import layout, views
from planner.store.errors import StoreError, WriteError
from planner.store.files import DataFile, FileSet
from planner.store.records import DayPlan, DaySummary, DoctorReport

if TYPE_CHECKING:
    from planner.store import backups
    from planner.store.schema import Doc
    from planner.store.transaction import Transaction

# Reading processes (`planner status`) never import the write path: the lock, the journal,
# the oplog and backups are imported by the methods that write, which keeps a read-only
# command within its start-up budget.
DEFAULT_LOCK_TIMEOUT = 10.0


class Store:
    """One data dir. Safe to keep open for hours: every read notices other processes' commits
    by a stat of the files it reads, and every write re-reads under the lock."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.lock_timeout = DEFAULT_LOCK_TIMEOUT
        self._files = FileSet(self.data_dir)
        self._mutex = threading.RLock()  # the TUI reads from worker threads
        self._writing = False

    # ------------------------------------------------------------------ reading

    def _file(self, rel: str) -> DataFile:
        return self._files.file(rel)

    def _settle(self) -> None:
        """A journal left by a killed writer is finished (under the lock) before any read."""
        if os.path.lexists(self.data_dir / layout.JOURNAL) and not self._writing:
            with self._write_session():
                pass

    def exists(self) -> bool:
        """Whether this data dir holds any data at all."""
        return bool(layout.data_files(self.data_dir))

    def generation(self) -> int:
        """Changes whenever any process commits: one stat when nothing changed."""
        with self._mutex:
            self._settle()
            return views.counters(self._file(layout.PLANNER))["generation"]

    def settings(self) -> Settings | None:
        with self._mutex:
            self._settle()
            return views.settings(self._file(layout.PLANNER))

    def targets(self) -> list[Target]:
        with self._mutex:
            self._settle()
            found = views.targets(self._file(layout.PLANNER))
            return [found[i] for i in sorted(found)]

    def prospects(
        self,
        status: ProspectStatus | None = None,
        *,
        contacted_by: date | None = None,
        contactable: bool = False,
    ) -> list[Prospect]:
        """All prospects by id, or those of one status, optionally last contacted on or before
        ``contacted_by`` and not do-not-contact. The filter runs before decoding, which is
        what makes "the old prospects due a check-in" cheap on a book of 20,000."""
        with self._mutex:
            self._settle()
            found: list[Prospect] = []
            by = contacted_by.isoformat() if contacted_by else None
            for rel in layout.shards(self.data_dir):
                file = self._file(rel)
                if status is None:
                    decoded = views.prospects(file)
                else:
                    decoded = views.prospects_where(file, status, by, contactable)
                found.extend(decoded[i] for i in sorted(decoded))
            return found

    def prospects_by_id(self, ids: Iterable[int]) -> dict[int, Prospect]:
        """The prospects of these ids that exist, decoding only their documents."""
        by_shard: dict[str, set[int]] = {}
        for pid in ids:
            if pid >= 1:
                by_shard.setdefault(layout.shard_of(pid), set()).add(pid)
        with self._mutex:
            self._settle()
            found: dict[int, Prospect] = {}
            for rel, wanted in by_shard.items():
                found.update(views.prospects_by_id(self._file(rel), wanted))
            return found

    def prospect(self, prospect_id: int) -> Prospect | None:
        if prospect_id < 1:
            return None
        with self._mutex:
            self._settle()
            return views.prospect(self._file(layout.shard_of(prospect_id)), prospect_id)

    def prospect_names(self) -> dict[int, str]:
        with self._mutex:
            self._settle()
            return dict(views.names(self._file(layout.NAMES)))

    def touches(self, start: date, end: date) -> list[Touch]:
        """Touches whose local day is within [start, end], sorted by (at, id)."""
        with self._mutex:
            self._settle()
            present = set(layout.partitions(self.data_dir))
            found: list[Touch] = []
            for month in layout.months_between(start, end):
                rel = layout.partition_of(month)
                if rel in present:
                    found.extend(t for t in views.touches(self._file(rel)) if start <= t.day <= end)
            found.sort(key=lambda t: (t.at, t.id))
            return found

    def touches_of(self, prospect_id: int) -> list[Touch]:
        with self._mutex:
            self._settle()
            found: list[Touch] = []
            for rel in layout.partitions(self.data_dir):
                found.extend(views.touches_of(self._file(rel), prospect_id))
            found.sort(key=lambda t: (t.at, t.id))
            return found

    def touch_months(self) -> list[str]:
        with self._mutex:
            self._settle()
            return [layout.month_of_partition(rel) for rel in layout.partitions(self.data_dir)]

    def summaries(self, start: date, end: date) -> list[DaySummary]:
        """Per day and source, sorted by (day, source), for days within [start, end]."""
        with self._mutex:
            self._settle()
            found: list[DaySummary] = []
            for rel in layout.years_between(start, end):
                days = views.summary(self._file(rel))
                low = bisect.bisect_left(days, start, key=lambda s: s.day)
                high = bisect.bisect_right(days, end, key=lambda s: s.day)
                found.extend(days[low:high])
            return found

    def composure(self, start: date, end: date) -> list[ComposureCheck]:
        with self._mutex:
            self._settle()
            found = views.composure(self._file(layout.COMPOSURE))
            low, high = start.toordinal(), end.toordinal()
            return [found[i] for i in sorted(found) if low <= i <= high]

    def plan(self, day: date) -> DayPlan | None:
        with self._mutex:
            self._settle()
            return views.plans(self._file(layout.PLANS)).get(day.toordinal())

    # ------------------------------------------------------------------ writing

    @contextmanager
    def _write_session(self, *, recover: bool = True) -> Iterator[None]:
        """Lock the data dir (creating it), finish any interrupted commit, then run the body."""
        from planner.store.atomic import ensure_root
        from planner.store.lock import DataLock

        with self._mutex:
            if self._writing:
                raise StoreError("a transaction is already open on this store")
            self._writing = True
            try:
                ensure_root(self.data_dir)
                with DataLock(self.data_dir, self.lock_timeout):
                    if recover:
                        self._recover()
                    yield
            finally:
                self._writing = False

    def _recover(self) -> bool:
        from planner.store import backups, journal

        entry = journal.read(self._files)
        if entry is None:
            return False
        if entry["kind"] == "restore":
            backups.replay_restore(self.data_dir, self._files, entry)
        else:
            journal.replay(self.data_dir, self._files, entry)
        return True

    def _commit(self, tx: Transaction) -> None:
        from planner.store import backups, journal

        plan = tx.plan()
        if plan.empty():
            return
        try:
            backups.ensure_daily(self.data_dir)
        except WriteError as error:
            raise WriteError(
                f"{error}; nothing was changed (the day's backup comes first)"
            ) from error
        journal.commit(self.data_dir, self._files, plan)

    @contextmanager
    def transaction(self, description: str, *, undoable: bool = True) -> Iterator[Transaction]:
        """Lock, re-read, change in memory; on a clean exit commit everything or nothing."""
        from planner.store.transaction import Transaction

        with self._write_session():
            tx = Transaction(self._files, description, undoable=undoable)
            try:
                yield tx
                self._commit(tx)
            finally:
                tx.close()

    def undo(self) -> str | None:
        """Revert the newest undoable change, whichever process made it; its description."""
        from planner.store import oplog
        from planner.store.transaction import Transaction

        if not (self.data_dir / layout.PLANNER).exists():
            return None
        with self._write_session():
            found = oplog.newest_undoable(self.data_dir, self._file)
            if found is None:
                return None
            rel, entry = found
            description = str(entry["description"])
            tx = Transaction(self._files, f"undo {description}", undoable=False, is_undo=True)
            try:
                tx.revert(rel, entry["images"])
                self._commit(tx)
            finally:
                tx.close()
            return description

    def last_op(self) -> str | None:
        """What undo would revert next, None when there is nothing."""
        from planner.store import oplog

        with self._mutex:
            self._settle()
            return oplog.newest_description(self.data_dir, self._file)

    # ------------------------------------------------------------------ backups

    def backup(self) -> str:
        """Take a backup now; its name (date and time, UTC)."""
        from planner.store import backups

        if not layout.data_files(self.data_dir):
            raise StoreError(f"nothing to back up: {self.data_dir} holds no data yet")
        with self._write_session():
            # A backup of a damaged file would rotate good backups out: refuse, naming it.
            for rel in layout.data_files(self.data_dir):
                self._file(rel).load()
            name = backups.take(self.data_dir, backups.unique_name(self.data_dir), "manual")
            backups.rotate(self.data_dir)
            return name

    def list_backups(self) -> list[tuple[str, datetime, int]]:
        """(name, taken, size in bytes), newest first."""
        from planner.store import backups

        return [(b.name, b.taken, b.size) for b in backups.list_backups(self.data_dir)]

    def restore(self, name: str) -> None:
        """Bring back a backup; the current state (even a corrupt one) is backed up first."""
        from planner.store import backups, journal
        from planner.store.atomic import write_atomic
        from planner.store.files import encode

        info = backups.find(self.data_dir, name)
        backups.verify(self.data_dir, info)
        # No recovery first: a journal that cannot be finished must not block the way out.
        with self._write_session(recover=False):
            if layout.data_files(self.data_dir):
                backups.take(
                    self.data_dir, backups.unique_name(self.data_dir, "before-restore-"), "restore"
                )
            counters = self._restored_counters(info)
            entry = backups.restore_entry(info, counters)
            write_atomic(
                self.data_dir / layout.JOURNAL,
                encode({journal.JOURNAL_TABLE: {"1": entry}}),
                layout.JOURNAL,
            )
            backups.replay_restore(self.data_dir, self._files, entry)
            backups.rotate(self.data_dir)

    def _restored_counters(self, info: backups.BackupInfo) -> dict[str, int]:
        from planner.store import backups

        folder = backups.backups_dir(self.data_dir) / info.name
        restored = views.counters(DataFile(folder, layout.PLANNER))
        try:
            current = views.counters(self._file(layout.PLANNER))
        except StoreError:
            current = dict(views.DEFAULT_COUNTERS)
        counters = {kind: max(current[kind], restored[kind]) for kind in restored}
        counters["generation"] += 1
        return counters

    # ------------------------------------------------------------------ doctor

    def doctor(self) -> DoctorReport:
        """Check every file; an interrupted commit is finished and its temp files cleared first."""
        from planner.store.atomic import discard

        problem: str | None = None
        if self.data_dir.is_dir():
            try:
                with self._write_session():
                    for rel in layout.temp_files(self.data_dir):
                        discard(self.data_dir / rel)
            except StoreError as error:
                if os.path.lexists(self.data_dir / layout.JOURNAL):
                    problem = f"an interrupted change could not be finished: {error}"
        from planner.store import doctor  # only `planner doctor` pays for importing it

        with self._mutex:
            return doctor.run(self.data_dir, self._files, problem)

    def repair_derived(self) -> None:
        """Rebuild names.json and summary.json from the prospects and touches."""
        from planner.store import backups
        from planner.store.derived import build_names, build_summary
        from planner.store.transaction import Transaction

        with self._write_session():
            prospects: list[tuple[str, Doc]] = []
            for rel in layout.shards(self.data_dir):
                prospects.extend(self._file(rel).load().get("prospects", {}).items())
            touches: list[Doc] = []
            for rel in layout.partitions(self.data_dir):
                touches.extend(self._file(rel).load().get("touches", {}).values())
            derived_broken = False
            for rel in [layout.NAMES, *layout.summaries(self.data_dir)]:
                try:
                    self._file(rel).load()
                except StoreError:
                    derived_broken = True
            if derived_broken:
                backups.take(
                    self.data_dir, backups.unique_name(self.data_dir, "before-repair-"), "repair"
                )
            tx = Transaction(self._files, "repair names and summary", undoable=False)
            try:
                tx.rebuild_derived(build_names(prospects), build_summary(touches))
                self._commit(tx)
            finally:
                tx.close()
