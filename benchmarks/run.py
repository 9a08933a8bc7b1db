"""Performance budgets of DESIGN section 7, measured as ratios within one run.

    python benchmarks/run.py [--years 5] [--calls-per-day 100] [--repeat 15] [--keep DIR]

Builds heavy data with `planner demo` in a temp dir, then times whole processes the way a
seller meets them, alternating heavy and baseline runs so machine noise hits both alike.
Never part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from common import alternate, compile_sources, planner, run, write_activity_csv


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--calls-per-day", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="keep the heavy data dir here")
    options = parser.parse_args()

    compile_sources()
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
