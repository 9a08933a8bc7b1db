"""Several planner processes on one data dir: nobody loses a write, ids never collide."""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from planner.store import LockTimeoutError, Store

from .conftest import WRITER, ask, log_call, parses, run_writer, seed, writer_env

JUL = date(2026, 7, 14)
ALL = (date(2000, 1, 1), date(2100, 1, 1))


def test_a_long_lived_store_sees_another_process_writes_and_collides_with_nothing(
    store: Store, writer: subprocess.Popen[str]
) -> None:
    seed(store)
    before = store.generation()
    assert store.touches(*ALL) == []
    theirs = [int(i) for i in ask(writer, "log 3").split()]
    assert store.generation() > before
    assert [t.id for t in store.touches(*ALL)] == theirs
    assert store.prospect(1) is not None and store.prospect(1).conversations == 3  # type: ignore[union-attr]
    mine = log_call(store, 1, JUL)
    assert mine.id not in theirs
    assert sorted(int(i) for i in ask(writer, "ids").split()) == sorted([*theirs, mine.id])
    theirs += [int(i) for i in ask(writer, "log 2").split()]
    assert len(set(theirs)) == 5 and mine.id not in theirs
    assert store.prospect(1).conversations == 6  # type: ignore[union-attr]
    assert store.doctor().ok


@pytest.mark.slow  # four writer processes race through 200 commits
def test_four_processes_logging_fifty_calls_each_store_exactly_two_hundred(
    store: Store, data_dir: Path
) -> None:
    seed(store)
    processes = [
        subprocess.Popen(
            [sys.executable, str(WRITER), str(data_dir), "log", "50", "2"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=writer_env(),
        )
        for _ in range(4)
    ]
    acknowledged: list[int] = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        acknowledged += [int(i) for i in out.split()]
    stored = [t.id for t in store.touches(*ALL)]
    assert len(acknowledged) == 200 == len(set(acknowledged))
    assert sorted(stored) == sorted(acknowledged)
    # The prospect's counter was read-modified-written 200 times under the lock: none lost.
    assert store.prospect(2).conversations == 200  # type: ignore[union-attr]
    assert store.summaries(JUL, JUL)[0].outcomes == {"meeting": 200}
    assert store.doctor().ok


def test_a_killed_lock_holder_does_not_block_the_next_writer(
    store: Store, writer: subprocess.Popen[str]
) -> None:
    seed(store)
    assert ask(writer, "hold") == "holding"
    store.lock_timeout = 0.2
    with pytest.raises(LockTimeoutError, match="another planner is writing") as caught:
        log_call(store, 1, JUL)
    assert str(store.data_dir / ".lock") in str(caught.value)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    store.lock_timeout = 10
    started = time.monotonic()
    log_call(store, 1, JUL)
    assert time.monotonic() - started < 5
    assert len(store.touches(*ALL)) == 1


def test_undo_reverts_the_newest_change_whichever_process_made_it(
    store: Store, writer: subprocess.Popen[str]
) -> None:
    seed(store)
    (theirs,) = [int(i) for i in ask(writer, "log 1").split()]
    assert store.last_op() == "log call"
    assert store.undo() == "log call"
    assert store.touches(*ALL) == []
    assert store.prospect(1).conversations == 0  # type: ignore[union-attr]
    mine = log_call(store, 1, JUL)
    assert ask(writer, "undo") == "log conversation with #1"
    assert store.touches(*ALL) == []
    assert mine.id != theirs
    # Two undos walk back two changes; then only the seed is left, then nothing.
    assert store.undo() == "seed"
    assert store.settings() is None and store.prospects() == []
    assert store.undo() is None
    assert store.doctor().ok


@pytest.mark.slow  # 50 writer processes killed with SIGKILL
def test_kill_during_a_write_never_leaves_half_a_file_and_acknowledged_calls_stay(
    data_dir: Path,
) -> None:
    """50 writers killed with SIGKILL at random points of their commits (seeded)."""
    rng = random.Random(20260714)
    zygote = subprocess.Popen(
        [sys.executable, str(WRITER), str(data_dir), "zygote"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        bufsize=0,
        env=writer_env(),
    )
    lines = Lines(zygote)
    acknowledged: set[int] = set()
    try:
        for round_number in range(50):
            lines.send(f"spawn {rng.randrange(1 << 30)}")
            # The child may print its first acks before the zygote prints the child's pid.
            pid, acks = 0, 0
            while not pid or acks < 1 + round_number % 3:
                word, *rest = lines.read()
                if word == "pid":
                    pid = int(rest[0])
                else:
                    assert word == "ack", (word, rest)
                    acknowledged.update(map(int, rest))
                    acks += 1
            # The randomness is where the kill lands inside a commit, not what we check.
            time.sleep(rng.random() * 0.015)
            os.kill(pid, signal.SIGKILL)
            lines.send(f"reap {pid}")
            while (line := lines.read())[0] != "dead":
                acknowledged.update(map(int, line[1:]))
            _check_after_kill(data_dir, acknowledged, round_number)
    finally:
        zygote.kill()
        zygote.wait()


class Lines:
    """Line-wise talk with a writer process that fails the test, not hangs it, if it goes quiet."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdin is not None and process.stdout is not None
        self._stdin, self._fd = process.stdin, process.stdout.fileno()
        self._pending = b""

    def send(self, line: str) -> None:
        self._stdin.write(line.encode() + b"\n")
        self._stdin.flush()

    def read(self, timeout: float = 60) -> list[str]:
        while b"\n" not in self._pending:
            ready, _, _ = select.select([self._fd], [], [], timeout)
            chunk = os.read(self._fd, 65536) if ready else b""
            assert chunk, "the writer process went quiet (see its stderr above)"
            self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        return line.decode().split()


def _check_after_kill(data_dir: Path, acknowledged: set[int], round_number: int) -> None:
    parses(data_dir)  # before any recovery: every file is whole, old or new
    store = Store(data_dir)  # its first read finishes an interrupted commit, if any
    touches = store.touches(*ALL)
    ids = {t.id for t in touches}
    assert acknowledged <= ids, f"round {round_number}: lost {sorted(acknowledged - ids)}"
    assert len(ids) == len(touches)
    # A commit is whole or absent: each prospect's counter matches its touches exactly.
    for prospect in store.prospects():
        count = sum(1 for t in touches if t.prospect_id == prospect.id)
        assert prospect.conversations == count, f"round {round_number}: prospect {prospect.id}"
    report = store.doctor()
    assert report.ok, report.problems
    assert not (data_dir / ".journal.json").exists()


def test_the_writer_script_logs_from_a_fresh_process(store: Store, data_dir: Path) -> None:
    seed(store)
    ids = [int(i) for i in run_writer(data_dir, "log", "2")]
    assert [t.id for t in store.touches(*ALL)] == ids


@pytest.mark.slow  # four threads race through 100 commits
def test_threads_of_one_process_share_a_store_safely(store: Store, data_dir: Path) -> None:
    import threading

    seed(store)
    other = Store(data_dir)  # a second Store in the same process locks like another process

    def work(target: Store, prospect_id: int) -> None:
        for _ in range(25):
            log_call(target, prospect_id, JUL)

    threads = [
        threading.Thread(target=work, args=(target, pid))
        for target, pid in ((store, 1), (store, 2), (other, 3), (other, 1))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    touches = store.touches(*ALL)
    assert len(touches) == 100 == len({t.id for t in touches})
    assert [p.conversations for p in store.prospects()] == [50, 25, 25]
