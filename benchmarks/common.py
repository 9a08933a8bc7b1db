"""What every benchmark script shares: the planner command, timing a process, test data."""

from __future__ import annotations

import csv
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

# The console script a seller runs; `python -m planner` when it is not installed beside us.
_SCRIPT = Path(sys.executable).parent / "planner"
PLANNER = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "planner"]
TODAY = "2026-11-27"
REPO = Path(__file__).resolve().parents[1]


def compile_sources() -> None:
    """An installed package runs from bytecode; compile ours even where
    PYTHONDONTWRITEBYTECODE is set, or every process would pay for compiling it."""
    for package in ("planner", "tui", "themes"):
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / package)], check=True)


def planner(data_dir: Path, *args: str) -> list[str]:
    return [*PLANNER, "--data-dir", str(data_dir), "--today", TODAY, *args]


def run_output(args: Sequence[str]) -> tuple[float, str]:
    """(seconds the process took start to exit, its stdout); a failure stops the benchmark."""
    started = time.perf_counter()
    result = subprocess.run(args, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(args)}\n{result.stderr}")
    return elapsed, result.stdout


def run(args: Sequence[str]) -> float:
    return run_output(args)[0]


def alternate(
    first: Callable[[], float], second: Callable[[], float], repeat: int
) -> tuple[float, float]:
    """Median seconds of two measurements taken turn about, after one warm-up each, so that
    machine noise hits both alike."""
    first(), second()
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeat):
        a.append(first())
        b.append(second())
    return statistics.median(a), statistics.median(b)


def write_activity_csv(path: Path, rows: int) -> None:
    """An activity CSV of ``rows`` touches over 2026, about 5,000 leads at 700 companies."""
    outcomes = ["no-answer"] * 6 + ["conversation"] * 2 + ["meeting", "not-interested"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["at", "prospect", "outcome", "amount", "source", "note", "company"])
        for i in range(rows):
            day, month = 1 + (i // 400) % 28, 1 + (i // (400 * 28)) % 10
            hour, minute = 8 + (i % 400) // 40, i % 40
            outcome = "sale" if i % 97 == 0 else outcomes[i % len(outcomes)]
            writer.writerow(
                [
                    f"2026-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}",
                    f"Lead {i % 5000}",
                    outcome,
                    "1500.00" if outcome == "sale" else "",
                    "",
                    "called back" if i % 50 == 0 else "",
                    f"Company {i % 700}",
                ]
            )
