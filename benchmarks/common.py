"""What every benchmark shares: the planner command, timing a process, the heavy data, a row.

Never part of the test suite.
"""

from __future__ import annotations

import csv
import hashlib
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# The console script a seller runs; `python -m planner` when it is not installed beside us.
_SCRIPT = Path(sys.executable).parent / "planner"
PLANNER = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "planner"]
TODAY = "2026-11-27"  # a Friday, a working day of the demo's 2026 target
WEEK = "2026-W47"  # the last full week before TODAY
REPO = Path(__file__).resolve().parents[1]
HEAVY_YEARS, HEAVY_CALLS_PER_DAY = 5, 100
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "planner-bench"


def clean_env(**extra: str) -> dict[str, str]:
    """Our environment without the variables that would point planner elsewhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANNER_")}
    env.update(extra)
    return env


def compile_sources() -> None:
    """An installed package runs from bytecode; compile ours even where
    PYTHONDONTWRITEBYTECODE is set, or every process would pay for compiling it."""
    for package in ("planner", "tui", "themes", "benchmarks"):
        if (REPO / package).is_dir():
            subprocess.run(
                [sys.executable, "-m", "compileall", "-q", str(REPO / package)], check=True
            )


def planner(data_dir: Path, *args: str) -> list[str]:
    return [*PLANNER, "--data-dir", str(data_dir), "--today", TODAY, *args]


def run_output(args: Sequence[str], **kwargs: Any) -> tuple[float, str]:
    """(seconds the process took start to exit, its stdout); a failure stops the benchmark."""
    started = time.perf_counter()
    result = subprocess.run(args, capture_output=True, text=True, env=clean_env(), **kwargs)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(args)}\n{result.stderr}")
    return elapsed, result.stdout


def run(args: Sequence[str]) -> float:
    return run_output(args)[0]


def alternate(
    first: Callable[[], float], second: Callable[[], float], repeat: int
) -> tuple[list[float], list[float]]:
    """Seconds of two measurements taken turn about, after one warm-up each, so that machine
    noise hits both alike."""
    first(), second()
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeat):
        a.append(first())
        b.append(second())
    return a, b


# ------------------------------------------------------------------ statistics


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def p90(values: Sequence[float]) -> float:
    """Nearest-rank 90th percentile: the value that 90% of the runs do not exceed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


@dataclass
class Side:
    """One side of a row: a label and its samples (seconds, milliseconds or MB: see unit)."""

    label: str
    samples: list[float]
    unit: str = "ms"

    @property
    def median(self) -> float:
        return median(self.samples)

    @property
    def p90(self) -> float:
        return p90(self.samples)

    def text(self) -> str:
        if self.unit == "s":
            return f"{self.label} {self.median:.2f}/{self.p90:.2f} s"
        if self.unit == "MB":
            return f"{self.label} {self.median:.0f}/{self.p90:.0f} MB"
        return f"{self.label} {self.median:.1f}/{self.p90:.1f} ms"


@dataclass
class Row:
    """One row of DESIGN section 7: what was measured, the figure compared with the budget."""

    key: str
    what: str
    sides: list[Side]
    value: float  # the figure the budget applies to (a ratio, ms, s or MB)
    budget: float
    unit: str  # "x" for a ratio of medians, else the unit of value
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.value <= self.budget

    @property
    def margin(self) -> float:
        """How far from the budget, as a share of it: -0.2 is 20% under, 0.5 is 50% over."""
        return self.value / self.budget - 1

    def value_text(self) -> str:
        if self.unit == "x":
            return f"{self.value:.2f}x"
        if self.unit == "s":
            return f"{self.value:.1f} s"
        if self.unit == "MB":
            return f"{self.value:.0f} MB"
        return f"{self.value:.1f} ms"

    def budget_text(self) -> str:
        prefix = "<= "
        if self.unit == "x":
            return f"{prefix}{self.budget:g}x"
        return f"{prefix}{self.budget:g} {self.unit}"

    def fastest_note(self) -> None:
        """For a ratio, the ratio of the fastest runs too: the load of a shared machine
        only ever adds time, so it is the figure least moved by it."""
        first, second = self.sides[0].samples, self.sides[1].samples
        self.notes.append(
            f"ratio of the fastest runs {min(first) / min(second):.2f}x "
            f"({min(first):.1f} vs {min(second):.1f} ms); {len(first)} runs a side, alternated"
        )

    def as_json(self) -> dict[str, Any]:
        found = asdict(self)
        found["passed"] = self.passed
        for side, data in zip(self.sides, found["sides"], strict=True):
            data["median"], data["p90"] = side.median, side.p90
        return found


# ------------------------------------------------------------------ the data


def heavy_cache(years: int = HEAVY_YEARS, calls_per_day: int = HEAVY_CALLS_PER_DAY) -> Path:
    """Heavy data built once by `planner demo` into the cache dir and reused after (the
    demo is seeded, so the same arguments and the same demo and storage code give the same
    data; a change to that code gets a folder of its own)."""
    folder = CACHE / f"demo-{years}y-{calls_per_day}cpd-{TODAY}-{_data_code_hash()}"
    if (folder / "planner.json").exists():
        return folder
    building = Path(tempfile.mkdtemp(prefix="building-", dir=_made(CACHE)))
    target = building / "data"
    args = ("demo", "--years", str(years), "--calls-per-day", str(calls_per_day))
    seconds = run(planner(target, *args))
    print(f"  heavy data built in {seconds:.1f} s into {folder}", flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    target.replace(folder)
    shutil.rmtree(building, ignore_errors=True)
    return folder


def _data_code_hash() -> str:
    """A short hash of the code that decides what the demo writes and how it is stored."""
    digest = hashlib.sha256()
    sources = [
        *(REPO / "planner" / "demo").glob("*.py"),
        *(REPO / "planner" / "store").glob("*.py"),
    ]
    for path in sorted(sources):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _made(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def working_copy(source: Path, root: Path, name: str) -> Path:
    """A fresh copy of ``source``, so that every row starts from the same data however many
    touches the rows before it logged."""
    target = root / name
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    target.chmod(0o700)
    return target


def empty_data(root: Path, name: str = "empty") -> Path:
    """A data dir with a target and nothing else: the other side of the heavy ratios."""
    target = root / name
    if not (target / "planner.json").exists():
        run(planner(target, "init", "--target", "24", "--period", "2026"))
    return target


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
