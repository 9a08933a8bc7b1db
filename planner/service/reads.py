"""Reads for the gauge, the tally and the cards: pace and funnel, touches, prospects."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from planner.calendar import WorkCalendar
from planner.daily import first_worked_day, median_lead_days, sales_totals, stage_counts
from planner.diagnosis import diagnosis_detail
from planner.forecast import OpenDeal, PastPeriod, SellerEvidence, beta_counts, lead_time_weight
from planner.funnel import FunnelReport, StageCounts, estimate_funnel
from planner.models import (
    SOURCES,
    ComposureCheck,
    DaySummary,
    Prospect,
    ProspectStatus,
    Settings,
    Source,
    Target,
    Touch,
)
from planner.pacing import PaceReport
from planner.prospects import source_of
from planner.service.context import ServiceContext
from planner.service.results import DayTally, StatusInputs, StatusReport
from planner.store import CorruptFileError

# An open deal whose meeting is older than twice the median lead time (at least this many
# days) has gone cold: it no longer counts in the pipeline.
OPEN_DEAL_DAYS = 30


class Reader:
    """Answers from the store without writing anything."""

    def __init__(self, context: ServiceContext, *, one_read: bool = False) -> None:
        """``one_read``: the Reader answers one command's questions about data that does not
        change meanwhile (the review's two mornings), so what a morning's evidence reads that
        does not depend on the morning is read once; a long-lived Reader reads it each time."""
        self._context = context
        self._store = context.store
        self._past: dict[Target, tuple[PastPeriod, ...]] | None = {} if one_read else None
        self._earlier: dict[date, tuple[int, int]] | None = {} if one_read else None
        # The last morning this Reader will be asked about (the review's closing one): the
        # first morning's open deals decode that morning's met prospects too, in one parse.
        self.last_morning: date | None = None

    def status_inputs(
        self, target: Target | None = None, *, closed: bool = False
    ) -> StatusInputs | None:
        """What the status's numbers are computed from (the what-if reuses them); None when
        there is no target for today.

        ``closed``: with no target for today, the most recent target whose period has ended
        (its pace is final).
        """
        target = target or self._context.active_target()
        if target is None and closed:
            target = self._context.last_closed_target()
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
        funnel, first_call = self._worked_funnel(summaries, settings, lead_window)
        return StatusInputs(
            target=target,
            today=today,
            settings=settings,
            calendar=calendar,
            sale_count=sale_count,
            priced_count=priced,
            revenue=revenue,
            funnel=funnel,
            evidence=self._evidence(target, calendar, summaries, funnel, first_call, today),
            first_call=first_call,
        )

    def status(self, target: Target | None = None, *, closed: bool = False) -> StatusReport | None:
        """Pace and funnel for the active target; None when there is no target for today.

        ``closed``: with no target for today, the most recent target whose period has ended,
        reported as final (``pace.final``): `planner status` after the period, the TUI's
        closed-period card.
        """
        inputs = self.status_inputs(target, closed=closed)
        if inputs is None:
            return None
        target, today, calendar = inputs.target, inputs.today, inputs.calendar
        first_call = inputs.first_call
        pace = inputs.pace()
        # The mean of the sales that carry an amount (carried-in ones when their total is
        # known), None before any: what a revenue forecast assumes a sale is worth.
        average_sale = None
        if pace.priced_sales:
            carried_amount = target.carried_in_amount if target.carried_in else None
            average_sale = (inputs.revenue + (carried_amount or 0)) / pace.priced_sales
        expected_sales = pace.expected / pace.sale_value if pace.sale_value else 0.0
        detail = diagnosis_detail(
            inputs.funnel,
            expected_sales_to_date=expected_sales * self._worked_share(pace, calendar, first_call),
            actual_sales=float(inputs.sale_count + (target.carried_in or 0)),
            pace_status=pace.status,
            settings=inputs.settings,
            days_elapsed=self._worked_days(calendar, first_call, today, target.period.end),
        )
        return StatusReport(
            today=today,
            target=target,
            pace=pace,
            funnel=inputs.funnel,
            diagnosis=detail.diagnosis,
            detail=detail,
            average_sale_value=average_sale,
        )

    def evidence(self, target: Target, as_of: date, through: date) -> SellerEvidence:
        """The forecast's evidence as `status` reads it on the morning of ``as_of``, counting
        the touches through ``through`` (the review's opening and closing mornings)."""
        period = target.period
        last = min(through, period.end)
        summaries = self._store.summaries(period.start, last) if last >= period.start else []
        lead_window = self._store.summaries(as_of - timedelta(days=365), through)
        funnel, first_call = self._worked_funnel(summaries, self._context.settings(), lead_window)
        calendar = self._context.calendar_for(period)
        return self._evidence(target, calendar, summaries, funnel, first_call, as_of, through)

    @staticmethod
    def _worked_funnel(
        summaries: list[DaySummary], settings: Settings, lead_window: list[DaySummary]
    ) -> tuple[FunnelReport, date | None]:
        """The period's funnel and the first day holding a logged call: the funnel learns from
        worked days only (sales logged by name before it, like carried-in sales, count in
        actual alone)."""
        first_call = first_worked_day(summaries)
        worked = [s for s in summaries if first_call is not None and s.day >= first_call]
        counts = stage_counts(worked)
        funnel = estimate_funnel(counts, settings, lead_days=median_lead_days(lead_window))
        return funnel, first_call

    @staticmethod
    def _worked_days(
        calendar: WorkCalendar, first_call: date | None, today: date, end: date
    ) -> int | None:
        """Working days from the first logged call to yesterday (the days touches had)."""
        if first_call is None or first_call >= today:
            return None
        return calendar.count(first_call, min(today - timedelta(days=1), end)) or None

    @staticmethod
    def _worked_share(pace: PaceReport, calendar: WorkCalendar, first_call: date | None) -> float:
        """The share of the expected sales to date that fell on days the seller logged calls:
        a mid-period starter's touches are compared with the plan of their own days."""
        elapsed = pace.working_days_elapsed
        if not elapsed or first_call is None:
            return 1.0 if first_call is not None else 0.0
        start = pace.target.period.start
        before = calendar.count(start, first_call - timedelta(days=1)) if first_call > start else 0
        return max(0.0, (elapsed - before) / elapsed)

    def _evidence(
        self,
        target: Target,
        calendar: WorkCalendar,
        summaries: list[DaySummary],
        funnel: FunnelReport,
        first_call: date | None,
        today: date,
        through: date | None = None,
    ) -> SellerEvidence:
        """What the seller's own record says about their sale rate (planner.forecast), on
        the morning of ``today`` with the touches through ``through`` (default today)."""
        settings = self._context.settings()
        period = target.period
        last_day = min(today if through is None else through, period.end)
        touches = funnel.totals.touches
        touch_days = calendar.count(first_call, last_day) if first_call is not None else 0
        # The sale rate per touch known before this period: the plan, plus the year before.
        mix = {source: funnel[source].counts.touches for source in SOURCES}
        planned = {source: settings.stage_priors(source).sale for source in SOURCES}
        p0 = (
            sum(mix[s] * planned[s] for s in SOURCES) / sum(mix.values())
            if sum(mix.values())
            else planned["new"]
        )
        earlier_touches, earlier_sales = self._earlier_counts(period.start)
        a, b = beta_counts(
            p0, settings.prior_strength, sales=earlier_sales, touches=earlier_touches
        )
        # The record: the whole period when the seller said what was sold before, else from
        # the first logged touch of any kind.
        record_days: int | None = None
        if target.carried_in is None:
            first_logged = summaries[0].day if summaries else None
            if first_logged is None or first_logged >= today:
                record_days = 0
            elif first_logged > period.start:
                record_days = calendar.count(first_logged, min(today - timedelta(1), period.end))
        return SellerEvidence(
            touches=touches,
            touch_days=touch_days,
            p_sale_a=a,
            p_sale_b=b,
            capacity=float(settings.capacity),
            past_periods=self._past_periods(target),
            open_meetings=(
                self._open_meetings(target, funnel, today) if today <= period.end else ()
            ),
            record_days=record_days,
        )

    def _past_periods(self, target: Target) -> tuple[PastPeriod, ...]:
        """Earlier periods of the seller (targets that ended before this one began), each
        with its sales (carried-in included) over the working days it has a record of."""
        if self._past is None:
            return self._read_past_periods(target)
        if (known := self._past.get(target)) is None:
            known = self._past[target] = self._read_past_periods(target)
        return known

    def _earlier_counts(self, start: date) -> tuple[int, int]:
        """(touches, sales) of the year before a period starting on ``start``."""
        if self._earlier is not None and (known := self._earlier.get(start)) is not None:
            return known
        touches, sales, _ = self._store.counts_between(
            start - timedelta(days=365), start - timedelta(days=1)
        )
        if self._earlier is not None:
            self._earlier[start] = (touches, sales)
        return touches, sales

    def _read_past_periods(self, target: Target) -> tuple[PastPeriod, ...]:
        found: dict[tuple[date, date], PastPeriod] = {}
        for earlier in self._context.targets():
            span = earlier.period
            if span.end >= target.period.start or (span.start, span.end) in found:
                continue
            sales, first_day = self._store.sales_between(span.start, span.end)
            if first_day is None and not earlier.carried_in:
                continue  # no record of that period at all: it says nothing about the seller
            calendar = self._context.calendar_for(span)
            begin = span.start if earlier.carried_in is not None or first_day is None else first_day
            found[span.start, span.end] = PastPeriod(
                sales=sales + (earlier.carried_in or 0),
                working_days=calendar.count(begin, span.end),
            )
        return tuple(found.values())

    def _open_meetings(
        self, target: Target, funnel: FunnelReport, today: date
    ) -> tuple[OpenDeal, ...]:
        """Prospects still in play (active, not do-not-contact, best stage a meeting) with a
        meeting logged within twice the median lead time (at least ``OPEN_DEAL_DAYS`` days),
        each with its chance to close inside the period (the prospects as they are now: a
        past morning's pipeline is not kept). Found through the recent meeting touches and the
        store's small open shards, so that `planner status` parses no prospect shard."""
        days_left = (target.period.end - today).days + 1
        leads = [lead for s in SOURCES if (lead := funnel[s].lead_days) is not None]
        window = max(OPEN_DEAL_DAYS, round(2 * max(leads, default=0)))
        try:
            met = self._store.met_between(today - timedelta(days=window), today)
            ahead: set[int] = set()
            if self.last_morning is not None and self.last_morning > today:
                ahead = self._store.met_between(today, self.last_morning)
            found = self._store.open_prospects(met, ahead=ahead)
            if found is None:  # a data dir from before the open shards: their own shards
                found = self._store.prospects_by_id(met)
        except CorruptFileError:
            # The pace comes from the day summaries; a damaged month or shard costs the
            # forecast its pipeline, not the seller their status (doctor names the file).
            return ()
        deals: list[OpenDeal] = []
        for prospect in found.values():
            if prospect.status != "active" or prospect.best_stage != "meeting":
                continue
            if prospect.do_not_contact:
                continue
            stage = funnel[source_of(prospect)]
            since = (today - prospect.cycle_start).days if prospect.cycle_start else 0
            weight = lead_time_weight(stage.lead_days, since, days_left)
            deals.append(OpenDeal(p_close=stage.close.estimate, weight=weight))
        return tuple(deals)

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
