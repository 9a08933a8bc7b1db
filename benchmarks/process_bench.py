"""The process rows of DESIGN section 7: whole `planner` processes timed start to exit.

Each ratio alternates its two sides, one warm-up each first, so that machine noise hits both
alike. Every row works on its own fresh copy of the heavy data. Never part of the test suite.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

from common import (
    REPO,
    WEEK,
    Row,
    Side,
    alternate,
    clean_env,
    empty_data,
    planner,
    run,
    working_copy,
    write_activity_csv,
)

BARE_IMPORTS = [sys.executable, "-c", "import click, tinydb, pendulum"]


def _ms(samples: list[float]) -> list[float]:
    return [s * 1000 for s in samples]


def ratio_row(
    key: str,
    what: str,
    heavy_args: list[str],
    base_args: list[str],
    labels: tuple[str, str],
    budget: float,
    repeat: int,
) -> Row:
    heavy, base = alternate(lambda: run(heavy_args), lambda: run(base_args), repeat)
    sides = [Side(labels[0], _ms(heavy)), Side(labels[1], _ms(base))]
    row = Row(key, what, sides, sides[0].median / sides[1].median, budget, "x")
    row.fastest_note()
    return row


def log_call_row(heavy: Path, root: Path, repeat: int) -> Row:
    data, empty = working_copy(heavy, root, "log-heavy"), empty_data(root, "log-empty")
    args = ("log", "call", "Bench Person", "--outcome", "no-answer")
    row = ratio_row(
        "log_call",
        "`planner log call` heavy vs empty data dir",
        planner(data, *args),
        planner(empty, *args),
        ("heavy", "empty"),
        1.2,
        repeat,
    )
    row.notes.append("each run logs one more touch to 'Bench Person' (the warm-up creates it)")
    return row


def status_row(heavy: Path, root: Path, repeat: int) -> Row:
    data = working_copy(heavy, root, "status-heavy")
    return ratio_row(
        "status",
        '`planner status` heavy vs `python -c "import click, tinydb, pendulum"`',
        planner(data, "status"),
        BARE_IMPORTS,
        ("status", "imports"),
        1.25,
        repeat,
    )


def export_row(heavy: Path, root: Path, repeat: int) -> Row:
    data, empty = working_copy(heavy, root, "export-heavy"), empty_data(root, "export-empty")
    args = ("export", "--week", WEEK)
    row = ratio_row(
        "export",
        f"`planner export --week {WEEK}` (markdown to stdout) heavy vs empty",
        planner(data, *args),
        planner(empty, *args),
        ("heavy", "empty"),
        1.3,
        repeat,
    )
    return row


def import_row(root: Path, repeat: int, rows: int = 100_000) -> Row:
    activity = root / "activity.csv"
    if not activity.exists():
        write_activity_csv(activity, rows)
    samples: list[float] = []
    for attempt in range(repeat):
        target = empty_data(root, f"import-{attempt}")
        samples.append(run(planner(target, "activity", "import", str(activity))))
    side = Side("import", samples, "s")
    return Row(
        "import",
        f"`planner activity import` of {rows:,} rows into an empty data dir",
        [side],
        side.median,
        10.0,
        "s",
        [f"{repeat} runs, each into a fresh data dir"],
    )


def suite_row() -> Row:
    """The whole test suite as CI runs it on 2 cores: one run."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "-q", "-p", "no:cacheprovider"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=clean_env(),
    )
    seconds = time.perf_counter() - started
    tail = [line for line in result.stdout.splitlines() if re.search(r"passed|failed", line)]
    side = Side("pytest -n 2", [seconds], "s")
    summary = tail[-1] if tail else f"exit {result.returncode}"
    return Row("suite", "the whole test suite, `pytest -n 2`", [side], seconds, 240.0, "s",
               [f"one run: {summary.strip('= ')}"])  # fmt: skip
