"""checkins/pNNNN.json: a row per lost prospect of what ranks it for a check-in, kept in step by
every commit, rebuilt by repair and by the first write to a data dir from before them, so that
a review ranks every lost prospect without parsing the lost shards and reads five of them."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.models import LOST_REASONS, CheckInRow, Prospect
from planner.queue import is_eligible_old, old_prospect_score
from planner.store import Store, layout
from tests.conftest import examples

TODAY = date(2026, 11, 27)


def _put(store: Store, *prospects: Prospect) -> None:
    with store.transaction("put") as tx:
        for prospect in prospects:
            tx.put_prospect(prospect)


def _stored(store: Store) -> dict[str, dict[str, list[object]]]:
    found: dict[str, dict[str, list[object]]] = {}
    for rel in layout.checkin_shards(store.data_dir):
        docs = json.loads((store.data_dir / rel).read_bytes())["prospects"]
        found[rel] = {key: doc["rank"] for key, doc in docs.items()}
    return found


def forget_checkin_shards(folder: Path) -> None:
    """What a data dir written before the check-in shards looks like."""
    for rel in layout.checkin_shards(folder):
        (folder / rel).unlink()
    (folder / layout.CHECKIN_DIR).rmdir()
    manifest = folder / layout.MANIFEST
    doc = json.loads(manifest.read_bytes())
    for entry in doc["integrity"].values():
        for rel in [r for r in entry["files"] if r.startswith(f"{layout.CHECKIN_DIR}/")]:
            del entry["files"][rel]
    manifest.write_bytes(json.dumps(doc).encode())


def _lost(pid: int, **fields: object) -> Prospect:
    return Prospect(pid, f"Lost {pid}", company="Co", status="lost", **fields)  # type: ignore[arg-type]


def test_the_rows_follow_every_change_and_rank_as_the_prospects(store: Store) -> None:
    ann = _lost(1, lost_reason="timing", last_contact=date(2026, 5, 2), value=Decimal("900"))
    _put(store, ann, Prospect(2, "Bob"), _lost(1001, best_stage="meeting", conversations=2))
    assert _stored(store) == {
        "checkins/p0000.json": {"1": ["2026-05-02", "none", "timing", 0, "900", False, None]},
        "checkins/p0001.json": {"1001": [None, "meeting", None, 2, None, False, None]},
    }
    _put(store, Prospect(1, "Ann", status="won"), _lost(2, do_not_contact=True))
    with store.transaction("delete") as tx:
        tx.delete_prospect(1001)
    # The emptied shard's file goes, as a lost shard's does.
    assert _stored(store) == {
        "checkins/p0000.json": {"2": [None, "none", None, 0, None, True, None]}
    }
    fresh = Store(store.data_dir)
    assert fresh.checkin_rows(TODAY) == []  # the one lost prospect may not be called
    assert fresh.doctor().ok


def test_a_change_that_ranks_no_differently_leaves_the_rows_alone(store: Store) -> None:
    _put(store, _lost(1, last_contact=date(2026, 5, 2)))
    index = store.data_dir / "checkins/p0000.json"
    before = index.stat().st_mtime_ns
    _put(
        store, Prospect(1, "Lost 1", company="Other", status="lost", last_contact=date(2026, 5, 2))
    )
    assert index.stat().st_mtime_ns == before


def test_a_damaged_or_missing_index_is_rebuilt(store: Store) -> None:
    _put(store, _lost(1, last_contact=date(2026, 5, 2)), _lost(2))
    index = store.data_dir / "checkins/p0000.json"
    index.write_text('{"prospects": {"1": {"rank": [1]}}}', encoding="utf-8")
    fresh = Store(store.data_dir)
    assert [row.id for row in fresh.checkin_rows(TODAY) or []] == [1, 2]
    assert any("checkins/p0000.json" in notice for notice in fresh.notices())
    index.unlink()
    assert not Store(store.data_dir).doctor().ok
    report = Store(store.data_dir).repair_derived()
    assert "checkins/p0000.json" in report.rebuilt
    assert Store(store.data_dir).doctor().ok


def test_a_data_dir_from_before_the_index_gets_it_on_its_next_write(store: Store) -> None:
    _put(store, _lost(1))
    forget_checkin_shards(store.data_dir)
    older = Store(store.data_dir)
    assert older.checkin_rows(TODAY) is None  # the caller reads the lost prospects instead
    _put(older, Prospect(2, "Bob"))
    assert _stored(store) == {
        "checkins/p0000.json": {"1": [None, "none", None, 0, None, False, None]}
    }
    assert Store(store.data_dir).doctor().ok


STAGES = ("none", "conversation", "meeting")
lost_prospects = st.lists(
    st.builds(
        lambda reason, days, stage, talks, value, dnc, snooze: (
            reason,
            None if days is None else TODAY - timedelta(days=days),
            stage,
            talks,
            None if value is None else Decimal(value),
            dnc,
            None if snooze is None else TODAY + timedelta(days=snooze),
        ),
        st.sampled_from((None, *LOST_REASONS)),
        st.one_of(st.none(), st.integers(0, 900)),
        st.sampled_from(STAGES),
        st.integers(0, 70),
        st.one_of(st.none(), st.sampled_from(("5", "950", "12000.50", "1000000"))),
        st.booleans(),
        st.one_of(st.none(), st.integers(-20, 20)),
    ),
    max_size=40,
)


@given(lost=lost_prospects, spread=st.integers(1, 700))
@settings(max_examples=examples(100), deadline=None)
def test_the_rows_pick_the_check_ins_the_whole_records_pick(
    tmp_path_factory: object, lost: list[tuple[object, ...]], spread: int
) -> None:
    folder = Path(str(tmp_path_factory.mktemp("data")))  # type: ignore[attr-defined]
    store = Store(folder)
    prospects = [
        Prospect(
            1 + i * spread,  # across shards
            f"P{i}",
            status="lost",
            lost_reason=reason,  # type: ignore[arg-type]
            last_contact=last,  # type: ignore[arg-type]
            best_stage=stage,  # type: ignore[arg-type]
            conversations=talks,  # type: ignore[arg-type]
            value=value,  # type: ignore[arg-type]
            do_not_contact=dnc,  # type: ignore[arg-type]
            snoozed_until=snooze,  # type: ignore[arg-type]
        )
        for i, (reason, last, stage, talks, value, dnc, snooze) in enumerate(lost)
    ]
    _put(store, *prospects, Prospect(99_999, "Active", status="active"))
    cooloff, cutoff = 30, TODAY - timedelta(days=30)
    rows = Store(folder).checkin_rows(cutoff)
    whole = Store(folder).prospects("lost", contacted_by=cutoff, contactable=True)
    assert rows is not None
    assert rows == [
        CheckInRow(
            p.id,
            p.lost_reason,
            p.last_contact,
            p.do_not_contact,
            p.value,
            p.best_stage,
            p.conversations,
            p.snoozed_until,
        )
        for p in whole
    ]

    def ranked(found: list[CheckInRow] | list[Prospect]) -> list[tuple[float, int]]:
        eligible = [p for p in found if is_eligible_old(p, TODAY, cooloff)]
        return sorted((-old_prospect_score(p, TODAY), p.id) for p in eligible)

    assert ranked(rows) == ranked(whole)
    top = [pid for _, pid in ranked(rows)[:5]]
    assert Store(folder).lost_by_id(top) == {p.id: p for p in whole if p.id in top}
