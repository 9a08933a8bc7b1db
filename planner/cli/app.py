"""The root `planner` group, its global options, and what every command shares: the
service opened from the global options and the one-line error contract."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from datetime import date
from functools import partial, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, cast

import click

from planner import __version__
from planner.calendar import check_day
from planner.cli.lean import (
    COMMAND_GC,
    DEFAULT_GC,
    error_line,
    error_message,
    no_target_message,
    notice_lines,
    silence_stdout,
)
from planner.errors import PlannerError
from planner.paths import DATA_DIR_ENV, TODAY_ENV, default_data_dir
from planner.sanitize import one_line

if TYPE_CHECKING:  # imported when a command opens it: the TUI paints its first frame first
    from planner.service import PlannerService

F = TypeVar("F", bound=Callable[..., Any])


class Context:
    """What the global options decided, and the service opened lazily from it (a plain
    class: every command builds one, and a dataclass costs start-up time to define)."""

    __slots__ = ("_service", "data_dir", "today")

    def __init__(self, data_dir: Path, today: date | None) -> None:
        self.data_dir = data_dir
        self.today = today
        self._service: PlannerService | None = None

    @property
    def service(self) -> PlannerService:
        if self._service is None:
            from planner.service import PlannerService

            self._service = PlannerService(self.data_dir, today=self.today)
        return self._service


def ctx_service() -> PlannerService:
    """The service of the command being run."""
    return cast(Context, click.get_current_context().obj).service


def fail(message: str) -> NoReturn:
    """One line on stderr and exit 1: the contract for every error."""
    click.echo(error_line(message), err=True)
    sys.exit(1)


def fail_no_target(today: date) -> NoReturn:
    """The one line for a command that needs a target and finds none covering ``today``."""
    fail(no_target_message(today))


def handle_errors(func: F) -> F:
    """Turn the planner's own errors into one line on stderr and exit 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PlannerError as error:
            fail(error_message(error))
        except BrokenPipeError:
            raise  # main() leaves quietly when the reader of our output has gone
        except OSError as error:
            fail(error_message(error))

    return cast(F, wrapper)


def parse_date(
    _ctx: click.Context, _param: click.Parameter, value: str | None, *, blank_is_none: bool = True
) -> date | None:
    """A YYYY-MM-DD option within the years 1900-2999 (the one date check of every command's
    date options). Blank means not given (e.g. PLANNER_TODAY set to nothing), unless
    `blank_is_none` is off."""
    if value is None or (blank_is_none and value == ""):
        return None
    try:
        day = date.fromisoformat(value.strip())
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD)") from error
    try:
        return check_day(day)
    except PlannerError as error:
        raise click.BadParameter(str(error)) from error


class LazyGroup(click.Group):
    """A group whose commands are imported only when one runs (or help lists them): each
    command family costs its imports to the commands that need it, not to `planner status`.
    planner/cli/__init__.py fills ``lazy`` with a loader per command name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, Callable[[], click.Command]] = {}
        self._registered = False

    def _register(self) -> None:
        # The registry is the package's __init__ (always imported before this module).
        if not self._registered:
            self._registered = True
            sys.modules["planner.cli"].register(self)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._register()
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self._register()
        loader = self.lazy.pop(cmd_name, None)
        if loader is not None:
            self.add_command(loader(), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar=DATA_DIR_ENV,
    help="Where planner keeps its data (default: your user data dir).",
)
@click.option(
    "--today",
    callback=parse_date,
    envvar=TODAY_ENV,
    metavar="YYYY-MM-DD",
    help="Act as if today were this date.",
)
@click.option("--theme", default=None, help="TUI theme name (when opening the TUI).")
@click.version_option(__version__, prog_name="planner")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None, today: date | None, theme: str | None) -> None:
    """A terminal daily planner for salespeople: pace, today's queue, composure, logging.

    Run without a command to open the planner.
    """
    ctx.obj = Context(data_dir=data_dir or default_data_dir(), today=today)
    ctx.call_on_close(partial(print_notices, ctx.obj))
    if ctx.invoked_subcommand is None:
        open_planner(ctx, theme)


def open_planner(ctx: click.Context, theme: str | None) -> None:
    """Open the TUI when it is installed, else the morning summary in the terminal."""
    from planner.cli import open_tui

    context = cast(Context, ctx.obj)
    # A long-lived app: the default collector once it has started (see main).
    if open_tui(context.data_dir, context.today, theme, collector=_DEFAULT_GC):
        return
    gc.set_threshold(*_COMMAND_GC)
    # Found by name, not imported: the root never imports a command module.
    morning = cli.get_command(ctx, "morning")
    assert morning is not None, "planner.cli registers the morning command"
    ctx.invoke(morning)


def print_notices(context: Context) -> None:
    """After every command, on stderr: what the store noticed or repaired on its own and a
    backup's warning (one line each). Nothing when the command never opened the data dir."""
    for line in notice_lines(context._service):
        click.echo(line, err=True)


# One command a process, collecting rarely; the TUI gets the default back (lean.COMMAND_GC).
_DEFAULT_GC = DEFAULT_GC
_COMMAND_GC = COMMAND_GC


def main() -> None:
    """Console-script entry point: errors are one line, never a traceback; click's own usage
    errors too (exit 2), where click would print usage, a hint, a blank line and the error."""
    gc.set_threshold(*_COMMAND_GC)
    try:
        _main()
    finally:
        gc.freeze()


def _main() -> None:
    try:
        result = cli.main(prog_name="planner", standalone_mode=False)
    except click.UsageError as error:
        where = error.ctx.command_path if error.ctx is not None else "planner"
        message = one_line(error.format_message())
        click.echo(f"planner: error: {message} (see {where} --help)", err=True)
        sys.exit(error.exit_code)
    except click.ClickException as error:
        click.echo(f"planner: error: {one_line(error.format_message())}", err=True)
        sys.exit(error.exit_code)
    except click.Abort as error:
        if isinstance(error.__cause__, KeyboardInterrupt):  # pragma: no cover - interactive
            click.echo("planner: interrupted", err=True)
            sys.exit(130)
        click.echo("planner: aborted", err=True)
        sys.exit(1)
    except KeyboardInterrupt:  # pragma: no cover - interactive
        click.echo("planner: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        # `planner queue | head`: the reader left; say nothing, as other shell tools do.
        silence_stdout()
        sys.exit(0)
    sys.exit(result if isinstance(result, int) else 0)
