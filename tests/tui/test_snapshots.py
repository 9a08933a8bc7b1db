"""Screens as SVG snapshots on deterministic demo data with a fixed today.

Update only after looking at the pictures: ``pytest tests/tui/test_snapshots.py
--snapshot-update``, then open ``tests/tui/__snapshots__/test_snapshots/*.svg``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.tui.conftest import MakeApp, settle_card

SnapCompare = Callable[..., bool]


def steps(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Wait for the data and the card, press ``keys`` one by one letting each screen load,
    wait again."""

    async def run(pilot: Pilot[Any]) -> None:
        await settle_card(pilot)
        for key in keys:
            await pilot.press(key)
            await settle_card(pilot)
        pilot.app.clear_notifications()  # toasts time out on the clock: not in the picture
        await pilot.pause()

    return run


def check(
    snap_compare: SnapCompare, app: Any, size: tuple[int, int], keys: Iterable[str] = ()
) -> None:
    assert snap_compare(app, terminal_size=size, run_before=steps(*keys))


def test_today_80x24(snap_compare: SnapCompare, demo_dir: Path, app_for: MakeApp) -> None:
    check(snap_compare, app_for(demo_dir), (80, 24))


def test_today_120x36_after_logging(
    snap_compare: SnapCompare, demo_dir: Path, app_for: MakeApp
) -> None:
    check(snap_compare, app_for(demo_dir), (120, 36), ["n", "c", "enter", "j", "s", "enter"])


def test_review_80x24(snap_compare: SnapCompare, demo_dir: Path, app_for: MakeApp) -> None:
    check(snap_compare, app_for(demo_dir), (80, 24), ["r"])


def test_help_80x24(snap_compare: SnapCompare, demo_dir: Path, app_for: MakeApp) -> None:
    check(snap_compare, app_for(demo_dir), (80, 24), ["question_mark"])


def test_composure_modal_80x24(
    snap_compare: SnapCompare, morning_dir: Path, app_for: MakeApp
) -> None:
    check(snap_compare, app_for(morning_dir), (80, 24), ["3"])


def test_today_60x20(snap_compare: SnapCompare, demo_dir: Path, app_for: MakeApp) -> None:
    check(snap_compare, app_for(demo_dir), (60, 20))


def test_today_120x36(snap_compare: SnapCompare, demo_dir: Path, app_for: MakeApp) -> None:
    check(snap_compare, app_for(demo_dir), (120, 36))


def test_review_60x20(snap_compare: SnapCompare, demo_dir: Path, app_for: MakeApp) -> None:
    check(snap_compare, app_for(demo_dir), (60, 20), ["r"])


def test_review_120x36(snap_compare: SnapCompare, demo_dir: Path, app_for: MakeApp) -> None:
    check(snap_compare, app_for(demo_dir), (120, 36), ["r"])


def test_help_60x20(snap_compare: SnapCompare, demo_dir: Path, app_for: MakeApp) -> None:
    check(snap_compare, app_for(demo_dir), (60, 20), ["question_mark"])


def test_help_120x36(snap_compare: SnapCompare, demo_dir: Path, app_for: MakeApp) -> None:
    check(snap_compare, app_for(demo_dir), (120, 36), ["question_mark"])


def test_search_box_80x24(snap_compare: SnapCompare, demo_dir: Path, app_for: MakeApp) -> None:
    check(snap_compare, app_for(demo_dir), (80, 24), ["l", "m", "a", "r"])


def test_confirm_on_a_done_line_80x24(
    snap_compare: SnapCompare, demo_dir: Path, app_for: MakeApp
) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await steps("n", "k")(pilot)  # the toast of the log is gone before the box opens
        await steps("c")(pilot)

    assert snap_compare(app_for(demo_dir), terminal_size=(80, 24), run_before=run)


def test_day_off_80x24(snap_compare: SnapCompare, tmp_path: Path, app_for: MakeApp) -> None:
    from datetime import date

    from planner.calendar import parse_period
    from planner.service import PlannerService

    data = tmp_path / "us"
    service = PlannerService(data, today=date(2026, 11, 26))
    service.configure(country="US", capacity=10)
    service.set_target("40", "sales", parse_period("2026-Q4"))
    service.add_prospect("Ann Lee")
    check(snap_compare, app_for(data, today=date(2026, 11, 26)), (80, 24))


def test_day_off_60x20(snap_compare: SnapCompare, tmp_path: Path, app_for: MakeApp) -> None:
    from datetime import date

    from planner.calendar import parse_period
    from planner.service import PlannerService

    data = tmp_path / "sat"
    service = PlannerService(data, today=date(2026, 11, 28))
    service.set_target("40", "sales", parse_period("2026-Q4"))
    check(snap_compare, app_for(data, today=date(2026, 11, 28)), (60, 20))


def test_note_box_80x24(snap_compare: SnapCompare, demo_dir: Path, app_for: MakeApp) -> None:
    check(snap_compare, app_for(demo_dir), (80, 24), ["c", *"wants pricing"])


def test_reason_box_80x24(snap_compare: SnapCompare, demo_dir: Path, app_for: MakeApp) -> None:
    check(snap_compare, app_for(demo_dir), (80, 24), ["x"])


def test_prospect_open_80x24(snap_compare: SnapCompare, demo_dir: Path, app_for: MakeApp) -> None:
    check(snap_compare, app_for(demo_dir), (80, 24), ["j", "enter"])
