"""The review: burn-up lines, this week by source against four weeks, composure by week."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from textual_plotext import PlotextPlot

from planner.models import ComposureCheck
from planner.service import PlannerService
from tests.tui.conftest import TODAY, MakeApp, errors, settle
from tui.review_model import composure_weeks, load_review, monday_of
from tui.screens.review import ReviewScreen


def test_burnup_lines_end_where_the_pace_says(demo_dir: Path) -> None:
    service = PlannerService(demo_dir, today=TODAY)
    data = load_review(service)
    report = service.status()
    assert data.burnup is not None and report is not None
    burnup = data.burnup
    assert burnup.days[0] == date(2026, 1, 1) and burnup.days[-1] == date(2026, 12, 31)
    assert burnup.expected[-1] == burnup.target_line == 301.0
    assert len(burnup.actual) == (TODAY - date(2026, 1, 1)).days + 1
    assert burnup.actual[-1] == float(report.pace.actual)
    assert burnup.actual == sorted(burnup.actual)  # cumulative never goes down
    # Expected to date counts the working days strictly before today, as pacing does.
    yesterday = burnup.days.index(TODAY) - 1
    assert abs(burnup.expected[yesterday] - report.pace.expected) < 1e-6


def test_week_by_source_against_trailing_average(demo_dir: Path) -> None:
    service = PlannerService(demo_dir, today=TODAY)
    data = load_review(service)
    monday = monday_of(TODAY)
    this_week = service.stage_counts(monday, TODAY)
    before = service.stage_counts(monday - timedelta(weeks=4), monday - timedelta(days=1))
    for week in data.week:
        assert week.touches == this_week[week.source].touches
        assert week.avg_touches == before[week.source].touches / 4


def test_composure_weeks_average_answers_and_count_skips() -> None:
    monday = monday_of(TODAY)
    checks = [
        ComposureCheck(monday, "a", 4, "x"),
        ComposureCheck(monday + timedelta(days=1), "b", 2, ""),
        ComposureCheck(monday + timedelta(days=2), "c", None, "", skipped=True),
    ]
    weeks = composure_weeks(checks, TODAY)
    assert len(weeks) == 6 and weeks[-1].monday == monday
    assert (weeks[-1].answered, weeks[-1].skipped, weeks[-1].average) == (2, 1, 3.0)
    assert weeks[0].average is None


async def test_review_screen_draws(demo_dir: Path, app_for: MakeApp) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.data is not None
        plot = app.screen.query_one(PlotextPlot)
        assert "2026: 244 of 301 sales" in plot.plt.build()
        assert "new" in str(app.screen.query_one("#review-week").render())
        await pilot.press("escape")
        await settle(pilot)
        assert app.current_mode == "today" and not errors(app)
