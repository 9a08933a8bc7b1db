"""Sales totals from the stored day summaries agree with the touches they summarise."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from planner.daily import sales_totals
from planner.models import Touch
from planner.store import Store

from .conftest import at, seed

JUL = date(2026, 7, 6)


def _sale(tx_id: int, prospect: int, amount: Decimal | None) -> Touch:
    return Touch(
        id=tx_id, prospect_id=prospect, at=at(JUL), outcome="sale", source="new", amount=amount
    )


def test_totals_of_priced_sales_on_separate_days(store: Store) -> None:
    seed(store)
    with store.transaction("two sales") as tx:
        tx.put_touch(_sale(tx.new_id("touch"), 1, Decimal("1000")))
        tx.put_touch(_sale(tx.new_id("touch"), 2, Decimal("500.50")))
    assert sales_totals(store.summaries(JUL, JUL)) == (2, 2, Decimal("1500.50"))


@pytest.mark.xfail(
    strict=True,
    reason="known bug: a day summary keeps no count of priced sales, so sales_totals counts "
    "every sale of a (day, source) as priced once one is; `planner status` then halves the "
    "mean sale of a revenue target (pace_report over the touches does not)",
)
def test_a_priced_and_an_unpriced_sale_on_one_day_count_one_priced(store: Store) -> None:
    seed(store)
    with store.transaction("two sales") as tx:
        tx.put_touch(_sale(tx.new_id("touch"), 1, Decimal("1000")))
        tx.put_touch(_sale(tx.new_id("touch"), 2, None))
    assert sales_totals(store.summaries(JUL, JUL)) == (2, 1, Decimal("1000"))
