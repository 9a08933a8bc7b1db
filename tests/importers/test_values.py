"""Money as CRMs write it, yes/no flags, and the status and lost-reason words."""

from __future__ import annotations

from decimal import Decimal

import pytest

from planner.importers.values import parse_flag, parse_money
from planner.importers.vocabulary import STATUS_WORDS, lost_reason_of, status_of
from planner.validation import ValidationError


@pytest.mark.parametrize(
    ("text", "decimal_comma", "expected"),
    [
        ("1054", False, Decimal("1054")),
        ("1,054", False, Decimal("1054")),
        ("1,054.5", False, Decimal("1054.50")),
        ("$1,054.00", False, Decimal("1054")),
        ("USD 12,500.00", False, Decimal("12500")),
        ("1.250,50", True, Decimal("1250.50")),
        ("1.250", True, Decimal("1250")),
        ("12 500,00 €", True, Decimal("12500")),
        ("1'250.75", False, Decimal("1250.75")),
        ("19,5", True, Decimal("19.5")),
        ("19.999", True, Decimal("19999")),
        ("0.005", False, Decimal("0.01")),
        ("0", False, None),
        ("", False, None),
        ("-", False, None),
    ],
)
def test_money(text: str, decimal_comma: bool, expected: Decimal | None) -> None:
    assert parse_money(text, decimal_comma=decimal_comma) == expected


@pytest.mark.parametrize(
    ("text", "decimal_comma", "reason"),
    [
        # 1 or 1000 in a European file: refused, never read as 1
        ("1,000", True, "value '1,000' reads as 1000 or as 1.000"),
        ("1.000", False, "value '1.000' reads as 1000 or as 1.000"),
        ("-5", False, "value '-5' is negative"),
        ("USD -5", False, "value 'USD -5' is negative"),
        ("(5)", False, "value '(5)' is negative"),
        ("−7", False, "value '−7' is negative"),  # a minus sign, not a hyphen
        ("1e9", False, "value '1e9' is not a number"),
        ("NaN", False, "value 'NaN' is not a number"),
        ("12,34,5", False, "value '12,34,5' has its separators in odd places"),
        ("2000000000", False, "amount must be at most 1,000,000,000"),
    ],
)
def test_money_refused(text: str, decimal_comma: bool, reason: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_money(text, decimal_comma=decimal_comma)
    assert str(refused.value).startswith(reason)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Yes", True), ("x", True), ("TRUE", True), ("1", True), ("no", False), ("", None)],
)
def test_flags(text: str, expected: bool | None) -> None:
    assert parse_flag(text) is expected


def test_unknown_flag_is_an_error() -> None:
    with pytest.raises(ValidationError, match="not yes or no"):
        parse_flag("maybe")


@pytest.mark.parametrize(
    ("text", "status", "reason"),
    [
        ("Won", "won", None),
        ("Closed Won", "won", None),
        ("closed_won", "won", None),
        ("CUSTOMER", "won", None),
        ("Lost", "lost", None),
        ("Closed-Lost", "lost", None),
        ("Bad Timing", "lost", "timing"),
        ("unqualified", "lost", "no-fit"),
        ("Engaging", "active", None),
        ("open", "active", None),
        ("In Progress", "active", None),
        ("active", "active", None),
        ("Prospecting", "new", None),
        ("New", "new", None),
        ("lead", "new", None),
    ],
)
def test_status_vocabulary(text: str, status: str, reason: str | None) -> None:
    assert status_of(text) == (status, reason)


def test_vocabulary_is_exactly_the_documented_one() -> None:
    documented = "won, closed won, customer; lost, closed lost, bad timing, unqualified; "
    documented += "engaging, open, in progress, active; prospecting, new, lead"
    words = {w.strip() for group in documented.split(";") for w in group.split(",")}
    assert set(STATUS_WORDS) == words


def test_unknown_status_lists_the_vocabulary() -> None:
    with pytest.raises(ValidationError, match=r"unknown status 'Maybe' .*closed won"):
        status_of("Maybe")
    assert status_of("  ") is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("timing", "timing"),
        ("no-fit", "no-fit"),
        ("Price too high", "budget"),
        ("No budget this year", "budget"),
        ("Went with competitor", "competitor"),
        ("Chose a competitor", "competitor"),
        ("Not now - revisit next year", "timing"),
        ("Not a fit for their size", "no-fit"),
        ("Champion left the company", "other"),
        ("", None),
    ],
)
def test_lost_reasons_from_free_text(text: str, reason: str | None) -> None:
    assert lost_reason_of(text) == reason
