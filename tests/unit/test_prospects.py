"""A touch moves a prospect through its statuses; typed names find the right prospect."""

from __future__ import annotations

from datetime import UTC, datetime

from planner.models import Outcome, Prospect, Touch
from planner.prospects import apply_touch, fuzzy_score, lead_days_for, match_names, source_of


def touch(outcome: Outcome, day: int, source: str = "new") -> Touch:
    return Touch(
        id=day,
        prospect_id=1,
        at=datetime(2026, 3, day, 10, tzinfo=UTC),
        outcome=outcome,
        source=source,  # type: ignore[arg-type]
    )


def test_a_new_prospect_goes_into_play_then_is_won() -> None:
    ann = Prospect(id=1, name="Ann")
    ann = apply_touch(ann, touch("no-answer", 2))
    assert (ann.status, ann.best_stage, ann.cycle_start) == ("active", "none", ann.last_contact)
    ann = apply_touch(ann, touch("meeting", 5))
    assert (ann.best_stage, ann.conversations) == ("meeting", 1)
    assert lead_days_for(ann, touch("sale", 9).day) == 7
    ann = apply_touch(ann, touch("sale", 9))
    assert (ann.status, ann.cycle_start, ann.conversations) == ("won", None, 2)


def test_a_lost_prospect_stays_old_through_its_check_in_cycle() -> None:
    bob = Prospect(id=1, name="Bob", status="lost", lost_reason="timing")
    assert source_of(bob) == "old"
    bob = apply_touch(bob, touch("conversation", 3, "old"))
    assert bob.status == "lost" and source_of(bob) == "old"
    bob = apply_touch(bob, touch("sale", 4, "old"))
    assert (bob.status, bob.lost_reason) == ("won", None)


def test_saying_no_makes_a_prospect_lost_and_ends_the_cycle() -> None:
    cy = apply_touch(Prospect(id=1, name="Cy", status="active"), touch("not-interested", 6))
    assert (cy.status, cy.cycle_start, cy.snoozed_until) == ("lost", None, None)


def test_a_backdated_touch_does_not_move_last_contact_back() -> None:
    dee = Prospect(id=1, name="Dee", last_contact=touch("no-answer", 20).day)
    assert apply_touch(dee, touch("no-answer", 3)).last_contact == touch("x", 20).day  # type: ignore[arg-type]


def test_names_match_exactly_then_by_prefix() -> None:
    names = {1: "Ann", 2: "Anna Berg", 3: "Annika", 4: "Bob"}
    assert match_names(names, "ann") == [1]
    assert match_names(names, "anni") == [3]
    assert match_names(names, "an") == [1, 2, 3]
    assert match_names(names, "zed") == []
    assert match_names(names, "  ") == []


def test_fuzzy_search_ranks_prefixes_first() -> None:
    assert fuzzy_score("Acme Corp", "acme") == 0
    assert fuzzy_score("Big Acme", "acme") == 5
    assert fuzzy_score("Anna Berg", "abg") is not None
    assert fuzzy_score("Anna Berg", "xyz") is None


def test_similar_names_are_likely_typos_not_other_people() -> None:
    from planner.prospects import fuzzy_score, similar_names

    names = {12: "Ann Lee", 13: "Robert Smithe", 14: "Lead 1", 15: "Bob"}
    assert similar_names(names, "Anne Lee") == [12]
    assert similar_names(names, "ann  LEE") == []  # the same name, not a typo of it
    assert similar_names(names, "Robert Smith") == [13]
    assert similar_names(names, "Rboert Smithe") == [13]  # two letters swapped: one edit
    assert similar_names(names, "Lead 2") == []  # numbered on purpose
    assert similar_names(names, "Rab") == []  # two edits on a short name
    assert similar_names(names, "Rob") == [15]
    assert fuzzy_score("Ann Lee", "Anne Lee") == 50  # the search box offers it
    assert fuzzy_score("Bob", "Zed") is None
