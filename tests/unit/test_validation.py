"""What a seller types is checked once, with one-line messages."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.validation import (
    ValidationError,
    clean_name,
    clean_text,
    default_at,
    parse_amount,
    parse_at,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1200", "1200"),
        ("1200.5", "1200.5"),
        ("0.01", "0.01"),
        ("1,000", "1000"),
        ("1,234,567.89", "1234567.89"),
        (" 42 ", "42"),
        ("1000000000", "1000000000"),
    ],
)
def test_amounts_accepted(text: str, value: str) -> None:
    assert parse_amount(text) == Decimal(value)


@pytest.mark.parametrize(
    "text",
    [
        "-5",
        "0",
        "0.00",
        "NaN",
        "nan",
        "inf",
        "Infinity",
        "1e309",
        "1E3",
        "1.234",
        "12,34",
        "1000000000.01",
        "",
        "abc",
        "1 000",
        "+5",
        "0x10",
        "١٢٣",
    ],
)
def test_amounts_refused_with_one_line(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_amount(text)
    assert "\n" not in str(caught.value)


@given(st.text(max_size=30))
def test_any_text_is_an_amount_or_a_validation_error(text: str) -> None:
    try:
        amount = parse_amount(text)
    except ValidationError:
        return
    assert Decimal(0) < amount <= Decimal(1_000_000_000)
    assert amount.as_tuple().exponent >= -2  # type: ignore[operator]


def test_names_lose_control_characters_and_markup_stays_literal() -> None:
    assert clean_name("  Ann\x1b]52;c;aGk=\x07 Lee ") == "Ann]52;c;aGk= Lee"
    assert clean_name("[bold]Acme") == "[bold]Acme"
    assert clean_name("multi\nline") == "multi line"
    with pytest.raises(ValidationError, match="needs a name"):
        clean_name(" \x00 ")
    with pytest.raises(ValidationError, match="limit"):
        clean_name("x" * 201)


def test_a_megabyte_note_is_refused_not_truncated_silently() -> None:
    with pytest.raises(ValidationError, match="limit is 2,000"):
        clean_text("n" * 1_000_000, limit=2000, what="note", one_line=False)
    assert clean_text("two\nlines", limit=50, one_line=False) == "two\nlines"


def test_at_takes_a_date_as_noon_or_a_date_time() -> None:
    today = date(2026, 3, 10)
    noon = parse_at("2026-03-09", timezone="Europe/Berlin", today=today, now=None)
    assert (noon.hour, noon.utcoffset().total_seconds()) == (12, 3600)  # type: ignore[union-attr]
    evening = parse_at("2026-03-10T18:30", timezone="Europe/Berlin", today=today, now=None)
    assert evening.hour == 18


def test_future_times_are_refused() -> None:
    today = date(2026, 3, 10)
    with pytest.raises(ValidationError, match="future"):
        parse_at("2026-03-11", timezone="UTC", today=today, now=None)
    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    with pytest.raises(ValidationError, match="later than now"):
        parse_at("2026-03-10T17:00", timezone="UTC", today=today, now=now)
    with pytest.raises(ValidationError, match="cannot read"):
        parse_at("yesterday-ish", timezone="UTC", today=today, now=None)


def test_dst_day_keeps_local_dates() -> None:
    # 2026-03-29: clocks go forward in Berlin; 02:30 does not exist, the day is still that day.
    at = parse_at("2026-03-29T01:30", timezone="Europe/Berlin", today=date(2026, 3, 29), now=None)
    assert at.date() == date(2026, 3, 29)
    fixed = default_at(
        timezone="Europe/Berlin", today=date(2026, 3, 29), now=datetime(2026, 5, 1, tzinfo=UTC)
    )
    assert (fixed.date(), fixed.hour) == (date(2026, 3, 29), 12)
