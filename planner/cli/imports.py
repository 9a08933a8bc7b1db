"""`planner prospect import` and `planner activity import`, and the options, progress bars
and notes they share."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from planner.cli.app import ctx_service, handle_errors
from planner.cli.output import echo_text
from planner.models import Prospect
from planner.words import counted

if TYPE_CHECKING:  # types only: the importers load when an import runs, never at start-up
    from planner.importers.csvfile import RowError
    from planner.importers.results import ProspectImport

SOURCE_CHOICES = ("auto", "planner", "hubspot", "salesforce", "pipedrive")
DATE_ORDER_CHOICES = ("mdy", "dmy")
SHOWN = 5  # the first few of each kind in a dry run


class TerminalProgress:
    """click progress bars on stderr, one per phase of the import."""

    def __init__(self, file: str) -> None:
        self._file = file
        self._bar: Any = None

    def start(self, total: int, label: str) -> None:
        self.finish()
        self._bar = click.progressbar(
            length=total, label=f"{label} {self._file}", file=sys.stderr, width=30
        )
        self._bar.__enter__()

    def advance(self, count: int) -> None:
        if self._bar is not None and count:
            self._bar.update(count)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


@contextmanager
def progress_for(file: Path) -> Iterator[TerminalProgress | None]:
    """Progress bars when a person watches stderr, none for a file or a pipe; a bar left
    open by an error is closed before the error is printed."""
    progress = TerminalProgress(file.name) if sys.stderr.isatty() else None
    try:
        yield progress
    finally:
        if progress is not None:
            progress.finish()


def report_notes(warnings: tuple[str, ...], skipped: tuple[RowError, ...], dry_run: bool) -> None:
    """Warnings, then every skipped line (a dry run lists the first few on stdout instead)."""
    for warning in warnings:
        echo_text(f"planner: {warning}", err=True)
    if not dry_run:
        for error in skipped:
            echo_text(f"planner: skipped {error}", err=True)


def import_options(func: Any) -> Any:
    """--map, --dry-run, --skip-bad-rows and --date-order: the same on both import commands."""
    for option in reversed(
        [
            click.option(
                "--map",
                "maps",
                multiple=True,
                metavar="COLUMN=FIELD",
                help="Read COLUMN as FIELD (repeatable); FIELD 'ignore' drops a column.",
            ),
            click.option("--dry-run", is_flag=True, help="Show what would happen; change nothing."),
            click.option(
                "--skip-bad-rows",
                is_flag=True,
                help="Import the good rows and report each bad line (default: import nothing).",
            ),
            click.option(
                "--date-order",
                type=click.Choice(DATE_ORDER_CHOICES),
                help="Read 03/04/2017 as month first (mdy) or day first (dmy).",
            ),
        ]
    ):
        func = option(func)
    return func


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--from",
    "source",
    type=click.Choice(SOURCE_CHOICES),
    default="auto",
    show_default=True,
    help="The export's format (auto: tell it from the header row).",
)
@import_options
@handle_errors
def prospect_import(
    file: Path,
    source: str,
    maps: tuple[str, ...],
    dry_run: bool,
    skip_bad_rows: bool,
    date_order: str | None,
) -> None:
    """Import prospects from a HubSpot, Salesforce or Pipedrive export, or any CSV with --map.

    Fields for --map: name, first_name, last_name, company, email, phone, status,
    lost_reason, last_contact, do_not_contact, value (or ignore). A prospect already
    there (same email, phone, or name and company) is updated, never doubled.
    """
    with progress_for(file) as progress:
        result = ctx_service().import_prospects(
            file,
            source=source,
            maps=maps,
            dry_run=dry_run,
            skip_bad_rows=skip_bad_rows,
            date_order=date_order,  # type: ignore[arg-type]  # click.Choice: mdy or dmy
            progress=progress,
        )
    report_notes(result.warnings, result.skipped, dry_run)
    for line in summary_lines(result):
        echo_text(line)


@click.group()
def activity() -> None:
    """Bring in touches logged elsewhere."""


@activity.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@import_options
@handle_errors
def activity_import(
    file: Path,
    maps: tuple[str, ...],
    dry_run: bool,
    skip_bad_rows: bool,
    date_order: str | None,
) -> None:
    """Import touches from a CSV with at,prospect,outcome[,amount,source,note,company].

    Fields for --map: at, prospect, outcome, amount, source, note, company (or ignore).
    """
    with progress_for(file) as progress:
        result = ctx_service().import_activity(
            file,
            dry_run=dry_run,
            progress=progress,
            maps=maps,
            skip_bad_rows=skip_bad_rows,
            date_order=date_order,  # type: ignore[arg-type]  # click.Choice: mdy or dmy
        )
    report_notes(result.warnings, result.skipped, dry_run)
    verb = "Would import" if dry_run else "Imported"
    skipped = f", {len(result.skipped):,} bad rows skipped" if result.skipped else ""
    echo_text(
        f"{verb} {counted(result.added, 'touch', 'touches')} "
        f"({result.duplicates:,} already there), "
        f"{counted(result.new_prospects, 'new prospect')} from {file.name}{skipped}"
    )
    if dry_run:  # the first few; a real import reports every skipped line on stderr
        for error in result.skipped[:5]:
            echo_text(f"  skipped {error}")


def summary_lines(result: ProspectImport) -> list[str]:
    """One line after an import; a dry run adds the first few prospects of each kind."""
    counts = (
        f"{len(result.new):,} new, {len(result.updated):,} updated, "
        f"{len(result.unchanged):,} unchanged, {len(result.skipped):,} skipped"
    )
    repeats = (
        f" ({result.repeats:,} rows repeated a prospect named earlier in the file)"
        if result.repeats
        else ""
    )
    if not result.dry_run:
        undo = "  (undo: planner undo)" if result.new or result.updated else ""
        return [f"Imported {result.file} ({result.label}): {counts}{repeats}.{undo}"]
    lines = [f"Dry run of {result.file} ({result.label}), nothing changed: {counts}{repeats}."]
    lines += _section("new", [_describe(p) for p in result.new])
    lines += _section("updated", [_changes(before, after) for before, after in result.updated])
    lines += _section("unchanged", [_describe(p) for p in result.unchanged])
    lines += _section("skipped", [str(error) for error in result.skipped])
    return lines


def _section(kind: str, items: list[str]) -> list[str]:
    lines = [f"  {kind}: {len(items):,}"]
    lines += [f"    {item}" for item in items[:SHOWN]]
    if len(items) > SHOWN:
        lines.append(f"    ... and {len(items) - SHOWN:,} more")
    return lines


def _describe(prospect: Prospect) -> str:
    company = f" ({prospect.company})" if prospect.company else ""
    reason = f", {prospect.lost_reason}" if prospect.lost_reason else ""
    last = f", last contact {prospect.last_contact}" if prospect.last_contact else ""
    return f"{prospect.name}{company}: {prospect.status}{reason}{last}"


def _changes(before: Prospect, after: Prospect) -> str:
    shown = []
    for field in ("name", "company", "email", "phone", "status", "lost_reason", "last_contact"):
        old, new = getattr(before, field), getattr(after, field)
        if old != new:
            shown.append(f"{field} {old or '-'} -> {new or '-'}")
    for field in ("do_not_contact", "value"):
        if getattr(before, field) != getattr(after, field):
            shown.append(f"{field} {getattr(before, field)} -> {getattr(after, field)}")
    return f"#{after.id} {after.name}: {', '.join(shown)}"
