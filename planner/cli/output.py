"""Output that several commands share."""

from __future__ import annotations

from typing import Any

import click
import orjson


def emit_json(payload: dict[str, Any]) -> None:
    """One JSON object on stdout, indented for a person reading it."""
    click.echo(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode())
