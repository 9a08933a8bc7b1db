"""The README's keys table and the help screen come from the same key table as the app."""

from __future__ import annotations

import re
from pathlib import Path

from tui.keys import KEYS, MODAL_KEYS, SECTIONS, display_keys

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_keys() -> set[tuple[str, str]]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Keys", 1)[1].split("\n## ", 1)[0]
    return {
        (match.group(1), match.group(2).strip())
        for match in re.finditer(r"^\| `([^`]+)` \| ([^|]+) \|", section, re.M)
    }


def test_every_key_is_in_the_readme_table() -> None:
    listed = readme_keys()
    for key in (*KEYS, *MODAL_KEYS):
        assert (display_keys(key, {}), SECTIONS[key.where].lower()) in listed, key.id


def test_readme_points_at_the_screenshot() -> None:
    text = README.read_text(encoding="utf-8")
    assert "](docs/screenshot.svg)" in text
    assert (
        (README.parent / "docs" / "screenshot.svg").read_text(encoding="utf-8").startswith("<svg")
    )
