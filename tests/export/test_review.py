"""What the review says, on real data dirs built through the service as a seller would."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from planner.calendar import parse_period
from planner.queue import is_eligible_old, old_prospect_score
from planner.service import PlannerService
from tests.export.conftest import TODAY, run_planner, validate


def service(data_dir: Path, today: date) -> PlannerService:
    return PlannerService(data_dir, today=today)


def export_json(data_dir: Path, *args: str, today: date = TODAY) -> Any:
    result = run_planner(data_dir, "export", "--format", "json", *args, today=today)
    assert result.exit_code == 0, result.stderr
    return result.json()


# ---------------------------------------------------------------- which days


@pytest.mark.parametrize(
    ("today", "label", "start", "end"),
    [
        (date(2027, 1, 3), "2026-W53", "2026-12-28", "2027-01-03"),  # a Sunday in a 53-week year
        (date(2024, 12, 30), "2025-W01", "2024-12-30", "2024-12-30"),  # Monday of next ISO year
        (date(2026, 1, 1), "2026-W01", "2025-12-29", "2026-01-01"),
        (date(2026, 11, 27), "2026-W48", "2026-11-23", "2026-11-27"),
    ],
)
def test_default_is_the_current_iso_week_up_to_today(
    tmp_path: Path, today: date, label: str, start: str, end: str, review_schema: Any
) -> None:
    data = export_json(tmp_path / "data", today=today)
    assert data["period"]["label"] == label
    assert (data["period"]["start"], data["period"]["end"]) == (start, end)
    assert data["period"]["partial"] == (end != data["period"]["requested_end"])
    assert [d["day"] for d in data["days"]][-1] == end
    validate(data, review_schema)


@pytest.mark.parametrize(
    ("week", "start", "end", "next_start"),
    [
        ("2026-W53", "2026-12-28", "2027-01-03", "2027-01-04"),
        ("2025-W01", "2024-12-30", "2025-01-05", "2025-01-06"),
        ("2020-W53", "2020-12-28", "2021-01-03", "2021-01-04"),
        ("2026-w09", "2026-02-23", "2026-03-01", "2026-03-02"),
    ],
)
def test_iso_weeks_at_year_edges(
    tmp_path: Path, week: str, start: str, end: str, next_start: str
) -> None:
    data = export_json(tmp_path / "data", "--week", week, today=date(2027, 2, 1))
    assert data["period"]["label"] == week.upper()
    assert (data["period"]["start"], data["period"]["end"]) == (start, end)
    assert len(data["days"]) == 7 and not data["period"]["partial"]
    assert data["next_week"]["start"] == next_start


@pytest.mark.parametrize("week", ["2025-W53", "2026-W54", "2026-W00", "26-W01", "2026-13"])
def test_an_impossible_week_is_one_line_and_exit_1(tmp_path: Path, week: str) -> None:
    result = run_planner(tmp_path / "data", "export", "--week", week)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("planner: ")


def test_a_week_after_today_is_refused(tmp_path: Path) -> None:
    result = run_planner(tmp_path / "data", "export", "--week", "2026-W49")
    assert result.exit_code == 1 and "after today" in result.stderr


def test_from_and_to_choose_any_range(demo_dir: Path) -> None:
    data = export_json(demo_dir, "--from", "2026-11-01", "--to", "2026-11-10")
    assert data["period"]["label"] == "2026-11-01..2026-11-10"
    assert len(data["days"]) == 10
    assert data["next_week"]["start"] == "2026-11-16"  # the week after the one holding --to
    only_from = export_json(demo_dir, "--from", "2026-11-20")
    assert (only_from["period"]["start"], only_from["period"]["end"]) == (
        "2026-11-20",
        "2026-11-27",
    )


def test_a_year_straddling_week_is_reviewed_against_the_period_holding_most_of_it(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    svc = service(data_dir, date(2027, 1, 8))
    svc.set_target("100", "sales", parse_period("2026"))
    svc.set_target("120", "sales", parse_period("2027"))
    svc.log("Ann", "sale", at="2026-12-29")
    svc.log("Bob", "sale", at="2027-01-02")
    data = export_json(data_dir, "--week", "2026-W53", today=date(2027, 1, 8))
    target = data["target"]
    assert (target["period"], target["amount"]) == ("2026", 100)  # Mon-Thu of it are in 2026
    assert target["at_start"]["actual"] == 0 and target["at_end"]["actual"] == 1
    assert target["at_end"]["working_days"]["remaining"] == 0
    assert len(data["sales"]) == 2  # the week's sales, whatever period they count for
    nxt = data["next_week"]
    assert nxt["target_id"] == 2 and nxt["working_days"] == 5
    # 2027 on the morning of Jan 4: one sale (Jan 2) of 120, and 260 of its 261 working
    # days left (Friday Jan 1 has passed).
    assert nxt["required_per_day"] == pytest.approx(119 / 260, abs=1e-4)


# ---------------------------------------------------------------- empty, before data, revenue


def test_an_empty_week_in_a_plan(tmp_path: Path, review_schema: Any) -> None:
    data_dir = tmp_path / "data"
    svc = service(data_dir, date(2026, 6, 30))
    svc.set_target("24", "sales", parse_period("2026"))
    svc.log("Ann", "conversation", at="2026-06-01")
    data = export_json(data_dir, "--week", "2026-W25", today=date(2026, 6, 30))
    validate(data, review_schema)
    assert data["touches"] == [] and data["sales"] == [] and data["revived"] == []
    assert data["activity"]["total"]["touches"] == 0
    assert data["activity"]["total"]["connect_rate"] is None
    assert data["composure"]["average"] is None
    assert all(d["planned"] is None and d["done"]["total"] == 0 for d in data["days"])
    assert data["target"]["gained"] == 0
    assert data["activity"]["trailing"]["touches"] == 1  # the conversation of 2026-06-01
    for fmt in ("md", "csv", "html"):
        assert (
            run_planner(
                data_dir, "export", "--week", "2026-W25", "--format", fmt, today=date(2026, 6, 30)
            ).exit_code
            == 0
        )
    markdown = run_planner(data_dir, "export", "--week", "2026-W25", today=date(2026, 6, 30))
    assert "0 sales, worth 0.00." in markdown.stdout
    assert "Daily sales: ▁▁▁▁▁▁▁" in markdown.stdout


def test_a_week_before_any_data(demo_dir: Path, tmp_path: Path, review_schema: Any) -> None:
    # A data dir that does not exist yet: nothing is created by looking at it.
    missing = tmp_path / "nothing-here"
    data = export_json(missing, "--week", "2026-W10")
    validate(data, review_schema)
    assert data["target"] is None and data["touches"] == []
    assert data["next_week"]["target_id"] is None and data["next_week"]["check_ins"] == []
    assert not missing.exists()
    markdown = run_planner(missing, "export", "--week", "2026-W10").stdout
    assert "No target covers these days" in markdown and "No target covers next week" in markdown
    # The demo's history starts 2025-11-28: a week before it has a target but no work.
    early = export_json(demo_dir, "--week", "2025-W40")
    validate(early, review_schema)
    assert early["touches"] == [] and early["target"]["period"] == "2025"
    assert early["target"]["at_start"]["actual"] == early["target"]["at_end"]["actual"] == 0


def test_a_week_in_a_period_with_a_revenue_target(tmp_path: Path, review_schema: Any) -> None:
    data_dir = tmp_path / "data"
    today = date(2026, 11, 20)
    svc = service(data_dir, today)
    svc.set_target("50000", "revenue", parse_period("2026-11"))
    svc.log("Ann", "sale", amount="1200.50", at="2026-11-03")
    svc.log("Bob", "conversation", at="2026-11-10")
    svc.log("Bob", "sale", amount="2500", at="2026-11-12")
    svc.log("Cy", "sale", at="2026-11-13")  # a sale without an amount
    data = export_json(data_dir, "--week", "2026-W46", today=today)
    validate(data, review_schema)
    target = data["target"]
    assert target["metric"] == "revenue" and target["amount"] == "50000.00"
    assert target["at_start"]["actual"] == "1200.50"
    assert target["at_end"]["actual"] == "3700.50"
    assert target["gained"] == "2500.00"
    assert target["burnup"][-1]["actual"] is None  # the period runs on after the review
    assert [p["actual"] for p in target["burnup"] if p["day"] == "2026-11-15"] == ["3700.50"]
    assert [s["amount"] for s in data["sales"]] == ["2500.00", None]
    assert data["sales"][0]["lead_days"] == 2  # Bob: first touch Nov 10, sale Nov 12
    assert data["activity"]["sales_amount"] == "2500.00"
    # 46,299.50 still needed over the 11 working days from Nov 16 to Nov 30.
    assert target["at_end"]["required_per_day"] == pytest.approx(46299.50 / 11, abs=1e-4)
    assert data["next_week"]["needed"] == pytest.approx(46299.50 / 11 * 5, abs=1e-3)
    markdown = run_planner(data_dir, "export", "--week", "2026-W46", today=today).stdout
    assert "Target: 50,000.00 revenue in 2026-11" in markdown
    assert "| Actual (revenue) | 1,200.50 | 3,700.50 |" in markdown


# ---------------------------------------------------------------- pace then and now


def test_pace_at_start_and_end_of_a_week_matches_status_on_those_mornings(demo_dir: Path) -> None:
    data = export_json(demo_dir, "--week", "2026-W46")
    start, end = data["target"]["at_start"], data["target"]["at_end"]
    monday = run_planner(demo_dir, "status", "--json", today=date(2026, 11, 9)).json()
    next_monday = run_planner(demo_dir, "status", "--json", today=date(2026, 11, 16)).json()
    # Status counts the morning's own sales (none yet at 00:00 of a review's morning).
    sold_monday = sum(d["sales"] for d in data["days"][:1])
    assert start["actual"] == monday["actual"] - sold_monday
    assert start["expected"] == monday["expected"]
    assert end["expected"] == next_monday["expected"]
    assert end["working_days"]["elapsed"] == next_monday["working_days"]["elapsed"]
    assert end["actual"] - start["actual"] == data["activity"]["total"]["sales"]


def test_a_week_in_progress_ends_at_todays_status(demo_dir: Path) -> None:
    data = export_json(demo_dir)
    status = run_planner(demo_dir, "status", "--json").json()
    end = data["target"]["at_end"]
    assert data["period"]["partial"] and data["period"]["end"] == "2026-11-27"
    for key in ("actual", "expected", "pace", "status", "required_per_day", "p_hit"):
        assert end[key] == status[key], key
    assert data["target"]["diagnosis"] == status["diagnosis"]


# ---------------------------------------------------------------- sales, revived, plan, mood


def _seller(tmp_path: Path) -> tuple[Path, PlannerService]:
    data_dir = tmp_path / "data"
    svc = service(data_dir, date(2026, 11, 27))
    svc.set_target("60", "sales", parse_period("2026"))
    return data_dir, svc


def test_revived_old_prospects_and_sales_lead_days(tmp_path: Path) -> None:
    data_dir, svc = _seller(tmp_path)
    for name in ("Old Ann", "Old Bob", "Old Cy"):
        svc.add_prospect(name, status="lost", lost_reason="timing", last_contact=date(2026, 8, 1))
    svc.log("Fresh Dee", "conversation", at="2026-11-18")
    svc.log("Old Ann", "no-answer", at="2026-11-23T09:00")
    svc.log("Old Ann", "conversation", at="2026-11-24T09:00")
    svc.log("Old Ann", "sale", amount="900", at="2026-11-26T09:00")
    svc.log("Old Bob", "not-interested", at="2026-11-24T10:00")  # a no again: not revived
    svc.log("Old Cy", "meeting", at="2026-11-25T10:00")
    svc.log("Fresh Dee", "sale", amount="400", at="2026-11-25T11:00")
    data = export_json(data_dir)
    revived = [(r["prospect"]["name"], r["best_outcome"], r["first_day"]) for r in data["revived"]]
    assert revived == [("Old Ann", "sale", "2026-11-24"), ("Old Cy", "meeting", "2026-11-25")]
    sales = [
        (s["prospect"]["name"], s["source"], s["amount"], s["lead_days"]) for s in data["sales"]
    ]
    assert sales == [("Fresh Dee", "new", "400.00", 7), ("Old Ann", "old", "900.00", 3)]
    by_source = data["activity"]["by_source"]
    assert by_source["old"]["touches"] == 5 and by_source["new"]["touches"] == 1
    assert by_source["old"]["outcomes"]["not-interested"] == 1
    assert [t["revived"] for t in data["touches"]].count(True) == 3


def test_plan_against_work_per_day(tmp_path: Path) -> None:
    data_dir, svc = _seller(tmp_path)
    for i in range(8):
        svc.add_prospect(f"Lead {i}")
    tuesday = service(data_dir, date(2026, 11, 24))
    planned = tuesday.plan_today().queue  # the morning's queue is stored as the day's plan
    tuesday.log("Lead 0", "no-answer", at="2026-11-24T10:00")
    tuesday.log("Lead 1", "conversation", at="2026-11-24T11:00")
    data = export_json(data_dir)
    days = {d["day"]: d for d in data["days"]}
    assert days["2026-11-24"]["planned"] == {
        "total": planned.planned_old + planned.planned_new,
        "old": planned.planned_old,
        "new": planned.planned_new,
    }
    assert days["2026-11-24"]["done"] == {"total": 2, "old": 0, "new": 2}
    assert days["2026-11-23"]["planned"] is None  # no queue was planned on Monday
    markdown = run_planner(data_dir, "export").stdout
    row = next(line for line in markdown.splitlines() if line.startswith("| Tue 2026-11-24"))
    assert f"| {planned.planned_old + planned.planned_new} ({planned.planned_old} old) |" in row


def test_composure_beside_the_days_and_against_the_four_weeks_before(tmp_path: Path) -> None:
    data_dir, _ = _seller(tmp_path)
    ratings = {date(2026, 11, 23): 4, date(2026, 11, 24): 2}
    for day, rating in ratings.items():
        service(data_dir, day).save_composure("p1", rating, f"intent of {day:%A}")
    service(data_dir, date(2026, 11, 25)).save_composure("p1", None, "", skipped=True)
    for offset in (1, 8, 27, 29):  # 29 days back is outside the four weeks before
        service(data_dir, date(2026, 11, 23) - timedelta(days=offset)).save_composure(
            "p1", 5 if offset < 29 else 1, "earlier"
        )
    data = export_json(data_dir)
    days = {d["day"]: d for d in data["days"]}
    assert days["2026-11-23"]["rating"] == 4 and days["2026-11-23"]["intent"] == "intent of Monday"
    assert days["2026-11-25"]["composure"] == "skipped" and days["2026-11-25"]["rating"] is None
    assert days["2026-11-26"]["composure"] == "none"
    comp = data["composure"]
    assert (comp["average"], comp["answered"], comp["skipped"]) == (3.0, 2, 1)
    assert (comp["previous_average"], comp["previous_answered"]) == (5.0, 3)


# ---------------------------------------------------------------- next week


def test_check_ins_are_the_queues_best_eligible_old_prospects(demo_dir: Path) -> None:
    data = export_json(demo_dir, "--week", "2026-W47")
    svc = service(demo_dir, TODAY)
    day = date.fromisoformat(data["next_week"]["check_in_day"])
    assert day == TODAY  # next Monday (2026-11-23) has passed: today decides
    cooloff = svc.settings().cooloff_days
    eligible = [p for p in svc.prospects() if is_eligible_old(p, day, cooloff)]
    eligible.sort(key=lambda p: (-old_prospect_score(p, day), p.id))
    assert [c["prospect"]["id"] for c in data["next_week"]["check_ins"]] == [
        p.id for p in eligible[:5]
    ]
    this_week = export_json(demo_dir)
    assert this_week["next_week"]["check_in_day"] == "2026-11-30"


def test_check_ins_leave_out_do_not_contact_snoozed_and_not_cooled_off(tmp_path: Path) -> None:
    data_dir, svc = _seller(tmp_path)
    long_ago = date(2026, 6, 1)
    keep = svc.add_prospect("Keep", status="lost", lost_reason="timing", last_contact=long_ago)
    svc.add_prospect("Blocked", status="lost", last_contact=long_ago, do_not_contact=True)
    snoozed = svc.add_prospect("Snoozed", status="lost", last_contact=long_ago)
    svc.update_prospect(snoozed.id, snoozed_until=date(2026, 12, 15))
    svc.add_prospect("Recent", status="lost", last_contact=date(2026, 11, 1))
    svc.add_prospect("Won", status="won", last_contact=long_ago)
    data = export_json(data_dir)
    assert [c["prospect"]["name"] for c in data["next_week"]["check_ins"]] == ["Keep"]
    assert data["next_week"]["check_ins"][0]["prospect"]["id"] == keep.id


# ---------------------------------------------------------------- reads only what it needs


def test_export_of_a_week_never_reads_old_history(demo_copy: Path) -> None:
    # Old months are made unreadable: a review of a recent week must not notice, because it
    # never opens them. (The previous year's day summaries it does read: the forecast's prior
    # comes from the seller's earlier record, one small file a year.)
    for rel in ("touches/2025-12.json", "touches/2026-03.json"):
        (demo_copy / rel).write_text("{not json", encoding="utf-8")
    result = run_planner(demo_copy, "export", "--week", "2026-W47", "--format", "json")
    assert result.exit_code == 0, result.stderr
    touched = run_planner(demo_copy, "export", "--week", "2026-W11")
    assert touched.exit_code == 1 and "2026-03.json" in touched.stderr


def test_a_review_is_pure_over_its_input(demo_dir: Path) -> None:
    svc = service(demo_dir, TODAY)
    first = svc.review(date(2026, 11, 16), date(2026, 11, 22))
    again = service(demo_dir, TODAY).review(date(2026, 11, 16), date(2026, 11, 22))
    assert first == again
    assert first.activity.sales_amount == sum(
        (s.amount for s in first.sales if s.amount is not None), Decimal(0)
    )


def test_a_review_without_touch_lines_is_the_same_review_less_its_touch_list(
    demo_dir: Path,
) -> None:
    """What markdown reads: every name it prints, none of the companies it would not."""
    week = (date(2026, 11, 16), date(2026, 11, 22))
    full = service(demo_dir, TODAY).review(*week)
    lean = service(demo_dir, TODAY).review(*week, touch_lines=False)
    assert full.touches and lean.touches == ()
    assert full.revived  # the names compared below are really there
    assert not any(r.prospect.startswith("#") for r in full.revived)
    from dataclasses import replace

    assert replace(full, touches=()) == lean
