"""The `planner` command line: the root group (planner.cli.app) and the one place that
registers each family's commands on it.

The command modules import the root and planner.cli.output only, never each other, and
the root imports none of them: this module is the only one that sees them all.
"""

from planner.cli import data, export, imports, plan, prospects, today, touches, whatif
from planner.cli.app import cli, main


def _register() -> None:
    for command in (
        plan.init,
        plan.target,
        prospects.prospect,
        touches.log,
        imports.activity,
        today.status,
        today.queue,
        today.morning,
        export.export,
        data.undo,
        data.doctor,
        data.backup,
        data.restore,
        data.demo,
        data.reset,
        whatif.whatif,
    ):
        cli.add_command(command)
    prospects.prospect.add_command(imports.prospect_import, "import")


_register()

__all__ = ["cli", "main"]
