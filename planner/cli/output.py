"""Output that several commands share."""

from __future__ import annotations

from typing import Any

import click

from planner.cli.lean import json_text
from planner.sanitize import one_line


def emit_json(payload: dict[str, Any]) -> None:
    """One JSON object on stdout, indented for a person reading it."""
    click.echo(json_text(payload), nl=False)


def echo_text(text: str, *, err: bool = False) -> None:
    """One line of human output that may hold stored text (a name, a company, a note, an
    undo description): control characters from a tampered or synced file never reach the
    terminal, as in the TUI. JSON output is left faithful (its encoder escapes them)."""
    click.echo(one_line(text), err=err)
