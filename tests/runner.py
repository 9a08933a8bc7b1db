"""The real `planner` command line on a data dir, in-process or in a child process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def _prefix(data_dir: Path, today: str | None) -> list[str]:
    return ["--data-dir", str(data_dir)] + (["--today", today] if today else [])


def run_in_process(
    data_dir: Path, *args: str, today: str | None, stdin: str | None = None
) -> Result:
    """`planner --data-dir D --today T ARGS...` in-process (fast).

    Any exception the command does not turn into its one-line error (exit 1) or usage error
    (exit 2) propagates and fails the test: click must not be allowed to swallow a
    traceback and report it as an ordinary exit 1.
    """
    outcome = CliRunner().invoke(
        cli, [*_prefix(data_dir, today), *args], input=stdin, catch_exceptions=False
    )
    assert "Traceback (most recent call last)" not in outcome.stderr, outcome.stderr
    return Result(outcome.exit_code, outcome.stdout, outcome.stderr)


def run_in_child(data_dir: Path, *args: str, today: str | None, stdin: str | None = None) -> Result:
    """`python -m planner ...` in a child process: exit codes and stderr as a shell sees."""
    done = subprocess.run(
        [sys.executable, "-m", "planner", *_prefix(data_dir, today), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        timeout=120,
    )
    return Result(done.returncode, done.stdout, done.stderr)
