"""Every record survives the trip to disk and back; bad amounts never reach a file."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import orjson
import pytest

from planner.models import ComposureCheck, Period, Prospect, Settings, StagePriors, Target, Touch
from planner.store import CorruptFileError, DayPlan, InvalidRecordError, Store, codec

from .conftest import at, seed

DAY = date(2026, 7, 14)


def test_every_record_type_round_trips_through_the_files(store: Store) -> None:
    settings = Settings(
        timezone="America/New_York",
        workdays=frozenset({0, 1, 2, 3}),
        country="US",
        subdivision="NY",
        days_off=frozenset({date(2026, 7, 3), date(2026, 12, 24)}),
        capacity=55,
        cooloff_days=45,
        min_new_share=0.25,
        prior_strength=12.5,
        priors={
            "new": StagePriors(connect=0.2, meeting=0.25, close=0.3),
            "old": StagePriors(connect=0.4, meeting=0.45, close=0.5),
        },
        default_deal_value=Decimal("1499.99"),
    )
    target = Target("revenue", Decimal("250000.50"), Period(DAY, date(2026, 9, 30), "Q3"), id=1)
    full = Prospect(
        id=1,
        name="Ada Lovelace",
        company="Analytical Engines",
        email="ada@example.com",
        phone="+44 20 7946 0000",
        status="lost",
        lost_reason="timing",
        last_contact=date(2026, 5, 2),
        do_not_contact=True,
        value=Decimal("12000"),
        best_stage="meeting",
        conversations=4,
        snoozed_until=date(2026, 7, 20),
        cycle_start=date(2026, 3, 1),
    )
    bare = Prospect(id=2, name="Charles Babbage")
    zone = timezone(timedelta(hours=-4))
    sale = Touch(
        id=1,
        prospect_id=1,
        at=datetime(2026, 7, 14, 9, 30, 15, 250, tzinfo=zone),
        outcome="sale",
        source="old",
        amount=Decimal("999.90"),
        note="signed — finally ✓",
        lead_days=12,
    )
    call = Touch(id=2, prospect_id=2, at=at(DAY), outcome="no-answer", source="new")
    check = ComposureCheck(day=DAY, prompt_id="breathe", rating=4, intent="ten calls by noon")
    skipped = ComposureCheck(day=date(2026, 7, 15), prompt_id="focus", skipped=True)
    plan = DayPlan(day=DAY, planned_old=6, planned_new=4, prospect_ids=(1, None, 2))
    with store.transaction("everything") as tx:
        tx.put_settings(settings)
        tx.put_target(target)
        tx.put_prospect(full)
        tx.put_prospect(bare)
        tx.put_touch(sale)
        tx.put_touch(call)
        tx.put_composure(check)
        tx.put_composure(skipped)
        tx.put_plan(plan)

    fresh = Store(store.data_dir)  # nothing cached: everything comes from the files
    assert fresh.settings() == settings
    assert fresh.targets() == [target]
    assert fresh.prospects() == [full, bare]
    assert fresh.prospect(1) == full
    touches = fresh.touches(DAY, DAY)
    assert touches == [call, sale]  # by instant: 08:00 UTC before 13:30 UTC
    assert touches[1].at.utcoffset() == timedelta(hours=-4)
    assert touches[1].day == DAY
    assert fresh.composure(DAY, date(2026, 7, 31)) == [check, skipped]
    assert fresh.plan(DAY) == plan
    assert fresh.plan(date(2026, 7, 15)) is None


def test_documents_on_disk_are_plain_json_with_strings_for_money(store: Store) -> None:
    seed(store, months=(DAY,))
    raw = orjson.loads((store.data_dir / "touches" / "2026-07.json").read_bytes())
    assert raw["_schema"] == {"1": {"version": 1}}
    assert raw["touches"]["1"]["amount"] == "250.50"
    assert raw["touches"]["1"]["at"] == "2026-07-14T10:00:00+02:00"
    planner = orjson.loads((store.data_dir / "planner.json").read_bytes())
    assert planner["targets"]["1"]["amount"] == "120"
    assert set(planner) == {"_schema", "settings", "targets", "counters"}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (Decimal("-5"), "more than 0"),
        (Decimal("0"), "more than 0"),
        (Decimal("NaN"), "finite"),
        (Decimal("Infinity"), "finite"),
        (Decimal("1e309"), "at most 1,000,000,000"),
        (Decimal("1000000000.01"), "at most 1,000,000,000"),
        (Decimal("10.005"), "more than 2 decimals"),
    ],
)
def test_bad_amounts_are_refused_before_anything_is_written(
    store: Store, value: Decimal, message: str
) -> None:
    seed(store)
    before = (store.data_dir / "planner.json").read_bytes()
    touch = Touch(id=1, prospect_id=1, at=at(DAY), outcome="sale", source="new", amount=value)
    with pytest.raises(InvalidRecordError, match=message), store.transaction("bad") as tx:
        tx.put_touch(touch)
    assert (store.data_dir / "planner.json").read_bytes() == before
    assert not (store.data_dir / "touches").exists()


def test_amounts_are_normalised_to_plain_text() -> None:
    assert codec.amount_text(Decimal("1E+3"), "x") == "1000"
    assert codec.amount_text(Decimal("1.500"), "x") == "1.50"
    assert codec.amount_text(Decimal("0.1"), "x") == "0.1"
    with pytest.raises(InvalidRecordError):
        codec.amount_text(1.5, "x")


def test_non_finite_floats_and_naive_times_are_refused(store: Store) -> None:
    with pytest.raises(InvalidRecordError, match="finite"), store.transaction("x") as tx:
        tx.put_settings(Settings(min_new_share=float("nan")))
    naive = Touch(id=1, prospect_id=1, at=datetime(2026, 7, 14, 10), outcome="sale", source="new")
    with pytest.raises(InvalidRecordError, match="time zone"), store.transaction("x") as tx:
        tx.put_touch(naive)
    assert not store.data_dir.joinpath("planner.json").exists()


def test_a_document_that_does_not_decode_names_its_file_and_id(store: Store) -> None:
    seed(store, months=(DAY,))
    path = store.data_dir / "touches" / "2026-07.json"
    raw = orjson.loads(path.read_bytes())
    raw["touches"]["1"]["outcome"] = "voicemail"
    path.write_bytes(orjson.dumps(raw))
    with pytest.raises(CorruptFileError) as caught:
        Store(store.data_dir).touches(DAY, DAY)
    assert "touches/2026-07.json: touches 1 does not decode" in str(caught.value)
    assert "voicemail" in str(caught.value)
    assert caught.value.path == path
    assert "\n" not in str(caught.value)


def test_stored_amount_with_exponent_is_corrupt(tmp_path: Path) -> None:
    with pytest.raises(codec.CodecError):
        codec.parse_amount("1e3")
    with pytest.raises(codec.CodecError):
        codec.parse_amount(12.5)
    assert codec.parse_amount("12.50") == Decimal("12.50")


def test_composure_of_some_days_decodes_those_days_and_refuses_a_key_that_is_no_id(
    store: Store,
) -> None:
    days = [DAY - timedelta(days=n) for n in range(40)]
    with store.transaction("composure") as tx:
        for day in days:
            tx.put_composure(ComposureCheck(day=day, prompt_id="p", rating=3))
    week = Store(store.data_dir).composure(DAY - timedelta(days=6), DAY)
    assert [c.day for c in week] == sorted(days[:7])
    assert Store(store.data_dir).composure(date.min, date.max) == sorted(
        (ComposureCheck(day=day, prompt_id="p", rating=3) for day in days), key=lambda c: c.day
    )
    # A broken check outside the range is not decoded; a key that is no id still refuses.
    path = store.data_dir / "composure.json"
    raw = orjson.loads(path.read_bytes())
    raw["composure"][str(days[-1].toordinal())]["rating"] = 9
    path.write_bytes(orjson.dumps(raw))
    assert len(Store(store.data_dir).composure(DAY - timedelta(days=6), DAY)) == 7
    with pytest.raises(CorruptFileError, match="composure"):
        Store(store.data_dir).composure(date.min, date.max)
    raw["composure"]["x1"] = raw["composure"].pop(str(days[-1].toordinal()))
    path.write_bytes(orjson.dumps(raw))
    with pytest.raises(CorruptFileError, match="x1"):
        Store(store.data_dir).composure(DAY - timedelta(days=6), DAY)
