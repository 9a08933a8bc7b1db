"""The prospects screen: search, status filter, history, editing; 20,000 stay responsive."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Select

from planner.models import Prospect
from planner.service import PlannerService
from tests.tui.conftest import TODAY, MakeApp, errors, settle
from tui.prospects_model import MAX_SHOWN, filter_prospects, next_filter
from tui.screens.edit_prospect import EditProspectModal, checked_edit
from tui.screens.prospects import ProspectsScreen


def test_filter_caps_rows_and_counts_all_matches() -> None:
    people = [
        Prospect(
            i,
            f"Person {i}",
            status="lost" if i % 2 else "new",
            last_contact=date(2026, 1, 1 + i % 28),
        )
        for i in range(1, 20_001)
    ]
    started = time.perf_counter()
    shown, total = filter_prospects(people, "", "lost")
    assert time.perf_counter() - started < 1.0
    assert (len(shown), total) == (MAX_SHOWN, 10_000)
    assert all(p.status == "lost" for p in shown)
    shown, total = filter_prospects(people, "person 1999", "all")
    assert shown[0].name == "Person 1999" and total >= 1
    assert next_filter("won") == "do-not-contact" and next_filter("do-not-contact") == "all"


def test_checked_edit_drops_a_reason_that_no_longer_applies() -> None:
    edit = checked_edit("active", "timing", True)
    assert not isinstance(edit, str) and edit.lost_reason is None and edit.do_not_contact
    assert checked_edit("gone", None, False) == "unknown status 'gone'"


async def test_search_filter_history_and_edit(demo_dir: Path, app_for: MakeApp) -> None:
    service = PlannerService(demo_dir, today=TODAY)
    worked = max(service.prospects(), key=lambda p: (p.conversations, -p.id))
    app = app_for(demo_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProspectsScreen)
        table = screen.query_one("#prospect-table", DataTable)
        assert table.row_count == MAX_SHOWN
        assert "of 2," in str(screen.query_one("#prospect-count").render())

        await pilot.press("slash", *worked.name, "enter")
        await settle(pilot)
        assert screen.selected() is not None and screen.selected().id == worked.id  # type: ignore[union-attr]
        history = str(screen.query_one("#prospect-history").render())
        assert f"History ({len(service.history(worked.id))} touches)" in history

        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EditProspectModal)
        app.screen.query_one("#edit-status", Select).value = "lost"
        app.screen.query_one("#edit-reason", Select).value = "budget"
        await pilot.click("#edit-dnc")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProspectsScreen) and not errors(app)
        assert "do not contact" in str(screen.query_one("#prospect-card").render())

        await pilot.press("f", "f", "f")  # all -> new -> active -> lost
        await settle(pilot)
        assert screen.status == "lost"
        assert {p.status for p in screen.shown} == {"lost"}
        await pilot.press("escape")
        await settle(pilot)
        assert app.current_mode == "today"
    edited = PlannerService(demo_dir, today=TODAY).prospect(worked.id)
    assert edited is not None
    assert (edited.status, edited.lost_reason, edited.do_not_contact) == ("lost", "budget", True)


async def test_l_on_a_prospect_logs_through_the_today_screen(
    demo_dir: Path, app_for: MakeApp
) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProspectsScreen)
        chosen = screen.selected()
        assert chosen is not None
        await pilot.press("l", "x")
        await settle(pilot)
        await pilot.press("enter", "enter")  # no reason, no note
        await settle(pilot)
        assert not errors(app)
    newest = max(PlannerService(demo_dir, today=TODAY).touches(TODAY, TODAY), key=lambda t: t.id)
    assert (newest.prospect_id, newest.outcome) == (chosen.id, "not-interested")
