"""The first today snapshot read by a forked child while the app starts Textual beside it."""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.today_model import TodaySnapshot

WAIT_SECONDS = 30.0  # longer than any first read; past it the app reads by itself

# The child's whole answer: the snapshot and why today is off (None on a working day).
Answer = tuple["TodaySnapshot", str | None]


class Prefetch:
    """One read of the today screen's data, done by a child process on the other core.

    Threads share one interpreter lock: a worker reading the store would take turns with
    Textual starting up, and both would finish late. A child forked before the app starts
    reads the store while this process draws the first frame; the app's first load then
    takes its answer instead of reading again (``take``). Any failure in the child (or no
    fork on this system) leaves ``take`` answering None, and the app reads as it always did.
    """

    def __init__(self, pid: int, reader: int) -> None:
        self._pid = pid
        self._reader = reader
        self._taken = False

    @classmethod
    def start(cls, data_dir: Path, today: date | None) -> Prefetch | None:
        """Fork the child that reads; None where this system cannot fork."""
        if not hasattr(os, "fork"):
            return None
        # What the answer is made of, imported once here rather than by both processes:
        # the child builds the snapshot of these types, this process unpickles it into them.
        import planner.service.results  # noqa: F401
        import tui.today_model  # noqa: F401

        reader, writer = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(reader)
            os.close(writer)
            return None
        if pid == 0:  # the child: read, answer, and leave without running the parent's exits
            os.close(reader)
            code = 1
            try:
                _off_the_terminal()
                _answer(writer, data_dir, today)
                code = 0
            except BaseException:  # the parent reads again on any failure, ctrl+c too
                pass
            finally:
                os._exit(code)
        os.close(writer)
        return cls(pid, reader)

    def ready(self, timeout: float = 0.0) -> bool:
        """Whether the child has answered (or failed) within ``timeout`` seconds (none: has
        it already): ``take`` would then not wait. False once taken."""
        if self._taken:
            return False
        try:
            return bool(select.select([self._reader], [], [], timeout)[0])
        except (OSError, ValueError):
            return False

    def take(self, timeout: float = WAIT_SECONDS) -> Answer | None:
        """The child's answer (waiting for it: a blocking read that lets other threads run),
        once; None if the child failed, took longer than ``timeout`` seconds, or it was
        taken before."""
        if self._taken:
            return None
        self._taken = True
        chunks: list[bytes] = []
        deadline = time.monotonic() + timeout
        try:
            while True:
                ready, _, _ = select.select([self._reader], [], [], deadline - time.monotonic())
                if not ready:  # stuck (on another process's lock, say): read it ourselves
                    chunks = []
                    break
                chunk = os.read(self._reader, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
        except (OSError, ValueError):
            chunks = []
        finally:
            os.close(self._reader)
            self._reap(wait=bool(chunks))
        if not chunks:
            return None
        try:
            answer: Answer = pickle.loads(b"".join(chunks))
        except Exception:  # a torn answer: read again in this process
            return None
        return answer

    def close(self) -> None:
        """Not taken after all (the app closed first): let the child go (its answer finds
        the pipe closed and it leaves)."""
        if not self._taken:
            self._taken = True
            os.close(self._reader)
            self._reap(wait=False)

    def _reap(self, *, wait: bool) -> None:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self._pid, 0 if wait else os.WNOHANG)


def _off_the_terminal() -> None:
    """The terminal is the app's: nothing the child says (a warning) may reach it."""
    quiet = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(quiet, fd)
    os.close(quiet)


def _answer(writer: int, data_dir: Path, today: date | None) -> None:
    from planner.service import PlannerService
    from tui.today_model import day_off_name, load_today

    service = PlannerService(data_dir, today=today)
    snapshot = load_today(service)
    payload = pickle.dumps((snapshot, day_off_name(service, snapshot.today)), protocol=5)
    with os.fdopen(writer, "wb") as out:
        out.write(payload)
