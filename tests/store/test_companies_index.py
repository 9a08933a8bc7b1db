"""companies.json: each prospect's company, shaped as names.json, kept in step by every commit,
rebuilt by repair and by the first write to a data dir from before it, so that a review names
the week's prospects and their companies without parsing every prospect shard."""

from __future__ import annotations

import json

from planner.models import Prospect
from planner.store import Store, layout


def _put(store: Store, *prospects: Prospect) -> None:
    with store.transaction("put") as tx:
        for prospect in prospects:
            tx.put_prospect(prospect)


def _stored(store: Store) -> dict[str, list[str | None]]:
    docs = json.loads((store.data_dir / layout.COMPANIES).read_bytes())["companies"]
    return {shard: doc["companies"] for shard, doc in docs.items()}


def test_the_index_follows_every_change(store: Store) -> None:
    _put(store, Prospect(1, "Ann", company="Acme"), Prospect(2, "Bob"), Prospect(1001, "Cy"))
    assert _stored(store) == {"1": ["Acme", ""], "2": [""]}
    _put(store, Prospect(2, "Bob", company="Bolt"), Prospect(1, "Ann B", company="Acme"))
    with store.transaction("delete") as tx:
        tx.delete_prospect(1001)
    assert _stored(store) == {"1": ["Acme", "Bolt"]}
    fresh = Store(store.data_dir)
    assert fresh.prospect_labels([1, 2, 3]) == {1: ("Ann B", "Acme"), 2: ("Bob", "Bolt")}
    assert fresh.doctor().ok


def test_a_touch_that_changes_no_company_leaves_the_index_alone(store: Store) -> None:
    _put(store, Prospect(1, "Ann", company="Acme"))
    before = (store.data_dir / layout.COMPANIES).stat().st_mtime_ns
    _put(store, Prospect(1, "Ann", company="Acme", status="active", conversations=1))
    assert (store.data_dir / layout.COMPANIES).stat().st_mtime_ns == before


def test_a_damaged_or_missing_index_is_rebuilt(store: Store) -> None:
    _put(store, Prospect(1, "Ann", company="Acme"), Prospect(2, "Bob", company="Bolt"))
    index = store.data_dir / layout.COMPANIES
    index.write_text('{"companies": {"1": {"companies": [1]}}}', encoding="utf-8")
    fresh = Store(store.data_dir)
    assert fresh.prospect_labels([2]) == {2: ("Bob", "Bolt")}
    assert any(layout.COMPANIES in notice for notice in fresh.notices())
    index.unlink()
    assert not Store(store.data_dir).doctor().ok
    report = Store(store.data_dir).repair_derived()
    assert layout.COMPANIES in report.rebuilt
    assert _stored(store) == {"1": ["Acme", "Bolt"]}
    assert Store(store.data_dir).doctor().ok


def test_a_data_dir_from_before_the_index_gets_it_on_its_next_write(store: Store) -> None:
    _put(store, Prospect(1, "Ann", company="Acme"))
    (store.data_dir / layout.COMPANIES).unlink()
    manifest = store.data_dir / layout.MANIFEST
    doc = json.loads(manifest.read_bytes())
    for entry in doc["integrity"].values():
        entry["files"].pop(layout.COMPANIES, None)
    manifest.write_bytes(json.dumps(doc).encode())
    older = Store(store.data_dir)
    assert older.prospect_labels([1]) is None  # the caller reads the shards instead
    _put(older, Prospect(2, "Bob", company="Bolt"))
    assert _stored(store) == {"1": ["Acme", "Bolt"]}
    assert Store(store.data_dir).doctor().ok
