"""`planner export --week` on heavy data against an empty data dir, in one run (budget 1.5x).

    python benchmarks/export_bench.py [--years 5] [--calls-per-day 100] [--repeat 15]
                                      [--week 2026-W47] [--keep DIR]

Builds heavy data with `planner demo` in a temp dir (about 10 s), then times whole export
processes the way a seller runs them, heavy and empty turn about so machine noise hits both
alike, and finally times the parts inside one process to show where the time goes. Never
part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from common import TODAY, compile_sources, planner, run

BUDGET = 1.5


def breakdown(data_dir: Path, week: str) -> None:
    """Where one export's time goes inside the process (heavy data, warm files)."""
    from planner.calendar import parse_iso_week
    from planner.export import FORMATS, render
    from planner.service import PlannerService

    service = PlannerService(data_dir, today=date.fromisoformat(TODAY))
    start, end = parse_iso_week(week)
    started = time.perf_counter()
    review = service.review(start, end, week)
    gathered = time.perf_counter() - started
    print(
        f"  in one process: review gathered and built in {gathered * 1000:.0f} ms "
        f"({len(review.touches)} touches, {len(review.next_week.check_ins)} check-ins)"
    )
    for fmt in FORMATS:
        started = time.perf_counter()
        size = len(render(review, fmt))
        print(
            f"    render {fmt:<4} {(time.perf_counter() - started) * 1000:6.1f} ms, {size:,} bytes"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--calls-per-day", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--week", default="2026-W47")
    parser.add_argument("--keep", type=Path, help="keep the heavy data dir here")
    options = parser.parse_args()
    compile_sources()

    root = Path(tempfile.mkdtemp(prefix="planner-export-bench-"))
    heavy, empty = root / "heavy", root / "empty"
    try:
        print(
            f"export benchmark ({options.years} years, {options.calls_per_day} calls/day, "
            f"week {options.week})"
        )
        seconds = run(
            planner(
                heavy,
                "demo",
                "--years",
                str(options.years),
                "--calls-per-day",
                str(options.calls_per_day),
            )
        )
        print(f"  heavy demo data built in {seconds:.1f} s")
        results: list[tuple[str, float, float]] = []
        for fmt in ("md", "html"):
            args = ("export", "--week", options.week, "--format", fmt)
            heavy_times: list[float] = []
            empty_times: list[float] = []
            run(planner(heavy, *args)), run(planner(empty, *args))  # warm-up
            for _ in range(options.repeat):
                heavy_times.append(run(planner(heavy, *args)))
                empty_times.append(run(planner(empty, *args)))
            h, e = statistics.median(heavy_times), statistics.median(empty_times)
            results.append((fmt, h, e))
            verdict = "ok" if h / e <= BUDGET else "OVER BUDGET"
            print(
                f"  export --format {fmt}: heavy {h * 1000:.0f} ms, empty {e * 1000:.0f} ms, "
                f"ratio {h / e:.2f}x (budget {BUDGET}x) {verdict}"
            )
        breakdown(heavy, options.week)
        if any(h / e > BUDGET for _, h, e in results):
            sys.exit(1)
    finally:
        if options.keep:
            shutil.rmtree(options.keep, ignore_errors=True)
            shutil.copytree(heavy, options.keep)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    os.environ.pop("PLANNER_TODAY", None)
    os.environ.pop("PLANNER_DATA_DIR", None)
    main()
