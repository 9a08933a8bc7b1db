"""The TUI's writer process: a logged key stored by the second process, undone from the
first, and a writer that dies leaves the seller logging as before."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from planner.service import PlannerService
from tests.tui.conftest import TODAY, MakeApp, errors, messages, note_bar, queue, settle
from tui.app import PlannerApp
from tui.runner import LOG_PROCESS


@pytest.fixture(autouse=True)
def writer_process_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LOG_PROCESS, "1")


async def writer_ready(app: PlannerApp) -> None:
    client = app.runner.log_client
    assert client is not None, "the writer process starts once the screen is usable"
    assert await asyncio.to_thread(client.wait_ready, 30)


def newest(data: Path) -> tuple[int, str, str]:
    touches = PlannerService(data, today=TODAY).touches(TODAY, TODAY)
    touch = max(touches, key=lambda t: t.id)
    return touch.prospect_id, touch.outcome, touch.note


async def test_a_sale_is_stored_by_the_writer_and_undone_from_the_app(
    demo_dir: Path, app_for: MakeApp
) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await writer_ready(app)
        client = app.runner.log_client
        assert client is not None
        row = queue(app).selected()
        assert row is not None and row.prospect_id is not None
        await pilot.press("s")
        assert note_bar(app).is_open
        await pilot.press(*"two licences", "enter")
        await settle(pilot)
        assert client.sent == 1  # the writer stored it, not this process
        assert newest(demo_dir) == (row.prospect_id, "sale", "two licences")
        assert any(m.startswith(f"Logged sale with {row.name}") for m in messages(app))
        assert not errors(app)
        await pilot.press("u")
        await settle(pilot)
        assert newest(demo_dir)[1:] != ("sale", "two licences")
    assert not client.running  # the app took its writer with it


async def test_a_writer_that_dies_leaves_logging_in_the_app(
    demo_dir: Path, app_for: MakeApp
) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await writer_ready(app)
        client = app.runner.log_client
        assert client is not None
        client.kill()
        await asyncio.to_thread(client.wait_ready, 5)  # returns once the client saw it go
        row = queue(app).selected()
        assert row is not None and row.prospect_id is not None
        await pilot.press("c", *"call back Monday", "enter")
        await settle(pilot)
        assert client.sent == 0 and not errors(app)
    assert newest(demo_dir) == (row.prospect_id, "conversation", "call back Monday")
