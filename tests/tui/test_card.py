"""Working a call from the today screen: the card beside the queue follows the cursor,
`enter` opens the whole prospect, c/m/s/x take a one-line note (x first the reason by one
key), `a` adds a note to the last touch and `u` takes it back, and a note typed in one burst
right after the key lands in its box."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from textual import events

from planner.config import Config, save_config
from planner.models import Touch
from planner.service import PlannerService
from tests.tui.conftest import (
    TODAY,
    MakeApp,
    errors,
    note_bar,
    queue,
    settle,
    settle_card,
    today_screen,
)
from tests.tui.test_never_misfire import prospecting_dir
from tui.app import PlannerApp
from tui.screens.follow_up import FollowUpModal
from tui.screens.note import ReasonModal
from tui.screens.prospect import ProspectModal
from tui.widgets.card import ProspectCard


def burst(app: PlannerApp, text: str) -> None:
    """Keys as a terminal delivers a fast typist's burst (enter included): all queued before
    any is handled."""
    for char in text:
        key = {" ": "space", "\r": "enter", ",": "comma"}.get(char, char)
        app.post_message(events.Key(key, char))


def card(app: PlannerApp) -> ProspectCard:
    return today_screen(app).query_one(ProspectCard)


def newest(data: Path, prospect_id: int) -> Touch:
    return PlannerService(data, today=TODAY).history(prospect_id)[-1]


async def test_the_card_follows_the_cursor(demo_dir: Path, app_for: MakeApp) -> None:
    service = PlannerService(demo_dir, today=TODAY)
    app = app_for(demo_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle_card(pilot)
        for _ in range(3):
            row = queue(app).selected()
            assert row is not None and row.prospect_id is not None
            prospect = service.prospect(row.prospect_id)
            assert prospect is not None
            shown = card(app).shown
            assert shown is not None and shown.prospect.id == prospect.id
            text = card(app).text().plain
            assert prospect.name in text and prospect.phone in text
            assert prospect.email in text and prospect.status in text
            history = service.history(prospect.id)
            assert f"touches {len(history)}" in text
            if history and history[-1].note:
                assert history[-1].note[:20] in text
            await pilot.press("j")
            await settle_card(pilot)
        assert not errors(app)


async def test_user_text_on_the_card_is_shown_literally(tmp_path: Path, app_for: MakeApp) -> None:
    data = prospecting_dir(tmp_path)
    service = PlannerService(data, today=TODAY)
    service.add_prospect("[bold]Mal[/bold] \x1b[31mIcious", phone="[@click=app.quit]555")
    service.set_follow_up(service.find_prospect("[bold]").id, TODAY)  # type: ignore[union-attr]
    app = app_for(data)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle_card(pilot)
        rows = queue(app).rows_shown
        queue(app).move_cursor(row=next(i for i, r in enumerate(rows) if r.name))
        await settle_card(pilot)
        text = card(app).text().plain
        assert "[bold]Mal[/bold]" in text and "\x1b" not in text
        assert "[@click=app.quit]555" in text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProspectModal)
        await pilot.press("escape")
        await settle(pilot)
        assert app.current_mode == "today" and not errors(app)


async def test_a_new_lead_line_shows_a_hint(tmp_path: Path, app_for: MakeApp) -> None:
    app = app_for(prospecting_dir(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle_card(pilot)
        assert queue(app).selected().name is None  # type: ignore[union-attr]
        assert "Find a new lead" in card(app).text().plain
        await pilot.press("enter")  # nobody to open: a hint, no box
        await settle(pilot)
        assert not isinstance(app.screen, ProspectModal)


async def test_enter_opens_every_touch_and_e_edits(demo_dir: Path, app_for: MakeApp) -> None:
    service = PlannerService(demo_dir, today=TODAY)
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_card(pilot)
        row = queue(app).selected()
        assert row is not None and row.prospect_id is not None
        history = service.history(row.prospect_id)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProspectModal)
        shown = str(app.screen.query_one("#prospect-full").render())
        assert f"History ({len(history)} touches)" in shown
        assert shown.count(f"{history[0].at:%Y-%m-%d}") >= 1  # the oldest too, not just 12
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#edit-phone").value = "+1 555 0100"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProspectModal)
        assert "+1 555 0100" in str(app.screen.query_one("#prospect-full").render())
        await pilot.press("escape")
        await settle_card(pilot)
        assert "+1 555 0100" in card(app).text().plain
        assert not errors(app)
    assert service.prospect(row.prospect_id).phone == "+1 555 0100"  # type: ignore[union-attr]


async def test_c_and_a_note_typed_in_one_burst(demo_dir: Path, app_for: MakeApp) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_card(pilot)
        row = queue(app).selected()
        assert row is not None and row.prospect_id is not None
        burst(app, "cwants the price list, call Tuesday\r")
        await settle(pilot)
        assert not note_bar(app).is_open and not errors(app)
    touch = newest(demo_dir, row.prospect_id)
    assert (touch.outcome, touch.note) == ("conversation", "wants the price list, call Tuesday")


async def test_escape_in_the_note_box_logs_nothing(demo_dir: Path, app_for: MakeApp) -> None:
    before = len(PlannerService(demo_dir, today=TODAY).touches(TODAY, TODAY))
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c", "escape")
        await settle(pilot)
    assert len(PlannerService(demo_dir, today=TODAY).touches(TODAY, TODAY)) == before


async def test_x_asks_the_reason_with_one_key_then_the_note(
    demo_dir: Path, app_for: MakeApp
) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = queue(app).selected()
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ReasonModal)
        # The reason key and the note in one burst: t is timing, then "too busy..." is the
        # note, not more reason keys (t, o, b, c, n are all reason keys) nor today keys.
        burst(app, "btoo busy until March\r")
        await settle(pilot)
        second = queue(app).selected()
        await pilot.press("x", "enter", "enter")  # no reason, no note: one key + two enters
        await settle(pilot)
        assert not errors(app)
    assert first is not None and first.prospect_id is not None
    assert second is not None and second.prospect_id is not None
    service = PlannerService(demo_dir, today=TODAY)
    touch = newest(demo_dir, first.prospect_id)
    assert (touch.outcome, touch.note) == ("not-interested", "too busy until March")
    assert service.prospect(first.prospect_id).lost_reason == "budget"  # type: ignore[union-attr]
    touch = newest(demo_dir, second.prospect_id)
    assert (touch.outcome, touch.note) == ("not-interested", "")


async def test_m_asks_the_day_then_the_note(demo_dir: Path, app_for: MakeApp) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        row = queue(app).selected()
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpModal)
        await pilot.press(*"2026-12-03", "enter")
        await settle(pilot)
        assert note_bar(app).is_open
        assert "Thu 03 Dec" in note_bar(app).question.plain
        burst(app, "demo with the CFO\r")
        await settle(pilot)
        assert not errors(app)
    assert row is not None and row.prospect_id is not None
    touch = newest(demo_dir, row.prospect_id)
    assert (touch.outcome, touch.note) == ("meeting", "demo with the CFO")
    prospect = PlannerService(demo_dir, today=TODAY).prospect(row.prospect_id)
    assert prospect is not None and prospect.follow_up == date(2026, 12, 3)


async def test_s_on_revenue_asks_the_amount_then_the_note(demo_dir: Path, app_for: MakeApp) -> None:
    service = PlannerService(demo_dir, today=TODAY)
    service.set_target("250000", "revenue", service.active_target().period)  # type: ignore[union-attr]
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        row = queue(app).selected()
        burst(app, "s1250\r")
        await settle(pilot)
        assert note_bar(app).is_open
        burst(app, "two licences\r")
        await settle(pilot)
        assert not errors(app)
    assert row is not None and row.prospect_id is not None
    touch = newest(demo_dir, row.prospect_id)
    assert (touch.outcome, touch.amount, touch.note) == ("sale", Decimal("1250"), "two licences")


async def test_a_adds_a_note_to_the_last_touch_and_u_undoes_it(
    demo_dir: Path, app_for: MakeApp
) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_card(pilot)
        row = queue(app).selected()
        assert row is not None and row.prospect_id is not None
        burst(app, "cfirst thoughts\r")
        await settle_card(pilot)
        # The cursor moved on; `a` still notes the call just logged, and says whose it is.
        assert queue(app).selected() != row
        burst(app, "a")
        await settle(pilot)
        assert note_bar(app).is_open and row.name in note_bar(app).question.plain
        burst(app, "and a second one\r")
        await settle(pilot)
        assert newest(demo_dir, row.prospect_id).note == "first thoughts; and a second one"
        await pilot.press("k")  # back onto the line: the card shows the amended note
        await settle_card(pilot)
        assert "first thoughts; and a second one" in card(app).text().plain
        await pilot.press("u")
        await settle_card(pilot)
        assert newest(demo_dir, row.prospect_id).note == "first thoughts"
        assert "and a second one" not in card(app).text().plain
        assert not errors(app)
    touch = newest(demo_dir, row.prospect_id)
    assert (touch.outcome, touch.note) == ("conversation", "first thoughts")


async def test_the_card_keeps_the_queue_usable_on_small_screens(
    demo_dir: Path, app_for: MakeApp
) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_card(pilot)
        rows_visible = queue(app).scrollable_content_region.height - 1  # less the header
        assert rows_visible >= 5
        assert card(app).region.height == 5 and card(app).fit == "compact"
        await pilot.resize_terminal(60, 20)
        await settle_card(pilot)
        assert card(app).region.height <= 1 and card(app).fit == "line"
        # One queue row goes to the name and number to dial.
        assert queue(app).scrollable_content_region.height - 1 >= 4
        await pilot.resize_terminal(120, 36)
        await settle_card(pilot)
        assert card(app).fit == "full" and card(app).region.width == 38


async def test_b_shows_the_booked_date_on_the_card(demo_dir: Path, app_for: MakeApp) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle_card(pilot)
        # Called, then back up to book the call back: the line (done) stays in the queue.
        burst(app, "c\r")
        await settle_card(pilot)
        await pilot.press("k")
        await settle_card(pilot)
        assert "follow-up" not in card(app).text().plain
        burst(app, "b2026-12-08\r")
        await settle_card(pilot)
        assert "follow-up Tue 08 Dec" in card(app).text().plain
        assert not errors(app)


async def test_opened_again_the_cursor_starts_on_the_first_line_to_do(
    demo_dir: Path, app_for: MakeApp
) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n", "n")
        await settle(pilot)
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_card(pilot)
        row = queue(app).selected()
        assert row is not None and not row.done and queue(app).cursor_row == 2
        assert card(app).shown is not None and card(app).shown.prospect.id == row.prospect_id


async def test_a_reason_key_remapped_by_its_id(
    demo_dir: Path, config_path: Path, app_for: MakeApp
) -> None:
    save_config(Config(keymap={"reason.no_fit": "f"}), config_path)
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        row = queue(app).selected()
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ReasonModal)
        assert "f no-fit" in str(app.screen.query_one("#reason-keys").render())
        await pilot.press("f", "enter")
        await settle(pilot)
        assert not errors(app)
    assert row is not None and row.prospect_id is not None
    prospect = PlannerService(demo_dir, today=TODAY).prospect(row.prospect_id)
    assert prospect is not None and prospect.lost_reason == "no-fit"
