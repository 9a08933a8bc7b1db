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


# ---------------------------------------------------------------- sales_between (past periods)


def _touch(tx_id: int, day: date, outcome: str) -> Touch:
    return Touch(id=tx_id, prospect_id=1, at=at(day), outcome=outcome, source="old")  # type: ignore[arg-type]


def _expected(store: Store, start: date, end: date) -> tuple[int, date | None]:
    days = store.summaries(start, end)
    return sales_totals(days)[0], (days[0].day if days else None)


def test_sales_between_agrees_with_the_summaries_across_years(store: Store) -> None:
    seed(store)
    days = [date(2024, 12, 30), date(2025, 1, 2), date(2025, 6, 30), date(2025, 7, 1)]
    with store.transaction("touches over two years") as tx:
        for number, day in enumerate(days):
            tx.put_touch(_touch(tx.new_id("touch"), day, "sale" if number % 2 else "no-answer"))
        tx.put_touch(_touch(tx.new_id("touch"), days[2], "sale"))
    for start, end in [
        (date(2024, 1, 1), date(2025, 12, 31)),
        (date(2025, 1, 1), date(2025, 6, 30)),
        (date(2025, 1, 3), date(2025, 6, 29)),
        (date(2023, 1, 1), date(2023, 12, 31)),
    ]:
        assert store.sales_between(start, end) == _expected(store, start, end)
    assert store.sales_between(date(2024, 1, 1), date(2025, 12, 31)) == (3, date(2024, 12, 30))
    # A fresh Store (a new process) reads the undecoded path, the first one the decoded one.
    assert Store(store.data_dir).sales_between(date(2025, 1, 1), date(2025, 12, 31)) == (
        3,
        date(2025, 1, 2),
    )


def test_sales_between_sees_a_change_to_a_closed_year(store: Store) -> None:
    seed(store)
    with store.transaction("a sale in 2025") as tx:
        tx.put_touch(_touch(tx.new_id("touch"), date(2025, 3, 3), "sale"))
    year = (date(2025, 1, 1), date(2025, 12, 31))
    assert Store(store.data_dir).sales_between(*year) == (1, date(2025, 3, 3))
    with store.transaction("an earlier call and another sale") as tx:
        tx.put_touch(_touch(tx.new_id("touch"), date(2025, 2, 2), "no-answer"))
        tx.put_touch(_touch(tx.new_id("touch"), date(2025, 9, 9), "sale"))
    assert store.sales_between(*year) == (2, date(2025, 2, 2))
    assert Store(store.data_dir).sales_between(*year) == (2, date(2025, 2, 2))


def test_a_damaged_summary_is_rebuilt_before_sales_between_answers(store: Store) -> None:
    seed(store)
    with store.transaction("a sale in 2025") as tx:
        tx.put_touch(_touch(tx.new_id("touch"), date(2025, 3, 3), "sale"))
    path = store.data_dir / "summary" / "2025.json"
    damaged = path.read_bytes().replace(b'"sale":1', b'"sale":-7')
    assert damaged != path.read_bytes()
    path.write_bytes(damaged)
    fresh = Store(store.data_dir)
    assert fresh.sales_between(date(2025, 1, 1), date(2025, 12, 31)) == (1, date(2025, 3, 3))
    assert fresh.doctor().ok
