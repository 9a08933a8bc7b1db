"""The JSON Schema files ship inside the built package, beside the code that follows them."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow  # builds a wheel with pip
def test_schema_files_are_in_the_wheel(tmp_path: Path) -> None:
    # Built from a copy, so the checkout gets no build/ folder.
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("planner", "tui", "themes"):
        shutil.copytree(ROOT / folder, source / folder, ignore=ignore)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path / "out"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = (tmp_path / "out").glob("planner-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "planner/export/schema/review.schema.json" in names
    assert "planner/export/schema/all.schema.json" in names
    assert "planner/review/build.py" in names and "planner/cli/export.py" in names
