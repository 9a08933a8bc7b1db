"""Sales totals from the stored day summaries agree with the touches they summarise."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

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


def test_a_priced_and_an_unpriced_sale_on_one_day_count_one_priced(store: Store) -> None:
    seed(store)
    with store.transaction("two sales") as tx:
        tx.put_touch(_sale(tx.new_id("touch"), 1, Decimal("1000")))
        tx.put_touch(_sale(tx.new_id("touch"), 2, None))
    assert sales_totals(store.summaries(JUL, JUL)) == (2, 1, Decimal("1000"))


def test_summaries_rebuilt_from_the_touches_keep_the_priced_count(store: Store) -> None:
    seed(store)
    with store.transaction("three sales") as tx:
        tx.put_touch(_sale(tx.new_id("touch"), 1, Decimal("1000")))
        tx.put_touch(_sale(tx.new_id("touch"), 2, None))
        tx.put_touch(_sale(tx.new_id("touch"), 3, Decimal("10")))
    before = store.summaries(JUL, JUL)
    store.repair_derived()
    assert store.summaries(JUL, JUL) == before
    assert sales_totals(before) == (3, 2, Decimal("1010"))
    assert store.doctor().ok


def test_removing_a_priced_sale_takes_it_out_of_the_priced_count(store: Store) -> None:
    seed(store)
    with store.transaction("two sales") as tx:
        priced = _sale(tx.new_id("touch"), 1, Decimal("1000"))
        tx.put_touch(priced)
        tx.put_touch(_sale(tx.new_id("touch"), 2, None))
    with store.transaction("remove the priced one") as tx:
        tx.delete_touch(priced)
    assert sales_totals(store.summaries(JUL, JUL)) == (1, 0, Decimal(0))


def test_a_summary_written_before_the_priced_count_reads_as_before() -> None:
    """Old entries lack "priced": every sale of a day with an amount counts as priced."""
    from planner.store.derived import decode_summary

    doc = {
        "day": JUL.isoformat(),
        "new": {"outcomes": {"sale": 2}, "amount": "300", "lead_days": []},
        "old": {"outcomes": {"sale": 1}, "amount": "0", "lead_days": []},
    }
    found = decode_summary(doc, JUL.toordinal())
    assert [(s.source, s.priced_sales) for s in found] == [("new", 2), ("old", 0)]


def test_doctor_finds_a_summary_written_before_the_priced_count_and_repair_fixes_it(
    store: Store,
) -> None:
    """An old data dir: its summary entries lack "priced". A day that held a priced and an
    unpriced sale reads as before (both priced); doctor finds the day, repair rebuilds it."""
    import json

    seed(store)
    with store.transaction("two sales") as tx:
        tx.put_touch(_sale(tx.new_id("touch"), 1, Decimal("1000")))
        tx.put_touch(_sale(tx.new_id("touch"), 2, None))
    path = store.data_dir / "summary" / "2026.json"
    tables = json.loads(path.read_text(encoding="utf-8"))
    for doc in tables["summary"].values():
        for source in ("new", "old"):
            if source in doc:
                doc[source].pop("priced", None)
    path.write_text(json.dumps(tables), encoding="utf-8")
    # A data dir that old predates the manifest too (with one, a read would see the summary
    # changed outside planner and rebuild it at once).
    (store.data_dir / ".manifest.json").unlink()
    old = Store(store.data_dir)
    assert sales_totals(old.summaries(JUL, JUL)) == (2, 2, Decimal("1000"))
    report = old.doctor()
    assert not report.ok and report.repairable
    assert any("summary" in problem for problem in report.problems)
    old.repair_derived()
    assert sales_totals(Store(store.data_dir).summaries(JUL, JUL)) == (2, 1, Decimal("1000"))
