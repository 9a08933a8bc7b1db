"""The morning question: shown on the first open of a day, once, answered or skipped."""

from __future__ import annotations

from pathlib import Path

from planner.service import PlannerService
from tests.tui.conftest import TODAY, MakeApp, settle, today_screen
from tui.screens.composure import ComposureModal, RatingBar


async def test_first_open_asks_and_saves_rating_and_intent(
    morning_dir: Path, app_for: MakeApp
) -> None:
    app = app_for(morning_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ComposureModal)
        prompt_id = app.screen.prompt.id
        await pilot.press("enter")  # no rating yet: refused inline, the dialog stays
        assert isinstance(app.screen, ComposureModal)
        assert "Press 1-5" in str(app.screen.query_one("#composure-error").render())
        await pilot.press("4")
        assert app.screen.query_one(RatingBar).rating == 4
        await pilot.press(*"call the 3 warmest first", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, ComposureModal)
        intent = str(today_screen(app).query_one("#intent").render())
        assert "call the 3 warmest first" in intent and "4 focused" in intent
    check = PlannerService(morning_dir, today=TODAY).composure_today()
    assert check is not None
    assert (check.prompt_id, check.rating, check.intent, check.skipped) == (
        prompt_id,
        4,
        "call the 3 warmest first",
        False,
    )
    # The second open of the day goes straight to the queue.
    again = app_for(morning_dir)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not isinstance(again.screen, ComposureModal)


async def test_escape_skips_and_is_not_asked_again(morning_dir: Path, app_for: MakeApp) -> None:
    app = app_for(morning_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ComposureModal)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ComposureModal)
        assert "skipped" in str(today_screen(app).query_one("#intent").render())
    check = PlannerService(morning_dir, today=TODAY).composure_today()
    assert check is not None and check.skipped and check.rating is None
    again = app_for(morning_dir)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not isinstance(again.screen, ComposureModal)


async def test_digits_in_the_intent_are_text_not_ratings(
    morning_dir: Path, app_for: MakeApp
) -> None:
    app = app_for(morning_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2", *"10 calls by 10", "enter")
        await settle(pilot)
    check = PlannerService(morning_dir, today=TODAY).composure_today()
    assert check is not None and (check.rating, check.intent) == (2, "10 calls by 10")


async def test_question_waits_for_a_target(tmp_path: Path, app_for: MakeApp) -> None:
    """A fresh data dir shows the setup form first; the question comes after it."""
    app = app_for(tmp_path / "fresh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not isinstance(app.screen, ComposureModal)
        assert type(app.screen).__name__ == "SetupScreen"
