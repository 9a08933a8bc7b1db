"""TUI performance budgets of DESIGN section 7, measured in one run on heavy data.

    python benchmarks/tui_bench.py [--years 5] [--calls-per-day 100] [--repeat 7]
                                   [--presses 30] [--data DIR]

1. First frame: a process that opens the planner on heavy data, against a bare Textual app
   with the same widgets (gauge, three lines, a four-column table, footer), taken turn
   about; time from process start to the first frame the driver writes. Budget 1.5x.
2. Key press to touch stored and gauge redrawn, in-process with Pilot over ``--presses``
   sale keys: the optimistic redraw, the touch on disk, and the redraw with the
   recomputed report. Budget: median 16 ms.
3. Resident memory (ru_maxrss) of a process that opens the planner headless on heavy
   data, shows today, logs a touch, and opens the prospects and review screens. Budget
   150 MB.

Never part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

TODAY = "2026-11-27"
REPO = Path(__file__).resolve().parents[1]

# ---------------------------------------------------------------- child processes


def _report_first_write() -> None:
    """Patch the headless driver: print the wall clock at the first frame, then leave."""
    from textual.drivers.headless_driver import HeadlessDriver

    def write(self: Any, data: str) -> None:
        if data:
            print(json.dumps({"frame_at": time.time()}), flush=True)
            os._exit(0)

    HeadlessDriver.write = write  # type: ignore[method-assign]


def child_first_frame_planner(data: Path) -> None:
    _report_first_write()
    from tui.app import make_app

    config = Path(tempfile.mkdtemp()) / "config.toml"
    make_app(data, today=date.fromisoformat(TODAY), config_path=config).run(
        headless=True, size=(80, 24)
    )


def child_first_frame_bare() -> None:
    _report_first_write()
    from textual.app import App, ComposeResult
    from textual.binding import BindingType
    from textual.containers import Vertical
    from textual.widgets import DataTable, Footer, Static

    class Bare(App[None]):
        BINDINGS: ClassVar[list[BindingType]] = [(k, "bell", k) for k in "ncmsxzlu"]

        def compose(self) -> ComposeResult:
            with Vertical():
                yield Static("gauge\n\n\n", id="gauge")
                yield Static("tally")
                yield Static("intent")
                yield Static("notice")
                table: DataTable[str] = DataTable()
                table.add_columns("#", "src", "prospect", "reason")
                yield table
            yield Footer()

    Bare().run(headless=True, size=(80, 24))


def child_memory(data: Path) -> None:
    import resource

    from tui.app import make_app

    async def run() -> None:
        config = Path(tempfile.mkdtemp()) / "config.toml"
        app = make_app(data, today=date.fromisoformat(TODAY), config_path=config)
        async with app.run_test(size=(120, 36)) as pilot:
            await _settle(pilot)
            await pilot.press("n")
            await _settle(pilot)
            today_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            for key in ("p", "r", "t"):
                await pilot.press(key)
                await _settle(pilot)
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({"today_kb": today_kb, "peak_kb": peak_kb}), flush=True)

    asyncio.run(run())


async def _settle(pilot: Any) -> None:
    for _ in range(20):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        if not any(not w.is_finished for w in pilot.app.workers):
            return


# ---------------------------------------------------------------- in-process key timing


async def key_timings(data: Path, presses: int) -> dict[str, list[float]]:
    """Per press of `s`: ms to the optimistic gauge redraw, to the touch stored (its
    message handled), and to the gauge redrawn with the pace recomputed from the store."""
    from tui.app import make_app
    from tui.screens.today import TodayScreen
    from tui.widgets.gauge import PaceGauge

    marks: dict[str, float] = {}
    original_render = PaceGauge.render
    original_stored = TodayScreen.on_touch_stored
    original_refreshed = TodayScreen.on_pace_refreshed

    def render(self: PaceGauge) -> Any:
        result = original_render(self)
        stamp = "reconciled" if "refreshed" in marks else "optimistic"
        marks.setdefault(stamp, time.perf_counter())
        return result

    def stored(self: TodayScreen, message: Any) -> None:
        marks.setdefault("stored", time.perf_counter())
        original_stored(self, message)

    def refreshed(self: TodayScreen, message: Any) -> None:
        marks.setdefault("refreshed", time.perf_counter())
        original_refreshed(self, message)

    PaceGauge.render = render  # type: ignore[method-assign]
    TodayScreen.on_touch_stored = stored  # type: ignore[method-assign]
    TodayScreen.on_pace_refreshed = refreshed  # type: ignore[method-assign]
    config = Path(tempfile.mkdtemp()) / "config.toml"
    app = make_app(data, today=date.fromisoformat(TODAY), config_path=config)
    results: dict[str, list[float]] = {"optimistic": [], "stored": [], "reconciled": []}
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await _settle(pilot)
            await pilot.press("escape")  # the morning question, if any
            await _settle(pilot)
            await pilot.press("s")  # warm-up: first write of the day plans, backs up
            await _settle(pilot)
            for _ in range(presses):
                marks.clear()
                started = time.perf_counter()
                app.simulate_key("s")  # as a terminal sends it: no test waits in between
                deadline = started + 5.0
                while "reconciled" not in marks and time.perf_counter() < deadline:
                    await asyncio.sleep(0.005)
                for key in results:
                    results[key].append((marks.get(key, deadline) - started) * 1000)
                await _settle(pilot)
    finally:
        PaceGauge.render = original_render  # type: ignore[method-assign]
        TodayScreen.on_touch_stored = original_stored  # type: ignore[method-assign]
        TodayScreen.on_pace_refreshed = original_refreshed  # type: ignore[method-assign]
    return results


# ---------------------------------------------------------------- the parent


def _child(mode: str, *args: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.time()
    result = subprocess.run(
        [sys.executable, __file__, "--child", mode, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise SystemExit(f"child {mode} failed:\n{result.stdout}\n{result.stderr}")
    found: dict[str, Any] = json.loads(lines[-1])
    found["started"] = started
    return found


def first_frame(data: Path, repeat: int) -> tuple[float, float]:
    planner_ms: list[float] = []
    bare_ms: list[float] = []
    _child("planner", str(data)), _child("bare")  # warm the page cache and bytecode
    for _ in range(repeat):
        shot = _child("planner", str(data))
        planner_ms.append((shot["frame_at"] - shot["started"]) * 1000)
        shot = _child("bare")
        bare_ms.append((shot["frame_at"] - shot["started"]) * 1000)
    return statistics.median(planner_ms), statistics.median(bare_ms)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--calls-per-day", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--data", type=Path, help="use this heavy data dir (a copy is used)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child == "planner":
        child_first_frame_planner(Path(options.rest[0]))
        return
    if options.child == "bare":
        child_first_frame_bare()
        return
    if options.child == "memory":
        child_memory(Path(options.rest[0]))
        return

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "planner"),
                    str(REPO / "tui")], check=True)  # fmt: skip
    root = Path(tempfile.mkdtemp(prefix="planner-tui-bench-"))
    heavy = root / "heavy"
    try:
        if options.data:
            shutil.copytree(options.data, heavy)
        else:
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "planner", "--data-dir", str(heavy), "--today", TODAY,
                 "demo", "--years", str(options.years), "--calls-per-day",
                 str(options.calls_per_day)],
                check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO)},
            )  # fmt: skip
            print(f"heavy demo data built in {time.perf_counter() - started:.1f} s")
        print(f"planner TUI benchmarks on {heavy}")

        ours, bare = first_frame(heavy, options.repeat)
        print(
            f"  first frame: planner {ours:.0f} ms, bare Textual app {bare:.0f} ms, "
            f"ratio {ours / bare:.2f}x (budget 1.5x)"
        )

        timings = asyncio.run(key_timings(heavy, options.presses))
        for key, label in (
            ("optimistic", "key press to gauge redrawn (shown at once)"),
            ("stored", "key press to touch stored on disk"),
            ("reconciled", "key press to stored and gauge redrawn from the stored data"),
        ):
            values = timings[key]
            print(
                f"  {label}: median {statistics.median(values):.1f} ms, "
                f"p90 {sorted(values)[int(len(values) * 0.9) - 1]:.1f} ms "
                f"over {len(values)} presses (budget median 16 ms)"
            )

        memory = _child("memory", str(heavy))
        print(
            f"  resident memory: {memory['today_kb'] / 1024:.0f} MB with today shown, "
            f"{memory['peak_kb'] / 1024:.0f} MB after prospects and review (budget 150 MB)"
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
