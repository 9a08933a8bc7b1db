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
    Source,
    Target,
    Touch,
)

if TYPE_CHECKING:
    from planner.composure import Prompt
    from planner.service import DayTally, DayView, PlannerService, StatusReport


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
    follow_up: date | None = None

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
    size_words: str = ""  # why the day has this many calls (planner.queue.size_words)

    @property
    def planned(self) -> int:
        return self.planned_old + self.planned_new

    def row(self, key: str) -> QueueRow | None:
        return next((r for r in self.rows if r.key == key), None)


def load_today(service: PlannerService) -> TodaySnapshot:
    """Read today's picture (runs in a worker: every call here may touch the disk).

    The queue is the service's day view: the plan stored at the day's first look, the
    same list `planner queue` prints, in the same order.
    """
    generation = service.change_counter()
    today = service.today
    report = service.status()
    composure = service.composure_today()
    prompt = service.composure_prompt() if composure is None else None
    view = service.day_view(report)  # on the day's first look, a write of our own
    after = service.change_counter()
    if view.plan is not None and after == generation + 1 and view.plan.day == today:
        generation = after  # only our own plan was written meanwhile: no reload for it
    return TodaySnapshot(
        today=today,
        generation=generation,
        target=report.target if report else None,
        # No target for today: a period just ended shows its final result on the gauge,
        # with a nudge to set the next target.
        report=report if report is not None else service.status(closed=True),
        tally=service.tally(),
        planned_old=view.planned_old if report else 0,
        planned_new=view.planned_new if report else 0,
        shortfall=view.queue.shortfall if report else 0.0,
        capacity=view.queue.capacity,
        expected_sales=view.queue.expected_sales if report else 0.0,
        rows=rows_of(view, planned=report is not None),
        prospect_count=len(service.prospect_names()),
        composure=composure,
        prompt=prompt,
        size_words=view.size_words if report else "",
    )


def day_off_name(service: PlannerService, today: date) -> str | None:
    """Why today is no working day ("Thanksgiving Day", "Saturday"), None on a working day.
    The same calendar as the pace and the export's "(off)" days."""
    from planner.calendar import day_off_name as name_of

    settings = service.settings()
    calendar = service.calendar([today.year])
    return name_of(calendar, today, country=settings.country, subdivision=settings.subdivision)


def rows_of(view: DayView, *, planned: bool = True) -> tuple[QueueRow, ...]:
    """The day view's lines as queue rows. Before there is a target (``planned`` off) only
    the touches logged today are shown: the day is not planned yet."""
    rows: list[QueueRow] = []
    for line in view.lines:
        if not planned and line.slot is not None:
            continue
        p = line.prospect
        rows.append(
            QueueRow(
                key=f"slot-{line.slot}" if line.slot is not None else f"extra-{p.id if p else 0}",
                slot=line.slot,
                rank=line.rank,
                source=line.source,
                prospect_id=p.id if p else None,
                name=p.name if p else None,
                reason=line.reason,
                outcome=line.outcome,
                snoozed_until=line.snoozed_until,
                follow_up=line.follow_up,
            )
        )
    return tuple(rows)


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
