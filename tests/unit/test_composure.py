"""The morning composure prompt: the packaged texts, the situations, the choice, the answer."""

from __future__ import annotations

import random
import re
from collections import Counter, deque
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.calendar import WorkCalendar, parse_period, public_holidays
from planner.composure import (
    MAX_IF_THEN_CHARS,
    MAX_INTENT_CHARS,
    MAX_QUESTION_CHARS,
    RATING_LABELS,
    SITUATIONS,
    Prompt,
    Situation,
    choose_prompt,
    load_prompts,
    parse_prompts,
    situations_for,
    validate_check,
)
from planner.models import PACE_STATUSES, PaceStatus, Period
from tests.conftest import examples

MON_FRI = WorkCalendar()
YEAR_2026 = parse_period("2026")
JANUARY = parse_period("2026-01")

# Words a seller hears as hype or as blame. The prompts are calm and practical instead.
DENIED_WORDS = (
    "crush",
    "kill",
    "smash",
    "hustle",
    "grind",
    "beast",
    "dominate",
    "unstoppable",
    "rockstar",
    "ninja",
    "excuse",
    "lazy",
    "fail",
    "should",
    "must",
    "guilt",
    "shame",
    "disappoint",
    "harder",
    "let's go",
    "10x",
    "winner",
    "loser",
)


# ---------------------------------------------------------------- the packaged prompts


def test_the_packaged_file_loads_with_enough_prompts() -> None:
    prompts = load_prompts()
    assert len(prompts) >= 36
    assert all(isinstance(p, Prompt) for p in prompts)
    assert load_prompts() is prompts  # cached: read once per process


def test_ids_are_unique_stable_slugs() -> None:
    ids = [p.id for p in load_prompts()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", prompt_id) for prompt_id in ids)


def test_texts_are_short_single_lines_in_the_right_shape() -> None:
    for p in load_prompts():
        assert 0 < len(p.question) <= MAX_QUESTION_CHARS, p.id
        assert 0 < len(p.if_then) <= MAX_IF_THEN_CHARS, p.id
        assert p.question.endswith("?"), p.id
        assert p.if_then.startswith("If ") and ", then " in p.if_then, p.id
        assert "\n" not in p.question + p.if_then, p.id


def test_no_exclamation_marks_and_no_hype_or_guilt() -> None:
    for p in load_prompts():
        text = f"{p.question} {p.if_then}".lower()
        assert "!" not in text, p.id
        for word in DENIED_WORDS:  # word starts: "fail" catches "failure", not "closer"
            assert not re.search(rf"\b{re.escape(word)}", text), f"{p.id} says {word!r}"
    assert all("!" not in label for label in RATING_LABELS.values())


def test_every_status_and_situation_has_several_prompts() -> None:
    prompts = load_prompts()
    by_status = Counter(s for p in prompts for s in p.statuses)
    by_situation = Counter(s for p in prompts for s in p.situations)
    for status in PACE_STATUSES:
        assert by_status[status] >= 4, status
    for situation in SITUATIONS:
        assert by_situation[situation] >= 4, situation
    general = [p for p in prompts if not p.statuses and not p.situations]
    # More general prompts than a week of days: a week never has to repeat one.
    assert len(general) >= 8


def test_every_status_has_a_week_of_fitting_prompts_on_a_plain_day() -> None:
    prompts = load_prompts()
    for status in PACE_STATUSES:
        fitting = [
            p for p in prompts if not p.situations and (not p.statuses or status in p.statuses)
        ]
        assert len(fitting) >= 12, status


def test_the_file_is_package_data() -> None:
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    assert re.search(r'planner = \[[^\]]*"\*\.toml"', text)


# ---------------------------------------------------------------- validation of the file

GOOD = """
[[prompt]]
id = "three-calls"
question = "Which three calls matter most today?"
if_then = "If I drift, then I go back to the first call."
"""


def _with(**fields: str) -> str:
    lines = ["[[prompt]]"] + [f"{key} = {value}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


def _entry(prompt_id: str = "p-one", **overrides: str) -> str:
    fields = {
        "id": f'"{prompt_id}"',
        "question": '"Which call first?"',
        "if_then": '"If it goes badly, then I dial the next one."',
    }
    fields.update(overrides)
    return _with(**fields)


def test_parse_prompts_reads_tags() -> None:
    text = _entry(statuses='["behind", "at_risk"]', situations='["monday"]')
    (prompt,) = parse_prompts(text)
    assert prompt.statuses == frozenset({"behind", "at_risk"})
    assert prompt.situations == frozenset({"monday"})
    (plain,) = parse_prompts(GOOD)
    assert plain.statuses == frozenset() and plain.situations == frozenset()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD + GOOD, "prompt 'three-calls': duplicate id"),
        (_entry(statuses='["late"]'), "prompt 'p-one': unknown status 'late'"),
        (_entry(situations='["friday"]'), "prompt 'p-one': unknown situation 'friday'"),
        (_entry(question='"' + "Why " * 30 + '?"'), "prompt 'p-one': question is 121 characters"),
        (_entry(if_then='"If x, then ' + "y" * 110 + '."'), "prompt 'p-one': if_then is"),
        (_entry(question='"Ready to win!?"'), "prompt 'p-one': question must not contain '!'"),
        (_entry(question='"Call three people."'), "question must end with '?'"),
        (_entry(if_then='"Dial the next one."'), "if_then must read 'If ..., then ...'"),
        (_entry(question='"Which call\\nfirst?"'), "question must be one line"),
        (_entry(colour='"blue"'), "prompt 'p-one': unknown key(s) colour"),
        (_entry("Not A Slug"), "prompt #1: id 'Not A Slug' must be a short slug"),
        (_with(question='"Which?"'), "prompt #1: missing id"),
        (_entry(statuses='"ahead"'), "statuses must be a list"),
        ("prompt = 3\n", "no [[prompt]] entries"),
        ("[[prompt]\n", "not valid TOML"),
        ("title = 'x'\n" + GOOD, "unknown top-level key(s) title"),
    ],
)
def test_parse_prompts_names_the_problem(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_prompts(text, source="mine.toml")
    assert str(caught.value).startswith("mine.toml: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value).split(": not valid TOML")[0]


# ---------------------------------------------------------------- situations


def test_first_working_day_of_2026_without_holidays_is_thursday_the_first() -> None:
    # 2026-01-01 is a Thursday: with Mon-Fri and no holidays it is a working day.
    assert "first_day_of_period" in situations_for(date(2026, 1, 1), YEAR_2026, MON_FRI, None)
    assert "first_day_of_period" not in situations_for(date(2026, 1, 2), YEAR_2026, MON_FRI, None)


def test_with_us_holidays_new_year_is_off_and_friday_the_second_is_first() -> None:
    us = WorkCalendar(holidays=public_holidays("US", None, [2026]))
    assert "first_day_of_period" not in situations_for(date(2026, 1, 1), YEAR_2026, us, None)
    assert "first_day_of_period" in situations_for(date(2026, 1, 2), YEAR_2026, us, None)
    assert "first_day_of_period" not in situations_for(date(2026, 1, 5), YEAR_2026, us, None)


def test_a_period_starting_on_a_weekend_begins_on_monday() -> None:
    august = parse_period("2026-08")  # 1 August 2026 is a Saturday
    assert situations_for(date(2026, 8, 1), august, MON_FRI, None) == frozenset()
    assert situations_for(date(2026, 8, 3), august, MON_FRI, None) == {
        "first_day_of_period",
        "monday",
    }


def test_monday_and_the_first_working_day_after_a_monday_holiday() -> None:
    assert situations_for(date(2026, 1, 12), JANUARY, MON_FRI, 1) == {"monday"}
    assert "monday" not in situations_for(date(2026, 1, 13), JANUARY, MON_FRI, 1)
    us = WorkCalendar(holidays=public_holidays("US", None, [2026]))
    may = parse_period("2026-05")
    # Memorial Day, Monday 25 May: the seller's week starts on Tuesday.
    assert "monday" in situations_for(date(2026, 5, 26), may, us, 1)
    assert "monday" not in situations_for(date(2026, 5, 26), may, MON_FRI, 1)
    assert "monday" not in situations_for(date(2026, 5, 27), may, us, 1)


def test_last_week_of_a_month() -> None:
    # January 2026 ends on Saturday the 31st: its last 7 calendar days are 25-31.
    for day in range(25, 32):
        assert "last_week_of_period" in situations_for(date(2026, 1, day), JANUARY, MON_FRI, 1)
    for day in (1, 15, 23, 24):
        assert "last_week_of_period" not in situations_for(date(2026, 1, day), JANUARY, MON_FRI, 1)
    # Outside the period nothing about the period holds.
    assert situations_for(date(2026, 2, 3), JANUARY, MON_FRI, 1) == frozenset()


def test_last_working_week_when_the_period_ends_in_days_off() -> None:
    december = parse_period("2026-12")
    off = frozenset(date(2026, 12, d) for d in range(21, 32))
    calendar = WorkCalendar(days_off=off)
    # The last five working days are Mon 14 to Fri 18 December.
    assert "last_week_of_period" in situations_for(date(2026, 12, 14), december, calendar, 1)
    assert "last_week_of_period" in situations_for(date(2026, 12, 18), december, calendar, 1)
    assert "last_week_of_period" not in situations_for(date(2026, 12, 11), december, calendar, 1)
    assert "last_week_of_period" not in situations_for(date(2026, 12, 14), december, MON_FRI, 1)


def test_a_short_period_is_all_last_week() -> None:
    sprint = Period(date(2026, 3, 2), date(2026, 3, 6), "sprint")
    assert situations_for(date(2026, 3, 2), sprint, MON_FRI, 2) == {
        "first_day_of_period",
        "monday",
        "last_week_of_period",
    }


def test_after_a_day_with_no_sales() -> None:
    today = date(2026, 1, 14)
    assert situations_for(today, JANUARY, MON_FRI, 0) == {"after_no_sales"}
    assert situations_for(today, JANUARY, MON_FRI, 2) == frozenset()
    assert situations_for(today, JANUARY, MON_FRI, None) == frozenset()  # unknown: not set
    with pytest.raises(ValueError, match="cannot be negative"):
        situations_for(today, JANUARY, MON_FRI, -1)


# ---------------------------------------------------------------- choosing


def _fits(prompt: Prompt, status: PaceStatus, situations: frozenset[Situation]) -> bool:
    status_ok = not prompt.statuses or status in prompt.statuses
    situation_ok = not prompt.situations or bool(prompt.situations & situations)
    return status_ok and situation_ok


def test_choice_is_deterministic_and_ignores_the_order_of_the_file() -> None:
    prompts = load_prompts()

    def choose(pool: tuple[Prompt, ...]) -> Prompt:
        return choose_prompt(
            pool,
            today=date(2026, 3, 17),
            status="behind",
            situations=frozenset({"after_no_sales"}),
            recent_ids=["no-sale-lesson"],
        )

    first = choose(prompts)
    assert choose(prompts) == first
    assert choose(tuple(reversed(prompts))) == first
    assert "after_no_sales" in first.situations
    assert first.id != "no-sale-lesson"


def test_a_situation_and_status_match_comes_first() -> None:
    prompts = load_prompts()
    for offset in range(30):
        today = date(2026, 6, 1) + timedelta(days=offset)
        chosen = choose_prompt(
            prompts,
            today=today,
            status="at_risk",
            situations=frozenset({"last_week_of_period"}),
            recent_ids=[],
        )
        assert "last_week_of_period" in chosen.situations
        assert "at_risk" in chosen.statuses


def test_the_rarer_situation_speaks_first() -> None:
    chosen = choose_prompt(
        load_prompts(),
        today=date(2026, 6, 1),
        status="on_track",
        situations=frozenset({"monday", "first_day_of_period"}),
        recent_ids=[],
    )
    assert "first_day_of_period" in chosen.situations


def test_status_prompts_come_before_general_ones_on_a_plain_day() -> None:
    prompts = load_prompts()
    for status in PACE_STATUSES:
        chosen = choose_prompt(
            prompts, today=date(2026, 2, 4), status=status, situations=frozenset(), recent_ids=[]
        )
        assert status in chosen.statuses and not chosen.situations


def test_situation_prompts_never_appear_on_a_plain_day() -> None:
    prompts = load_prompts()
    shown: list[str] = []
    for offset in range(200):
        chosen = choose_prompt(
            prompts,
            today=date(2026, 1, 1) + timedelta(days=offset),
            status=PACE_STATUSES[offset % 4],
            situations=frozenset(),
            recent_ids=shown[-7:],
        )
        assert not chosen.situations
        shown.append(chosen.id)


def test_when_every_fitting_prompt_is_recent_the_least_recent_repeats() -> None:
    prompts = [
        Prompt("a", "A?", "If a, then b."),
        Prompt("b", "B?", "If a, then b."),
        Prompt("c", "C?", "If a, then b.", situations=frozenset({"monday"})),
    ]
    chosen = choose_prompt(
        prompts,
        today=date(2026, 1, 6),
        status="ahead",
        situations=frozenset(),
        recent_ids=["b", "a", "b"],  # oldest first: "a" was shown longest ago
    )
    assert chosen.id == "a"


def test_no_fitting_prompt_still_returns_one_and_no_prompts_is_an_error() -> None:
    only_monday = [Prompt("m", "M?", "If a, then b.", situations=frozenset({"monday"}))]
    chosen = choose_prompt(
        only_monday, today=date(2026, 1, 6), status="ahead", situations=frozenset(), recent_ids=[]
    )
    assert chosen.id == "m"
    with pytest.raises(ValueError, match="no composure prompts"):
        choose_prompt(
            [], today=date(2026, 1, 6), status="ahead", situations=frozenset(), recent_ids=[]
        )


def _simulate_year(
    start: date, statuses: list[PaceStatus], calendar: WorkCalendar, seed: int
) -> list[tuple[date, PaceStatus, frozenset[Situation], Prompt]]:
    prompts = load_prompts()
    rng = random.Random(seed)
    recent: deque[str] = deque(maxlen=7)
    days = []
    for offset in range(365):
        today = start + timedelta(days=offset)
        period = parse_period(f"{today.year}-{today.month:02d}")
        sales = rng.choice([None, 0, 0, 1, 2, 3])
        situations = situations_for(today, period, calendar, sales)
        status = statuses[offset % len(statuses)]
        chosen = choose_prompt(
            prompts, today=today, status=status, situations=situations, recent_ids=list(recent)
        )
        assert chosen.id not in recent, f"{chosen.id} repeated within 7 days on {today}"
        assert _fits(chosen, status, situations), (chosen.id, status, situations)
        recent.append(chosen.id)
        days.append((today, status, situations, chosen))
    return days


def test_a_year_of_mornings_never_repeats_a_prompt_within_a_week() -> None:
    rng = random.Random(7)
    varying: list[PaceStatus] = []
    while len(varying) < 365:  # statuses drift in runs of a few days, as a real pace does
        varying.extend([rng.choice(PACE_STATUSES)] * rng.randint(1, 12))
    days = _simulate_year(date(2026, 1, 1), varying, MON_FRI, seed=1)
    used = Counter(chosen.id for *_, chosen in days)
    assert len(used) >= 30  # the whole collection gets used, not a favourite few
    us = WorkCalendar(holidays=public_holidays("US", None, [2026, 2027]))
    _simulate_year(date(2026, 7, 1), varying, us, seed=2)


@pytest.mark.parametrize("status", PACE_STATUSES)
def test_a_year_at_one_status_never_repeats_within_a_week(status: PaceStatus) -> None:
    _simulate_year(date(2026, 1, 1), [status], MON_FRI, seed=3)


@pytest.mark.parametrize("status", PACE_STATUSES)
def test_every_situation_every_day_still_never_repeats_within_a_week(status: PaceStatus) -> None:
    prompts = load_prompts()
    recent: deque[str] = deque(maxlen=7)
    for offset in range(365):
        chosen = choose_prompt(
            prompts,
            today=date(2026, 1, 1) + timedelta(days=offset),
            status=status,
            situations=frozenset(SITUATIONS),
            recent_ids=list(recent),
        )
        assert chosen.id not in recent
        recent.append(chosen.id)


_IDS = [p.id for p in load_prompts()]


@settings(max_examples=examples(300), deadline=None)
@given(
    today=st.dates(),
    status=st.sampled_from(PACE_STATUSES),
    situations=st.frozensets(st.sampled_from(SITUATIONS)),
    recent_ids=st.lists(st.one_of(st.sampled_from(_IDS), st.text(max_size=12)), max_size=80),
)
def test_choose_prompt_never_raises_and_returns_a_loaded_prompt(
    today: date,
    status: PaceStatus,
    situations: frozenset[Situation],
    recent_ids: list[str],
) -> None:
    prompts = load_prompts()
    chosen = choose_prompt(
        prompts, today=today, status=status, situations=situations, recent_ids=iter(recent_ids)
    )
    assert chosen in prompts
    assert _fits(chosen, status, situations)
    fresh_fitting = [p for p in prompts if _fits(p, status, situations) and p.id not in recent_ids]
    if fresh_fitting:
        assert chosen.id not in recent_ids


@settings(max_examples=examples(200), deadline=None)
@given(
    today=st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    workdays=st.frozensets(st.integers(0, 6)),
    sales=st.one_of(st.none(), st.integers(0, 50)),
)
def test_situations_for_never_raises_on_any_calendar(
    today: date, workdays: frozenset[int], sales: int | None
) -> None:
    period = parse_period(f"{today.year}-{today.month:02d}")
    found = situations_for(today, period, WorkCalendar(workdays=workdays), sales)
    assert found <= set(SITUATIONS)


# ---------------------------------------------------------------- the answer


def test_rating_labels_are_calm_words_for_one_to_five() -> None:
    assert sorted(RATING_LABELS) == [1, 2, 3, 4, 5]
    assert RATING_LABELS[1] == "scattered" and RATING_LABELS[5] == "steady"


@pytest.mark.parametrize("rating", [1, 3, 5, None])
def test_valid_ratings_pass(rating: int | None) -> None:
    assert validate_check(rating, " Call Ann first ") == (rating, "Call Ann first")


@pytest.mark.parametrize("rating", [0, 6, -1, 100, True])
def test_ratings_outside_one_to_five_are_refused(rating: int) -> None:
    with pytest.raises(ValueError, match="rating must be") as caught:
        validate_check(rating, "")
    assert "\n" not in str(caught.value)


def test_multi_line_intent_becomes_one_line() -> None:
    assert validate_check(3, "Call Ann\nthen Bob\r\n\n  and\tCara  ") == (
        3,
        "Call Ann then Bob and Cara",
    )
    assert validate_check(3, "a\u2028b\u2029c\x85d") == (3, "a b c d")


def test_control_characters_are_removed() -> None:
    assert validate_check(4, "ab\x00c\x1b[31md\x7f\x9be") == (4, "abc[31mde")
    assert validate_check(4, "safe\u202etxt.exe\u2066") == (4, "safetxt.exe")
    assert validate_check(4, "\x00\x01\n\t ") == (4, "")
    assert validate_check(None, "Kaffee, dann Anrufe – 🙂") == (None, "Kaffee, dann Anrufe – 🙂")


def test_a_megabyte_of_intent_is_cut_to_the_limit() -> None:
    _, intent = validate_check(5, "call " * 200_000 + "\n" * 100_000)
    assert len(intent) <= MAX_INTENT_CHARS
    assert intent == ("call " * 40).strip()[:MAX_INTENT_CHARS].rstrip()
    _, spaced = validate_check(5, "\x00" * 1_000_000 + "call Ann")
    assert spaced == "call Ann"
    _, long_word = validate_check(5, "x" * 1_000_000)
    assert long_word == "x" * MAX_INTENT_CHARS


# ---------------------------------------------------------------- what is unusual for this seller


def test_a_day_without_a_sale_is_unusual_only_for_a_seller_who_usually_sells_daily() -> None:
    wednesday = date(2026, 7, 1)
    # 24 a year is 0.09 a day: P(no sale) = 0.91, an ordinary day.
    low = situations_for(wednesday, YEAR_2026, MON_FRI, 0, daily_sale_rate=24 / 261)
    assert "after_no_sales" not in low
    # 3 a day: P(no sale) = 0.05, worth a word.
    high = situations_for(wednesday, YEAR_2026, MON_FRI, 0, daily_sale_rate=3.0)
    assert "after_no_sales" in high
    # The boundary: exp(-rate) < 0.25, i.e. rate > ln 4 = 1.386.
    assert "after_no_sales" in situations_for(
        wednesday, YEAR_2026, MON_FRI, 0, daily_sale_rate=1.39
    )
    assert "after_no_sales" not in situations_for(
        wednesday, YEAR_2026, MON_FRI, 0, daily_sale_rate=1.38
    )
    # A day with a sale is never "after no sales", whatever the rate.
    assert "after_no_sales" not in situations_for(
        wednesday, YEAR_2026, MON_FRI, 1, daily_sale_rate=3.0
    )
