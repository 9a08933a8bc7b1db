"""Next week: the rate it needs and the old prospects to check in with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from planner.models import LostReason, Metric, Stage, Target
from planner.queue import is_eligible_old, old_prospect_score
from planner.review.inputs import ReviewInput
from planner.review.pace import TargetReview, snapshot
from planner.review.window import choose_target

CHECK_INS = 5


@dataclass(frozen=True, slots=True)
class CheckIn:
    prospect_id: int
    prospect: str
    company: str
    lost_reason: LostReason | None
    last_contact: date | None
    best_stage: Stage
    conversations: int
    value: Decimal | None
    score: float


@dataclass(frozen=True, slots=True)
class NextWeek:
    start: date
    end: date
    target_id: int | None
    metric: Metric | None
    working_days: int  # next week's working days inside the target's period
    required_per_day: float | None
    needed: float | None  # required_per_day * working_days
    check_in_day: date
    check_ins: tuple[CheckIn, ...]


def next_week(data: ReviewInput, target: Target | None, review: TargetReview | None) -> NextWeek:
    win = data.window
    chosen, required = target, review.end.required_per_day if review else None
    if target is None or target.period.end < win.next_start:
        # The period is over by next week: next week answers to the target that covers it.
        chosen = choose_target(data.targets, win.next_start, win.next_end)
        required = None
        if chosen is not None:
            opening = max(win.next_start, chosen.period.start)
            through = min(win.end, opening - timedelta(days=1))
            required = snapshot(data, chosen, opening, through).required_per_day
    working = 0
    if chosen is not None:
        low = max(win.next_start, chosen.period.start)
        working = data.calendar.count(low, min(win.next_end, chosen.period.end))
    check_day = max(data.today, win.next_start)
    return NextWeek(
        start=win.next_start,
        end=win.next_end,
        target_id=chosen.id if chosen else None,
        metric=chosen.metric if chosen else None,
        working_days=working,
        required_per_day=required,
        needed=required * working if required is not None else None,
        check_in_day=check_day,
        check_ins=check_ins(data, check_day),
    )


def check_ins(data: ReviewInput, day: date) -> tuple[CheckIn, ...]:
    cooloff = data.settings.cooloff_days
    eligible = [p for p in data.candidates if is_eligible_old(p, day, cooloff)]
    # Highest score first; the older record wins a tie, as in the queue.
    eligible.sort(key=lambda p: (-old_prospect_score(p, day), p.id))
    return tuple(
        CheckIn(
            prospect_id=p.id,
            prospect=p.name,
            company=p.company,
            lost_reason=p.lost_reason,
            last_contact=p.last_contact,
            best_stage=p.best_stage,
            conversations=p.conversations,
            value=p.value,
            score=old_prospect_score(p, day),
        )
        for p in eligible[:CHECK_INS]
    )
