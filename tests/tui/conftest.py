"""The TUI tier: the real app on a real store in a temp folder, driven by Pilot."""

from __future__ import annotations

import asyncio
import inspect
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
import textual._wait
from textual.pilot import Pilot

from planner.service import PlannerService
from tui.app import PlannerApp, make_app
from tui.jobs import DEMO_CALLS_PER_DAY, DEMO_SEED, DEMO_YEARS
from tui.runner import LOG_PROCESS
from tui.screens.today import TodayScreen
from tui.widgets.note_bar import NoteBar
from tui.widgets.queue_table import QueueTable

TODAY = date(2026, 11, 27)  # a Friday
NEXT_WORKING_DAY = date(2026, 11, 30)
MakeApp = Callable[..., PlannerApp]


# Pilot takes the app to be done with a key once the process has used next to no CPU over
# one polling interval, and waits for that twice per key and once per pause. Textual polls
# every 20 ms, so a third of a Pilot test was spent asleep between finished steps; 5 ms
# polls ask the same question (under 5% of the interval busy) four times as often. What a
# test needs to have happened it waits for by name (settle, settle_card), never by sleeping.
IDLE_POLL_SECONDS = 0.005


@pytest.fixture(scope="session", autouse=True)
def quick_idle_polls() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(textual._wait, "SLEEP_GRANULARITY", IDLE_POLL_SECONDS)
        patch.setattr(textual._wait, "SLEEP_IDLE", IDLE_POLL_SECONDS / 20)
        yield


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (the suite needs no asyncio plugin)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture(autouse=True)
def touches_stored_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer process (planner.service.logserver) is off here but in its own tests
    (test_writer_process.py): a second Python process for every app would double this
    tier's time, and it stores through the same PlannerService.log as the path tested here
    (the one the app takes until the writer is warm, and whenever it is busy or gone)."""
    monkeypatch.setenv(LOG_PROCESS, "0")


def _demo(folder: Path, today: date) -> Path:
    PlannerService(folder, today=today).load_demo(
        years=DEMO_YEARS, calls_per_day=DEMO_CALLS_PER_DAY, seed=DEMO_SEED
    )
    return folder


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Demo data for TODAY, built once per test process, with today's morning question
    answered (the demo leaves it open) so that tests start on the queue."""
    folder = _demo(tmp_path_factory.mktemp("demo") / "data", TODAY)
    PlannerService(folder, today=TODAY).save_composure("demo-1", 4, "call the old ones first")
    return folder


@pytest.fixture(scope="session")
def yesterday_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Demo data as `planner demo` leaves it: TODAY's morning question still open."""
    return _demo(tmp_path_factory.mktemp("demo-before") / "data", TODAY)


@pytest.fixture
def demo_dir(demo_template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(demo_template, tmp_path / "demo"))


@pytest.fixture
def morning_dir(yesterday_template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(yesterday_template, tmp_path / "morning"))


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    return tmp_path / "planner-config" / "config.toml"


@pytest.fixture
def app_for(config_path: Path) -> MakeApp:
    """make_app with a fixed today and a config file of the test's own."""

    def build(data_dir: Path, *, today: date = TODAY, theme: str | None = None) -> PlannerApp:
        return make_app(data_dir, today=today, theme=theme, config_path=config_path)

    return build


async def settle(pilot: Pilot[None], rounds: int = 20) -> None:
    """Until no worker runs and no message waits: a job's reply may start another job."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(not w.is_finished for w in app.workers):
            return


CARD_READ = "card-fetch"  # the name tui.widgets.card gives the timer of its delayed read


async def settle_card(pilot: Pilot[None], rounds: int = 20) -> None:
    """settle, then until the card's delayed read (a held j reads only where it stops) has
    run and its answer is drawn."""
    app = pilot.app
    await settle(pilot)
    for _ in range(rounds):
        screens = {app.screen, *app.screen_stack, app.today_screen} - {None}
        waiting = [
            timer._task
            for screen in screens
            for node in screen.walk_children(with_self=True)
            for timer in node._timers
            if timer.name == CARD_READ and timer._task is not None and not timer._task.done()
        ]
        if not waiting:
            return
        await asyncio.wait(waiting)
        await settle(pilot)


def today_screen(app: PlannerApp) -> TodayScreen:
    screen = app.today_screen
    assert screen is not None
    return screen


def queue(app: PlannerApp) -> QueueTable:
    return today_screen(app).query_one(QueueTable)


def note_bar(app: PlannerApp) -> NoteBar:
    """The after-call note line of the today screen (open: it takes the keys)."""
    return today_screen(app).query_one(NoteBar)


def touches_today(data_dir: Path, day: date = TODAY) -> list[tuple[int, str]]:
    """(prospect id, outcome) of every touch stored for ``day``, read by a fresh service."""
    service = PlannerService(data_dir, today=day)
    return [(t.prospect_id, t.outcome) for t in service.touches(day, day)]


def errors(app: PlannerApp) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


def messages(app: PlannerApp) -> list[str]:
    return [n.message for n in app._notifications]
