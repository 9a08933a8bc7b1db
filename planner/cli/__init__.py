"""The `planner` command line: the root group with every command registered on it."""

from planner.cli.app import cli, main

__all__ = ["cli", "main"]
