"""The TUI rows of DESIGN section 7, measured from outside in a real terminal (tmux 120x36).

    python benchmarks/tui_bench.py [--tui-repeat 7] [--presses 15] [--data DIR]

(the same as `python benchmarks/run.py --only usable,key_stored,key_redrawn,memory`)

Usable: the time from the command sent to tmux until one capture of the screen shows both
markers (see PACE and first_row_marker), polled every 5 ms, for the planner on heavy data
and for bare_app.py with the same widgets and fixed content, taken turn about.
Key rows: `s` (a sale: changes the gauge, the tally and the queue line) sent with
`tmux send-keys`, then either the touches' month file polled with os.stat until its inode
or mtime_ns changes (writes are atomic renames) or the screen polled every 2 ms until the
gauge's figures line and the tally line both differ from before the key.
Memory: VmHWM of the TUI process (the pane's pid: the command is exec'd) from /proc.

The state measured: today (TODAY) already has its morning composure check saved and its
day plan stored, i.e. the second and later opens of a working day; the first open would
show the composure question over the today screen.
"""

from __future__ import annotations

import json
import random
import re
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from common import (
    REPO,
    TODAY,
    Row,
    Side,
    clean_env,
    median,
    planner,
    run_output,
    working_copy,
)
from terminal import Terminal

USABLE_BUDGET = 1.5
KEY_BUDGET_MS = 16.0
MEMORY_BUDGET_MB = 150.0
OPEN_KEY = "s"  # a sale: the gauge's actual, the tally and the queue line all change
KEY = "Enter"  # the key that stores it: the sale's note box left empty (timed from here)


def open_note_box(terminal: Terminal) -> None:
    """`s` asks a one-line note first; the timed key is the enter that logs the sale."""
    terminal.keys(OPEN_KEY)
    terminal.wait_for(
        lambda lines: any("After the call" in line for line in lines),
        since=time.perf_counter(),
        interval=0.002,
    )


# The gauge's figures line (tui/widgets/gauge.py figures()): "actual 771  expected 902.4
# target 998  pace 0.85   behind". Its pace number is there only once the report is.
PACE = re.compile(r"\bactual \S+ +expected \S+ +target \S+ +pace (?:\d+\.\d+|n/a)\b")
# What a logged key changes, read from the left of the screen: the toasts of earlier keys
# ("Logged sale with ...", 4 s each) cover its right half. A sale adds one to both.
ACTUAL = re.compile(r"\bactual (\d+)")
TOUCHES = re.compile(r"\bToday touches (\d+)/")


def first_row_marker(item: dict[str, Any]) -> re.Pattern[str]:
    """The queue's first line (tui/widgets/queue_table.py render_row): rank 1 (or the done
    tick), its source, and the start of the prospect's name, as `queue --json` gives them."""
    name = (item.get("prospect") or {}).get("name") or "(a new lead)"
    return re.compile(
        rf"(?:^|[\s│┃|])(?:1|✓)\s+{item['source']}\s+{re.escape(name[:18])}", re.MULTILINE
    )


def _counts(lines: list[str]) -> tuple[int | None, int | None]:
    """The gauge's actual and the tally's touches as the screen shows them."""
    text = "\n".join(lines)
    actual, touches = ACTUAL.search(text), TOUCHES.search(text)
    return (
        int(actual.group(1)) if actual else None,
        int(touches.group(1)) if touches else None,
    )


def _found(pattern: re.Pattern[str], lines: list[str]) -> str | None:
    for line in lines:
        match = pattern.search(line)
        if match:
            return line
    return None


# ------------------------------------------------------------------ the data and the markers


def prepare(heavy: Path, root: Path, name: str) -> tuple[Path, dict[str, Any], re.Pattern[str]]:
    """A fresh copy of the heavy data in the state measured: today's composure check saved
    (one is written if the data has none), the day plan stored (by `planner queue`, the
    day's first look). Returns the copy, the bare app's content and the first-row marker."""
    data = working_copy(heavy, root, name)
    composure = _ensure_composure(data)
    _, queue_out = run_output(planner(data, "queue", "--json"))
    _, status_out = run_output(planner(data, "status", "--json"))
    queue, status = json.loads(queue_out), json.loads(status_out)
    if not queue["items"]:
        raise SystemExit("the heavy data plans an empty queue: no first row to wait for")
    content = bare_content(status, queue, composure)
    return data, content, first_row_marker(queue["items"][0])


def _ensure_composure(data: Path) -> str:
    """Today's composure check, saved through the service if the data has none (a demo
    built with --today has one)."""
    from planner.service import PlannerService

    service = PlannerService(data, today=date.fromisoformat(TODAY))
    check = service.composure_today()
    if check is None:
        check = service.save_composure(service.composure_prompt().id, 3, "benchmark run")
        return f"saved by the benchmark (rating {check.rating})"
    return "skipped" if check.skipped else f"answered (rating {check.rating})"


def bare_content(status: dict[str, Any], queue: dict[str, Any], composure: str) -> dict[str, Any]:
    target = status["target"]
    actual, amount = status["actual"], target["amount"]
    pace = f"{status['pace']:.2f}" if status["pace"] is not None else "n/a"
    label = f"  {actual} / {amount}"
    cells = 116 - len(label)
    filled = round(min(1.0, float(actual) / float(amount)) * cells) if amount else cells
    rows = []
    for item in queue["items"]:
        name = (item.get("prospect") or {}).get("name") or "(a new lead)"
        rows.append([str(item["rank"]), item["source"], name, item["reason"]])
    planned = queue["planned"]
    return {
        "gauge_title": f"Pace · {target['period']}",
        "gauge_subtitle": f"{date.fromisoformat(status['today']):%a %d %b %Y}",
        "gauge": [
            "█" * filled + "░" * (cells - filled) + label,
            f"actual {actual}  expected {status['expected']:.1f}  target {amount}  "
            f"pace {pace}   {status['status'].replace('_', ' ')}",
            f"need {status['required_per_day']}/day  projected {status['projected']:.1f} "
            f"({status['projected_low']:.1f}–{status['projected_high']:.1f})  "
            f"chance to hit {status['p_hit']:.0%}",
            f"diagnosis: {status['diagnosis']}",
        ],
        "tally": f"Today touches 0/{planned['old'] + planned['new']}  conversations 0  "
        f"meetings 0  sales 0/{queue['expected_sales']:.1f}",
        "intent": f"Intent: composure {composure}",
        "notice": f"⚠ A full day of {queue['capacity']} calls falls {queue['shortfall']:.1f} "
        "sales short of the pace needed.",
        "queue_title": f"Today's queue · {planned['old']} old + {planned['new']} new",
        "rows": rows,
    }


# ------------------------------------------------------------------ measuring


def tui_env(root: Path) -> dict[str, str]:
    """The terminal's environment: no planner variables, a config dir of our own (no
    keymap or theme of the user's), colours as a modern terminal has them."""
    config = root / "config"
    config.mkdir(exist_ok=True)
    return clean_env(XDG_CONFIG_HOME=str(config), COLORTERM="truecolor", LANG="C.UTF-8")


def planner_argv(data: Path) -> list[str]:
    return planner(data)


def bare_argv(content_file: Path) -> list[str]:
    return [sys.executable, str(REPO / "benchmarks" / "bare_app.py"), str(content_file)]


def open_until_usable(
    terminal: Terminal, argv: list[str], first_row: re.Pattern[str]
) -> dict[str, float]:
    """Start ``argv``; ms from the command sent to the first non-blank screen, to the pace
    figures shown, to the first queue row shown, and to both at once (usable)."""
    marks: dict[str, float] = {}
    started = terminal.start(argv)
    deadline = started + 120
    while True:
        lines = terminal.screen()
        now = time.perf_counter()
        ms = (now - started) * 1000
        if "painted" not in marks and any(line.strip() for line in lines):
            marks["painted"] = ms
        pace = _found(PACE, lines) is not None
        row = first_row.search("\n".join(lines)) is not None
        if pace:
            marks.setdefault("pace", ms)
        if row:
            marks.setdefault("row", ms)
        if pace and row:
            marks["usable"] = ms
            return marks
        if now > deadline:
            raise SystemExit("the screen never became usable; it shows:\n" + "\n".join(lines))
        time.sleep(0.005)


def usable_row(terminal: Terminal, heavy: Path, root: Path, repeat: int) -> Row:
    data, content, first_row = prepare(heavy, root, "tui-usable")
    content_file = root / "bare-content.json"
    content_file.write_text(json.dumps(content), encoding="utf-8")
    ours: list[dict[str, float]] = []
    bare: list[dict[str, float]] = []
    open_until_usable(terminal, planner_argv(data), first_row)  # warm-up: page cache, bytecode
    open_until_usable(terminal, bare_argv(content_file), first_row)
    for _ in range(repeat):
        ours.append(open_until_usable(terminal, planner_argv(data), first_row))
        bare.append(open_until_usable(terminal, bare_argv(content_file), first_row))
    terminal.stop()
    planner_side = Side("planner", [m["usable"] for m in ours])
    bare_side = Side("bare app", [m["usable"] for m in bare])

    def middle(marks: list[dict[str, float]], key: str) -> float:
        return median([m[key] for m in marks])

    notes = [
        f"markers: pace = /{PACE.pattern}/, first row = /{first_row.pattern}/",
        "state: composure check of today saved, day plan stored (not the day's first open)",
        "planner median ms: first paint {:.0f}, pace shown {:.0f}, first row shown {:.0f}; "
        "bare app: first paint {:.0f}".format(
            middle(ours, "painted"),
            middle(ours, "pace"),
            middle(ours, "row"),
            middle(bare, "painted"),
        ),
    ]
    row = Row(
        "usable",
        "TUI usable on heavy data vs bare Textual app (tmux 120x36)",
        [planner_side, bare_side],
        planner_side.median / bare_side.median,
        USABLE_BUDGET,
        "x",
        notes,
    )
    row.fastest_note()
    return row


def memory_kb(pid: int) -> dict[str, int]:
    found: dict[str, int] = {}
    with Path(f"/proc/{pid}/status").open(encoding="ascii") as handle:
        for line in handle:
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                found[key] = int(value.split()[0])
    return found


def key_rows(terminal: Terminal, heavy: Path, root: Path, presses: int) -> list[Row]:
    """Key to stored, key to redrawn and memory, in one planner session on heavy data."""
    data, _, first_row = prepare(heavy, root, "tui-keys")
    month = data / "touches" / f"{TODAY[:7]}.json"
    open_until_usable(terminal, planner_argv(data), first_row)
    pid = terminal.pid()
    time.sleep(1.5)  # let the first store check and any late work pass
    usable_mem = memory_kb(pid)

    def settle() -> None:
        time.sleep(random.uniform(0.35, 0.6))  # not in step with the 1 s store check

    stored: list[float] = []
    for _ in range(presses):
        open_note_box(terminal)
        before = month.stat()
        started = time.perf_counter()
        terminal.keys(KEY)
        while True:
            now = time.perf_counter()
            try:
                after = month.stat()
            except FileNotFoundError:  # between the unlink and the rename, if ever
                after = before
            if (after.st_ino, after.st_mtime_ns) != (before.st_ino, before.st_mtime_ns):
                stored.append((now - started) * 1000)
                break
            if now - started > 10:
                raise SystemExit("the touch never reached " + str(month))
            time.sleep(0.0005)
        settle()
    logged_mem = memory_kb(pid)

    redrawn: list[float] = []
    for _ in range(presses):
        open_note_box(terminal)
        lines = terminal.screen()
        before = _counts(lines)
        if None in before:
            raise SystemExit("no gauge or tally before the key; the screen:\n" + "\n".join(lines))

        def changed(lines: list[str], before: tuple[int | None, ...] = before) -> bool:
            after = _counts(lines)
            return None not in after and all(a != b for a, b in zip(after, before, strict=True))

        started = time.perf_counter()
        terminal.keys(KEY)
        redrawn.append(terminal.wait_for(changed, since=started, interval=0.002) * 1000)
        settle()

    for key in ("p", "r", "t"):  # the other screens, for the record (not in the budget)
        terminal.keys(key)
        time.sleep(2.0)
    after_screens = memory_kb(pid)
    terminal.stop()
    presses_note = f"{presses} presses of {KEY!r} (a sale), 0.35-0.6 s apart, no warm-up press"
    return [
        Row(
            "key_stored",
            "key press to the touch's month file replaced (heavy data)",
            [Side("key->file", stored)],
            Side("", stored).median,
            KEY_BUDGET_MS,
            "ms",
            [presses_note, "its stat polled every 0.5 ms until the inode or mtime_ns changes"],
        ),
        Row(
            "key_redrawn",
            "key press to gauge and tally redrawn (heavy data)",
            [Side("key->screen", redrawn)],
            Side("", redrawn).median,
            KEY_BUDGET_MS,
            "ms",
            [presses_note, "screen polled every 2 ms until gauge actual and tally touches change"],
        ),
        Row(
            "memory",
            "TUI resident memory on heavy data (VmHWM)",
            [
                Side("usable", [usable_mem["VmHWM"] / 1024], "MB"),
                Side("after logs", [logged_mem["VmHWM"] / 1024], "MB"),
            ],
            max(usable_mem["VmHWM"], logged_mem["VmHWM"]) / 1024,
            MEMORY_BUDGET_MB,
            "MB",
            [
                f"VmRSS when usable {usable_mem['VmRSS'] / 1024:.0f} MB; VmHWM after the "
                f"prospects and review screens {after_screens['VmHWM'] / 1024:.0f} MB "
                "(not in the budget)"
            ],
        ),
    ]


if __name__ == "__main__":
    from run import main

    sys.exit(main(["--only", "usable,key_stored,key_redrawn,memory", *sys.argv[1:]]))
