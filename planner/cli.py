"""The `planner` command line (click). Heavy imports stay inside the commands that need them."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, cast

import click

from planner import __version__
from planner.cli_import import import_options, progress_for, report_notes
from planner.errors import PlannerError
from planner.paths import DATA_DIR_ENV, TODAY_ENV, default_data_dir

if TYPE_CHECKING:
    from planner.models import Metric
    from planner.service import PlannerService, StatusReport

F = TypeVar("F", bound=Callable[..., Any])

OUTCOME_CHOICES = ("no-answer", "conversation", "meeting", "not-interested")
STATUS_CHOICES = ("new", "active", "lost", "won")
REASON_CHOICES = ("timing", "budget", "competitor", "no-fit", "other")


@dataclass
class Context:
    """What the global options decided, and the service opened lazily from it."""

    data_dir: Path
    today: date | None
    _service: PlannerService | None = field(default=None, repr=False)

    @property
    def service(self) -> PlannerService:
        if self._service is None:
            from planner.service import PlannerService

            self._service = PlannerService(self.data_dir, today=self.today)
        return self._service


def fail(message: str) -> NoReturn:
    """One line on stderr and exit 1: the contract for every error."""
    click.echo(f"planner: {message}", err=True)
    sys.exit(1)


def handle_errors(func: F) -> F:
    """Turn the planner's own errors into one line on stderr and exit 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PlannerError as error:
            fail(str(error).splitlines()[0] if str(error) else type(error).__name__)
        except BrokenPipeError:
            raise  # main() leaves quietly when the reader of our output has gone
        except OSError as error:
            where = f" ({error.filename})" if error.filename else ""
            fail(f"{error.strerror or error}{where}")

    return cast(F, wrapper)


def _parse_today(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD)") from error


def emit_json(payload: dict[str, Any]) -> None:
    import orjson

    click.echo(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode())


def ctx_service() -> PlannerService:
    return cast(Context, click.get_current_context().obj).service


# ---------------------------------------------------------------------- the group


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar=DATA_DIR_ENV,
    help="Where planner keeps its data (default: your user data dir).",
)
@click.option(
    "--today",
    callback=_parse_today,
    envvar=TODAY_ENV,
    metavar="YYYY-MM-DD",
    help="Act as if today were this date.",
)
@click.option("--theme", default=None, help="TUI theme name (when opening the TUI).")
@click.version_option(__version__, prog_name="planner")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None, today: date | None, theme: str | None) -> None:
    """A terminal daily planner for salespeople: pace, today's queue, composure, logging.

    Run without a command to open the planner.
    """
    ctx.obj = Context(data_dir=data_dir or default_data_dir(), today=today)
    if ctx.invoked_subcommand is None:
        open_planner(ctx.obj, theme)


def open_planner(context: Context, theme: str | None) -> None:
    """Open the TUI when it is installed, else the morning summary in the terminal."""
    import importlib

    try:
        run_app = importlib.import_module("tui.app").run_app
    except ImportError:
        ctx = click.get_current_context()
        ctx.invoke(morning)
        return
    run_app(data_dir=context.data_dir, today=context.today, theme=theme)


@cli.command(hidden=True)
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


# ---------------------------------------------------------------------- init and targets


@cli.command()
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
    "--prior-strength", type=click.FloatRange(0, 10000), help="Weight of planned rates, in touches."
)
@click.option("--deal-value", help="Typical sale amount, for revenue targets.")
@handle_errors
def init(**options: Any) -> None:
    """Set up or change the plan: target, capacity, calendar and planning rates."""
    from planner.calendar import parse_period, parse_workdays
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
    if options.get("min_new_share") is not None:
        changes["min_new_share"] = float(options["min_new_share"])
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
    settings = service.configure(**changes)
    click.echo(f"Settings saved in {service.data_dir}")
    click.echo(
        f"  capacity {settings.capacity}/day, workdays {_workdays(settings.workdays)}, "
        f"holidays {settings.country or 'none'}"
        f"{'-' + settings.subdivision if settings.subdivision else ''}, "
        f"time zone {settings.timezone}"
    )
    if amount is not None:
        target = service.set_target(amount, metric, period or parse_period(str(service.today.year)))
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
    answers["workdays"] = click.prompt("Working days", default=_workdays(settings.workdays))
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
    answers["prior_strength"] = None
    answers["deal_value"] = None
    return answers


def _workdays(days: frozenset[int]) -> str:
    from planner.calendar import format_workdays

    return format_workdays(days)


@cli.group()
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
    from planner.calendar import parse_period

    service = ctx_service()
    chosen = parse_period(period or str(service.today.year))
    result = service.set_target(amount, metric, chosen)  # type: ignore[arg-type]
    click.echo(f"Target set: {_target_line(result)}")


@target.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@handle_errors
def target_list(as_json: bool) -> None:
    """List the targets."""
    from planner.jsonout import SCHEMA, target_json

    targets = ctx_service().targets()
    if as_json:
        emit_json({"schema": SCHEMA, "targets": [target_json(t) for t in targets]})
        return
    if not targets:
        click.echo("No targets yet: planner target set 24 --period 2026")
    for item in targets:
        click.echo(_target_line(item))


def _target_line(target: Any) -> str:
    from planner.jsonout import amount_json

    amount = amount_json(target.amount, target.metric)
    unit = "sales" if target.metric == "sales" else "revenue"
    return (
        f"#{target.id} {amount} {unit} in {target.period.label} "
        f"({target.period.start} to {target.period.end})"
    )


# ---------------------------------------------------------------------- prospects


@cli.group()
def prospect() -> None:
    """Add, list and import prospects."""


@prospect.command("add")
@click.argument("name")
@click.option("--company", default="")
@click.option("--email", default="")
@click.option("--phone", default="")
@click.option("--status", type=click.Choice(STATUS_CHOICES), default="new", show_default=True)
@click.option("--lost-reason", type=click.Choice(REASON_CHOICES))
@click.option("--last-contact", metavar="YYYY-MM-DD", callback=_parse_today)
@click.option("--do-not-contact", is_flag=True)
@click.option("--value", help="What a sale to this prospect is worth.")
@handle_errors
def prospect_add(name: str, **options: Any) -> None:
    """Add a prospect called NAME."""
    from planner.validation import parse_amount

    value = parse_amount(options.pop("value")) if options.get("value") else None
    options.pop("value", None)
    if options.get("lost_reason") and options["status"] != "lost":
        options["status"] = "lost"
    created = ctx_service().add_prospect(name, value=value, **options)
    click.echo(f"Added #{created.id} {created.name} ({created.status})")


@prospect.command("list")
@click.option("--status", type=click.Choice(STATUS_CHOICES))
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@handle_errors
def prospect_list(status: str | None, as_json: bool) -> None:
    """List prospects, optionally of one status."""
    from planner.jsonout import SCHEMA, prospect_json

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
        click.echo(f"#{item.id} {item.name}{company}: {item.status}{extra}{last}{dnc}")


# ---------------------------------------------------------------------- logging


@cli.group()
def log() -> None:
    """Log a call or a sale."""


@log.command("call")
@click.argument("prospect_ref", metavar="PROSPECT")
@click.option("--outcome", type=click.Choice(OUTCOME_CHOICES), required=True)
@click.option("--note", default="")
@click.option("--at", "at", metavar="DATETIME", help="YYYY-MM-DD (noon) or YYYY-MM-DDTHH:MM.")
@click.option("--source", type=click.Choice(["new", "old"]))
@handle_errors
def log_call(
    prospect_ref: str, outcome: str, note: str, at: str | None, source: str | None
) -> None:
    """Log a call to PROSPECT (name, unique prefix or #ID)."""
    _log(prospect_ref, outcome, note=note, at=at, source=source)


@log.command("sale")
@click.argument("prospect_ref", metavar="PROSPECT")
@click.option("--amount", help="What the sale is worth.")
@click.option("--note", default="")
@click.option("--at", "at", metavar="DATETIME", help="YYYY-MM-DD (noon) or YYYY-MM-DDTHH:MM.")
@handle_errors
def log_sale(prospect_ref: str, amount: str | None, note: str, at: str | None) -> None:
    """Log a sale to PROSPECT (name, unique prefix or #ID)."""
    _log(prospect_ref, "sale", amount=amount, note=note, at=at)


def _log(
    prospect_ref: str,
    outcome: str,
    *,
    amount: str | None = None,
    note: str = "",
    at: str | None = None,
    source: str | None = None,
) -> None:
    service = ctx_service()
    result = service.log(
        prospect_ref,
        outcome,  # type: ignore[arg-type]  # click.Choice only lets an Outcome through
        amount=amount,
        note=note,
        at=at,
        source=source,  # type: ignore[arg-type]
    )
    if result.created:
        click.echo(f"planner: new prospect #{result.prospect.id} {result.prospect.name}", err=True)
    touch = result.touch
    worth = f" worth {touch.amount:.2f}" if touch.amount is not None else ""
    click.echo(
        f"Logged {touch.outcome}{worth} with {result.prospect.name} (#{result.prospect.id}) "
        f"at {touch.at.strftime('%Y-%m-%d %H:%M')} [{touch.source}]  (undo: planner undo)"
    )


@cli.command()
@handle_errors
def undo() -> None:
    """Undo the last change, whichever process made it."""
    undone = ctx_service().undo()
    click.echo(f"Undone: {undone}" if undone else "Nothing to undo.")


# ---------------------------------------------------------------------- status and queue


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@handle_errors
def status(as_json: bool) -> None:
    """Where you stand against today's target."""
    service = ctx_service()
    report = service.status()
    if report is None:
        year = service.today.year
        fail(f"no target covers {service.today}: planner target set 24 --period {year}")
    if as_json:
        from planner.jsonout import status_json

        emit_json(status_json(report))
        return
    _print_status(service, report)


def _print_status(service: PlannerService, report: StatusReport | None = None) -> None:
    from planner.text import status_lines

    report = report or service.status()
    if report is None:
        click.echo(
            f"No target covers {service.today}: planner target set 24 --period {service.today.year}"
        )
        return
    for line in status_lines(report):
        click.echo(line)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@handle_errors
def queue(as_json: bool) -> None:
    """Today's action queue."""
    service = ctx_service()
    if as_json:
        from planner.jsonout import queue_json

        emit_json(queue_json(service.plan_today().queue))
        return
    _print_queue(service)


def _print_queue(
    service: PlannerService, limit: int | None = None, report: StatusReport | None = None
) -> None:
    from planner.text import queue_lines

    for line in queue_lines(service.plan_today(report).queue, limit=limit):
        click.echo(line)


# ---------------------------------------------------------------------- activity import


@cli.group()
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
    from planner.words import counted

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
    click.echo(
        f"{verb} {counted(result.added, 'touch', 'touches')} "
        f"({result.duplicates:,} already there), "
        f"{counted(result.new_prospects, 'new prospect')} from {file.name}{skipped}"
    )
    if dry_run:  # the first few; a real import reports every skipped line on stderr
        for error in result.skipped[:5]:
            click.echo(f"  skipped {error}")


# ---------------------------------------------------------------------- safety


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@handle_errors
def doctor(as_json: bool) -> None:
    """Check every data file, the schema and the ids."""
    report = ctx_service().store.doctor()
    problems = list(report.problems)
    if as_json:
        emit_json({"schema": 1, "ok": report.ok, "problems": problems})
    else:
        if report.ok:
            click.echo(f"All good: {ctx_service().data_dir}")
        for problem in problems:
            click.echo(f"problem: {problem}")
    if not report.ok:
        sys.exit(1)


@cli.command()
@handle_errors
def backup() -> None:
    """Take a backup of the data now."""
    name = ctx_service().store.backup()
    click.echo(f"Backup taken: {name}  (restore with: planner restore {name})")


@cli.command()
@click.argument("name", required=False)
@handle_errors
def restore(name: str | None) -> None:
    """Restore backup NAME (lists the backups without a name)."""
    store = ctx_service().store
    if name is None:
        backups = store.list_backups()
        if not backups:
            click.echo("No backups yet.")
        for backup_name, taken, size in backups:
            click.echo(f"{backup_name}  taken {taken:%Y-%m-%d %H:%M}  {size / 1024:,.0f} KiB")
        return
    store.restore(name)
    click.echo(f"Restored {name}. The state before it was kept as a backup too.")


# ---------------------------------------------------------------------- demo


@cli.command()
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


@cli.command()
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


# Commands that live in their own modules register here (keep their heavy imports inside
# the command functions so `planner status` stays light).
# ---------------------------------------------------------------------- registered commands
from planner.cli_export import export  # noqa: E402  (registered after the group exists)
from planner.cli_import import prospect_import  # noqa: E402

cli.add_command(export)
prospect.add_command(prospect_import, "import")


def main() -> None:
    """Console-script entry point: errors are one line, never a traceback."""
    try:
        cli(prog_name="planner", standalone_mode=True)
    except KeyboardInterrupt:  # pragma: no cover - interactive
        click.echo("planner: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        # `planner queue | head`: the reader left; say nothing, as other shell tools do.
        _silence_stdout()
        sys.exit(0)


def _silence_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


__all__ = ["cli", "main"]
