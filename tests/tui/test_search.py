"""The search box: l logs to any prospect (fuzzy) or a new one; new-lead lines ask a name."""

from __future__ import annotations

from pathlib import Path

from planner.calendar import parse_period
from planner.service import PlannerService
from tests.tui.conftest import TODAY, MakeApp, errors, queue, settle, today_screen
from tui.screens.outcome import OutcomeModal
from tui.screens.search import SearchModal, best_matches


def test_best_matches_prefers_prefix_then_substring_then_subsequence() -> None:
    names = {1: "Anna Berg", 2: "Joanna Kim", 3: "Alan Nash", 4: "Bob"}
    assert [pid for pid, _ in best_matches(names, "ann")] == [1, 2, 3]
    assert best_matches(names, "zzz") == []
    assert len(best_matches(names, "", limit=2)) == 2


async def test_l_finds_a_prospect_by_part_of_the_name(demo_dir: Path, app_for: MakeApp) -> None:
    service = PlannerService(demo_dir, today=TODAY)
    target = service.prospects()[-1]
    before = len(service.touches(TODAY, TODAY))
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, SearchModal)
        await pilot.press(*target.name, "enter")
        await settle(pilot)
        assert isinstance(app.screen, OutcomeModal)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("enter")  # no note
        await settle(pilot)
        assert not isinstance(app.screen, (SearchModal, OutcomeModal))
        assert not errors(app)
        names = [r.name for r in today_screen(app).snapshot.rows if r.outcome]  # type: ignore[union-attr]
        assert target.name in names
    after = PlannerService(demo_dir, today=TODAY).touches(TODAY, TODAY)
    assert len(after) == before + 1
    newest = max(after, key=lambda t: t.id)
    assert (newest.prospect_id, newest.outcome) == (target.id, "conversation")


async def test_l_creates_a_new_prospect_even_when_a_longer_name_exists(
    demo_dir: Path, app_for: MakeApp
) -> None:
    service = PlannerService(demo_dir, today=TODAY)
    service.add_prospect("Xyloquent Tarrant")
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press(*"Xyloquent")  # a prefix of someone else: offered as new, last
        await settle(pilot)
        results = app.screen.query_one("#search-results")
        new_index = results.option_count - 1  # type: ignore[attr-defined]
        results.highlighted = new_index  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("enter", "enter")  # the meeting's day: none given; no note
        await settle(pilot)
        assert not errors(app)
    fresh = PlannerService(demo_dir, today=TODAY)
    quentins = sorted(p.name for p in fresh.prospects() if p.name.startswith("Xyloquent"))
    assert quentins == ["Xyloquent", "Xyloquent Tarrant"]
    newest = max(fresh.touches(TODAY, TODAY), key=lambda t: t.id)
    assert fresh.prospect(newest.prospect_id).name == "Xyloquent"  # type: ignore[union-attr]


async def test_new_lead_line_asks_the_name_and_keeps_it(tmp_path: Path, app_for: MakeApp) -> None:
    data = tmp_path / "prospecting"
    service = PlannerService(data, today=TODAY)
    service.configure(capacity=10)
    service.set_target("40", "sales", parse_period("2026-Q4"))
    service.save_composure("any", 3, "")
    app = app_for(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = queue(app).rows_shown
        index = next(i for i, r in enumerate(rows) if r.name is None)
        queue(app).move_cursor(row=index)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, SearchModal)
        await pilot.press("escape")  # nobody: nothing is logged
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Nadia Newlead", "enter")
        await settle(pilot)
        row = today_screen(app).snapshot.rows[index]  # type: ignore[union-attr]
        assert (row.name, row.outcome) == ("Nadia Newlead", "no-answer")
        assert not errors(app)
    # Reopened, the line still says who was called.
    again = app_for(data)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        row = today_screen(again).snapshot.rows[index]  # type: ignore[union-attr]
        assert (row.name, row.outcome) == ("Nadia Newlead", "no-answer")


async def test_empty_name_is_refused_inline(tmp_path: Path, app_for: MakeApp) -> None:
    data = tmp_path / "nobody"
    service = PlannerService(data, today=TODAY)
    service.set_target("40", "sales", parse_period("2026-Q4"))
    service.save_composure("any", 3, "")
    app = app_for(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("space", "enter")  # nobody to match, and no name to create
        await settle(pilot)
        assert isinstance(app.screen, SearchModal)
        assert "Type a name" in str(app.screen.query_one("#search-error").render())
