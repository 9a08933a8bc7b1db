"""The reader takes files as they come: encodings, delimiters, quoting, and says which line."""

from __future__ import annotations

import codecs
import csv
import io

import pytest

from planner.importers.csvfile import CsvError, parse_csv, sniff_delimiter

TEXT = "name,company,value\r\nZoë Ørsted,Café Olé,1200\r\nJürgen Groß,Straße AG,\r\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16"), "utf-16-le"),  # Python writes the BOM of the machine's order
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM: told by the NUL pattern, warned
        (TEXT.encode("cp1252"), "cp1252"),
        (TEXT.encode("latin-1"), "cp1252"),  # these letters are the same bytes in both
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16", "utf16-no-bom", "cp1252", "l1"],
)
def test_every_encoding_reads_the_same_rows(data: bytes, encoding: str) -> None:
    table = parse_csv(data, "people.csv")
    assert table.encoding == encoding
    assert table.headers == ["name", "company", "value"]
    assert [cells for _, cells in table.rows] == [
        ["Zoë Ørsted", "Café Olé", "1200"],
        ["Jürgen Groß", "Straße AG", ""],
    ]
    assert [line for line, _ in table.rows] == [2, 3]


def test_cp1252_gets_a_one_line_warning_and_utf8_none() -> None:
    table = parse_csv(TEXT.encode("cp1252"), "people.csv")
    assert len(table.warnings) == 1 and "\n" not in table.warnings[0]
    assert "not UTF-8" in table.warnings[0] and "Windows-1252" in table.warnings[0]
    assert parse_csv(TEXT.encode("utf-8"), "people.csv").warnings == []


def test_bytes_cp1252_leaves_undefined_fall_back_to_latin1() -> None:
    table = parse_csv(b"name\nA\x81B\n", "odd.csv")
    assert table.encoding == "latin-1" and table.rows[0][1] == ["A\x81B"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters_are_sniffed(delimiter: str) -> None:
    # Cells hold the other delimiters (and the real one, quoted): only the real one fits.
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerows(
        [
            ["name", "company", "note"],
            ["Ann", "Acme, Inc; West", "a,b;c\td"],
            ["Bo", "Bo's", "x"],
            ["Cy", "C;C,C", ""],
        ]
    )
    table = parse_csv(out.getvalue().encode(), "x.csv")
    assert table.delimiter == delimiter
    assert [cells[1] for _, cells in table.rows] == ["Acme, Inc; West", "Bo's", "C;C,C"]


def test_sniffing_reads_whole_records_not_lines() -> None:
    text = 'name;note\n"Ann";"first line\nsecond, with comma, and, more"\nBo;x\n'
    assert sniff_delimiter(text) == ";"


def test_single_column_file_is_fine() -> None:
    table = parse_csv(b"name\nAnn\nBo\n", "names.csv")
    assert table.headers == ["name"] and len(table.rows) == 2


def test_quoted_newlines_keep_the_record_and_count_the_lines() -> None:
    text = 'name,company\r\nAnn,"Acme\r\nWest wing"\r\nBo,"B ""Best"" Co"\r\nCy,C\r\n'
    table = parse_csv(text.encode(), "q.csv")
    assert [line for line, _ in table.rows] == [2, 4, 5]
    assert table.rows[0][1][1] == "Acme\r\nWest wing"
    assert table.rows[1][1][1] == 'B "Best" Co'


def test_ragged_rows_are_line_numbered_errors_and_padding_is_not() -> None:
    text = "name,company,email\nAnn,Acme\nBo,B,b@b.example,,\nCy,C,c@c.example,extra\n"
    table = parse_csv(text.encode(), "r.csv")
    assert [line for line, _ in table.rows] == [3]  # trailing empty cells are padding
    assert [str(e) for e in table.errors] == [
        "line 2: 2 fields where the header has 3",
        "line 4: 4 fields where the header has 3",
    ]


def test_blank_lines_and_rows_of_empty_cells_are_layout() -> None:
    table = parse_csv(b"name;company\n\nAnn;Acme\n;\n;;\nBo;B\n", "b.csv")
    assert [line for line, _ in table.rows] == [3, 6]
    assert table.errors == []


def test_trailing_empty_header_cells_are_unused_spreadsheet_columns() -> None:
    table = parse_csv(b"name;company;;\nAnn;Acme;;\n", "t.csv")
    assert table.headers == ["name", "company"] and table.rows[0][1] == ["Ann", "Acme"]


def test_nul_bytes_are_row_errors_with_their_line() -> None:
    table = parse_csv(b"name,company\nAnn,Ac\x00me\nBo,B\n", "n.csv")
    assert [str(e) for e in table.errors] == [
        "line 2: holds a NUL byte (is this really a text CSV file?)"
    ]
    assert [line for line, _ in table.rows] == [3]


def test_an_unclosed_quote_names_the_line_it_opened_on() -> None:
    table = parse_csv(b'name,company\nAnn,A\nBo,"Bee\nCy,C\n', "u.csv")
    assert [line for line, _ in table.rows] == [2]
    assert [str(e) for e in table.errors] == ["line 3: a quote opened on this line is never closed"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "e.csv: line 1: the file is empty"),
        (codecs.BOM_UTF8 + b"\r\n  \r\n", "e.csv: line 1: the file is empty"),
        (b"name,company\n", "e.csv: line 2: no rows after the header"),
        (b"name,company\n\n\n", "e.csv: line 2: no rows after the header"),
        (b'"name,company\n', "e.csv: line 1: header row: a quote opened on this line"),
        (b"na\x00me,company\nAnn,A\n", "e.csv: line 1: the header holds NUL bytes"),
        (codecs.BOM_UTF8 + b"name\n\xff\n", "e.csv: line 2: not valid UTF-8 text"),
    ],
)
def test_unusable_files_are_refused_with_a_line(data: bytes, message: str) -> None:
    with pytest.raises(CsvError, match="^" + message.replace("(", r"\(")):
        parse_csv(data, "e.csv")
