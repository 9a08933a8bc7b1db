"""The `planner` command line: the root group (planner.cli.app) and the one place that
knows each family's commands.

The command modules import the root and planner.cli.output only, never each other, and
the root imports none of them: this module is the only one that names them all. It names
them without importing them: the root is a LazyGroup, and a family's module is imported
when one of its commands runs (or help lists them), so `planner status` pays for the
status command alone.
"""

from __future__ import annotations

from collections.abc import Callable

import click

from planner.cli.app import LazyGroup, cli, main

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
    # __import__ rather than importlib.import_module: the same import, but one that
    # `python -X importtime` reports (tests/cli/test_package.py reads it).
    found = getattr(__import__(f"planner.cli.{module}", fromlist=[name]), name)
    assert isinstance(found, click.Command)
    return found


def _prospect() -> click.Command:
    """`prospect`, with `prospect import` from the imports family attached."""
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


def _register() -> None:
    assert isinstance(cli, LazyGroup)
    for name in COMMANDS:
        if name not in cli.commands:
            cli.lazy[name] = _loader(name)


_register()

__all__ = ["COMMANDS", "cli", "main"]
