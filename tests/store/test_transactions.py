"""Transactions: all or nothing, see their own changes, undo with its limits, bulk loads."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import orjson
import pytest

from planner.models import ComposureCheck, Prospect, Settings, Touch
from planner.store import DayPlan, Store, StoreError, Transaction, journal, oplog

from .conftest import at, log_call, seed, snapshot

JUL = date(2026, 7, 14)
ALL = (date(2000, 1, 1), date(2100, 1, 1))


def _prospect(tx: Transaction, pid: int) -> Prospect:
    found = tx.prospect(pid)
    assert found is not None
    return found


def test_reads_inside_see_fresh_state_plus_own_changes(store: Store) -> None:
    seed(store, months=(JUL,))
    with store.transaction("mixed") as tx:
        pid = tx.new_id("prospect")
        tx.put_prospect(Prospect(id=pid, name="Newcomer"))
        assert tx.prospect(pid) == Prospect(id=pid, name="Newcomer")
        assert [p.id for p in tx.prospects()] == [1, 2, 3, pid]
        tx.delete_prospect(2)
        assert tx.prospect(2) is None and [p.id for p in tx.prospects()] == [1, 3, pid]
        touch = Touch(
            id=tx.new_id("touch"), prospect_id=pid, at=at(JUL, 8), outcome="sale", source="new"
        )
        tx.put_touch(touch)
        assert [t.id for t in tx.touches(JUL, JUL)] == [touch.id, 1]
        tx.delete_touch(tx.touches(JUL, JUL)[1])
        assert tx.touches(JUL, JUL) == [touch]
        tx.put_settings(Settings(capacity=12))
        assert tx.settings() == Settings(capacity=12)
        tx.delete_target(1)
        assert tx.targets() == []
    assert store.prospect_names() == {1: "Prospect 1", 3: "Prospect 3", pid: "Newcomer"}
    assert store.touches(*ALL) == [touch]
    assert store.settings() == Settings(capacity=12) and store.targets() == []
    assert store.doctor().ok


def test_an_exception_inside_writes_nothing(store: Store) -> None:
    seed(store)
    before = snapshot(store.data_dir)
    generation = store.generation()
    with pytest.raises(RuntimeError), store.transaction("doomed") as tx:
        tx.put_prospect(Prospect(id=tx.new_id("prospect"), name="Ghost"))
        raise RuntimeError("changed my mind")
    assert snapshot(store.data_dir) == before and store.generation() == generation
    with store.transaction("again") as tx:
        assert tx.new_id("prospect") == 4  # the abandoned id was never stored, so it is reused


def test_a_transaction_that_changes_nothing_writes_nothing(store: Store) -> None:
    seed(store)
    before = snapshot(store.data_dir)
    with store.transaction("same") as tx:
        tx.put_prospect(tx.prospect(1))  # type: ignore[arg-type]
    assert snapshot(store.data_dir) == before


def test_transactions_do_not_nest_and_a_closed_one_refuses_changes(store: Store) -> None:
    with store.transaction("outer") as tx:
        with pytest.raises(StoreError, match="already open"), store.transaction("inner"):
            pass  # pragma: no cover
        tx.put_settings(Settings())
    with pytest.raises(StoreError, match="transaction is over"):
        tx.put_settings(Settings(capacity=3))


def test_ids_chosen_by_the_caller_are_never_handed_out_again(store: Store) -> None:
    with store.transaction("import") as tx:
        tx.put_prospect(Prospect(id=500, name="Imported"))
    with store.transaction("next") as tx:
        assert tx.new_id("prospect") == 501


def test_generation_moves_with_every_commit_and_stays_put_otherwise(store: Store) -> None:
    seed(store)
    first = store.generation()
    assert store.generation() == first
    log_call(store, 1, JUL)
    assert store.generation() == first + 1


def test_undo_restores_every_record_and_its_derived_indexes(store: Store) -> None:
    seed(store, months=(JUL,))
    before = (store.prospects(), store.touches(*ALL), store.summaries(*ALL))
    with store.transaction("rename and log") as tx:
        tx.put_prospect(replace(_prospect(tx, 1), name="Renamed", status="won"))
        tx.put_touch(
            Touch(id=tx.new_id("touch"), prospect_id=1, at=at(JUL), outcome="sale", source="old")
        )
        tx.put_composure(ComposureCheck(day=JUL, prompt_id="p", rating=5))
    assert store.prospect_names()[1] == "Renamed"
    assert store.undo() == "rename and log"
    assert (store.prospects(), store.touches(*ALL), store.summaries(*ALL)) == before
    assert store.prospect_names()[1] == "Prospect 1" and store.composure(JUL, JUL) == []
    assert store.doctor().ok


def test_undo_skips_a_later_unrelated_change_that_cannot_be_undone(store: Store) -> None:
    seed(store)
    call = log_call(store, 1, JUL)
    with store.transaction(f"plan {JUL}", undoable=False) as tx:
        tx.put_plan(DayPlan(day=JUL, planned_old=1, planned_new=2, prospect_ids=(1, None, None)))
    assert store.last_op() == "log conversation with #1"
    assert store.undo() == "log conversation with #1"
    assert call.id not in {t.id for t in store.touches(*ALL)}
    assert store.plan(JUL) is not None


def test_undo_refuses_to_cross_a_later_change_of_the_same_records(store: Store) -> None:
    seed(store)
    log_call(store, 1, JUL)
    with store.transaction("bulk fix", undoable=False) as tx:
        tx.put_prospect(replace(_prospect(tx, 1), company="Fixed"))
    with pytest.raises(StoreError, match="cannot undo “log conversation with #1”: a later"):
        store.undo()
    assert store.prospect(1).company == "Fixed"  # type: ignore[union-attr]


def test_clear_empties_everything_but_ids_keep_counting(store: Store) -> None:
    seed(store, prospects=5, months=(JUL, date(2025, 3, 3)))
    with store.transaction("replace all", undoable=False) as tx:
        tx.clear()
        assert tx.prospects() == [] and tx.touches(*ALL) == [] and tx.settings() is None
        tx.put_prospect(Prospect(id=tx.new_id("prospect"), name="Fresh"))
    assert [p.id for p in store.prospects()] == [6]
    assert store.touches(*ALL) == [] and store.summaries(*ALL) == [] and store.touch_months() == []
    assert store.prospect_names() == {6: "Fresh"}
    assert store.doctor().ok
    with pytest.raises(StoreError, match="cannot undo"):
        store.undo()


def test_the_oplog_keeps_the_last_two_hundred_changes(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(oplog, "KEEP", 5)
    seed(store)
    for _ in range(8):
        log_call(store, 1, JUL)
    entries = sorted(p.name for p in (store.data_dir / "oplog").iterdir())
    assert entries == [f"{n:08d}.json" for n in range(5, 10)]


def test_a_bulk_load_writes_each_file_once_and_keeps_the_oplog_small(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[str] = []
    real_commit = journal.commit

    commits: list[int] = []

    def counting(data_dir, files, plan):  # type: ignore[no-untyped-def]
        commits.append(len(plan.writes))
        written.extend(plan.writes)
        real_commit(data_dir, files, plan)

    monkeypatch.setattr(journal, "commit", counting)
    with store.transaction("load demo data", undoable=False) as tx:
        tx.put_settings(Settings())
        ids = [tx.new_id("prospect") for _ in range(4000)]
        for pid in ids:
            tx.put_prospect(Prospect(id=pid, name=f"Prospect {pid}", value=Decimal("1200")))
        first = date(2024, 1, 1)
        for number in range(20000):
            day = first + timedelta(days=number % 900)
            tx.put_touch(
                Touch(
                    id=tx.new_id("touch"),
                    prospect_id=ids[number % len(ids)],
                    at=at(day, 9 + number % 8),
                    outcome="sale" if number % 20 == 0 else "no-answer",
                    source="new",
                    amount=Decimal("99.50") if number % 20 == 0 else None,
                )
            )
    # What makes a bulk load fast is structural: each file written once, in one commit (its
    # speed is measured in benchmarks/, not guessed at here with a wall-clock limit).
    assert len(commits) == 1
    assert len(written) == len(set(written))  # one write per file
    # planner, shards, months, years, names, companies, sales, oplog
    assert len(written) == 1 + 4 + 30 + 3 + 1 + 1 + 1 + 1
    barrier = orjson.loads(next((store.data_dir / "oplog").iterdir()).read_bytes())
    assert barrier["op"]["1"]["keys"] is None  # "everything", not 24,000 keys
    assert len(store.touches(*ALL)) == 20000
    assert sum(s.outcomes.get("sale", 0) for s in store.summaries(*ALL)) == 1000
