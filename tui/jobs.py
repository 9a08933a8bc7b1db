"""The service calls the screens ask for, as jobs for the ServiceRunner (run off the loop).

Each returns the message its screen waits for. Writes go through ``runner.write`` so the
live refresh knows which changes were the app's own.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from tui.messages import (
    ComposureSaved,
    NamesLoaded,
    NoteAdded,
    PaceRefreshed,
    Snoozed,
    StoreChanged,
    TodayLoaded,
    TouchStored,
    UndoDone,
    WhatIfLoaded,
)
from tui.today_model import day_off_name
from tui.today_model import load_today as read_today

if TYPE_CHECKING:
    from datetime import date

    from planner.models import LostReason, Outcome
    from planner.service import PlannerService
    from planner.service.logserver import LogClient
    from tui.prefetch import Prefetch
    from tui.runner import Job, ServiceRunner
    from tui.screens.composure import ComposureAnswer
    from tui.screens.setup import SetupValues

DEMO_YEARS, DEMO_CALLS_PER_DAY, DEMO_SEED = 1, 40, 7


def load_today(runner: ServiceRunner) -> Job:
    prefetch = runner.take_prefetch()
    if prefetch is not None:
        return FirstLoad(runner, prefetch)

    def job(service: PlannerService) -> TodayLoaded:
        snapshot = read_today(service)
        runner.known_generation, runner.known_today = snapshot.generation, snapshot.today
        return TodayLoaded(snapshot, day_off_name(service, snapshot.today))

    return job


class FirstLoad:
    """The screen's first load, answered by the child that read the store while Textual
    started (tui.prefetch); read here, through the service, only if the child failed."""

    def __init__(self, runner: ServiceRunner, prefetch: Prefetch) -> None:
        self._runner = runner
        self._prefetch = prefetch

    def answer_now(self) -> TodayLoaded | None:
        """The child's snapshot when it has already answered, read on the spot: the screen's
        first frame then shows the day, not an empty screen followed by the day a frame
        later. None while the child is still reading (a worker waits for it)."""
        return self.without_service() if self._prefetch.ready() else None

    def without_service(self) -> TodayLoaded | None:
        """The child's snapshot, with no service built (that would import the engine)."""
        answer = self._prefetch.take()
        if answer is None:
            return None
        snapshot, day_off = answer
        self._runner.known_generation = snapshot.generation
        self._runner.known_today = snapshot.today
        return TodayLoaded(snapshot, day_off)

    def __call__(self, service: PlannerService) -> TodayLoaded:
        self._prefetch.close()  # no answer (or not asked for): this process reads
        return load_today(self._runner)(service)  # type: ignore[return-value]


def check_store(runner: ServiceRunner) -> Job:
    """One stat: has anyone else written since we last looked (or has the day turned)?"""

    def job(service: PlannerService) -> StoreChanged | None:
        generation = service.change_counter()
        today = service.today
        if generation == runner.known_generation and today == runner.known_today:
            return None
        runner.known_generation, runner.known_today = generation, today
        return StoreChanged(generation)

    return job


def log_touch(
    runner: ServiceRunner,
    row_key: str,
    prospect_id: int | None,
    name: str,
    outcome: Outcome,
    amount: Decimal | None,
    *,
    fill_slot: int | None,
    follow_up: date | None = None,
    note: str = "",
    lost_reason: LostReason | None = None,
) -> Job:
    def job(service: PlannerService) -> TouchStored:
        # A name chosen as "new prospect" is created with the touch, in one change, so that
        # one undo removes both (logging by name would take a prospect that merely starts
        # with it, and a close name is the seller's explicit choice here).
        ref: int | str = prospect_id if prospect_id is not None else name
        new = prospect_id is None
        result = runner.write(
            service,
            lambda: service.log(
                ref,
                outcome,
                amount=amount,
                new=new,
                follow_up=follow_up,
                note=note,
                lost_reason=lost_reason,
            ),
        )
        if fill_slot is not None:
            runner.write(service, lambda: service.fill_placeholder(fill_slot, result.prospect.id))
        return TouchStored(row_key, result.touch, result.prospect, result.created)

    return job


def touch_sent(
    runner: ServiceRunner, client: LogClient, ticket: int, row_key: str, fill_slot: int | None
) -> Job:
    """The answer of the writer process to a touch sent at the key: the same message as
    ``log_touch``. If the process is gone without an answer, the screen reloads what is
    stored (the touch may or may not be there) and says so."""

    def job(service: PlannerService) -> TouchStored:
        from planner.service.logserver import LogServerGone

        try:
            logged = client.wait(ticket)
        except LogServerGone as error:
            raise LogServerGone(
                "The touch may not be stored (the writer process stopped): the queue shows what is."
            ) from error
        if logged.after == logged.before + 1 and runner.known_generation == logged.before:
            runner.known_generation = logged.after  # our own change: no live reload for it
        result = logged.result
        if fill_slot is not None:
            runner.write(service, lambda: service.fill_placeholder(fill_slot, result.prospect.id))
        return TouchStored(row_key, result.touch, result.prospect, result.created)

    return job


def add_note(runner: ServiceRunner, prospect_id: int, text: str) -> Job:
    """The note added to the prospect's newest touch (one undoable change)."""

    def job(service: PlannerService) -> NoteAdded:
        touch = runner.write(service, lambda: service.add_note(prospect_id, text))
        return NoteAdded(prospect_id, touch)

    return job


def refresh_pace() -> Job:
    """The gauge and tally recomputed from the store (queued right after a write)."""

    def job(service: PlannerService) -> PaceRefreshed:
        return PaceRefreshed(service.status(closed=True), service.tally())

    return job


def undo(runner: ServiceRunner) -> Job:
    def job(service: PlannerService) -> UndoDone:
        description = runner.write(service, service.undo)
        snapshot = read_today(service)
        runner.known_generation, runner.known_today = snapshot.generation, snapshot.today
        return UndoDone(description, snapshot)

    return job


def book_follow_up(runner: ServiceRunner, prospect_id: int, day: date | None) -> Job:
    """Book (or clear) a follow-up; the plan is rebuilt by the service, then read again."""

    def job(service: PlannerService) -> TodayLoaded:
        runner.write(service, lambda: service.set_follow_up(prospect_id, day))
        return load_today(runner)(service)  # type: ignore[return-value]

    return job


def rebuild_plan(runner: ServiceRunner) -> Job:
    """Build today's plan again (done items kept), then the screen reads it."""

    def job(service: PlannerService) -> TodayLoaded:
        runner.write(service, service.rebuild_plan)
        return load_today(runner)(service)  # type: ignore[return-value]

    return job


def snooze(runner: ServiceRunner, row_key: str, prospect_id: int) -> Job:
    def job(service: PlannerService) -> Snoozed:
        until = runner.write(service, lambda: service.snooze(prospect_id))
        return Snoozed(row_key, prospect_id, until)

    return job


def save_composure(runner: ServiceRunner, prompt_id: str, answer: ComposureAnswer | None) -> Job:
    def job(service: PlannerService) -> ComposureSaved:
        if answer is None:
            check = runner.write(
                service, lambda: service.save_composure(prompt_id, None, "", skipped=True)
            )
        else:
            check = runner.write(
                service, lambda: service.save_composure(prompt_id, answer.rating, answer.intent)
            )
        return ComposureSaved(check)

    return job


def load_demo(runner: ServiceRunner, *, force: bool = False) -> Job:
    def job(service: PlannerService) -> TodayLoaded:
        service.load_demo(
            years=DEMO_YEARS, calls_per_day=DEMO_CALLS_PER_DAY, seed=DEMO_SEED, force=force
        )
        return load_today(runner)(service)  # type: ignore[return-value]

    return job


def set_up(runner: ServiceRunner, values: SetupValues) -> Job:
    def job(service: PlannerService) -> TodayLoaded:
        service.configure(
            timezone=values.timezone,
            capacity=values.capacity,
            workdays=values.workdays,
            country=values.country,
        )
        service.set_target(
            values.amount, values.metric, values.period, carried_in=values.sold_so_far
        )
        return load_today(runner)(service)  # type: ignore[return-value]

    return job


def names() -> Job:
    def job(service: PlannerService) -> NamesLoaded:
        return NamesLoaded(service.prospect_names())

    return job


def load_whatif() -> Job:
    """Today's status inputs and the what-if at the seller's own figures (a read)."""

    def job(service: PlannerService) -> WhatIfLoaded:
        return WhatIfLoaded(service.whatif())

    return job


def set_capacity(runner: ServiceRunner, capacity: int) -> Job:
    """The what-if's touches a day adopted as the capacity (one undoable settings change)."""

    def job(service: PlannerService) -> TodayLoaded:
        runner.write(service, lambda: service.configure(capacity=capacity))
        return load_today(runner)(service)  # type: ignore[return-value]

    return job
