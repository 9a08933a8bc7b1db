"""The real command line on a temp data dir, and the CRM-shaped fixture files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.runner import Planner, Result, run_in_child, run_in_process

__all__ = ["Planner", "Result", "by_name", "invoke", "prospects", "snapshot"]

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def invoke(data_dir: Path, *args: str, today: str | None = "2017-12-01") -> Result:
    """`planner --data-dir D --today T ARGS...` in-process (tests.runner.run_in_process)."""
    return run_in_process(data_dir, *args, today=today)


@pytest.fixture
def planner(data_dir: Path) -> Planner:
    def run(*args: str, today: str | None = "2017-12-01") -> Result:
        return invoke(data_dir, *args, today=today)

    return run


@pytest.fixture
def planner_process(data_dir: Path) -> Planner:
    """`python -m planner ...` in a child process: exit codes and stderr as a shell sees."""

    def run(*args: str, today: str | None = "2017-12-01") -> Result:
        return run_in_child(data_dir, *args, today=today)

    return run


def prospects(run: Planner) -> list[dict[str, Any]]:
    found = run("prospect", "list", "--json")
    assert found.exit_code == 0, found.stderr
    return list(found.json()["prospects"])


def by_name(run: Planner) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in prospects(run)}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under the data dir (the lock file aside): equal snapshots, same store."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.endswith(".lock")
    }
