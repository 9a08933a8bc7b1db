"""`planner log call` and `planner log sale`: one touch at a time."""

from __future__ import annotations

from datetime import date

import click

from planner.cli.app import ctx_service, handle_errors
from planner.cli.output import echo_text
from planner.formatting import money_data
from planner.models import LOST_REASONS
from planner.service import PlannerService

OUTCOME_CHOICES = ("no-answer", "conversation", "meeting", "not-interested")
FOLLOW_UP_HELP = "Call back on: YYYY-MM-DD, today, tomorrow, mon..sun, +3d, +2w."


@click.group()
def log() -> None:
    """Log a call or a sale."""


@log.command("call")
@click.argument("prospect_ref", metavar="PROSPECT")
@click.option("--outcome", type=click.Choice(OUTCOME_CHOICES), required=True)
@click.option("--note", default="")
@click.option("--at", "at", metavar="DATETIME", help="YYYY-MM-DD (noon) or YYYY-MM-DDTHH:MM.")
@click.option("--source", type=click.Choice(["new", "old"]))
@click.option("--follow-up", "follow_up", metavar="DATE", help=FOLLOW_UP_HELP)
@click.option(
    "--lost-reason",
    type=click.Choice(LOST_REASONS),
    help="Why a not-interested said no.",
)
@click.option("--new", "new", is_flag=True, help="Create PROSPECT even if a name is close.")
@handle_errors
def log_call(
    prospect_ref: str,
    outcome: str,
    note: str,
    at: str | None,
    source: str | None,
    follow_up: str | None,
    lost_reason: str | None,
    new: bool,
) -> None:
    """Log a call to PROSPECT (name, unique prefix or #ID).

    The call clears the prospect's follow-up; --follow-up books the next one (a meeting's
    day, "call back in January": 2027-01-11, tomorrow, fri, +3d, +2w).
    """
    _log(
        prospect_ref,
        outcome,
        note=note,
        at=at,
        source=source,
        follow_up=follow_up,
        lost_reason=lost_reason,
        new=new,
    )


@log.command("sale")
@click.argument("prospect_ref", metavar="PROSPECT")
@click.option("--amount", help="What the sale is worth.")
@click.option("--note", default="")
@click.option("--at", "at", metavar="DATETIME", help="YYYY-MM-DD (noon) or YYYY-MM-DDTHH:MM.")
@click.option("--follow-up", "follow_up", metavar="DATE", help=FOLLOW_UP_HELP)
@click.option("--new", "new", is_flag=True, help="Create PROSPECT even if a name is close.")
@handle_errors
def log_sale(
    prospect_ref: str,
    amount: str | None,
    note: str,
    at: str | None,
    follow_up: str | None,
    new: bool,
) -> None:
    """Log a sale to PROSPECT (name, unique prefix or #ID)."""
    _log(prospect_ref, "sale", amount=amount, note=note, at=at, follow_up=follow_up, new=new)


def _warn_unpriced_revenue_sale(service: PlannerService, day: date) -> None:
    """A sale without an amount adds nothing to a revenue target: say so, in one line."""
    for target in service.targets():
        if target.metric == "revenue" and target.period.contains(day):
            click.echo(
                f"planner: warning: this sale has no amount, so it adds nothing to the revenue "
                f"target of {target.period.label}; add it with --amount (undo, then log again)",
                err=True,
            )
            return


def _log(
    prospect_ref: str,
    outcome: str,
    *,
    amount: str | None = None,
    note: str = "",
    at: str | None = None,
    source: str | None = None,
    follow_up: str | None = None,
    lost_reason: str | None = None,
    new: bool = False,
) -> None:
    # The write path's input checks: imported here so that `planner status` never loads them.
    from planner.validation import parse_follow_up

    service = ctx_service()
    day = parse_follow_up(follow_up, today=service.today) if follow_up else None
    result = service.log(
        prospect_ref,
        outcome,  # type: ignore[arg-type]  # click.Choice only lets an Outcome through
        amount=amount,
        note=note,
        at=at,
        source=source,  # type: ignore[arg-type]
        follow_up=day,
        lost_reason=lost_reason,  # type: ignore[arg-type]
        new=new,
    )
    if result.created:
        echo_text(f"planner: new prospect #{result.prospect.id} {result.prospect.name}", err=True)
    touch = result.touch
    if touch.outcome == "sale" and touch.amount is None:
        _warn_unpriced_revenue_sale(service, touch.day)
    worth = f" worth {money_data(touch.amount)}" if touch.amount is not None else ""
    echo_text(
        f"Logged {touch.outcome}{worth} with {result.prospect.name} (#{result.prospect.id}) "
        f"at {touch.at.strftime('%Y-%m-%d %H:%M')} [{touch.source}]  (undo: planner undo)"
    )
    if result.prospect.follow_up is not None:
        click.echo(f"  follow-up on {result.prospect.follow_up:%a %d %b %Y}")
