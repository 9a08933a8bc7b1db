"""`planner whatif`: the JSON keys of DESIGN section 4, agreement with `status`, one clear line
and exit 2 for a bad value, exit 1 without a target, and nothing stored."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.cli.conftest import Planner

KEYS = {
    "schema",
    "today",
    "assumptions",
    "projected",
    "projected_low",
    "projected_high",
    "p_hit",
    "required_touches_per_day",
}
ASSUMPTIONS = {"touches_per_day", "connect_rate", "close_rate", "deal_value", "old_share"}


@pytest.fixture
def seller(planner: Planner, tmp_path: Path) -> Planner:
    """24 sales for 2026; 3 sales and some calls by 1 July."""
    assert planner("init", "--target", "24", "--period", "2026", "--capacity", "30").exit_code == 0
    rows = ["at,prospect,outcome"]
    for day in range(1, 29):
        for i in range(10):
            outcome = "conversation" if i % 3 == 0 else "no-answer"
            rows.append(f"2026-06-{day:02d}T{9 + i % 8:02d}:00,P{day}-{i},{outcome}")
    rows += [f"2026-06-{d:02d}T17:00,Buyer {d},sale" for d in (5, 12, 19)]
    csv = tmp_path / "activity.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert planner("activity", "import", str(csv)).exit_code == 0
    return planner


def test_json_has_exactly_the_design_keys_and_agrees_with_status(seller: Planner) -> None:
    done = seller("whatif", "--json")
    assert done.exit_code == 0, done.stderr
    found = done.json()
    assert set(found) == KEYS and set(found["assumptions"]) == ASSUMPTIONS
    assert found["schema"] == 1 and found["today"] == "2026-07-01"
    assert found["assumptions"]["deal_value"] is None  # a sales target
    status = seller("status", "--json").json()
    for key in ("projected", "projected_low", "projected_high", "p_hit"):
        assert found[key] == status[key], key


def test_assumptions_move_the_forecast(seller: Planner) -> None:
    today = seller("whatif", "--json").json()
    more = seller("whatif", "--touches", "25", "--close-rate", "20%", "--json").json()
    assert more["assumptions"]["touches_per_day"] == 25
    assert more["assumptions"]["close_rate"] == 0.2
    assert more["p_hit"] > today["p_hit"] and more["projected"] > today["projected"]
    required = more["required_touches_per_day"]
    assert required is not None and required <= 30


def test_text_puts_the_assumptions_beside_today(seller: Planner) -> None:
    done = seller("whatif", "--touches", "25")
    assert done.exit_code == 0, done.stderr
    text = done.stdout
    assert "touches a day" in text and "25" in text
    assert "projected finish" in text and "chance to hit 24" in text
    assert "To hit 24 with an even chance" in text
    assert "beats" in text or "helps most" in text or "certain" in text


def test_out_of_reach_within_capacity_is_said_and_null(seller: Planner) -> None:
    found = seller("whatif", "--close-rate", "0", "--json").json()
    assert found["required_touches_per_day"] is None
    assert "not within your capacity of 30" in seller("whatif", "--close-rate", "0").stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--touches", "-5"], "--touches"),
        (["--touches", "lots"], "--touches"),
        (["--connect-rate", "1.5"], "--connect-rate"),
        (["--close-rate", "abc"], "--close-rate"),
        (["--close-rate", "-0.1"], "--close-rate"),
        (["--old-share", "150%"], "--old-share"),
        (["--deal-value", "-20"], "--deal-value"),
        (["--deal-value", "1e3"], "--deal-value"),
        (["--connect-rate", "nan"], "--connect-rate"),
    ],
)
def test_a_bad_value_is_one_clear_line_and_exit_2(
    seller: Planner, args: list[str], says: str
) -> None:
    done = seller("whatif", *args)
    assert done.exit_code == 2
    assert says in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_a_deal_value_on_a_sales_target_is_refused_in_one_line(seller: Planner) -> None:
    done = seller("whatif", "--deal-value", "1500")
    assert done.exit_code == 1
    assert done.stderr.strip().count("\n") == 0 and "revenue targets only" in done.stderr


def test_no_target_is_one_line_and_exit_1(planner: Planner) -> None:
    done = planner("whatif")
    assert done.exit_code == 1
    assert done.stderr.startswith("planner: no target covers 2026-07-01")
    assert done.stderr.strip().count("\n") == 0


def test_revenue_targets_take_a_deal_value(planner: Planner) -> None:
    planner("init", "--target", "48000", "--metric", "revenue", "--period", "2026")
    planner("log", "sale", "Ann Lee", "--amount", "2000", "--at", "2026-06-10")
    today = planner("whatif", "--json").json()
    assert today["assumptions"]["deal_value"] == "2000.00"
    richer = planner("whatif", "--deal-value", "4000", "--json").json()
    assert richer["assumptions"]["deal_value"] == "4000.00"
    assert richer["projected"] > today["projected"]


def test_nothing_is_stored(seller: Planner, data_dir: Path) -> None:
    def fingerprint() -> dict[str, str]:
        return {
            str(p.relative_to(data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(data_dir.rglob("*"))
            if p.is_file()
        }

    seller("status")  # whatever a read may settle, settled first
    before = fingerprint()
    assert seller("whatif", "--touches", "40", "--close-rate", "0.3").exit_code == 0
    assert seller("whatif", "--json").exit_code == 0
    assert fingerprint() == before
