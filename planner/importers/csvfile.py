"""Read a CSV as it comes from a spreadsheet or a CRM: encodings, delimiters, line numbers."""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import PlannerError

if TYPE_CHECKING:
    from _csv import Reader as _Reader

# A CSV is read in chunks and refused as soon as it passes either cap, so that /dev/zero or a
# one-line file of gigabytes costs a megabyte of memory, not all of it. The file cap can be
# raised (or lowered) with PLANNER_IMPORT_MAX_MB; a line of more than 1 MB is no CSV row.
LIMIT_ENV = "PLANNER_IMPORT_MAX_MB"
DEFAULT_MAX_MB = 200
MAX_LINE_BYTES = 1_000_000
_CHUNK = 1 << 20
FIELD_LIMIT = 16 * 1024 * 1024
csv.field_size_limit(FIELD_LIMIT)
DELIMITERS = (",", ";", "\t")
_SNIFF_BYTES = 64 * 1024
_SNIFF_RECORDS = 50

# BOMs, longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class CsvError(PlannerError, ValueError):
    """A file that cannot be imported; the message is one line naming the file and the line."""


@dataclass(frozen=True, slots=True)
class RowError:
    """One record that cannot be used, by the line it starts on."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(slots=True)
class CsvTable:
    """Headers, the records as (first line, cells), and the records that could not be read."""

    name: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]
    errors: list[RowError]
    encoding: str
    delimiter: str
    warnings: list[str] = field(default_factory=list)


def decode(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """(text, encoding, warnings): a BOM first, then BOM-less UTF-16, strict UTF-8, cp1252."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding, name), encoding, []
    guessed = _utf16_without_bom(data)
    if guessed:
        text = _strict(data, guessed, name)
        return text, guessed, [f"{name} has no byte-order mark; read it as {guessed.upper()}"]
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    # cp1252 leaves five bytes undefined; Latin-1 reads every byte, so nothing is refused.
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    label = "Windows-1252" if encoding == "cp1252" else "Latin-1"
    return text, encoding, [f"{name} is not UTF-8: read it as {label} (check accented names)"]


def _utf16_without_bom(data: bytes) -> str | None:
    # ASCII text in UTF-16 has a NUL in every other byte; no real UTF-8 or cp1252 CSV does.
    head = data[:512]
    if len(head) < 4 or len(head) % 2:
        head = head[: len(head) - len(head) % 2]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) == len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) == len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        newline = "\n".encode(encoding)
        line = data[: error.start].count(newline) + 1
        raise CsvError(f"{name}: line {line}: not valid {encoding.upper()} text") from error


def sniff_delimiter(text: str) -> str:
    """The delimiter among , ; and tab whose records best keep the header's width.

    Whole records are parsed (quoted newlines and quoted delimiters do not fool it); a
    wider header wins ties of consistency; a single-column file reads as comma-separated.
    """
    sample = text[:_SNIFF_BYTES]
    if len(text) > _SNIFF_BYTES and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best, best_score = ",", (-1, -1.0, -1)
    for delimiter in DELIMITERS:
        records: list[list[str]] = []
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        try:
            for record in reader:
                if any(cell.strip() for cell in record):
                    records.append(record)
                if len(records) >= _SNIFF_RECORDS:
                    break
        except csv.Error:
            pass
        if not records:
            continue
        width = len(records[0])
        consistent = sum(1 for record in records if _fits(record, width)) / len(records)
        score = (int(width > 1), round(consistent, 2), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _fits(record: list[str], width: int) -> bool:
    # Spreadsheets pad rows with empty trailing cells; those still fit the header.
    return len(record) == width or (
        len(record) > width and not any(cell.strip() for cell in record[width:])
    )


# Control characters other than tab, CR and LF (which csv handles); never in a real header.
_BINARY = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def max_file_bytes() -> int:
    """The size cap of an import: PLANNER_IMPORT_MAX_MB megabytes (default 200)."""
    raw = os.environ.get(LIMIT_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_MB * 1_000_000
    try:
        megabytes = float(raw)
    except ValueError:
        megabytes = -1.0
    if not 0 < megabytes < 1e9:
        raise CsvError(f"{LIMIT_ENV}={raw[:20]!r} is not a size in MB (e.g. 500)")
    return int(megabytes * 1_000_000)


def read_csv(path: Path) -> CsvTable:
    """The table, or a CsvError for a file that cannot be read at all."""
    name = path.name
    try:
        data = read_capped(path, max_file_bytes())
    except FileNotFoundError as error:
        raise CsvError(f"no such file: {path}") from error
    except IsADirectoryError as error:
        raise CsvError(f"{path} is a folder, not a CSV file") from error
    except PermissionError as error:
        raise CsvError(f"cannot read {path}: permission denied") from error
    return parse_csv(data, name)


def read_capped(path: Path, limit: int, line_limit: int = MAX_LINE_BYTES) -> bytes:
    """The bytes of ``path``, read a chunk at a time and refused (CsvError) as soon as the
    file passes ``limit`` bytes or a line passes ``line_limit``: memory stays bounded by the
    caps whatever the file is (/dev/zero, a pipe, a huge file without line breaks)."""
    name = path.name
    data = bytearray()
    line, number = 0, 1  # bytes of the line being read, and its number
    with path.open("rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > limit:
            raise CsvError(_too_big(name, limit))
        while chunk := file.read(_CHUNK):
            if len(data) + len(chunk) > limit:
                raise CsvError(_too_big(name, limit))
            parts = chunk.splitlines(keepends=True)
            for part in parts:
                line += len(part)
                if line > line_limit:
                    raise CsvError(
                        f"{name}: line {number:,}: longer than {line_limit / 1e6:,.0f} MB; "
                        "is this really a CSV file?"
                    )
                if part.endswith((b"\n", b"\r")):
                    line, number = 0, number + 1
            data += chunk
    return bytes(data)


def _too_big(name: str, limit: int) -> str:
    return (
        f"{name}: larger than the import limit of {limit / 1e6:,.0f} MB "
        f"(set {LIMIT_ENV} to raise it)"
    )


def parse_csv(data: bytes, name: str) -> CsvTable:
    """Decode, sniff and split ``data``; records that cannot be used become RowErrors."""
    text, encoding, warnings = decode(data, name)
    if not text.strip("\ufeff \t\r\n"):
        raise CsvError(f"{name}: line 1: the file is empty (a header row is expected)")
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    headers, header_line = _header(reader, name)
    rows: list[tuple[int, list[str]]] = []
    errors: list[RowError] = []
    width = len(headers)
    has_nul = "\x00" in text
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append(_quoting_error(start, str(error)))
            continue
        if not record or not (record[0].strip() or "".join(record).strip()):
            continue  # blank lines and rows of empty cells (";;;;") are layout, not data
        if len(record) != width:
            if len(record) > width and not any(cell.strip() for cell in record[width:]):
                record = record[:width]
            else:
                found = _count(len(record), "field")
                errors.append(RowError(start, f"{found} where the header has {width}"))
                continue
        if has_nul and any("\x00" in cell for cell in record):
            errors.append(RowError(start, "holds a NUL byte (is this really a text CSV file?)"))
            continue
        rows.append((start, record))
    if not rows and not errors:
        raise CsvError(f"{name}: line {header_line + 1}: no rows after the header")
    return CsvTable(name, headers, rows, errors, encoding, delimiter, warnings)


def _header(reader: _Reader, name: str) -> tuple[list[str], int]:
    """The first non-blank record, cleaned, and the line it ends on."""
    while True:
        try:
            record = next(reader)
        except StopIteration as error:
            raise CsvError(
                f"{name}: line 1: the file is empty (a header row is expected)"
            ) from error
        except csv.Error as error:
            problem = _quoting_error(reader.line_num, str(error)).message
            raise CsvError(f"{name}: line {reader.line_num}: header row: {problem}") from error
        if any(cell.strip("\ufeff \t") for cell in record):
            break
    line = reader.line_num
    if any("\x00" in cell for cell in record):
        raise CsvError(
            f"{name}: line {line}: the header holds NUL bytes; save the file as CSV (UTF-8)"
        )
    if any(_BINARY.search(cell) for cell in record):
        # A header with control characters is a binary file (a spreadsheet, an archive, random
        # bytes), not a CSV with odd column names: say so instead of listing them.
        raise CsvError(
            f"{name}: line {line}: holds control characters; is this really a text CSV file? "
            "Save it from the spreadsheet as CSV (UTF-8)"
        )
    headers = [" ".join(cell.replace("\ufeff", "").split()) for cell in record]
    while headers and not headers[-1]:
        headers.pop()  # trailing empty header cells: a spreadsheet's unused columns
    return headers, line


def _quoting_error(start: int, detail: str) -> RowError:
    if "unexpected end of data" in detail:
        return RowError(start, "a quote opened on this line is never closed")
    return RowError(start, f"bad quoting ({detail})")


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
