"""Read a CSV as it comes from a spreadsheet or a CRM: encodings, delimiters, line numbers."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from planner.errors import PlannerError

MAX_FILE_BYTES = 512 * 1024 * 1024
csv.field_size_limit(16 * 1024 * 1024)


class CsvError(PlannerError, ValueError):
    """A file that cannot be read as CSV; the message names the file and the line."""


@dataclass(frozen=True, slots=True)
class CsvRow:
    line: int  # the physical line the record starts on (1 = header)
    values: dict[str, str]


@dataclass(slots=True)
class CsvTable:
    path: Path
    headers: list[str]
    rows: list[CsvRow]
    encoding: str
    delimiter: str
    warnings: list[str] = field(default_factory=list)


def decode(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """(text, encoding, warnings): BOMs first, then strict UTF-8, then cp1252 with a warning."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name), "utf-8-sig", []
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _strict(data[2:], encoding, name), "utf-16", []
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace") if _cp1252_ok(data) else data.decode("latin-1")
    return text, "cp1252", [f"{name} is not UTF-8; read it as Windows-1252/Latin-1"]


def _cp1252_ok(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CsvError(f"{name}: line {line}: not valid {encoding} text") from error


def sniff_delimiter(text: str) -> str:
    """The delimiter among , ; and tab that splits the header into the most columns
    consistently over the first lines."""
    sample_lines = [line for line in text.splitlines()[:20] if line.strip()]
    if not sample_lines:
        return ","
    best, best_score = ",", -1
    for delimiter in (",", ";", "\t"):
        try:
            rows = list(csv.reader(io.StringIO("\n".join(sample_lines)), delimiter=delimiter))
        except csv.Error:
            continue
        if not rows:
            continue
        width = len(rows[0])
        consistent = sum(1 for row in rows if len(row) == width)
        score = (width > 1) * 1000 + consistent * 10 + width
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(path: Path) -> CsvTable:
    """The whole table, or a CsvError naming the file and line of the first problem."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CsvError(f"{name} is {size / 2**20:,.0f} MiB; the limit is 512 MiB")
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise CsvError(f"no such file: {path}") from error
    except IsADirectoryError as error:
        raise CsvError(f"{path} is a folder, not a CSV file") from error
    except PermissionError as error:
        raise CsvError(f"cannot read {path}: permission denied") from error
    text, encoding, warnings = decode(data, name)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise CsvError(f"{name}: line {line}: holds a NUL byte; is this really a CSV file?")
    if not text.strip():
        raise CsvError(f"{name} is empty")
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as error:
        raise CsvError(f"{name}: line 1: {error}") from error
    headers = [h.strip() for h in header]
    if not any(headers):
        raise CsvError(f"{name}: line 1: the header row is empty")
    duplicates = {h for h in headers if h and headers.count(h) > 1}
    if duplicates:
        raise CsvError(f"{name}: line 1: column {sorted(duplicates)[0]!r} appears twice")
    rows = list(_records(reader, headers, name))
    if not rows:
        raise CsvError(f"{name} has a header but no rows")
    return CsvTable(path, headers, rows, encoding, delimiter, warnings)


def _records(reader: Iterator[list[str]], headers: list[str], name: str) -> Iterator[CsvRow]:
    line = 1
    while True:
        start = getattr(reader, "line_num", line) + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise CsvError(f"{name}: line {start}: {error}") from error
        if not record or all(not cell.strip() for cell in record):
            continue
        if len(record) != len(headers):
            raise CsvError(
                f"{name}: line {start}: {len(record)} fields where the header has {len(headers)}"
            )
        yield CsvRow(start, dict(zip(headers, record, strict=True)))
