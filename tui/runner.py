"""Runs service calls off the event loop, one at a time and in the order they were asked for.

Each call gets its own thread worker (so ``app.workers.wait_for_complete()`` sees it), but
the workers take jobs from one FIFO under one lock: a log followed at once by an undo is
stored in that order, and a reload never overtakes the write it should see.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual.message import Message
from textual.message_pump import MessagePump

from planner.sanitize import one_line
from tui.messages import ServiceFailed

if TYPE_CHECKING:
    from datetime import date

    from textual.app import App

    from planner.service import PlannerService
    from planner.service.logserver import LogClient
    from tui.prefetch import Prefetch

LOG_PROCESS = "PLANNER_LOG_PROCESS"
"""Set to 0 to store touches in this process only (the tests do, but for the tests of the
writer process itself)."""

Job = Callable[["PlannerService"], Message | None]
T = TypeVar("T")


class ServiceRunner:
    """Owns the one PlannerService of the app and feeds it jobs in order."""

    def __init__(self, app: App[Any], data_dir: Path, today: date | None) -> None:
        self._app = app
        self._data_dir = data_dir
        self._today = today
        self._service: PlannerService | None = None
        self._jobs: deque[tuple[Job, MessagePump, str | None]] = deque()
        self._lock = threading.Lock()
        self._last_notices: set[str] = set()
        # The generation this app last saw or wrote itself; any other means another process.
        self.known_generation = -1
        self.known_today: date | None = None
        self._prefetch: Prefetch | None = None
        self._log_client: LogClient | None = None

    def prefetched(self, prefetch: Prefetch | None) -> None:
        """The first load's answer, read by a child process (see tui.prefetch)."""
        self._prefetch = prefetch

    def take_prefetch(self) -> Prefetch | None:
        """The prefetched first load, handed out once: later loads read the store."""
        prefetch, self._prefetch = self._prefetch, None
        return prefetch

    def close(self) -> None:
        """The app is closing: a prefetch never asked for lets its child go, and the writer
        process ends (it finishes a touch in hand first)."""
        prefetch = self.take_prefetch()
        if prefetch is not None:
            prefetch.close()
        client, self._log_client = self._log_client, None
        if client is not None:
            client.close()

    @property
    def service(self) -> PlannerService:
        """Created on first use, in a worker: importing the engine costs first-frame time."""
        if self._service is None:  # only ever reached under the job lock
            from planner.service import PlannerService

            self._service = PlannerService(self._data_dir, today=self._today)
        return self._service

    # ------------------------------------------------------------------ the writer process

    def start_log_client(self) -> None:
        """Start the process that stores touches (planner.service.logserver), once; it warms
        up on the other core while the seller reads the screen."""
        if self._log_client is not None or os.environ.get(LOG_PROCESS, "1") == "0":
            return
        from planner.service.logserver import LogClient

        try:
            self._log_client = LogClient(self._data_dir, self._today)
        except OSError:
            self._log_client = None  # no second process here: touches are stored in this one

    @property
    def log_client(self) -> LogClient | None:
        """The writer process's client, once started (None: touches are stored here)."""
        return self._log_client

    def log_client_now(self) -> LogClient | None:
        """The writer process, when a touch sent to it now keeps the order of the seller's
        changes: it is warmed up and no job of this runner is queued or running (a queued
        write must go first, and the store's lock would not say which one did)."""
        client = self._log_client
        if client is None or not client.ready or self._jobs or self._lock.locked():
            return None
        return client

    def read_ahead(self, prospect_id: int | None) -> None:
        """A touch on this prospect is coming (its note or amount is being asked): the
        writer process parses what that write reads meanwhile, off the key's path."""
        client = self._log_client
        if client is not None and client.ready:
            client.read_ahead(prospect_id)

    # ------------------------------------------------------------------ jobs

    def submit(self, job: Job, reply_to: MessagePump, *, row_key: str | None = None) -> None:
        """Queue ``job``; its message (or a ServiceFailed) is posted to ``reply_to``. A job
        that can answer at once without the service or the disk (the prefetched first load,
        already read) answers here, when no job is ahead of it."""
        answer_now: Callable[[], Message | None] | None = getattr(job, "answer_now", None)
        if answer_now is not None and not self._jobs and not self._lock.locked():
            message = answer_now()
            if message is not None:
                reply_to.post_message(message)
                return
        self._jobs.append((job, reply_to, row_key))
        self._app.run_worker(
            self._run_next, thread=True, group="service", exit_on_error=False, name="service"
        )

    def _run_next(self) -> None:
        with self._lock:
            job, reply_to, row_key = self._jobs.popleft()
            message = self._call(job, row_key)
            if message is not None:
                # Posted under the lock so that replies arrive in the order of the jobs.
                reply_to.post_message(message)
            self._show_notices()

    def _show_notices(self) -> None:
        """What the store noticed or repaired during the job, as notifications. A notice
        still there from the previous job (a backup's warning stays until it is cleared) is
        not shown again."""
        from planner.errors import PlannerError

        if self._service is None:
            return
        try:
            lines = self._service.notices()
        except (PlannerError, OSError):
            return
        for line in lines:
            if line not in self._last_notices:
                self._app.notify(_one_line(line), severity="warning", markup=False, timeout=10)
        self._last_notices = set(lines)

    def _call(self, job: Job, row_key: str | None) -> Message | None:
        from planner.errors import PlannerError

        try:
            # A job that can answer without the service (the prefetched first load) does,
            # so that the engine is imported after the first screen, not before it.
            ready: Callable[[], Message | None] | None = getattr(job, "without_service", None)
            if ready is not None and (message := ready()) is not None:
                return message
            return job(self.service)
        except PlannerError as error:
            return ServiceFailed(_one_line(str(error)), row_key)
        except (ValueError, OSError) as error:
            return ServiceFailed(_one_line(str(error)) or type(error).__name__, row_key)
        except Exception as error:  # a bug must not take the seller's session down
            self._app.log.error("service job failed", error)
            return ServiceFailed(f"unexpected error: {_one_line(repr(error))}", row_key)

    def write(self, service: PlannerService, change: Callable[[], T]) -> T:
        """Run a write and remember its generation, so the live refresh does not reload for
        our own change (only when nobody else committed in between)."""
        before = service.change_counter()
        result = change()
        after = service.change_counter()
        if after == before + 1 and self.known_generation == before:
            self.known_generation = after
        return result


def _one_line(text: str) -> str:
    # An error may quote a file name or a cell: no escape sequence reaches the screen.
    return " ".join(one_line(text).split())[:300]
