"""`planner prospect add|list|show|edit|remove|merge` (`prospect import` is registered on
the same group from planner.cli.imports)."""

from __future__ import annotations

from typing import Any

import click

from planner.cli.app import ctx_service, handle_errors, parse_date
from planner.cli.output import echo_text, emit_json
from planner.formatting import money
from planner.jsonout import SCHEMA, prospect_json, prospect_show_json
from planner.models import LOST_REASONS, PROSPECT_STATUSES, Prospect
from planner.sanitize import one_line
from planner.words import OUTCOME_WORDS

STATUS_CHOICES = PROSPECT_STATUSES
REASON_CHOICES = LOST_REASONS
PROSPECT_HELP = "PROSPECT is a name (a unique prefix will do) or #ID."


@click.group()
def prospect() -> None:
    """Add, list, show, edit, remove, merge and import prospects."""


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
@click.option("--new", "new", is_flag=True, help="Add NAME even if a known name is close.")
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
@click.option("--due", is_flag=True, help="Only follow-ups due today or earlier, oldest first.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@handle_errors
def prospect_list(status: str | None, due: bool, as_json: bool) -> None:
    """List prospects, optionally of one status or with a follow-up due."""
    service = ctx_service()
    if due:
        found = [p for p in service.due_follow_ups() if status is None or p.status == status]
    else:
        found = service.prospects(status)  # type: ignore[arg-type]
    if as_json:
        emit_json({"schema": SCHEMA, "prospects": [prospect_json(p) for p in found]})
        return
    if not found:
        if due:
            click.echo(f"No follow-up due by {service.today}.")
        else:
            click.echo(
                "No prospects yet: planner prospect add NAME, or planner prospect import FILE"
            )
        return
    for item in found:
        echo_text(_summary(item))


def _summary(item: Prospect) -> str:
    extra = f", {item.lost_reason}" if item.lost_reason else ""
    dnc = ", do not contact" if item.do_not_contact else ""
    company = f" ({one_line(item.company)})" if item.company else ""
    last = f", last {item.last_contact}" if item.last_contact else ""
    follow = f", follow-up {item.follow_up}" if item.follow_up else ""
    return f"#{item.id} {one_line(item.name)}{company}: {item.status}{extra}{last}{follow}{dnc}"


@prospect.command("show")
@click.argument("ref", metavar="PROSPECT")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@handle_errors
def prospect_show(ref: str, as_json: bool) -> None:
    """A prospect's card: fields, follow-up, every touch with its note, newest first."""
    service = ctx_service()
    found = service.resolve_prospect(ref)
    touches = service.history(found.id)
    if as_json:
        emit_json(prospect_show_json(found, touches))
        return
    click.echo(f"#{found.id} {one_line(found.name)}")
    status = found.status + (f" ({found.lost_reason})" if found.lost_reason else "")
    fields = [
        ("company", one_line(found.company)),
        ("email", one_line(found.email)),
        ("phone", one_line(found.phone)),
        ("status", status),
        ("value", money(found.value) if found.value is not None else ""),
        ("follow-up", f"{found.follow_up:%a %d %b %Y}" if found.follow_up else "none"),
        ("last contact", str(found.last_contact) if found.last_contact else "never"),
        ("do not contact", "yes" if found.do_not_contact else ""),
    ]
    for label, value in fields:
        if value:
            click.echo(f"  {label + ':':<15} {value}")
    click.echo(f"  history ({len(touches)} touches, newest first):" if touches else "  no touches")
    for touch in sorted(touches, key=lambda t: (t.at, t.id), reverse=True):
        amount = f" {money(touch.amount)}" if touch.amount is not None else ""
        note = f"  {one_line(touch.note)}" if touch.note else ""
        click.echo(
            f"    {touch.at:%Y-%m-%d %H:%M} {OUTCOME_WORDS[touch.outcome]}{amount} "
            f"[{touch.source}]{note}"
        )


@prospect.command("edit")
@click.argument("ref", metavar="PROSPECT")
@click.option("--name")
@click.option("--company")
@click.option("--email")
@click.option("--phone")
@click.option("--status", type=click.Choice(STATUS_CHOICES))
@click.option("--lost-reason", type=click.Choice(REASON_CHOICES))
@click.option("--value", help="What a sale is worth; 'none' clears it.")
@click.option(
    "--follow-up",
    "follow_up",
    metavar="DATE",
    help="YYYY-MM-DD, today, tomorrow, mon..sun, +3d, +2w, or none to clear.",
)
@click.option("--do-not-contact/--contact-ok", "do_not_contact", default=None)
@handle_errors
def prospect_edit(ref: str, **options: Any) -> None:
    """Change a prospect's fields (only those given). Undo with planner undo."""
    from planner.validation import parse_amount, parse_follow_up

    service = ctx_service()
    found = service.resolve_prospect(ref)
    changes = {key: value for key, value in options.items() if value is not None}
    if "value" in changes:
        text = changes["value"].strip()
        changes["value"] = None if text.lower() == "none" else parse_amount(text)
    if "follow_up" in changes:
        changes["follow_up"] = parse_follow_up(changes["follow_up"], today=service.today)
    if not changes:
        raise click.UsageError("nothing to change: give --name, --status, --follow-up, ...")
    edited = service.edit_prospect(found.id, **changes)
    click.echo(f"Edited {_summary(edited)}  (undo: planner undo)")


@prospect.command("remove")
@click.argument("ref", metavar="PROSPECT")
@handle_errors
def prospect_remove(ref: str) -> None:
    """Remove a prospect; its touches stay counted. Undo with planner undo."""
    service = ctx_service()
    removed = service.remove_prospect(service.resolve_prospect(ref).id)
    click.echo(f"Removed #{removed.id} {one_line(removed.name)}  (undo: planner undo)")


@prospect.command("merge")
@click.argument("keep_ref", metavar="KEEP")
@click.argument("other_ref", metavar="OTHER")
@handle_errors
def prospect_merge(keep_ref: str, other_ref: str) -> None:
    """Merge OTHER into KEEP: OTHER's touches move to KEEP and OTHER goes. Undoable."""
    service = ctx_service()
    keep = service.resolve_prospect(keep_ref)
    other = service.resolve_prospect(other_ref)
    result = service.merge_prospects(keep.id, other.id)
    click.echo(
        f"Merged #{other.id} {one_line(other.name)} into #{keep.id} {one_line(keep.name)}: "
        f"{result.moved} touches moved  (undo: planner undo)"
    )
