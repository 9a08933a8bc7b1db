"""Plain-text renderings of the pace and the queue for the terminal (no colours, no Textual)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.formatting import amount_json, figure, money, ratio
from planner.sanitize import one_line
from planner.words import STATUS_WORDS, counted

if TYPE_CHECKING:  # `planner status` must not pay for importing the queue
    from planner.pacing import PaceReport
    from planner.service import DayView, StatusReport
    from planner.whatif import WhatIf


def status_lines(report: StatusReport) -> list[str]:
    """The gauge as a few lines of text."""
    pace = report.pace
    target = report.target
    metric = target.metric
    amount = amount_json(target.amount, metric)
    actual = amount_json(pace.actual, metric)
    pace_text = ratio(pace.pace)
    required = (
        f"{pace.required_per_day:.2f}/day" if pace.required_per_day is not None else "no days left"
    )
    lines = [
        f"{target.period.label}: {actual} of {amount} {metric} "
        f"(expected {pace.expected:.2f} by today, {report.today})",
        f"  pace {pace_text} - {STATUS_WORDS[pace.status]}; "
        f"working days {pace.working_days_elapsed} done, {pace.working_days_remaining} left",
        f"  need {required}; projected finish {pace.projected:.1f} "
        f"(80%: {pace.projected_low:.1f}-{pace.projected_high:.1f}), "
        f"chance to hit {pace.p_hit:.0%}",
        f"  {report.detail.summary()}",
    ]
    return lines


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
