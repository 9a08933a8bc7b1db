"""The command line contract of DESIGN section 4, on a real data dir."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Planner

STATUS_KEYS = {
    "schema",
    "today",
    "target",
    "working_days",
    "actual",
    "expected",
    "pace",
    "status",
    "gap",
    "remaining",
    "required_per_day",
    "run_rate_per_day",
    "projected",
    "projected_low",
    "projected_high",
    "p_hit",
    "funnel",
    "diagnosis",
    "behind_by",
    "carried_in",
    "final",
    "pipeline",
    "forecast",
}


def seed_example(planner: Planner) -> None:
    """Target 24 sales for 2026 and 7 sales before July, as in the brief."""
    assert planner("init", "--target", "24", "--period", "2026").exit_code == 0
    for month in range(1, 8):
        done = planner("log", "sale", f"Buyer {month}", "--at", f"2026-0{min(month, 6)}-1{month}")
        assert done.exit_code == 0, done.stderr


def test_the_seed_example_from_the_shell(planner: Planner) -> None:
    seed_example(planner)
    report = planner("status", "--json").json()
    assert set(report) == STATUS_KEYS
    assert report["schema"] == 1
    assert report["target"] == {
        "metric": "sales",
        "amount": 24,
        "period": "2026",
        "start": "2026-01-01",
        "end": "2026-12-31",
    }
    assert report["working_days"] == {"total": 261, "elapsed": 129, "remaining": 132}
    assert report["actual"] == 7 and report["remaining"] == 17
    assert report["expected"] == pytest.approx(11.86, abs=0.01)
    assert report["pace"] == pytest.approx(0.59, abs=0.01)
    assert report["status"] == "at_risk"
    assert report["required_per_day"] == pytest.approx(0.129, abs=0.001)
    assert report["run_rate_per_day"] == pytest.approx(0.054, abs=0.001)
    assert report["p_hit"] < 0.05
    assert set(report["funnel"]) == {"new", "old"}
    assert set(report["funnel"]["new"]) == {
        "touches",
        "conversations",
        "meetings",
        "sales",
        "p_sale",
        "p_sale_low",
        "p_sale_high",
        "lead_days",
    }
    # Sales logged by name without a call teach the funnel nothing (DESIGN section 2).
    assert report["funnel"]["new"]["sales"] == report["funnel"]["new"]["touches"] == 0
    funnel = report["funnel"]["new"]
    assert funnel["p_sale_low"] < funnel["p_sale"] < funnel["p_sale_high"]
    assert report["behind_by"] == pytest.approx(4.86, abs=0.01)
    assert report["carried_in"] == 0 and report["final"] is False
    assert report["pipeline"] == {"open_meetings": 0, "expected_sales": 0.0}
    text = planner("status")
    assert "7 of 24 sales" in text.stdout and "at risk" in text.stdout


def test_unknown_name_creates_a_prospect_and_says_so_on_stderr(planner: Planner) -> None:
    planner("init", "--target", "24")
    done = planner("log", "call", "Dana Fox", "--outcome", "no-answer")
    assert done.exit_code == 0
    assert "new prospect #1 Dana Fox" in done.stderr
    again = planner("log", "call", "dana", "--outcome", "conversation")
    assert again.exit_code == 0 and again.stderr == ""
    prospects = planner("prospect", "list", "--json").json()
    assert prospects["schema"] == 1
    assert [p["name"] for p in prospects["prospects"]] == ["Dana Fox"]
    assert set(prospects["prospects"][0]) == {
        "id",
        "name",
        "company",
        "email",
        "phone",
        "status",
        "lost_reason",
        "last_contact",
        "do_not_contact",
        "value",
        "follow_up",
    }


def test_prefix_ambiguity_lists_the_candidates(planner: Planner) -> None:
    planner("init", "--target", "24")
    planner("prospect", "add", "Anna Berg")
    planner("prospect", "add", "Annika Lund")
    done = planner("log", "call", "ann", "--outcome", "no-answer")
    assert done.exit_code == 1
    assert "Anna Berg (#1)" in done.stderr and "Annika Lund (#2)" in done.stderr
    assert planner("log", "call", "#2", "--outcome", "meeting").exit_code == 0
    assert planner("log", "call", "#99", "--outcome", "meeting").exit_code == 1


def test_undo_takes_back_the_last_change(planner: Planner) -> None:
    planner("init", "--target", "24")
    planner("log", "sale", "Eve", "--amount", "500")
    assert planner("status", "--json").json()["actual"] == 1
    assert "log sale with Eve" in planner("undo").stdout
    assert planner("status", "--json").json()["actual"] == 0
    assert planner("prospect", "list", "--json").json()["prospects"] == []


def test_targets_by_quarter_month_and_revenue(planner: Planner) -> None:
    planner("init")
    assert planner("target", "set", "6", "--period", "2026-Q3").exit_code == 0
    assert (
        planner("target", "set", "50000", "--metric", "revenue", "--period", "2026-07").exit_code
        == 0
    )
    targets = planner("target", "list", "--json").json()["targets"]
    assert [(t["period"], t["amount"]) for t in targets] == [
        ("2026-Q3", 6),
        ("2026-07", "50000.00"),
    ]
    planner("log", "sale", "Big Co", "--amount", "12,500.50")
    report = planner("status", "--json").json()  # the most recently set target wins
    assert report["target"]["metric"] == "revenue"
    assert report["actual"] == "12500.50"


def test_queue_json_has_the_contract_keys(planner: Planner) -> None:
    planner("init", "--target", "24", "--capacity", "10")
    planner(
        "prospect",
        "add",
        "Old Friend",
        "--status",
        "lost",
        "--lost-reason",
        "timing",
        "--last-contact",
        "2026-03-01",
    )
    planner(
        "prospect",
        "add",
        "Too Fresh",
        "--status",
        "lost",
        "--lost-reason",
        "budget",
        "--last-contact",
        "2026-06-20",
    )
    planner(
        "prospect",
        "add",
        "Never Again",
        "--status",
        "lost",
        "--last-contact",
        "2026-01-02",
        "--do-not-contact",
    )
    queue = planner("queue", "--json").json()
    assert set(queue) == {
        "schema",
        "today",
        "capacity",
        "needed_sales",
        "expected_sales",
        "planned",
        "shortfall",
        "size_words",
        "done",
        "left",
        "items",
    }
    assert queue["capacity"] == 10 and len(queue["items"]) <= 10
    names = [i["prospect"]["name"] for i in queue["items"] if i["prospect"]]
    assert "Old Friend" in names
    assert "Too Fresh" not in names and "Never Again" not in names
    first_old = next(i for i in queue["items"] if i["source"] == "old")
    assert "said no" in first_old["reason"] and "timing" in first_old["reason"]
    assert set(first_old) == {
        "rank",
        "source",
        "prospect",
        "reason",
        "done",
        "outcome",
        "follow_up",
    }


def test_activity_import_is_all_or_nothing(planner: Planner, tmp_path: Path) -> None:
    planner("init", "--target", "24")
    good = tmp_path / "good.csv"
    good.write_text(
        "at,prospect,outcome,amount,company\n"
        "2026-06-01T10:00,Gil,no-answer,,Gil Co\n"
        "2026-06-02,Gil,sale,900,Gil Co\n"
        "2026-06-03T09:15,Hana,conversation,,\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("at,prospect,outcome\n2026-06-01,Ivo,no-answer\n2026-06-02,Ivo,maybe\n")
    refused = planner("activity", "import", str(bad))
    assert refused.exit_code == 1 and "line 3" in refused.stderr and "maybe" in refused.stderr
    assert planner("prospect", "list", "--json").json()["prospects"] == []
    dry = planner("activity", "import", str(good), "--dry-run")
    assert dry.exit_code == 0 and "Would import 3 touches" in dry.stdout
    assert planner("prospect", "list", "--json").json()["prospects"] == []
    assert "Imported 3 touches" in planner("activity", "import", str(good)).stdout
    again = planner("activity", "import", str(good))
    assert "Imported 0 touches (3 already there)" in again.stdout
    assert planner("status", "--json").json()["actual"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "sale", "X", "--amount", "-5"], "amount"),
        (["log", "sale", "X", "--amount", "NaN"], "amount"),
        (["log", "sale", "X", "--amount", "1e309"], "amount"),
        (["log", "sale", "X", "--amount", "12.345"], "amount"),
        (["log", "call", "X", "--outcome", "no-answer", "--at", "2026-07-02"], "future"),
        (["log", "call", " ", "--outcome", "no-answer"], "name"),
        (["log", "call", "X", "--outcome", "no-answer", "--note", "n" * 100_000], "limit"),
        (["target", "set", "24", "--period", "2026-Q7"], "period"),
        (["init", "--timezone", "Mars/Base"], "time zone"),
        (["init", "--country", "XX"], "country"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(
    planner_process: Planner, args: list[str], message: str
) -> None:
    planner_process("init", "--target", "24")
    done = planner_process(*args)
    assert done.exit_code == 1, done.stdout
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr and message in done.stderr


def test_bad_usage_exits_2(planner_process: Planner) -> None:
    done = planner_process("log", "call", "X", "--outcome", "maybe")
    assert done.exit_code == 2
    assert planner_process("--today", "2026-13-01", "status").exit_code == 2


@pytest.mark.parametrize("outcome", ["maybe", "sale", ""])
def test_an_unknown_outcome_is_bad_usage_and_logs_nothing(
    planner: Planner, planner_process: Planner, outcome: str
) -> None:
    assert planner("init", "--target", "24").exit_code == 0
    done = planner_process("log", "call", "Ann Lee", "--outcome", outcome)
    assert done.exit_code == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert f"Invalid value for '--outcome': '{outcome}' is not one of" in done.stderr
    # Nothing was created or counted: no prospect, no touch.
    assert planner("prospect", "list", "--json").json()["prospects"] == []
    status = planner("status", "--json").json()
    assert status["funnel"]["new"]["touches"] == status["funnel"]["old"]["touches"] == 0


def test_status_json_is_exactly_one_object(planner_process: Planner) -> None:
    planner_process("init", "--target", "24")
    status = planner_process("status", "--json")
    decoder = json.JSONDecoder()
    text = status.stdout.strip()
    value, end = decoder.raw_decode(text)
    assert end == len(text), "more than one JSON value on stdout"
    assert isinstance(value, dict) and value["schema"] == 1


def test_today_from_the_environment(planner: Planner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANNER_TODAY", "2026-03-02")
    planner("init", "--target", "24", today=None)
    assert planner("status", "--json", today=None).json()["today"] == "2026-03-02"


def test_demo_refuses_existing_data_without_force(planner: Planner) -> None:
    assert planner("demo", "--calls-per-day", "5").exit_code == 0
    refused = planner("demo", "--calls-per-day", "5")
    assert refused.exit_code == 1 and "--force" in refused.stderr
    assert planner("demo", "--calls-per-day", "5", "--force").exit_code == 0
    assert planner("status", "--json").json()["actual"] > 0


def test_a_megabyte_note_is_refused_in_one_line(planner: Planner) -> None:
    planner("init", "--target", "24")
    done = planner("log", "call", "X", "--outcome", "no-answer", "--note", "n" * 1_000_000)
    assert done.exit_code == 1 and "limit is 2,000" in done.stderr
    assert planner("prospect", "list", "--json").json()["prospects"] == []


def test_a_corrupt_file_is_named_left_alone_and_restorable(
    planner_process: Planner, data_dir: Path
) -> None:
    planner_process("init", "--target", "24")
    planner_process("log", "sale", "Flo", "--amount", "100")
    assert planner_process("backup").exit_code == 0
    partition = data_dir / "touches" / "2026-07.json"
    damaged = partition.read_bytes()[:-7]  # a write cut short
    partition.write_bytes(damaged)
    # Status reads the day summaries only, so the seller still sees the pace; any command
    # that needs the damaged month refuses in one line naming it, and writes nothing.
    assert planner_process("status", "--json").exit_code == 0
    done = planner_process("log", "call", "Flo", "--outcome", "no-answer")
    assert done.exit_code == 1
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert "2026-07.json" in done.stderr and "planner restore" in done.stderr
    assert "line 1, column" in done.stderr
    assert partition.read_bytes() == damaged  # never overwritten
    refused_backup = planner_process("backup")  # would push the good backups out
    assert refused_backup.exit_code == 1 and "2026-07.json" in refused_backup.stderr
    doctor = planner_process("doctor", "--json")
    assert doctor.exit_code == 1 and json.loads(doctor.stdout)["ok"] is False
    listed = planner_process("restore")
    name = listed.stdout.split()[0]
    assert planner_process("restore", name).exit_code == 0
    assert planner_process("status", "--json").json()["actual"] == 1


def test_twins_are_refused_and_same_names_point_to_ids(planner: Planner) -> None:
    planner("init", "--target", "24")
    assert planner("prospect", "add", "Ann Lee").exit_code == 0
    twin = planner("prospect", "add", "ann lee")
    assert twin.exit_code == 1 and "already exists as #1" in twin.stderr
    assert planner("prospect", "add", "Ann Lee", "--company", "Beta").exit_code == 0
    both = planner("log", "call", "Ann Lee", "--outcome", "no-answer")
    assert both.exit_code == 1
    assert "Ann Lee (Beta, #2)" in both.stderr and "use the #ID" in both.stderr
    hashed = planner("prospect", "add", "#5")
    assert hashed.exit_code == 1 and "cannot start with #" in hashed.stderr


def test_first_run_gets_demo_data_and_reset_starts_clean(planner: Planner) -> None:
    assert "Demo data in" in planner("demo", "--if-empty", "--calls-per-day", "5").stdout
    again = planner("demo", "--if-empty", "--calls-per-day", "5")
    assert again.exit_code == 0 and "no demo data loaded" in again.stdout
    refused = planner("reset")  # no terminal to confirm on
    assert refused.exit_code == 1 and "--yes" in refused.stderr
    done = planner("reset", "--yes")
    assert done.exit_code == 0 and "planner restore" in done.stdout
    assert planner("prospect", "list", "--json").json()["prospects"] == []
    assert planner("target", "list", "--json").json()["targets"] == []
    name = done.stdout.split("the backup ")[1].split()[0]
    assert planner("restore", name).exit_code == 0
    assert planner("prospect", "list", "--json").json()["prospects"] != []
