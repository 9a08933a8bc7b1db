"""The today screen's data: one snapshot read from the service, and the optimistic edits
that make a logged key show at once while the worker stores it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from planner.models import (
    CONNECTED_OUTCOMES,
    MEETING_OUTCOMES,
    ComposureCheck,
    Outcome,
    Prospect,
    Source,
    Target,
    Touch,
)

if TYPE_CHECKING:
    from planner.composure import Prompt
    from planner.models import DayPlan
    from planner.queue import DailyQueue, QueueItem
    from planner.service import DayTally, PlannerService, StatusReport

PLACEHOLDER_REASON = "prospecting: find a new lead"
OFF_QUEUE_REASON = "logged off the queue"


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One line of the day's queue as shown: planned (``slot`` set) or logged off the queue."""

    key: str
    slot: int | None
    rank: int | None
    source: Source
    prospect_id: int | None
    name: str | None  # None: a "find a new lead" line
    reason: str
    outcome: Outcome | None = None
    pending: bool = False
    snoozed_until: date | None = None

    @property
    def done(self) -> bool:
        return self.outcome is not None or self.snoozed_until is not None


@dataclass(frozen=True, slots=True)
class TodaySnapshot:
    """Everything the today screen shows, read in one worker pass."""

    today: date
    generation: int
    target: Target | None
    report: StatusReport | None
    tally: DayTally
    planned_old: int
    planned_new: int
    shortfall: float
    capacity: int
    expected_sales: float
    rows: tuple[QueueRow, ...]
    prospect_count: int
    composure: ComposureCheck | None
    prompt: Prompt | None  # only fetched while today's check is missing

    @property
    def planned(self) -> int:
        return self.planned_old + self.planned_new

    def row(self, key: str) -> QueueRow | None:
        return next((r for r in self.rows if r.key == key), None)


def load_today(service: PlannerService) -> TodaySnapshot:
    """Read today's picture (runs in a worker: every call here may touch the disk)."""
    generation = service.change_counter()
    today = service.today
    report = service.status()
    touches = service.touches(today, today)
    composure = service.composure_today()
    prompt = service.composure_prompt() if composure is None else None
    common = {
        "today": today,
        "generation": generation,
        "report": report,
        "tally": service.tally(),
        "prospect_count": len(service.prospect_names()),
        "composure": composure,
        "prompt": prompt,
    }
    if report is None:
        # No target yet: the day is not planned, or the plan would be frozen before the
        # setup form has said what the day needs. A period just ended shows its final
        # result on the gauge, with a nudge to set the next target.
        common["report"] = service.status(closed=True)
        return TodaySnapshot(
            target=None,
            planned_old=0,
            planned_new=0,
            shortfall=0.0,
            capacity=service.settings().capacity,
            expected_sales=0.0,
            rows=build_rows(None, None, touches, service),
            **common,  # type: ignore[arg-type]
        )
    queue, plan, stored = service.plan_today(report)  # on its first call, a write of our own
    after = service.change_counter()
    if after == generation + stored:
        common["generation"] = after  # nobody else wrote meanwhile: no reload for it
    return TodaySnapshot(
        target=report.target,
        planned_old=plan.planned_old if plan else queue.planned_old,
        planned_new=plan.planned_new if plan else queue.planned_new,
        shortfall=queue.shortfall,
        capacity=queue.capacity,
        expected_sales=queue.expected_sales,
        rows=build_rows(queue, plan, touches, service),
        **common,  # type: ignore[arg-type]
    )


def build_rows(
    queue: DailyQueue | None,
    plan: DayPlan | None,
    touches: list[Touch],
    service: PlannerService,
) -> tuple[QueueRow, ...]:
    """The plan's lines in their morning order, each marked with today's last outcome.

    The queue engine drops a prospect once it is touched, so the plan (kept by the store
    once a day) holds the order, and the fresh queue only lends reasons to what is left.
    Prospects touched today but not planned follow as "logged off the queue" lines.
    """
    last_outcome: dict[int, Touch] = {}
    for touch in touches:
        last_outcome[touch.prospect_id] = touch
    items = queue.items if queue is not None else ()
    today = service.today
    fresh = {i.prospect.id: i for i in items if i.prospect is not None}
    planned_ids: tuple[int | None, ...]
    if plan is not None:
        planned_ids = plan.prospect_ids
    else:
        planned_ids = tuple(i.prospect.id if i.prospect else None for i in items)
    rows: list[QueueRow] = []
    for slot, pid in enumerate(planned_ids):
        if pid is None:
            rows.append(
                QueueRow(f"slot-{slot}", slot, slot + 1, "new", None, None, PLACEHOLDER_REASON)
            )
            continue
        rows.append(_planned_row(slot, pid, fresh, last_outcome, service, today))
    planned = {pid for pid in planned_ids if pid is not None}
    for pid, touch in last_outcome.items():
        if pid in planned:
            continue
        prospect = service.prospect(pid)
        rows.append(
            QueueRow(
                key=f"extra-{pid}",
                slot=None,
                rank=None,
                source=touch.source,
                prospect_id=pid,
                name=prospect.name if prospect else f"#{pid}",
                reason=OFF_QUEUE_REASON,
                outcome=touch.outcome,
            )
        )
    return tuple(rows)


def _planned_row(
    slot: int,
    pid: int,
    fresh: dict[int, QueueItem],
    last_outcome: dict[int, Touch],
    service: PlannerService,
    today: date,
) -> QueueRow:
    item = fresh.get(pid)
    touch = last_outcome.get(pid)
    if item is not None and item.prospect is not None:
        prospect = item.prospect
        source: Source = item.source
        reason = item.reason
    else:
        found = service.prospect(pid)
        if found is None:
            return QueueRow(f"slot-{slot}", slot, slot + 1, "new", pid, f"#{pid}", "deleted")
        prospect = found
        source = touch.source if touch else ("old" if prospect.status == "lost" else "new")
        reason = planned_reason(prospect, today)
    snoozed = prospect.snoozed_until if touch is None else None
    if snoozed is not None and snoozed <= today:
        snoozed = None
    return QueueRow(
        key=f"slot-{slot}",
        slot=slot,
        rank=slot + 1,
        source=source,
        prospect_id=pid,
        name=prospect.name,
        reason=reason,
        outcome=touch.outcome if touch else None,
        snoozed_until=snoozed,
    )


def planned_reason(prospect: Prospect, today: date) -> str:
    """Why a line planned this morning is there, once the engine's fresh queue (sized for
    what is left of the day) no longer carries it."""
    if prospect.do_not_contact:
        return "marked do-not-contact since this morning"
    if prospect.status == "won":
        return "bought since this morning"
    if prospect.last_contact is None:
        since = "never contacted"
    else:
        days = (today - prospect.last_contact).days
        since = "today" if days <= 0 else ("1 day ago" if days == 1 else f"{days} days ago")
    if prospect.status == "lost":
        return f"planned this morning: said no {since}"
    if prospect.status == "active":
        return f"planned this morning: in play, last contact {since}"
    return f"planned this morning: new prospect, {since}"


# ---------------------------------------------------------------- optimistic edits


def with_outcome(
    snapshot: TodaySnapshot, key: str, outcome: Outcome, amount: Decimal | None
) -> TodaySnapshot:
    """The snapshot as it will be once the touch is stored: row marked, tally and pace moved.

    Only the figures that follow from arithmetic move now (actual, pace, status, remaining,
    required per day); the forecast waits for the worker's recomputed report.
    """
    rows = tuple(
        dataclasses.replace(r, outcome=outcome, pending=True, snoozed_until=None)
        if r.key == key
        else r
        for r in snapshot.rows
    )
    tally = snapshot.tally
    # Built by keyword through its own type: the service may define it as a dataclass or
    # a named tuple.
    tally = type(tally)(
        touches=tally.touches + 1,
        conversations=tally.conversations + (outcome in CONNECTED_OUTCOMES),
        meetings=tally.meetings + (outcome in MEETING_OUTCOMES),
        sales=tally.sales + (outcome == "sale"),
    )
    report = snapshot.report
    if report is not None and outcome == "sale":
        report = _with_sale(report, amount)
    return dataclasses.replace(snapshot, rows=rows, tally=tally, report=report)


def _with_sale(report: StatusReport, amount: Decimal | None) -> StatusReport:
    from planner.pacing import status_for  # pacing pulls in the calendar: not at start-up

    pace = report.pace
    # A sale without an amount adds nothing to revenue.
    gained = Decimal(1) if report.target.metric == "sales" else amount or Decimal(0)
    if not report.target.period.contains(report.today):
        return report
    actual = pace.actual + gained
    expected = pace.expected
    ratio = float(actual) / expected if expected > 0 else None
    remaining = max(Decimal(0), report.target.amount - actual)
    days_left = pace.working_days_remaining
    if days_left > 0:
        required: float | None = float(remaining) / days_left
    else:
        required = 0.0 if remaining == 0 else None
    moved = dataclasses.replace(
        pace,
        actual=actual,
        pace=ratio,
        status=status_for(ratio, actual=actual, expected=expected, sale_value=pace.sale_value),
        gap=expected - float(actual),
        behind_by=expected - float(actual),
        remaining=remaining,
        required_per_day=required,
    )
    return dataclasses.replace(report, pace=moved)


def with_row(snapshot: TodaySnapshot, row: QueueRow) -> TodaySnapshot:
    """Replace the row with the same key, or add it at the end (a touch off the queue)."""
    if snapshot.row(row.key) is None:
        return dataclasses.replace(snapshot, rows=(*snapshot.rows, row))
    rows = tuple(row if r.key == row.key else r for r in snapshot.rows)
    return dataclasses.replace(snapshot, rows=rows)


def confirmed(
    snapshot: TodaySnapshot,
    key: str,
    touch: Touch,
    prospect_name: str,
) -> TodaySnapshot:
    """The stored touch settles its line (the pace follows in its own message)."""
    row = snapshot.row(key)
    if row is not None:
        row = dataclasses.replace(
            row,
            outcome=touch.outcome,
            pending=False,
            prospect_id=touch.prospect_id,
            name=prospect_name,
            source=touch.source if row.slot is None or row.name is None else row.source,
        )
        snapshot = with_row(snapshot, row)
    return snapshot


def next_open_index(rows: tuple[QueueRow, ...], after: int) -> int:
    """The first row after ``after`` still to do, wrapping; ``after`` itself if none."""
    count = len(rows)
    for step in range(1, count + 1):
        index = (after + step) % count
        if not rows[index].done:
            return index
    return after
