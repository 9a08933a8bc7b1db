"""Any bytes, quoting or encoding: an import or one line-numbered error, never a partial one."""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from tests.importers.conftest import invoke, snapshot

COLUMNS = ["name", "company", "email", "phone", "status", "lost_reason", "last_contact"]
COLUMNS += ["do_not_contact", "value", "Name", "E-mail", "Deal - Title", "First Name", ""]
VALUES = ["Ann", "Acme, Inc", "ann@acme.example", "+1 415 555 0100", "lost", "won", "maybe"]
VALUES += ["timing", "2017-03-04", "3/4/2017", "25/12/2017", "04.03.2017", "2017-02-30"]
VALUES += ["yes", "1.250,50", "1,000", "-5", "1e9", "", " ", "Zoë", "=cmd()", "2099-01-01"]
ACTIVITY_COLUMNS = ["at", "prospect", "outcome", "amount", "source", "note", "company", "x"]
VALUES += ["2017-11-03T10:00", "no-answer", "sale", "meeting", "old", "11/3/2017 2:30 PM"]
CHARS = st.sampled_from(list(",;\t\"'\r\n\x00 abcXYZé€ßØ0123456789./-:@\u2028\ufeff\x1b"))
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"]
LINE = re.compile(r"line \d+")


GOOD = {
    "name": ["Ann", "Bo Chan", "Zoë Ørsted", "Acme, Inc"],
    "company": ["Acme, Inc", "", "Straße AG"],
    "email": ["ann@acme.example", "", "BO@B.example"],
    "phone": ["+1 415 555 0100", "(415) 555-0100", ""],
    "status": ["lost", "won", "Closed Lost", "bad timing", ""],
    "lost_reason": ["timing", "Price too high", ""],
    "last_contact": ["2017-03-04", "04.03.2017", "2017-11-30 10:00", ""],
    "do_not_contact": ["yes", "no", ""],
    "value": ["1200", "1.250,50", "$1,054.00", ""],
    "at": ["2017-11-03T10:00", "2017-11-03", "2017-11-03 09:30:00"],
    "prospect": ["Ann", "Bo Chan"],
    "outcome": ["no-answer", "meeting", "conversation"],
    "source": ["old", "new", ""],
    "note": ["called\nback", "", '"quoted"'],
}


@st.composite
def cell(draw: st.DrawFn, column: str) -> str:
    roll = draw(st.integers(0, 9))
    if roll < 6 and column in GOOD:
        return draw(st.sampled_from(GOOD[column]))
    if roll < 9:
        return draw(st.sampled_from(VALUES))
    return draw(st.text(CHARS, max_size=12))


@st.composite
def messy_csv(draw: st.DrawFn, columns: list[str], required: list[str]) -> bytes:
    """Bytes that are sometimes a fine CSV, often nearly one, and now and then noise."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=300))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    header = draw(st.lists(st.sampled_from(columns), min_size=1, max_size=6, unique=True))
    if draw(st.integers(0, 3)):
        header = required + [c for c in header if c not in required]
    rows = []
    for _ in range(draw(st.integers(0, 8)) or draw(st.integers(0, 4))):
        ragged = draw(st.integers(0, 4)) == 0  # mostly rows as wide as the header
        width = draw(st.integers(0, 8)) if ragged else len(header)
        rows.append([draw(cell((header + [""] * width)[i])) for i in range(width)])
    out = io.StringIO()
    if draw(st.booleans()):  # proper quoting, as a spreadsheet writes
        writer = csv.writer(out, delimiter=delimiter, lineterminator=ending)
        writer.writerows([header, *rows])
        text = out.getvalue()
    else:  # cells pasted raw: quotes and delimiters inside fall where they may
        text = ending.join(delimiter.join(row) for row in [header, *rows]) + ending
    encoding = draw(st.sampled_from(ENCODINGS))
    return text.encode(encoding, errors="replace")


def _kind(stderr: str) -> str:
    """The sort of refusal, for hypothesis's statistics (pytest --hypothesis-show-statistics)."""
    return re.sub(r"line \d+|'[^']*'|\d+", "#", stderr.split(": ", 2)[-1])[:40]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with a plan and two prospects, copied afresh for every example."""
    data = tmp_path_factory.mktemp("malformed") / "data"
    invoke(data, "init", "--target", "20", "--period", "2017")
    invoke(data, "prospect", "add", "Ann", "--company", "Acme, Inc", "--email", "ann@acme.example")
    invoke(data, "prospect", "add", "Bo", "--status", "lost", "--lost-reason", "timing")
    return data


@settings(
    max_examples=examples(250),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.data(),
    dry_run=st.booleans(),
    skip=st.booleans(),
    source=st.sampled_from(["auto"] * 5 + ["planner", "hubspot", "salesforce", "pipedrive"]),
    activity=st.booleans(),
)
def test_an_import_or_one_line_numbered_error(
    template: Path, data: st.DataObject, dry_run: bool, skip: bool, source: str, activity: bool
) -> None:
    if activity:
        payload = data.draw(messy_csv(ACTIVITY_COLUMNS, ["at", "prospect", "outcome"]))
    else:
        payload = data.draw(messy_csv(COLUMNS, ["name"]))
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        store = folder / "data"
        shutil.copytree(template, store)
        file = folder / "messy.csv"
        file.write_bytes(payload)
        before = snapshot(store)
        count_before = len(invoke(store, "prospect", "list", "--json").json()["prospects"])
        flags = ["--dry-run"] * dry_run + ["--skip-bad-rows"] * skip
        if activity:
            args = ["activity", "import", str(file), *flags]
        else:
            args = ["prospect", "import", str(file), "--from", source, *flags]
        result = invoke(store, *args)
        event(
            f"exit {result.exit_code}" + (f": {_kind(result.stderr)}" if result.exit_code else "")
        )
        assert result.exit_code in (0, 1), result.stderr
        if result.exit_code == 1:
            lines = result.stderr.splitlines()
            assert len(lines) == 1 and lines[0].startswith("planner: "), result.stderr
            assert LINE.search(lines[0]), lines[0]
            assert snapshot(store) == before  # nothing written: not even a part
            return
        if dry_run:
            assert snapshot(store) == before
            return
        after = invoke(store, "prospect", "list", "--json").json()["prospects"]
        if activity:
            created = int(re.search(r"([\d,]+) new prospects?", result.stdout)[1].replace(",", ""))
        else:
            created = int(re.search(r": ([\d,]+) new,", result.stdout)[1].replace(",", ""))
        assert len(after) == count_before + created  # all of the import or none of it


@settings(max_examples=examples(100), deadline=None)
@given(st.binary(max_size=200), st.sampled_from(ENCODINGS))
def test_the_reader_never_raises_anything_but_its_own_error(data: bytes, encoding: str) -> None:
    from planner.importers.csvfile import CsvError, parse_csv

    for payload in (data, data.decode("latin-1").encode(encoding, errors="replace")):
        try:
            table = parse_csv(payload, "x.csv")
        except CsvError as error:
            assert LINE.search(str(error)), str(error)
            continue
        assert all(LINE.search(str(error)) for error in table.errors)
        assert all(len(cells) == len(table.headers) for _, cells in table.rows)
