"""Keys that never misfire: a burst typed while a box opens lands in the box, the search box
creates only when asked, an empty box logs nobody, undo takes a created prospect with it,
the cursor moves on after every log and snooze, and a done line asks before a second log."""

from __future__ import annotations

from pathlib import Path

from textual import events

from planner.calendar import parse_period
from planner.service import PlannerService
from tests.tui.conftest import (
    TODAY,
    MakeApp,
    errors,
    note_bar,
    queue,
    settle,
    touches_today,
)
from tui.app import PlannerApp
from tui.screens.confirm import ConfirmModal
from tui.screens.outcome import OutcomeModal
from tui.screens.search import SearchModal


def burst(app: PlannerApp, text: str) -> None:
    """Keys as a terminal delivers a fast typist's burst: all queued before any is handled."""
    for char in text:
        key = {" ": "space"}.get(char, char)
        app.post_message(events.Key(key, char))


def prospecting_dir(tmp_path: Path, *names: str) -> Path:
    """A day of "find a new lead" lines (no prospect to call yet), plus ``names`` known."""
    data = tmp_path / "prospecting"
    service = PlannerService(data, today=TODAY)
    service.configure(capacity=10)
    service.set_target("40", "sales", parse_period("2026-Q4"))
    service.save_composure("any", 3, "")
    for name in names:
        service.add_prospect(name, status="won")  # known, but never planned
    return data


def search_value(app: PlannerApp) -> str:
    assert isinstance(app.screen, SearchModal), app.screen
    return app.screen.query_one("#search-input").value  # type: ignore[attr-defined, no-any-return]


async def open_new_lead_box(app: PlannerApp, pilot: object, key: str = "c") -> None:
    rows = queue(app).rows_shown
    queue(app).move_cursor(row=next(i for i, r in enumerate(rows) if r.name is None))


async def test_a_whole_name_typed_in_one_burst_lands_in_the_opening_box(
    tmp_path: Path, app_for: MakeApp
) -> None:
    data = prospecting_dir(tmp_path)
    PlannerService(data, today=TODAY).log("Ulla Undone", "no-answer")  # something to undo
    before = touches_today(data)
    app = app_for(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_new_lead_box(app, pilot)
        burst(app, "cQuinn Harper")  # u, n, r, p: each a today key if it leaked
        await settle(pilot)
        assert search_value(app) == "Quinn Harper"
        assert app.current_mode == "today" and not errors(app)
    assert touches_today(data) == before  # nothing logged, nothing undone


async def test_the_l_box_takes_a_burst_too(demo_dir: Path, app_for: MakeApp) -> None:
    before = touches_today(demo_dir)
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(app, "lQuinn Harper")
        await settle(pilot)
        assert search_value(app) == "Quinn Harper"
    assert touches_today(demo_dir) == before


async def test_enter_picks_the_existing_match_and_create_needs_ctrl_n(
    tmp_path: Path, app_for: MakeApp
) -> None:
    data = prospecting_dir(tmp_path, "Grace Kim")
    app = app_for(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # The "find a new lead" line's box: Gra + enter is Grace Kim.
        await open_new_lead_box(app, pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press(*"Gra", "enter")
        await settle(pilot)
        assert note_bar(app).is_open  # Grace Kim it is: then the note
        await pilot.press("enter")  # enter alone: logged without a note
        await settle(pilot)
        # The l box: the same, then ctrl+n creates "Gra" for real.
        await pilot.press("l")
        await settle(pilot)
        await pilot.press(*"Gra", "enter")
        await settle(pilot)
        assert isinstance(app.screen, OutcomeModal) and app.screen.who == "Grace Kim"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press(*"Gra", "ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, OutcomeModal) and app.screen.who == "Gra"
        await pilot.press("n")
        await settle(pilot)
        assert not errors(app)
    service = PlannerService(data, today=TODAY)
    names = {service.prospect(pid).name: o for pid, o in touches_today(data)}  # type: ignore[union-attr]
    assert names == {"Grace Kim": "conversation", "Gra": "no-answer"}


async def test_an_empty_box_logs_nobody(tmp_path: Path, app_for: MakeApp) -> None:
    data = prospecting_dir(tmp_path, "Aaron First")
    app = app_for(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_new_lead_box(app, pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SearchModal)
        assert "Type a name" in str(app.screen.query_one("#search-error").render())
        await pilot.press("l")  # typed into the box, not the today screen's l
        await settle(pilot)
        assert search_value(app) == "l"
    assert touches_today(data) == []


async def test_undo_of_a_touch_that_created_a_prospect_removes_the_prospect(
    tmp_path: Path, app_for: MakeApp
) -> None:
    data = prospecting_dir(tmp_path, "Grace Kim")
    app = app_for(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press(*"Gra", "ctrl+n")  # "Gra": a prefix of Grace Kim, made on purpose
        await settle(pilot)
        await pilot.press("c", "enter")  # enter: no note
        await settle(pilot)
        assert "Gra" in PlannerService(data, today=TODAY).prospect_names().values()
        await pilot.press("u")
        await settle(pilot)
        assert not errors(app)
    service = PlannerService(data, today=TODAY)
    assert sorted(service.prospect_names().values()) == ["Grace Kim"]
    assert touches_today(data) == []


async def test_cursor_moves_on_after_snooze_as_after_a_log(
    demo_dir: Path, app_for: MakeApp
) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = queue(app)
        start = table.cursor_row
        assert not table.rows_shown[start].done
        await pilot.press("z")
        assert table.cursor_row != start and not table.rows_shown[table.cursor_row].done
        await settle(pilot)
        assert table.rows_shown[start].snoozed_until is not None
        here = table.cursor_row
        await pilot.press("n")
        assert table.cursor_row != here and not table.rows_shown[table.cursor_row].done
        await settle(pilot)
        assert not errors(app)


async def test_a_log_key_on_a_done_line_asks_first(demo_dir: Path, app_for: MakeApp) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        before = touches_today(demo_dir)
        await pilot.press("k", "c")  # back onto the line just logged
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")  # no: and that n is the box's, not a no-answer
        await settle(pilot)
        assert touches_today(demo_dir) == before
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("y", "enter")  # yes, and no note
        await settle(pilot)
        assert not errors(app)
    after = touches_today(demo_dir)
    assert len(after) == len(before) + 1 and after[-1][1] == "conversation"


async def test_q_then_s_on_a_new_lead_line_quits_cleanly(tmp_path: Path, app_for: MakeApp) -> None:
    data = prospecting_dir(tmp_path)
    app = app_for(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_new_lead_box(app, pilot)
        burst(app, "qs")
        await pilot.pause()
    assert app._exception is None and app.return_code in (0, None)
    assert not any(isinstance(s, SearchModal) for s in app.screen_stack)
