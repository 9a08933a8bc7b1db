"""Plain-text renderings of the pace and the queue for the terminal (no colours, no Textual)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.formatting import amount_json, ratio
from planner.words import STATUS_WORDS, counted

if TYPE_CHECKING:  # `planner status` must not pay for importing the queue
    from planner.queue import DailyQueue
    from planner.service import StatusReport


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


def queue_lines(queue: DailyQueue, limit: int | None = None) -> list[str]:
    """Today's queue, one line per item, and the shortfall when capacity cannot close the gap."""
    lines = [
        f"Today's queue ({queue.today}): {len(queue.items)} of {queue.capacity} touches, "
        f"{counted(queue.planned_old, 'old check-in')} and {queue.planned_new} new; "
        f"{queue.expected_sales:.2f} expected sales against {queue.needed_sales:.2f} needed"
    ]
    if queue.shortfall > 0:
        lines.append(
            f"  Even a full day falls {queue.shortfall:.2f} sales short: "
            "the gap needs more days or better rates, not just more calls today."
        )
    shown = queue.items if limit is None else queue.items[:limit]
    for item in shown:
        who = item.prospect.name if item.prospect else "(a new lead)"
        lines.append(f"  {item.rank:>3}. [{item.source}] {who}: {item.reason}")
    if limit is not None and len(queue.items) > limit:
        lines.append(f"  ... and {len(queue.items) - limit} more (planner queue)")
    if not queue.items:
        lines.append(
            "  Nothing queued: add prospects (planner prospect add NAME), import them "
            "(planner prospect import FILE) or try demo data (planner demo)."
        )
    return lines
