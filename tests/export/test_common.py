"""The text helpers every export format shares, on worked examples."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from planner.export.common import day_name, one_line, sparkline
from planner.formatting import amount, money, percent


def test_sparkline_scales_to_the_largest_and_keeps_zero_apart() -> None:
    assert sparkline([0, 2, 7]) == "▁▃█"  # 7 steps above the zero block
    # One sale beside a hundred is small but not nothing: never the block that means zero.
    assert sparkline([0, 1, 100]) == "▁▂█"
    assert sparkline([0, 0, 0]) == "▁▁▁"
    assert sparkline([]) == ""


def test_money_has_thousands_separators_and_cents() -> None:
    assert money(Decimal("1234.5")) == "1,234.50"
    assert money(Decimal("0")) == "0.00"
    assert money(Decimal("1000000000")) == "1,000,000,000.00"


@pytest.mark.parametrize(
    ("value", "metric", "text"),
    [
        (Decimal("24"), "sales", "24"),
        (Decimal("1200"), "sales", "1,200"),
        (Decimal("1200"), "revenue", "1,200.00"),
        (Decimal("2.5"), "sales", "2.50"),
    ],
)
def test_amount_in_the_targets_unit(value: Decimal, metric: str, text: str) -> None:
    assert amount(value, metric) == text  # type: ignore[arg-type]


def test_one_line_turns_breaks_into_spaces_and_drops_controls() -> None:
    assert one_line("call back\nnext week") == "call back next week"
    assert one_line("a\r\nb\u2028c") == "a b c"
    assert one_line("  \x1b[31mred\x07 ") == "[31mred"
    assert one_line("\u202eevil") == "evil"


def test_percent_and_day_names() -> None:
    assert percent(0.25) == "25%"
    assert percent(1.0) == "100%"
    assert percent(None) == "n/a"
    assert day_name(date(2026, 10, 12)) == "Mon 2026-10-12"
