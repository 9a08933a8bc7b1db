"""sales.json: each month's sales and first day with a touch, kept in step by every commit that
changes a month's sales or first day, rebuilt by repair and by the first write to a data dir
from before it, so that an earlier period's record is read without parsing its summaries."""

from __future__ import annotations

import json
from datetime import date, timedelta

from planner.store import Store, layout
from planner.store.derived import build_sales

from .conftest import log_call, seed

MAR, JUL, AUG = date(2025, 3, 10), date(2025, 7, 14), date(2025, 8, 3)
YEAR = (date(2025, 1, 1), date(2025, 12, 31))


def _days(store: Store, start: date, end: date) -> tuple[int, date | None]:
    """What the day summaries themselves say: the answer sales.json must give."""
    days = store.summaries(start, end)
    sales = sum(s.outcomes.get("sale", 0) for s in days)
    return sales, days[0].day if days else None


def _counts(store: Store, start: date, end: date) -> tuple[int, int, date | None]:
    days = store.summaries(start, end)
    touches = sum(sum(s.outcomes.values()) for s in days)
    sales, first = _days(store, start, end)
    return touches, sales, first


def _stored(store: Store) -> dict[str, object]:
    raw: dict[str, object] = json.loads((store.data_dir / layout.SALES).read_bytes())["months"]
    return raw


def _summaries(store: Store) -> dict[str, dict[str, dict[str, object]]]:
    return {
        rel: json.loads((store.data_dir / rel).read_bytes())["summary"]
        for rel in layout.summaries(store.data_dir)
    }


def test_the_months_follow_every_logged_sale_deletion_and_undo(store: Store) -> None:
    seed(store, months=(MAR, JUL, JUL + timedelta(days=1), AUG))
    spans = [YEAR, (JUL, JUL), (date(2025, 7, 1), date(2025, 8, 31)), (JUL, AUG), (MAR, JUL)]
    for span in spans:
        assert Store(store.data_dir).sales_between(*span) == _days(store, *span)
    log_call(store, 1, JUL - timedelta(days=9), "sale")  # a new first day of July
    log_call(store, 2, AUG, "sale")
    with store.transaction("delete") as tx:
        (march,) = tx.touches(MAR, MAR)
        tx.delete_touch(march)
    assert store.undo() == "delete"
    assert store.undo() == "log sale with #2"
    for span in spans:
        # A fresh store reads sales.json as the commits left it: a stale month fails here.
        assert Store(store.data_dir).sales_between(*span) == _days(store, *span)
        assert Store(store.data_dir).counts_between(*span) == _counts(store, *span)
    assert _stored(store) == build_sales(_summaries(store))
    assert Store(store.data_dir).doctor().ok


def test_a_call_that_moves_no_month_leaves_the_file_alone(store: Store) -> None:
    seed(store, months=(JUL,))
    before = (store.data_dir / layout.SALES).stat().st_mtime_ns
    log_call(store, 1, JUL + timedelta(days=2), "no-answer")
    assert (store.data_dir / layout.SALES).stat().st_mtime_ns == before
    log_call(store, 1, JUL + timedelta(days=2), "sale")
    assert (store.data_dir / layout.SALES).stat().st_mtime_ns != before


def test_a_stale_or_damaged_file_is_noticed_and_rebuilt(store: Store) -> None:
    seed(store, months=(MAR, JUL))
    truth = _days(store, *YEAR)
    path = store.data_dir / layout.SALES
    doc = json.loads(path.read_bytes())
    for month in doc["months"].values():
        month["sales"] += 5  # as if a commit had not kept it in step
    path.write_text(json.dumps(doc), encoding="utf-8")
    fresh = Store(store.data_dir)
    assert fresh.sales_between(*YEAR) == truth
    assert any(layout.SALES in notice for notice in fresh.notices())
    path.write_text('{"months": {"1": {"first": "x"}}}', encoding="utf-8")
    assert Store(store.data_dir).sales_between(*YEAR) == truth
    assert Store(store.data_dir).doctor().ok


def test_a_data_dir_from_before_the_file_reads_its_days_and_gets_it_on_its_next_write(
    store: Store,
) -> None:
    seed(store, months=(MAR, JUL))
    (store.data_dir / layout.SALES).unlink()
    manifest = store.data_dir / layout.MANIFEST
    doc = json.loads(manifest.read_bytes())
    for entry in doc["integrity"].values():
        entry["files"].pop(layout.SALES, None)
    manifest.write_bytes(json.dumps(doc).encode())
    older = Store(store.data_dir)
    assert older.sales_between(*YEAR) == _days(store, *YEAR)
    assert not older.doctor().ok  # `planner doctor --repair` builds it
    log_call(older, 1, AUG, "no-answer")
    assert _stored(store) == build_sales(_summaries(store))
    assert Store(store.data_dir).sales_between(*YEAR) == _days(store, *YEAR)
    assert Store(store.data_dir).doctor().ok


def test_the_latest_month_moves_with_the_first_call_of_a_new_one_and_back_on_undo(
    store: Store,
) -> None:
    seed(store, months=(JUL, AUG))
    assert "touches" not in _stored(store)[str(date(2025, 8, 1).toordinal())]
    log_call(store, 1, date(2025, 9, 2), "no-answer")  # September is the latest now
    log_call(store, 1, date(2025, 9, 3), "no-answer")
    stored = _stored(store)
    assert "touches" in stored[str(date(2025, 8, 1).toordinal())]
    assert "touches" not in stored[str(date(2025, 9, 1).toordinal())]
    assert _stored(store) == build_sales(_summaries(store))
    assert Store(store.data_dir).counts_between(*YEAR) == _counts(store, *YEAR)
    assert store.undo() is not None
    assert store.undo() is not None  # September empty again: August is the latest
    assert _stored(store) == build_sales(_summaries(store))
    assert Store(store.data_dir).counts_between(*YEAR) == _counts(store, *YEAR)
    assert Store(store.data_dir).doctor().ok
