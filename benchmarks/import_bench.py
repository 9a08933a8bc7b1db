"""Import budgets of issue 6: 100,000 rows in under 10 s, for prospects and for touches."""

# python benchmarks/import_bench.py [--rows 100000] [--keep DIR]
#
# Writes a HubSpot-shaped contact export and an activity CSV of --rows rows each, then times
# whole `planner` processes the way a seller runs them: the first prospect import, the same
# file again (every row unchanged), and the activity import. Never part of the test suite.

from __future__ import annotations

import argparse
import csv
import shutil
import tempfile
from pathlib import Path

from common import compile_sources, planner, run_output, write_activity_csv

BUDGET_SECONDS = 10.0
LEAD_STATUSES = ["New", "Open", "In Progress", "Attempted to contact", "Bad Timing", "Unqualified"]
LIFECYCLES = ["lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer"]


def write_hubspot(path: Path, rows: int) -> None:
    headers = ["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Company Name"]
    headers += ["Lifecycle Stage", "Lead Status", "Last Activity Date", "Contact owner"]
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for i in range(rows):
            day = 1 + i % 28
            month = 1 + (i // 28) % 12
            writer.writerow(
                [
                    str(5_000_000 + i),
                    f"First{i}",
                    f"Last{i % 977}",
                    f"person{i}@company{i % 3001}.example",
                    f"+1 (415) 555-{i % 10_000:04d}" if i % 3 else "",
                    f"Company {i % 3001}",
                    LIFECYCLES[i % len(LIFECYCLES)],
                    LEAD_STATUSES[i % len(LEAD_STATUSES)],
                    f"2025-{month:02d}-{day:02d} 10:{i % 60:02d}",
                    "Sam Seller",
                ]
            )


def timed(data_dir: Path, *args: str) -> tuple[float, str]:
    seconds, output = run_output(planner(data_dir, *args))
    return seconds, output.strip().splitlines()[0]


def verdict(seconds: float) -> str:
    return "ok" if seconds < BUDGET_SECONDS else "OVER BUDGET"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="keep the data dirs and CSV files here")
    options = parser.parse_args()
    compile_sources()
    root = options.keep or Path(tempfile.mkdtemp(prefix="planner-import-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        contacts, activity = root / "hubspot-contacts.csv", root / "activity.csv"
        write_hubspot(contacts, options.rows)
        write_activity_csv(activity, options.rows)
        print(f"planner import benchmark ({options.rows:,} rows each, budget {BUDGET_SECONDS} s)")
        for name in ("prospects", "touches"):
            timed(root / name, "init", "--target", "24", "--period", "2026")
        prospects = ["prospect", "import", str(contacts)]
        runs = [
            ("prospect import, first time", "prospects", prospects),
            ("prospect import, same file again", "prospects", prospects),
            ("activity import", "touches", ["activity", "import", str(activity)]),
        ]
        for label, folder, args in runs:
            seconds, summary = timed(root / folder, *args)
            print(f"  {label}: {seconds:.2f} s ({verdict(seconds)})")
            print(f"    {summary}")
    finally:
        if options.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
