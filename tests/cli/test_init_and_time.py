"""`planner init` as an interview, and 'today' across DST changes and ISO week boundaries."""

from __future__ import annotations

from tests.cli.conftest import Planner


def test_init_asks_when_run_without_options_and_can_be_rerun(planner: Planner) -> None:
    answers = (
        "\n".join(
            [
                "30",
                "sales",
                "2026-Q3",
                "25",
                "mon,tue,wed,thu",
                "DE",
                "BY",
                "Europe/Berlin",
                "90",
                "0.4",
                "0.3",
                "3",
            ]
        )
        + "\n"
    )
    done = planner("init", stdin=answers)
    assert done.exit_code == 0, done.stderr
    assert "capacity 25/day, workdays mon,tue,wed,thu, holidays DE-BY" in done.stdout
    status = planner("status", "--json").json()
    assert status["target"]["period"] == "2026-Q3" and status["target"]["amount"] == 30
    # Four working days a week and Bavarian holidays: fewer days than a Mon-Fri quarter.
    assert status["working_days"]["total"] < 66
    # The interview asks for the sales of the period made before planner.
    assert status["carried_in"] == 3 and status["actual"] == 3
    again = planner("init", "--capacity", "60")
    assert "capacity 60/day, workdays mon,tue,wed,thu, holidays DE-BY" in again.stdout
    queue = planner("queue", "--json").json()
    assert queue["capacity"] == 60


def test_dst_day_keeps_order_and_day(planner: Planner) -> None:
    planner(
        "init",
        "--target",
        "24",
        "--period",
        "2026",
        "--timezone",
        "Europe/Berlin",
        today="2026-03-29",
    )
    for at in ("2026-03-29T01:30", "2026-03-29T03:30", "2026-03-29T23:30"):
        done = planner(
            "log", "call", "Dora", "--outcome", "no-answer", "--at", at, today="2026-03-29"
        )
        assert done.exit_code == 0, done.stderr
    assert (
        "at 2026-03-29 03:30"
        in planner(
            "log",
            "call",
            "Dora",
            "--outcome",
            "conversation",
            "--at",
            "2026-03-29T03:30",
            today="2026-03-29",
        ).stdout
    )
    # Status counts all four touches on the local day; the next day starts fresh.
    report = planner("status", "--json", today="2026-03-29").json()
    assert report["funnel"]["new"]["touches"] == 4
    refused = planner(
        "log",
        "call",
        "Dora",
        "--outcome",
        "no-answer",
        "--at",
        "2026-03-30T00:10",
        today="2026-03-29",
    )
    assert refused.exit_code == 1 and "future" in refused.stderr


def test_iso_week_boundary_today(planner: Planner) -> None:
    planner("init", "--target", "12", "--period", "2027-Q1", today="2027-01-03")
    # 2027-01-03 is a Sunday in ISO week 2026-W53; the period starts on Friday 2027-01-01.
    status = planner("status", "--json", today="2027-01-03").json()
    assert status["working_days"]["elapsed"] == 1  # Friday 1 January only
    planner("log", "sale", "Early Bird", "--at", "2027-01-01", today="2027-01-04")
    monday = planner("status", "--json", today="2027-01-04").json()
    assert monday["actual"] == 1 and monday["working_days"]["elapsed"] == 1


def test_a_bad_target_in_init_saves_nothing(planner: Planner) -> None:
    for args in (["--target", "0"], ["--target", "abc"], ["--target", "5", "--period", "2026-Q9"]):
        done = planner("init", "--capacity", "7", *args)
        assert done.exit_code == 1 and "Traceback" not in done.stderr
        assert "Settings saved" not in done.stdout
    assert planner("undo").stdout.strip() == "Nothing to undo."
    alone = planner("init", "--period", "2026-Q3")
    assert alone.exit_code == 1 and "--target" in alone.stderr
