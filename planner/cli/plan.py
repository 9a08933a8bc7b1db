"""`planner init` and `planner target`: the settings and the target the plan is made of."""

from __future__ import annotations

from typing import Any

import click

from planner.calendar import format_workdays, parse_period, parse_workdays
from planner.cli.app import ctx_service, fail, handle_errors
from planner.cli.output import emit_json
from planner.formatting import amount_json, money
from planner.jsonout import SCHEMA, target_json
from planner.models import Metric, Target
from planner.service import PlannerService
from planner.words import counted


@click.command()
@click.option("--target", "target_amount", help="Amount to reach (sales count or revenue).")
@click.option("--metric", type=click.Choice(["sales", "revenue"]), help="What the target counts.")
@click.option("--period", help="2026, 2026-Q3, 2026-07 or 2026-01-15..2026-03-31.")
@click.option("--capacity", type=click.IntRange(1, 1000), help="Touches a day you can make.")
@click.option("--workdays", help="Working weekdays, e.g. mon,tue,wed,thu,fri.")
@click.option("--country", help="Country code for public holidays, e.g. US or DE.")
@click.option("--subdivision", help="State or region code for holidays, e.g. CA or BY.")
@click.option("--timezone", help="Home time zone, e.g. Europe/Berlin.")
@click.option(
    "--cooloff-days", type=click.IntRange(0, 3650), help="Days before a 'no' is worth a check-in."
)
@click.option(
    "--min-new-share",
    type=click.FloatRange(0, 1),
    help="Share of the queue kept for new prospecting.",
)
@click.option(
    "--min-old-share",
    type=click.FloatRange(0, 1),
    help="Share of the queue kept for check-ins on old prospects.",
)
@click.option(
    "--prior-strength", type=click.FloatRange(0, 10000), help="Weight of planned rates, in touches."
)
@click.option("--deal-value", help="Typical sale amount, for revenue targets.")
@click.option(
    "--sold-so-far",
    type=click.IntRange(0, 1_000_000),
    help="Sales of the period made before you kept records here (they count in actual).",
)
@click.option("--sold-amount", help="What the sales so far were worth in all (revenue).")
@handle_errors
def init(**options: Any) -> None:
    """Set up or change the plan: target, capacity, calendar and planning rates."""
    # The write path's input checks: imported here so that `planner status` never loads them.
    from planner.validation import parse_amount

    service = ctx_service()
    # With no options at all, ask: the first run of `planner init` is a short interview.
    interactive = all(value is None for value in options.values())
    current = service.settings()
    if interactive:
        options = _ask_init(service)
    changes: dict[str, Any] = {}
    if options.get("capacity") is not None:
        changes["capacity"] = options["capacity"]
    if options.get("workdays"):
        changes["workdays"] = parse_workdays(options["workdays"])
    if options.get("country") is not None:
        changes["country"] = options["country"] or None
        changes["subdivision"] = options.get("subdivision") or None
    elif options.get("subdivision") is not None:
        changes["country"] = current.country
        changes["subdivision"] = options["subdivision"] or None
    if options.get("timezone"):
        changes["timezone"] = options["timezone"]
    if options.get("cooloff_days") is not None:
        changes["cooloff_days"] = options["cooloff_days"]
    for share in ("min_new_share", "min_old_share"):
        if options.get(share) is not None:
            changes[share] = float(options[share])
    if options.get("prior_strength") is not None:
        changes["prior_strength"] = float(options["prior_strength"])
    if options.get("deal_value"):
        changes["default_deal_value"] = parse_amount(options["deal_value"])
    # Everything is checked before anything is written: a bad target saves no settings.
    period = parse_period(options["period"]) if options.get("period") else None
    metric: Metric = options.get("metric") or "sales"
    amount = None
    if options.get("target_amount"):
        amount = service.target_amount(options["target_amount"], metric)
    elif period is not None:
        fail("--period goes with --target (e.g. --target 24 --period 2026-Q3)")
    sold, sold_amount = options.get("sold_so_far"), options.get("sold_amount")
    if sold_amount is not None and sold is None:
        fail("--sold-amount goes with --sold-so-far (e.g. --sold-so-far 20 --sold-amount 48000)")
    if sold_amount is not None:
        parse_amount(sold_amount)
    carried_to = None  # the target the sales so far belong to, when it is not a new one
    if sold is not None and amount is None:
        carried_to = service.active_target()
        if carried_to is None:
            fail("--sold-so-far goes with a target (e.g. --target 24 --sold-so-far 20)")
    if amount is not None:
        # A period without a working day is refused before anything is written.
        service.check_period(
            period or parse_period(str(service.today.year)), changes.get("workdays")
        )
    settings = service.configure(**changes)
    click.echo(f"Settings saved in {service.data_dir}")
    click.echo(
        f"  capacity {settings.capacity}/day, workdays {format_workdays(settings.workdays)}, "
        f"holidays {settings.country or 'none'}"
        f"{'-' + settings.subdivision if settings.subdivision else ''}, "
        f"time zone {settings.timezone}"
    )
    if amount is not None:
        target = service.set_target(
            amount,
            metric,
            period or parse_period(str(service.today.year)),
            carried_in=sold,
            carried_in_amount=sold_amount,
        )
        click.echo(f"  target {_target_line(target)}")
    elif carried_to is not None:
        target = service.set_target(
            carried_to.amount,
            carried_to.metric,
            carried_to.period,
            carried_in=sold,
            carried_in_amount=sold_amount,
        )
        click.echo(f"  target {_target_line(target)}")
    elif not service.targets():
        click.echo("  no target yet: planner target set 24 --period 2026")


def _ask_init(service: PlannerService) -> dict[str, Any]:
    settings = service.settings()
    active = service.active_target()
    answers: dict[str, Any] = {}
    answers["target_amount"] = click.prompt(
        "Target", default=str(active.amount) if active else "24"
    )
    answers["metric"] = click.prompt(
        "Counted in",
        type=click.Choice(["sales", "revenue"]),
        default=active.metric if active else "sales",
    )
    answers["period"] = click.prompt(
        "Period (2026, 2026-Q3, 2026-07)",
        default=active.period.label if active else str(service.today.year),
    )
    answers["capacity"] = click.prompt(
        "Touches a day you can make", type=click.IntRange(1, 1000), default=settings.capacity
    )
    answers["workdays"] = click.prompt("Working days", default=format_workdays(settings.workdays))
    answers["country"] = click.prompt(
        "Country for holidays (blank for none)", default=settings.country or "", show_default=False
    )
    answers["subdivision"] = click.prompt(
        "State/region (blank for none)", default=settings.subdivision or "", show_default=False
    )
    answers["timezone"] = click.prompt("Home time zone", default=settings.timezone)
    answers["cooloff_days"] = click.prompt(
        "Days before a 'no' gets a check-in",
        type=click.IntRange(0, 3650),
        default=settings.cooloff_days,
    )
    answers["min_new_share"] = click.prompt(
        "Share of the day kept for new prospecting",
        type=click.FloatRange(0, 1),
        default=settings.min_new_share,
    )
    answers["min_old_share"] = click.prompt(
        "Share of the day kept for old check-ins",
        type=click.FloatRange(0, 1),
        default=settings.min_old_share,
    )
    answers["prior_strength"] = None
    answers["deal_value"] = None
    answers["sold_so_far"] = click.prompt(
        "Sales so far this period, before planner",
        type=click.IntRange(0, 1_000_000),
        default=active.carried_in or 0 if active else 0,
    )
    answers["sold_amount"] = None
    return answers


@click.group()
def target() -> None:
    """Set and list targets."""


@target.command("set")
@click.argument("amount")
@click.option(
    "--metric", type=click.Choice(["sales", "revenue"]), default="sales", show_default=True
)
@click.option(
    "--period", help="2026, 2026-Q3, 2026-07 or 2026-01-15..2026-03-31 (default: this year)."
)
@handle_errors
def target_set(amount: str, metric: str, period: str | None) -> None:
    """Set the target AMOUNT for a period (replaces the same period's target)."""
    service = ctx_service()
    chosen = parse_period(period or str(service.today.year))
    result = service.set_target(amount, metric, chosen)  # type: ignore[arg-type]
    click.echo(f"Target set: {_target_line(result)}")


@target.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@handle_errors
def target_list(as_json: bool) -> None:
    """List the targets."""
    targets = ctx_service().targets()
    if as_json:
        emit_json({"schema": SCHEMA, "targets": [target_json(t) for t in targets]})
        return
    if not targets:
        click.echo("No targets yet: planner target set 24 --period 2026")
    for item in targets:
        click.echo(_target_line(item))


def _target_line(target: Target) -> str:
    amount = amount_json(target.amount, target.metric)
    unit = "sales" if target.metric == "sales" else "revenue"
    carried = ""
    if target.carried_in:
        worth = f" worth {money(target.carried_in_amount)}" if target.carried_in_amount else ""
        carried = f", {counted(target.carried_in, 'sale')} before planner{worth}"
    return (
        f"#{target.id} {amount} {unit} in {target.period.label} "
        f"({target.period.start} to {target.period.end}){carried}"
    )
