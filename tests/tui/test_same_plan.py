"""One day plan: the open TUI (Pilot, in this process) and `planner queue` (a child process)
list the same people in the same order, before and after logs from either side, after a
follow-up is booked and after an import (DESIGN section 2, day plan)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from planner.calendar import parse_period
from planner.service import PlannerService
from tests.tui.conftest import TODAY, MakeApp, errors, queue, settle
from tui.app import PlannerApp

REPO = Path(__file__).resolve().parents[2]
Line = tuple[str | None, bool]


def shell(data_dir: Path, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "planner", "--data-dir", str(data_dir), "--today", str(TODAY),
         *args],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def cli_plan(data_dir: Path) -> list[Line]:
    items = json.loads(shell(data_dir, "queue", "--json"))["items"]
    return [(i["prospect"]["name"] if i["prospect"] else None, i["done"]) for i in items]


def tui_plan(app: PlannerApp) -> list[Line]:
    return [(row.name, row.done) for row in queue(app).rows_shown]


async def same_plan(app: PlannerApp, data_dir: Path, pilot: object, limit: float = 4.0) -> None:
    """The TUI catches up with the store by itself (it polls): wait, then compare."""
    wanted = cli_plan(data_dir)
    started = time.monotonic()
    while tui_plan(app) != wanted and time.monotonic() - started < limit:
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    assert tui_plan(app) == wanted


async def test_the_tui_and_the_shell_show_one_plan(tmp_path: Path, app_for: MakeApp) -> None:
    data_dir = tmp_path / "data"
    service = PlannerService(data_dir, today=TODAY)
    service.set_target("24", "sales", parse_period("2026"))
    for name in ("Ann Lee", "Bob Stone", "Carla Diaz", "Dev Patel"):
        service.add_prospect(name)
    service.add_prospect(
        "Old Omar", status="lost", lost_reason="timing", last_contact=date(2026, 6, 1)
    )
    csv = tmp_path / "more.csv"
    csv.write_text("name,company\nEva Novak,Fjordsoft\nFinn Berg,Nordwerk\n", encoding="utf-8")

    app = app_for(data_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # the morning question
        await settle(pilot)
        await same_plan(app, data_dir, pilot)
        names = [name for name, _ in tui_plan(app) if name]
        assert "Old Omar" in names and "Ann Lee" in names  # both kinds, at once

        shell(data_dir, "log", "call", "Carla Diaz", "--outcome", "conversation")
        await same_plan(app, data_dir, pilot)
        assert ("Carla Diaz", True) in tui_plan(app)

        await pilot.press("n")  # the TUI logs its first line
        await settle(pilot)
        assert not errors(app)
        await same_plan(app, data_dir, pilot)
        assert tui_plan(app)[0][1]

        # Booked for today from the shell: the plan is rebuilt and the follow-up leads
        # what is left, done lines kept where they were.
        before = tui_plan(app)
        shell(data_dir, "prospect", "edit", "Dev Patel", "--follow-up", "today")
        await same_plan(app, data_dir, pilot)
        after = tui_plan(app)
        assert [line for line in after if line[1]] == [line for line in before if line[1]]
        first_open = next(name for name, done in after if not done)
        assert first_open == "Dev Patel"

        shell(data_dir, "prospect", "import", str(csv))
        await same_plan(app, data_dir, pilot)
        names = [name for name, _ in tui_plan(app)]
        assert "Eva Novak" in names and "Finn Berg" in names
