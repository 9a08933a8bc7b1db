"""Follow-ups, the stored day plan in the shell, and prospects you can fix (DESIGN sections
2 and 4; issue 11)."""

from __future__ import annotations

from datetime import date

import pytest

from planner.validation import ValidationError, parse_follow_up
from tests.cli.conftest import Planner

TODAY = "2026-12-02"  # a Wednesday


@pytest.fixture
def seller(planner: Planner) -> Planner:
    """A seller with a target, three new prospects and a cooled-off "no"."""

    def run(*args: str, today: str | None = TODAY, stdin: str | None = None):  # type: ignore[no-untyped-def]
        return planner(*args, today=today, stdin=stdin)

    assert run("target", "set", "24", "--period", "2026-12").exit_code == 0
    for name in ("Ann Lee", "Bob Stone", "Carla Diaz"):
        assert run("prospect", "add", name).exit_code == 0
    run(
        "prospect",
        "add",
        "Old Omar",
        "--lost-reason",
        "timing",
        "--last-contact",
        "2026-06-01",
    )
    return run


# ---------------------------------------------------------------- follow-up dates


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2027-01-15", date(2027, 1, 15)),
        ("today", date(2026, 12, 2)),
        ("tomorrow", date(2026, 12, 3)),
        ("mon", date(2026, 12, 7)),
        ("wed", date(2026, 12, 9)),  # today is a Wednesday: the next one
        ("Friday", date(2026, 12, 4)),
        ("+3d", date(2026, 12, 5)),  # a Saturday: working days are not skipped
        ("+2w", date(2026, 12, 16)),
        ("none", None),
        (" NONE ", None),
    ],
)
def test_follow_up_dates_read_as_a_seller_types_them(text: str, day: date | None) -> None:
    assert parse_follow_up(text, today=date(2026, 12, 2)) == day


@pytest.mark.parametrize("text", ["next week", "+3", "3d", "1899-12-31", "+99999w", "", "mo"])
def test_follow_up_dates_that_make_no_sense_are_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_follow_up(text, today=date(2026, 12, 2))


def test_a_booked_meeting_leads_on_its_day_with_its_note(seller: Planner) -> None:
    done = seller(
        "log", "call", "Ann", "--outcome", "meeting", "--follow-up", "fri",
        "--note", "demo Friday 2pm",
    )  # fmt: skip
    assert done.exit_code == 0 and "follow-up on Fri 04 Dec 2026" in done.stdout
    # Until then she is not in the queue (she was first in line again the next morning).
    thursday = seller("queue", "--json", today="2026-12-03").json()
    assert "Ann Lee" not in [i["prospect"]["name"] for i in thursday["items"] if i["prospect"]]
    friday = seller("queue", "--json", today="2026-12-04").json()
    first = friday["items"][0]
    assert first["prospect"]["name"] == "Ann Lee"
    assert first["reason"] == "follow-up due today: demo Friday 2pm"
    assert first["follow_up"] == "2026-12-04"
    # Not worked on Friday: on Monday she still leads, "since" the day it was due.
    monday = seller("queue", "--json", today="2026-12-07").json()
    assert monday["items"][0]["reason"] == "follow-up due since 4 Dec: demo Friday 2pm"
    due = seller("prospect", "list", "--due", today="2026-12-07")
    assert due.stdout.startswith("#1 Ann Lee") and "follow-up 2026-12-04" in due.stdout
    # Worked: the follow-up is cleared, unless a new one is given.
    seller("log", "call", "Ann", "--outcome", "no-answer", today="2026-12-07")
    assert seller("prospect", "list", "--due", today="2026-12-07").stdout.startswith("No follow")
    shown = seller("prospect", "show", "Ann", "--json", today="2026-12-07").json()
    assert shown["follow_up"] is None
    assert [t["outcome"] for t in shown["touches"]] == ["no-answer", "meeting"]  # newest first


def test_a_due_follow_up_beats_the_cool_off_but_not_do_not_contact(seller: Planner) -> None:
    seller(
        "log", "call", "Old Omar", "--outcome", "not-interested", "--lost-reason", "budget",
        "--follow-up", "2027-01-11", "--note", "call in January",
    )  # fmt: skip
    shown = seller("prospect", "show", "#4", "--json").json()
    assert (shown["status"], shown["lost_reason"], shown["follow_up"]) == (
        "lost",
        "budget",
        "2027-01-11",
    )
    january = seller("queue", "--json", today="2027-01-11").json()
    assert january["items"][0]["prospect"]["name"] == "Old Omar"  # 41 days into a 60-day cool-off
    seller("prospect", "edit", "#4", "--do-not-contact", today="2027-01-11")
    january = seller("queue", "--json", today="2027-01-11").json()
    assert "Old Omar" not in [i["prospect"]["name"] for i in january["items"] if i["prospect"]]


def test_a_lost_reason_goes_only_with_not_interested(seller: Planner) -> None:
    refused = seller("log", "call", "Bob", "--outcome", "conversation", "--lost-reason", "timing")
    assert refused.exit_code == 1 and "not-interested" in refused.stderr


# ---------------------------------------------------------------- the stored day plan


def test_queue_shows_the_stored_plan_with_done_items_marked(seller: Planner) -> None:
    first = seller("queue", "--json").json()
    assert (first["done"], first["left"]) == (0, len(first["items"]))
    sources = {i["source"] for i in first["items"]}
    assert sources == {"old", "new"}  # both kinds, every day there are both
    seller("log", "call", "Bob", "--outcome", "conversation")
    after = seller("queue", "--json").json()
    assert [i["prospect"] for i in after["items"]] == [i["prospect"] for i in first["items"]]
    assert (after["done"], after["left"]) == (1, len(first["items"]) - 1)
    bob = next(i for i in after["items"] if i["prospect"] and i["prospect"]["name"] == "Bob Stone")
    assert bob["done"] and bob["outcome"] == "conversation"
    text = seller("queue").stdout
    assert "1 done" in text and "✓" in text and "Bob Stone" in text
    assert "calls" in text.splitlines()[1]  # the size in words


def test_an_added_prospect_and_a_rebuild_keep_what_is_done(seller: Planner) -> None:
    seller("queue")
    seller("log", "call", "Carla", "--outcome", "no-answer")
    seller("prospect", "add", "Dana Fox")
    plan = seller("queue", "--json").json()
    names = [i["prospect"]["name"] for i in plan["items"] if i["prospect"]]
    assert "Dana Fox" in names and "Carla Diaz" in names
    rebuilt = seller("queue", "--json", "--rebuild").json()
    assert rebuilt["done"] == 1
    assert [i["prospect"] for i in rebuilt["items"]] == [i["prospect"] for i in plan["items"]]


def test_init_takes_the_old_share_and_refuses_shares_above_the_whole_day(
    seller: Planner,
) -> None:
    assert seller("init", "--min-old-share", "0.5").exit_code == 0
    plan = seller("queue", "--json").json()
    assert plan["planned"]["old"] >= 1
    refused = seller("init", "--min-new-share", "0.6")
    assert refused.exit_code == 1 and "more than the whole day" in refused.stderr


# ---------------------------------------------------------------- prospects you can fix


def test_a_likely_typo_is_refused_unless_new_is_given(seller: Planner) -> None:
    refused = seller("log", "call", "Anne Lee", "--outcome", "no-answer")
    assert refused.exit_code == 1
    assert refused.stderr.strip() == (
        "planner: did you mean 'Ann Lee' (#1)? add --new to create 'Anne Lee'"
    )
    assert seller("prospect", "add", "Anne Lee").exit_code == 1
    forced = seller("log", "call", "Anne Lee", "--outcome", "no-answer", "--new")
    assert forced.exit_code == 0 and "new prospect #5 Anne Lee" in forced.stderr
    # Someone else of a similar name at another company is no typo.
    assert seller("prospect", "add", "Bob Stein", "--company", "Globex").exit_code == 0


def test_show_edit_remove_and_undo(seller: Planner) -> None:
    edited = seller(
        "prospect", "edit", "Carla", "--name", "Carla Díaz", "--company", "Diaz Logistics",
        "--email", "carla@diaz.example", "--phone", "+34 600", "--value", "2500",
        "--follow-up", "+2w", "--status", "lost", "--lost-reason", "competitor",
    )  # fmt: skip
    assert edited.exit_code == 0, edited.stderr
    card = seller("prospect", "show", "Carla").stdout
    for text in ("Carla Díaz", "Diaz Logistics", "carla@diaz.example", "+34 600", "2,500"):
        assert text in card
    assert "lost (competitor)" in card and "Wed 16 Dec 2026" in card
    shown = seller("prospect", "show", "#3", "--json").json()
    assert shown["schema"] == 1 and shown["value"] == "2500.00" and shown["touches"] == []
    assert seller("prospect", "edit", "#3", "--follow-up", "none").exit_code == 0
    assert seller("prospect", "show", "#3", "--json").json()["follow_up"] is None

    assert seller("prospect", "remove", "Carla").exit_code == 0
    assert seller("prospect", "show", "#3").exit_code == 1
    assert seller("undo").exit_code == 0
    assert seller("prospect", "show", "#3", "--json").json()["name"] == "Carla Díaz"


def test_merge_moves_the_touches_and_counts_nothing_twice(seller: Planner) -> None:
    seller("log", "call", "Ann Lee", "--outcome", "conversation", "--at", "2026-12-01")
    seller("log", "call", "Anne Lee", "--outcome", "meeting", "--new", "--note", "dup")
    before = seller("status", "--json").json()["funnel"]
    merged = seller("prospect", "merge", "Ann Lee", "Anne Lee")
    assert merged.exit_code == 0 and "1 touches moved" in merged.stdout
    shown = seller("prospect", "show", "#1", "--json").json()
    assert [t["outcome"] for t in shown["touches"]] == ["meeting", "conversation"]
    assert shown["status"] == "active"
    names = [p["name"] for p in seller("prospect", "list", "--json").json()["prospects"]]
    assert "Anne Lee" not in names
    assert seller("status", "--json").json()["funnel"] == before  # nothing double-counted
    assert seller("undo").exit_code == 0
    listed = seller("prospect", "list", "--json").json()["prospects"]
    assert "Anne Lee" in [p["name"] for p in listed]
    assert len(seller("prospect", "show", "#1", "--json").json()["touches"]) == 1


def test_ids_start_again_after_a_reset(planner: Planner) -> None:
    planner("demo", "--years", "1", "--calls-per-day", "5", today=TODAY)
    assert planner("reset", "--yes", today=TODAY).exit_code == 0
    added = planner("prospect", "add", "First Real", today=TODAY)
    assert added.stdout.startswith("Added #1 First Real")
