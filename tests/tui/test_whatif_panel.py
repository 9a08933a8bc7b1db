"""The what-if panel (`w`): arrows and typed values redraw the forecast at once, `a` adopts
the touches a day as the capacity through the service, and `u` undoes it."""

from __future__ import annotations

from pathlib import Path

from planner.service import PlannerService
from tests.tui.conftest import TODAY, MakeApp, errors, settle
from tui.app import PlannerApp
from tui.screens.whatif import WhatIfModal


def panel(app: PlannerApp) -> WhatIfModal:
    screen = app.screen
    assert isinstance(screen, WhatIfModal), type(screen).__name__
    return screen


def capacity(data_dir: Path) -> int:
    return PlannerService(data_dir, today=TODAY).settings().capacity


def shown(app: PlannerApp) -> str:
    return str(panel(app).query_one("#whatif-table").render())


async def test_w_opens_the_panel_at_the_sellers_own_figures(
    demo_dir: Path, app_for: MakeApp
) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        result = panel(app).result
        assert result is not None
        assert result.assumptions == result.baseline.assumptions
        status = PlannerService(demo_dir, today=TODAY).status()
        assert status is not None and result.scenario.p_hit == status.pace.p_hit
        assert "touches a day" in shown(app) and "chance to hit" in shown(app)
        best = str(panel(app).query_one("#whatif-best").render())
        assert best.startswith("Most help:")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, WhatIfModal)
        assert not errors(app)


async def test_arrows_change_the_selected_assumption_and_redraw(
    demo_dir: Path, app_for: MakeApp
) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        before = panel(app).result
        assert before is not None
        start = round(before.assumptions.touches_per_day)
        await pilot.press("right", "right", "right")
        after = panel(app).result
        assert after is not None
        assert after.assumptions.touches_per_day == start + 3
        assert after.scenario.projected > before.scenario.projected
        assert after.scenario.p_hit >= before.scenario.p_hit
        assert f"{start + 3}" in shown(app)
        await pilot.press("left")
        assert panel(app).result.assumptions.touches_per_day == start + 2  # type: ignore[union-attr]
        # down to the close rate: one step is half a point
        close = after.assumptions.close_rate
        await pilot.press("down", "down", "right")
        assert panel(app).result.assumptions.close_rate == round(close + 0.005, 6)  # type: ignore[union-attr]


async def test_a_typed_value_sets_the_field(demo_dir: Path, app_for: MakeApp) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("2", "5", "enter")  # touches a day
        result = panel(app).result
        assert result is not None and result.assumptions.touches_per_day == 25
        await pilot.press("down", "down", "1", "2", "%", "enter")  # close rate in percent
        result = panel(app).result
        assert result is not None and result.assumptions.close_rate == 0.12
        await pilot.press("down", "1", "2", "0", "enter")  # old share: 120% is refused
        error = str(panel(app).query_one("#whatif-error").render())
        assert "percent from 0 to 100" in error
        assert panel(app).result.assumptions.old_share == result.assumptions.old_share  # type: ignore[union-attr]
        await pilot.press("r")
        result = panel(app).result
        assert result is not None and result.assumptions == result.baseline.assumptions


async def test_adopt_saves_the_capacity_and_undo_restores_it(
    demo_dir: Path, app_for: MakeApp
) -> None:
    original = capacity(demo_dir)
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("3", "3", "enter", "a")
        await settle(pilot)
        assert not isinstance(app.screen, WhatIfModal)
        assert capacity(demo_dir) == 33 != original
        assert any("Capacity: 33" in n.message for n in app._notifications)
        await pilot.press("u")
        await settle(pilot)
        assert capacity(demo_dir) == original
        assert not errors(app)


async def test_the_panel_fits_80x24(demo_dir: Path, app_for: MakeApp) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        dialog = panel(app).query_one("#whatif-dialog")
        assert dialog.region.height <= 24 and dialog.region.width <= 80
        hint = panel(app).query_one("#whatif-hint")
        assert hint.region.bottom <= dialog.region.bottom
