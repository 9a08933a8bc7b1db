"""The stored day plan turned into lines for the front ends: who, why, and what is done."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from planner.models import Prospect, Touch
from planner.prospects import source_of
from planner.queue import DailyQueue
from planner.queue_reasons import PLACEHOLDER_REASON, size_words
from planner.service.results import DayView, PlanLine
from planner.store import DayPlan

OFF_QUEUE_REASON = "logged off the queue"
WORKED_REASON = "worked today"


def build_view(
    queue: DailyQueue,
    plan: DayPlan | None,
    touches: list[Touch],
    prospects: Mapping[int, Prospect],
    today: date,
) -> DayView:
    """The plan's lines in its order, each marked with today's last outcome, then the
    prospects touched today that the plan does not hold ("logged off the queue").

    Without a stored plan (no target yet) the fresh queue is shown as it is. A planned
    prospect removed since is left out; the ranks count the lines shown.
    """
    last_touch: dict[int, Touch] = {}
    for touch in touches:  # sorted by time: the last one wins
        last_touch[touch.prospect_id] = touch
    fresh = {i.prospect.id: i for i in queue.items if i.prospect is not None}
    if plan is not None:
        planned = plan.prospect_ids
    else:
        planned = tuple(i.prospect.id if i.prospect else None for i in queue.items)
        prospects = {**prospects, **{i.prospect.id: i.prospect for i in queue.items if i.prospect}}
    lines: list[PlanLine] = []
    for slot, pid in enumerate(planned):
        rank = len(lines) + 1
        if pid is None:
            lines.append(PlanLine(slot, rank, "new", None, PLACEHOLDER_REASON))
            continue
        prospect = prospects.get(pid)
        if prospect is None:
            continue
        done = last_touch.get(pid)
        item = fresh.get(pid)
        if done is not None:
            source = done.source
        else:
            source = item.source if item is not None else source_of(prospect)
        if done is not None:
            reason = WORKED_REASON  # the outcome says the rest
        else:
            reason = item.reason if item is not None else planned_reason(prospect, today)
        snoozed = prospect.snoozed_until
        if done is not None or snoozed is None or snoozed <= today:
            snoozed = None
        outcome = done.outcome if done is not None else None
        lines.append(PlanLine(slot, rank, source, prospect, reason, outcome, snoozed))
    in_plan = {pid for pid in planned if pid is not None}
    for pid, touch in last_touch.items():
        if pid in in_plan:
            continue
        prospect = prospects.get(pid) or Prospect(id=pid, name=f"#{pid}")
        lines.append(PlanLine(None, None, touch.source, prospect, OFF_QUEUE_REASON, touch.outcome))
    words = size_words(queue, sum(line.slot is not None for line in lines))
    return DayView(queue=queue, plan=plan, lines=tuple(lines), size_words=words)


def planned_reason(prospect: Prospect, today: date) -> str:
    """Why a line planned earlier is there, once the fresh queue (which drops a prospect
    once it is touched) no longer carries it."""
    if prospect.do_not_contact:
        return "marked do-not-contact since it was planned"
    if prospect.status == "won":
        return "bought since it was planned"
    if prospect.last_contact is None:
        since = "never contacted"
    else:
        days = (today - prospect.last_contact).days
        since = "today" if days <= 0 else ("1 day ago" if days == 1 else f"{days} days ago")
    if prospect.status == "lost":
        return f"planned today: said no {since}"
    if prospect.status == "active":
        return f"planned today: in play, last contact {since}"
    return f"planned today: new prospect, {since}"
