"""The `planner export` command: the weekly review as md, csv, json or html."""

from __future__ import annotations

import sys
from datetime import date
from functools import partial
from pathlib import Path

import click

from planner.calendar import parse_iso_week, week_bounds
from planner.cli.app import ctx_service, handle_errors, parse_date

FORMAT_CHOICES = ("md", "csv", "json", "html")
# A blank --from or --to is a mistake here, not "not given".
_date = partial(parse_date, blank_is_none=False)


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
@handle_errors
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
    # The renderers and the file writer are imported by this command alone, so that the
    # other commands (and `planner status`'s start-up budget) never load them.
    from planner.cli.files import write_file
    from planner.export import render
    from planner.export.json_format import all_json, encode

    service = ctx_service()
    if everything:
        data = encode(all_json(service.export_all(), service.today))
    else:
        label = None
        if week is not None:
            label = week.strip().upper()
            start, end = parse_iso_week(week)
        elif start is None:
            start, end = week_bounds(service.today)
        # Markdown prints no touch list: its review names only the prospects it prints.
        review = service.review(start, end or service.today, label, touch_lines=fmt != "md")
        data = render(review, fmt)
    if output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_file(Path(output), data, data_dir=service.data_dir, force=force)
    click.echo(f"Wrote {output} ({len(data):,} bytes)", err=True)
