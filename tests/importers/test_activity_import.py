"""`planner activity import` shares the reader: encodings, delimiters, --map, --dry-run."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.importers.dates import DateColumn
from planner.importers.moments import MomentReader
from planner.service import PlannerService
from planner.validation import ValidationError, parse_at
from tests.conftest import examples
from tests.importers.conftest import Planner, by_name, snapshot

EXCEL_EUROPE = (
    "Datum;Kunde;Ergebnis;Betrag;Notiz;Firma\r\n"
    "03.04.2017 09:15;Jürgen Groß;conversation;;Rückruf im Mai;Straße AG\r\n"
    '14.04.2017 10:00;Jürgen Groß;sale;1.250,50;"Vertrag\r\nunterschrieben";Straße AG\r\n'
    "02.05.2017;Zoë Ørsted;no answer;;;Café Olé\r\n"
)
MAPS = ["--map", "Datum=at", "--map", "Kunde=prospect", "--map", "Ergebnis=outcome"]
MAPS += ["--map", "Betrag=amount", "--map", "Notiz=note", "--map", "Firma=company"]


def test_cp1252_semicolons_and_map(planner: Planner, tmp_path: Path, data_dir: Path) -> None:
    planner("init", "--target", "10", "--period", "2017", "--timezone", "Europe/Berlin")
    file = tmp_path / "anrufe.csv"
    file.write_bytes(EXCEL_EUROPE.encode("cp1252"))
    before = snapshot(data_dir)
    dry = planner("activity", "import", str(file), *MAPS, "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "Would import 3 touches (0 already there), 2 new prospects" in dry.stdout
    assert "not UTF-8" in dry.stderr and snapshot(data_dir) == before
    done = planner("activity", "import", str(file), *MAPS)
    assert "Imported 3 touches (0 already there), 2 new prospects" in done.stdout
    again = planner("activity", "import", str(file), *MAPS)
    assert "Imported 0 touches (3 already there), 0 new prospects" in again.stdout
    found = by_name(planner)
    assert (
        found["Jürgen Groß"]["status"] == "won" and found["Jürgen Groß"]["company"] == "Straße AG"
    )
    assert found["Zoë Ørsted"]["last_contact"] == "2017-05-02"
    assert planner("status", "--json").json()["actual"] == 1
    stored = PlannerService(data_dir, today=date(2017, 12, 1)).touches(
        date(2017, 4, 1), date(2017, 5, 31)
    )
    sale = next(t for t in stored if t.outcome == "sale")
    assert sale.amount == Decimal("1250.50") and sale.note == "Vertrag\nunterschrieben"
    assert sale.at.isoformat() == "2017-04-14T10:00:00+02:00"


def test_utf16_tab_file_with_us_dates(planner: Planner, tmp_path: Path) -> None:
    planner("init", "--target", "10", "--period", "2017")
    file = tmp_path / "calls.txt"
    text = (
        "at\tprospect\toutcome\r\n11/3/2017 2:30 PM\tAnn\tmeeting\r\n11/14/2017\tBo\tno-answer\r\n"
    )
    file.write_bytes(text.encode("utf-16"))
    done = planner("activity", "import", str(file))
    assert done.exit_code == 0, done.stderr
    found = by_name(planner)
    assert found["Ann"]["last_contact"] == "2017-11-03" and found["Bo"]["status"] == "active"


def test_bad_rows_are_all_or_nothing_and_skippable(planner: Planner, tmp_path: Path) -> None:
    planner("init", "--target", "10", "--period", "2017")
    file = tmp_path / "calls.csv"
    file.write_text(
        "at,prospect,outcome,amount\n"
        "2017-11-01T10:00,Ann,no-answer,\n"
        "2017-11-02T10:00,Bo,maybe,\n"
        "2017-11-03T10:00,Cy,meeting,50\n"
        "2018-01-01T10:00,Di,no-answer,\n"
        "2017-11-04,Ed\n",
        encoding="utf-8",
    )
    refused = planner("activity", "import", str(file))
    assert refused.exit_code == 1 and refused.stderr.count("\n") == 1
    assert "line 3: unknown outcome 'maybe'" in refused.stderr
    assert "line 4: only a sale carries an amount" in refused.stderr
    assert "line 5: 2018-01-01T10:00 is in the future" in refused.stderr
    assert "line 6: 2 fields where the header has 4" in refused.stderr
    assert by_name(planner) == {}
    done = planner("activity", "import", str(file), "--skip-bad-rows")
    assert done.exit_code == 0
    assert "Imported 1 touch (0 already there), 1 new prospect from" in done.stdout
    assert "4 bad rows skipped" in done.stdout
    assert sum(line.startswith("planner: skipped line") for line in done.stderr.splitlines()) == 4


def test_missing_required_column_says_how_to_map(planner: Planner, tmp_path: Path) -> None:
    file = tmp_path / "calls.csv"
    file.write_text("when,who,outcome\n2017-11-01,Ann,no-answer\n", encoding="utf-8")
    refused = planner("activity", "import", str(file))
    assert refused.exit_code == 1
    assert "line 1: no column 'at'" in refused.stderr and "--map COLUMN=at" in refused.stderr
    done = planner("activity", "import", str(file), "--map", "when=at", "--map", "who=prospect")
    assert done.exit_code == 0, done.stderr


ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/St_Johns"]


@settings(max_examples=examples(300), deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    moment=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 12, 31)),
    seconds=st.booleans(),
    separator=st.sampled_from(["T", " "]),
)
def test_fast_times_read_exactly_as_the_at_parser_does(
    zone: str, moment: datetime, seconds: bool, separator: str
) -> None:
    text = moment.strftime(f"%Y-%m-%d{separator}%H:%M" + (":%S" if seconds else ""))
    today = date(2031, 1, 1)
    ours = MomentReader(zone, today).read(text, DateColumn("at", None, "dmy"))
    theirs = parse_at(text.replace(" ", "T"), timezone=zone, today=today, now=None)
    assert ours == theirs and ours.utcoffset() == theirs.utcoffset()
    assert ours.isoformat() == theirs.isoformat()


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York"])
def test_clock_change_hours_take_the_slow_path_and_agree(zone: str) -> None:
    reader = MomentReader(zone, date(2031, 1, 1))
    column = DateColumn("at", None, "dmy")
    for start in ("2017-03-26T00:00", "2017-10-29T00:00", "2017-03-12T00:00", "2017-11-05T00:00"):
        moment = datetime.fromisoformat(start)
        for minutes in range(0, 4 * 60, 15):
            text = (moment + timedelta(minutes=minutes)).isoformat(timespec="minutes")
            assert reader.read(text, column) == parse_at(
                text, timezone=zone, today=date(2031, 1, 1), now=None
            )


def test_future_is_refused_on_the_fast_path_too() -> None:
    with pytest.raises(ValidationError, match="in the future"):
        MomentReader("UTC", date(2017, 12, 1)).read(
            "2017-12-02T09:00", DateColumn("at", None, "dmy")
        )


def test_a_date_column_and_a_time_column_both_feed_at(
    planner: Planner, tmp_path: Path, data_dir: Path
) -> None:
    planner("init", "--target", "10", "--period", "2017", "--timezone", "America/New_York")
    file = tmp_path / "log.csv"
    file.write_text(
        "Date;Time;Who;Result\n"
        "03.04.2017;9:15;Ann;meeting\n"
        "2017-04-05;2:30 PM;Bo;no answer\n"
        "06.04.2017;;Cy;conversation\n",
        encoding="utf-8",
    )
    maps = ["--map", "Date=at", "--map", "Time=at", "--map", "Who=prospect"]
    done = planner("activity", "import", str(file), *maps, "--map", "Result=outcome")
    assert done.exit_code == 0, done.stderr
    stored = PlannerService(data_dir, today=date(2017, 12, 1)).touches(
        date(2017, 4, 1), date(2017, 4, 30)
    )
    assert [t.at.isoformat() for t in stored] == [
        "2017-04-03T09:15:00-04:00",
        "2017-04-05T14:30:00-04:00",
        "2017-04-06T12:00:00-04:00",  # a date alone means noon, as with --at
    ]
