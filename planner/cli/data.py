"""Commands over the data dir as a whole: undo, doctor, backup, restore, demo and reset."""

from __future__ import annotations

import sys

import click

from planner.cli.app import ctx_service, fail, handle_errors
from planner.cli.output import echo_text, emit_json
from planner.sanitize import one_line


@click.command()
@handle_errors
def undo() -> None:
    """Undo the last change, whichever process made it."""
    undone = ctx_service().undo()
    echo_text(f"Undone: {undone}" if undone else "Nothing to undo.")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@click.option(
    "--repair",
    is_flag=True,
    help="Rebuild the derived files (name index, summaries) from the prospects and touches.",
)
@handle_errors
def doctor(as_json: bool, repair: bool) -> None:
    """Check every data file, the schema, the ids and twin prospects."""
    service = ctx_service()
    if repair:
        repaired = service.doctor_repair()
        if as_json:
            emit_json(
                {
                    "schema": 1,
                    "ok": repaired.ok,
                    "rebuilt": list(repaired.rebuilt),
                    "accepted": list(repaired.accepted),
                    "problems": list(repaired.problems),
                    "backup": repaired.backup,
                }
            )
        else:
            click.echo(one_line(repaired.message))
        if not repaired.ok:
            sys.exit(1)
        return
    report = service.doctor()
    problems = list(report.problems)
    if as_json:
        emit_json({"schema": 1, "ok": report.ok, "problems": problems})
    else:
        if report.ok:
            click.echo(f"All good: {service.data_dir}")
        for problem in problems:
            click.echo(f"problem: {one_line(problem)}")
    if not report.ok:
        sys.exit(1)


@click.command()
@handle_errors
def backup() -> None:
    """Take a backup of the data now."""
    name = ctx_service().backup()
    click.echo(f"Backup taken: {name}  (restore with: planner restore {name})")


@click.command()
@click.argument("name", required=False)
@handle_errors
def restore(name: str | None) -> None:
    """Restore backup NAME (lists the backups without a name)."""
    service = ctx_service()
    if name is None:
        backups = service.backups()
        if not backups:
            click.echo("No backups yet.")
        for backup_name, taken, size in backups:
            click.echo(f"{backup_name}  taken {taken:%Y-%m-%d %H:%M}  {size / 1024:,.0f} KiB")
        return
    moved = service.restore(name)
    click.echo(f"Restored {name}. The state before it was kept as a backup too.")
    for line in moved:
        click.echo(f"  {one_line(line)}")


@click.command()
@click.option("--years", type=click.IntRange(1, 20), default=1, show_default=True)
@click.option("--calls-per-day", type=click.IntRange(1, 500), default=40, show_default=True)
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--force", is_flag=True, help="Replace the data that is there.")
@click.option("--if-empty", is_flag=True, help="Only when there is no data yet; else do nothing.")
@handle_errors
def demo(years: int, calls_per_day: int, seed: int, force: bool, if_empty: bool) -> None:
    """Fill the data dir with realistic demo data."""
    service = ctx_service()
    if if_empty and service.has_data():
        click.echo(f"Your data is in {service.data_dir}; no demo data loaded.")
        return
    counts = service.load_demo(years=years, calls_per_day=calls_per_day, seed=seed, force=force)
    click.echo(
        f"Demo data in {service.data_dir}: {counts.prospects:,} prospects, "
        f"{counts.touches:,} touches, {counts.targets} targets."
    )


@click.command()
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@handle_errors
def reset(yes: bool) -> None:
    """Start clean: back up everything, then remove every record (e.g. the demo data)."""
    service = ctx_service()
    if not yes:
        if not sys.stdin.isatty():
            fail("reset removes every record: run it in a terminal, or pass --yes")
        click.confirm(
            f"Remove every target, prospect and touch in {service.data_dir}? "
            "(a backup is taken first)",
            abort=True,
        )
    name = service.reset()
    if name is None:
        click.echo("Nothing to reset.")
        return
    click.echo(f"Everything is removed; the backup {name} holds it (planner restore {name}).")
    click.echo("Run planner to set your own target.")
