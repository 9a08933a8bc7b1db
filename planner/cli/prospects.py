"""`planner prospect add` and `planner prospect list` (`prospect import` is registered
on the same group from planner.cli.imports)."""

from __future__ import annotations

from typing import Any

import click

from planner.cli.app import ctx_service, handle_errors, parse_date
from planner.cli.output import echo_text, emit_json
from planner.jsonout import SCHEMA, prospect_json

STATUS_CHOICES = ("new", "active", "lost", "won")
REASON_CHOICES = ("timing", "budget", "competitor", "no-fit", "other")


@click.group()
def prospect() -> None:
    """Add, list and import prospects."""


@prospect.command("add")
@click.argument("name")
@click.option("--company", default="")
@click.option("--email", default="")
@click.option("--phone", default="")
@click.option("--status", type=click.Choice(STATUS_CHOICES), default="new", show_default=True)
@click.option("--lost-reason", type=click.Choice(REASON_CHOICES))
@click.option("--last-contact", metavar="YYYY-MM-DD", callback=parse_date)
@click.option("--do-not-contact", is_flag=True)
@click.option("--value", help="What a sale to this prospect is worth.")
@handle_errors
def prospect_add(name: str, **options: Any) -> None:
    """Add a prospect called NAME."""
    # The write path's input checks: imported here so that `planner status` never loads them.
    from planner.validation import parse_amount

    value = parse_amount(options.pop("value")) if options.get("value") else None
    options.pop("value", None)
    if options.get("lost_reason") and options["status"] != "lost":
        options["status"] = "lost"
    created = ctx_service().add_prospect(name, value=value, **options)
    echo_text(f"Added #{created.id} {created.name} ({created.status})")


@prospect.command("list")
@click.option("--status", type=click.Choice(STATUS_CHOICES))
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@handle_errors
def prospect_list(status: str | None, as_json: bool) -> None:
    """List prospects, optionally of one status."""
    found = ctx_service().prospects(status)  # type: ignore[arg-type]
    if as_json:
        emit_json({"schema": SCHEMA, "prospects": [prospect_json(p) for p in found]})
        return
    if not found:
        click.echo("No prospects yet: planner prospect add NAME, or planner prospect import FILE")
        return
    for item in found:
        extra = f", {item.lost_reason}" if item.lost_reason else ""
        dnc = ", do not contact" if item.do_not_contact else ""
        company = f" ({item.company})" if item.company else ""
        last = f", last {item.last_contact}" if item.last_contact else ""
        echo_text(f"#{item.id} {item.name}{company}: {item.status}{extra}{last}{dnc}")
