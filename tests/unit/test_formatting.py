"""Money, amounts and figures read the same way in every front end."""

from __future__ import annotations

from decimal import Decimal

import pytest

from planner.formatting import (
    amount,
    amount_compact,
    amount_json,
    figure,
    figure_compact,
    money,
    money_data,
    number_json,
    percent,
    ratio,
)


@pytest.mark.parametrize(
    ("value", "shown", "stored"),
    [
        ("1234.5", "1,234.50", "1234.50"),
        ("0.05", "0.05", "0.05"),
        ("1000000000", "1,000,000,000.00", "1000000000.00"),
        ("7", "7.00", "7.00"),
    ],
)
def test_money_has_cents_and_separators_only_for_a_reader(
    value: str, shown: str, stored: str
) -> None:
    assert money(Decimal(value)) == shown
    assert money_data(Decimal(value)) == stored


def test_amounts_in_the_target_unit() -> None:
    assert amount(Decimal(12), "sales") == "12"
    assert amount(Decimal(1200), "sales") == "1,200"
    assert amount(Decimal("2.5"), "sales") == "2.50"
    assert amount(Decimal(1200), "revenue") == "1,200.00"
    assert amount(Decimal(3), None) == "3"


def test_compact_amounts_drop_whole_cents_and_round_counts() -> None:
    assert amount_compact(Decimal(1250), "revenue") == "1,250"
    assert amount_compact(Decimal("1250.5"), "revenue") == "1,250.50"
    assert amount_compact(37.5, "revenue") == "37.50"
    assert amount_compact(Decimal(244), "sales") == "244"
    assert amount_compact(12.4, "sales") == "12"
    assert amount_compact(0, "sales") == "0"


def test_json_amounts_are_whole_counts_or_decimal_strings() -> None:
    assert amount_json(Decimal(24), "sales") == 24
    assert isinstance(amount_json(Decimal(24), "sales"), int)
    assert amount_json(Decimal("2.5"), "sales") == "2.50"
    assert amount_json(Decimal(24), "revenue") == "24.00"
    assert amount_json(Decimal("1234.5"), "revenue") == "1234.50"


def test_figures_in_the_target_unit() -> None:
    assert figure(11.857, "sales") == "11.9"
    assert figure(11.857, "sales", digits=2) == "11.86"
    assert figure(1234.567, "revenue") == "1,234.57"
    assert figure(None, "sales") == "n/a"
    assert figure_compact(1234.567, "revenue") == "1,235"
    assert figure_compact(11.857, "sales") == "11.9"
    assert figure_compact(2.346, "sales", digits=2) == "2.35"


def test_json_numbers_are_rounded_and_null_stays_null() -> None:
    assert number_json(0.123456) == 0.1235
    assert number_json(0.123456, digits=2) == 0.12
    assert number_json(None) is None


def test_shares_and_ratios() -> None:
    assert percent(0.153) == "15%"
    assert percent(1.0) == "100%"
    assert percent(None) == "n/a"
    assert ratio(0.5) == "0.50"
    assert ratio(None) == "n/a"
