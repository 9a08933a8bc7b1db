"""A second process that stores the TUI's touches, so a logged key is on disk while the
screen repaints.

The TUI's own process draws the frame that shows the call logged; with the write in a thread
of the same process the two took turns on the interpreter lock, and each waited for the
other. This process holds a warmed-up PlannerService of the same data dir and stores one
touch a request, through the same ``PlannerService.log`` and the same store lock as every
other writer (``planner log`` from the shell included), on the other core.

Protocol: one JSON object a line. The client sends ``{"read_ahead": {"ref": id}}`` when
the seller starts a log on that prospect (the note bar opens): the server parses the files
that touch will read and answers nothing. It sends ``{"id": n, "log": {...}}`` with the
arguments of ``PlannerService.log``; the server answers ``{"id": n, "ok": true, "touch":
doc, "touch_id": i, "prospect": doc, "prospect_id": j, "created": bool, "before": g0,
"after": g1}`` (the change counter around the write) or ``{"id": n, "ok": false, "error":
"one line"}``. End of input ends the server, so it never outlives the TUI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from planner.errors import PlannerError
from planner.models import LostReason, Outcome
from planner.service.results import LogResult
from planner.store.codec import decode_prospect, decode_touch, encode_prospect, encode_touch

READY = "ready"
"""The server's first line, once it has warmed up (imports, store read, lock taken once)."""


class LogServerError(PlannerError):
    """The server refused the touch (the message is the service's own one-line reason)."""


class LogServerGone(PlannerError):
    """The server is not there to answer: the touch may or may not be stored."""


@dataclass(frozen=True, slots=True)
class Logged:
    """A touch the server stored, and the change counter just before and after it."""

    result: LogResult
    before: int
    after: int


# ------------------------------------------------------------------ the server


def serve(data_dir: Path, today: date | None, lines: IO[str], out: IO[str]) -> None:
    """Answer requests from ``lines`` on ``out`` until end of input."""
    from planner.service.facade import PlannerService

    service = PlannerService(data_dir, today=today)
    _warm_up(service)
    _send(out, {READY: True})
    for line in lines:
        try:
            request = json.loads(line)
            if "read_ahead" in request:
                _read_ahead(service, request["read_ahead"])
                continue
            reply = _answer(service, request["log"])
        except (KeyError, TypeError, ValueError) as error:
            request, reply = {}, {"ok": False, "error": f"bad request: {error}"}
        _send(out, {"id": request.get("id"), **reply})


def _warm_up(service: Any) -> None:
    """What the first touch would otherwise pay: the writer's imports, the store's check of
    every file against its manifest, the lock. Nothing is written (an empty transaction
    commits nothing)."""
    from planner.service import touches  # noqa: F401  (the log's own imports)

    service.change_counter()
    if not service.data_dir.is_dir() or service.store.read_only():
        return  # nothing to warm (no data dir made here: the first real write makes it)
    with service.store.transaction("warm up", undoable=False):
        pass


def _read_ahead(service: Any, arguments: dict[str, Any]) -> None:
    """The files of the touch the seller is about to log, parsed while they write its note:
    the new prospect's shard is most of what the write would otherwise parse on the key."""
    ref = arguments.get("ref")
    with suppress(PlannerError, ValueError, OSError):  # a hint: the log reports what is wrong
        service.store.read_ahead(ref if isinstance(ref, int) else None, service.today)


def _answer(service: Any, arguments: dict[str, Any]) -> dict[str, Any]:
    before = service.change_counter()
    try:
        result: LogResult = service.log(
            arguments["ref"],
            arguments["outcome"],
            amount=arguments.get("amount"),
            note=arguments.get("note", ""),
            follow_up=_day(arguments.get("follow_up")),
            lost_reason=arguments.get("lost_reason"),
            new=bool(arguments.get("new", False)),
        )
    except (PlannerError, ValueError, OSError) as error:
        return {"ok": False, "error": " ".join(str(error).split()) or type(error).__name__}
    return {
        "ok": True,
        "touch": encode_touch(result.touch),
        "touch_id": result.touch.id,
        "prospect": encode_prospect(result.prospect),
        "prospect_id": result.prospect.id,
        "created": result.created,
        "before": before,
        "after": service.change_counter(),
    }


def _day(text: object) -> date | None:
    return date.fromisoformat(text) if isinstance(text, str) else None


def _send(out: IO[str], message: dict[str, Any]) -> None:
    out.write(json.dumps(message) + "\n")
    out.flush()


def main(argv: list[str]) -> int:
    """``python -m planner.service.logserver DATA_DIR [YYYY-MM-DD]``."""
    today = date.fromisoformat(argv[1]) if len(argv) > 1 and argv[1] else None
    try:
        serve(Path(argv[0]), today, sys.stdin, sys.stdout)
    except (BrokenPipeError, KeyboardInterrupt):
        return 0
    except (PlannerError, OSError) as error:
        print(" ".join(str(error).split()), file=sys.stderr)
        return 1
    return 0


# ------------------------------------------------------------------ the client


class LogClient:
    """Starts the server and talks to it: ``send`` from the thread that has the key (it only
    writes a line), ``wait`` from a worker (it blocks on the answer)."""

    def __init__(self, data_dir: Path, today: date | None) -> None:
        command = [sys.executable, "-m", "planner.service.logserver", str(data_dir)]
        command.append(today.isoformat() if today else "")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            env=env,
        )
        self._lock = threading.Lock()
        self._next = 0
        self._ready = threading.Event()
        self._answers: dict[int, dict[str, Any]] = {}
        self._arrived = threading.Condition()
        self._gone = False
        threading.Thread(target=self._read, name="planner-log-client", daemon=True).start()

    @property
    def sent(self) -> int:
        """How many touches were sent to the server so far."""
        return self._next

    @property
    def running(self) -> bool:
        """The server process is alive (it ends at the end of its input)."""
        return self._process.poll() is None

    def kill(self) -> None:
        """End the server at once, as a crash would (the client then reports it gone)."""
        self._process.kill()
        self._process.wait()

    @property
    def ready(self) -> bool:
        """Warmed up and answering: a touch sent now is stored within milliseconds."""
        return self._ready.is_set() and not self._gone

    def wait_ready(self, timeout: float) -> bool:
        return self._ready.wait(timeout) and not self._gone

    def send(
        self,
        ref: int | str,
        outcome: Outcome,
        *,
        amount: str | None = None,
        note: str = "",
        follow_up: date | None = None,
        lost_reason: LostReason | None = None,
        new: bool = False,
    ) -> int:
        """Ask for one touch to be stored; the ticket that ``wait`` takes."""
        arguments = {
            "ref": ref,
            "outcome": outcome,
            "amount": amount,
            "note": note,
            "follow_up": follow_up.isoformat() if follow_up else None,
            "lost_reason": lost_reason,
            "new": new,
        }
        with self._lock:
            self._next += 1
            ticket = self._next
            stdin = self._process.stdin
            try:
                assert stdin is not None
                stdin.write(json.dumps({"id": ticket, "log": arguments}) + "\n")
                stdin.flush()
            except (OSError, ValueError) as error:
                self._mark_gone()
                raise LogServerGone("the writer process is gone: the touch was not sent") from error
        return ticket

    def read_ahead(self, ref: int | None) -> None:
        """Tell the server a touch on ``ref`` is coming (the seller opened its note): it parses
        what that write reads meanwhile. No answer; a server that is gone is found by send."""
        with self._lock:
            stdin = self._process.stdin
            try:
                assert stdin is not None
                stdin.write(json.dumps({"read_ahead": {"ref": ref}}) + "\n")
                stdin.flush()
            except (OSError, ValueError):
                self._mark_gone()

    def wait(self, ticket: int) -> Logged:
        """The answer to ``ticket``: the stored touch, or the server's reason as an error."""
        with self._arrived:
            while ticket not in self._answers and not self._gone:
                self._arrived.wait()
            answer = self._answers.pop(ticket, None)
        if answer is None:
            raise LogServerGone("the writer process stopped before it answered")
        if not answer.get("ok"):
            raise LogServerError(str(answer.get("error") or "the touch was refused"))
        touch = decode_touch(answer["touch"], int(answer["touch_id"]))
        prospect = decode_prospect(answer["prospect"], int(answer["prospect_id"]))
        result = LogResult(touch, prospect, bool(answer["created"]))
        return Logged(result, int(answer["before"]), int(answer["after"]))

    def close(self) -> None:
        """End the server: it finishes the request in hand, then sees the end of input."""
        stdin = self._process.stdin
        try:
            if stdin is not None:
                stdin.close()
        except OSError:
            pass
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._mark_gone()

    def _read(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        for line in stdout:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if message.get(READY):
                self._ready.set()
                continue
            with self._arrived:
                if isinstance(message.get("id"), int):
                    self._answers[message["id"]] = message
                self._arrived.notify_all()
        self._mark_gone()

    def _mark_gone(self) -> None:
        with self._arrived:
            self._gone = True
            self._arrived.notify_all()
        self._ready.set()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
