"""Issue 10 in the TUI: the gauge says how far behind with the interval, a closed period
shows its final result, the review shows each source's rate with its interval."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from planner.calendar import parse_period
from planner.service import PlannerService
from tests.tui.conftest import MakeApp, errors, settle, today_screen
from tui.widgets.gauge import PaceGauge


async def test_a_closed_period_shows_its_final_result_and_a_nudge(
    tmp_path: Path, app_for: MakeApp
) -> None:
    data = tmp_path / "closed"
    service = PlannerService(data, today=date(2026, 6, 30))
    service.configure(capacity=10)
    service.set_target("5", "sales", parse_period("2026-06"))
    for day in (3, 10, 17):
        service.log(f"Buyer {day}", "sale", at=f"2026-06-{day:02d}")
    app = app_for(data, today=date(2026, 7, 2))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if app.screen is not today_screen(app):
            await pilot.press("escape")  # the morning question, if asked
            await settle(pilot)
        gauge = today_screen(app).query_one(PaceGauge)
        text = str(gauge.render())
        assert "2026-06 is over" in text and "final 3 of 5 sales" in text
        assert "target not reached" in text and "Set the next target" in text
        assert not errors(app)


async def test_the_gauge_says_how_far_behind_with_the_interval(
    demo_dir: Path, app_for: MakeApp
) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        report = today_screen(app).snapshot.report  # type: ignore[union-attr]
        assert report is not None
        text = str(today_screen(app).query_one(PaceGauge).render())
        assert f"{report.pace.behind_by:.1f} behind" in text
        low, high = report.pace.projected_low, report.pace.projected_high
        assert f"(80%: {low:,.0f}–{high:,.0f})" in text


async def test_the_review_shows_each_sources_rate_with_its_interval(
    demo_dir: Path, app_for: MakeApp
) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        panel = app.screen.query_one("#review-funnel")
        text = str(panel.render())
        assert "per touch" in text and "80% range" in text and "lead" in text
        assert text.count("%–") == 2  # an interval for each source
        assert panel.region.bottom <= 23  # fits above the footer at 80x24
