"""The review's "What it would take" section (issue 14): the same what-if as `planner whatif`,
judged at the review's closing morning, in md, html and json (the CSV is one row per touch:
a section has no place in it)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from planner.calendar import parse_period
from planner.service import PlannerService
from planner.whatif import project
from tests.export.conftest import TODAY, run_planner, validate

WEEK = "2026-W48"  # the week holding TODAY: its closing morning is today


def test_the_section_is_in_every_text_format(demo_dir: Path) -> None:
    markdown = run_planner(demo_dir, "export", "--week", WEEK).stdout
    page = run_planner(demo_dir, "export", "--week", WEEK, "--format", "html").stdout
    data = run_planner(demo_dir, "export", "--week", WEEK, "--format", "json").json()
    take = data["what_it_would_take"]
    assert take is not None and take["as_of"] == TODAY.isoformat()
    assert "## What it would take" in markdown
    assert "<h2>What it would take</h2>" in page
    if take["required_touches_per_day"] is None:
        assert f"within your capacity of {take['capacity']}" in markdown
    else:
        assert f"{take['required_touches_per_day']} touches a day give an even chance" in markdown
    csv_header = run_planner(demo_dir, "export", "--week", WEEK, "--format", "csv").stdout
    assert "would" not in csv_header.splitlines()[0]


def test_it_agrees_with_planner_whatif_on_the_same_morning(
    demo_dir: Path, review_schema: dict[str, Any]
) -> None:
    data = run_planner(demo_dir, "export", "--week", WEEK, "--format", "json").json()
    validate(data, review_schema)
    take = data["what_it_would_take"]
    whatif = PlannerService(demo_dir, today=TODAY).whatif()
    assert whatif is not None
    assert take["required_touches_per_day"] == whatif.required_touches_per_day
    assert take["touches_per_day"] == round(whatif.baseline.assumptions.touches_per_day, 2)
    assert take["capacity"] == whatif.baseline.capacity


def test_the_close_rate_needed_makes_todays_touches_enough(demo_dir: Path) -> None:
    data = run_planner(demo_dir, "export", "--week", WEEK, "--format", "json").json()
    needed = data["what_it_would_take"]["close_rate_needed"]
    whatif = PlannerService(demo_dir, today=TODAY).whatif()
    assert whatif is not None and needed is not None
    own = whatif.baseline.assumptions
    at_needed = dataclasses.replace(own, close_rate=needed)
    assert project(whatif.forecast, whatif.baseline, at_needed).p_hit >= 0.5
    below = dataclasses.replace(own, close_rate=max(0.0, needed - 0.002))
    assert project(whatif.forecast, whatif.baseline, below).p_hit < 0.5


def test_no_section_after_the_period(tmp_path: Path) -> None:
    service = PlannerService(tmp_path / "data", today=TODAY)
    service.set_target("24", "sales", parse_period("2025"))
    args = ("export", "--from", "2025-12-22", "--to", "2025-12-31", "--format", "json")
    data = run_planner(tmp_path / "data", *args)
    assert data.json()["what_it_would_take"] is None
