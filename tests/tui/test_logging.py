"""One key per call: each outcome key stores the right touch on the selected prospect."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from planner.service import PlannerService
from tests.tui.conftest import (
    NEXT_WORKING_DAY,
    TODAY,
    MakeApp,
    errors,
    messages,
    queue,
    settle,
    today_screen,
    touches_today,
)
from tui.screens.amount import AmountModal
from tui.widgets.gauge import PaceGauge


@pytest.mark.parametrize(
    ("key", "outcome"),
    [
        ("n", "no-answer"),
        ("c", "conversation"),
        ("m", "meeting"),
        ("s", "sale"),
        ("x", "not-interested"),
    ],
)
async def test_outcome_key_stores_touch_on_selected_prospect(
    demo_dir: Path, app_for: MakeApp, key: str, outcome: str
) -> None:
    app = app_for(demo_dir)
    before = touches_today(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "j")  # the third line of the queue
        selected = queue(app).selected()
        assert selected is not None and selected.prospect_id is not None
        await pilot.press(key)
        await settle(pilot)
        # A meeting asks its day and x the reason (enter: none), then c, m, s, x a note
        # (enter alone: no note).
        for _ in range(2 if key in "mx" else 1):
            await pilot.press("enter")
            await settle(pilot)
        row = today_screen(app).snapshot.row(selected.key)  # type: ignore[union-attr]
        assert row is not None and row.outcome == outcome and not row.pending
        assert any("u to undo" in m for m in messages(app))
        assert not errors(app)
    assert sorted(touches_today(demo_dir)) == sorted([*before, (selected.prospect_id, outcome)])


async def test_gauge_and_tally_move_with_a_sale(demo_dir: Path, app_for: MakeApp) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        snapshot = today_screen(app).snapshot
        assert snapshot is not None and snapshot.report is not None
        actual_before = snapshot.report.pace.actual
        touches_before = snapshot.tally.touches
        await pilot.press("s", "enter")  # enter: no note
        # Shown at once, before the worker has stored anything.
        gauge = today_screen(app).query_one(PaceGauge)
        assert gauge.report is not None and gauge.report.pace.actual == actual_before + 1
        await settle(pilot)
        after = today_screen(app).snapshot
        assert after is not None and after.report is not None
        assert after.report.pace.actual == actual_before + 1
        assert after.tally.touches == touches_before + 1 and after.tally.sales >= 1
        assert f"{int(actual_before) + 1} / 301" in str(gauge.render())


async def test_cursor_moves_to_the_next_open_item(demo_dir: Path, app_for: MakeApp) -> None:
    last_id = max(t.id for t in PlannerService(demo_dir, today=TODAY).touches(TODAY, TODAY))
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = queue(app).selected()
        await pilot.press("n")
        await settle(pilot)
        second = queue(app).selected()
        await pilot.press("n", "k")  # k goes back up to the second line
        await settle(pilot)
        assert queue(app).selected() == today_screen(app).snapshot.row(second.key)  # type: ignore[union-attr]
    service = PlannerService(demo_dir, today=TODAY)
    stored = [t.prospect_id for t in service.touches(TODAY, TODAY) if t.id > last_id]
    assert first is not None and second is not None
    assert stored == [first.prospect_id, second.prospect_id]


async def test_undo_takes_back_the_last_touch(demo_dir: Path, app_for: MakeApp) -> None:
    app = app_for(demo_dir)
    before = touches_today(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        key = queue(app).selected().key  # type: ignore[union-attr]
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("enter", "enter")  # no day, no note
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        row = today_screen(app).snapshot.row(key)  # type: ignore[union-attr]
        assert row is not None and row.outcome is None
        assert any(m.startswith("Undone: log meeting") for m in messages(app))
    assert sorted(touches_today(demo_dir)) == sorted(before)


async def test_snooze_moves_prospect_to_next_working_day(demo_dir: Path, app_for: MakeApp) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        selected = queue(app).selected()
        assert selected is not None and selected.prospect_id is not None
        await pilot.press("z")
        await settle(pilot)
        row = today_screen(app).snapshot.row(selected.key)  # type: ignore[union-attr]
        assert row is not None and row.snoozed_until == NEXT_WORKING_DAY
    prospect = PlannerService(demo_dir, today=TODAY).prospect(selected.prospect_id)
    assert prospect is not None and prospect.snoozed_until == NEXT_WORKING_DAY


async def test_sale_on_revenue_target_asks_amount_and_refuses_bad_input(
    demo_dir: Path, app_for: MakeApp
) -> None:
    service = PlannerService(demo_dir, today=TODAY)
    service.set_target("250000", "revenue", service.active_target().period)  # type: ignore[union-attr]
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        selected = queue(app).selected()
        assert selected is not None
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, AmountModal)
        await pilot.press("1", "e", "5", "enter")  # exponent notation is refused inline
        await settle(pilot)
        assert isinstance(app.screen, AmountModal)
        assert "not a plain positive number" in str(app.screen.query_one("#amount-error").render())
        await pilot.press("backspace", "backspace", "backspace", *"1250.50", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, AmountModal)
        await pilot.press("enter")  # the note box: enter alone logs without a note
        await settle(pilot)
        assert not errors(app)
    touch = max(PlannerService(demo_dir, today=TODAY).touches(TODAY, TODAY), key=lambda t: t.id)
    assert (touch.prospect_id, touch.outcome, touch.amount) == (
        selected.prospect_id,
        "sale",
        Decimal("1250.50"),
    )


async def test_escape_on_amount_logs_nothing(demo_dir: Path, app_for: MakeApp) -> None:
    service = PlannerService(demo_dir, today=TODAY)
    service.set_target("250000", "revenue", service.active_target().period)  # type: ignore[union-attr]
    before = touches_today(demo_dir)
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s", "escape")
        await settle(pilot)
    assert sorted(touches_today(demo_dir)) == sorted(before)


async def test_a_store_error_is_a_notice_not_a_crash(demo_dir: Path, app_for: MakeApp) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        selected = queue(app).selected()
        assert selected is not None and selected.prospect_id is not None
        # Another process deletes the data dir's prospect shard under our feet: logging
        # fails in the service, the seller sees one line, the app keeps running.
        for shard in (demo_dir / "prospects").iterdir():
            shard.write_text("{ not json", encoding="utf-8")
        await pilot.press("n")
        await settle(pilot)
        assert errors(app) and all("\n" not in e for e in errors(app))
        assert app.is_running
