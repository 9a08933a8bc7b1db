"""First run: the setup form instead of an empty screen, or demo data to look around."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from planner.calendar import parse_period
from planner.service import PlannerService
from tests.tui.conftest import TODAY, MakeApp, errors, queue, settle, today_screen
from tui.screens.composure import ComposureModal
from tui.screens.setup import SetupScreen, parse_setup

FIELDS = {
    "target": "120",
    "period": "2026-Q4",
    "capacity": "30",
    "workdays": "mon-thu",
    "country": "de",
    "timezone": "Europe/Berlin",
}


def test_parse_setup_refuses_each_bad_field_with_its_reason() -> None:
    values, field, error = parse_setup(FIELDS, "sales")
    assert values is not None and (field, error) == ("", "")
    assert values.workdays == frozenset({0, 1, 2, 3}) and values.country == "DE"
    for name, bad, words in [
        ("target", "1e5", "plain positive number"),
        ("target", "12.5", "whole number of sales"),
        ("period", "next year", "cannot read period"),
        ("capacity", "0", "1 to 1000"),
        ("workdays", "someday", ""),
        ("country", "Germany", "2-letter code"),
        ("timezone", "Mars/Olympus", ""),
        ("sold", "-3", "whole number of sales"),
        ("sold", "2.5", "whole number of sales"),
    ]:
        values, field, error = parse_setup({**FIELDS, name: bad}, "sales")
        assert values is None and field == name and words in error


async def test_setup_form_saves_target_and_settings(tmp_path: Path, app_for: MakeApp) -> None:
    data = tmp_path / "fresh"
    app = app_for(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        assert app.screen.query("#setup-demo")  # a new user may look around first
        await pilot.press(*"12.5", "enter")  # refused inline: sales are whole
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        assert "whole number" in str(app.screen.query_one("#setup-error").render())
        await pilot.press("backspace", "backspace", "0")
        app.screen.query_one("#setup-period").value = "2026-Q4"  # type: ignore[attr-defined]
        app.screen.query_one("#setup-capacity").value = "25"  # type: ignore[attr-defined]
        app.screen.query_one("#setup-country").value = "de"  # type: ignore[attr-defined]
        app.screen.query_one("#setup-timezone").value = "Europe/Berlin"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        # Saved: the morning question follows, then the today screen with the new target.
        assert isinstance(app.screen, ComposureModal)
        await pilot.press("escape")
        await settle(pilot)
        assert today_screen(app).snapshot.target is not None  # type: ignore[union-attr]
        assert not errors(app)
    service = PlannerService(data, today=TODAY)
    target = service.active_target()
    assert target is not None
    assert (target.amount, target.metric, target.period.label) == (Decimal(120), "sales", "2026-Q4")
    settings = service.settings()
    assert (settings.capacity, settings.country, settings.timezone) == (25, "DE", "Europe/Berlin")
    assert target.carried_in == 0  # the form asked, and nothing was sold before


async def test_setup_form_asks_for_sales_so_far(tmp_path: Path, app_for: MakeApp) -> None:
    """A mid-year start: the sales so far count in actual from the first morning."""
    data = tmp_path / "fresh"
    app = app_for(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        sold = app.screen.query_one("#setup-sold")
        assert sold.region.bottom <= 24  # the field is on screen at 80x24
        await pilot.press(*"24")
        sold.value = "20"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        report = today_screen(app).snapshot.report  # type: ignore[union-attr]
        assert report is not None and report.pace.carried_in == 20
        assert report.pace.actual == 20
        assert not errors(app)
    target = PlannerService(data, today=TODAY).active_target()
    assert target is not None and target.carried_in == 20


async def test_try_demo_data_opens_a_working_planner(tmp_path: Path, app_for: MakeApp) -> None:
    data = tmp_path / "fresh"
    app = app_for(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        await pilot.click("#setup-demo")
        await settle(pilot)
        snapshot = today_screen(app).snapshot
        assert snapshot is not None and snapshot.report is not None
        assert snapshot.prospect_count > 1000 and len(queue(app).rows_shown) > 10
        assert not errors(app)


async def test_no_prospects_says_how_to_add_them(tmp_path: Path, app_for: MakeApp) -> None:
    data = tmp_path / "target-only"
    service = PlannerService(data, today=TODAY)
    service.set_target("50", "sales", parse_period("2026"))
    app = app_for(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # the morning question
        await settle(pilot)
        notice = str(today_screen(app).query_one("#notice").render())
        assert "No prospects yet" in notice and "import" in notice and "demo" in notice


async def test_d_loads_demo_data_after_asking(tmp_path: Path, app_for: MakeApp) -> None:
    data = tmp_path / "target-only"
    service = PlannerService(data, today=TODAY)
    service.set_target("50", "sales", parse_period("2026"))
    service.save_composure("any", 3, "")
    app = app_for(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("D", "n")  # asked, and declined: nothing changes
        await settle(pilot)
        assert today_screen(app).snapshot.prospect_count == 0  # type: ignore[union-attr]
        await pilot.press("D", "y")
        await settle(pilot)
        assert today_screen(app).snapshot.prospect_count > 1000  # type: ignore[union-attr]
        assert not errors(app)
    assert PlannerService(data, today=TODAY).store.list_backups()  # taken before replacing


async def test_demo_data_opens_on_the_morning_question_then_the_queue(
    morning_dir: Path, app_for: MakeApp
) -> None:
    """The README's run command on fresh demo data: the prompt, then gauge and queue."""
    from tui.screens.composure import ComposureModal
    from tui.widgets.queue_table import QueueTable

    app = app_for(morning_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ComposureModal)
        await pilot.press("4", *"old ones first", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, ComposureModal)
        today = app.today_screen
        assert today is not None and today.snapshot is not None
        assert today.snapshot.report is not None
        assert today.query_one(QueueTable).row_count > 0
