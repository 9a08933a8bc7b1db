"""Fault injection on real processes: kill -9 during `planner log`, and concurrent writers.

    python benchmarks/faults.py [--kills 30] [--writers 4] [--logs-per-writer 10] [--seed 13]

On a temp data dir: every `planner log` that exited 0 (acknowledged) must be stored exactly
once, a killed one at most once, every file must parse (checked without planner's code), no
journal may be left once a planner command ran, and `planner doctor` must be content.
Each log carries a unique note, which is how its touch is found again. Never part of the
test suite; prints counts and exits 1 on any violation.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from planner.store import Store  # noqa: E402
from tests.store.conftest import parses, temp_files  # noqa: E402  (the store tests' helpers)

NAME = "Fault Person"
ALL = (date(1900, 1, 1), date(2999, 12, 31))


def _command(data_dir: Path, note: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "planner",
        "--data-dir",
        str(data_dir),
        "log",
        "call",
        NAME,
        "--outcome",
        "no-answer",
        "--note",
        note,
    ]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _notes(data_dir: Path) -> Counter[str]:
    return Counter(t.note for t in Store(data_dir).touches(*ALL))


class Tally:
    def __init__(self) -> None:
        self.acknowledged: set[str] = set()
        self.killed: set[str] = set()
        self.failed: list[str] = []
        self.violations: list[str] = []
        self.temp_left = 0  # kills that left a temp file (harmless; removed by doctor)
        self.journal_left = 0  # kills inside a commit: the next command finished it

    def check(self, data_dir: Path, when: str) -> Counter[str]:
        try:
            parses(data_dir)  # before any planner code runs: every file is whole
        except AssertionError as error:
            self.violations.append(f"{when}: {error}")
        notes = _notes(data_dir)  # this read finishes an interrupted commit, if any
        for note in self.acknowledged:
            if notes[note] != 1:
                self.violations.append(f"{when}: acknowledged {note} stored {notes[note]} times")
        for note in self.killed:
            if notes[note] > 1:
                self.violations.append(f"{when}: killed {note} stored {notes[note]} times")
        if (data_dir / ".journal.json").exists():
            self.violations.append(f"{when}: a journal was left after a read")
        return notes


def _wait_for_commit(
    data_dir: Path, process: subprocess.Popen[bytes], limit: float, *, journal_only: bool
) -> None:
    """Until the commit shows on disk: its temp files (before the commit point), or its
    journal (after it: the renames are under way)."""
    journal = data_dir / ".journal.json"
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline and process.poll() is None:
        if journal.exists() or (not journal_only and temp_files(data_dir)):
            return
        time.sleep(0.0001)


def kill_rounds(
    data_dir: Path, kills: int, rng: random.Random, tally: Tally, duration: float
) -> int:
    """Start a `planner log`, kill -9 it after a random delay; returns how many were killed
    before they exited (the rest finished first and count as acknowledged)."""
    killed = 0
    for number in range(kills):
        note = f"kill-{number}"
        process = subprocess.Popen(
            _command(data_dir, note),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=_env(),
        )
        if number % 2:
            # Aimed: kill the moment the commit shows on disk (a temp file or the journal),
            # after a random few hundred microseconds more.
            _wait_for_commit(data_dir, process, 5 * duration, journal_only=number % 4 == 3)
            time.sleep(rng.uniform(0, 0.001))
        else:
            # Start-up is most of a log's life: delays spread over its last part (measured on
            # this machine) put kills before, in and after the commit.
            time.sleep(rng.uniform(0.6, 2.5) * duration)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
            tally.killed.add(note)
        _, err = process.communicate()
        tally.temp_left += bool(temp_files(data_dir))
        tally.journal_left += (data_dir / ".journal.json").exists()
        if process.returncode == 0:
            tally.acknowledged.add(note)
            tally.killed.discard(note)
        elif process.returncode != -signal.SIGKILL:
            tally.failed.append(f"{note}: exit {process.returncode}: {err.decode().strip()}")
        tally.check(data_dir, f"after kill round {number}")
    return killed


def concurrent(data_dir: Path, writers: int, per_writer: int, tally: Tally) -> float:
    """``writers`` processes, each logging ``per_writer`` calls back to back, all at once."""
    script = (
        "import subprocess, sys\n"
        "for cmd in eval(sys.argv[1]):\n"
        "    r = subprocess.run(cmd, capture_output=True, text=True)\n"
        "    print(('ok ' if r.returncode == 0 else 'fail ') + cmd[-1] + ' ' "
        "+ r.stderr.strip().replace(chr(10), ' '), flush=True)\n"
    )
    started = time.perf_counter()
    runners = []
    for writer in range(writers):
        commands = [_command(data_dir, f"w{writer}-{i}") for i in range(per_writer)]
        runners.append(
            subprocess.Popen(
                [sys.executable, "-c", script, repr(commands)],
                stdout=subprocess.PIPE,
                text=True,
                env=_env(),
            )
        )
    for runner in runners:
        out, _ = runner.communicate()
        for line in out.splitlines():
            status, note, *rest = line.split(" ", 2)
            if status == "ok":
                tally.acknowledged.add(note)
            else:
                tally.failed.append(f"{note}: {' '.join(rest)}")
    elapsed = time.perf_counter() - started
    tally.check(data_dir, "after the concurrent writers")
    return elapsed


# JSON-valid values a sync tool, an editor or a bug could leave in a field.
_FUZZ_VALUES: list[object] = [
    -1,
    0,
    10**18,
    1.5,
    "NaN",
    "Infinity",
    "",
    "x",
    None,
    True,
    {},
    [],
    [1, "a"],
    "0001-01-01",
    "9999-12-31T23:59:00+00:00",
    "2026-02-30",
    "\u0000\u001b[31m",
    {"outcomes": -1},
]


def _fuzz_once(template: Path, work: Path, rng: random.Random) -> tuple[str, str | None]:
    """Copy the data dir, change one field of one record, then read, log, doctor and repair:
    each must succeed or fail with one line (a StoreError), never another exception."""
    import shutil
    import traceback
    from dataclasses import replace

    import orjson

    from planner.models import Touch
    from planner.store import StoreError
    from planner.store.layout import data_files, op_files

    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(template, work, symlinks=True)
    rel = rng.choice(data_files(work) + op_files(work))
    raw = orjson.loads((work / rel).read_bytes())
    tables = [t for t in raw if t != "_schema" and raw[t]]
    if not tables:
        return rel, None
    table = rng.choice(tables)
    key = rng.choice(list(raw[table]))
    doc = raw[table][key]
    if rng.random() < 0.15 or not isinstance(doc, dict) or not doc:
        raw[table][key] = rng.choice(_FUZZ_VALUES)
        what = f"{rel}: {table} {key} = ..."
    else:
        field = rng.choice(list(doc))
        doc[field] = rng.choice(_FUZZ_VALUES)
        what = f"{rel}: {table} {key}.{field} = {doc[field]!r}"
    (work / rel).write_bytes(orjson.dumps(raw))
    store = Store(work)
    steps: list[Callable[[], object]] = [
        lambda: store.settings(),
        lambda: store.targets(),
        lambda: store.prospects(),
        lambda: store.prospect_names(),
        lambda: store.touches(*ALL),
        lambda: store.summaries(*ALL),
        lambda: store.composure(*ALL),
        lambda: store.plan(date(2026, 11, 27)),
        lambda: store.last_op(),
        lambda: store.doctor(),
    ]

    def log() -> None:
        with store.transaction("fuzz log") as tx:
            prospect = tx.prospect(1)
            if prospect is not None:
                tx.put_prospect(replace(prospect, conversations=prospect.conversations + 1))
            moment = store.touches(*ALL)[-1].at if store.touches(*ALL) else None
            if moment is not None:
                tx.put_touch(Touch(tx.new_id("touch"), 1, moment, "no-answer", "new"))

    steps += [log, lambda: store.repair_derived(), lambda: store.doctor(), lambda: store.notices()]
    for step in steps:
        try:
            step()
        except StoreError as error:
            if "\n" in str(error) or not str(error):
                return what, f"not one line: {error!r}"
        except Exception:  # the point: any other exception is a finding
            return what, traceback.format_exc(limit=-3).strip().replace("\n", " | ")
    return what, None


def fuzz(root: Path, rounds: int, rng: random.Random, tally: Tally) -> int:
    template = root / "fuzz-template"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "planner",
            "--data-dir",
            str(template),
            "--today",
            "2026-11-27",
            "demo",
            "--years",
            "1",
            "--calls-per-day",
            "4",
        ],
        capture_output=True,
        env=_env(),
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"demo failed: {done.stderr.decode()}")
    fuzzed = 0
    for _ in range(rounds):
        what, problem = _fuzz_once(template, root / "fuzz-work", rng)
        fuzzed += 1
        if problem is not None:
            tally.violations.append(f"fuzz {what}: {problem}")
    return fuzzed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--logs-per-writer", type=int, default=10)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--fuzz", type=int, default=200, help="records changed at random")
    options = parser.parse_args()
    rng = random.Random(options.seed)
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="planner-faults-") as root:
        data_dir = Path(root) / "data"
        # The prospect exists before the races: twins of a new name are the service's matter.
        first = subprocess.run(_command(data_dir, "first"), capture_output=True, env=_env())
        if first.returncode != 0:
            raise SystemExit(f"the first log failed: {first.stderr.decode()}")
        tally.acknowledged.add("first")
        started = time.perf_counter()
        subprocess.run(_command(data_dir, "timed"), capture_output=True, env=_env(), check=True)
        duration = time.perf_counter() - started
        tally.acknowledged.add("timed")
        killed = kill_rounds(data_dir, options.kills, rng, tally, duration)
        seconds = concurrent(data_dir, options.writers, options.logs_per_writer, tally)
        notes = tally.check(data_dir, "at the end")
        fuzzed = fuzz(Path(root), options.fuzz, rng, tally)
        report = Store(data_dir).doctor()
        if not report.ok:
            tally.violations += [f"doctor: {problem}" for problem in report.problems]
        leftovers = temp_files(data_dir)
        killed_stored = sum(1 for note in tally.killed if notes[note] == 1)
        print(f"planner fault injection (seed {options.seed}, one log takes {duration:.2f} s)")
        print(
            f"  kill -9 during log: {options.kills} runs, {killed} killed before exit "
            f"({killed_stored} of those had committed, {killed - killed_stored} had not), "
            f"{options.kills - killed} finished first; {tally.journal_left} left a journal "
            f"(finished by the next read), {tally.temp_left} left a temp file"
        )
        print(
            f"  concurrent writers: {options.writers} x {options.logs_per_writer} logs "
            f"in {seconds:.1f} s"
        )
        print(
            f"  acknowledged writes: {len(tally.acknowledged)}, each stored exactly once: "
            f"{all(notes[n] == 1 for n in tally.acknowledged)}; touches stored: "
            f"{sum(notes.values())}; failed commands: {len(tally.failed)}"
        )
        print(
            f"  files parse: {not any('does not parse' in v for v in tally.violations)}; "
            f"temp files after doctor: {len(leftovers)}; doctor ok: {report.ok}"
        )
        fuzz_findings = sum(1 for v in tally.violations if v.startswith("fuzz "))
        print(
            f"  fuzzed records: {fuzzed} (one JSON-valid field changed, then read, log, "
            f"doctor, repair): {fuzz_findings} ended in something other than a one-line error"
        )
        for line in tally.failed[:10]:
            print(f"  failed: {line}")
        for line in tally.violations[:20]:
            print(f"  VIOLATION: {line}")
    if tally.violations or tally.failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
