"""Real data dirs in temp folders, and the real `planner export` command run on them."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from planner.cli import cli
from planner.service import PlannerService

TODAY = date(2026, 11, 27)  # a Friday; the demo's year runs up to it
SCHEMA_DIR = Path(__file__).resolve().parents[2] / "planner" / "export" / "schema"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str
    output: bytes

    def json(self) -> Any:
        return json.loads(self.stdout)


Export = Callable[..., Result]


def run_planner(data_dir: Path, *args: str, today: date | str | None = TODAY) -> Result:
    """`planner --data-dir D --today T ARGS...` in-process, as a shell would run it."""
    prefix = ["--data-dir", str(data_dir)] + (["--today", str(today)] if today else [])
    outcome = CliRunner().invoke(cli, [*prefix, *args], catch_exceptions=False)
    return Result(outcome.exit_code, outcome.stdout, outcome.stderr, outcome.stdout_bytes)


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixed demo data set (1 year, 20 calls a day, seed 7, today 2026-11-27): read only."""
    path = tmp_path_factory.mktemp("demo") / "data"
    PlannerService(path, today=TODAY).load_demo(years=1, calls_per_day=20, seed=7)
    return path


@pytest.fixture
def demo_copy(demo_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the demo data set, for tests that change it."""
    target = tmp_path / "demo"
    shutil.copytree(demo_dir, target)
    return target


@pytest.fixture
def review_schema() -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / "review.schema.json").read_text(encoding="utf-8"))


@pytest.fixture
def all_schema() -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / "all.schema.json").read_text(encoding="utf-8"))


def validate(document: Any, schema: dict[str, Any]) -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator(schema).validate(document)
