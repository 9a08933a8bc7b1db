"""The prospects screen fixes prospects: every field edited, remove (asks first), merge by
picking the other; and the palette rebuilds today's queue."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, OptionList

from planner.calendar import parse_period
from planner.service import PlannerService
from tests.tui.conftest import TODAY, MakeApp, errors, settle
from tui.screens.confirm import ConfirmModal
from tui.screens.edit_prospect import EditProspectModal
from tui.screens.prospects import ProspectsScreen
from tui.screens.search import SearchModal


def _seller(data_dir: Path) -> PlannerService:
    service = PlannerService(data_dir, today=TODAY)
    service.set_target("24", "sales", parse_period("2026"))
    service.add_prospect("Ann Lee", company="Acme")
    service.add_prospect("Anne Lee", new=True)
    service.add_prospect("Bob Stone")
    service.log("Anne Lee", "conversation", note="the same person, typed twice")
    return service


async def _select(pilot: object, screen: ProspectsScreen, name: str) -> None:
    for _ in range(len(screen.shown)):
        chosen = screen.selected()
        if chosen is not None and chosen.name == name:
            return
        await pilot.press("down")  # type: ignore[attr-defined]
        await settle(pilot)  # type: ignore[arg-type]
    raise AssertionError(f"{name} is not listed")


async def _prospects(pilot: object, app: object, name: str) -> ProspectsScreen:
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.press("escape")  # type: ignore[attr-defined]  # the morning question
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.press("p")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, ProspectsScreen)
    await _select(pilot, screen, name)
    return screen


async def test_edit_every_field(tmp_path: Path, app_for: MakeApp) -> None:
    data_dir = tmp_path / "data"
    _seller(data_dir)
    app = app_for(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await _prospects(pilot, app, "Bob Stone")
        await pilot.press("e")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, EditProspectModal)
        typed = {
            "name": "Bob Stoner",
            "company": "Stone & Sons",
            "email": "bob@stone.example",
            "phone": "+1 555 0100",
            "value": "1250",
            "follow_up": "2026-12-08",
        }
        for key, value in typed.items():
            modal.query_one(f"#edit-{key}", Input).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not errors(app) and isinstance(app.screen, ProspectsScreen)
    bob = PlannerService(data_dir, today=TODAY).prospect(3)
    assert bob is not None
    assert (bob.name, bob.company, bob.email, bob.phone) == (
        "Bob Stoner",
        "Stone & Sons",
        "bob@stone.example",
        "+1 555 0100",
    )
    assert str(bob.value) == "1250" and bob.follow_up == date(2026, 12, 8)


async def test_remove_asks_first_and_merge_picks_the_other(
    tmp_path: Path, app_for: MakeApp
) -> None:
    data_dir = tmp_path / "data"
    _seller(data_dir)
    app = app_for(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _prospects(pilot, app, "Ann Lee")
        await pilot.press("M")
        await settle(pilot)
        assert isinstance(app.screen, SearchModal)
        await pilot.press(*"Anne Lee")
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        assert options.get_option_at_index(0).id == "2"  # the match, not a new name
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert not errors(app)

        assert "Anne Lee" not in [p.name for p in screen.all]
        await _select(pilot, screen, "Bob Stone")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")  # no: nothing removed
        await settle(pilot)
        assert sorted(p.name for p in screen.all) == ["Ann Lee", "Bob Stone"]
        await pilot.press("d", "y")
        await settle(pilot)
        assert [p.name for p in screen.all] == ["Ann Lee"]
    service = PlannerService(data_dir, today=TODAY)
    assert [t.prospect_id for t in service.touches(TODAY, TODAY)] == [1]  # moved, kept
    assert service.undo() is not None and service.prospect(3) is not None


async def test_the_palette_rebuilds_todays_queue(tmp_path: Path, app_for: MakeApp) -> None:
    data_dir = tmp_path / "data"
    service = _seller(data_dir)
    app = app_for(data_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        plan = service.day_plan()
        assert plan is not None and 3 in plan.prospect_ids
        service.snooze(3)  # a snooze is no input of the plan: Bob stays until a rebuild
        assert 3 in (service.day_plan() or plan).prospect_ids
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Rebuild today", "enter")
        await settle(pilot)
        assert not errors(app)
        rebuilt = service.day_plan()
        assert rebuilt is not None and 3 not in rebuilt.prospect_ids
        shown = [row.prospect_id for row in app.today_screen.query_one("#queue").rows_shown]  # type: ignore[union-attr,attr-defined]
        assert 3 not in shown


async def test_a_meeting_asks_its_day_and_b_books_a_follow_up(
    tmp_path: Path, app_for: MakeApp
) -> None:
    data_dir = tmp_path / "data"
    _seller(data_dir)
    app = app_for(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # the morning question
        await settle(pilot)
        rows = app.today_screen.query_one("#queue").rows_shown  # type: ignore[union-attr,attr-defined]
        first, second = rows[0], rows[1]
        await pilot.press("m")
        await settle(pilot)
        await pilot.press(*"next week", "enter")  # refused inline, the box stays
        await settle(pilot)
        assert "cannot read follow-up date" in str(
            app.screen.query_one("#follow-up-error").render()
        )
        app.screen.query_one("#follow-up-input", Input).value = ""
        await pilot.press(*"+3d", "enter")
        await settle(pilot)
        await pilot.press("enter")  # then the note box: enter alone skips it
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press(*"2026-12-01", "enter")
        await settle(pilot)
        assert not errors(app)
    service = PlannerService(data_dir, today=TODAY)
    met = service.prospect(first.prospect_id)
    booked = service.prospect(second.prospect_id)
    assert met is not None and met.follow_up == date(2026, 11, 30)  # the meeting's day
    assert [t.outcome for t in service.history(met.id)][-1] == "meeting"
    assert booked is not None and booked.follow_up == date(2026, 12, 1)
    monday = PlannerService(data_dir, today=date(2026, 11, 30)).queue()
    assert monday.items[0].prospect is not None and monday.items[0].prospect.id == met.id
