"""The Maven CRM file imports with --map; its Lost deals return to the queue once cooled off."""

from __future__ import annotations

import csv
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.importers.conftest import Planner, invoke, prospects, snapshot

TODAY = date(2017, 12, 1)
MAPS = (
    "--map",
    "opportunity_id=name",
    "--map",
    "account=company",
    "--map",
    "deal_stage=status",
    "--map",
    "close_date=last_contact",
    "--map",
    "close_value=value",
)


@pytest.fixture
def maven(shared_data: Path) -> Path:
    return shared_data / "maven_sales_pipeline.csv"


@pytest.fixture
def deals(maven: Path) -> dict[str, dict[str, str]]:
    with maven.open(encoding="utf-8", newline="") as handle:
        return {row["opportunity_id"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def imported_template(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """The Maven file imported once per module into a plan for 2017; tests get a copy."""
    root = tmp_path_factory.mktemp("maven")
    with pytest.MonkeyPatch.context() as env:  # the autouse isolation is per test, not per module
        env.setenv("PLANNER_CONFIG", str(root / "config.toml"))
        env.setenv("PLANNER_CACHE_DIR", str(root / "cache"))
        assert invoke(root / "data", "init", "--target", "300", "--period", "2017").exit_code == 0
        maven = shared_data / "maven_sales_pipeline.csv"
        done = invoke(root / "data", "prospect", "import", str(maven), *MAPS)
    assert done.exit_code == 0, done.stderr
    assert "8,800 new, 0 updated, 0 unchanged, 0 skipped" in done.stdout
    return root / "data"


@pytest.fixture
def imported(planner: Planner, imported_template: Path, data_dir: Path) -> Planner:
    shutil.copytree(imported_template, data_dir)
    return planner


def test_maven_needs_the_map_and_says_which(planner: Planner, maven: Path) -> None:
    refused = planner("prospect", "import", str(maven))
    assert refused.exit_code == 1
    assert " ".join(MAPS) in refused.stderr


def test_every_deal_becomes_a_prospect_lost_deals_old_ones(
    imported: Planner, deals: dict[str, dict[str, str]]
) -> None:
    found = {p["name"]: p for p in prospects(imported)}
    assert len(found) == len(deals) == 8800
    wanted = {"Won": "won", "Lost": "lost", "Engaging": "active", "Prospecting": "new"}
    for name, deal in deals.items():
        prospect = found[name]
        assert prospect["status"] == wanted[deal["deal_stage"]]
        assert prospect["company"] == deal["account"]  # 1,425 rows have none: fine
        if deal["deal_stage"] == "Lost":
            closed = date.fromisoformat(deal["close_date"])
            # The close date is the last touch; one after today reads as today.
            assert prospect["last_contact"] == min(closed, TODAY).isoformat()
            assert prospect["lost_reason"] is None and prospect["value"] is None
    assert sum(1 for p in found.values() if not p["company"]) == 1425


def test_queue_holds_cooled_off_lost_deals_and_none_inside_the_cool_off(
    imported: Planner, deals: dict[str, dict[str, str]]
) -> None:
    queue = imported("queue", "--json")
    assert queue.exit_code == 0, queue.stderr
    old = [item for item in queue.json()["items"] if item["source"] == "old"]
    assert old, "the queue should call back old prospects from Lost deals"
    cutoff = TODAY - timedelta(days=60)  # the default cool-off
    for item in old:
        deal = deals[item["prospect"]["name"]]
        assert deal["deal_stage"] == "Lost"
        assert date.fromisoformat(deal["close_date"]) <= cutoff, item
    lost = [d for d in deals.values() if d["deal_stage"] == "Lost"]
    fresh = {d["opportunity_id"] for d in lost if date.fromisoformat(d["close_date"]) > cutoff}
    assert fresh, "the file has Lost deals still inside the cool-off"
    assert not fresh & {item["prospect"]["name"] for item in old}


def test_importing_maven_again_changes_nothing(
    imported: Planner, maven: Path, data_dir: Path
) -> None:
    before = snapshot(data_dir)
    again = imported("prospect", "import", str(maven), *MAPS)
    assert "0 new, 0 updated, 8,800 unchanged, 0 skipped" in again.stdout
    assert snapshot(data_dir) == before
