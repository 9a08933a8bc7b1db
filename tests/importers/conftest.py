"""The real command line on a temp data dir, and the CRM-shaped fixture files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from planner.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


Planner = Callable[..., Result]


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def invoke(data_dir: Path, *args: str, today: str | None = "2017-12-01") -> Result:
    """`planner --data-dir D --today T ARGS...` in-process.

    Any exception the command does not turn into its one-line error (exit 1) or usage error
    (exit 2) propagates and fails the test: click must not be allowed to swallow a
    traceback and report it as an ordinary exit 1.
    """
    prefix = ["--data-dir", str(data_dir)] + (["--today", today] if today else [])
    outcome = CliRunner().invoke(cli, [*prefix, *args], catch_exceptions=False)
    assert "Traceback (most recent call last)" not in outcome.stderr, outcome.stderr
    return Result(outcome.exit_code, outcome.stdout, outcome.stderr)


@pytest.fixture
def planner(data_dir: Path) -> Planner:
    def run(*args: str, today: str | None = "2017-12-01") -> Result:
        return invoke(data_dir, *args, today=today)

    return run


@pytest.fixture
def planner_process(data_dir: Path) -> Planner:
    """`python -m planner ...` in a child process: exit codes and stderr as a shell sees."""

    def run(*args: str, today: str | None = "2017-12-01") -> Result:
        prefix = ["--data-dir", str(data_dir)] + (["--today", today] if today else [])
        done = subprocess.run(
            [sys.executable, "-m", "planner", *prefix, *args],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
            timeout=120,
        )
        return Result(done.returncode, done.stdout, done.stderr)

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
