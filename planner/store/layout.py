"""Where each kind of record lives in a data dir: file names, prospect shards, month partitions."""

from __future__ import annotations

import functools
import os
import re
from datetime import date
from pathlib import Path
from typing import Literal

PLANNER = "planner.json"
NAMES = "names.json"
# companies.json: each prospect's company, shaped as names.json (derived): a review names the
# touched prospects and their companies without parsing every shard.
COMPANIES = "companies.json"
COMPOSURE = "composure.json"
PLANS = "plans.json"
# sales.json: each month's sales and first day with a touch (derived from the summaries): an
# earlier period's record without parsing its summaries.
SALES = "sales.json"
JOURNAL = ".journal.json"
MANIFEST = ".manifest.json"  # size, mtime and hash of each data file as the store wrote it
LOCK = ".lock"
PROSPECTS_DIR = "prospects"
TOUCHES_DIR = "touches"
SUMMARY_DIR = "summary"
# lost/pNNNN.json: the lost prospects' documents of prospects/pNNNN.json, copied (derived): a
# review's check-ins read these small files instead of parsing every shard. Absent for a
# shard that never had anybody lost.
LOST_DIR = "lost"
# open/pNNNN.json: likewise the documents of the prospects in play at the meeting stage (status
# active, best stage a meeting): the forecast's open deals without parsing every shard.
OPEN_DIR = "open"
# checkins/pNNNN.json: for each lost prospect of prospects/pNNNN.json, the row of what ranks it
# for a check-in (derived): a review ranks every lost prospect from these rows, then reads
# the lost documents of the five it names alone.
CHECKIN_DIR = "checkins"
SUBSET_DIRS = (LOST_DIR, OPEN_DIR, CHECKIN_DIR)  # derived: some of each shard's prospects
# The sub-folders of data files.
DATA_FOLDERS = (PROSPECTS_DIR, TOUCHES_DIR, SUMMARY_DIR, LOST_DIR, OPEN_DIR, CHECKIN_DIR)
OPLOG_DIR = "oplog"
BACKUPS_DIR = "backups"
BACKUP_WARNING = ".warning"  # in backups/: a backup that found damage leaves one line here

# A write costs one shard, and a shard stays small enough to parse in about a millisecond.
SHARD_SIZE = 1000

Kind = Literal[
    "planner",
    "prospects",
    "touches",
    "names",
    "companies",
    "checkins",
    "lost",
    "open",
    "summary",
    "sales",
    "composure",
    "plans",
    "oplog",
    "journal",
    "manifest",
]

_SINGLE_FILES: dict[str, Kind] = {
    PLANNER: "planner",
    NAMES: "names",
    COMPANIES: "companies",
    SALES: "sales",
    COMPOSURE: "composure",
    PLANS: "plans",
    JOURNAL: "journal",
    MANIFEST: "manifest",
}
_SHARD = re.compile(r"prospects/p(\d{4})\.json")
SUBSET_KINDS: tuple[Kind, ...] = ("lost", "open", "checkins")  # kinds of SUBSET_DIRS' files
_PARTITION = re.compile(r"touches/(\d{4})-(0[1-9]|1[0-2])\.json")
_OP = re.compile(r"oplog/(\d{8})\.json")
_SUMMARY = re.compile(r"summary/(\d{4})\.json")
_LOST = re.compile(r"lost/p(\d{4})\.json")
_OPEN = re.compile(r"open/p(\d{4})\.json")
_CHECKIN = re.compile(r"checkins/p(\d{4})\.json")

# Tables that hold what the seller entered; the rest is derived or bookkeeping.
PRIMARY_TABLES: dict[Kind, tuple[str, ...]] = {
    "planner": ("settings", "targets"),
    "prospects": ("prospects",),
    "touches": ("touches",),
    "composure": ("composure",),
    "plans": ("plans",),
}


def is_derived(rel: str) -> bool:
    """names.json, companies.json, the summaries, sales.json, the lost, open and check-in
    shards: rebuilt from the prospects and touches."""
    return rel in (NAMES, COMPANIES, SALES) or kind_of(rel) in (*SUBSET_KINDS, "summary")


@functools.lru_cache(maxsize=4096)  # asked of the same few hundred paths on every write
def kind_of(rel: str) -> Kind | None:
    """The kind of a data dir file from its relative path; None for anything not ours."""
    if rel in _SINGLE_FILES:
        return _SINGLE_FILES[rel]
    if _SHARD.fullmatch(rel):
        return "prospects"
    if _PARTITION.fullmatch(rel):
        return "touches"
    if _OP.fullmatch(rel):
        return "oplog"
    if _SUMMARY.fullmatch(rel):
        return "summary"
    if _LOST.fullmatch(rel):
        return "lost"
    if _OPEN.fullmatch(rel):
        return "open"
    if _CHECKIN.fullmatch(rel):
        return "checkins"
    return None


def shard_of(prospect_id: int) -> str:
    """Prospects 1..1000 live in p0000.json, 1001..2000 in p0001.json, and so on."""
    return f"{PROSPECTS_DIR}/p{(prospect_id - 1) // SHARD_SIZE:04d}.json"


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def partition_of(month: str) -> str:
    return f"{TOUCHES_DIR}/{month}.json"


def month_of_partition(rel: str) -> str:
    match = _PARTITION.fullmatch(rel)
    if match is None:
        raise ValueError(f"{rel} is not a touches partition")
    return f"{match.group(1)}-{match.group(2)}"


def months_between(start: date, end: date) -> list[str]:
    """Every "YYYY-MM" from start's month to end's month, inclusive."""
    months: list[str] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def summary_of(year: int) -> str:
    """Per-day summaries live in one file per year: status reads one or two small files."""
    return f"{SUMMARY_DIR}/{year:04d}.json"


def years_between(start: date, end: date) -> list[str]:
    return [summary_of(year) for year in range(start.year, end.year + 1)]


def names_key(prospect_id: int) -> str:
    """names.json holds one document per prospect shard: {id: name} for its 1000 ids."""
    return str((prospect_id - 1) // SHARD_SIZE + 1)


def op_file(seq: int) -> str:
    return f"{OPLOG_DIR}/{seq:08d}.json"


def op_seq(rel: str) -> int:
    match = _OP.fullmatch(rel)
    if match is None:
        raise ValueError(f"{rel} is not an oplog entry")
    return int(match.group(1))


def _listed(folder: Path, prefix: str) -> list[str]:
    try:
        with os.scandir(folder) as entries:
            names = [entry.name for entry in entries]
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [f"{prefix}/{name}" for name in names]


def _present(path: Path) -> bool:
    # lexists: a symlink planted at a data file must be seen (and refused), not skipped.
    return os.path.lexists(path)


def data_files(data_dir: Path) -> list[str]:
    """Relative paths of the data files present: what a backup copies and doctor checks."""
    singles = (PLANNER, NAMES, COMPANIES, SALES, COMPOSURE, PLANS)
    found = [rel for rel in singles if _present(data_dir / rel)]
    for folder in DATA_FOLDERS:
        found += _listed(data_dir / folder, folder)
    return sorted(
        rel for rel in found if kind_of(rel) not in (None, "oplog", "journal", "manifest")
    )


def partitions(data_dir: Path) -> list[str]:
    return sorted(rel for rel in _listed(data_dir / TOUCHES_DIR, TOUCHES_DIR) if kind_of(rel))


def summaries(data_dir: Path) -> list[str]:
    return sorted(rel for rel in _listed(data_dir / SUMMARY_DIR, SUMMARY_DIR) if kind_of(rel))


def shards(data_dir: Path) -> list[str]:
    return sorted(rel for rel in _listed(data_dir / PROSPECTS_DIR, PROSPECTS_DIR) if kind_of(rel))


def subset_of(folder: str, shard: str) -> str:
    """A prospects shard's copy in one of SUBSET_DIRS: prospects/p0003.json -> lost/p0003.json."""
    return f"{folder}/{shard.removeprefix(PROSPECTS_DIR + '/')}"


def subset_shards(data_dir: Path, folder: str) -> list[str]:
    return sorted(rel for rel in _listed(data_dir / folder, folder) if kind_of(rel))


def lost_of(shard: str) -> str:
    """The lost shard of a prospects shard: prospects/p0003.json -> lost/p0003.json."""
    return subset_of(LOST_DIR, shard)


def lost_shards(data_dir: Path) -> list[str]:
    return subset_shards(data_dir, LOST_DIR)


def open_of(shard: str) -> str:
    """The open shard of a prospects shard: prospects/p0003.json -> open/p0003.json."""
    return subset_of(OPEN_DIR, shard)


def open_shards(data_dir: Path) -> list[str]:
    return subset_shards(data_dir, OPEN_DIR)


def checkin_of(shard: str) -> str:
    """The check-in rows of a prospects shard: prospects/p0003.json -> checkins/p0003.json."""
    return subset_of(CHECKIN_DIR, shard)


def checkin_shards(data_dir: Path) -> list[str]:
    return subset_shards(data_dir, CHECKIN_DIR)


def op_files(data_dir: Path) -> list[str]:
    """Oplog entries, oldest first."""
    return sorted(rel for rel in _listed(data_dir / OPLOG_DIR, OPLOG_DIR) if kind_of(rel))


def temp_files(data_dir: Path) -> list[str]:
    """Temp files left by writers killed before their rename (harmless, never read)."""
    found: list[str] = []
    for folder in (".", *DATA_FOLDERS, OPLOG_DIR):
        prefix = "" if folder == "." else f"{folder}/"
        found += [
            f"{prefix}{name.rpartition('/')[2]}"
            for name in _listed(data_dir / folder, folder)
            if name.rpartition("/")[2].startswith(".") and name.endswith(".tmp")
        ]
    return sorted(found)


def tmp_name(rel: str) -> str:
    """Temp files are dot-named beside their target so nothing mistakes them for data."""
    head, _, name = rel.rpartition("/")
    return f"{head}/.{name}.tmp" if head else f".{name}.tmp"
