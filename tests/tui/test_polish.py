"""Polish: fewer footer keys at 60 columns, a chart legend off the data, two toasts at most,
each command once in the palette, binding ids on the help screen, and a keymap that is
refused (once, at start-up) where it would clash, take q or name no key."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual_plotext import PlotextPlot

from planner.config import Config, save_config
from tests.tui.conftest import MakeApp, errors, messages, settle, touches_today
from tui.commands import PlannerCommands
from tui.keys import KEYS, check_keymap
from tui.screens.help import HelpScreen


def footer_keys(app: object) -> list[tuple[str, int, int]]:
    screen = app.screen  # type: ignore[attr-defined]
    return [
        (k.key, k.region.x, k.region.right)
        for k in screen.query("FooterKey")
        if k.display and k.region.width
    ]


@pytest.mark.parametrize("width", [60, 80, 120])
async def test_footer_keys_fit_whole_and_help_stays(
    demo_dir: Path, app_for: MakeApp, width: int
) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        keys = footer_keys(app)
        assert keys and all(right <= width for _, _, right in keys)
        # Each key gets at least its key, a space and its label: nothing runs together.
        shown = {k.key: k for k in app.screen.query("FooterKey") if k.region.width}
        for key in shown.values():
            assert key.region.width >= len(key.key_display) + len(key.description) + 1
        assert "question_mark" in shown and "n" in shown
        if width >= 80:
            assert {"n", "c", "m", "s", "x", "z", "l", "u"} <= set(shown)


async def test_chart_legend_sits_in_the_border_not_on_the_lines(
    demo_dir: Path, app_for: MakeApp
) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        plot = app.screen.query_one(PlotextPlot)
        canvas = plot.plt.build()
        assert "target" not in canvas and "expected" not in canvas
        legend = str(plot.border_subtitle)
        assert "target" in legend and "expected" in legend and "actual" in legend


async def test_at_most_two_toasts(demo_dir: Path, app_for: MakeApp) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(5):
            await pilot.press("n")
            await settle(pilot)
        assert len(messages(app)) <= 2
        assert all(len(m) <= 80 for m in messages(app))
        assert "Logged" in messages(app)[-1]


async def test_palette_lists_every_command_once(demo_dir: Path, app_for: MakeApp) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        ours = [name for name, _, _ in PlannerCommands(app.screen).commands()]
        system = [c.title for c in app.get_system_commands(app.screen)]
        names = ours + system
        assert len(names) == len(set(names)), names
        for wanted in (
            "Keys",
            "Export the week",
            "Import prospects",
            "Add prospect",
            "Back up now",
            "Answer the morning question",
            "Log a touch",
            "Undo",
        ):
            assert wanted in names


async def test_palette_add_prospect_and_backup(demo_dir: Path, app_for: MakeApp) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.today_screen
        assert screen is not None
        screen.action_add_prospect()
        await settle(pilot)
        await pilot.press(*"Zed Palette", "ctrl+n")
        await settle(pilot)
        assert any("Added Zed Palette" in m for m in messages(app))
        screen.action_backup()
        await settle(pilot)
        assert any("Backup taken" in m for m in messages(app))
        assert not errors(app)


async def test_help_shows_each_binding_id(demo_dir: Path, app_for: MakeApp) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(s.render()) for s in app.screen.query(".help-section"))
        for key in KEYS:
            assert key.id in text, key.id
        assert "search.create" in text and "composure.rate_1" in text


def test_keymap_check_refuses_clashes_q_and_non_keys() -> None:
    accepted, problems = check_keymap(
        {
            "log.no_answer": "o",  # the README's example
            "log.sale": "c",  # c is the conversation key
            "queue.snooze": "q",  # q quits
            "log.undo": "ctrl+",  # no key
            "nowhere.at_all": "y",
        }
    )
    assert accepted == {"log.no_answer": "o"}
    assert len(problems) == 4
    assert any("log.conversation" in p for p in problems)


async def test_a_clashing_remap_is_reported_once_and_keeps_the_default(
    demo_dir: Path, config_path: Path, app_for: MakeApp
) -> None:
    save_config(Config(keymap={"log.sale": "c", "log.no_answer": "o"}), config_path)
    before = touches_today(demo_dir)
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert len(errors(app)) == 1 and "log.conversation" in errors(app)[0]
        await pilot.press("c")  # still conversation, not a sale
        await settle(pilot)
        await pilot.press("enter")  # no note
        await settle(pilot)
        await pilot.press("o")  # the README's remap works
        await settle(pilot)
    outcomes = sorted(o for _, o in touches_today(demo_dir))
    assert len(outcomes) == len(before) + 2
    added = list(outcomes)
    for _, outcome in before:
        added.remove(outcome)
    assert sorted(added) == ["conversation", "no-answer"]


async def test_palette_export_writes_the_week(
    demo_dir: Path, app_for: MakeApp, tmp_path: Path
) -> None:
    target = tmp_path / "week.md"
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.today_screen
        assert screen is not None
        screen.action_export_week()
        await settle(pilot)
        field = app.screen.query_one("#ask-input")
        field.value = str(target)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert not errors(app), errors(app)
        assert any("Exported 2026-W48" in m for m in messages(app))
    assert target.read_text(encoding="utf-8").startswith("#")
