"""The `planner` command line: the root group (planner.cli.app) and the one place that
knows each family's commands.

The command modules import the root and planner.cli.output only, never each other, and
the root imports none of them: this module is the only one that names them all. It names
them without importing them: the root is a LazyGroup, and a family's module is imported
when one of its commands runs (or help lists them), so `planner status` pays for the
status command alone. This module imports neither click nor the root until asked for them:
`planner` alone, which opens the TUI, and `planner status` go without click (main).
"""

from __future__ import annotations

import gc
import os
import stat
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import click

STARTUP_GC = 100_000  # the collector's first threshold while the TUI starts (open_tui)

# command name -> (module in planner.cli, attribute)
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("plan", "init"),
    "target": ("plan", "target"),
    "prospect": ("prospects", "prospect"),
    "log": ("touches", "log"),
    "activity": ("imports", "activity"),
    "status": ("today", "status"),
    "queue": ("today", "queue"),
    "morning": ("today", "morning"),
    "export": ("export", "export"),
    "undo": ("data", "undo"),
    "doctor": ("data", "doctor"),
    "backup": ("data", "backup"),
    "restore": ("data", "restore"),
    "demo": ("data", "demo"),
    "reset": ("data", "reset"),
    "whatif": ("whatif", "whatif"),
}


def _command(module: str, name: str) -> click.Command:
    import click

    # __import__ rather than importlib.import_module: the same import, but one that
    # `python -X importtime` reports (tests/cli/test_package.py reads it).
    found = getattr(__import__(f"planner.cli.{module}", fromlist=[name]), name)
    assert isinstance(found, click.Command)
    return found


def _prospect() -> click.Command:
    """`prospect`, with `prospect import` from the imports family attached."""
    import click

    group = _command(*COMMANDS["prospect"])
    assert isinstance(group, click.Group)
    if "import" not in group.commands:
        group.add_command(_command("imports", "prospect_import"), "import")
    return group


def _loader(name: str) -> Callable[[], click.Command]:
    if name == "prospect":
        return _prospect
    module, attribute = COMMANDS[name]
    return lambda: _command(module, attribute)


def register(cli: Any) -> None:
    """Give the root group (a planner.cli.app.LazyGroup) a loader for each command; the
    root asks for them the first time it lists or looks up a command."""
    for name in COMMANDS:
        if name not in cli.commands:
            cli.lazy[name] = _loader(name)


def __getattr__(name: str) -> Any:
    # The root group, on first use (tests and tools import it from here).
    if name == "cli":
        from planner.cli.app import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console-script entry point. Two command lines go without importing click: a bare
    `planner` (global options only) opens the TUI (~20 ms before the first frame), and
    `planner status [--json]` runs in planner.cli.lean (~7 ms of its start-up budget).
    Every other command line, and anything the quick reading below is unsure of, goes to
    click (planner.cli.app)."""
    from planner.cli import lean  # first: its DEFAULT_GC is the collector as Python set it

    # A process runs one command, collecting rarely (lean.COMMAND_GC) from its first import
    # on: importing the command's modules alone made some twenty collections (~1.5 ms). The
    # TUI sets its own start-up collector (open_tui), then puts DEFAULT_GC back.
    gc.set_threshold(*lean.COMMAND_GC)
    line = _quick_line(sys.argv[1:])
    if line is not None:
        data_dir, today, theme, command = line
        if not command:
            if open_tui(data_dir, today, theme, collector=lean.DEFAULT_GC):
                return
            gc.set_threshold(*lean.COMMAND_GC)
        elif command in (["status"], ["status", "--json"]) and lean.plain_streams():
            lean.run_status(data_dir, today, as_json=len(command) == 2)
    from planner.cli.app import main as click_main

    click_main()


GLOBAL_OPTIONS = ("--data-dir", "--today", "--theme")
COMPLETE_ENV = "_PLANNER_COMPLETE"  # click's shell completion: click answers it


def _quick_line(argv: list[str]) -> tuple[Path, date | None, str | None, list[str]] | None:
    """(data dir, today, theme, the rest) of a command line, its global options read as
    click would; None when click must read it: an option other than the three global ones
    before the command (--help, --version, a typo), a repeated, blank or bad value, a data
    dir click refuses, or a shell asking click to complete. Click says what is wrong in its
    own words."""
    if os.environ.get(COMPLETE_ENV):
        return None
    found: dict[str, str] = {}
    rest = list(argv)
    while rest and rest[0].startswith("-"):
        name, equals, value = rest.pop(0).partition("=")
        if name not in GLOBAL_OPTIONS or name in found:
            return None
        if not equals:
            if not rest:
                return None
            value = rest.pop(0)
        if not value.strip() or value.startswith("-"):
            return None
        found[name] = value
    from planner.paths import DATA_DIR_ENV, TODAY_ENV, default_data_dir

    # click's envvars: used when the option is not given and the variable is not blank.
    data = found.get("--data-dir") or os.environ.get(DATA_DIR_ENV) or None
    if data is not None and not _click_takes_dir(data):
        return None
    data_dir = Path(data) if data else default_data_dir()
    day = found.get("--today") or os.environ.get(TODAY_ENV) or None
    today: date | None = None
    if day is not None:
        from planner.calendar import check_day
        from planner.errors import PlannerError

        try:
            today = check_day(date.fromisoformat(day.strip()))
        except (ValueError, PlannerError):
            return None
    return data_dir, today, found.get("--theme"), rest


def _click_takes_dir(value: str) -> bool:
    """Whether click.Path(file_okay=False) takes ``value``: a path that does not exist, or
    one that is not a file and can be read (here: a readable folder; else click judges)."""
    path = Path(value)
    try:
        found = path.stat()
    except OSError:
        return True
    return stat.S_ISDIR(found.st_mode) and os.access(path, os.R_OK)


def open_tui(
    data_dir: Path, today: date | None, theme: str | None, *, collector: tuple[int, int, int]
) -> bool:
    """Run the TUI; False, having started nothing, when it is not installed. The cyclic
    garbage collector passes rarely while the TUI starts (importing Textual and building
    the first screen make objects by the hundred thousand and would trigger it a hundred
    times, ~10 ms); the app puts ``collector`` (its thresholds) back after its first frame."""
    gc.set_threshold(STARTUP_GC, *collector[1:])
    try:
        prefetch = _prefetch(data_dir, today)
    except ImportError:
        gc.set_threshold(*collector)
        return False
    try:
        run_app = _run_app()
    except ImportError:
        gc.set_threshold(*collector)
        if prefetch is not None:
            prefetch.close()
        return False
    run_app(data_dir=data_dir, today=today, theme=theme, prefetch=prefetch, collector=collector)
    return True


def _run_app() -> Callable[..., None]:
    import importlib

    # By name, at run time: Textual is heavy and the TUI is an optional part of the install.
    run_app: Callable[..., None] = importlib.import_module("tui.app").run_app
    return run_app


def _prefetch(data_dir: Path, today: date | None) -> Any:
    """tui.prefetch's child started, before Textual is imported: the TUI's first data is
    read by it meanwhile. None when the TUI is not installed."""
    import importlib
    import importlib.util

    try:
        if importlib.util.find_spec("tui.app") is None:
            raise ImportError("tui.app")
    except ValueError:  # a stand-in module without a spec (the tests'): no prefetch
        return None
    return importlib.import_module("tui.prefetch").Prefetch.start(data_dir, today)


__all__ = ["COMMANDS", "cli", "main", "open_tui", "register"]
