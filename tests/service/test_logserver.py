"""The writer process: touches stored by a second process, through the same service."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from planner.service import PlannerService
from planner.service.logserver import LogClient, LogServerError, LogServerGone, serve

TODAY = date(2026, 11, 27)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    service = PlannerService(folder, today=TODAY)
    service.log("Ann Lee", "no-answer", at="2026-11-20")
    return folder


def test_serve_answers_each_line_and_stores_through_the_service(data: Path) -> None:
    ann = PlannerService(data, today=TODAY).find_prospect("Ann Lee")
    assert ann is not None
    requests = [
        {"read_ahead": {"ref": ann.id}},  # the note is being written: no answer to this one
        {"read_ahead": {"ref": "not an id"}},
        {"id": 1, "log": {"ref": ann.id, "outcome": "sale", "amount": "1250", "note": "two"}},
        {"id": 2, "log": {"ref": "Zed Quinn", "outcome": "conversation", "new": True}},
        {"id": 3, "log": {"ref": ann.id, "outcome": "won-the-lottery"}},
        "not json",
    ]
    lines = io.StringIO("".join(json.dumps(r) + "\n" for r in requests))
    out = io.StringIO()
    serve(data, TODAY, lines, out)
    ready, *answers = [json.loads(line) for line in out.getvalue().splitlines()]
    assert ready == {"ready": True}
    sale, new, refused, broken = answers
    assert sale["ok"] and sale["id"] == 1 and sale["after"] == sale["before"] + 1
    assert new["ok"] and new["created"] and new["prospect"]["name"] == "Zed Quinn"
    assert not refused["ok"] and refused["id"] == 3 and "won-the-lottery" in refused["error"]
    assert not broken["ok"] and broken["id"] is None and broken["error"].startswith("bad request")
    # What a fresh reader finds is what the answers said.
    service = PlannerService(data, today=TODAY)
    stored = service.history(ann.id)[-1]
    assert (stored.outcome, stored.amount, stored.note) == ("sale", Decimal("1250"), "two")
    assert service.find_prospect("Zed Quinn") is not None


def test_the_client_gets_the_touch_back_and_the_file_has_it(data: Path) -> None:
    client = LogClient(data, TODAY)
    try:
        assert client.wait_ready(30)
        ann = PlannerService(data, today=TODAY).find_prospect("Ann Lee")
        assert ann is not None
        client.read_ahead(ann.id)  # the seller opened the note: answered by nothing
        first = client.send(ann.id, "meeting", follow_up=date(2026, 12, 3), note="demo")
        second = client.send(ann.id, "sale", amount="900")
        meeting, sale = client.wait(first), client.wait(second)
        assert (meeting.result.touch.outcome, sale.result.touch.outcome) == ("meeting", "sale")
        assert sale.before == meeting.after  # in the order sent, one change each
        assert meeting.result.prospect.id == ann.id and not meeting.result.created
        refused = client.send(ann.id, "sale", amount="-5")
        with pytest.raises(LogServerError):
            client.wait(refused)
    finally:
        client.close()
    service = PlannerService(data, today=TODAY)
    touches = service.history(ann.id)
    assert [t.outcome for t in touches][-2:] == ["meeting", "sale"]
    assert service.undo() is not None  # the other process's change is undone from here
    assert service.history(ann.id)[-1].outcome == "meeting"


def test_a_closed_server_is_gone_not_silent(data: Path) -> None:
    client = LogClient(data, TODAY)
    assert client.wait_ready(30)
    client.close()
    assert not client.ready
    with pytest.raises(LogServerGone):
        client.send("Ann Lee", "no-answer")


def test_warming_up_makes_no_data_dir(tmp_path: Path) -> None:
    missing = tmp_path / "typo"
    out = io.StringIO()
    serve(missing, TODAY, io.StringIO(""), out)
    assert json.loads(out.getvalue()) == {"ready": True}
    assert not missing.exists()
