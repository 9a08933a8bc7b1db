"""What every command shares without click, and `planner status` run without it.

The one-line error contract, the notices after a command, the collector of a command
process and the status output live here, so that the click commands (planner.cli.app,
planner.cli.today) and `run_status` say the same. main (planner/cli/__init__.py) sends
`planner [global options] status [--json]` to `run_status` when it has read the options as
click would: the process then never imports click (about 7 ms of the status budget).
"""

from __future__ import annotations

import codecs
import gc
import io
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from planner.errors import PlannerError
from planner.sanitize import one_line

if TYPE_CHECKING:
    from planner.service import PlannerService, StatusReport

# A process runs one command. The cyclic garbage collector's passes over the tens of
# thousands of records a command decodes on heavy data cost more than the few cycles they
# could free, and its last pass at exit walks everything still alive once more: while a
# command runs it collects a hundred times less often, and what is alive at exit is frozen
# out of that last pass (the process is ending: CPython frees it all the same, ~10 ms
# sooner). The TUI, which runs for hours, gets the default collector back (app.open_planner).
DEFAULT_GC = gc.get_threshold()
COMMAND_GC = (100_000, *DEFAULT_GC[1:])


def error_message(error: PlannerError | OSError) -> str:
    """The one line a command prints for the planner's own error or an OS error."""
    if isinstance(error, PlannerError):
        return str(error).splitlines()[0] if str(error) else type(error).__name__
    where = f" ({error.filename})" if error.filename else ""
    return f"{error.strerror or error}{where}"


def error_line(message: str) -> str:
    """An error as printed on stderr (without its newline)."""
    return f"planner: {one_line(message)}"


def no_target_message(today: date) -> str:
    """The error of a command that needs a target and finds none covering ``today``."""
    return f"no target covers {today}: planner target set 24 --period {today.year}"


def notice_lines(service: PlannerService | None) -> list[str]:
    """What the store noticed or repaired on its own and a backup's warning, one stderr line
    each; none when the command never opened the data dir. The notices are a courtesy: an
    error reading them leaves the command's own outcome as it was."""
    if service is None:
        return []
    try:
        return [error_line(line) for line in service.notices()]
    except (PlannerError, OSError):
        return []


def json_text(payload: dict[str, Any]) -> str:
    """One JSON object for stdout, indented for a person reading it, with its newline."""
    import orjson

    return orjson.dumps(payload, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode()


def status_text(report: StatusReport, *, as_json: bool) -> str:
    """All that `planner status` prints on stdout for ``report``, newlines included."""
    if as_json:
        from planner.jsonout import status_json

        return json_text(status_json(report))
    from planner.text import status_lines

    return "".join(f"{one_line(line)}\n" for line in status_lines(report))


def silence_stdout() -> None:
    """Our stdout's reader has gone: what is still buffered goes nowhere, quietly."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def plain_streams() -> bool:
    """Whether click would write to sys.stdout and sys.stderr as they are: text files with
    an encoding other than ASCII (click re-wraps an ASCII one) and not a Windows console.
    Only then does `run_status` stand in for click's output."""
    if sys.platform == "win32":
        return False
    for stream in (sys.stdout, sys.stderr):
        if type(stream) is not io.TextIOWrapper or stream.errors is None:
            return False
        try:
            if codecs.lookup(stream.encoding).name == "ascii":
                return False
        except LookupError:
            pass
    return True


def run_status(data_dir: Path, today: date | None, *, as_json: bool) -> NoReturn:
    """`planner status [--json]` without click: the output, the error lines, the notices and
    the exit codes of the click command (planner.cli.today.status run by app.main)."""
    gc.set_threshold(*COMMAND_GC)
    try:
        _run_status(data_dir, today, as_json=as_json)
    finally:
        gc.freeze()


def _run_status(data_dir: Path, today: date | None, *, as_json: bool) -> NoReturn:
    service: PlannerService | None = None
    try:
        try:
            from planner.service import PlannerService

            service = PlannerService(data_dir, today=today)
            report = service.status(closed=True)
            if report is None:
                _fail(no_target_message(service.today))
            _write(sys.stdout, status_text(report, as_json=as_json))
        except PlannerError as error:
            _fail(error_message(error))
        except BrokenPipeError:
            raise
        except OSError as error:
            _fail(error_message(error))
        finally:
            for line in notice_lines(service):
                _write(sys.stderr, f"{line}\n")
    except KeyboardInterrupt:  # pragma: no cover - interactive
        # click's words: a blank line closes the terminal's ^C echo.
        _write(sys.stderr, "\nplanner: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        # click's answer to a reader that left (its main, before ours): exit 1, quietly.
        silence_stdout()
        sys.exit(1)
    sys.exit(0)


def _fail(message: str) -> NoReturn:
    _write(sys.stderr, f"{error_line(message)}\n")
    sys.exit(1)


def _write(stream: TextIO, text: str) -> None:
    # As click.echo: the text, then a flush (a broken pipe shows at once).
    stream.write(text)
    stream.flush()
