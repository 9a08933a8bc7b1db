"""A new user's Excel sheet (semicolons, Windows-1252): --dry-run, then for real, then again."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from tests.importers.conftest import Planner, by_name, snapshot

SHEET = (
    "Name;Company;Email;Phone;Status;Last contact;Deal value\r\n"
    "Jürgen Groß;Straße AG;j.gross@strasse.example;+49 89 1234567;Lost;03.04.2017;1.250,50 €\r\n"
    "Zoë Ørsted;Café Olé;zoe@cafeole.example;;Won;14.09.2017;980\r\n"
    "Émile Zola;Éditions Zola;;01 23 45 67 89;Open;28.11.2017;\r\n"
    "Ann Lee;;ann@lee.example;;Lost;;\r\n"
    ";;;;;;\r\n"
)


def test_a_spreadsheet_from_excel(planner: Planner, tmp_path: Path, data_dir: Path) -> None:
    assert planner("init", "--target", "20", "--period", "2017").exit_code == 0
    sheet = tmp_path / "Kunden.csv"
    sheet.write_bytes(SHEET.encode("cp1252"))

    first_try = planner("prospect", "import", str(sheet), "--dry-run")
    assert first_try.exit_code == 1
    suggested = re.search(r"e\.g\. (--map .*)$", first_try.stderr.strip())
    assert suggested is not None, first_try.stderr
    maps = shlex.split(suggested[1])
    assert maps == ["--map", "Deal value=value"]  # the other columns carry planner's names

    before = snapshot(data_dir)
    dry = planner("prospect", "import", str(sheet), *maps, "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "not UTF-8: read it as Windows-1252" in dry.stderr
    assert "nothing changed: 4 new, 0 updated, 0 unchanged, 0 skipped" in dry.stdout
    assert "    Jürgen Groß (Straße AG): lost, last contact 2017-04-03" in dry.stdout
    assert snapshot(data_dir) == before

    real = planner("prospect", "import", str(sheet), *maps)
    assert "4 new, 0 updated, 0 unchanged, 0 skipped" in real.stdout
    found = by_name(planner)
    assert found["Jürgen Groß"]["value"] == "1250.50"
    assert (found["Zoë Ørsted"]["status"], found["Zoë Ørsted"]["last_contact"]) == (
        "won",
        "2017-09-14",
    )
    assert found["Émile Zola"]["status"] == "active"
    after = snapshot(data_dir)

    again = planner("prospect", "import", str(sheet), *maps)
    assert "0 new, 0 updated, 4 unchanged, 0 skipped" in again.stdout
    assert snapshot(data_dir) == after
