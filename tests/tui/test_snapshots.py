"""Screens as SVG snapshots on deterministic demo data with a fixed today.

Update only after looking at the pictures: ``pytest tests/tui/test_snapshots.py
--snapshot-update``, then open ``tests/tui/__snapshots__/test_snapshots/*.svg``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.tui.conftest import MakeApp, settle

SnapCompare = Callable[..., bool]


def steps(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Wait for the data, press ``keys`` one by one letting each screen load, wait again."""

    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
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
    check(snap_compare, app_for(demo_dir), (120, 36), ["n", "c", "j", "s"])


def test_review_80x24(snap_compare: SnapCompare, demo_dir: Path, app_for: MakeApp) -> None:
    check(snap_compare, app_for(demo_dir), (80, 24), ["r"])


def test_help_80x24(snap_compare: SnapCompare, demo_dir: Path, app_for: MakeApp) -> None:
    check(snap_compare, app_for(demo_dir), (80, 24), ["question_mark"])


def test_composure_modal_80x24(
    snap_compare: SnapCompare, morning_dir: Path, app_for: MakeApp
) -> None:
    check(snap_compare, app_for(morning_dir), (80, 24), ["3"])
