"""The logic package never pulls in Textual: `planner status` must stay a light process."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import planner


def _all_planner_modules() -> list[str]:
    names = ["planner"]
    for info in pkgutil.walk_packages(planner.__path__, prefix="planner."):
        if info.name != "planner.__main__":  # running it would start the command line
            names.append(info.name)
    return names


def test_importing_every_planner_module_leaves_textual_out() -> None:
    modules = _all_planner_modules()
    assert "planner.calendar" in modules and "planner.models" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "", f"planner imported textual: {result.stdout}"


def test_no_planner_source_mentions_a_textual_import() -> None:
    root = Path(planner.__path__[0])
    offenders = [
        str(path)
        for path in sorted(root.rglob("*.py"))
        if re.search(r"^\s*(from|import)\s+textual", path.read_text(encoding="utf-8"), re.M)
    ]
    assert offenders == []
