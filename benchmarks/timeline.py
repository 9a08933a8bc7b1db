"""Where the usable time and the key-to-stored time go: a timeline from inside the TUI.

    python benchmarks/timeline.py [--presses 15] [--data DIR]

Runs the planner in the benchmark's tmux terminal through a wrapper that stamps the wall
clock (time.time(), comparable with the outside) at the steps of the start (imports, app
mounted, the service built, each service call of the today snapshot, the snapshot shown,
the frames written) and of each key (the key event, the action, the optimistic redraw, the
worker's start, each fsync, the month file's rename, the reply handled). The outside
measures as run.py does; the report puts both on one time line. The patches cost a few
microseconds a call. A diagnosis tool, not a budget: never part of the test suite.
"""

from __future__ import annotations

import argparse
import atexit
import functools
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

MARKS: list[tuple[str, float, str]] = []  # (label, wall clock, thread name)


def mark(label: str) -> None:
    MARKS.append((label, time.time(), threading.current_thread().name))


# ------------------------------------------------------------------ inside the TUI process


def _timed(owner: Any, name: str, label: str | None = None) -> None:
    """Wrap ``owner.name`` to mark its start and end."""
    original: Callable[..., Any] = getattr(owner, name)
    label = label or f"{owner.__name__}.{name}"

    @functools.wraps(original)  # Textual passes the message only if the signature takes it
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        mark(label + " start")
        try:
            return original(*args, **kwargs)
        finally:
            mark(label + " end")

    setattr(owner, name, wrapper)


def inside(out: Path, argv: list[str]) -> None:
    mark("python started (site done)")
    import planner.cli

    mark("planner.cli imported")
    import tui.app

    mark("tui.app imported")
    from textual.app import App
    from textual.drivers._writer_thread import WriterThread
    from textual.drivers.linux_driver import LinuxDriver

    from planner.service import PlannerService
    from planner.store import atomic
    from tui import runner
    from tui.screens.today import TodayScreen
    from tui.widgets.note_bar import NoteBar

    mark("planner.service imported")
    for name in (
        "status",
        "touches",
        "composure_today",
        "tally",
        "prospect_names",
        "day_plan",
        "queue",
        "log",
        "change_counter",
    ):
        _timed(PlannerService, name)
    _timed(PlannerService, "__init__", "PlannerService()")
    for name in ("on_mount", "on_today_loaded", "show", "action_log", "_store"):
        _timed(TodayScreen, name)
    _timed(NoteBar, "_close", "NoteBar._close")
    _timed(TodayScreen, "on_touch_stored")
    _timed(TodayScreen, "on_pace_refreshed")
    _timed(tui.app.PlannerApp, "on_mount", "PlannerApp.on_mount")
    _timed(runner.ServiceRunner, "_run_next", "job")
    from textual.screen import Screen

    from planner.store import journal, repository

    _timed(repository.Store, "_heal", "store._heal")
    _timed(repository.Store, "_commit", "store._commit")
    _timed(journal, "commit", "journal.commit")
    _timed(Screen, "_refresh_layout", "Screen._refresh_layout")
    _timed(Screen, "_compositor_refresh", "Screen._compositor_refresh")
    _timed(Screen, "update_node_styles", "Screen.update_node_styles")
    from textual._compositor import Compositor

    _timed(App, "_display", "App._display")
    _timed(Compositor, "render_update", "Compositor.render_update")
    _timed(Compositor, "reflow", "Compositor.reflow")

    write = LinuxDriver.write

    def driver_write(self: Any, data: str) -> None:
        if len(data) > 64:  # a frame, not a cursor or mode sequence
            mark("frame written")
        write(self, data)

    LinuxDriver.write = driver_write  # type: ignore[method-assign]

    def writer_run(self: Any) -> None:  # textual's WriterThread.run, stamping each flush
        big = False
        while True:
            text = self._queue.get()
            if text is None:
                break
            self._file.write(text)
            big = big or len(text) > 64
            if self._queue.qsize() == 0:
                self._file.flush()
                if big:
                    mark("frame flushed to the terminal")
                big = False
        self._file.flush()

    WriterThread.run = writer_run  # type: ignore[method-assign]
    on_event = App.on_event

    async def app_event(self: Any, event: Any) -> None:
        if type(event).__name__ == "Key":
            mark(f"key event {event.key}")
        await on_event(self, event)

    App.on_event = app_event  # type: ignore[method-assign]
    fsync = os.fsync

    def timed_fsync(fd: int) -> None:
        mark("fsync start")
        fsync(fd)
        mark("fsync end")

    atomic.os.fsync = timed_fsync  # type: ignore[attr-defined]
    replace = Path.replace

    def timed_replace(self: Path, target: Any) -> Path:
        found = replace(self, target)
        if Path(target).parent.name == "touches":
            mark("month file replaced")
        return found

    Path.replace = timed_replace  # type: ignore[method-assign]

    def dump() -> None:
        out.write_text(json.dumps(MARKS), encoding="utf-8")

    atexit.register(dump)
    sys.argv = ["planner", *argv]
    planner.cli.main()


# ------------------------------------------------------------------ outside, and the report


def drive(presses: int, data_source: Path | None) -> None:
    import tui_bench
    from common import TODAY, compile_sources, heavy_cache, planner
    from terminal import Terminal

    compile_sources()
    heavy = data_source or heavy_cache()
    with tempfile.TemporaryDirectory(prefix="planner-timeline-") as folder:
        root = Path(folder)
        data, _, first_row = tui_bench.prepare(heavy, root, "timeline")
        month = data / "touches" / f"{TODAY[:7]}.json"
        out = root / "marks.json"
        argv = planner(data)[len(planner(data)) - 4 :]  # --data-dir DIR --today TODAY
        command = [sys.executable, str(Path(__file__).resolve()), "--inside", str(out), *argv]
        with Terminal(tui_bench.tui_env(root)) as terminal:
            sent = time.time()
            usable = tui_bench.open_until_usable(terminal, command, first_row)
            time.sleep(1.5)
            keys: list[tuple[float, float]] = []
            for _ in range(presses):
                tui_bench.open_note_box(terminal)
                before = month.stat()
                key_sent = time.time()
                terminal.keys(tui_bench.KEY)
                while (month.stat().st_ino, month.stat().st_mtime_ns) == (
                    before.st_ino,
                    before.st_mtime_ns,
                ):
                    time.sleep(0.0005)
                keys.append((key_sent, time.time()))
                time.sleep(0.5)
            terminal.keys("q")
            deadline = time.time() + 10
            while not out.exists() and time.time() < deadline:
                time.sleep(0.05)
            terminal.stop()
        marks = json.loads(out.read_text(encoding="utf-8"))
        if os.environ.get("TIMELINE_KEEP"):
            Path(os.environ["TIMELINE_KEEP"]).write_text(json.dumps(marks), encoding="utf-8")
    report_start(sent, usable, marks)
    report_keys(keys, marks)


def _first(marks: list[list[Any]], label: str, after: float = 0.0) -> float | None:
    return next((t for name, t, _ in marks if name == label and t >= after), None)


def _fsyncs(marks: list[list[Any]], start: float, end: float) -> tuple[int, float]:
    """(calls, seconds) of the fsyncs between two instants."""
    names = ("fsync start", "fsync end")
    found = [t for name, t, _ in marks if name in names and start <= t <= end]
    pairs = list(zip(found[::2], found[1::2], strict=False))
    return len(pairs), sum(b - a for a, b in pairs)


def report_start(sent: float, usable: dict[str, float], marks: list[list[Any]]) -> None:
    print("start, ms from the command sent to tmux (one run):")
    shown = _first(marks, "TodayScreen.on_today_loaded end") or 0.0
    steps = [(name, t) for name, t, _ in marks if t <= shown + 0.2]
    last = sent
    frames = 0
    for name, t in steps:
        if name == "frame written":
            frames += 1
            if frames > 1 and t < shown:
                continue  # only the first frame and the frame after the snapshot
        if name.startswith("fsync"):
            continue
        print(f"  {1000 * (t - sent):7.1f}  (+{1000 * (t - last):6.1f})  {name}")
        last = t
    print(f"  outside: first paint {usable['painted']:.0f}, usable {usable['usable']:.0f} ms")


def report_keys(keys: list[tuple[float, float]], marks: list[list[Any]]) -> None:
    phases: dict[str, list[float]] = {}

    def add(name: str, start: float | None, end: float | None) -> None:
        if start is not None and end is not None:
            phases.setdefault(name, []).append((end - start) * 1000)

    for sent, seen in keys:
        event = _first(marks, "key event enter", sent)
        closed = _first(marks, "NoteBar._close start", sent)
        shown = _first(marks, "TodayScreen._store end", sent)
        frame = _first(marks, "frame written", shown or sent)
        flushed = _first(marks, "frame flushed to the terminal", frame or sent)
        job = _first(marks, "job start", shown or sent)
        log = _first(marks, "PlannerService.log start", sent)
        log_end = _first(marks, "PlannerService.log end", log or sent)
        stored = _first(marks, "TodayScreen.on_touch_stored start", sent)
        add("tmux send-keys -> key event in the app", sent, event)
        add("key event -> note bar closed", event, closed)
        add("note bar closed -> optimistic show() done", closed, shown)
        add("show() done -> frame written", shown, frame)
        add("frame written -> flushed to the terminal", frame, flushed)
        add("show() done -> worker job starts", shown, job)
        if log is not None and log < (stored or log):
            add("(in this process) service.log", log, log_end)
        add("key event -> TouchStored handled (writer process or worker)", event, stored)
        add("outside: key sent -> month file replaced", sent, seen)
    print(f"\nkey {len(keys)} presses of enter in the sale's note bar, medians (p90) in ms:")
    for name, values in phases.items():
        ordered = sorted(values)
        p90 = ordered[max(0, -(-len(ordered) * 9 // 10) - 1)]
        print(f"  {statistics.median(values):7.1f} ({p90:6.1f})  {name}")


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--inside":
        inside(Path(sys.argv[2]), sys.argv[3:])
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--presses", type=int, default=15)
    parser.add_argument("--data", type=Path)
    options = parser.parse_args()
    drive(options.presses, options.data)


if __name__ == "__main__":
    main()
