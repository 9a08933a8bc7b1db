"""DESIGN section 7, every row, measured in one run: medians, p90, budget, PASS or MISS.

    python benchmarks/run.py [--repeat 11] [--tui-repeat 7] [--presses 15]
                             [--import-repeat 3] [--only ROW[,ROW]] [--data DIR]
                             [--json FILE] [--suite]

ROW is one of: log_call, status, usable, key_stored, key_redrawn, export, import, memory,
suite (the suite row only runs with --suite or --only suite: it takes minutes).

Heavy data is `planner demo --years 5 --calls-per-day 100 --today 2026-11-27`, built once
into ~/.cache/planner-bench (or $XDG_CACHE_HOME) and reused; --data gives another folder.
Every row works on a fresh copy of it. Ratios alternate their two sides, one warm-up each,
so that the machine's load hits both alike. The TUI rows run in a private tmux server
(120x36) and read its screen from outside (see tui_bench.py). Never part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from common import HEAVY_CALLS_PER_DAY, HEAVY_YEARS, TODAY, Row, compile_sources, heavy_cache

ROWS = (
    "log_call",
    "status",
    "usable",
    "key_stored",
    "key_redrawn",
    "export",
    "import",
    "memory",
    "suite",
)
TUI_ROWS = {"usable", "key_stored", "key_redrawn", "memory"}


def print_table(rows: Sequence[Row]) -> None:
    """The table: one line a row; sides as median/p90; then each row's notes."""
    order = {key: index for index, key in enumerate(ROWS)}
    rows = sorted(rows, key=lambda r: order.get(r.key, len(ROWS)))
    header = ("row", "measured (median/p90)", "value", "budget", "verdict")
    lines = [
        (
            r.key,
            "; ".join(s.text() for s in r.sides),
            r.value_text(),
            r.budget_text(),
            ("PASS" if r.passed else "MISS") + f" ({r.margin:+.0%})",
        )
        for r in rows
    ]
    widths = [max(len(str(x)) for x in column) for column in zip(header, *lines, strict=True)]
    for line in (header, tuple("-" * w for w in widths), *lines):
        print("  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True)).rstrip())
    print()
    for r in rows:
        print(f"{r.key}: {r.what}")
        for note in r.notes:
            print(f"    {note}")
    missed = [r.key for r in rows if not r.passed]
    print(f"\n{len(rows) - len(missed)} of {len(rows)} rows within budget", end="")
    print(f"; missed: {', '.join(missed)}" if missed else "")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11, help="runs a side, process rows")
    parser.add_argument("--tui-repeat", type=int, default=7, help="runs a side, usable row")
    parser.add_argument("--presses", type=int, default=15, help="key presses a key row")
    parser.add_argument("--import-repeat", type=int, default=3)
    parser.add_argument("--only", help="comma-separated rows to run (see above)")
    parser.add_argument("--data", type=Path, help="heavy data dir to copy instead of the cache")
    parser.add_argument("--json", type=Path, help="also write the table as JSON here")
    parser.add_argument("--suite", action="store_true", help="also time the test suite")
    options = parser.parse_args(argv)

    wanted = [r for r in ROWS if r != "suite" or options.suite]
    if options.only:
        wanted = [r.strip() for r in options.only.split(",")]
        unknown = set(wanted) - set(ROWS)
        if unknown:
            parser.error(f"unknown row {sorted(unknown)[0]!r}; rows: {', '.join(ROWS)}")

    import process_bench

    compile_sources()
    load = os.getloadavg()
    print(
        f"planner benchmarks, DESIGN section 7 ({time.strftime('%Y-%m-%d %H:%M %Z')}, "
        f"{platform.node()}, {os.cpu_count()} cores, load {load[0]:.1f} {load[1]:.1f}, "
        f"python {platform.python_version()})"
    )
    heavy = options.data or heavy_cache()
    print(
        f"  heavy data: {heavy} (demo {HEAVY_YEARS} years x {HEAVY_CALLS_PER_DAY} calls/day), "
        f"--today {TODAY}",
        flush=True,
    )
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="planner-bench-") as folder:
        root = Path(folder)
        steps: dict[str, Callable[[], list[Row]]] = {
            "log_call": lambda: [process_bench.log_call_row(heavy, root, options.repeat)],
            "status": lambda: [process_bench.status_row(heavy, root, options.repeat)],
            "export": lambda: [process_bench.export_row(heavy, root, options.repeat)],
            "import": lambda: [process_bench.import_row(root, options.import_repeat)],
            "suite": lambda: [process_bench.suite_row()],
        }
        for key in [r for r in wanted if r not in TUI_ROWS]:
            started = time.perf_counter()
            rows += steps[key]()
            print(f"  {key} measured in {time.perf_counter() - started:.0f} s", flush=True)
        if TUI_ROWS & set(wanted):
            rows += tui_rows(heavy, root, wanted, options)
    rows = [r for r in rows if r.key in wanted]
    print()
    print_table(rows)
    if options.json:
        document = {
            "today": TODAY,
            "heavy_data": str(heavy),
            "load": load,
            "rows": [r.as_json() for r in rows],
        }
        options.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 0 if all(r.passed for r in rows) else 1


def tui_rows(heavy: Path, root: Path, wanted: list[str], options: argparse.Namespace) -> list[Row]:
    import tui_bench
    from terminal import Terminal

    rows: list[Row] = []
    with Terminal(tui_bench.tui_env(root)) as terminal:
        if "usable" in wanted:
            started = time.perf_counter()
            rows.append(tui_bench.usable_row(terminal, heavy, root, options.tui_repeat))
            print(f"  usable measured in {time.perf_counter() - started:.0f} s", flush=True)
        if {"key_stored", "key_redrawn", "memory"} & set(wanted):
            started = time.perf_counter()
            rows += tui_bench.key_rows(terminal, heavy, root, options.presses)
            print(f"  keys and memory measured in {time.perf_counter() - started:.0f} s")
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
