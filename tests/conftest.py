"""Fixtures shared by every tier: where the real data lives, and an isolated environment."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# CI clones the repo beside a copy of shared/, exactly as the developers' tree is laid out;
# PLANNER_SHARED_DATA points elsewhere when a checkout lives on its own.
SHARED_DATA = Path(os.environ.get("PLANNER_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/export/golden/* from the current output; each rewritten file "
        "fails its test, so read the diff and run again without the option",
    )


@pytest.fixture
def shared_data() -> Path:
    """The folder of real CRM and call data nobody on this project wrote."""
    if not SHARED_DATA.is_dir():
        raise FileNotFoundError(f"expected the shared data beside the repo at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests never read the developer's own data or config, nor a fixed 'today'."""
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "planner-data"))
    monkeypatch.setenv("PLANNER_CONFIG", str(tmp_path / "planner-config" / "config.toml"))
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(tmp_path / "planner-cache"))
    monkeypatch.delenv("PLANNER_TODAY", raising=False)
    yield
