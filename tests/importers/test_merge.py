"""Rows fold into stored prospects: update instead of twin, and a second run changes nothing."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from planner.importers.merge import create, merge, plan_import
from planner.importers.prospects import Draft
from planner.models import Prospect


def draft(line: int = 2, **fields: object) -> Draft:
    values: dict[str, object] = {
        "name": "Ann Lee",
        "named": True,
        "company": "Acme",
        "email": "",
        "phone": "",
        "status": None,
        "lost_reason": None,
        "last_contact": None,
        "do_not_contact": None,
        "value": None,
    }
    values.update(fields)
    return Draft(line=line, **values)  # type: ignore[arg-type]


def ids() -> itertools.count[int]:
    return itertools.count(100)


def test_new_rows_are_created_and_a_second_run_is_unchanged() -> None:
    rows = [
        draft(2, email="ann@acme.example", status="lost", last_contact=date(2017, 5, 1)),
        draft(3, name="Bo", email="bo@b.example", status="won"),
    ]
    counter = ids()
    first = plan_import([], rows, lambda: next(counter))
    assert [p.name for p in first.new] == ["Ann Lee", "Bo"] and first.updated == []
    again = plan_import(first.new, rows, lambda: next(counter))
    assert again.new == [] and again.updated == [] and len(again.unchanged) == 2


def test_rows_about_one_person_merge_into_one_prospect() -> None:
    rows = [
        draft(2, email="ann@acme.example", phone="+1 415 555 0100"),
        draft(3, name="A. Lee", company="", phone="(415) 555-0100", status="active"),
        draft(4, name="Ann Lee", company="ACME", email="ANN@acme.example", value=Decimal(5)),
    ]
    counter = ids()
    plan = plan_import([], rows, lambda: next(counter))
    assert len(plan.new) == 1 and plan.repeats == 2
    (ann,) = plan.new
    assert ann.status == "active" and ann.value == Decimal(5)
    assert ann.email == "ann@acme.example" and ann.phone == "+1 415 555 0100"


def test_update_keeps_what_the_row_leaves_empty_and_never_rewinds() -> None:
    stored = Prospect(
        id=1,
        name="Ann Lee",
        company="Acme",
        email="ann@acme.example",
        phone="+1 415 555 0100",
        status="lost",
        lost_reason="budget",
        last_contact=date(2017, 6, 1),
        value=Decimal(900),
        best_stage="meeting",
        conversations=3,
    )
    row = draft(email="Ann@Acme.example", phone="415-555-0100", status="lost", last_contact=None)
    after = merge(stored, row)
    assert after == stored  # same person written differently: nothing to change


def test_status_from_an_older_row_does_not_undo_a_later_touch() -> None:
    stored = Prospect(
        id=1, name="Ann Lee", company="Acme", status="won", last_contact=date(2017, 9, 1)
    )
    older = merge(stored, draft(status="lost", last_contact=date(2017, 3, 1)))
    assert older.status == "won" and older.last_contact == date(2017, 9, 1)
    newer = merge(
        stored, draft(status="lost", lost_reason="timing", last_contact=date(2017, 10, 1))
    )
    assert newer.status == "lost" and newer.lost_reason == "timing"
    assert newer.last_contact == date(2017, 10, 1)


def test_do_not_contact_is_set_but_never_cleared() -> None:
    stored = create(1, draft())
    flagged = merge(stored, draft(do_not_contact=True))
    assert flagged.do_not_contact
    assert merge(flagged, draft(do_not_contact=False)).do_not_contact


def test_a_borrowed_name_never_replaces_a_real_one() -> None:
    stored = create(1, draft(email="ann@acme.example"))
    after = merge(stored, draft(name="ann@acme.example", named=False, email="ann@acme.example"))
    assert after.name == "Ann Lee"


def test_leaving_lost_clears_the_reason_and_a_reasonless_lost_keeps_it() -> None:
    stored = create(1, draft(status="lost", lost_reason="timing", last_contact=date(2017, 1, 1)))
    assert (
        merge(stored, draft(status="lost", last_contact=date(2017, 2, 1))).lost_reason == "timing"
    )
    won = merge(stored, draft(status="won", last_contact=date(2017, 2, 1)))
    assert won.status == "won" and won.lost_reason is None


def test_planner_owned_fields_survive_an_update() -> None:
    stored = Prospect(
        id=1,
        name="Ann Lee",
        company="Acme",
        best_stage="meeting",
        conversations=4,
        cycle_start=date(2017, 1, 1),
        snoozed_until=date(2017, 12, 2),
    )
    after = merge(stored, draft(status="active", email="ann@acme.example"))
    assert (after.best_stage, after.conversations) == ("meeting", 4)
    assert after.cycle_start == date(2017, 1, 1) and after.snoozed_until == date(2017, 12, 2)
