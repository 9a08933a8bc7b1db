"""Run the real `planner` command line on a real data dir in a temp folder."""

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


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


Planner = Callable[..., Result]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def planner(data_dir: Path) -> Planner:
    """Invoke the CLI in-process (fast), as `planner --data-dir D --today T ARGS...`."""

    def invoke(*args: str, today: str | None = "2026-07-01", stdin: str | None = None) -> Result:
        runner = CliRunner()
        prefix = ["--data-dir", str(data_dir)] + (["--today", today] if today else [])
        outcome = runner.invoke(cli, [*prefix, *args], input=stdin, catch_exceptions=False)
        return Result(outcome.exit_code, outcome.stdout, outcome.stderr)

    return invoke


@pytest.fixture
def planner_process(data_dir: Path) -> Planner:
    """The real console entry point in a child process: exit codes and stderr as a shell sees."""

    def invoke(*args: str, today: str | None = "2026-07-01", stdin: str | None = None) -> Result:
        prefix = ["--data-dir", str(data_dir)] + (["--today", today] if today else [])
        env = {**os.environ, "PYTHONWARNINGS": "ignore"}
        done = subprocess.run(
            [sys.executable, "-m", "planner", *prefix, *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    return invoke
