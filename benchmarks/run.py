"""Performance budgets of DESIGN section 7, measured as ratios within one run.

    python benchmarks/run.py [--years 5] [--calls-per-day 100] [--repeat 15] [--keep DIR]

Builds heavy data with `planner demo` in a temp dir, then times whole processes the way a
seller meets them, alternating heavy and baseline runs so machine noise hits both alike.
Never part of the test suite.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

# The console script a seller runs; `python -m planner` when it is not installed beside us.
_SCRIPT = Path(sys.executable).parent / "planner"
PLANNER = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "planner"]
TODAY = "2026-11-27"


def run(args: Sequence[str], *, check: bool = True) -> float:
    """Seconds one process takes, start to exit."""
    started = time.perf_counter()
    result = subprocess.run(args, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if check and result.returncode != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(args)}\n{result.stderr}")
    return elapsed


def planner(data_dir: Path, *args: str) -> list[str]:
    return [*PLANNER, "--data-dir", str(data_dir), "--today", TODAY, *args]


def alternate(
    first: Callable[[], float], second: Callable[[], float], repeat: int
) -> tuple[float, float]:
    """Median seconds of two measurements taken turn about, after one warm-up each."""
    first(), second()
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeat):
        a.append(first())
        b.append(second())
    return statistics.median(a), statistics.median(b)


def write_activity_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["at", "prospect", "outcome", "amount", "source", "note", "company"])
        outcomes = ["no-answer"] * 6 + ["conversation"] * 2 + ["meeting", "not-interested"]
        for i in range(rows):
            day = 1 + (i // 400) % 28
            month = 1 + (i // (400 * 28)) % 10
            hour, minute = 8 + (i % 400) // 40, (i % 40)
            outcome = "sale" if i % 97 == 0 else outcomes[i % len(outcomes)]
            amount = "1500.00" if outcome == "sale" else ""
            writer.writerow(
                [
                    f"2026-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}",
                    f"Lead {i % 5000}",
                    outcome,
                    amount,
                    "",
                    "",
                    f"Company {i % 700}",
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--calls-per-day", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="keep the heavy data dir here")
    options = parser.parse_args()

    # An installed package runs from compiled bytecode; make sure ours is compiled even where
    # PYTHONDONTWRITEBYTECODE is set, or every process would pay for compiling the sources.
    repo = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(repo / "planner")], check=True)
    root = Path(tempfile.mkdtemp(prefix="planner-bench-"))
    heavy, empty, imported = root / "heavy", root / "empty", root / "import"
    try:
        print(f"planner benchmarks ({options.years} years, {options.calls_per_day} calls/day)")
        demo_seconds = run(
            planner(
                heavy,
                "demo",
                "--years",
                str(options.years),
                "--calls-per-day",
                str(options.calls_per_day),
            )
        )
        print(f"  demo data built in {demo_seconds:.1f} s (budget 60 s)")
        for target in (empty, imported):
            run(planner(target, "init", "--target", "24", "--period", "2026"))

        heavy_log, empty_log = alternate(
            lambda: run(planner(heavy, "log", "call", "Bench Person", "--outcome", "no-answer")),
            lambda: run(planner(empty, "log", "call", "Bench Person", "--outcome", "no-answer")),
            options.repeat,
        )
        print(
            f"  log call: heavy {heavy_log * 1000:.0f} ms, empty {empty_log * 1000:.0f} ms, "
            f"ratio {heavy_log / empty_log:.2f}x (budget 1.2x)"
        )

        status, imports = alternate(
            lambda: run(planner(heavy, "status")),
            lambda: run([sys.executable, "-c", "import click, tinydb, pendulum"]),
            options.repeat,
        )
        print(
            f"  status on heavy data {status * 1000:.0f} ms vs bare imports "
            f"{imports * 1000:.0f} ms, ratio {status / imports:.2f}x (budget 1.5x)"
        )

        activity = root / "activity.csv"
        write_activity_csv(activity, options.import_rows)
        seconds = run(planner(imported, "activity", "import", str(activity)))
        print(f"  activity import of {options.import_rows:,} rows: {seconds:.1f} s (budget 10 s)")
    finally:
        if options.keep:
            shutil.rmtree(options.keep, ignore_errors=True)
            shutil.copytree(heavy, options.keep)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    os.environ.pop("PLANNER_TODAY", None)
    main()
