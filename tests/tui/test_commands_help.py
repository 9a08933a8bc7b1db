"""The command palette offers the main actions; the help screen lists every key."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette

from tests.tui.conftest import MakeApp, errors, settle, touches_today
from tui.keys import KEYS, MODAL_KEYS, display_keys
from tui.screens.help import HelpScreen
from tui.screens.review import ReviewScreen


async def test_palette_opens_review_and_undoes(demo_dir: Path, app_for: MakeApp) -> None:
    before = touches_today(demo_dir)
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"review")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("t", "n")
        await settle(pilot)
        assert len(touches_today(demo_dir)) == len(before) + 1
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"undo")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert not errors(app)
    assert sorted(touches_today(demo_dir)) == sorted(before)


async def test_help_lists_every_key_and_closes(demo_dir: Path, app_for: MakeApp) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(s.render()) for s in app.screen.query(".help-section"))
        for key in (*KEYS, *MODAL_KEYS):
            assert key.help in text and display_keys(key, {}) in text
        # Navigation keys wait while a dialog is open.
        await pilot.press("p")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.current_mode == "today" and not isinstance(app.screen, HelpScreen)


async def test_footer_keeps_the_logging_keys_at_80_columns(
    demo_dir: Path, app_for: MakeApp
) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys = [k for k in app.screen.query("FooterKey") if k.region.width]
        shown = {k.key for k in keys if k.region.right <= 80}  # type: ignore[attr-defined]
        assert {"n", "c", "m", "s", "x", "z", "l", "u", "question_mark"} <= shown
