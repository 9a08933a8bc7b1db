"""PlannerService: the one API that the CLI and the TUI call, delegating to one part per idea."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.calendar import WorkCalendar
from planner.funnel import StageCounts
from planner.models import (
    ComposureCheck,
    LostReason,
    Metric,
    Outcome,
    Period,
    Settings,
    Source,
    Target,
    Touch,
)
from planner.service.context import Clock, ServiceContext, system_clock
from planner.service.prospect_api import ProspectAPI
from planner.service.reads import Reader
from planner.service.results import (
    DayTally,
    DayView,
    DemoCounts,
    LogResult,
    PlannedDay,
    StatusReport,
)
from planner.store import DayPlan, Store

if TYPE_CHECKING:
    from planner.composure import Prompt
    from planner.importers.dates import DateOrder
    from planner.importers.progress import Progress
    from planner.importers.results import ActivityImport, ProspectImport
    from planner.queue import DailyQueue
    from planner.review import AllRecords, Review
    from planner.service.bulk import Bulk
    from planner.service.dayplan import DayPlanner
    from planner.service.imports import Imports
    from planner.service.maintenance import Maintenance
    from planner.service.morning import Morning
    from planner.service.reports import Reports
    from planner.service.setup import Setup
    from planner.service.touches import TouchLog
    from planner.store.records import DoctorReport
    from planner.store.repair import RepairReport
    from planner.whatif import WhatIf


class PlannerService(ProspectAPI):
    """Opens one data dir; every front end goes through an instance of this.

    Reads for the pace gauge are loaded with the service. Every other part is imported on
    first use (the properties below), so that a `planner status` process never loads the
    queue engine, the importers, the review, the demo generator or the text validators:
    that process has a start-up budget against bare imports.
    """

    def __init__(
        self, data_dir: Path, *, today: date | None = None, clock: Clock = system_clock
    ) -> None:
        self._context = ServiceContext(data_dir, today=today, clock=clock)
        self._reader = Reader(self._context)

    @property
    def store(self) -> Store:
        return self._context.store

    @property
    def data_dir(self) -> Path:
        return self._context.store.data_dir

    @property
    def today(self) -> date:
        return self._context.today

    def change_counter(self) -> int:
        """A number that changes whenever any process commits a change (one stat when none)."""
        return self._context.store.generation()

    def calendar(self, years: Iterable[int]) -> WorkCalendar:
        return self._context.calendar(years)

    def calendar_for(self, period: Period) -> WorkCalendar:
        return self._context.calendar_for(period)

    # The parts loaded on first use; see the class docstring for why they are imported late.

    @cached_property
    def _setup(self) -> Setup:
        from planner.service.setup import Setup  # late: the text validators

        return Setup(self._context)

    @cached_property
    def _touch_log(self) -> TouchLog:
        from planner.service.touches import TouchLog  # late: the text validators

        return TouchLog(self._context, self._prospects)

    @cached_property
    def _day_planner(self) -> DayPlanner:
        from planner.service.dayplan import DayPlanner  # late: the queue engine

        return DayPlanner(self._context, self._reader)

    @cached_property
    def _reports(self) -> Reports:
        from planner.service.reports import Reports  # late: the review model

        return Reports(self._context)

    @cached_property
    def _imports(self) -> Imports:
        from planner.service.imports import Imports  # late: the CSV importers

        return Imports(self._context)

    @cached_property
    def _bulk(self) -> Bulk:
        from planner.service.bulk import Bulk  # late: the demo generator

        return Bulk(self._context, self._reader)

    @cached_property
    def _morning(self) -> Morning:
        from planner.service.morning import Morning  # late: the prompts file and its parser

        return Morning(self._context, self._reader)

    # Settings and targets.

    def is_initialized(self) -> bool:
        return self._context.store.settings() is not None

    def settings(self) -> Settings:
        return self._context.settings()

    def configure(self, **changes: Any) -> Settings:
        """Create or change settings; only the given fields change."""
        settings = self._setup.configure(**changes)
        self._replan()
        return settings

    @staticmethod
    def target_amount(amount: str | Decimal, metric: Metric) -> Decimal:
        """A target amount checked before anything is written: > 0, whole for sales."""
        from planner.service.setup import target_amount  # late: the text validators

        return target_amount(amount, metric)

    def set_target(
        self,
        amount: str | Decimal,
        metric: Metric,
        period: Period,
        *,
        carried_in: int | None = None,
        carried_in_amount: str | Decimal | None = None,
    ) -> Target:
        """Set a target; ``carried_in`` sales (worth ``carried_in_amount``) were made in the
        period before the seller kept records here (DESIGN section 2)."""
        target = self._setup.set_target(
            amount, metric, period, carried_in=carried_in, carried_in_amount=carried_in_amount
        )
        self._replan()
        return target

    def check_period(self, period: Period, workdays: frozenset[int] | None = None) -> int:
        """The working days of ``period``; one without any is refused (ServiceError)."""
        return self._setup.check_period(period, workdays)

    def targets(self) -> list[Target]:
        return self._context.targets()

    def active_target(self) -> Target | None:
        """The target whose period holds today (the most recently set one if several)."""
        return self._context.active_target()

    # Touches.

    def log(
        self,
        prospect_ref: str | int,
        outcome: Outcome,
        *,
        amount: str | Decimal | None = None,
        note: str = "",
        at: str | None = None,
        source: Source | None = None,
        follow_up: date | None = None,
        lost_reason: LostReason | None = None,
        new: bool = False,
    ) -> LogResult:
        """Store one touch (see TouchLog.log: unknown names, typos, ``new``). The touch clears
        the follow-up; ``follow_up`` books the next one, and the day plan is rebuilt."""
        result = self._touch_log.log(
            prospect_ref,
            outcome,
            amount=amount,
            note=note,
            at=at,
            source=source,
            follow_up=follow_up,
            lost_reason=lost_reason,
            new=new,
        )
        if follow_up is not None:
            self._replan()
        return result

    def add_note(self, prospect_id: int, text: str) -> Touch:
        """Add ``text`` to the note of the prospect's newest touch (one undoable change)."""
        return self._touch_log.add_note(prospect_id, text)

    def undo(self) -> str | None:
        """Revert the newest undoable change, whichever process made it; its description."""
        return self._context.store.undo()

    def last_change(self) -> str | None:
        """What undo would revert next, None when there is nothing."""
        return self._context.store.last_op()

    def touches(self, start: date, end: date) -> list[Touch]:
        return self._reader.touches(start, end)

    # Pace, funnel and today's numbers.

    def status(self, target: Target | None = None, *, closed: bool = False) -> StatusReport | None:
        """Pace and funnel for the active target; None when there is no target for today.
        ``closed``: else the last ended period's final result (``pace.final``)."""
        return self._reader.status(target, closed=closed)

    def tally(self, day: date | None = None) -> DayTally:
        return self._reader.tally(day)

    def stage_counts(self, start: date, end: date) -> dict[Source, StageCounts]:
        """Touches, conversations, meetings and sales per source within [start, end]."""
        return self._reader.stage_counts(start, end)

    def sales_by_day(self, start: date, end: date) -> dict[date, tuple[int, Decimal]]:
        """Sales count and summed amounts per day within [start, end]; days without sales
        are left out."""
        return self._reader.sales_by_day(start, end)

    # The day's queue and its stored plan.

    def queue(self, report: StatusReport | None = None) -> DailyQueue:
        """Today's action queue, sized from the gap. A pure read: ``plan_today`` stores it."""
        return self._day_planner.queue(report)

    def plan_today(self, report: StatusReport | None = None) -> PlannedDay:
        """Today's queue, stored as the day's plan when today has none yet (and a target
        exists and the queue has items): the one call that writes the day plan."""
        return self._day_planner.plan_today(report)

    def day_plan(self) -> DayPlan | None:
        """Today's stored plan (prospect ids in order; None = a new lead)."""
        return self._day_planner.day_plan()

    def day_view(self, report: StatusReport | None = None) -> DayView:
        """Today's plan line by line, planned at this first look if need be: what done and
        left, the reasons and the size in words. The CLI and the TUI both show this."""
        return self._day_planner.view(report)

    def rebuild_plan(self, report: StatusReport | None = None) -> DayView:
        """Build today's plan again now (done items kept): `planner queue --rebuild`."""
        report = report or self.status()
        self._day_planner.rebuild(report, force=True)
        return self._day_planner.view(report)

    def _replan(self) -> None:
        """An input of the day plan changed: rebuild it, if today has one, keeping what is done."""
        self._day_planner.rebuild()

    def fill_placeholder(self, slot: int, prospect_id: int) -> DayPlan | None:
        """Put the lead found for a "find a new lead" line into today's plan."""
        return self._day_planner.fill_placeholder(slot, prospect_id)

    # The morning composure check.

    def composure_today(self) -> ComposureCheck | None:
        return self._reader.composure_today()

    def composure_checks(self, start: date, end: date) -> list[ComposureCheck]:
        """The morning answers within [start, end], oldest first."""
        return self._reader.composure_checks(start, end)

    def composure_prompt(self) -> Prompt:
        """The prompt for this morning, chosen by pace and situation, not repeated in 7 days."""
        return self._morning.prompt()

    def save_composure(
        self, prompt_id: str, rating: int | None, intent: str, *, skipped: bool = False
    ) -> ComposureCheck:
        return self._morning.save(prompt_id, rating, intent, skipped=skipped)

    # Review and export.

    def review(
        self, start: date, end: date, label: str | None = None, *, touch_lines: bool = True
    ) -> Review:
        """The review of ``start..end`` (cut at today), reading only the days it needs;
        ``touch_lines`` False: without its touch lines (``Review.touches`` empty), for a format
        that prints none."""
        return self._reports.review(start, end, label, touch_lines=touch_lines)

    def export_all(self) -> AllRecords:
        """Every record the seller entered, so they can always leave with their data."""
        return self._reports.export_all()

    # Imports.

    def import_prospects(
        self,
        path: Path,
        *,
        source: str = "auto",
        maps: Iterable[str] = (),
        dry_run: bool = False,
        skip_bad_rows: bool = False,
        date_order: DateOrder | None = None,
        progress: Progress | None = None,
    ) -> ProspectImport:
        """Create or update prospects from a CRM export or planner's own prospect CSV (the
        day plan is rebuilt to hold them)."""
        result = self._imports.prospects(
            path,
            source=source,
            maps=maps,
            dry_run=dry_run,
            skip_bad_rows=skip_bad_rows,
            date_order=date_order,
            progress=progress,
        )
        if not dry_run:
            self._replan()
        return result

    def import_activity(
        self,
        path: Path,
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
        maps: Iterable[str] = (),
        skip_bad_rows: bool = False,
        date_order: DateOrder | None = None,
    ) -> ActivityImport:
        """Import an activity CSV in one atomic write; touches already there are skipped."""
        return self._imports.activity(
            path,
            dry_run=dry_run,
            progress=progress,
            maps=maps,
            skip_bad_rows=skip_bad_rows,
            date_order=date_order,
        )

    # The whole data dir.

    def has_data(self) -> bool:
        """Whether the seller has a target or any prospect here (settings alone do not count)."""
        return self._reader.has_data()

    def reset(self) -> str | None:
        """Back up, then remove every record: a clean start after trying the demo data."""
        return self._bulk.reset()

    def load_demo(
        self, *, years: int = 1, calls_per_day: int = 40, seed: int = 7, force: bool = False
    ) -> DemoCounts:
        """Fill the data dir with deterministic demo data; refuses existing data without force."""
        return self._bulk.load_demo(
            years=years, calls_per_day=calls_per_day, seed=seed, force=force
        )

    # Maintenance: doctor, repair, backups and notices (the front ends never touch the store).

    @cached_property
    def _maintenance(self) -> Maintenance:
        from planner.service.maintenance import Maintenance  # late: only these commands

        return Maintenance(self._context)

    def doctor(self) -> DoctorReport:
        """Every data file checked, and twin prospects (same name and company) reported."""
        return self._maintenance.doctor()

    def doctor_repair(self) -> RepairReport:
        """Rebuild the derived files (names, summaries) from the prospects and touches."""
        return self._maintenance.repair()

    def backup(self) -> str:
        """Take a backup now; its name."""
        return self._maintenance.backup()

    def backups(self) -> list[tuple[str, datetime, int]]:
        """(name, taken, size in bytes) of each backup, newest first."""
        return self._maintenance.backups()

    def restore(self, name: str) -> list[str]:
        """Bring back backup ``name``; one line per path that was moved out of its way."""
        return self._maintenance.restore(name)

    def notices(self) -> list[str]:
        """One-line notices since the last call (repairs, a backup that kept an older good
        copy); the CLI prints them on stderr after each command, the TUI shows them."""
        return self._context.store.notices()

    # What it would take (issue 14): a read, nothing stored.

    def whatif(self, **assumptions: Any) -> WhatIf | None:
        """Today's forecast under other touches a day, rates, old share or deal value."""
        from planner.service.whatif import WhatIfs  # late: only the what-if needs it

        return WhatIfs(self._context, self._reader).whatif(**assumptions)
