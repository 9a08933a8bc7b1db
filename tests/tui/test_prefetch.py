"""The first load read by a forked child: the same snapshot the app reads, or none at all."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from planner.service import PlannerService
from tests.tui.conftest import TODAY, MakeApp, queue, settle, today_screen, touches_today
from tui.prefetch import Prefetch
from tui.today_model import day_off_name, load_today


def test_the_child_answers_what_the_app_would_read(demo_dir: Path) -> None:
    prefetch = Prefetch.start(demo_dir, TODAY)
    assert prefetch is not None
    answer = prefetch.take()
    assert answer is not None
    snapshot, day_off = answer
    service = PlannerService(demo_dir, today=TODAY)
    assert snapshot == load_today(service)  # the plan the child stored is the one read here
    assert day_off == day_off_name(service, TODAY) is None
    assert prefetch.take() is None  # once


def test_ready_once_the_child_has_answered(demo_dir: Path) -> None:
    prefetch = Prefetch.start(demo_dir, TODAY)
    assert prefetch is not None
    assert prefetch.ready(timeout=30)
    assert prefetch.take() is not None
    assert not prefetch.ready()  # taken: nothing more to wait for


def broken(folder: Path) -> Path:
    """A data dir whose settings file is not JSON: every read of it fails."""
    folder.mkdir()
    (folder / "planner.json").write_text("{ not json", encoding="utf-8")
    return folder


def test_a_child_that_fails_answers_nothing(tmp_path: Path) -> None:
    prefetch = Prefetch.start(broken(tmp_path / "broken"), TODAY)
    assert prefetch is not None
    assert prefetch.take() is None


def test_a_prefetch_never_taken_lets_its_child_go(demo_dir: Path) -> None:
    prefetch = Prefetch.start(demo_dir, TODAY)
    assert prefetch is not None
    prefetch.close()
    assert prefetch.take() is None


async def test_the_screen_shows_the_childs_answer_without_a_service(
    demo_dir: Path, app_for: MakeApp
) -> None:
    before = len(touches_today(demo_dir))
    app = app_for(demo_dir)
    app.runner.prefetched(Prefetch.start(demo_dir, TODAY))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        snapshot = today_screen(app).snapshot
        assert snapshot == load_today(PlannerService(demo_dir, today=TODAY))
        assert app.runner.take_prefetch() is None  # the first load took it
        assert app.runner.known_generation == snapshot.generation
        assert queue(app).selected() is not None
        await pilot.press("n")  # the service is built for the first write
        await settle(pilot)
    assert len(touches_today(demo_dir)) == before + 1


async def test_an_answer_already_there_is_in_the_first_frame(
    demo_dir: Path, app_for: MakeApp
) -> None:
    app = app_for(demo_dir)
    prefetch = Prefetch.start(demo_dir, TODAY)
    assert prefetch is not None and prefetch.ready(timeout=30)
    app.runner.prefetched(prefetch)
    groups: list[str] = []
    run_worker = app.run_worker

    def counted(*args: Any, **kwargs: Any) -> Any:
        groups.append(kwargs.get("group", ""))
        return run_worker(*args, **kwargs)

    app.run_worker = counted  # type: ignore[method-assign]
    async with app.run_test(size=(120, 36)):
        # Taken on the spot, no worker waited for it: the first frame showed the day.
        assert today_screen(app).snapshot is not None
        assert queue(app).selected() is not None
        assert "service" not in groups


async def test_a_failed_child_leaves_the_first_load_to_the_app(
    tmp_path: Path, demo_dir: Path, app_for: MakeApp
) -> None:
    app = app_for(demo_dir)
    app.runner.prefetched(Prefetch.start(broken(tmp_path / "broken"), TODAY))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        snapshot = today_screen(app).snapshot
        assert snapshot == load_today(PlannerService(demo_dir, today=TODAY))


async def test_the_collector_is_put_back_after_the_first_frame(
    demo_dir: Path, app_for: MakeApp
) -> None:
    before = gc.get_threshold()
    app = app_for(demo_dir)
    app.collector_after_start = (1234, 11, 12)  # run_app passes the command line's default
    try:
        gc.set_threshold(100_000, 10, 10)
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            assert gc.get_threshold() == (1234, 11, 12)
    finally:
        gc.set_threshold(*before)
