"""A seller's data opens with stock TinyDB: every file, read back through Query, says what
planner says. The store writes through its own Storage class; this proves the format."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from tinydb import Query, TinyDB

from planner.cli import cli
from planner.service import PlannerService

TODAY = date(2026, 11, 27)  # a Friday
README = Path(__file__).resolve().parents[2] / "README.md"
PROSPECTS = [  # name, prospect add options
    ("Ann Lee", ["--company", "Acme", "--email", "ann@acme.example"]),
    ("Bo Kim", ["--status", "lost", "--lost-reason", "budget", "--last-contact", "2026-02-03"]),
    ("Cy Diaz", ["--company", "Diaz & Sons", "--phone", "+1 555 0100"]),
    ("Dee Park", ["--status", "lost", "--lost-reason", "timing", "--last-contact", "2026-04-20"]),
    ("Ed Moss", ["--do-not-contact"]),
    ("Flo Ng", ["--company", "Ng Freight"]),
]
OUTCOMES = ["no-answer", "conversation", "meeting", "no-answer", "not-interested"]


def planner(data_dir: Path, *args: str, today: date = TODAY) -> str:
    """`planner --data-dir D --today T ARGS...` in-process; its stdout (it must succeed)."""
    prefix = ["--data-dir", str(data_dir), "--today", today.isoformat()]
    done = CliRunner().invoke(cli, [*prefix, *args], catch_exceptions=False)
    assert done.exit_code == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Targets, prospects, touches over eleven months, composure and two day plans, made the
    way a seller makes them (the command line; the composure answer as the TUI saves it)."""
    root = tmp_path_factory.mktemp("tinydb")
    folder = root / "data"
    with pytest.MonkeyPatch.context() as env:  # the autouse isolation is per test, not per module
        env.setenv("PLANNER_CONFIG", str(root / "config.toml"))
        env.setenv("PLANNER_CACHE_DIR", str(root / "cache"))
        planner(folder, "init", "--target", "24", "--period", "2026", "--timezone", "Europe/Berlin")
        planner(folder, "target", "set", "7", "--period", "2026-Q4")
        for name, options in PROSPECTS:
            planner(folder, "prospect", "add", name, *options)
        for month in range(1, 12):
            for step, name in enumerate(["Ann Lee", "Cy Diaz", "Flo Ng"]):
                outcome = OUTCOMES[(month + step) % len(OUTCOMES)]
                at = f"2026-{month:02d}-{5 + 7 * step:02d}T{9 + step}:30"
                planner(folder, "log", "call", name, "--outcome", outcome, "--at", at)
            if month % 3 == 0:
                planner(
                    folder,
                    "log",
                    "sale",
                    "Ann Lee",
                    "--amount",
                    "1250.50",
                    "--at",
                    f"2026-{month:02d}-25",
                )
        planner(folder, "log", "call", "Gus New", "--outcome", "conversation", "--at", "2026-11-26")
        for day, rating in ((date(2026, 11, 25), 4), (date(2026, 11, 26), None), (TODAY, 2)):
            service = PlannerService(folder, today=day)
            prompt = service.composure_prompt()
            service.save_composure(
                prompt.id,
                rating,
                "" if rating is None else "Book two meetings",
                skipped=rating is None,
            )
            planner(folder, "queue", "--json", today=day)  # the day's first look stores its plan
        yield folder


@pytest.fixture(scope="module")
def records(data_dir: Path) -> dict[str, Any]:
    """Every record, as planner itself reports them (`planner export --all --format json`)."""
    return dict(json.loads(planner(data_dir, "export", "--all", "--format", "json")))


def files(data_dir: Path, pattern: str) -> list[Path]:
    return sorted(data_dir.glob(pattern))


def table(path: Path, name: str) -> list[dict[str, Any]]:
    """One table of one file, opened read-only with stock TinyDB; each doc with its doc_id."""
    with TinyDB(path, access_mode="r") as db:
        return [{"doc_id": doc.doc_id, **doc} for doc in db.table(name).all()]


def search(pattern: str, data_dir: Path, name: str, query: Any) -> list[dict[str, Any]]:
    """``Table.search(query)`` over every file that matches ``pattern``."""
    found: list[dict[str, Any]] = []
    for path in files(data_dir, pattern):
        with TinyDB(path, access_mode="r") as db:
            found += [{"doc_id": doc.doc_id, **doc} for doc in db.table(name).search(query)]
    return found


def test_every_data_file_opens_read_only_with_stock_tinydb(data_dir: Path) -> None:
    every = sorted(p for p in data_dir.rglob("*.json"))
    relative = {p.relative_to(data_dir).as_posix() for p in every}
    # Every kind of file a seller's data dir holds is here (backups and the oplog included).
    for expected in ("planner.json", "names.json", "composure.json", "plans.json"):
        assert expected in relative
    assert {"prospects/p0000.json", "summary/2026.json", "oplog/00000001.json"} <= relative
    assert len(files(data_dir, "touches/2026-*.json")) == 11
    assert any(rel.startswith("backups/") for rel in relative)
    before = {p: p.read_bytes() for p in every}
    for path in every:
        with TinyDB(path, access_mode="r") as db:
            tables = db.tables()
            assert tables, path
            for name in tables:
                docs = db.table(name).all()
                assert docs and all(isinstance(doc, dict) for doc in docs), (path, name)
    assert {p: p.read_bytes() for p in every} == before  # read-only means untouched


def test_touches_of_one_prospect_read_through_query(
    data_dir: Path, records: dict[str, Any]
) -> None:
    (ann,) = search("prospects/p*.json", data_dir, "prospects", Query().name == "Ann Lee")
    mine = search("touches/*.json", data_dir, "touches", Query().prospect_id == ann["doc_id"])
    ours = [t for t in records["touches"] if t["prospect_id"] == ann["doc_id"]]
    assert len(ours) == 11 + 3  # a call each month and a sale each quarter
    assert sorted((t["doc_id"], t["at"], t["outcome"]) for t in mine) == sorted(
        (t["id"], t["at"], t["outcome"]) for t in ours
    )
    sales = search("touches/*.json", data_dir, "touches", Query().outcome == "sale")
    assert [t["amount"] for t in sales] == ["1250.50"] * 3
    assert sum(len(table(p, "touches")) for p in files(data_dir, "touches/*.json")) == len(
        records["touches"]
    )


def test_lost_prospects_read_through_query(data_dir: Path, records: dict[str, Any]) -> None:
    lost = search("prospects/p*.json", data_dir, "prospects", Query().status == "lost")
    listed = json.loads(planner(data_dir, "prospect", "list", "--status", "lost", "--json"))
    assert {p["doc_id"]: p["name"] for p in lost} == {
        p["id"]: p["name"] for p in listed["prospects"]
    }
    assert {"Bo Kim", "Dee Park"} < {p["name"] for p in lost}  # and those who said no since
    budget = Query().lost_reason == "budget"
    assert [p["name"] for p in search("prospects/p*.json", data_dir, "prospects", budget)] == [
        "Bo Kim"
    ]
    stored = table(data_dir / "prospects" / "p0000.json", "prospects")
    assert [(p["doc_id"], p["name"]) for p in stored] == [
        (p["id"], p["name"]) for p in records["prospects"]
    ]


def test_targets_settings_composure_and_day_plans_read_through_tinydb(
    data_dir: Path, records: dict[str, Any]
) -> None:
    planner_file = data_dir / "planner.json"
    targets = table(planner_file, "targets")
    assert [(t["doc_id"], t["metric"], t["amount"], t["period"]["label"]) for t in targets] == [
        (t["id"], t["metric"], str(t["amount"]), t["period"]) for t in records["targets"]
    ]
    (settings,) = table(planner_file, "settings")
    assert settings["timezone"] == records["settings"]["timezone"] == "Europe/Berlin"

    checks = table(data_dir / "composure.json", "composure")
    assert [(c["day"], c.get("rating"), c.get("skipped", False)) for c in checks] == [
        (c["day"], c["rating"], c["skipped"]) for c in records["composure"]
    ]
    with TinyDB(data_dir / "composure.json", access_mode="r") as db:
        (low,) = db.table("composure").search(Query().rating < 3)
    assert low["day"] == TODAY.isoformat()

    with TinyDB(data_dir / "plans.json", access_mode="r") as db:
        (plan,) = db.table("plans").search(Query().day == TODAY.isoformat())
    (reported,) = [p for p in records["plans"] if p["day"] == TODAY.isoformat()]
    assert plan["prospect_ids"] == reported["prospect_ids"]
    queue = json.loads(planner(data_dir, "queue", "--json"))
    assert [i["prospect"] and i["prospect"]["id"] for i in queue["items"]] == plan["prospect_ids"]


def readme_session() -> tuple[list[str], str]:
    """The README's three lines (a Python prompt session) that query your own data, and the
    answer it shows."""
    text = README.read_text(encoding="utf-8")
    found = re.search(r"<!-- tinydb-query[^\n]*-->\n```pycon\n(.*?)```", text, re.DOTALL)
    assert found, "README.md lost its TinyDB example"
    lines = found.group(1).splitlines()
    return [line[4:] for line in lines if line.startswith(">>> ")], lines[-1]


def test_the_readme_tinydb_lines_work(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (*statements, expression), shown = readme_session()
    assert len(statements) == 2
    monkeypatch.chdir(data_dir)  # the README starts Python in the data dir
    scope: dict[str, Any] = {}
    exec(compile("\n".join(statements), "README.md", "exec"), scope)
    names = eval(compile(expression, "README.md", "eval"), scope)
    listed = json.loads(planner(data_dir, "prospect", "list", "--status", "lost", "--json"))
    assert names == [p["name"] for p in listed["prospects"]]
    assert repr(names) == shown  # the answer the README shows is this data's
