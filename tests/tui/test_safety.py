"""Names are data, never markup or terminal commands: shown literally, inert when clicked."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from planner.calendar import parse_period
from planner.service import PlannerService
from tests.tui.conftest import TODAY, MakeApp, errors, messages, queue, settle, today_screen
from tui.safe import cell, clean, plain

EVIL = ["[@click=app.quit]Call me[/]", "[bold]Acme", "price [b"]
OSC52 = "\x1b]52;c;SGVsbG8=\x07Evil Corp"


@pytest.mark.parametrize("text", [*EVIL, OSC52, "tab\there", "bidi\u202eesrever"])
def test_safe_text_is_literal_and_free_of_control_characters(text: str) -> None:
    shown = clean(text)
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in shown)
    assert "\u202e" not in shown
    assert plain(text).plain == shown and not plain(text).spans
    assert cell(text).plain == shown and not cell(text).spans
    if text in EVIL:
        assert shown == text  # brackets survive: nothing was read as markup


@pytest.fixture
def evil_dir(tmp_path: Path) -> Path:
    data = tmp_path / "evil"
    service = PlannerService(data, today=TODAY)
    service.configure(capacity=10)
    service.set_target("40", "sales", parse_period("2026-Q4"))
    service.save_composure("any", 3, "[@click=app.quit]quit[/] \x1b]52;c;eA==\x07")
    for value, name in enumerate([*EVIL, OSC52], start=1):
        service.add_prospect(name, company="[red]Co[/red]", value=None)
        del value
    return data


async def test_hostile_names_show_literally_and_clicks_do_nothing(
    evil_dir: Path, app_for: MakeApp
) -> None:
    app = app_for(evil_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = queue(app)
        shown = {table.cell_text(i, 2) for i in range(table.row_count)}
        assert set(EVIL) <= shown
        assert "]52;c;SGVsbG8=Evil Corp" in shown  # the escape byte itself is gone
        intent = str(today_screen(app).query_one("#intent").render())
        assert "[@click=app.quit]quit[/]" in intent and "\x1b" not in intent

        row = next(i for i in range(table.row_count) if table.cell_text(i, 2) == EVIL[0])
        painted = table.render_line(row + 1).text  # the header is line 0
        assert EVIL[0][:21] in painted and "\x1b" not in painted  # cut to its column
        # Click right on the name (border, then the # and src columns with their padding).
        await pilot.click(table, offset=(14, 2 + row))
        await pilot.click(table, offset=(16, 2 + row))
        await settle(pilot)
        assert app.is_running
        assert table.cursor_row == row  # the click selected the line, and did nothing else
        await pilot.press("n")
        await settle(pilot)
        assert app.is_running and not errors(app)
        assert any(EVIL[0] in m for m in messages(app))

        await pilot.press("p")
        await settle(pilot)
        prospects = app.screen.query_one("#prospect-table", DataTable)
        names = {prospects.get_cell_at(Coordinate(i, 0)).plain for i in range(prospects.row_count)}
        assert set(EVIL) <= names
        await pilot.click(prospects, offset=(4, 2))
        await settle(pilot)
        card = str(app.screen.query_one("#prospect-card").render())
        assert "[red]Co[/red]" in card
        assert app.is_running
