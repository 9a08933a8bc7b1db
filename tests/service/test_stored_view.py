"""A day view drawn from the stored plan (its queue basis) equals the one built from every
prospect, and is used only while nothing else was committed since the plan was written."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from planner.calendar import parse_period
from planner.service import DayView, PlannerService
from planner.service.dayplan import DayPlanner
from planner.store import Store

TODAY = date(2026, 11, 24)  # a Tuesday


@pytest.fixture
def seller(tmp_path: Path) -> PlannerService:
    service = PlannerService(tmp_path / "data", today=TODAY)
    service.set_target("24", "sales", parse_period("2026"))
    for i in range(8):
        service.add_prospect(f"Lead {i}")
    service.add_prospect(
        "Old Ann", status="lost", lost_reason="timing", last_contact=date(2026, 1, 5)
    )
    yesterday = PlannerService(service.data_dir, today=date(2026, 11, 23))
    yesterday.log("Lead 3", "conversation", note="call back  about the demo", follow_up=TODAY)
    return service


def full_view(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> DayView:
    """The view as built before plans carried a basis: the whole queue, every prospect."""
    with monkeypatch.context() as patch:
        patch.setattr(DayPlanner, "_stored_view", lambda self, today: None)
        return PlannerService(data_dir, today=TODAY).day_view()


def stored_view(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> DayView:
    """The view read without decoding every prospect (fails if it tries)."""

    def every_prospect(self: Store, *args: object, **kwargs: object) -> object:
        raise AssertionError("read every prospect")

    with monkeypatch.context() as patch:
        patch.setattr(Store, "prospects", every_prospect)
        return PlannerService(data_dir, today=TODAY).day_view()


def same(a: DayView, b: DayView) -> None:
    assert a.lines == b.lines
    assert a.size_words == b.size_words
    assert a.queue == b.queue
    assert a.plan == b.plan


def test_the_first_look_stores_a_basis_the_next_look_uses(
    seller: PlannerService, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = PlannerService(seller.data_dir, today=TODAY).day_view()
    plan = seller.day_plan()
    assert plan is not None and plan.basis is not None
    assert plan.basis.generation == seller.change_counter()
    again = stored_view(seller.data_dir, monkeypatch)
    same(again, first)
    same(again, full_view(seller.data_dir, monkeypatch))
    assert any("call back about the demo" in line.reason for line in again.lines)


def test_a_follow_up_rebuilds_the_plan_and_its_basis(
    seller: PlannerService, monkeypatch: pytest.MonkeyPatch
) -> None:
    seller.day_view()
    seller.log("Lead 0", "no-answer")  # no replan: the next look builds the queue
    with pytest.raises(AssertionError, match="every prospect"):
        stored_view(seller.data_dir, monkeypatch)
    same(
        PlannerService(seller.data_dir, today=TODAY).day_view(),
        full_view(seller.data_dir, monkeypatch),
    )
    seller.log("Lead 5", "conversation", follow_up=date(2026, 11, 30))  # replanned
    same(stored_view(seller.data_dir, monkeypatch), full_view(seller.data_dir, monkeypatch))


def test_another_commit_makes_the_next_look_build_the_queue(
    seller: PlannerService, monkeypatch: pytest.MonkeyPatch
) -> None:
    seller.day_view()
    seller.set_target("30", "sales", parse_period("2026"))  # figures move; no basis then
    plan = seller.day_plan()
    assert plan is not None
    if plan.basis is not None:
        assert plan.basis.generation == seller.change_counter()
    else:
        with pytest.raises(AssertionError, match="every prospect"):
            stored_view(seller.data_dir, monkeypatch)
    same(
        PlannerService(seller.data_dir, today=TODAY).day_view(),
        full_view(seller.data_dir, monkeypatch),
    )


def test_a_plan_without_a_basis_still_reads(
    seller: PlannerService, monkeypatch: pytest.MonkeyPatch
) -> None:
    seller.day_view()
    plans = next(seller.data_dir.rglob("plans*.json"))
    doc = json.loads(plans.read_text())
    for record in doc["plans"].values():
        assert record.pop("basis", None) is not None
    plans.write_text(json.dumps(doc))
    plan = PlannerService(seller.data_dir, today=TODAY).day_plan()
    assert plan is not None and plan.basis is None
    same(
        PlannerService(seller.data_dir, today=TODAY).day_view(),
        full_view(seller.data_dir, monkeypatch),
    )
