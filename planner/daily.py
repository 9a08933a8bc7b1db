"""Totals over the per-day summaries: funnel counts, sales and lead times."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from planner.funnel import StageCounts
from planner.models import CONNECTED_OUTCOMES, MEETING_OUTCOMES, SOURCES, DaySummary, Source
from planner.stats import median


def stage_counts(summaries: Iterable[DaySummary]) -> dict[Source, StageCounts]:
    """Touches, conversations, meetings and sales per source (both sources always present)."""
    totals = {source: [0, 0, 0, 0] for source in SOURCES}
    for summary in summaries:
        bucket = totals[summary.source]
        for outcome, count in summary.outcomes.items():
            bucket[0] += count
            if outcome in CONNECTED_OUTCOMES:
                bucket[1] += count
            if outcome in MEETING_OUTCOMES:
                bucket[2] += count
            if outcome == "sale":
                bucket[3] += count
    return {
        source: StageCounts(touches=t, conversations=c, meetings=m, sales=s)
        for source, (t, c, m, s) in totals.items()
    }


def sales_totals(summaries: Iterable[DaySummary]) -> tuple[int, int, Decimal]:
    """(sales, sales with an amount, summed amount), as `planner status` counts them."""
    count = priced = 0
    revenue = Decimal(0)
    for summary in summaries:
        count += summary.outcomes.get("sale", 0)
        revenue += summary.sales_amount
        priced += summary.priced_sales
    return count, priced, revenue


def median_lead_days(summaries: Iterable[DaySummary]) -> dict[Source, float | None]:
    """Median days from the first touch of a cycle to its sale, per source."""
    by_source: dict[Source, list[int]] = {source: [] for source in SOURCES}
    for summary in summaries:
        by_source[summary.source].extend(summary.lead_days)
    return {source: median(values) for source, values in by_source.items()}


def first_worked_day(summaries: Iterable[DaySummary]) -> date | None:
    """The first day holding a logged call (any outcome but a sale): where the funnel's
    record starts. Sales logged by name before it teach the funnel nothing (DESIGN 2)."""
    for summary in summaries:
        if any(outcome != "sale" for outcome in summary.outcomes):
            return summary.day
    return None
