"""The Store: lock-free reads of cached files, locked transactions, undo (and, from its base
Upkeep, backups and the doctor)."""

from __future__ import annotations

import bisect
import functools
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from planner.models import (
    CheckInRow,
    ComposureCheck,
    DayPlan,
    DaySummary,
    Prospect,
    ProspectStatus,
    Settings,
    Target,
    Touch,
)
from planner.store import integrity, layout, views
from planner.store.errors import CorruptFileError, StoreError, WriteError
from planner.store.files import DataFile, FileSet
from planner.store.upkeep import Upkeep

if TYPE_CHECKING:
    from planner.store.transaction import Transaction

# Reading processes (`planner status`) never import the write path: the lock, the journal,
# the oplog and backups are imported by the methods that write, which keeps a read-only
# command within its start-up budget.
DEFAULT_LOCK_TIMEOUT = 10.0
T = TypeVar("T")
# The store holds no date outside these (codec.MIN_YEAR..MAX_YEAR): wider queries are clamped.
_FIRST_DAY, _LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)
# Fewer days of a summary year than this are decoded alone, unless the year is decoded already;
# more decode (and keep) the whole year, which the next read of that year likely wants too.
_FEW_DAYS = 92


class Store(Upkeep):
    """One data dir. Safe to keep open for hours: every read notices other processes' commits
    by a stat of the files it reads, and every write re-reads under the lock."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.lock_timeout = DEFAULT_LOCK_TIMEOUT
        self._files = FileSet(self.data_dir)
        self._mutex = threading.RLock()  # the TUI reads from worker threads
        self._writing = False
        self._checker = integrity.Checker(self.data_dir)
        self._notices: list[str] = []
        self._warned: set[tuple[str, object]] = set()
        # Shard versions that need none of the subset files they lack (_derived_missing).
        self._complete: dict[str, tuple[object, ...]] = {}

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
            if status == "lost" and os.path.lexists(self.data_dir / layout.LOST_DIR):
                # The small lost shards instead of every shard (a review's check-ins); a data
                # dir from before them reads the shards until its next write builds them.
                shards = layout.shards(self.data_dir)
                self._verify([*map(layout.lost_of, shards), *shards])
                for rel in layout.lost_shards(self.data_dir):
                    decoded = self._derived(
                        functools.partial(self._lost_where, rel, by, contactable)
                    )
                    found.extend(decoded[i] for i in sorted(decoded))
                return found
            for rel in layout.shards(self.data_dir):
                file = self._file(rel)
                if status is None:
                    decoded = views.prospects(file)
                else:
                    decoded = views.prospects_where(file, status, by, contactable)
                found.extend(decoded[i] for i in sorted(decoded))
            return found

    def checkin_rows(self, contacted_by: date) -> list[CheckInRow] | None:
        """The lost prospects that are not do-not-contact and were last contacted on or
        before ``contacted_by`` (or never), as the rows that rank them for a check-in (the
        small check-in shards), by id; None for a data dir from before those (its next write
        builds them), whose caller reads the lost prospects instead."""
        with self._mutex:
            self._settle()
            if not os.path.lexists(self.data_dir / layout.CHECKIN_DIR) and os.path.lexists(
                self.data_dir / layout.LOST_DIR
            ):
                return None
            shards = layout.shards(self.data_dir)
            self._verify([*map(layout.checkin_of, shards), *shards])
            by = contacted_by.isoformat()
            found: list[CheckInRow] = []
            for rel in layout.checkin_shards(self.data_dir):
                found += self._derived(functools.partial(self._checkins_of, rel, by))
            return found

    def lost_by_id(self, ids: Iterable[int]) -> dict[int, Prospect]:
        """Those of these prospects that are lost, whole, from the small lost shards."""
        by_shard = _by_shard(ids)
        with self._mutex:
            self._settle()
            self._verify([*map(layout.lost_of, by_shard), *by_shard])
            found: dict[int, Prospect] = {}
            for shard, wanted in sorted(by_shard.items()):
                rel = layout.lost_of(shard)
                if os.path.lexists(self.data_dir / rel):
                    found.update(
                        self._derived(functools.partial(self._subset_of, rel, frozenset(wanted)))
                    )
            return found

    def open_prospects(
        self, ids: Iterable[int], *, ahead: Iterable[int] = ()
    ) -> dict[int, Prospect] | None:
        """Those of these prospects in play at the meeting stage (active, best stage a
        meeting), read from the small open shards and decoding only their documents, which
        hold what the forecast's pipeline reads (subsets.OPEN_FIELDS: no company, email,
        phone or value; prospects_by_id has the whole record); None for
        a data dir from before the open shards (its next write builds them), whose caller
        reads the prospects another way. ``ahead``: ids that will be asked for next, decoded
        now with the same parse of their shards (more shards are parsed than stay held)."""
        by_shard = {layout.open_of(shard): found for shard, found in _by_shard(ids).items()}
        later = {layout.open_of(shard): found for shard, found in _by_shard(ahead).items()}
        with self._mutex:
            self._settle()
            if not os.path.lexists(self.data_dir / layout.OPEN_DIR):
                return None
            shards = layout.shards(self.data_dir)
            self._verify([*map(layout.open_of, shards), *shards])
            present = set(layout.open_shards(self.data_dir))
            found: dict[int, Prospect] = {}
            for rel, wanted in sorted(by_shard.items()):
                if rel in present:
                    if more := later.get(rel, set()) - wanted:
                        self._derived(
                            functools.partial(self._subset_of, rel, frozenset(more | wanted))
                        )
                    found.update(
                        self._derived(functools.partial(self._subset_of, rel, frozenset(wanted)))
                    )
            return found

    def met_between(self, start: date, end: date) -> set[int]:
        """The ids of the prospects with a meeting logged on a day within [start, end]: from
        the day summaries' meeting lists, and the meeting touches of the months whose days
        were summarised before those lists existed."""
        start, end = max(start, _FIRST_DAY), min(end, _LAST_DAY)
        with self._mutex:
            self._settle()
            found: set[int] = set()
            unlisted: set[str] = set()
            for rel in self._summary_files(start, end):
                days = self._derived(functools.partial(self._met_of, rel))
                low = bisect.bisect_left(days, start, key=lambda d: d[0])
                high = bisect.bisect_right(days, end, key=lambda d: d[0])
                for day, ids in days[low:high]:
                    if ids is None:
                        unlisted.add(layout.month_of(day))
                    else:
                        found.update(ids)
            if not unlisted:
                return found
            present = set(layout.partitions(self.data_dir))
            for month in sorted(unlisted):
                rel = layout.partition_of(month)
                if rel in present:
                    found.update(
                        t.prospect_id
                        for t in views.touches_of_outcome(self._file(rel), "meeting")
                        if start <= t.day <= end
                    )
            return found

    def prospects_by_id(self, ids: Iterable[int]) -> dict[int, Prospect]:
        """The prospects of these ids that exist, decoding only their documents."""
        by_shard = _by_shard(ids)
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

    def read_ahead(self, prospect_id: int | None, day: date) -> None:
        """Parse now what a touch on this prospect on ``day`` will read under the lock (the
        prospect's shard and its derived subsets, the day's month of touches), so that the
        write finds them parsed. Only a hint: nothing is decoded, checked or written, and a
        file that does not read is left for the write itself to report."""
        rels = [layout.partition_of(layout.month_of(day))]
        if prospect_id is not None and prospect_id >= 1:
            shard = layout.shard_of(prospect_id)
            rels += [shard, *(layout.subset_of(folder, shard) for folder in layout.SUBSET_DIRS)]
        with self._mutex:
            for rel in rels:
                with suppress(StoreError):
                    self._file(rel).load()

    def names_of(self, ids: Iterable[int]) -> dict[int, str]:
        """The names of these prospects that exist, from names.json (no shard parsed)."""
        with self._mutex:
            self._settle()
            self._verify([layout.NAMES, *layout.shards(self.data_dir)])
            wanted = list(ids)
            return self._derived(lambda: views.names_of(self._file(layout.NAMES), wanted))

    def prospect_names(self) -> dict[int, str]:
        with self._mutex:
            self._settle()
            self._verify([layout.NAMES, *layout.shards(self.data_dir)])
            return dict(self._derived(lambda: views.names(self._file(layout.NAMES))))

    def prospect_labels(self, ids: Iterable[int]) -> dict[int, tuple[str, str]] | None:
        """(name, company) of these prospects that exist, from names.json and companies.json
        (no shard parsed); None for a data dir from before companies.json (its next write
        builds it), whose caller reads the prospects another way."""
        with self._mutex:
            self._settle()
            if os.path.lexists(self.data_dir / layout.NAMES) and not os.path.lexists(
                self.data_dir / layout.COMPANIES
            ):
                return None
            self._verify([layout.NAMES, layout.COMPANIES, *layout.shards(self.data_dir)])
            names = self._derived(lambda: views.names(self._file(layout.NAMES)))
            companies = self._derived(lambda: views.companies(self._file(layout.COMPANIES)))
            return {pid: (names[pid], companies.get(pid, "")) for pid in ids if pid in names}

    def touches(self, start: date, end: date) -> list[Touch]:
        """Touches whose local day is within [start, end], sorted by (at, id)."""
        start, end = max(start, _FIRST_DAY), min(end, _LAST_DAY)
        with self._mutex:
            self._settle()
            present = set(layout.partitions(self.data_dir))
            found: list[Touch] = []
            first, last = start.isoformat(), end.isoformat()
            for month in layout.months_between(start, end):
                rel = layout.partition_of(month)
                if rel not in present:
                    continue
                if first <= f"{month}-01" and f"{month}-31" <= last:  # the whole month
                    found.extend(views.touches(self._file(rel)))
                else:
                    found.extend(views.touches_within(self._file(rel), first, last))
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
            start, end = max(start, _FIRST_DAY), min(end, _LAST_DAY)
            found: list[DaySummary] = []
            for rel in self._summary_files(start, end):
                year = int(rel[len(layout.SUMMARY_DIR) + 1 :][:4])
                first, last = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
                if (last - first).days < _FEW_DAYS:
                    # A few weeks of a year (a lead window's tail): those days alone.
                    read = functools.partial(self._summary_within, rel, first, last)
                    found.extend(self._derived(read))
                    continue
                days = self._derived(functools.partial(self._summary_of, rel))
                low = bisect.bisect_left(days, start, key=lambda s: s.day)
                high = bisect.bisect_right(days, end, key=lambda s: s.day)
                found.extend(days[low:high])
            return found

    def sales_between(self, start: date, end: date) -> tuple[int, date | None]:
        """(sales, the first day with any touch) within [start, end]: what an earlier period
        tells the forecast, without decoding each day in full."""
        with self._mutex:
            self._settle()
            start, end = max(start, _FIRST_DAY), min(end, _LAST_DAY)
            if not os.path.lexists(self.data_dir / layout.SALES):
                # A data dir from before sales.json: the days themselves.
                return self._sales_of_days(self._summary_files(start, end), start, end)
            # counts_between verifies the same files (_summary_files) before it reads.
            _, sales, first = self.counts_between(start, end)
            return sales, first

    def counts_between(self, start: date, end: date) -> tuple[int, int, date | None]:
        """(touches, sales, the first day with any touch) within [start, end]: whole months
        from sales.json, a part month at either end from its days."""
        with self._mutex:
            self._settle()
            start, end = max(start, _FIRST_DAY), min(end, _LAST_DAY)
            if start > end:
                return 0, 0, None
            self._summary_files(start, end)
            months = self._sales_months()
            if months is None:
                return _counts(self.summaries(start, end))
            touches = sales = 0
            first: date | None = None
            day: date | None
            for month in layout.months_between(start, end):
                low = date.fromisoformat(f"{month}-01")
                high = date(low.year + low.month // 12, low.month % 12 + 1, 1) - timedelta(1)
                entry = months.get(low.toordinal())
                whole = start <= low and high <= end
                if whole and entry is None:
                    continue  # a month without touches
                if whole and entry is not None and entry[1] is not None:
                    day, count, sold = entry[0], entry[1], entry[2]
                else:  # a part month, or the latest (whose touches are not counted there)
                    count, sold, day = _counts(self.summaries(max(start, low), min(end, high)))
                touches, sales, first = touches + count, sales + sold, first or day
            return touches, sales, first

    def _sales_of_days(self, years: list[str], start: date, end: date) -> tuple[int, date | None]:
        sales, first = 0, None
        for rel in years:
            days = self._derived(functools.partial(self._sales_of, rel))
            low = bisect.bisect_left(days, start, key=lambda d: d[0])
            high = bisect.bisect_right(days, end, key=lambda d: d[0])
            if first is None and low < high:
                first = days[low][0]
            sales += sum(count for _, count in days[low:high])
        return sales, first

    def _sales_months(self) -> dict[int, tuple[date, int | None, int]] | None:
        """sales.json's months, once it is verified; None for a data dir without it."""
        if not os.path.lexists(self.data_dir / layout.SALES):
            return None
        self._verify([layout.SALES])
        return self._derived(lambda: views.sales(self._file(layout.SALES)))

    def _summary_files(self, start: date, end: date) -> list[str]:
        """The summary files of [start, end], once the touches they derive from are verified."""
        if start > end:
            return []
        years = layout.years_between(start, end)
        manifest = self._manifest() or {}
        months = [
            rel
            for rel in map(layout.partition_of, layout.months_between(start, end))
            if rel in manifest or os.path.lexists(self.data_dir / rel)
        ]
        self._verify([*years, *months])
        return years

    def composure(self, start: date, end: date) -> list[ComposureCheck]:
        with self._mutex:
            self._settle()
            low, high = start.toordinal(), end.toordinal()
            found = views.composure_between(self._file(layout.COMPOSURE), low, high)
            return [found[i] for i in sorted(found)]

    def plan(self, day: date) -> DayPlan | None:
        with self._mutex:
            self._settle()
            return views.plans(self._file(layout.PLANS)).get(day.toordinal())

    def _lost_where(self, rel: str, by: str | None, contactable: bool) -> dict[int, Prospect]:
        return views.prospects_where(self._file(rel), "lost", by, contactable)

    def _checkins_of(self, rel: str, contacted_by: str) -> list[CheckInRow]:
        return views.checkin_rows(self._file(rel), contacted_by)

    def _subset_of(self, rel: str, ids: frozenset[int]) -> dict[int, Prospect]:
        return views.prospects_by_id(self._file(rel), set(ids))

    def _summary_of(self, rel: str) -> list[DaySummary]:
        return views.summary(self._file(rel))

    def _summary_within(self, rel: str, start: date, end: date) -> list[DaySummary]:
        return views.summary_within(self._file(rel), start.toordinal(), end.toordinal())

    def _sales_of(self, rel: str) -> list[tuple[date, int]]:
        return views.summary_sales(self._file(rel))

    def _met_of(self, rel: str) -> list[tuple[date, tuple[int, ...] | None]]:
        return views.summary_met(self._file(rel))

    # ------------------------------------------------------------------ integrity

    def _manifest(self) -> dict[str, integrity.Entry] | None:
        """The manifest of what the store last wrote; None for a data dir that has none yet."""
        try:
            return self._file(layout.MANIFEST).view("integrity", integrity.manifest_of)
        except StoreError:
            return None  # bookkeeping only: a damaged one is rewritten by the next commit

    def _trusted(self, rel: str) -> bool:
        return self._state(rel) == "ok"

    def _state(self, rel: str) -> integrity.State:
        manifest = self._manifest()
        return "unknown" if manifest is None else self._checker.state(manifest, rel)

    def _verify(self, rels: list[str]) -> None:
        """Notice files changed behind the store's back before trusting what is derived from
        them: a stat per file; a hash only when size or mtime moved. A source that was removed
        or no longer decodes is a one-line notice (the summaries still hold its last good
        state, which is what `planner restore` brings back; writes to it are refused); a
        stale or damaged derived file is rebuilt, with a notice."""
        manifest = self._manifest()
        if manifest is None:
            return
        problems = self._checker.problems(manifest, rels)
        # A link or a FIFO at a data path is refused by the read itself, naming it.
        problems = {rel: state for rel, state in problems.items() if state != "unsafe"}
        if not problems:
            return
        stale: list[str] = []
        for rel, state in problems.items():
            if layout.is_derived(rel):
                stale.append(rel)
                continue
            try:
                self._check_source(rel, state)
            except CorruptFileError as error:
                self._warn_once(rel, str(error))
            else:
                stale.append(rel)
        if stale:
            self._auto_repair(f"{stale[0]} changed outside planner")

    def _warn_once(self, rel: str, line: str) -> None:
        """A notice per damaged file version and process (a long-lived TUI reads often)."""
        try:
            key: object = os.lstat(self.data_dir / rel).st_mtime_ns
        except OSError:
            key = None
        if (rel, key) not in self._warned:
            self._warned.add((rel, key))
            self._notices.append(line)

    def _check_source(self, rel: str, state: integrity.State) -> None:
        """A primary file that no longer matches the manifest: it must still decode."""
        if state == "missing":
            raise CorruptFileError(
                f"{rel} was removed outside planner: run `planner restore` to bring it back "
                "(or `planner doctor --repair` to accept its loss)",
                path=self.data_dir / rel,
            )
        try:
            views.validate(self._file(rel))
        except CorruptFileError as error:
            raise _outside(error) from error

    def _derived(self, read: Callable[[], T]) -> T:
        """Read a derived file; a damaged one is rebuilt from the sources and read again."""
        try:
            return read()
        except CorruptFileError as error:
            if not error.path.is_relative_to(self.data_dir) or not layout.is_derived(
                error.path.relative_to(self.data_dir).as_posix()
            ):
                raise
            self._auto_repair(str(error).partition(": run")[0], cause=error)
            return read()

    def _auto_repair(self, reason: str, cause: StoreError | None = None) -> None:
        if self._writing:
            raise cause or StoreError(f"{reason}: run `planner doctor --repair`")
        try:
            report = self.repair_derived()
        except StoreError as error:
            raise StoreError(
                f"{reason}, and it could not be rebuilt here ({error}); "
                "run `planner doctor --repair` where the data dir is writable"
            ) from error
        if report.rebuilt or report.accepted:
            self._notices.append(f"{reason}: {report.message}")
        for problem in report.problems:  # sources that do not decode: their derived files
            rel = problem.partition(" ")[0].rstrip(":")  # were left; a read of one re-raises
            self._warn_once(rel, problem)

    def backup_warning(self) -> str | None:
        """The one-line warning left by the last backup that found a damaged file (cleared by
        a later clean backup or a restore); also part of ``notices()``."""
        if not self._may_warn():
            return None
        from planner.store import backups

        return backups.warning(self.data_dir)

    def _may_warn(self) -> bool:
        """Whether a backup left a warning: one lstat, so that a read-only command imports
        the backups module only when there is one to show."""
        return os.path.lexists(self.data_dir / layout.BACKUPS_DIR / layout.BACKUP_WARNING)

    def notices(self) -> list[str]:
        """One-line notices since the last call (derived files rebuilt, backups that kept an
        older good copy); the CLI prints them after its output, the TUI shows them."""
        with self._mutex:
            found, self._notices = self._notices, []
        warning = self.backup_warning()
        return [*found, *([warning] if warning else [])]

    def _heal(self) -> None:
        """Under the lock, before a transaction: rebuild derived files that are damaged,
        missing or stale, so that a commit never applies its deltas onto them."""
        manifest = self._manifest()
        derived = [
            layout.NAMES,
            layout.COMPANIES,
            layout.SALES,
            *layout.summaries(self.data_dir),
            *(rel for f in layout.SUBSET_DIRS for rel in layout.subset_shards(self.data_dir, f)),
        ]
        sources = [*layout.shards(self.data_dir), *layout.partitions(self.data_dir)]
        if manifest is not None:
            derived = sorted({*derived, *(r for r in manifest if layout.is_derived(r))})
            sources = sorted({*sources, *(r for r in manifest if not layout.is_derived(r))})
            sources = [r for r in sources if layout.kind_of(r) in ("prospects", "touches")]
            problems = self._checker.problems(manifest, [*derived, *sources])
        else:
            if layout.data_files(self.data_dir):
                # A data dir from before the manifest: check every file once, and record it.
                report = self._repair_locked(baseline=True)
                if report.rebuilt:
                    self._notices.append(f"derived files were damaged: {report.message}")
                return
            problems = {}
        reason = ""
        for rel, state in problems.items():
            if state == "unsafe":
                continue
            if layout.is_derived(rel):
                reason = reason or f"{rel} changed outside planner"
            elif state == "missing":
                continue  # writes to it are refused (Transaction); others go on
            elif state == "changed":
                try:
                    views.validate(self._file(rel))
                except StoreError:
                    continue  # a damaged source: writes to it are refused, others go on
                reason = reason or f"{rel} changed outside planner"
        if not reason:
            # Derived files the manifest cannot vouch for (older data dirs) are decoded.
            for rel in derived:
                if rel in problems or (manifest is not None and rel in manifest):
                    continue
                try:
                    views.validate(self._file(rel))
                except StoreError:
                    reason = f"{rel} is damaged"
                    break
        if not reason and self._derived_missing():
            reason = "a derived file is missing"
        if reason:
            report = self._repair_locked()
            if report.rebuilt or report.accepted:
                self._notices.append(f"{reason}: {report.message}")

    def _derived_missing(self) -> bool:
        """A summary year or names.json absent although touches or prospects exist for it."""
        months = map(layout.month_of_partition, layout.partitions(self.data_dir))
        years = {int(month[:4]) for month in months}
        present = set(layout.summaries(self.data_dir))
        if present and not os.path.lexists(self.data_dir / layout.SALES):
            # A data dir from before sales.json: a commit needs all its months there.
            for rel in sorted(present):
                try:
                    if self._file(rel).load().get("summary"):
                        return True
                except StoreError:
                    continue
        for year in sorted(years):
            if layout.summary_of(year) in present:
                continue
            for rel in layout.partitions(self.data_dir):
                if rel.startswith(f"{layout.TOUCHES_DIR}/{year:04d}-"):
                    try:
                        if self._file(rel).load().get("touches"):
                            return True
                    except StoreError:
                        continue
        from planner.store.subsets import SUBSETS

        names = all(
            os.path.lexists(self.data_dir / rel) for rel in (layout.NAMES, layout.COMPANIES)
        )
        # Absent: nobody lost (or in play at the meeting stage) there yet.
        present = {rel for f, _ in SUBSETS for rel in layout.subset_shards(self.data_dir, f)}
        for rel in layout.shards(self.data_dir):
            absent = [(f, entry) for f, entry in SUBSETS if layout.subset_of(f, rel) not in present]
            if names and not absent:
                continue
            file = self._file(rel)
            seen = (file.current_key(), names, tuple(f for f, _ in absent))
            if self._complete.get(rel) == seen:
                continue  # this version was found to need none of them (parsed once, not per write)
            try:
                docs = file.load().get("prospects", {})
            except StoreError:
                continue
            if docs and not names:
                return True
            if any(entry(d) is not None for _, entry in absent for d in docs.values()):
                return True
            self._complete[rel] = seen
        return False

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

    def _commit(self, tx: Transaction, *, accept: list[str] | None = None) -> None:
        from planner.store import backups, journal

        plan = tx.plan()
        plan.accept = list(accept or [])
        if plan.empty():
            return
        try:
            backups.ensure_daily(self.data_dir, self._trusted)
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
            self._heal()
            tx = Transaction(self._files, description, undoable=undoable, state=self._state)
            try:
                yield tx
                self._commit(tx)
            finally:
                tx.close()

    @contextmanager
    def preview(self, description: str) -> Iterator[Transaction]:
        """A transaction that takes no lock and is never committed: what ``import --dry-run``
        and other previews stage is dropped at the end. Reads see the files as they are on
        disk, so it works on a read-only data dir (a journal left by a killed writer is the
        one thing that still needs the lock, as for every read)."""
        from planner.store.transaction import Transaction

        with self._mutex:
            self._settle()
            tx = Transaction(self._files, description, undoable=False)
            try:
                yield tx
            finally:
                tx.close()

    def read_only(self) -> bool:
        """Whether writes here must fail (a read-only mount, or a folder we may not write):
        a caller can then skip an optional write (the day's plan of `queue`) up front."""
        try:
            if os.statvfs(self.data_dir).f_flag & os.ST_RDONLY:
                return True
        except OSError:
            return False  # no data dir yet: the first write creates it
        return not os.access(self.data_dir, os.W_OK)

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
            self._heal()
            tx = Transaction(
                self._files,
                f"undo {description}",
                undoable=False,
                is_undo=True,
                state=self._state,
            )
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


def _counts(days: list[DaySummary]) -> tuple[int, int, date | None]:
    """(touches, sales, the first day) of some day summaries."""
    touches = sum(sum(s.outcomes.values()) for s in days)
    sales = sum(s.outcomes.get("sale", 0) for s in days)
    return touches, sales, days[0].day if days else None


def _outside(error: CorruptFileError) -> CorruptFileError:
    """The same error, saying the file changed behind the store's back."""
    from planner.store.errors import InvalidStoredRecordError

    head, sep, hint = str(error).partition(": run `planner")
    message = f"{head} (it changed outside planner){sep}{hint}"
    if isinstance(error, InvalidStoredRecordError):
        return InvalidStoredRecordError(message, path=error.path, record=error.record)
    return CorruptFileError(message, path=error.path, line=error.line, column=error.column)


def _by_shard(ids: Iterable[int]) -> dict[str, set[int]]:
    """Prospect ids grouped by the shard that holds them (ids below 1 name nobody)."""
    found: dict[str, set[int]] = {}
    for pid in ids:
        if pid >= 1:
            found.setdefault(layout.shard_of(pid), set()).add(pid)
    return found
