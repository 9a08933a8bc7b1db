"""The day's action queue: how many touches of each source, and which prospects, in what order."""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from planner.funnel import FunnelReport, SourceFunnel
from planner.models import LostReason, Metric, OldProspect, Prospect, Settings, Source, Stage
from planner.prospects import source_of
from planner.queue_reasons import (
    PLACEHOLDER_REASON,
    follow_up_reason,
    new_reason,
    old_reason,
)

# Float products like 0.3 * 10 = 3.0000000000000004 must not round a share up by a whole item.
_EPS = 1e-9

# ---------------------------------------------------------------- old-prospect score
#
# An old (lost, eligible) prospect's score is a sum of five parts; higher is called first.
#
#   part                     values                                          range
#   stage reached            meeting 3.0, conversation 1.5, none 0.0         0 - 3
#   lost reason              timing 2.0, budget 2.0, competitor 1.0,         0 - 2
#                            other or unrecorded 0.5, no-fit 0.0
#   days since last contact  min(days, 365) / 365 (unknown date: 0.5)         0 - 1
#   past engagement          1 - 0.5 ** conversations                        0 - 1
#   value                    digits before the point / 6, capped at 1         0 - 1
#                            (1-9: 0.17, 1,000-9,999: 0.67, 100,000+: 1.0;
#                            unknown, zero or below 1: 0)
#
# Stage weighs most: someone who once took a meeting knows the offer and said no to its
# timing or price rather than to the seller. Timing and budget are "not now" answers that
# expire; a competitor's contract may end; an unstated reason is weaker evidence than a
# known rival but not a hard no; no-fit rarely changes. Every prospect scored here has
# already passed its cool-off, so a longer wait only helps, saturating at a year. Value
# is log-scaled (by its number of digits) so one big account cannot outrank
# everything else. Whole orders of magnitude are fine resolution for a tie-breaker and
# cost a tenth of converting each Decimal to float.

_STAGE_POINTS: dict[Stage, float] = {"meeting": 3.0, "conversation": 1.5, "none": 0.0}
_REASON_POINTS: dict[LostReason | None, float] = {
    "timing": 2.0,
    "budget": 2.0,
    "competitor": 1.0,
    "other": 0.5,
    None: 0.5,
    "no-fit": 0.0,
}
_RECENCY_CAP_DAYS = 365
_UNKNOWN_RECENCY = 0.5
_VALUE_DIGITS = 6  # 100,000 and above earn the full value point
_VALUE_POINTS: tuple[float, ...] = tuple((d + 1) / _VALUE_DIGITS for d in range(_VALUE_DIGITS))

# An active prospect silent for longer than this is no warm follow-up any more: it waits
# behind never-contacted prospects instead of heading the new-prospecting part of the day.
ACTIVE_FOLLOW_UP_DAYS = 90

# How many eligible old prospects the prospecting floor keeps when nothing more is needed.
FLOOR_OLD_ITEMS = 5


def old_prospect_score(prospect: OldProspect, today: date) -> float:
    """The ranking score of an old prospect (see the table above); higher is better."""
    return _old_score(prospect, today.toordinal())


# 1 - 0.5 ** n for n conversations, precomputed: the score runs on every eligible prospect.
_ENGAGEMENT: tuple[float, ...] = tuple(1.0 - 0.5**n for n in range(64))


def _old_score(prospect: OldProspect, today_ordinal: int) -> float:
    # Written for speed (20,000 prospects in a few milliseconds): no min/max calls, one
    # float conversion of the Decimal value.
    score = _STAGE_POINTS.get(prospect.best_stage, 0.0) + _REASON_POINTS.get(
        prospect.lost_reason, 0.5
    )
    last = prospect.last_contact
    if last is None:
        score += _UNKNOWN_RECENCY
    else:
        days = today_ordinal - last.toordinal()
        if days >= _RECENCY_CAP_DAYS:
            score += 1.0
        elif days > 0:
            score += days / _RECENCY_CAP_DAYS
    conversations = prospect.conversations
    if conversations > 0:
        score += _ENGAGEMENT[conversations] if conversations < 64 else 1.0
    value = prospect.value
    if value is not None:
        # adjusted() is floor(log10(|value|)) read off the Decimal: 10x cheaper than float().
        magnitude = value.adjusted()
        if magnitude >= 0 and value.is_finite() and value and not value.is_signed():
            score += _VALUE_POINTS[magnitude] if magnitude < _VALUE_DIGITS else 1.0
    return score


# ---------------------------------------------------------------- eligibility and rates


def is_eligible_old(prospect: OldProspect, today: date, cooloff_days: int) -> bool:
    """A lost prospect that may be called again today.

    Not do-not-contact, not snoozed (``snoozed_until`` after today hides it; on that day it
    is back), and at least ``cooloff_days`` since the last contact (no recorded last
    contact counts as cooled off).
    """
    if prospect.status != "lost" or prospect.do_not_contact:
        return False
    if prospect.snoozed_until is not None and prospect.snoozed_until > today:
        return False
    last = prospect.last_contact
    return last is None or (today - last).days >= cooloff_days


def _date_minus(day: date, days: int) -> date | None:
    # None when the result would fall before 1 January of year 1.
    try:
        return day - timedelta(days=days)
    except OverflowError:
        return None if days > 0 else date.max


def needed_sales_per_day(
    required_per_day: float | None,
    metric: Metric,
    average_sale_value: Decimal | None,
    default_sale_value: Decimal,
) -> float:
    """Sales a day the queue must aim for: the required pace in sales, never negative.

    For a revenue target, the required money per day is divided by the seller's average
    sale value, or by ``default_sale_value`` before there is one (or when it is not
    positive). ``None`` (no remaining working day or no target) needs nothing.
    """
    if required_per_day is None:
        return 0.0
    if not math.isfinite(required_per_day):
        raise ValueError(f"required per day must be finite, got {required_per_day}")
    if required_per_day <= 0.0:
        return 0.0
    if metric == "sales":
        return float(required_per_day)
    value = average_sale_value
    if value is None or not value.is_finite() or value <= 0:
        value = default_sale_value
    if not value.is_finite() or value <= 0:
        raise ValueError(f"a sale value must be greater than 0, got {value}")
    return float(required_per_day) / float(value)


def lead_time_weight(lead_days: float | None, days_left: int) -> float:
    """P(a cycle started today closes within ``days_left`` days).

    The lead time is modelled as exponential with the observed median L (rate ln 2 / L),
    so the weight is 1 - 0.5 ** (days_left / L); 1.0 when L is unknown or 0 (sales close
    on the first call), 0.0 when the period is over.
    """
    if days_left <= 0:
        return 0.0
    if lead_days is None or not lead_days > 0.0 or not math.isfinite(lead_days):
        return 1.0
    return 1.0 - float(0.5 ** (days_left / lead_days))


def expected_sales_per_touch(funnel: SourceFunnel, days_left: int) -> float:
    """Sales per touch that land inside the period: p_sale * lead_time_weight."""
    return funnel.sale.estimate * lead_time_weight(funnel.lead_days, days_left)


# ---------------------------------------------------------------- the queue


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One line of the day's queue.

    ``prospect`` is None for a prospecting placeholder ("find a new lead"). ``score`` ranks
    items within their kind: old prospects carry ``old_prospect_score``, active ones their
    stage points, new prospects, follow-ups and placeholders 0.
    """

    rank: int
    source: Source
    prospect: Prospect | None
    reason: str
    score: float

    @property
    def follow_up(self) -> date | None:
        return self.prospect.follow_up if self.prospect is not None else None


@dataclass(frozen=True, slots=True)
class DailyQueue:
    """Today's plan: how many touches of each source, what they should bring, and the list.

    ``needed_sales`` is sales per day to stay on plan; ``expected_sales`` what the queue
    should bring; ``shortfall`` the part of the need even full capacity cannot cover (0.0
    when the plan covers it). ``planned_old + planned_new`` is the number of items (due
    follow-ups counted by their source). ``follow_ups`` items head the list;
    ``follow_ups_waiting`` more are due but did not fit in the capacity (they stay due).
    ``need_size`` is the smallest day that covers the need (None: not even capacity does),
    ``floor_size`` the day that keeps the pipeline full when little or nothing is needed.
    """

    today: date
    capacity: int
    needed_sales: float
    expected_sales: float
    planned_old: int
    planned_new: int
    shortfall: float
    items: tuple[QueueItem, ...]
    follow_ups: int = 0
    follow_ups_waiting: int = 0
    need_size: int | None = 0
    floor_size: int = 0

    @property
    def size(self) -> int:
        return len(self.items)


# One queue line before ranking: source, prospect (None = placeholder), reason, score.
_Line = tuple[Source, Prospect | None, str, float]
_T = TypeVar("_T")


def _at_least(share: float, total: int) -> int:
    return max(0, math.ceil(share * total - _EPS))


@dataclass(frozen=True, slots=True)
class Mix:
    """How ``total`` items split: ``old`` check-ins, ``new`` items, of which ``prospecting``
    are reserved for never-contacted prospects and leads to find."""

    old: int
    new: int
    prospecting: int


def split_day(
    total: int,
    *,
    new_share: float,
    old_share: float,
    old_available: int,
    old_first: bool,
) -> Mix:
    """The mix of a day of ``total`` items (DESIGN section 3: both kinds, every day).

    At least ceil(new_share * total) new prospecting items and at least
    ceil(old_share * total) check-ins on eligible old prospects (as many as there are);
    when rounding cannot give both their share, the old minimum yields, and a day of two
    or more items still holds one of each when both kinds exist and both shares are above
    0. The rest goes to the source with the better expected value (``old_first``); new
    items never run out (a lead can always be found), old ones may.
    """
    if total <= 0:
        return Mix(0, 0, 0)
    new_low = min(total, _at_least(new_share, total))
    old_low = min(old_available, _at_least(old_share, total), total - new_low)
    if total >= 2 and old_available > 0 and new_share > 0.0 and old_share > 0.0:
        new_low = max(1, min(new_low, total - 1))
        old_low = max(1, min(old_low, total - new_low))
    rest = total - new_low - old_low
    extra_old = min(rest, old_available - old_low) if old_first else 0
    old = old_low + extra_old
    return Mix(old=old, new=total - old, prospecting=new_low)


def _due(prospect: Prospect, today: date) -> bool:
    # Due follow-ups lead whatever the status, cool-off or snooze; never do-not-contact.
    follow_up = prospect.follow_up
    return follow_up is not None and follow_up <= today and not prospect.do_not_contact


def build_queue(
    *,
    prospects: Sequence[Prospect],
    funnel: FunnelReport,
    needed_sales: float,
    settings: Settings,
    today: date,
    period_end: date,
    follow_up_notes: Mapping[int, str] | None = None,
) -> DailyQueue:
    """Size today's queue from the need and the funnel, then fill and rank it.

    1. Due follow-ups (``follow_up`` on or before today, not do-not-contact) come first,
       the longest overdue first, up to the capacity; the rest wait, still due, for the
       next day. Their reason quotes ``follow_up_notes[id]`` (the note of the last touch).
    2. The rest of the day is sized from the need left after them: the smallest number of
       items whose expected sales reach it (lead-time aware, ``expected_sales_per_touch``
       with days_left = calendar days from today to ``period_end``), but never fewer than
       the floor that keeps the pipeline full (max(1, ceil(min_new_share * room)) new and
       up to FLOOR_OLD_ITEMS old), never more than the capacity left.
    3. It is split by ``split_day``: both kinds, the shares kept, the rest to the better
       source. Old items are the best ``old_prospect_score`` among ``is_eligible_old``
       prospects. The prospecting share takes never-contacted prospects (highest value,
       then oldest record), then placeholders; new items beyond it take active prospects
       contacted within ACTIVE_FOLLOW_UP_DAYS (best stage, then longest since contact),
       then never-contacted ones, then active ones that went quiet, then placeholders.
    4. Old and new items are interleaved so any prefix of the day keeps about the planned
       mix, the better source leading.

    Won, do-not-contact, snoozed, touched-today and not-yet-cooled-off prospects, and any
    prospect whose follow-up is set for a later day, never appear (except a due follow-up).
    """
    if not math.isfinite(needed_sales):
        raise ValueError(f"needed sales must be finite, got {needed_sales}")
    needed = max(0.0, needed_sales)
    capacity = max(0, settings.capacity)
    new_share = min(1.0, max(0.0, settings.min_new_share))
    old_share = min(1.0 - new_share, max(0.0, settings.min_old_share))
    days_left = max(0, (period_end - today).days + 1)
    e_old = expected_sales_per_touch(funnel.by_source["old"], days_left)
    e_new = expected_sales_per_touch(funnel.by_source["new"], days_left)
    notes = follow_up_notes or {}

    due_pool: list[Prospect] = []
    old_pool: list[Prospect] = []
    active_pool: list[Prospect] = []
    new_pool: list[Prospect] = []
    quiet_pool: list[Prospect] = []
    warm_since = _date_minus(today, ACTIVE_FOLLOW_UP_DAYS)
    # Lost: exactly the rules of is_eligible_old, called rather than restated, so its tests
    # guard the queue. Active and new: not blocked, not snoozed, not already touched today.
    cooloff_days = settings.cooloff_days
    for prospect in prospects:
        follow_up = prospect.follow_up
        if follow_up is not None:
            if _due(prospect, today):
                due_pool.append(prospect)
            continue  # booked for a later day (or do-not-contact): not before then
        status = prospect.status
        if status == "lost":
            if is_eligible_old(prospect, today, cooloff_days):
                old_pool.append(prospect)
            continue
        if prospect.do_not_contact or status == "won":
            continue
        snoozed = prospect.snoozed_until
        if snoozed is not None and snoozed > today:
            continue
        last = prospect.last_contact
        if last is None or last < today:
            if status == "active":
                warm = last is not None and (warm_since is None or last >= warm_since)
                (active_pool if warm else quiet_pool).append(prospect)
            elif status == "new":
                new_pool.append(prospect)

    due_pool.sort(key=lambda p: (p.follow_up, p.id))
    due = due_pool[:capacity]
    due_expected = sum(e_old if p.status == "lost" else e_new for p in due)
    room = capacity - len(due)
    old_first = e_old >= e_new  # ties go to old: they already know the seller

    def mix(total: int, old_leads: bool = old_first) -> Mix:
        return split_day(
            total,
            new_share=new_share,
            old_share=old_share,
            old_available=len(old_pool),
            old_first=old_leads,
        )

    def brings(day: Mix) -> float:
        return day.old * e_old + day.new * e_new

    rest_need = needed - due_expected
    # The floor leans to new prospecting: max(1, ceil(share * room)) new items, and the
    # best FLOOR_OLD_ITEMS old ones (more if the old share asks for them).
    floor_total = 0
    if room > 0:
        floor_new = min(room, max(1, _at_least(new_share, room)))
        floor_total = min(room, floor_new + min(FLOOR_OLD_ITEMS, len(old_pool)))
        while floor_total < room and mix(floor_total, False).new < floor_new:
            floor_total += 1
    if rest_need <= _EPS:
        main_need: int | None = 0
    else:
        # Expected sales never shrink as the day grows (see split_day): the first that reaches.
        main_need = next(
            (t for t in range(1, room + 1) if brings(mix(t)) + _EPS >= rest_need), None
        )
    if main_need is not None and main_need < floor_total:
        # Needing a little never gives a shorter day than needing nothing. (The mix differs
        # on purpose: ahead, the floor leans to new prospecting; behind, the day leans to the
        # source that brings more sales now.)
        day = mix(floor_total, rest_need > _EPS and old_first)
    else:
        day = mix(room if main_need is None else main_need)
    expected = due_expected + day.old * e_old + day.new * e_new
    shortfall = max(0.0, needed - expected) if main_need is None else 0.0

    today_ordinal = today.toordinal()
    # Decorated tuples end in the pool position, so prospects themselves are never compared.
    old_items = [
        (old_pool[-minus_index], score)
        for score, _, minus_index in heapq.nlargest(
            day.old,
            [(_old_score(p, today_ordinal), -p.id, -i) for i, p in enumerate(old_pool)],
        )
    ]
    new_items = _pick_new(active_pool, new_pool, quiet_pool, day.new, day.prospecting)

    due_lines: list[_Line] = [
        (source_of(p), p, follow_up_reason(p, today, notes.get(p.id, "")), 0.0) for p in due
    ]
    old_lines: list[_Line] = [("old", p, old_reason(p, today), score) for p, score in old_items]
    new_lines: list[_Line] = [
        ("new", p, new_reason(p, today) if p else PLACEHOLDER_REASON, score)
        for p, score in new_items
    ]
    leading, trailing = (old_lines, new_lines) if old_first else (new_lines, old_lines)
    lines = due_lines + _interleave(leading, trailing)
    items = tuple(
        QueueItem(rank=rank, source=source, prospect=p, reason=reason, score=score)
        for rank, (source, p, reason, score) in enumerate(lines, 1)
    )
    due_old = sum(p.status == "lost" for p in due)
    return DailyQueue(
        today=today,
        capacity=capacity,
        needed_sales=needed,
        expected_sales=expected,
        planned_old=day.old + due_old,
        planned_new=day.new + len(due) - due_old,
        shortfall=shortfall,
        items=items,
        follow_ups=len(due),
        follow_ups_waiting=len(due_pool) - len(due),
        need_size=None if main_need is None else len(due) + main_need,
        floor_size=len(due) + floor_total,
    )


def _interleave(leading: list[_T], trailing: list[_T]) -> list[_T]:
    # Bresenham-style: after i items, about i * len(trailing) / total of them are trailing,
    # so a day cut short still has the planned mix; the leading kind goes first.
    total = len(leading) + len(trailing)
    out: list[_T] = []
    li = ti = 0
    for i in range(1, total + 1):
        due = i * len(trailing) // total
        if ti < due or li >= len(leading):
            out.append(trailing[ti])
            ti += 1
        else:
            out.append(leading[li])
            li += 1
    return out


def _pick_new(
    active_pool: list[Prospect],
    new_pool: list[Prospect],
    quiet_pool: list[Prospect],
    count: int,
    prospecting: int,
) -> list[tuple[Prospect | None, float]]:
    """``count`` new items (None = a lead to find). The first ``prospecting`` go to
    never-contacted prospects, then leads to find, so warm follow-ups never eat the
    prospecting share; the rest to warm active prospects, then never-contacted ones, then
    active ones that went quiet, then leads to find; called in that order."""
    if count <= 0:
        return []
    prospecting = min(prospecting, count)
    # New: highest value first (unknown value last), then the oldest record.
    fresh = heapq.nsmallest(count, new_pool, key=lambda p: (-_known_value(p), p.id))
    rest = count - prospecting
    # Active: furthest stage first, then the longest wait since contact (never = longest).
    active = heapq.nsmallest(
        rest,
        active_pool,
        key=lambda p: (
            -_STAGE_POINTS.get(p.best_stage, 0.0),
            p.last_contact.toordinal() if p.last_contact else 0,
            p.id,
        ),
    )
    chosen: list[tuple[Prospect | None, float]] = [
        (p, _STAGE_POINTS.get(p.best_stage, 0.0)) for p in active
    ]
    more_fresh = fresh[prospecting : prospecting + rest - len(active)]
    # Quiet: in play once but silent for months; the most recently heard from first.
    quiet = heapq.nsmallest(
        rest - len(active) - len(more_fresh),
        quiet_pool,
        key=lambda p: (
            -_STAGE_POINTS.get(p.best_stage, 0.0),
            -(p.last_contact.toordinal() if p.last_contact else 0),
            p.id,
        ),
    )
    # Called in this order: warm deals, never-contacted, quiet ones, then leads to find.
    chosen.extend((p, 0.0) for p in fresh[: prospecting + len(more_fresh)])
    chosen.extend((p, 0.0) for p in quiet)
    chosen.extend([(None, 0.0)] * (count - len(chosen)))
    return chosen


def _known_value(prospect: Prospect) -> Decimal:
    # Unknown (or unusable) values sort after every real one.
    value = prospect.value
    if value is None or not value.is_finite():
        return Decimal(-1)
    return value
