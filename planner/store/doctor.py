"""`planner doctor`: every file parses, ids are unique and counted, derived indexes agree."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path

from planner.store import layout, oplog, views
from planner.store.atomic import DIR_MODE, FILE_MODE
from planner.store.derived import (
    SALES_TABLE,
    build_names,
    build_sales,
    build_summary,
    decode_summary,
    flat_names,
    summary_agrees,
)
from planner.store.errors import StoreError
from planner.store.files import DataFile, FileSet
from planner.store.records import DoctorReport
from planner.store.schema import Doc
from planner.store.subsets import LOST_TABLE, build_subsets, subset_agrees

_MAX_PER_CHECK = 20  # a badly broken store gets a readable report, not 100,000 lines


class _Findings:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.only_derived = True
        self._counts: dict[str, int] = {}

    def add(self, rel: str, message: str, *, check: str = "", repairable: bool = False) -> None:
        count = self._counts[check] = self._counts.get(check, 0) + 1
        if check and count > _MAX_PER_CHECK:
            if count == _MAX_PER_CHECK + 1:
                self.lines.append(f"{rel}: more problems like the above were left out")
            return
        self.lines.append(f"{rel}: {message}")
        if not layout.is_derived(rel) and not repairable:
            self.only_derived = False


def _check_modes(data_dir: Path, rels: list[str], found: _Findings) -> None:
    for folder in (".", *layout.DATA_FOLDERS, layout.OPLOG_DIR):
        path = data_dir / folder
        try:
            result = os.lstat(path)
        except FileNotFoundError:
            continue
        if not stat.S_ISDIR(result.st_mode):
            found.add(folder, "is not a folder (a symbolic link?)")
        elif stat.S_IMODE(result.st_mode) != DIR_MODE:
            found.add(folder, f"folder mode is {stat.S_IMODE(result.st_mode):o}, expected 700")
    lock = [layout.LOCK] if os.path.lexists(data_dir / layout.LOCK) else []
    for rel in [*rels, *lock]:
        result = os.lstat(data_dir / rel)
        if stat.S_ISLNK(result.st_mode):
            found.add(rel, "is a symbolic link")
        elif stat.S_IMODE(result.st_mode) != FILE_MODE:
            found.add(rel, f"mode is {stat.S_IMODE(result.st_mode):o}, expected 600", check="mode")


def _readable(files: FileSet, rels: list[str], found: _Findings) -> list[str]:
    good: list[str] = []
    for rel in rels:
        try:
            files.file(rel).load()
        except StoreError as error:
            found.add(rel, str(error).removeprefix(f"{rel} ").removeprefix(f"{rel}: "))
        else:
            good.append(rel)
    return good


def _decodes(file: DataFile, found: _Findings, check: Callable[[DataFile], object]) -> bool:
    rel = file.rel
    try:
        check(file)
    except StoreError as error:
        found.add(rel, str(error).removeprefix(f"{rel}: "))
        return False
    return True


def _max_ids(files: FileSet, good: list[str], found: _Findings) -> dict[str, int]:
    """Decode every record, check shards and partitions, and return the highest id per kind.

    A file whose records do not all decode is dropped from ``good`` (in place), so that later
    checks only look at files that are whole down to the record."""
    highest = {"prospect": 0, "touch": 0, "target": 0}
    undecoded: list[str] = []
    prospect_home: dict[int, str] = {}
    touch_home: dict[int, str] = {}
    for rel in good:
        file = files.file(rel)
        kind = layout.kind_of(rel)
        if kind == "planner":
            if _decodes(
                file, found, lambda f: (views.settings(f), views.counters(f), views.targets(f))
            ):
                targets = views.targets(file)
                highest["target"] = max(targets, default=0)
        elif kind == "prospects" and _decodes(file, found, views.prospects):
            for pid in views.prospects(file):
                if layout.shard_of(pid) != rel:
                    found.add(rel, f"prospect {pid} belongs in {layout.shard_of(pid)}", check="p")
                if pid in prospect_home:
                    found.add(rel, f"prospect id {pid} is also in {prospect_home[pid]}", check="p")
                prospect_home.setdefault(pid, rel)
                highest["prospect"] = max(highest["prospect"], pid)
        elif kind == "touches" and _decodes(file, found, views.touches):
            month = layout.month_of_partition(rel)
            for touch in views.touches(file):
                if layout.month_of(touch.day) != month:
                    found.add(rel, f"touch {touch.id} is dated {touch.day}", check="t")
                if touch.id in touch_home:
                    found.add(
                        rel, f"touch id {touch.id} is also in {touch_home[touch.id]}", check="t"
                    )
                touch_home.setdefault(touch.id, rel)
                highest["touch"] = max(highest["touch"], touch.id)
        elif kind == "oplog":
            _decodes(file, found, oplog.load)
        elif kind in ("prospects", "touches") or not _decodes(file, found, views.validate):
            undecoded.append(rel)
    for rel in undecoded:
        good.remove(rel)
    return highest


def _check_counters(files: FileSet, highest: dict[str, int], found: _Findings) -> None:
    try:
        counters = views.counters(files.file(layout.PLANNER))
    except StoreError:
        return  # already reported as a file problem
    for kind, top in highest.items():
        if counters[kind] <= top:
            found.add(
                layout.PLANNER,
                f"next {kind} id is {counters[kind]} but id {top} is in use: new records would "
                "collide",
            )


def _check_derived(files: FileSet, good: list[str], found: _Findings) -> None:
    touches: list[Doc] = []
    prospects: list[tuple[str, Doc]] = []
    for rel in good:
        tables = files.file(rel).load()
        if layout.kind_of(rel) == "touches":
            touches.extend(tables.get("touches", {}).values())
        elif layout.kind_of(rel) == "prospects":
            prospects.extend(tables.get("prospects", {}).items())
    stored_names = files.file(layout.NAMES).load().get("names", {})
    if stored_names != build_names(prospects):
        try:
            names = flat_names(stored_names)
        except ValueError:
            names = {}
        expected = {int(key): doc["name"] for key, doc in prospects}
        missing = len(expected.keys() - names.keys())
        extra = len(names.keys() - expected.keys())
        wrong = sum(1 for key in expected.keys() & names.keys() if expected[key] != names[key])
        found.add(
            layout.NAMES,
            f"index disagrees with the prospects ({missing} missing, {extra} extra, {wrong} wrong)",
        )
    stored_companies = files.file(layout.COMPANIES).load().get("companies", {})
    if stored_companies != build_names(prospects, "company"):
        found.add(layout.COMPANIES, "index disagrees with the prospects' companies")
    subsets = build_subsets(prospects)
    present = [rel for f in layout.SUBSET_DIRS for rel in layout.subset_shards(files.data_dir, f)]
    for rel in sorted({*subsets, *present}):
        if not subset_agrees(rel, files.file(rel).load().get(LOST_TABLE, {}), subsets.get(rel, {})):
            found.add(rel, f"index disagrees with the prospects (the {layout.kind_of(rel)} ones)")
    summaries = build_summary(touches)
    if files.file(layout.SALES).load().get(SALES_TABLE, {}) != build_sales(summaries):
        found.add(layout.SALES, "index disagrees with the touches' sales")
    for rel in sorted(set(summaries) | set(layout.summaries(files.data_dir))):
        stored = files.file(rel).load().get("summary", {})
        wanted = summaries.get(rel, {})
        for key in sorted(stored.keys() | wanted.keys(), key=int):
            if key in stored and key in wanted:
                try:
                    agrees = summary_agrees(stored[key], wanted[key], int(key))
                except ValueError:
                    agrees = False
            else:
                ours = decode_summary(wanted[key], int(key)) if key in wanted else []
                try:
                    theirs = decode_summary(stored[key], int(key)) if key in stored else []
                except ValueError:
                    theirs = []
                agrees = ours == theirs
            if not agrees:
                day = date.fromordinal(int(key))
                found.add(rel, f"day {day} disagrees with the touches", check="summary")


def _check_outside(outside: dict[str, str], good: list[str], found: _Findings) -> None:
    """Files that no longer match what planner wrote (the integrity manifest)."""
    for rel, state in sorted(outside.items()):
        if state == "missing":
            found.add(
                rel,
                "was removed outside planner (`planner restore` brings it back, "
                "`planner doctor --repair` accepts the loss)",
                repairable=True,
            )
        elif state == "changed" and rel in good:
            found.add(
                rel,
                "changed outside planner since it last wrote it, and still decodes "
                "(`planner doctor --repair` accepts it and rebuilds what derives from it)",
                repairable=True,
            )


def run(
    data_dir: Path,
    files: FileSet,
    journal_problem: str | None,
    outside: dict[str, str] | None = None,
) -> DoctorReport:
    found = _Findings()
    if journal_problem is not None:
        found.add(layout.JOURNAL, journal_problem)
    if not data_dir.exists():
        return DoctorReport(ok=True, problems=(), files_checked=0, repairable=False)
    rels = layout.data_files(data_dir) + layout.op_files(data_dir)
    _check_modes(data_dir, rels, found)
    good = _readable(files, rels, found)
    highest = _max_ids(files, good, found)
    _check_outside(outside or {}, good, found)
    _check_counters(files, highest, found)
    primary_ok = all(rel in good for rel in rels if layout.kind_of(rel) in ("prospects", "touches"))
    derived_ok = all(rel in good for rel in rels if layout.is_derived(rel))
    if primary_ok and derived_ok:
        _check_derived(files, good, found)
    problems = tuple(found.lines)
    return DoctorReport(
        ok=not problems,
        problems=problems,
        files_checked=len(rels),
        repairable=bool(problems) and found.only_derived,
    )
