"""The service is the TUI's only door to the data, and the importers never write."""

from __future__ import annotations

import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def _sources(folder: str) -> dict[str, str]:
    return {
        path.relative_to(REPO_ROOT).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted((REPO_ROOT / folder).rglob("*.py"))
    }


def test_no_tui_code_reaches_the_services_store() -> None:
    offenders = [
        name for name, text in _sources("tui").items() if re.search(r"(?<!planner)\.store\b", text)
    ]
    assert offenders == []


def test_the_importers_never_open_a_transaction() -> None:
    pattern = re.compile(r"\btransaction\(|\bput_(touch|prospect|plan|settings)\(|planner\.store")
    offenders = [n for n, text in _sources("planner/importers").items() if pattern.search(text)]
    assert offenders == []
