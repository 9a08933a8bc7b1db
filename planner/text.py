"""Plain-text renderings of the pace and the queue for the terminal (no colours, no Textual)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from planner.formatting import amount_json, figure, money, ratio
from planner.models import SOURCES
from planner.sanitize import one_line
from planner.words import (
    STATUS_WORDS,
    behind_size,
    behind_words,
    counted,
    lead_words,
    prior_words,
    rate_words,
)

if TYPE_CHECKING:  # `planner status` must not pay for importing the queue
    from planner.pacing import PaceReport
    from planner.service import DayView, StatusReport
    from planner.whatif import WhatIf


def status_lines(report: StatusReport) -> list[str]:
    """The gauge as a few lines of text: where the seller stands, how far from the plan in
    their unit, the forecast with its 80% interval and what it assumed, the funnel's rates
    with their intervals, and the diagnosis."""
    pace = report.pace
    target = report.target
    metric = target.metric
    amount = amount_json(target.amount, metric)
    actual = amount_json(pace.actual, metric)
    pace_text = ratio(pace.pace)
    carried = (
        f"; {counted(pace.carried_in, 'sale')} from before planner included"
        if pace.carried_in
        else ""
    )
    if pace.final:
        reached = "reached" if pace.actual >= target.amount else "not reached"
        return [
            f"{target.period.label} is over ({target.period.start} to {target.period.end}): "
            f"final result {actual} of {amount} {metric}, target {reached}{carried}",
            f"  pace {pace_text} - {STATUS_WORDS[pace.status]}; "
            f"{pace.working_days_total} working days",
            f"  set the next target: planner target set AMOUNT --period {report.today.year}",
        ]
    required = (
        f"{pace.required_per_day:.2f}/day" if pace.required_per_day is not None else "no days left"
    )
    behind = behind_words(pace.behind_by, behind_size(pace.behind_by, metric), pace.status)
    digits = 0 if metric == "sales" else 2
    low, high = figure(pace.projected_low, metric, digits), figure(pace.projected_high, metric, 0)
    lines = [
        f"{target.period.label}: {actual} of {amount} {metric} "
        f"(expected {pace.expected:.2f} by today, {report.today}){carried}",
        f"  {STATUS_WORDS[pace.status]}: {behind}",
        f"  pace {pace_text}; working days {pace.working_days_elapsed} done, "
        f"{pace.working_days_remaining} left; need {required}",
        f"  projected finish {figure(pace.projected, metric)} (80%: {low}-{high}), "
        f"chance to hit {pace.p_hit:.0%}",
        f"  {prior_words(pace.prior_source)}",
    ]
    if pace.pipeline.open_meetings:
        lines.append(f"  {_pipeline_text(report)}")
    if metric == "revenue":
        lines.append(f"  {_sale_value_text(report)}")
    lines.append("  sales per touch (80% interval), by source:")
    for source in SOURCES:
        stage = report.funnel[source]
        counts = stage.counts
        lines.append(
            f"    {source}: "
            f"{rate_words(stage.sale.estimate, stage.sale.low, stage.sale.high, 'per touch')}, "
            f"{lead_words(stage.lead_days)}; "
            f"{counted(counts.touches, 'touch', 'touches')}, {counted(counts.sales, 'sale')}"
        )
    lines.append(f"  {report.detail.summary()}")
    return lines


def _pipeline_text(report: StatusReport) -> str:
    pipeline = report.pace.pipeline
    meetings = counted(pipeline.open_meetings, "open meeting")
    if pipeline.expected_sales < 0.05:
        return f"pipeline: {meetings}, none likely to close inside the period"
    return f"pipeline: {meetings} worth {pipeline.expected_sales:.1f} expected sales"


def _sale_value_text(report: StatusReport) -> str:
    """Which value of a sale the revenue forecast assumed, and the sales without an amount."""
    pace = report.pace
    value = money_text(pace.sale_value)
    if report.average_sale_value is not None:
        text = (
            f"forecast assumes {value} a sale: the mean of "
            f"{counted(pace.priced_sales, 'sale')} with an amount"
        )
    else:
        text = f"forecast assumes {value} a sale: your default deal value (no amount logged yet)"
    if pace.unpriced_sales:
        text += (
            f"; {counted(pace.unpriced_sales, 'sale')} with no amount (they add nothing to revenue)"
        )
    return text


def money_text(value: float) -> str:
    return money(Decimal(str(round(value, 2))))


def queue_lines(view: DayView, limit: int | None = None) -> list[str]:
    """Today's stored plan, one line per item (done items marked ✓, snoozed ones z), the
    size in words, and the shortfall when capacity cannot close the gap."""
    queue = view.queue
    lines = [
        f"Today's queue ({queue.today}): "
        f"{counted(view.planned_old, 'old check-in')} and {view.planned_new} new; "
        f"{view.done} done, {view.left} left",
        f"  {view.size_words}",
    ]
    if queue.shortfall > 0:
        lines.append(
            f"  Even a full day falls {queue.shortfall:.2f} sales short: "
            "the gap needs more days or better rates, not just more calls today."
        )
    shown = view.lines if limit is None else view.lines[:limit]
    for line in shown:
        who = line.prospect.name if line.prospect else "(a new lead)"
        mark = "✓" if line.done else ("z" if line.snoozed_until else " ")
        rank = f"{line.rank:>3}." if line.rank is not None else "   -"
        tail = f" ({line.outcome})" if line.outcome else ""
        if line.snoozed_until:
            tail = f" (snoozed until {line.snoozed_until})"
        if line.follow_up and not line.reason.startswith("follow-up"):
            tail += f"; follow-up {line.follow_up}"
        text = f"{one_line(who)}: {one_line(line.reason)}{tail}"
        lines.append(f"  {mark}{rank} [{line.source}] {text}")
    if limit is not None and len(view.lines) > limit:
        lines.append(f"  ... and {len(view.lines) - limit} more (planner queue)")
    if not view.lines:
        lines.append(
            "  Nothing queued: add prospects (planner prospect add NAME), import them "
            "(planner prospect import FILE) or try demo data (planner demo)."
        )
    return lines


def whatif_lines(result: WhatIf) -> list[str]:
    """The what-if as text: the forecast under the assumptions beside today's, and what it
    would take."""
    today, scenario = result.today, result.scenario
    own, assumed = result.baseline.assumptions, result.assumptions
    metric = today.target.metric
    quota = amount_json(today.target.amount, metric)
    rows = [
        ("", "today", "with your changes"),
        ("touches a day", _touches(own.touches_per_day), _touches(assumed.touches_per_day)),
        ("connect rate", f"{own.connect_rate:.1%}", f"{assumed.connect_rate:.1%}"),
        ("close rate", f"{own.close_rate:.1%}", f"{assumed.close_rate:.1%}"),
        ("old share", f"{own.old_share:.0%}", f"{assumed.old_share:.0%}"),
    ]
    if own.deal_value is not None and assumed.deal_value is not None:
        rows.append(("deal value", money(own.deal_value), money(assumed.deal_value)))
    rows += [
        ("projected finish", _finish(today), _finish(scenario)),
        (f"chance to hit {quota}", f"{today.p_hit:.0%}", f"{scenario.p_hit:.0%}"),
    ]
    lines = [
        f"What if: {today.target.period.label}, {quota} {metric}, {today.today} "
        "(connect = conversations per touch, close = sales per conversation)"
    ]
    lines += [f"  {label:<18}{now:<22}{then}".rstrip() for label, now, then in rows]
    required = result.required_touches_per_day
    if required is None:
        capacity = result.baseline.capacity
        lines.append(
            f"  To hit {quota} with an even chance at these rates: "
            f"not within your capacity of {capacity} touches a day."
        )
    else:
        lines.append(
            f"  To hit {quota} with an even chance at these rates: "
            f"{counted(required, 'touch', 'touches')} a day."
        )
    lines.append(f"  {result.best_change}")
    return lines


def _finish(report: PaceReport) -> str:
    metric = report.target.metric
    return (
        f"{figure(report.projected, metric)} "
        f"({figure(report.projected_low, metric, 0)}-{figure(report.projected_high, metric, 0)})"
    )


def _touches(value: float) -> str:
    return f"{value:.0f}" if value == round(value) else f"{value:.1f}"
