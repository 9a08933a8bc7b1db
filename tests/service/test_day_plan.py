"""The day's queue is a pure read; plan_today() is the one call that stores the day plan."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from planner.calendar import parse_period
from planner.service import PlannerService

TODAY = date(2026, 11, 24)  # a Tuesday
REPO_ROOT = Path(__file__).resolve().parents[2]


def every_file(data_dir: Path) -> dict[str, bytes]:
    """Every file under the data dir, lock and backups included, by its bytes."""
    return {
        path.relative_to(data_dir).as_posix(): path.read_bytes()
        for path in sorted(data_dir.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def seller(tmp_path: Path) -> PlannerService:
    """A seller with a target and a handful of prospects: a day that can be planned."""
    service = PlannerService(tmp_path / "data", today=TODAY)
    service.set_target("24", "sales", parse_period("2026"))
    for i in range(6):
        service.add_prospect(f"Lead {i}")
    service.add_prospect(
        "Old Ann", status="lost", lost_reason="timing", last_contact=date(2026, 1, 5)
    )
    return service


def test_queue_writes_nothing(seller: PlannerService) -> None:
    before = every_file(seller.data_dir)
    fresh = PlannerService(seller.data_dir, today=TODAY)  # nothing cached from the setup
    counter = fresh.change_counter()
    queue = fresh.queue()
    fresh.queue(fresh.status())
    assert queue.items  # a queue the old code would have stored as the day's plan
    assert every_file(seller.data_dir) == before
    assert fresh.change_counter() == counter and fresh.day_plan() is None


def test_plan_today_stores_the_plan_once(seller: PlannerService) -> None:
    counter = seller.change_counter()
    first = seller.plan_today()
    assert first.stored and first.plan is not None
    assert first.plan == seller.day_plan()
    assert first.plan.day == TODAY
    assert first.plan.prospect_ids == tuple(
        item.prospect.id if item.prospect else None for item in first.queue.items
    )
    assert (first.plan.planned_old, first.plan.planned_new) == (
        first.queue.planned_old,
        first.queue.planned_new,
    )
    assert seller.change_counter() == counter + 1

    again = PlannerService(seller.data_dir, today=TODAY).plan_today()
    assert not again.stored and again.plan == first.plan  # a second look plans nothing
    assert seller.change_counter() == counter + 1

    late = seller.add_prospect("Late Lead")  # an input changed: the plan is built again
    rebuilt = PlannerService(seller.data_dir, today=TODAY).plan_today()
    assert not rebuilt.stored and rebuilt.plan is not None
    assert late.id in rebuilt.plan.prospect_ids
    assert seller.change_counter() == counter + 3  # the prospect, then the plan
    assert seller.last_change() == "add prospect Late Lead"  # planning is not undoable


def test_plan_today_waits_for_a_target(tmp_path: Path) -> None:
    service = PlannerService(tmp_path / "data", today=TODAY)
    service.add_prospect("Lead")
    before = every_file(service.data_dir)
    planned = service.plan_today()
    assert planned.queue.items and not planned.stored and planned.plan is None
    assert every_file(service.data_dir) == before


def test_change_counter_moves_after_a_log_from_another_process(seller: PlannerService) -> None:
    counter = seller.change_counter()
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "planner", "--data-dir", str(seller.data_dir),
         "--today", str(TODAY), "log", "call", "Lead 3", "--outcome", "conversation"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert seller.change_counter() > counter
    assert [t.outcome for t in seller.touches(TODAY, TODAY)] == ["conversation"]
