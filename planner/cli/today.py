"""`planner status`, `planner queue`, and the morning summary shown when the TUI is not
installed. Read-only, and `status` has a start-up budget: keep heavy imports out."""

from __future__ import annotations

import click

from planner.cli.app import ctx_service, fail_no_target, handle_errors
from planner.cli.lean import status_text
from planner.cli.output import echo_text, emit_json
from planner.jsonout import queue_json
from planner.service import PlannerService, StatusReport
from planner.text import queue_lines, status_lines


@click.command(hidden=True)
@handle_errors
def morning() -> None:
    """The pace and the top of today's queue, as text."""
    service = ctx_service()
    if not service.is_initialized():
        click.echo("No plan yet. Start with:  planner init --target 24 --period 2026")
        click.echo("or explore with demo data:  planner demo")
        return
    report = service.status()  # computed once, for the gauge and for sizing the queue
    _print_status(service, report)
    click.echo("")
    _print_queue(service, limit=10, report=report)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@handle_errors
def status(as_json: bool) -> None:
    """Where you stand against today's target (after its period: the final result)."""
    service = ctx_service()
    report = service.status(closed=True)
    if report is None:
        fail_no_target(service.today)
    # The same text as `planner status` run without click (planner.cli.lean.run_status).
    click.echo(status_text(report, as_json=as_json), nl=False)


def _print_status(service: PlannerService, report: StatusReport | None = None) -> None:
    report = report or service.status()
    if report is None:
        click.echo(
            f"No target covers {service.today}: planner target set 24 --period {service.today.year}"
        )
        return
    for line in status_lines(report):
        echo_text(line)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@click.option("--rebuild", is_flag=True, help="Build today's plan again now (done items kept).")
@handle_errors
def queue(as_json: bool, rebuild: bool) -> None:
    """Today's action queue: the day plan stored at the day's first look (the TUI's list)."""
    service = ctx_service()
    view = service.rebuild_plan() if rebuild else service.day_view()
    if as_json:
        emit_json(queue_json(view))
        return
    for line in queue_lines(view):
        echo_text(line)


def _print_queue(
    service: PlannerService, limit: int | None = None, report: StatusReport | None = None
) -> None:
    for line in queue_lines(service.day_view(report), limit=limit):
        echo_text(line)
