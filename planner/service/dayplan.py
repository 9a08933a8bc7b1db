"""Today's queue (a pure read), the day plan stored from it at the day's first look, and its
rebuild when what it was built from changes."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, timedelta

from planner.daily import stage_counts
from planner.funnel import estimate_funnel
from planner.models import BasisItem, Prospect, QueueBasis, Source, Touch
from planner.queue import DailyQueue, QueueItem, build_queue, needed_sales_per_day
from planner.service.context import ServiceContext
from planner.service.dayview import build_view
from planner.service.reads import Reader
from planner.service.results import DayView, PlannedDay, StatusReport
from planner.store import DayPlan


class DayPlanner:
    """Builds the day's queue from the gap, keeps the first one of the day as its plan, and
    rebuilds that plan (done items kept) when its inputs change."""

    def __init__(self, context: ServiceContext, reader: Reader) -> None:
        self._context = context
        self._store = context.store
        self._reader = reader

    def queue(self, report: StatusReport | None = None) -> DailyQueue:
        """Today's action queue, sized from the gap; reads only (see ``plan_today``)."""
        report = report or self._reader.status()
        settings = self._context.settings()
        today = self._context.today
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
        prospects = self._store.prospects()
        return build_queue(
            prospects=prospects,
            funnel=funnel,
            needed_sales=needed,
            settings=settings,
            today=today,
            period_end=period_end,
            follow_up_notes=self._follow_up_notes(prospects),
        )

    def _follow_up_notes(self, prospects: Sequence[Prospect]) -> dict[int, str]:
        """The note of the last touch of each prospect with a due follow-up: the reason it
        was booked ("demo Thursday 2pm"). That touch is on its last-contact day, so one
        day's touches are read per date, never the whole history."""
        today = self._context.today
        days = {
            p.last_contact
            for p in prospects
            if p.follow_up is not None and p.follow_up <= today and p.last_contact is not None
        }
        notes: dict[int, str] = {}
        for day in days:
            for touch in self._store.touches(day, day):  # sorted: the last one wins
                notes[touch.prospect_id] = touch.note
        return notes

    def plan_today(self, report: StatusReport | None = None) -> PlannedDay:
        """Today's queue, stored as the day's plan when today has none yet.

        The plan is kept only once there is a target to plan against and the queue has
        items: a queue shown before `init` would otherwise freeze a floor-sized plan for
        the whole day. The first plan stored wins, also against another process.
        """
        generation = self._store.generation()  # what the queue is built from
        report = report or self._reader.status()
        queue = self.queue(report)
        today = self._context.today
        plan = self._store.plan(today)
        if report is None or not queue.items or plan is not None:
            return PlannedDay(queue, plan, stored=False)
        if self._store.read_only():  # a read-only data dir: show the queue, store no plan
            return PlannedDay(queue, None, stored=False)
        fresh = _plan_of(queue)
        with self._store.transaction(f"plan {today}", undoable=False) as tx:
            plan = self._store.plan(today)
            if plan is None:
                fresh = dataclasses.replace(
                    fresh, basis=_basis_of(queue, tx.generation(), generation)
                )
                tx.put_plan(fresh)
        if plan is not None:  # another process planned the day meanwhile
            return PlannedDay(queue, plan, stored=False)
        return PlannedDay(queue, fresh, stored=True)

    def view(self, report: StatusReport | None = None) -> DayView:
        """Today's plan line by line (planned at this first look if need be): what the CLI
        prints and the TUI draws, so both show the same people in the same order."""
        today = self._context.today
        stored = self._stored_view(today)
        if stored is not None:
            return stored
        queue, plan, _ = self.plan_today(report)
        touches = self._store.touches(today, today)
        wanted = {pid for pid in plan.prospect_ids if pid is not None} if plan else set()
        wanted |= {t.prospect_id for t in touches}
        known = self._store.prospects_by_id(wanted) if wanted else {}
        return build_view(queue, plan, touches, known, today)

    def _stored_view(self, today: date) -> DayView | None:
        """The day view from today's plan alone, when nothing was committed since the plan
        was written: its stored basis is then the queue a fresh build would give, so only
        the plan's prospects are read, not every prospect. None: build the queue."""
        generation = self._store.generation()  # before the plan: a later plan won't match
        plan = self._store.plan(today)
        basis = plan.basis if plan is not None else None
        if plan is None or basis is None or basis.generation != generation:
            return None
        touches = self._store.touches(today, today)
        wanted = {pid for pid in plan.prospect_ids if pid is not None}
        wanted |= {i.prospect_id for i in basis.items if i.prospect_id is not None}
        wanted |= {t.prospect_id for t in touches}
        known = self._store.prospects_by_id(wanted) if wanted else {}
        items: list[QueueItem] = []
        for item in basis.items:
            prospect = known.get(item.prospect_id) if item.prospect_id is not None else None
            if item.prospect_id is not None and prospect is None:
                return None  # cannot be at the same generation; build the queue to be safe
            items.append(QueueItem(item.rank, item.source, prospect, item.reason, item.score))
        queue = DailyQueue(
            today=today,
            capacity=basis.capacity,
            needed_sales=basis.needed_sales,
            expected_sales=basis.expected_sales,
            planned_old=basis.planned_old,
            planned_new=basis.planned_new,
            shortfall=basis.shortfall,
            items=tuple(items),
            follow_ups=basis.follow_ups,
            follow_ups_waiting=basis.follow_ups_waiting,
            need_size=basis.need_size,
            floor_size=basis.floor_size,
        )
        return build_view(queue, plan, touches, known, today)

    def rebuild(self, report: StatusReport | None = None, *, force: bool = False) -> bool:
        """Build today's plan again from the prospects as they are now. Items already done
        keep their places; the other places take the fresh queue in its order, and what is
        left of it follows, never beyond the capacity. Without ``force`` only a day that
        has a plan is rebuilt: a day not looked at yet is planned at its first look.
        True when a plan was written."""
        today = self._context.today
        if self._store.read_only() or (not force and self._store.plan(today) is None):
            return False
        generation = self._store.generation()  # what the queue is built from
        report = report or self._reader.status()
        if report is not None:
            queue = self.queue(report)
            with self._store.transaction(f"plan {today} again", undoable=False) as tx:
                plan = self._store.plan(today)
                touched = {t.prospect_id: t for t in tx.touches(today, today)}
                fresh = [
                    i for i in queue.items if i.prospect is None or i.prospect.id not in touched
                ]
                ids, sources, used = _fill(plan.prospect_ids if plan else (), touched, fresh)
                room = max(0, queue.capacity - len(ids))
                for item in fresh[used:][:room]:
                    ids.append(item.prospect.id if item.prospect else None)
                    sources.append(item.source)
                if ids or plan is not None:
                    old = sources.count("old")
                    basis = _basis_of(queue, tx.generation(), generation)
                    tx.put_plan(DayPlan(today, old, len(ids) - old, tuple(ids), basis))
                    return True
        return False

    def day_plan(self) -> DayPlan | None:
        """Today's stored plan (prospect ids in order; None = a new lead)."""
        return self._store.plan(self._context.today)

    def fill_placeholder(self, slot: int, prospect_id: int) -> DayPlan | None:
        """Put the lead found for a "find a new lead" line into today's plan, so the line
        keeps showing who was called after a restart. Not undoable: undo reverts the touch."""
        today = self._context.today
        with self._store.transaction(f"plan {today}: lead #{prospect_id}", undoable=False) as tx:
            plan = self._store.plan(today)
            if plan is None or not 0 <= slot < len(plan.prospect_ids):
                return plan
            if plan.prospect_ids[slot] is not None or prospect_id in plan.prospect_ids:
                return plan
            ids = list(plan.prospect_ids)
            ids[slot] = prospect_id
            plan = dataclasses.replace(plan, prospect_ids=tuple(ids))
            tx.put_plan(plan)
        return plan


def _plan_of(queue: DailyQueue) -> DayPlan:
    return DayPlan(
        day=queue.today,
        planned_old=queue.planned_old,
        planned_new=queue.planned_new,
        prospect_ids=tuple(i.prospect.id if i.prospect else None for i in queue.items),
    )


def _basis_of(queue: DailyQueue, now: int, built_at: int) -> QueueBasis | None:
    """The queue's basis for the plan a transaction at generation ``now`` writes, when the
    queue was built at that same generation (else another process committed meanwhile and
    the next look builds the queue again). The commit makes it ``now + 1``."""
    if now != built_at:
        return None
    return QueueBasis(
        generation=now + 1,
        capacity=queue.capacity,
        needed_sales=queue.needed_sales,
        expected_sales=queue.expected_sales,
        planned_old=queue.planned_old,
        planned_new=queue.planned_new,
        shortfall=queue.shortfall,
        items=tuple(
            BasisItem(i.rank, i.source, i.prospect.id if i.prospect else None, i.reason, i.score)
            for i in queue.items
        ),
        follow_ups=queue.follow_ups,
        follow_ups_waiting=queue.follow_ups_waiting,
        need_size=queue.need_size,
        floor_size=queue.floor_size,
    )


def _fill(
    planned: tuple[int | None, ...], touched: dict[int, Touch], fresh: list[QueueItem]
) -> tuple[list[int | None], list[Source], int]:
    """The old plan's places: done ones kept, the others filled from ``fresh`` in order;
    the ids, their sources, and how many of ``fresh`` were used."""
    ids: list[int | None] = []
    sources: list[Source] = []
    seen: set[int] = set()
    queue_position = 0
    for pid in planned:
        if pid is not None and pid in touched:
            if pid not in seen:
                ids.append(pid)
                sources.append(touched[pid].source)
                seen.add(pid)
        elif queue_position < len(fresh):
            item = fresh[queue_position]
            queue_position += 1
            ids.append(item.prospect.id if item.prospect else None)
            sources.append(item.source)
    return ids, sources, queue_position
