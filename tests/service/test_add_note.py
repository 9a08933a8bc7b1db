"""`a` after the call: a note added to the prospect's newest touch, one undoable change."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.service import PlannerService, ServiceError

TODAY = date(2026, 11, 27)


@pytest.fixture
def service(tmp_path: Path) -> PlannerService:
    return PlannerService(tmp_path / "data", today=TODAY)


def test_the_note_goes_on_the_newest_touch_and_keeps_what_was_there(
    service: PlannerService,
) -> None:
    service.log("Ann Lee", "no-answer", at="2026-10-02")
    service.log("Ann Lee", "conversation", note="asked for prices", at="2026-11-26")
    service.log("Bob Stone", "conversation")  # someone else's newer touch stays untouched
    ann = service.find_prospect("Ann Lee")
    assert ann is not None
    amended = service.add_note(ann.id, "send the sheet\x07 by Friday")  # a bell: stripped
    history = service.history(ann.id)
    assert amended.id == history[-1].id and len(history) == 2
    assert history[-1].note == "asked for prices; send the sheet by Friday"
    assert history[0].note == ""
    bob = service.find_prospect("Bob Stone")
    assert bob is not None and service.history(bob.id)[-1].note == ""


def test_a_touch_from_a_month_ago_is_found_and_stays_in_its_month(
    service: PlannerService,
) -> None:
    service.log("Ann Lee", "conversation", at="2026-09-15")
    ann = service.find_prospect("Ann Lee")
    assert ann is not None
    service.add_note(ann.id, "budget opens in January")
    touches = service.touches(date(2026, 9, 1), date(2026, 9, 30))
    assert [t.note for t in touches] == ["budget opens in January"]
    assert service.touches(date(2026, 10, 1), TODAY) == []


def test_undo_takes_back_the_note_only(service: PlannerService) -> None:
    service.log("Ann Lee", "meeting", note="demo booked")
    ann = service.find_prospect("Ann Lee")
    assert ann is not None
    service.add_note(ann.id, "bring the CFO")
    assert service.undo() == "note on Ann Lee's last touch"
    history = service.history(ann.id)
    assert [(t.outcome, t.note) for t in history] == [("meeting", "demo booked")]


def test_no_touch_or_an_empty_note_is_refused(service: PlannerService) -> None:
    fresh = service.add_prospect("Cleo Nobody")
    with pytest.raises(ServiceError, match="no touch"):
        service.add_note(fresh.id, "hello")
    service.log("Cleo Nobody", "no-answer")
    with pytest.raises(ServiceError, match="empty"):
        service.add_note(fresh.id, "  \x07 ")
    with pytest.raises(ServiceError, match="no prospect"):
        service.add_note(999, "hello")
