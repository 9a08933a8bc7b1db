"""Today's queue (a pure read) and the day plan stored from it (the one explicit write)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from planner.daily import stage_counts
from planner.funnel import estimate_funnel
from planner.queue import DailyQueue, build_queue, needed_sales_per_day
from planner.service.context import ServiceContext
from planner.service.reads import Reader
from planner.service.results import PlannedDay, StatusReport
from planner.store import DayPlan


class DayPlanner:
    """Builds the day's queue from the gap, and keeps the first one of the day as its plan."""

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
        return build_queue(
            prospects=self._store.prospects(),
            funnel=funnel,
            needed_sales=needed,
            settings=settings,
            today=today,
            period_end=period_end,
        )

    def plan_today(self, report: StatusReport | None = None) -> PlannedDay:
        """Today's queue, stored as the day's plan when today has none yet.

        The plan is kept only once there is a target to plan against and the queue has
        items: a queue shown before `init` would otherwise freeze a floor-sized plan for
        the whole day. The first plan stored wins, also against another process.
        """
        report = report or self._reader.status()
        queue = self.queue(report)
        today = self._context.today
        plan = self._store.plan(today)
        if report is None or not queue.items or plan is not None:
            return PlannedDay(queue, plan, stored=False)
        if self._store.read_only():  # a read-only data dir: show the queue, store no plan
            return PlannedDay(queue, None, stored=False)
        fresh = DayPlan(
            day=today,
            planned_old=queue.planned_old,
            planned_new=queue.planned_new,
            prospect_ids=tuple(i.prospect.id if i.prospect else None for i in queue.items),
        )
        with self._store.transaction(f"plan {today}", undoable=False) as tx:
            plan = self._store.plan(today)
            if plan is None:
                tx.put_plan(fresh)
        if plan is not None:  # another process planned the day meanwhile
            return PlannedDay(queue, plan, stored=False)
        return PlannedDay(queue, fresh, stored=True)

    def day_plan(self) -> DayPlan | None:
        """Today's planned queue as first built (prospect ids in order; None = a new lead)."""
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
