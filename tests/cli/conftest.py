"""Run the real `planner` command line on a real data dir in a temp folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.runner import Planner, Result, run_in_child, run_in_process

__all__ = ["Planner", "Result"]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def planner(data_dir: Path) -> Planner:
    """Invoke the CLI in-process (fast), as `planner --data-dir D --today T ARGS...`."""

    def invoke(*args: str, today: str | None = "2026-07-01", stdin: str | None = None) -> Result:
        return run_in_process(data_dir, *args, today=today, stdin=stdin)

    return invoke


@pytest.fixture
def planner_process(data_dir: Path) -> Planner:
    """The real console entry point in a child process: exit codes and stderr as a shell sees."""

    def invoke(*args: str, today: str | None = "2026-07-01", stdin: str | None = None) -> Result:
        return run_in_child(data_dir, *args, today=today, stdin=stdin)

    return invoke
