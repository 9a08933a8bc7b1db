"""The morning composure prompt: one short question chosen by how the pace stands.

The seller answers it with a 1-5 rating (see ``RATING_LABELS``) and one line of intent. The
prompt texts live in ``composure_prompts.toml`` beside this module; reading that packaged
file (once, cached) is the only I/O here. Everything else is a pure function: the caller
passes ``today``.

Choosing a prompt (``choose_prompt``) works through tiers and takes the first tier that has
a prompt not shown in the last days (``recent_ids``):

1. for each current situation, most specific first (first day of the period, last week of
   the period, after a day with no sales, start of the week): prompts tagged with that
   situation and explicitly with the pace status, then those tagged with the situation
   for any status;
2. prompts tagged with the status and no situation;
3. general prompts (no status, no situation).

A prompt whose status tags exclude the current status, or whose situations are all absent
today, is never chosen while any fitting one exists. Within a tier the pick is a stable
hash (SHA-256) of the date and status, so the same inputs always give the same prompt and
consecutive days vary. When every fitting prompt was shown recently, the one shown least
recently is repeated (``recent_ids`` are read oldest first).
"""

from __future__ import annotations

import hashlib
import math
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Literal, TypeVar, get_args

from planner.models import PACE_STATUSES, PaceStatus, Period
from planner.sanitize import strip_controls

if TYPE_CHECKING:
    from planner.calendar import WorkCalendar

Situation = Literal["first_day_of_period", "monday", "after_no_sales", "last_week_of_period"]
SITUATIONS: tuple[Situation, ...] = get_args(Situation)

# When several situations hold, the rarer and more telling one speaks first.
SITUATION_PRIORITY: tuple[Situation, ...] = (
    "first_day_of_period",
    "last_week_of_period",
    "after_no_sales",
    "monday",
)

PROMPTS_FILE = "composure_prompts.toml"
MAX_QUESTION_CHARS = 90
MAX_IF_THEN_CHARS = 110
MAX_INTENT_CHARS = 200

RATING_LABELS: dict[int, str] = {
    1: "scattered",
    2: "distracted",
    3: "settling",
    4: "focused",
    5: "steady",
}

_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MAX_ID_CHARS = 40
_KNOWN_KEYS = frozenset({"id", "question", "if_then", "statuses", "situations"})
_WHITESPACE = re.compile(r"\s+")
_SPACES = re.compile(" {2,}")
_Tag = TypeVar("_Tag", bound=str)


@dataclass(frozen=True, slots=True)
class Prompt:
    """One morning question with its implementation intention and the tags that select it.

    Empty ``statuses`` means any pace status; empty ``situations`` means a general prompt.
    """

    id: str
    question: str
    if_then: str
    statuses: frozenset[PaceStatus] = frozenset()
    situations: frozenset[Situation] = frozenset()


# ---------------------------------------------------------------- loading and validation


@cache
def load_prompts() -> tuple[Prompt, ...]:
    """The packaged prompts, validated (see ``parse_prompts``). Read once per process."""
    text = resources.files("planner").joinpath(PROMPTS_FILE).read_text(encoding="utf-8")
    return parse_prompts(text, source=PROMPTS_FILE)


def parse_prompts(text: str, source: str = PROMPTS_FILE) -> tuple[Prompt, ...]:
    """Read and validate prompts from TOML text of ``[[prompt]]`` tables.

    Raises ValueError naming the file and the prompt (by id, or by position when the id
    itself is the problem): unknown keys or tags, duplicate ids, over-long or multi-line
    texts, a question without "?", an if-then that does not read "If ..., then ...", or an
    exclamation mark anywhere.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{source}: not valid TOML: {error}") from error
    unknown_top = sorted(set(data) - {"prompt"})
    if unknown_top:
        raise ValueError(f"{source}: unknown top-level key(s) {', '.join(unknown_top)}")
    entries = data.get("prompt")
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{source}: no [[prompt]] entries")
    prompts: list[Prompt] = []
    seen: set[str] = set()
    for position, entry in enumerate(entries, start=1):
        prompt = _parse_entry(entry, source, position)
        if prompt.id in seen:
            raise ValueError(f"{source}: prompt {prompt.id!r}: duplicate id")
        seen.add(prompt.id)
        prompts.append(prompt)
    return tuple(prompts)


def _parse_entry(entry: object, source: str, position: int) -> Prompt:
    where = f"{source}: prompt #{position}"
    if not isinstance(entry, Mapping):
        raise ValueError(f"{where}: expected a table")
    raw_id = entry.get("id")
    if not isinstance(raw_id, str) or not raw_id:
        raise ValueError(f"{where}: missing id")
    if len(raw_id) > _MAX_ID_CHARS or not _ID_PATTERN.match(raw_id):
        raise ValueError(
            f"{where}: id {raw_id!r} must be a short slug of lowercase letters, digits and "
            f"hyphens (at most {_MAX_ID_CHARS} characters)"
        )
    where = f"{source}: prompt {raw_id!r}"
    unknown = sorted(set(entry) - _KNOWN_KEYS)
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(unknown)}")
    question = _text_field(entry, "question", MAX_QUESTION_CHARS, where)
    if not question.endswith("?"):
        raise ValueError(f"{where}: question must end with '?'")
    if_then = _text_field(entry, "if_then", MAX_IF_THEN_CHARS, where)
    if not if_then.startswith("If ") or ", then " not in if_then:
        raise ValueError(f"{where}: if_then must read 'If ..., then ...'")
    statuses = _tags(entry, "statuses", "status", PACE_STATUSES, where)
    situations = _tags(entry, "situations", "situation", SITUATIONS, where)
    return Prompt(
        id=raw_id,
        question=question,
        if_then=if_then,
        statuses=frozenset(statuses),
        situations=frozenset(situations),
    )


def _text_field(entry: Mapping[str, object], key: str, limit: int, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: missing {key}")
    if value != value.strip() or any(unicodedata.category(ch) == "Cc" for ch in value):
        raise ValueError(f"{where}: {key} must be one line without surrounding spaces")
    if len(value) > limit:
        raise ValueError(f"{where}: {key} is {len(value)} characters, at most {limit}")
    if "!" in value:
        raise ValueError(f"{where}: {key} must not contain '!'")
    return value


def _tags(
    entry: Mapping[str, object], key: str, noun: str, known: tuple[_Tag, ...], where: str
) -> list[_Tag]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        raise ValueError(f"{where}: {key} must be a list of names")
    tags: list[_Tag] = []
    for tag in value:
        match = next((name for name in known if name == tag), None)
        if match is None:
            raise ValueError(f"{where}: unknown {noun} {tag!r} (use {', '.join(known)})")
        tags.append(match)
    return tags


# ---------------------------------------------------------------- situations


# A day without a sale is worth a word only when it is unusual for this seller: when their
# daily sale rate makes P(0 sales | rate) = exp(-rate) smaller than this (about 1.4 sales a
# day or more). For a seller of 24 a year most days hold no sale: nothing to remark on.
NO_SALE_UNUSUAL = 0.25


def no_sale_is_unusual(daily_sale_rate: float | None) -> bool:
    """Whether a working day without a sale is unusual at ``daily_sale_rate`` (sales per
    working day; None = unknown: then it is taken as unusual, the rule before rates)."""
    if daily_sale_rate is None:
        return True
    return math.exp(-max(0.0, daily_sale_rate)) < NO_SALE_UNUSUAL


def situations_for(
    today: date,
    period: Period,
    calendar: WorkCalendar,
    sales_on_previous_working_day: int | None,
    *,
    daily_sale_rate: float | None = None,
) -> frozenset[Situation]:
    """The situations that hold on ``today``:

    - ``first_day_of_period``: today is the period's first working day;
    - ``monday``: today is a Monday, or the first working day of its week when that week's
      Monday is not a working day (Tuesday after a Monday holiday);
    - ``after_no_sales``: the previous working day had no sales (``None`` = unknown, not set)
      and that is unusual for the seller (``no_sale_is_unusual(daily_sale_rate)``);
    - ``last_week_of_period``: today is in the period's last 7 calendar days, or among its
      last working week (as many working days as the calendar has per week), which matters
      when the period ends in holidays or days off.

    The two period situations need ``today`` inside the period.
    """
    if sales_on_previous_working_day is not None and sales_on_previous_working_day < 0:
        raise ValueError(
            f"sales on the previous working day cannot be negative "
            f"({sales_on_previous_working_day})"
        )
    found: set[Situation] = set()
    one_day = timedelta(days=1)
    working = calendar.is_working_day(today)
    if period.contains(today):
        if working and calendar.count(period.start, today - one_day) == 0:
            found.add("first_day_of_period")
        per_week = len(calendar.workdays)
        if (period.end - today).days < 7 or (
            per_week > 0 and calendar.count(today + one_day, period.end) < per_week
        ):
            found.add("last_week_of_period")
    week_monday = today - timedelta(days=today.weekday())
    if today.weekday() == 0 or (working and calendar.count(week_monday, today - one_day) == 0):
        found.add("monday")
    if sales_on_previous_working_day == 0 and no_sale_is_unusual(daily_sale_rate):
        found.add("after_no_sales")
    return frozenset(found)


# ---------------------------------------------------------------- choosing


def _stable_hash(*parts: str) -> int:
    digest = hashlib.sha256("|".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def _tiers(
    prompts: Sequence[Prompt], status: PaceStatus, situations: frozenset[Situation]
) -> list[list[Prompt]]:
    ordered = sorted(prompts, key=lambda prompt: prompt.id)
    tiers: list[list[Prompt]] = []
    for situation in SITUATION_PRIORITY:
        if situation not in situations:
            continue
        tagged = [p for p in ordered if situation in p.situations]
        tiers.append([p for p in tagged if status in p.statuses])
        tiers.append([p for p in tagged if not p.statuses])
    general = [p for p in ordered if not p.situations]
    tiers.append([p for p in general if status in p.statuses])
    tiers.append([p for p in general if not p.statuses])
    return tiers


def choose_prompt(
    prompts: Sequence[Prompt],
    *,
    today: date,
    status: PaceStatus,
    situations: frozenset[Situation],
    recent_ids: Iterable[str],
) -> Prompt:
    """The prompt to show on ``today`` (see the module docstring for the order of preference).

    ``recent_ids`` are the ids shown in the previous days, oldest first; none of them is
    chosen unless every fitting prompt is among them. Deterministic for the same inputs.
    Raises ValueError only when ``prompts`` is empty.
    """
    if not prompts:
        raise ValueError("no composure prompts to choose from")
    recent = list(recent_ids)
    recent_set = set(recent)
    seed = _stable_hash(today.isoformat(), status)

    def pick(pool: Sequence[Prompt]) -> Prompt:
        return pool[seed % len(pool)]

    tiers = _tiers(prompts, status, situations)
    for tier in tiers:
        fresh = [p for p in tier if p.id not in recent_set]
        if fresh:
            return pick(fresh)
    # Every fitting prompt was shown recently (or none fits): repeat the least recent one.
    fitting = list({p.id: p for tier in tiers for p in tier}.values())
    pool = fitting or sorted(prompts, key=lambda prompt: prompt.id)
    last_shown = {prompt_id: index for index, prompt_id in enumerate(recent)}
    oldest = min(last_shown.get(p.id, -1) for p in pool)
    return pick([p for p in pool if last_shown.get(p.id, -1) == oldest])


# ---------------------------------------------------------------- the answer


def validate_check(rating: int | None, intent: str) -> tuple[int | None, str]:
    """Check a morning answer: a rating of 1-5 (or None when not rated) and one line of intent.

    The intent is folded onto one line (line breaks and tabs become spaces, runs of spaces
    collapse), control and bidirectional-override characters are removed, and it is cut to
    ``MAX_INTENT_CHARS`` characters. Raises ValueError for a rating outside 1-5.
    """
    if rating is not None:
        if isinstance(rating, bool) or not isinstance(rating, int):
            raise ValueError(f"rating must be a whole number from 1 to 5, not {rating!r}")
        if not 1 <= rating <= 5:
            raise ValueError(f"rating must be from 1 to 5, not {rating}")
    if not isinstance(intent, str):
        raise ValueError(f"intent must be text, not {type(intent).__name__}")
    return rating, clean_intent(intent)


def clean_intent(intent: str) -> str:
    """One tidy line of at most ``MAX_INTENT_CHARS`` characters (see ``validate_check``)."""
    # Any whitespace (line breaks and tabs too) becomes a space before the controls go,
    # so words stay apart.
    line = strip_controls(_WHITESPACE.sub(" ", intent))
    line = _SPACES.sub(" ", line).strip()
    return line[:MAX_INTENT_CHARS].rstrip()
