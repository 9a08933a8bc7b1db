"""A day off (weekend, holiday, day off) says so, asks nothing and shows no queue, until
the seller presses g to work anyway."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Static

from planner.calendar import parse_period
from planner.service import PlannerService
from tests.tui.conftest import MakeApp, errors, queue, settle, today_screen, touches_today
from tui.screens.composure import ComposureModal

THANKSGIVING = date(2026, 11, 26)
SATURDAY = date(2026, 11, 28)


def holiday_dir(tmp_path: Path) -> Path:
    data = tmp_path / "us"
    service = PlannerService(data, today=THANKSGIVING)
    service.configure(country="US", capacity=10)
    service.set_target("40", "sales", parse_period("2026-Q4"))
    for name in ("Ann Lee", "Bo Chan"):
        service.add_prospect(name)
    return data


def panel_text(app: object) -> str:
    screen = today_screen(app)  # type: ignore[arg-type]
    panel = screen.query_one("#day-off", Static)
    return str(panel.render()) if panel.display else ""


async def test_a_holiday_says_its_name_asks_nothing_and_hides_the_queue(
    tmp_path: Path, app_for: MakeApp
) -> None:
    data = holiday_dir(tmp_path)
    app = app_for(data, today=THANKSGIVING)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not isinstance(app.screen, ComposureModal)
        assert "Thanksgiving Day: no calls planned" in panel_text(app)
        assert not queue(app).display
        await pilot.press("n", "z", "j")  # queue keys wait on a day off
        await settle(pilot)
        assert touches_today(data, THANKSGIVING) == []
        await pilot.press("g")
        await settle(pilot)
        assert panel_text(app) == "" and queue(app).display and queue(app).has_focus
        assert not isinstance(app.screen, ComposureModal)
        await pilot.press("n")
        await settle(pilot)
        assert len(touches_today(data, THANKSGIVING)) == 1
        assert not errors(app)


async def test_a_weekend_says_its_weekday(tmp_path: Path, app_for: MakeApp) -> None:
    data = holiday_dir(tmp_path)
    app = app_for(data, today=SATURDAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Saturday: no calls planned" in panel_text(app)
        assert not isinstance(app.screen, ComposureModal)


async def test_a_working_day_has_no_day_off_panel(tmp_path: Path, app_for: MakeApp) -> None:
    data = holiday_dir(tmp_path)
    app = app_for(data, today=date(2026, 11, 25))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ComposureModal)  # a working morning asks
        await pilot.press("escape")
        await settle(pilot)
        assert panel_text(app) == "" and queue(app).display
        await pilot.press("g")  # no meaning on a working day
        await settle(pilot)
        assert not errors(app)


def test_day_off_name_says_why_a_day_is_off() -> None:
    from planner.calendar import WorkCalendar, day_off_name, public_holidays

    holidays = public_holidays("US", None, [2026])
    calendar = WorkCalendar(holidays=holidays, days_off=frozenset({date(2026, 12, 3)}))
    assert day_off_name(calendar, THANKSGIVING, country="US") == "Thanksgiving Day"
    assert day_off_name(calendar, SATURDAY, country="US") == "Saturday"
    assert day_off_name(calendar, date(2026, 12, 3), country="US") == "Day off"
    assert day_off_name(calendar, date(2026, 12, 2), country="US") is None
    # Christmas on a Friday: the holiday's name, not the weekday's.
    assert day_off_name(calendar, date(2026, 12, 25), country="US") == "Christmas Day"
