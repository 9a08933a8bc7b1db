"""How money, amounts and figures read: one rule per kind of number, for every front end.

Two audiences, two forms. A reader gets thousands separators (``money``, ``amount``,
``figure``); narrow screens drop the cents of whole money (the ``*_compact`` forms). A data
file (JSON, CSV) gets plain decimal strings with two places and never a float
(``money_data``, ``amount_json``, ``number_json``).
"""

from __future__ import annotations

from decimal import Decimal

from planner.models import Metric


def money(value: Decimal) -> str:
    """Money for a reader, always with cents: 1234.5 -> "1,234.50"."""
    return f"{value:,.2f}"


def money_data(value: Decimal) -> str:
    """Money in a data file: a plain decimal string with two places, 1234.5 -> "1234.50"."""
    return f"{value:.2f}"


def amount(value: Decimal, metric: Metric | None) -> str:
    """An amount in a target's unit for a reader: whole sales ("12"), or money ("1,234.50")."""
    if metric == "revenue":
        return money(value)
    return f"{value:,.0f}" if value == value.to_integral_value() else money(value)


def amount_compact(value: Decimal | float | int, metric: Metric) -> str:
    """An amount where width is short (a gauge, an axis): sales as a whole number, money
    without cents when it has none ("1,250", "1,250.50")."""
    if metric == "sales":
        return f"{float(value):,.0f}"
    exact = Decimal(str(value))
    if exact == exact.to_integral_value():
        return f"{exact:,.0f}"
    return money(exact)


def amount_json(value: Decimal, metric: Metric) -> int | str:
    """An amount in JSON: sales counts are whole numbers; money is a decimal string."""
    if metric == "sales" and value == value.to_integral_value():
        return int(value)
    return money_data(value)


def figure(value: float | None, metric: Metric | None, digits: int = 1) -> str:
    """An expected or projected figure (a float) in the target's unit; "n/a" for None.

    Money keeps its cents; a count of sales shows ``digits`` decimals.
    """
    if value is None:
        return "n/a"
    return f"{value:,.2f}" if metric == "revenue" else f"{value:,.{digits}f}"


def figure_compact(value: float, metric: Metric, digits: int = 1) -> str:
    """A figure where width is short: whole money, ``digits`` decimals for a count of sales."""
    if metric == "revenue":
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def number_json(value: float | None, digits: int = 4) -> float | None:
    """An estimate rounded for reading in JSON; None stays null."""
    return None if value is None else round(value, digits)


def percent(value: float | None) -> str:
    """A share as a whole percentage, 0.153 -> "15%"; "n/a" for None."""
    return "n/a" if value is None else f"{100.0 * value:.0f}%"


def ratio(value: float | None) -> str:
    """A ratio such as the pace, 0.5 -> "0.50"; "n/a" for None."""
    return "n/a" if value is None else f"{value:.2f}"
