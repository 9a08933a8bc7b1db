"""The service calls the screens ask for, as jobs for the ServiceRunner (run off the loop).

Each returns the message its screen waits for. Writes go through ``runner.write`` so the
live refresh knows which changes were the app's own.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from tui.messages import (
    ComposureSaved,
    NamesLoaded,
    PaceRefreshed,
    Snoozed,
    StoreChanged,
    TodayLoaded,
    TouchStored,
    UndoDone,
)
from tui.today_model import load_today as read_today

if TYPE_CHECKING:
    from planner.models import Outcome
    from planner.service import PlannerService
    from tui.runner import Job, ServiceRunner
    from tui.screens.composure import ComposureAnswer
    from tui.screens.setup import SetupValues

DEMO_YEARS, DEMO_CALLS_PER_DAY, DEMO_SEED = 1, 40, 7


def load_today(runner: ServiceRunner) -> Job:
    def job(service: PlannerService) -> TodayLoaded:
        snapshot = read_today(service)
        runner.known_generation, runner.known_today = snapshot.generation, snapshot.today
        return TodayLoaded(snapshot)

    return job


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
) -> Job:
    def job(service: PlannerService) -> TouchStored:
        ref: int | str = (
            prospect_id if prospect_id is not None else _new_prospect(runner, service, name)
        )
        result = runner.write(service, lambda: service.log(ref, outcome, amount=amount))
        if fill_slot is not None:
            runner.write(service, lambda: service.fill_placeholder(fill_slot, result.prospect.id))
        created = result.created or (isinstance(ref, int) and prospect_id is None)
        return TouchStored(row_key, result.touch, result.prospect, created)

    return job


def refresh_pace() -> Job:
    """The gauge and tally recomputed from the store (queued right after a write)."""

    def job(service: PlannerService) -> PaceRefreshed:
        return PaceRefreshed(service.status(closed=True), service.tally())

    return job


def _new_prospect(runner: ServiceRunner, service: PlannerService, name: str) -> int | str:
    """A name chosen as "new prospect": logging by name would take a prospect whose name
    merely starts with it, so such a name is created first and logged by id."""
    from planner.service import ServiceError

    try:
        clash = service.find_prospect(name) is not None
    except ServiceError:
        clash = True
    if not clash:
        return name
    created = runner.write(service, lambda: service.add_prospect(name))
    return created.id


def undo(runner: ServiceRunner) -> Job:
    def job(service: PlannerService) -> UndoDone:
        description = runner.write(service, service.undo)
        snapshot = read_today(service)
        runner.known_generation, runner.known_today = snapshot.generation, snapshot.today
        return UndoDone(description, snapshot)

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
