"""The one API that the CLI and the TUI call: store + engine, with 'today' decided here."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from planner.calendar import (
    WorkCalendar,
    check_timezone,
    local_today,
    public_holidays,
)
from planner.daily import median_lead_days, sales_totals, stage_counts
from planner.errors import PlannerError
from planner.funnel import (
    DiagnosisDetail,
    FunnelReport,
    StageCounts,
    diagnosis_detail,
    estimate_funnel,
)
from planner.models import (
    OUTCOMES,
    SOURCES,
    ComposureCheck,
    Diagnosis,
    LostReason,
    Metric,
    Outcome,
    Period,
    Prospect,
    ProspectStatus,
    Settings,
    Source,
    Target,
    Touch,
)
from planner.pacing import PaceReport, pace_from_totals
from planner.store import DayPlan, Store

if TYPE_CHECKING:
    from planner.composure import Prompt, Situation
    from planner.importers.dates import DateOrder
    from planner.importers.progress import Progress
    from planner.importers.results import ActivityImport, ProspectImport
    from planner.queue import DailyQueue


Clock = Callable[[], datetime]


class ServiceError(PlannerError, ValueError):
    """A request the planner cannot carry out; the message is one line for the seller."""


class AmbiguousProspectError(ServiceError):
    """A name prefix that matches several prospects."""

    def __init__(self, query: str, candidates: list[Prospect]) -> None:
        shown = ", ".join(
            f"{p.name} ({p.company + ', ' if p.company else ''}#{p.id})" for p in candidates[:8]
        )
        more = f" and {len(candidates) - 8} more" if len(candidates) > 8 else ""
        if all(p.name.casefold() == query.strip().casefold() for p in candidates):
            hint = "use the #ID"  # the same name twice: typing more cannot tell them apart
        else:
            hint = "type more of the name or use #ID"
        super().__init__(f"{query!r} matches {shown}{more}: {hint}")
        self.candidates = candidates


@dataclass(frozen=True, slots=True)
class StatusReport:
    """Everything the pacing gauge shows: pace, the funnel behind it and the diagnosis."""

    today: date
    target: Target
    pace: PaceReport
    funnel: FunnelReport
    diagnosis: Diagnosis
    detail: DiagnosisDetail
    average_sale_value: Decimal | None


class LogResult(NamedTuple):
    touch: Touch
    prospect: Prospect
    created: bool


class DemoCounts(NamedTuple):
    prospects: int
    touches: int
    targets: int


class DayTally(NamedTuple):
    """Today's work so far, for the tally beside the queue."""

    touches: int
    conversations: int
    meetings: int
    sales: int


def _system_clock() -> datetime:
    return datetime.now(UTC)


class PlannerService:
    """Opens one data dir; every front end goes through an instance of this."""

    def __init__(
        self, data_dir: Path, *, today: date | None = None, clock: Clock = _system_clock
    ) -> None:
        self.store = Store(data_dir)
        self._fixed_today = today
        self._clock = clock
        self._holidays: dict[tuple[str | None, str | None, int], frozenset[date]] = {}

    # ------------------------------------------------------------------ time

    @property
    def data_dir(self) -> Path:
        return self.store.data_dir

    @property
    def today(self) -> date:
        if self._fixed_today is not None:
            return self._fixed_today
        return local_today(self.settings().timezone, self._clock())

    def _now(self) -> datetime | None:
        """The real instant, or None when today is fixed (then the clock time plays no part)."""
        return None if self._fixed_today is not None else self._clock()

    def calendar(self, years: Iterable[int]) -> WorkCalendar:
        settings = self.settings()
        holidays: frozenset[date] = frozenset()
        if settings.country:
            for year in set(years):
                key = (settings.country, settings.subdivision, year)
                if key not in self._holidays:
                    from planner.holiday_cache import cached_public_holidays
                    from planner.paths import cache_dir

                    self._holidays[key] = cached_public_holidays(
                        settings.country, settings.subdivision, year, cache_dir()
                    )
                holidays |= self._holidays[key]
        return WorkCalendar(
            workdays=settings.workdays, holidays=holidays, days_off=settings.days_off
        )

    def calendar_for(self, period: Period) -> WorkCalendar:
        return self.calendar(range(period.start.year, period.end.year + 1))

    # ------------------------------------------------------------------ settings and targets

    def is_initialized(self) -> bool:
        return self.store.settings() is not None

    def settings(self) -> Settings:
        return self.store.settings() or Settings()

    def configure(self, **changes: Any) -> Settings:
        """Create or change settings; only the given fields change."""
        if "timezone" in changes and changes["timezone"] is not None:
            check_timezone(str(changes["timezone"]))
        if changes.get("country"):
            country = str(changes["country"]).upper()
            subdivision = changes.get("subdivision")
            public_holidays(country, str(subdivision) if subdivision else None, [2026])
            changes["country"] = country
        capacity = changes.get("capacity")
        if capacity is not None and not (isinstance(capacity, int) and 1 <= capacity <= 1000):
            raise ServiceError("capacity must be a whole number of touches from 1 to 1000")
        share = changes.get("min_new_share")
        if share is not None and not (isinstance(share, float) and 0.0 <= share <= 1.0):
            raise ServiceError("the minimum new share must be between 0 and 1")
        cooloff = changes.get("cooloff_days")
        if cooloff is not None and not (isinstance(cooloff, int) and 0 <= cooloff <= 3650):
            raise ServiceError("cool-off days must be a whole number from 0 to 3650")
        with self.store.transaction("change settings") as tx:
            current = tx.settings() or Settings()
            known = {f.name for f in dataclasses.fields(Settings)}
            unknown = set(changes) - known
            if unknown:
                raise ServiceError(f"unknown setting {sorted(unknown)[0]}")
            updated = dataclasses.replace(
                current, **{k: v for k, v in changes.items() if v is not None}
            )
            tx.put_settings(updated)
        self._holidays.clear()
        return updated

    @staticmethod
    def target_amount(amount: str | Decimal, metric: Metric) -> Decimal:
        """A target amount checked before anything is written: > 0, whole for sales."""
        from planner.validation import parse_amount

        value = parse_amount(amount)
        if metric == "sales" and value != value.to_integral_value():
            raise ServiceError("a sales target is a whole number of sales")
        return value

    def set_target(self, amount: str | Decimal, metric: Metric, period: Period) -> Target:
        value = self.target_amount(amount, metric)
        with self.store.transaction(f"set target {value} {metric} for {period.label}") as tx:
            if tx.settings() is None:
                tx.put_settings(Settings())
            for existing in tx.targets():
                if existing.period == period and existing.metric == metric:
                    target = dataclasses.replace(existing, amount=value)
                    break
            else:
                target = Target(metric=metric, amount=value, period=period, id=tx.new_id("target"))
            tx.put_target(target)
        return target

    def targets(self) -> list[Target]:
        return sorted(self.store.targets(), key=lambda t: (t.period.start, t.id))

    def active_target(self) -> Target | None:
        """The target whose period holds today (the most recently set one if several)."""
        today = self.today
        current = [t for t in self.store.targets() if t.period.contains(today)]
        if current:
            return max(current, key=lambda t: t.id)
        return None

    # ------------------------------------------------------------------ prospects

    def prospects(self, status: ProspectStatus | None = None) -> list[Prospect]:
        return self.store.prospects(status)

    def prospect(self, prospect_id: int) -> Prospect | None:
        return self.store.prospect(prospect_id)

    def add_prospect(
        self,
        name: str,
        *,
        company: str = "",
        email: str = "",
        phone: str = "",
        status: ProspectStatus = "new",
        lost_reason: LostReason | None = None,
        last_contact: date | None = None,
        do_not_contact: bool = False,
        value: Decimal | None = None,
    ) -> Prospect:
        from planner.validation import clean_name, clean_text

        clean = clean_name(name)
        company_text = clean_text(company, limit=200, what="company")
        for pid, existing_name in self.store.prospect_names().items():
            if existing_name.casefold() == clean.casefold():
                twin = self.store.prospect(pid)
                if twin is not None and twin.company.casefold() == company_text.casefold():
                    raise ServiceError(
                        f"{twin.name} already exists as #{twin.id}"
                        + (f" at {twin.company}" if twin.company else "")
                        + ": give --company to add someone else of that name"
                    )
        if last_contact is not None and last_contact > self.today:
            raise ServiceError(f"last contact {last_contact} is in the future")
        if lost_reason is not None and status != "lost":
            raise ServiceError("a lost reason is only for a prospect with status lost")
        with self.store.transaction(f"add prospect {clean}") as tx:
            prospect = Prospect(
                id=tx.new_id("prospect"),
                name=clean,
                company=company_text,
                email=clean_text(email, limit=254, what="email"),
                phone=clean_text(phone, limit=40, what="phone"),
                status=status,
                lost_reason=lost_reason,
                last_contact=last_contact,
                do_not_contact=do_not_contact,
                value=value,
            )
            tx.put_prospect(prospect)
        return prospect

    def update_prospect(self, prospect_id: int, **changes: object) -> Prospect:
        """Edit status, lost reason, do-not-contact and the other plain fields."""
        from planner.validation import clean_name

        if "name" in changes:
            changes["name"] = clean_name(str(changes["name"]))
        with self.store.transaction(f"edit prospect #{prospect_id}") as tx:
            current = tx.prospect(prospect_id)
            if current is None:
                raise ServiceError(f"no prospect #{prospect_id}")
            updated = dataclasses.replace(current, **changes)  # type: ignore[arg-type]
            if updated.status != "lost" and updated.lost_reason is not None:
                updated = dataclasses.replace(updated, lost_reason=None)
            tx.put_prospect(updated)
        return updated

    def find_prospect(self, query: str) -> Prospect | None:
        """``#ID``, an exact name or a unique prefix; None when nothing matches."""
        from planner.prospects import match_names

        text = query.strip()
        if text.startswith("#"):
            try:
                wanted = int(text[1:])
            except ValueError as error:
                raise ServiceError(f"{text!r} is not a prospect id (use #12)") from error
            found = self.store.prospect(wanted)
            if found is None:
                raise ServiceError(f"no prospect {text}")
            return found
        ids = match_names(self.store.prospect_names(), text)
        if not ids:
            return None
        if len(ids) > 1:
            raise AmbiguousProspectError(text, [p for i in ids if (p := self.store.prospect(i))])
        return self.store.prospect(ids[0])

    def snooze(self, prospect_id: int) -> date:
        """Move a prospect out of the queue until the next working day."""
        today = self.today
        next_day = self.calendar([today.year, today.year + 1]).next_working_day(today)
        until = next_day or today + timedelta(days=1)
        self.update_prospect(prospect_id, snoozed_until=until)
        return until

    # ------------------------------------------------------------------ logging

    def log(
        self,
        prospect_ref: str | int,
        outcome: Outcome,
        *,
        amount: str | Decimal | None = None,
        note: str = "",
        at: str | None = None,
        source: Source | None = None,
    ) -> LogResult:
        """Store one touch; an unknown name creates a `new` prospect (``created`` says so)."""
        from planner.prospects import apply_touch, lead_days_for, source_of
        from planner.validation import (
            MAX_NOTE_LENGTH,
            clean_name,
            clean_text,
            default_at,
            parse_amount,
            parse_at,
        )

        if outcome not in OUTCOMES:
            raise ServiceError(f"unknown outcome {outcome!r} (use {', '.join(OUTCOMES)})")
        if source is not None and source not in SOURCES:
            raise ServiceError(f"unknown source {source!r} (use new or old)")
        if amount is not None and outcome != "sale":
            raise ServiceError("only a sale carries an amount")
        value = parse_amount(amount) if amount is not None else None
        clean_note = clean_text(note, limit=MAX_NOTE_LENGTH, what="note", one_line=False)
        settings = self.settings()
        today = self.today
        now = self._now()
        when = (
            parse_at(at, timezone=settings.timezone, today=today, now=now)
            if at
            else default_at(timezone=settings.timezone, today=today, now=now or self._clock())
        )
        existing: Prospect | None
        if isinstance(prospect_ref, int):
            existing = self.store.prospect(prospect_ref)
            if existing is None:
                raise ServiceError(f"no prospect #{prospect_ref}")
        else:
            existing = self.find_prospect(prospect_ref)
        name = existing.name if existing else clean_name(str(prospect_ref))
        with self.store.transaction(f"log {outcome} with {name}") as tx:
            created = existing is None
            if existing is None:
                prospect = Prospect(id=tx.new_id("prospect"), name=name)
            else:
                fresh = tx.prospect(existing.id)
                if fresh is None:
                    raise ServiceError(f"prospect #{existing.id} was deleted meanwhile")
                prospect = fresh
            touch = Touch(
                id=tx.new_id("touch"),
                prospect_id=prospect.id,
                at=when,
                outcome=outcome,
                source=source or source_of(prospect),
                amount=value,
                note=clean_note,
                lead_days=lead_days_for(prospect, when.date()) if outcome == "sale" else None,
            )
            updated = apply_touch(prospect, touch)
            tx.put_touch(touch)
            tx.put_prospect(updated)
        return LogResult(touch=touch, prospect=updated, created=created)

    def undo(self) -> str | None:
        return self.store.undo()

    def last_change(self) -> str | None:
        return self.store.last_op()

    # ------------------------------------------------------------------ pace, funnel, queue

    def status(self, target: Target | None = None) -> StatusReport | None:
        """Pace and funnel for the active target; None when there is no target for today."""
        target = target or self.active_target()
        if target is None:
            return None
        today = self.today
        settings = self.settings()
        period = target.period
        calendar = self.calendar_for(period)
        last_day = min(today, period.end)
        summaries = self.store.summaries(period.start, last_day) if last_day >= period.start else []
        sale_count, priced, revenue = sales_totals(summaries)
        average_sale = revenue / priced if priced else None
        pace = pace_from_totals(
            target,
            sale_count=sale_count,
            priced_count=priced,
            revenue=revenue,
            calendar=calendar,
            today=today,
            default_sale_value=settings.default_deal_value,
        )
        lead_window = self.store.summaries(today - timedelta(days=365), today)
        funnel = estimate_funnel(
            stage_counts(summaries), settings, lead_days=median_lead_days(lead_window)
        )
        expected_sales = pace.expected
        actual_sales = float(sale_count)
        if target.metric == "revenue":
            value = float(average_sale or settings.default_deal_value)
            expected_sales = pace.expected / value if value else 0.0
        detail = diagnosis_detail(
            funnel,
            expected_sales_to_date=expected_sales,
            actual_sales=actual_sales,
            pace_status=pace.status,
            settings=settings,
            days_elapsed=pace.working_days_elapsed,
        )
        return StatusReport(
            today=today,
            target=target,
            pace=pace,
            funnel=funnel,
            diagnosis=detail.diagnosis,
            detail=detail,
            average_sale_value=average_sale,
        )

    def queue(self, report: StatusReport | None = None) -> DailyQueue:
        """Today's action queue, sized from the gap; planned once a day and kept."""
        from planner.queue import build_queue, needed_sales_per_day

        report = report or self.status()
        settings = self.settings()
        today = self.today
        if report is None:
            needed = 0.0
            funnel = estimate_funnel(stage_counts([]), settings)
            period_end = today + timedelta(days=365)
        else:
            needed = needed_sales_per_day(
                report.pace.required_per_day,
                report.target.metric,
                report.average_sale_value,
                settings.default_deal_value,
            )
            funnel = report.funnel
            period_end = report.target.period.end
        queue = build_queue(
            prospects=self.store.prospects(),
            funnel=funnel,
            needed_sales=needed,
            settings=settings,
            today=today,
            period_end=period_end,
        )
        # The day's plan is kept once there is a target to plan against: a queue shown
        # before `init` would otherwise freeze a floor-sized plan for the whole day.
        if report is not None and queue.items and self.store.plan(today) is None:
            plan = DayPlan(
                day=today,
                planned_old=queue.planned_old,
                planned_new=queue.planned_new,
                prospect_ids=tuple(i.prospect.id if i.prospect else None for i in queue.items),
            )
            with self.store.transaction(f"plan {today}", undoable=False) as tx:
                tx.put_plan(plan)
        return queue

    def tally(self, day: date | None = None) -> DayTally:
        day = day or self.today
        counts = stage_counts(self.store.summaries(day, day))
        total = counts["new"] + counts["old"]
        return DayTally(total.touches, total.conversations, total.meetings, total.sales)

    def touches(self, start: date, end: date) -> list[Touch]:
        return self.store.touches(start, end)

    def history(self, prospect_id: int) -> list[Touch]:
        return self.store.touches_of(prospect_id)

    # ------------------------------------------------------------------ bulk: import and demo

    def has_data(self) -> bool:
        """Whether the seller has a target or any prospect here (settings alone do not count)."""
        return self.store.exists() and bool(self.store.targets() or self.store.prospect_names())

    def reset(self) -> str | None:
        """Back up, then remove every record: a clean start after trying the demo data.

        Returns the backup's name (None when there was nothing to reset)."""
        if not self.store.exists():
            return None
        name = self.store.backup()
        with self.store.transaction("reset", undoable=False) as tx:
            tx.clear()
        return name

    def load_demo(
        self, *, years: int = 1, calls_per_day: int = 40, seed: int = 7, force: bool = False
    ) -> DemoCounts:
        """Fill the data dir with deterministic demo data; refuses existing data without force."""
        from planner.demo import generate_demo

        if self.has_data():
            if not force:
                raise ServiceError(
                    f"{self.data_dir} already holds data: pass --force to replace it "
                    "(a backup is taken first)"
                )
            self.store.backup()
        timezone = self.settings().timezone
        data = generate_demo(
            today=self.today, years=years, calls_per_day=calls_per_day, seed=seed, timezone=timezone
        )
        with self.store.transaction("load demo data", undoable=False) as tx:
            if force:
                tx.clear()
            tx.put_settings(data.settings)
            for target in data.targets:
                tx.put_target(dataclasses.replace(target, id=tx.new_id("target")))
            new_ids: dict[int, int] = {}
            for prospect in data.prospects:
                new_ids[prospect.id] = tx.new_id("prospect")
                tx.put_prospect(dataclasses.replace(prospect, id=new_ids[prospect.id]))
            for touch in data.touches:
                tx.put_touch(
                    dataclasses.replace(
                        touch, id=tx.new_id("touch"), prospect_id=new_ids[touch.prospect_id]
                    )
                )
            for check in data.composure:
                tx.put_composure(check)
        return DemoCounts(len(data.prospects), len(data.touches), len(data.targets))

    # ------------------------------------------------------------------ composure

    def composure_today(self) -> ComposureCheck | None:
        today = self.today
        found = self.store.composure(today, today)
        return found[0] if found else None

    def composure_prompt(self) -> Prompt:
        """The prompt for this morning, chosen by pace and situation, not repeated in 7 days."""
        from planner import composure as composure_engine

        today = self.today
        report = self.status()
        status = report.pace.status if report else "on_track"
        recent = [c.prompt_id for c in self.store.composure(today - timedelta(days=7), today)]
        situations: frozenset[Situation] = frozenset()
        if report is not None:
            period = report.target.period
            calendar = self.calendar_for(period)
            previous = calendar.previous_working_day(today)
            sales_before = None
            if previous is not None:
                sales_before = sum(
                    s.outcomes.get("sale", 0) for s in self.store.summaries(previous, previous)
                )
            situations = composure_engine.situations_for(today, period, calendar, sales_before)
        return composure_engine.choose_prompt(
            composure_engine.load_prompts(),
            today=today,
            status=status,
            situations=situations,
            recent_ids=recent,
        )

    def save_composure(
        self, prompt_id: str, rating: int | None, intent: str, *, skipped: bool = False
    ) -> ComposureCheck:
        from planner.composure import validate_check

        rating, intent = (None, "") if skipped else validate_check(rating, intent)
        check = ComposureCheck(
            day=self.today, prompt_id=prompt_id, rating=rating, intent=intent, skipped=skipped
        )
        with self.store.transaction("skip composure" if skipped else "answer composure") as tx:
            tx.put_composure(check)
        return check

    # Parallel pieces of work extend the service only inside their own section below, with
    # str_replace edits anchored on their own header, so their changes never collide.
    # ------------------------------------------------------------------ section: tui support

    def day_plan(self) -> DayPlan | None:
        """Today's planned queue as first built (prospect ids in order; None = a new lead)."""
        return self.store.plan(self.today)

    def fill_placeholder(self, slot: int, prospect_id: int) -> DayPlan | None:
        """Put the lead found for a "find a new lead" line into today's plan, so the line
        keeps showing who was called after a restart. Not undoable: undo reverts the touch."""
        today = self.today
        with self.store.transaction(f"plan {today}: lead #{prospect_id}", undoable=False) as tx:
            plan = self.store.plan(today)
            if plan is None or not 0 <= slot < len(plan.prospect_ids):
                return plan
            if plan.prospect_ids[slot] is not None or prospect_id in plan.prospect_ids:
                return plan
            ids = list(plan.prospect_ids)
            ids[slot] = prospect_id
            plan = dataclasses.replace(plan, prospect_ids=tuple(ids))
            tx.put_plan(plan)
        return plan

    def prospect_names(self) -> dict[int, str]:
        """Id -> name of every prospect (for the search box): one small derived file."""
        return self.store.prospect_names()

    def sales_by_day(self, start: date, end: date) -> dict[date, tuple[int, Decimal]]:
        """Sales count and summed amounts per day within [start, end]; days without sales
        are left out."""
        found: dict[date, tuple[int, Decimal]] = {}
        for summary in self.store.summaries(start, end):
            sales = summary.outcomes.get("sale", 0)
            if sales or summary.sales_amount:
                count, amount = found.get(summary.day, (0, Decimal(0)))
                found[summary.day] = (count + sales, amount + summary.sales_amount)
        return found

    def stage_counts(self, start: date, end: date) -> dict[Source, StageCounts]:
        """Touches, conversations, meetings and sales per source within [start, end]."""
        return stage_counts(self.store.summaries(start, end))

    def composure_checks(self, start: date, end: date) -> list[ComposureCheck]:
        """The morning answers within [start, end], oldest first."""
        return self.store.composure(start, end)

    # ------------------------------------------------------------------ section: review/export

    if TYPE_CHECKING:  # the review types are imported at run time only by the methods below
        from planner.review import AllRecords, Review

    def review(self, start: date, end: date, label: str | None = None) -> Review:
        """The review of ``start..end`` (cut at today), reading only the days it needs.

        That is the reviewed days' month partitions, the summary files of the target's
        period and of the four weeks before, and the prospect shards (raw, for check-ins).
        """
        from planner.review import ReviewError, ReviewInput, build_review, choose_target, window

        today = self.today
        try:
            win = window(start, end, today, label)
        except ReviewError as error:
            raise ServiceError(str(error)) from error
        settings = self.settings()
        targets = self.store.targets()
        chosen = [
            t
            for t in (
                choose_target(targets, win.start, win.end),
                choose_target(targets, win.next_start, win.next_end),
            )
            if t is not None
        ]
        first = min([win.trailing_start, *(t.period.start for t in chosen)])
        last_year = max([win.next_end.year, *(t.period.end.year for t in chosen)])
        touches = self.store.touches(win.start, win.end)
        check_in_day = max(today, win.next_start)
        prospects, candidates = self._review_prospects(
            {t.prospect_id for t in touches}, check_in_day, settings.cooloff_days
        )
        plans = {day: plan for day in win.days if (plan := self.store.plan(day)) is not None}
        return build_review(
            ReviewInput(
                window=win,
                today=today,
                settings=settings,
                calendar=self.calendar(range(first.year, last_year + 1)),
                targets=targets,
                summaries=self.store.summaries(first, win.end),
                touches=touches,
                prospects=prospects,
                candidates=candidates,
                plans=plans,
                composure=self.store.composure(win.trailing_start, win.end),
            )
        )

    def _review_prospects(
        self, wanted: set[int], check_in_day: date, cooloff_days: int
    ) -> tuple[dict[int, Prospect], list[Prospect]]:
        """The prospects of ``wanted`` ids, and the lost ones that may be due a check-in.

        Only lost, contactable, cooled-off prospects are decoded for the check-ins (the store
        filters before decoding), and the week's touched ones in one batch: decoding all
        20,000 prospects of heavy data would cost more than the rest of an export together.
        The review applies the queue's own eligibility rule to the candidates.
        """
        cutoff = check_in_day - timedelta(days=cooloff_days)
        candidates = self.store.prospects("lost", contacted_by=cutoff, contactable=True)
        found = self.store.prospects_by_id(wanted)
        return found, candidates

    def export_all(self) -> AllRecords:
        """Every record the seller entered, so they can always leave with their data."""
        from planner.review import AllRecords

        months = self.store.touch_months()
        touches: list[Touch] = []
        if months:
            year, month = (int(part) for part in months[-1].split("-"))
            after = date(year + month // 12, month % 12 + 1, 1)
            first = date.fromisoformat(f"{months[0]}-01")
            touches = self.store.touches(first, after - timedelta(days=1))
        composure = self.store.composure(date.min, date.max)
        # The store keeps plans by day and has no listing: ask for every day there was work.
        today = self.today
        days = [today - timedelta(days=366)]
        days += [t.day for t in touches[:1]] + [c.day for c in composure[:1]]
        day, last = min(days), max([today, *(t.day for t in touches[-1:])])
        plans: list[DayPlan] = []
        while day <= last:
            if (plan := self.store.plan(day)) is not None:
                plans.append(plan)
            day += timedelta(days=1)
        return AllRecords(
            settings=self.settings(),
            targets=tuple(self.targets()),
            prospects=tuple(self.prospects()),
            touches=tuple(touches),
            composure=tuple(composure),
            plans=tuple(plans),
        )

    # ------------------------------------------------------------------ section: crm import

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
        """Create or update prospects from a CRM export or planner's own prospect CSV.

        One atomic write: a file with bad rows imports nothing unless ``skip_bad_rows``;
        a dry run plans everything inside the transaction, then abandons it.
        """
        from planner.importers.gcpause import collector_paused

        with collector_paused():
            return self._import_prospects(
                path,
                source=source,
                maps=tuple(maps),
                dry_run=dry_run,
                skip_bad_rows=skip_bad_rows,
                date_order=date_order,
                progress=progress,
            )

    def _import_prospects(
        self,
        path: Path,
        *,
        source: str,
        maps: tuple[str, ...],
        dry_run: bool,
        skip_bad_rows: bool,
        date_order: DateOrder | None,
        progress: Progress | None,
    ) -> ProspectImport:
        from planner.importers.merge import plan_import
        from planner.importers.prospects import read_prospects
        from planner.importers.results import DryRunDone, ProspectImport, enforce_all_or_nothing

        found = read_prospects(
            path,
            today=self.today,
            source=source,
            maps=maps,
            date_order=date_order,
            progress=progress,
        )
        enforce_all_or_nothing(
            found.file,
            found.errors,
            len(found.drafts),
            skip_bad_rows=skip_bad_rows,
            left_out=found.ignored,
        )
        skipped = sorted([*found.errors, *found.ignored], key=lambda error: error.line)
        result: ProspectImport | None = None
        try:
            with self.store.transaction(f"import prospects from {found.file}") as tx:
                plan = plan_import(
                    tx.prospects(), found.drafts, lambda: tx.new_id("prospect"), progress
                )
                result = ProspectImport(
                    file=found.file,
                    label=found.label,
                    dry_run=dry_run,
                    new=tuple(plan.new),
                    updated=tuple(plan.updated),
                    unchanged=tuple(plan.unchanged),
                    skipped=tuple(skipped),
                    repeats=plan.repeats,
                    warnings=tuple(found.warnings),
                )
                if dry_run:
                    raise DryRunDone()
                for prospect in plan.writes():
                    tx.put_prospect(prospect)
        except DryRunDone:
            pass
        if result is None:  # pragma: no cover - the block above sets it or raises
            raise ServiceError(f"{found.file}: the import did not run")
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
        from planner.importers.gcpause import collector_paused

        with collector_paused():
            return self._import_activity(
                path,
                dry_run=dry_run,
                progress=progress,
                maps=tuple(maps),
                skip_bad_rows=skip_bad_rows,
                date_order=date_order,
            )

    def _import_activity(
        self,
        path: Path,
        *,
        dry_run: bool,
        progress: Progress | None,
        maps: tuple[str, ...],
        skip_bad_rows: bool,
        date_order: DateOrder | None,
    ) -> ActivityImport:
        from planner.importers.activity import read_activity
        from planner.importers.results import ActivityImport, DryRunDone, enforce_all_or_nothing
        from planner.importers.touches import stage_touches

        found = read_activity(
            path,
            timezone=self.settings().timezone,
            today=self.today,
            maps=maps,
            date_order=date_order,
            progress=progress,
        )
        enforce_all_or_nothing(
            found.file, found.errors, len(found.rows), skip_bad_rows=skip_bad_rows
        )
        rows = sorted(found.rows, key=lambda row: (row.at, row.line))
        result: ActivityImport | None = None
        try:
            with self.store.transaction(f"import activity from {found.file}") as tx:
                counts = stage_touches(tx, rows, dry_run=dry_run, progress=progress)
                result = ActivityImport(
                    found.file, dry_run, *counts, tuple(found.errors), tuple(found.warnings)
                )
                if dry_run:
                    raise DryRunDone()
        except DryRunDone:
            pass
        if result is None:  # pragma: no cover - the block above sets it or raises
            raise ServiceError(f"{found.file}: the import did not run")
        return result


# ---------------------------------------------------------------------- aggregation helpers


__all__ = [
    "AmbiguousProspectError",
    "DayTally",
    "LogResult",
    "PlannerService",
    "ServiceError",
    "StatusReport",
]
