"""Names and notes with table breakers, markup, formulas and control characters stay text."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from planner.calendar import parse_period
from planner.export.csv_format import cell, neutralise
from planner.models import Prospect, Touch
from planner.service import PlannerService
from tests.export.conftest import run_planner, validate
from tests.export.test_golden import assert_self_contained

TODAY = date(2026, 11, 27)
EVIL_NAME = "Eve | Evil\nCorp `rm -rf` <script>alert(1)</script>\x1b[31m\x07 **bold** [x](y)"
EVIL_COMPANY = '=HYPERLINK("http://x.example","click")'
EVIL_NOTE = "+1 555 0100\r\n@SUM(A1)|<img src=x onerror=alert(1)>\u202eevil\x00"
# Every text a spreadsheet would take for a formula, one prospect each.
FORMULA_NAMES = ["-5", "+cmd", "@admin", "\tTabbed", "=1+1", "\rReturn", "\nNewline"]
_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def evil_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Records as a careless import could store them: the store keeps text as given."""
    data_dir = tmp_path_factory.mktemp("evil") / "data"
    svc = PlannerService(data_dir, today=TODAY)
    svc.set_target("10", "sales", parse_period("2026"))
    zone = ZoneInfo("UTC")
    names = [EVIL_NAME, *FORMULA_NAMES]
    with svc.store.transaction("plant evil records") as tx:
        for index, name in enumerate(names):
            pid = tx.new_id("prospect")
            lost = index == 0
            tx.put_prospect(
                Prospect(
                    id=pid,
                    name=name,
                    company=EVIL_COMPANY,
                    status="lost" if lost else "active",
                    last_contact=date(2026, 8, 1) if lost else None,
                    lost_reason="timing" if lost else None,
                )
            )
            outcome = "sale" if lost else "conversation"
            tx.put_touch(
                Touch(
                    id=tx.new_id("touch"),
                    prospect_id=pid,
                    at=datetime(2026, 11, 24, 9 + index, tzinfo=zone),
                    outcome=outcome,
                    source="old" if lost else "new",
                    amount=Decimal("1234.50") if lost else None,
                    note=EVIL_NOTE,
                    lead_days=3 if lost else None,
                )
            )
        tx.put_prospect(
            Prospect(
                id=tx.new_id("prospect"),
                name=EVIL_NAME + " again",
                company=EVIL_COMPANY,
                status="lost",
                lost_reason="budget",
                last_contact=date(2026, 6, 1),
                best_stage="meeting",
            )
        )
    svc.save_composure("p1", 3, "")  # today's composure, with an ordinary intent
    with svc.store.transaction("plant an evil intent") as tx:
        from planner.models import ComposureCheck

        tx.put_composure(
            ComposureCheck(day=date(2026, 11, 24), prompt_id="p", rating=4, intent=EVIL_NOTE)
        )
    return data_dir


def _export(data_dir: Path, fmt: str) -> str:
    result = run_planner(data_dir, "export", "--format", fmt, today=TODAY)
    assert result.exit_code == 0, result.stderr
    return result.output.decode("utf-8")  # the bytes as written: CR LF kept


def test_markdown_tables_keep_their_shape(evil_dir: Path) -> None:
    text = _export(evil_dir, "md")
    assert not _CONTROLS.search(text), "a control character reached the terminal"
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if not line.startswith("| ---"):
            continue
        columns = len(re.findall(r"(?<!\\)\|", line))
        body = index + 1
        while body < len(lines) and lines[body].startswith("|"):
            assert len(re.findall(r"(?<!\\)\|", lines[body])) == columns, lines[body]
            body += 1
    assert not re.search(r"(?<!\\)<", text), "an unescaped < could open a tag"
    assert r"Eve \| Evil Corp \`rm -rf\` \<script\>alert(1)\</script\>" in text
    assert r"\*\*bold\*\* \[x\](y)" in text
    sales = [line for line in lines if line.startswith("| Tue 2026-11-24 | Eve")]
    assert len(sales) == 1  # the sale's row, on one line
    assert "(#1)" in sales[0] and "1,234.50" in sales[0]


def test_html_shows_markup_as_text(evil_dir: Path) -> None:
    text = _export(evil_dir, "html")
    page = assert_self_contained(text)
    assert "img" not in page.tags and "script" not in page.tags
    assert not _CONTROLS.search(text.replace("\n", ""))
    words = "".join(page.text)
    assert "<script>alert(1)</script>" in words  # shown to the reader, as text
    assert "<img src=x onerror=alert(1)>" in words
    assert "&lt;script&gt;" in text


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_neutralises_formulas_and_keeps_numbers(evil_dir: Path) -> None:
    rows = _rows(_export(evil_dir, "csv"))
    assert len(rows) == 1 + len(FORMULA_NAMES)
    by_name = {row["prospect"]: row for row in rows}
    for name in FORMULA_NAMES:
        assert "'" + name in by_name, f"{name!r} was not neutralised"
    for row in rows:
        assert row["company"] == "'" + EVIL_COMPANY
        # The note is kept whole behind the quote, less the characters no cell should hold.
        assert row["note"] == "'+1 555 0100\r\n@SUM(A1)|<img src=x onerror=alert(1)>evil"
        for column in ("touch_id", "prospect_id", "connected", "meeting", "sale", "revived"):
            int(row[column])
    sale = by_name[EVIL_NAME.replace("\x1b", "").replace("\x07", "")]
    assert Decimal(sale["amount"]) == Decimal("1234.50") and sale["lead_days"] == "3"
    assert sale["day_rating"] == "4"
    for row in rows:
        for column, value in row.items():
            if column in ("prospect", "company", "note"):
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), value


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (Decimal("-5"), "-5.00"),  # a negative number is still a number
        (Decimal("1234.5"), "1234.50"),
        (-3, "-3"),
        (None, ""),
        ("-5", "'-5"),  # text that looks like a number is still text
        ("=SUM(A1)", "'=SUM(A1)"),
        ("plain", "plain"),
        ("", ""),
        (" =not first", " =not first"),
    ],
)
def test_csv_cells(value: Any, written: str) -> None:
    assert cell(value) == written


def test_neutralise_covers_every_owasp_start() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r", "\n"):
        assert neutralise(start + "x") == "'" + start + "x"


def test_json_keeps_text_exactly(evil_dir: Path, review_schema: Any) -> None:
    result = run_planner(evil_dir, "export", "--format", "json", today=TODAY)
    data = result.json()
    validate(data, review_schema)
    assert data["sales"][0]["prospect"]["name"] == EVIL_NAME
    assert data["sales"][0]["note"] == EVIL_NOTE
    assert data["next_week"]["check_ins"][0]["prospect"]["name"] == EVIL_NAME + " again"
