"""Reads for the gauge, the tally and the cards: pace and funnel, touches, prospects."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from planner.daily import median_lead_days, sales_totals, stage_counts
from planner.diagnosis import diagnosis_detail
from planner.funnel import StageCounts, estimate_funnel
from planner.models import ComposureCheck, Prospect, ProspectStatus, Source, Target, Touch
from planner.service.context import ServiceContext
from planner.service.results import DayTally, StatusInputs, StatusReport


class Reader:
    """Answers from the store without writing anything."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context
        self._store = context.store

    def status_inputs(self, target: Target | None = None) -> StatusInputs | None:
        """What the status's numbers are computed from (the what-if reuses them); None when
        there is no target for today."""
        target = target or self._context.active_target()
        if target is None:
            return None
        today = self._context.today
        settings = self._context.settings()
        period = target.period
        calendar = self._context.calendar_for(period)
        last_day = min(today, period.end)
        summaries = (
            self._store.summaries(period.start, last_day) if last_day >= period.start else []
        )
        sale_count, priced, revenue = sales_totals(summaries)
        lead_window = self._store.summaries(today - timedelta(days=365), today)
        funnel = estimate_funnel(
            stage_counts(summaries), settings, lead_days=median_lead_days(lead_window)
        )
        return StatusInputs(
            target=target,
            today=today,
            settings=settings,
            calendar=calendar,
            sale_count=sale_count,
            priced_count=priced,
            revenue=revenue,
            funnel=funnel,
            evidence=None,
        )

    def status(self, target: Target | None = None) -> StatusReport | None:
        """Pace and funnel for the active target; None when there is no target for today."""
        inputs = self.status_inputs(target)
        if inputs is None:
            return None
        target, today, settings = inputs.target, inputs.today, inputs.settings
        sale_count, priced, revenue = inputs.sale_count, inputs.priced_count, inputs.revenue
        funnel = inputs.funnel
        average_sale = revenue / priced if priced else None
        pace = inputs.pace()
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

    def tally(self, day: date | None = None) -> DayTally:
        day = day or self._context.today
        counts = stage_counts(self._store.summaries(day, day))
        total = counts["new"] + counts["old"]
        return DayTally(total.touches, total.conversations, total.meetings, total.sales)

    def stage_counts(self, start: date, end: date) -> dict[Source, StageCounts]:
        """Touches, conversations, meetings and sales per source within [start, end]."""
        return stage_counts(self._store.summaries(start, end))

    def sales_by_day(self, start: date, end: date) -> dict[date, tuple[int, Decimal]]:
        """Sales count and summed amounts per day within [start, end]; days without sales
        are left out."""
        found: dict[date, tuple[int, Decimal]] = {}
        for summary in self._store.summaries(start, end):
            sales = summary.outcomes.get("sale", 0)
            if sales or summary.sales_amount:
                count, amount = found.get(summary.day, (0, Decimal(0)))
                found[summary.day] = (count + sales, amount + summary.sales_amount)
        return found

    def touches(self, start: date, end: date) -> list[Touch]:
        return self._store.touches(start, end)

    def history(self, prospect_id: int) -> list[Touch]:
        return self._store.touches_of(prospect_id)

    def prospects(self, status: ProspectStatus | None = None) -> list[Prospect]:
        return self._store.prospects(status)

    def prospect(self, prospect_id: int) -> Prospect | None:
        return self._store.prospect(prospect_id)

    def prospect_names(self) -> dict[int, str]:
        """Id -> name of every prospect (for the search box): one small derived file."""
        return self._store.prospect_names()

    def composure_today(self) -> ComposureCheck | None:
        today = self._context.today
        found = self._store.composure(today, today)
        return found[0] if found else None

    def composure_checks(self, start: date, end: date) -> list[ComposureCheck]:
        """The morning answers within [start, end], oldest first."""
        return self._store.composure(start, end)

    def has_data(self) -> bool:
        """Whether the seller has a target or any prospect here (settings alone do not count)."""
        return self._store.exists() and bool(self._store.targets() or self._store.prospect_names())
