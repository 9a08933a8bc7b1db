"""Cells as CRMs write them: text to clean, money with signs and separators, yes/no flags."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from planner.validation import ValidationError, clean_text, parse_amount

_CURRENCY = re.compile(r"^(?:[A-Z]{3}|[$€£¥₹])\s*|\s*(?:[A-Z]{3}|[$€£¥₹])$")
_GROUPING = str.maketrans("", "", " \u00a0\u202f'’")  # spaces, no-break spaces, Swiss '
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_CENT = Decimal("0.01")

_TRUE = frozenset({"yes", "y", "true", "t", "1", "x", "dnc", "do not contact", "do-not-contact"})
_FALSE = frozenset({"no", "n", "false", "f", "0", "-"})


def parse_money(text: str, *, decimal_comma: bool, what: str = "value") -> Decimal | None:
    """A deal value, or None when the cell is empty or zero (zero means "not known" in CRMs).

    Currency codes and signs are dropped; the decimal mark is the one that comes last
    when both appear, else a comma only in files whose cells are split by semicolons
    (European spreadsheets) or when it has one or two digits after it. More than two
    decimals are rounded to cents. Negative amounts are refused.
    """
    raw = text.strip()
    if not raw or raw in {"-", "—"}:
        return None
    body = _CURRENCY.sub("", raw).translate(_GROUPING)
    if body.startswith(("-", "(", "−")):
        raise ValidationError(f"{what} {raw[:30]!r} is negative")
    if not _NUMBER.fullmatch(body):
        raise ValidationError(f"{what} {raw[:30]!r} is not a number")
    plain = _plain(body, decimal_comma=decimal_comma)
    number = Decimal(plain)
    if number == 0:
        return None
    return parse_amount(number.quantize(_CENT, rounding=ROUND_HALF_UP))


def _plain(body: str, *, decimal_comma: bool) -> str:
    commas, dots = body.count(","), body.count(".")
    if commas and dots:
        mark: str | None = "," if body.rindex(",") > body.rindex(".") else "."
        if body.count(mark or "") > 1:
            raise ValidationError(f"value {body[:30]!r} has two decimal marks")
    elif commas:
        mark = _single_mark(body, ",", commas, local_decimal=decimal_comma)
    elif dots:
        mark = _single_mark(body, ".", dots, local_decimal=not decimal_comma)
    else:
        return body
    if mark is None:
        return body.replace(",", "").replace(".", "")
    whole, _, fraction = body.replace("." if mark == "," else ",", "").partition(mark)
    return f"{whole or '0'}.{fraction}"


def _single_mark(body: str, separator: str, count: int, *, local_decimal: bool) -> str | None:
    """The separator as a decimal mark, or None when it groups thousands.

    ``1,5`` and ``1234.500`` can only be decimals, ``1.000.000`` only grouping; ``1,000``
    reads both ways and is taken as grouping unless the comma is the file's decimal mark,
    where it is refused rather than read as 1 (the amount rule of DESIGN section 2).
    """
    if count > 1:
        head, *groups = body.split(separator)
        if len(head) > 3 or any(len(group) != 3 for group in groups):
            raise ValidationError(f"value {body[:30]!r} has its separators in odd places")
        return None
    whole, _, fraction = body.partition(separator)
    if len(fraction) != 3 or len(whole) > 3 or whole.startswith("0"):
        return separator
    if local_decimal:
        raise ValidationError(
            f"value {body[:30]!r} reads as {whole}{fraction} or as {whole}.{fraction}: "
            "write it without the separator"
        )
    return None


def parse_flag(text: str, *, what: str = "do_not_contact") -> bool | None:
    """yes/no, true/false, 1/0, x: None when the cell is empty."""
    value = " ".join(text.strip().casefold().split())
    if not value:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValidationError(f"{what} {text.strip()[:20]!r} is not yes or no")


def clean_cell(text: str, limit: int, what: str, *, one_line: bool = True) -> str:
    """``validation.clean_text`` with a fast path: most cells are short printable ASCII."""
    if text.isascii() and text.isprintable():
        value = text.strip()
        if len(value) <= limit:
            return value
    return clean_text(text, limit=limit, what=what, one_line=one_line)
