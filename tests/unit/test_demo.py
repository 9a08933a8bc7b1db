"""The demo generator tells a believable, self-consistent and reproducible sales story."""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from functools import cache
from itertools import pairwise

import pytest

from planner.calendar import CalendarError, WorkCalendar, parse_period
from planner.demo import DemoData, generate_demo
from planner.models import (
    CONNECTED_OUTCOMES,
    MEETING_OUTCOMES,
    ProspectStatus,
    Stage,
    Touch,
)

TODAY = date(2026, 7, 15)  # a Wednesday in the middle of the year
ZONE = "America/New_York"  # a zone with DST, so offsets change during the history
MON_FRI = WorkCalendar()


@cache
def small() -> DemoData:
    return generate_demo(today=TODAY, years=1, calls_per_day=20, timezone=ZONE)


@cache
def medium() -> DemoData:
    # Three years give the old-prospect pool time to grow: enough old touches to compare.
    return generate_demo(today=TODAY, years=3, calls_per_day=30, seed=11)


@cache
def heavy() -> DemoData:
    return generate_demo(today=TODAY, years=5, calls_per_day=100)


@dataclass
class Replayed:
    """A prospect's state rebuilt from its touches alone, by the rules of DESIGN section 2."""

    status: ProspectStatus = "new"
    last: Touch | None = None
    best_stage: Stage = "none"
    conversations: int = 0
    cycle_start: date | None = None


def replay(data: DemoData) -> dict[int, Replayed]:
    """Walk the touches in order; assert the per-touch rules on the way."""
    cooloff = timedelta(days=data.settings.cooloff_days)
    states: dict[int, Replayed] = defaultdict(Replayed)
    for touch in data.touches:
        state = states[touch.prospect_id]
        assert state.status != "won", f"touch {touch.id} after the prospect bought"
        assert touch.source == ("old" if state.status == "lost" else "new"), touch
        previous = state.last
        if previous is not None and previous.outcome == "not-interested":
            # An old prospect is only called again once it has cooled off.
            assert touch.day - previous.day >= cooloff, touch
        if previous is None or touch.day - previous.day >= cooloff:
            state.cycle_start = touch.day
        if touch.outcome == "sale":
            assert state.cycle_start is not None
            assert touch.lead_days == (touch.day - state.cycle_start).days
            state.status = "won"
        else:
            assert touch.lead_days is None
            if touch.outcome == "not-interested":
                state.status = "lost"
            elif state.status == "new":
                state.status = "active"
        if touch.outcome in CONNECTED_OUTCOMES:
            state.conversations += 1
            if touch.outcome in MEETING_OUTCOMES:
                state.best_stage = "meeting"
            elif state.best_stage == "none":
                state.best_stage = "conversation"
        state.last = touch
    return states


def sale_rate(touches: list[Touch]) -> float:
    return sum(t.outcome == "sale" for t in touches) / len(touches)


def by_source(data: DemoData) -> dict[str, list[Touch]]:
    groups: dict[str, list[Touch]] = {"new": [], "old": []}
    for touch in data.touches:
        groups[touch.source].append(touch)
    return groups


def eligible_old(data: DemoData, today: date) -> int:
    return sum(
        1
        for p in data.prospects
        if p.status == "lost"
        and not p.do_not_contact
        and p.last_contact is not None
        and (today - p.last_contact).days >= data.settings.cooloff_days
    )


# ---------------------------------------------------------------- determinism and size


def test_same_inputs_give_identical_data_and_another_seed_does_not() -> None:
    first = generate_demo(today=TODAY, years=1, calls_per_day=10, seed=3, timezone=ZONE)
    again = generate_demo(today=TODAY, years=1, calls_per_day=10, seed=3, timezone=ZONE)
    other = generate_demo(today=TODAY, years=1, calls_per_day=10, seed=4, timezone=ZONE)
    assert first == again
    assert first.touches != other.touches


def test_counts_scale_with_years_and_calls() -> None:
    data = small()
    working_days = MON_FRI.count(TODAY - timedelta(days=364), TODAY - timedelta(days=1))
    assert working_days == 260
    assert 4_700 <= len(data.touches) <= 5_700  # about 20 a working day
    assert 800 <= len(data.prospects) <= 1_500
    bigger = generate_demo(today=TODAY, years=2, calls_per_day=40)
    assert 3.6 <= len(bigger.touches) / len(data.touches) <= 4.4


def test_settings_follow_the_arguments() -> None:
    data = small()
    assert data.settings.timezone == ZONE
    assert data.settings.capacity == 20
    assert data.settings.workdays == frozenset(range(5))


def test_ids_are_unique_and_ordered_and_touches_name_existing_prospects() -> None:
    data = small()
    assert [t.id for t in data.touches] == list(range(1, len(data.touches) + 1))
    assert [p.id for p in data.prospects] == list(range(1, len(data.prospects) + 1))
    assert [t.id for t in data.targets] == list(range(1, len(data.targets) + 1))
    keys = [(t.at, t.id) for t in data.touches]
    assert keys == sorted(keys)
    known = {p.id for p in data.prospects}
    assert {t.prospect_id for t in data.touches} <= known


@pytest.mark.parametrize(("years", "calls_per_day"), [(0, 40), (51, 40), (1, 0), (1, 1001)])
def test_out_of_range_arguments_are_refused(years: int, calls_per_day: int) -> None:
    with pytest.raises(ValueError):
        generate_demo(today=TODAY, years=years, calls_per_day=calls_per_day)


def test_an_unknown_time_zone_is_refused() -> None:
    with pytest.raises(CalendarError):
        generate_demo(today=TODAY, timezone="Mars/Olympus_Mons")


# ---------------------------------------------------------------- time


def test_touches_fall_on_working_days_in_office_hours_and_never_after_today() -> None:
    data = small()
    first_day = date(2025, 7, 16)
    per_day: dict[date, list[Touch]] = defaultdict(list)
    for touch in data.touches:
        assert touch.at.tzinfo is not None
        assert str(touch.at.tzinfo) == ZONE
        assert first_day <= touch.day <= TODAY
        assert MON_FRI.is_working_day(touch.day)
        assert time(8, 30) <= touch.at.time() < time(17, 30)
        per_day[touch.day].append(touch)
    assert len(per_day) >= 259  # every working day but perhaps today has calls
    for touches in per_day.values():
        moments = [t.at for t in touches]
        assert all(a < b for a, b in pairwise(moments))
    todays = per_day.get(TODAY, [])
    assert len(todays) <= 5
    assert all(t.at.time() < time(10, 0) for t in todays)


def test_a_weekend_today_and_a_leap_day_today_work() -> None:
    weekend = generate_demo(today=date(2026, 7, 18), years=1, calls_per_day=5)
    assert max(t.day for t in weekend.touches) == date(2026, 7, 17)
    leap = generate_demo(today=date(2028, 2, 29), years=1, calls_per_day=5)
    assert min(t.day for t in leap.touches) >= date(2027, 3, 1)


def test_month_ends_are_busier() -> None:
    data = small()
    per_day = Counter(t.day for t in data.touches if t.day != TODAY)
    by_month: dict[tuple[int, int], list[date]] = defaultdict(list)
    for day in sorted(per_day):
        by_month[(day.year, day.month)].append(day)
    month_end = {d for days in by_month.values() for d in days[-3:]}
    busy = statistics.mean(per_day[d] for d in month_end)
    usual = statistics.mean(n for d, n in per_day.items() if d not in month_end)
    assert 1.15 <= busy / usual <= 1.40
    assert statistics.pstdev(per_day[d] for d in per_day if d not in month_end) > 1


# ---------------------------------------------------------------- the funnel


def test_outcome_mix_is_a_believable_funnel() -> None:
    for data in (small(), medium()):
        shares = Counter(t.outcome for t in data.touches)
        total = len(data.touches)
        assert 0.52 <= shares["no-answer"] / total <= 0.66
        assert 0.20 <= shares["conversation"] / total <= 0.30
        assert 0.05 <= shares["meeting"] / total <= 0.11
        assert 0.01 <= shares["sale"] / total <= 0.045
        assert 0.03 <= shares["not-interested"] / total <= 0.10


def assert_consistent(data: DemoData) -> None:
    """Every prospect's stored state is what its touches say it should be."""
    states = replay(data)
    for prospect in data.prospects:
        state = states.get(prospect.id, Replayed())
        assert prospect.status == state.status, prospect
        assert (prospect.lost_reason is not None) == (prospect.status == "lost"), prospect
        assert prospect.last_contact == (state.last.day if state.last else None), prospect
        assert prospect.best_stage == state.best_stage, prospect
        assert prospect.conversations == state.conversations, prospect
        assert prospect.cycle_start == state.cycle_start, prospect
        if prospect.do_not_contact:
            assert state.last is not None and state.last.outcome == "not-interested"


def test_sources_follow_the_status_at_the_time_and_final_state_matches_touches() -> None:
    assert_consistent(small())
    assert_consistent(medium())


def test_cycles_are_short_and_a_few_weeks_long() -> None:
    data = small()
    cooloff = timedelta(days=data.settings.cooloff_days)
    cycles: list[list[Touch]] = []
    current: dict[int, list[Touch]] = {}
    for touch in data.touches:
        run = current.get(touch.prospect_id)
        if run is None or touch.day - run[-1].day >= cooloff:
            run = current[touch.prospect_id] = []
            cycles.append(run)
        run.append(touch)
    lengths = Counter(len(c) for c in cycles)
    assert set(lengths) <= {1, 2, 3, 4}
    assert len(lengths) == 4
    assert max((c[-1].day - c[0].day).days for c in cycles) <= 56


def test_old_prospects_convert_better_and_faster() -> None:
    # A year of 20 calls a day holds only ~40 old sales, too few to compare rates reliably.
    data = medium()
    groups = by_source(data)
    assert len(groups["old"]) >= 5_000
    ratio = sale_rate(groups["old"]) / sale_rate(groups["new"])
    assert 1.15 <= ratio <= 2.2, ratio
    lead = {
        source: statistics.median(t.lead_days or 0 for t in ts if t.outcome == "sale")
        for source, ts in groups.items()
    }
    assert lead["old"] < lead["new"]


def test_lost_reasons_lean_to_timing_and_budget() -> None:
    reasons = Counter(p.lost_reason for p in medium().prospects if p.status == "lost")
    assert set(reasons) == {"timing", "budget", "competitor", "no-fit", "other"}
    top_two = {reason for reason, _ in reasons.most_common(2)}
    assert top_two == {"timing", "budget"}


def test_the_queue_has_new_and_eligible_old_prospects_today() -> None:
    data = medium()
    statuses = Counter(p.status for p in data.prospects)
    assert set(statuses) == {"new", "active", "lost", "won"}
    assert statuses["new"] >= 100
    assert all(p.last_contact is None for p in data.prospects if p.status == "new")
    assert eligible_old(data, TODAY) >= 50


# ---------------------------------------------------------------- money and targets


def test_amounts_and_values_are_positive_two_decimal_decimals() -> None:
    data = small()
    for touch in data.touches:
        if touch.outcome == "sale":
            assert touch.amount is not None and touch.amount > 0
            assert touch.amount.as_tuple().exponent == -2
        else:
            assert touch.amount is None
    for prospect in data.prospects:
        assert prospect.value is not None
        assert Decimal(500) <= prospect.value <= Decimal(20_000)
        assert prospect.value.as_tuple().exponent == -2


def test_one_sales_target_a_year_and_this_year_a_bit_behind() -> None:
    data = small()
    assert [t.period for t in data.targets] == [parse_period("2025"), parse_period("2026")]
    assert all(t.metric == "sales" and t.amount > 0 for t in data.targets)
    target = data.targets[-1]
    total = MON_FRI.count(target.period.start, target.period.end)
    elapsed = MON_FRI.count(target.period.start, TODAY - timedelta(days=1))
    actual = sum(1 for t in data.touches if t.outcome == "sale" and t.day.year == 2026)
    pace = actual / (float(target.amount) * elapsed / total)
    assert 0.6 <= pace < 1.0
    assert 0.81 <= pace < 0.99  # "behind" in DESIGN section 3: a story, not a disaster


# ---------------------------------------------------------------- people and mornings


def test_prospects_look_like_people_at_companies() -> None:
    data = small()
    assert len({p.name for p in data.prospects}) == len(data.prospects)
    assert len({p.email for p in data.prospects}) == len(data.prospects)
    assert len({p.phone for p in data.prospects}) == len(data.prospects)
    companies = Counter(p.company for p in data.prospects)
    assert all(companies) and max(companies.values()) >= 2  # some accounts have several
    for prospect in data.prospects:
        assert re.fullmatch(r"[A-Z][a-z]+( [A-Z]\.)? [A-Z][a-z]+", prospect.name), prospect
        assert re.fullmatch(r"[a-z0-9._]+@[a-z0-9]+\.com", prospect.email), prospect
        assert re.fullmatch(r"\+1 555 01\d\d \d{4}", prospect.phone), prospect
    notes = [t.note for t in data.touches]
    assert 0.03 <= sum(bool(n) for n in notes) / len(notes) <= 0.3


def test_composure_checks_on_most_working_days() -> None:
    data = small()
    days = [c.day for c in data.composure]
    assert days == sorted(set(days))
    assert all(MON_FRI.is_working_day(d) and d <= TODAY for d in days)
    answered = [c for c in data.composure if not c.skipped]
    assert 0.78 <= len(answered) / 261 <= 0.92
    ratings = Counter(c.rating for c in answered)
    assert set(ratings) <= {1, 2, 3, 4, 5}
    assert {r for r, _ in ratings.most_common(2)} == {3, 4}
    assert all(c.intent and c.prompt_id.startswith("demo-") for c in answered)
    assert all(c.rating is None and not c.intent for c in data.composure if c.skipped)


# ---------------------------------------------------------------- heavy data


@pytest.mark.slow  # generates five years of demo data (130,000 touches)
def test_heavy_data_has_the_size_and_shape_of_design_section_7() -> None:
    data = heavy()
    assert 120_000 <= len(data.touches) <= 135_000
    assert 18_000 <= len(data.prospects) <= 22_000
    statuses = Counter(p.status for p in data.prospects)
    assert 200 <= statuses["new"] <= 800
    assert 200 <= eligible_old(data, TODAY) <= 1_000
    assert 0.01 <= sum(p.do_not_contact for p in data.prospects) / len(data.prospects) <= 0.035
    groups = by_source(data)
    assert 1.3 <= sale_rate(groups["old"]) / sale_rate(groups["new"]) <= 1.8
    assert len(data.targets) == 6
    assert_consistent(data)
