"""Lint, format and strict typing run inside the suite: the one test command checks all."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    located = shutil.which(name)
    if located is None:
        raise FileNotFoundError(f"{name} is not installed: pip install -e '.[test]'")
    return located


@pytest.mark.parametrize(
    "args",
    [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy", "--strict", "planner", "tui"],
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_tool_is_clean(args: list[str]) -> None:
    result = subprocess.run(
        [_tool(args[0]), *args[1:]], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr


IMPORT_THEN_RUN = """
import os, sys
before = dict(os.environ), sys.getswitchinterval()
import textual.screen
import tui.app
assert (dict(os.environ), sys.getswitchinterval()) == before, "importing tui.app changed them"
tui.app.paint_at(tui.app.PAINT_FPS)
tui.app.hand_over_often()
assert sys.getswitchinterval() == tui.app.GIL_HANDOVER_SECONDS < before[1]
print(round(1 / textual.screen.UPDATE_PERIOD), tui.app.PAINT_FPS)
"""


@pytest.mark.parametrize(("user_fps", "fps"), [(None, "ours"), ("30", "30")])
def test_importing_the_app_leaves_the_process_alone_and_running_it_sets_the_paint_rate(
    user_fps: str | None, fps: str
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"}
    if user_fps is not None:
        env["TEXTUAL_FPS"] = user_fps  # the user's own rate wins
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_THEN_RUN],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    in_effect, ours = done.stdout.split()
    assert in_effect == (ours if fps == "ours" else fps)
