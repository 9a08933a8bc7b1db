"""The `planner export` command: the weekly review as md, csv, json or html."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

FORMAT_CHOICES = ("md", "csv", "json", "html")


def _date(_ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD)") from error


@click.command("export")
@click.option("--week", metavar="YYYY-Www", help="ISO week, e.g. 2026-W48 (default: this week).")
@click.option("--from", "start", metavar="DATE", callback=_date, help="First day (YYYY-MM-DD).")
@click.option("--to", "end", metavar="DATE", callback=_date, help="Last day (default: today).")
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default="md", show_default=True)
@click.option(
    "--output",
    "-o",
    metavar="PATH|-",
    default="-",
    help="File to write; - (the default) is standard output.",
)
@click.option("--force", is_flag=True, help="Replace an existing output file.")
@click.option("--all", "everything", is_flag=True, help="Every record (with --format json).")
def export(
    week: str | None,
    start: date | None,
    end: date | None,
    fmt: str,
    output: str,
    force: bool,
    everything: bool,
) -> None:
    """Write the week's review: pace, touches, sales, revived prospects, plan and next week."""
    if week is not None and (start is not None or end is not None):
        raise click.UsageError("give either --week or --from/--to, not both")
    if end is not None and start is None:
        raise click.UsageError("--to needs --from")
    if everything and (week is not None or start is not None):
        raise click.UsageError("--all exports every record: it takes no --week or --from/--to")
    if everything and fmt != "json":
        raise click.UsageError("--all writes JSON: add --format json")
    # Imported here, not at the top: planner.cli imports this module to register it.
    from planner.cli.app import handle_errors

    handle_errors(_run)(week, start, end, fmt, output, force, everything)


def _run(
    week: str | None,
    start: date | None,
    end: date | None,
    fmt: str,
    output: str,
    force: bool,
    everything: bool,
) -> None:
    from planner.cli.app import ctx_service

    service = ctx_service()
    if everything:
        from planner.export.json_format import all_json, encode

        data = encode(all_json(service.export_all(), service.today))
    else:
        from planner.calendar import parse_iso_week, week_bounds
        from planner.export import render

        label = None
        if week is not None:
            label = week.strip().upper()
            start, end = parse_iso_week(week)
        elif start is None:
            start, end = week_bounds(service.today)
        review = service.review(start, end or service.today, label)
        data = render(review, fmt)
    if output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from planner.export.output import write_file

    write_file(Path(output), data, data_dir=service.data_dir, force=force)
    click.echo(f"Wrote {output} ({len(data):,} bytes)", err=True)
