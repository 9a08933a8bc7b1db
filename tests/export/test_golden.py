"""Each format on the fixed demo data set against reviewed expected output (golden files).

Regenerate after a deliberate change with `pytest tests/export --update-golden`: every file it
rewrites fails its test once, so read the diff (git diff tests/export/golden) and run again.
Nothing in the environment can make these tests pass without comparing.
"""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.export.conftest import run_planner, validate

GOLDEN = Path(__file__).parent / "golden"
WEEK = "2026-W42"  # Mon 2026-10-12 .. Sun 2026-10-18: three sales, a skipped morning
FORMATS = {"md": "md", "csv": "csv", "json": "json", "html": "html"}


def _compare(name: str, produced: bytes, *, update: bool) -> None:
    path = GOLDEN / name
    expected = path.read_bytes() if path.exists() else None
    if produced == expected:
        return
    if update:
        path.write_bytes(produced)
        pytest.fail(f"rewrote {path}: review the diff, then run again without --update-golden")
    assert expected is not None, f"no golden file {path}: create it with --update-golden"
    assert produced == expected, f"{name} differs from the golden file: {path}"


def test_the_old_update_variable_is_not_honoured_silently() -> None:
    """PLANNER_UPDATE_GOLDEN used to rewrite the files and pass; it must not leak in unseen."""
    assert "PLANNER_UPDATE_GOLDEN" not in os.environ, (
        "PLANNER_UPDATE_GOLDEN is set: it does nothing now; use pytest --update-golden"
    )


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_week_matches_golden(demo_dir: Path, fmt: str, request: pytest.FixtureRequest) -> None:
    result = run_planner(demo_dir, "export", "--week", WEEK, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    update = bool(request.config.getoption("--update-golden"))
    _compare(f"{WEEK}.{FORMATS[fmt]}", result.output, update=update)


def test_every_format_tells_the_same_numbers(demo_dir: Path) -> None:
    data = run_planner(demo_dir, "export", "--week", WEEK, "--format", "json").json()
    markdown = run_planner(demo_dir, "export", "--week", WEEK).stdout
    page = run_planner(demo_dir, "export", "--week", WEEK, "--format", "html").stdout
    rows = run_planner(demo_dir, "export", "--week", WEEK, "--format", "csv").stdout
    total = data["activity"]["total"]
    assert len(data["touches"]) == total["touches"] == len(rows.strip().splitlines()) - 1
    assert f"| **all touches** | {data['activity']['by_source']['new']['touches']} |" in markdown
    assert f"{len(data['sales'])} sales" in markdown and f"{len(data['sales'])} sales" in page
    assert total["sales"] == len(data["sales"]) == sum(d["sales"] for d in data["days"])
    end = data["target"]["at_end"]
    assert f"| Pace | {data['target']['at_start']['pace']:.2f} | {end['pace']:.2f} |" in markdown


def test_json_validates_against_the_schema(demo_dir: Path, review_schema: dict[str, Any]) -> None:
    for week in (WEEK, "2026-W47", "2026-W48", "2025-W48", "2026-W01"):
        data = run_planner(demo_dir, "export", "--week", week, "--format", "json").json()
        assert data["schema"] == 1 and data["kind"] == "review"
        validate(data, review_schema)


def test_json_amounts_are_decimal_strings(demo_dir: Path) -> None:
    data = run_planner(demo_dir, "export", "--week", WEEK, "--format", "json").json()
    assert data["sales"], "the demo week should hold sales"
    for sale in data["sales"]:
        assert isinstance(sale["amount"], str) and sale["amount"].count(".") == 1
    assert isinstance(data["activity"]["sales_amount"], str)
    assert isinstance(data["target"]["amount"], int)  # a sales target counts whole sales


class _Page(HTMLParser):
    """Collects every tag, attribute and text run of a page, and its style sheet apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.style = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend((name, value or "") for name, value in attrs)

    def handle_data(self, data: str) -> None:
        if self.tags and self.tags[-1] == "style" and not self.style:
            self.style = data
        else:
            self.text.append(data)


def parse_page(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


def assert_self_contained(text: str) -> _Page:
    page = parse_page(text)
    assert "script" not in page.tags
    assert not any(tag in page.tags for tag in ("iframe", "object", "embed", "link", "img"))
    for name, value in page.attrs:
        assert not name.startswith("on"), f"event handler attribute {name}"
        assert name not in ("src", "href", "action", "xlink:href", "srcset", "poster"), value
        assert "//" not in value and "url(" not in value, f"{name}={value!r}"
    assert "url(" not in page.style and "@import" not in page.style
    return page


def test_html_is_one_self_contained_page_with_charts(demo_dir: Path) -> None:
    text = run_planner(demo_dir, "export", "--week", WEEK, "--format", "html").stdout
    page = assert_self_contained(text)
    assert "http://" not in text and "https://" not in text  # the demo holds no address
    assert page.tags.count("svg") == 2  # the burn-up and the funnel by source
    assert page.tags.count("polyline") == 2  # expected and actual lines
    assert "style" in page.tags
    words = " ".join(page.text)
    for needed in ("target", "expected to date", "actual", "new prospects", "old prospects"):
        assert needed in words
    assert "@media print" in text


def test_markdown_has_tables_and_a_sparkline(demo_dir: Path) -> None:
    text = run_planner(demo_dir, "export", "--week", WEEK).stdout
    spark = next(line for line in text.splitlines() if line.startswith("Daily sales: "))
    blocks = spark.removeprefix("Daily sales: ").split()[0]
    assert len(blocks) == 7 and set(blocks) <= set("▁▂▃▄▅▆▇█")
    headers = [line for line in text.splitlines() if line.startswith("| ---")]
    assert len(headers) >= 6
