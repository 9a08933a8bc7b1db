"""The `planner` command line (click). Heavy imports stay inside the commands that need them."""

from __future__ import annotations

import click

from planner import __version__


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planner")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """A terminal daily planner for salespeople: pace, today's queue, composure, logging."""
    if ctx.invoked_subcommand is None:
        click.echo(f"planner {__version__}")
        click.echo(ctx.get_help())


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="planner")
