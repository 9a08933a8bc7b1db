"""The Store's upkeep: backups and restore, and the doctor that checks and repairs a data dir."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from planner.store import integrity, layout, views
from planner.store.errors import StoreError, WriteError
from planner.store.files import DataFile, FileSet
from planner.store.schema import Doc

if TYPE_CHECKING:
    from planner.store import backups
    from planner.store.records import DoctorReport
    from planner.store.repair import RepairReport
    from planner.store.transaction import Transaction


class Upkeep:
    """A base of the Store: what `planner backup`, `restore` and `doctor` ask of it. Each runs
    under the store's lock (its write session), as a transaction does."""

    data_dir: Path
    _files: FileSet
    _mutex: threading.RLock
    _checker: integrity.Checker

    def _file(self, rel: str) -> DataFile:
        raise NotImplementedError  # the Store's

    def _write_session(self, *, recover: bool = True) -> AbstractContextManager[None]:
        raise NotImplementedError

    def _manifest(self) -> dict[str, integrity.Entry] | None:
        raise NotImplementedError

    def _trusted(self, rel: str) -> bool:
        raise NotImplementedError

    def _commit(self, tx: Transaction, *, accept: list[str] | None = None) -> None:
        raise NotImplementedError

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
            name = backups.take(
                self.data_dir, backups.unique_name(self.data_dir), "manual", self._trusted
            )
            backups.rotate(self.data_dir)
            return name

    def list_backups(self) -> list[tuple[str, datetime, int]]:
        """(name, taken, size in bytes), newest first."""
        from planner.store import backups

        return [(b.name, b.taken, b.size) for b in backups.list_backups(self.data_dir)]

    def restore(self, name: str) -> list[str]:
        """Bring back a backup; the current state (even a corrupt one) is backed up first.

        A folder, symbolic link or other non-file where a data file (or a data folder) belongs
        is moved aside first, never followed nor deleted: one line per such path is returned
        ("touches/2026-07.json was a folder: moved aside to touches/2026-07.json.aside-...")."""
        from planner.store import backups, journal
        from planner.store.atomic import write_atomic
        from planner.store.files import encode

        info = backups.find(self.data_dir, name)
        backups.verify(self.data_dir, info)
        # No recovery first: a journal that cannot be finished must not block the way out.
        with self._write_session(recover=False):
            moved = self._move_aside(info.files)
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
            backups.clear_warning(self.data_dir)
        return moved

    def _move_aside(self, wanted: Iterable[str]) -> list[str]:
        """Rename whatever is in the way of a restore (a rename moves a link, not its target)."""
        import stat

        from planner.store.atomic import fsync_dir

        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        moved: list[str] = []

        def aside(rel: str, what: str) -> None:
            path = self.data_dir / rel
            target, number = path.with_name(f"{path.name}.aside-{stamp}"), 1
            while os.path.lexists(target):
                number += 1
                target = path.with_name(f"{path.name}.aside-{stamp}-{number}")
            try:
                path.rename(target)
            except OSError as error:
                raise WriteError(f"could not move {rel} aside: {error.strerror}") from error
            fsync_dir(path.parent, rel)
            moved.append(f"{rel} was {what}: moved aside to {target.relative_to(self.data_dir)}")

        def what_is(rel: str, folder: bool) -> str | None:
            try:
                mode = os.lstat(self.data_dir / rel).st_mode
            except (FileNotFoundError, NotADirectoryError):
                return None
            if stat.S_ISLNK(mode):
                return "a symbolic link"
            if folder:
                return None if stat.S_ISDIR(mode) else "a file, not a folder"
            if stat.S_ISDIR(mode):
                return "a folder"
            return None if stat.S_ISREG(mode) else "not a regular file"

        for folder in (*layout.DATA_FOLDERS, layout.OPLOG_DIR):
            if (what := what_is(folder, True)) is not None:
                aside(folder, what)
        singles = (
            layout.PLANNER,
            layout.JOURNAL,
            layout.MANIFEST,
            layout.NAMES,
            layout.COMPANIES,
            layout.SALES,
        )
        rels = sorted({*layout.data_files(self.data_dir), *wanted, *singles})
        for rel in rels:
            if (what := what_is(rel, False)) is not None:
                aside(rel, what)
        return moved

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
            manifest = self._manifest() or {}
            covered = {r for r in layout.data_files(self.data_dir) if integrity.covered(r)}
            outside = self._checker.problems(manifest, sorted(covered | set(manifest)))
            return doctor.run(self.data_dir, self._files, problem, dict(outside))

    def repair_derived(self) -> RepairReport:
        """Rebuild names.json and the summaries from the prospects and touches (under the
        lock), and take sources changed outside planner that still decode as the new truth.
        What was rebuilt is in the report; a source that does not decode is a problem there
        (its derived file is left alone) and `planner restore` is the answer for it."""
        with self._write_session():
            return self._repair_locked(baseline=self._manifest() is None, accept_missing=True)

    def _repair_locked(
        self, *, baseline: bool = False, accept_missing: bool = False
    ) -> RepairReport:
        from planner.store import backups
        from planner.store.derived import SALES_TABLE, build_names, build_sales, build_summary
        from planner.store.repair import RepairReport
        from planner.store.subsets import LOST_TABLE, build_subsets
        from planner.store.transaction import Transaction

        problems: list[str] = []
        prospects: list[tuple[str, Doc]] = []
        names_ok = True
        for rel in layout.shards(self.data_dir):
            try:
                views.validate(self._file(rel))
                prospects.extend(self._file(rel).load().get("prospects", {}).items())
            except StoreError as error:
                problems.append(str(error))
                names_ok = False
        touches: list[Doc] = []
        broken_years: set[int] = set()
        for rel in layout.partitions(self.data_dir):
            try:
                views.validate(self._file(rel))
                touches.extend(self._file(rel).load().get("touches", {}).values())
            except StoreError as error:
                problems.append(str(error))
                broken_years.add(int(layout.month_of_partition(rel)[:4]))
        manifest = self._manifest() or {}
        wanted: dict[str, tuple[str, dict[str, Doc]]] = {}
        if names_ok:
            wanted[layout.NAMES] = ("names", build_names(prospects))
            wanted[layout.COMPANIES] = ("companies", build_names(prospects, "company"))
            subsets = build_subsets(prospects)
            present = [
                rel for f in layout.SUBSET_DIRS for rel in layout.subset_shards(self.data_dir, f)
            ]
            for rel in sorted({*subsets, *present}):
                wanted[rel] = (LOST_TABLE, subsets.get(rel, {}))
        summaries = build_summary(touches)
        listed = {r for r in manifest if layout.kind_of(r) == "summary"}
        kept: dict[str, Doc] = {}  # the summary tables as the repair leaves them
        for rel in sorted({*summaries, *layout.summaries(self.data_dir), *listed}):
            if int(rel.removeprefix(f"{layout.SUMMARY_DIR}/")[:4]) not in broken_years:
                wanted[rel] = ("summary", summaries.get(rel, {}))
                kept[rel] = summaries.get(rel, {})
            elif not _damaged(self._file(rel)):
                kept[rel] = self._file(rel).load().get("summary", {})
        wanted[layout.SALES] = (SALES_TABLE, build_sales(kept))
        rebuild = {rel: v for rel, v in wanted.items() if not _agrees(self._file(rel), *v)}
        damaged = any(_damaged(self._file(rel)) for rel in rebuild)
        accepted = []
        covered = {r for r in layout.data_files(self.data_dir) if integrity.covered(r)}
        if baseline:
            # Every file that decodes gets its entry, so that later reads can trust a stat.
            accepted = sorted(
                r for r in covered if r not in rebuild and not _damaged(self._file(r))
            )
        elif manifest:
            checked = sorted(covered | set(manifest))
            for rel, state in self._checker.problems(manifest, checked).items():
                if (
                    state == "unsafe"
                    or rel in rebuild
                    or (rel not in wanted and _of_year(rel, broken_years))
                ):
                    continue  # a summary of a year with a damaged partition stays as it is
                if state == "missing":
                    # A source removed outside planner: only `doctor --repair` accepts the loss.
                    if accept_missing or layout.is_derived(rel):
                        accepted.append(rel)
                elif not _damaged(self._file(rel)):
                    accepted.append(rel)
        if not rebuild and not accepted:
            return RepairReport((), (), tuple(problems))
        shown = () if baseline else tuple(accepted)
        backup = None
        if damaged:
            backup = backups.take(
                self.data_dir, backups.unique_name(self.data_dir, "before-repair-"), "repair"
            )
        tx = Transaction(self._files, "repair names and summaries", undoable=False)
        try:
            for rel, (table, docs) in rebuild.items():
                tx.replace_derived(rel, table, docs)
            self._commit(tx, accept=accepted)
        finally:
            tx.close()
        return RepairReport(tuple(sorted(rebuild)), shown, tuple(problems), backup)


def _of_year(rel: str, years: set[int]) -> bool:
    return layout.kind_of(rel) == "summary" and int(rel[len(layout.SUMMARY_DIR) + 1 :][:4]) in years


def _damaged(file: DataFile) -> bool:
    try:
        views.validate(file)
    except StoreError:
        return True
    return False


def _agrees(file: DataFile, table: str, docs: dict[str, Doc]) -> bool:
    """Whether a derived file already holds what a rebuild would write (compared decoded)."""
    from planner.store.derived import flat_names, summary_agrees
    from planner.store.subsets import subset_agrees

    if file.current_key() is None:
        return not docs
    try:
        views.validate(file)
        stored = file.load().get(table, {})
        if table == "names":
            return flat_names(stored) == flat_names(docs)
        if table == "companies":
            return flat_names(stored, "company") == flat_names(docs, "company")
        if layout.kind_of(file.rel) in layout.SUBSET_KINDS:
            return subset_agrees(file.rel, stored, docs)
        if layout.kind_of(file.rel) == "sales":
            return stored == docs
        return sorted(stored) == sorted(docs) and all(
            summary_agrees(stored[key], docs[key], int(key)) for key in docs
        )
    except (StoreError, ValueError):
        return False
