"""The day's action queue: how many touches of each source, and which prospects, in what order."""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from planner.funnel import FunnelReport, SourceFunnel
from planner.models import LostReason, Metric, Prospect, Settings, Source, Stage

# Float products like 0.3 * 10 = 3.0000000000000004 must not round a share up by a whole item.
_EPS = 1e-9
_NO_LIMIT = 1_000_000_000  # "as many old items as there are": beyond any capacity

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


def old_prospect_score(prospect: Prospect, today: date) -> float:
    """The ranking score of an old prospect (see the table above); higher is better."""
    return _old_score(prospect, today.toordinal())


# 1 - 0.5 ** n for n conversations, precomputed: the score runs on every eligible prospect.
_ENGAGEMENT: tuple[float, ...] = tuple(1.0 - 0.5**n for n in range(64))


def _old_score(prospect: Prospect, today_ordinal: int) -> float:
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


def is_eligible_old(prospect: Prospect, today: date, cooloff_days: int) -> bool:
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
    stage points, new prospects and placeholders 0.
    """

    rank: int
    source: Source
    prospect: Prospect | None
    reason: str
    score: float


@dataclass(frozen=True, slots=True)
class DailyQueue:
    """Today's plan: how many touches of each source, what they should bring, and the list.

    ``needed_sales`` is sales per day to stay on plan; ``expected_sales`` what the queue
    should bring; ``shortfall`` the part of the need even full capacity cannot cover (0.0
    when the plan covers it).
    """

    today: date
    capacity: int
    needed_sales: float
    expected_sales: float
    planned_old: int
    planned_new: int
    shortfall: float
    items: tuple[QueueItem, ...]

    @property
    def size(self) -> int:
        return len(self.items)


# One queue line before ranking: source, prospect (None = placeholder), reason, score.
_Line = tuple[Source, Prospect | None, str, float]


def _min_new(share: float, total: int) -> int:
    return max(0, math.ceil(share * total - _EPS))


def _max_old_beside(new: int, share: float) -> int:
    # The most old items that keep `new` at or above the minimum share of the total.
    if share >= 1.0:
        return 0
    room = new * (1.0 - share) / share + _EPS if share > 0.0 else math.inf
    return max(0, math.floor(room)) if room < _NO_LIMIT else _NO_LIMIT


def _split(total: int, share: float, old_available: int, old_first: bool) -> tuple[int, int]:
    # Fill with the better source; new items never run out (placeholders), old ones may.
    if not old_first:
        return 0, total
    old = min(old_available, total - _min_new(share, total))
    return old, total - old


def _plan(
    *,
    needed: float,
    capacity: int,
    share: float,
    old_available: int,
    e_old: float,
    e_new: float,
) -> tuple[int, int, bool]:
    """(old, new, need met) for today.

    Nothing needed (ahead, or the target reached): the prospecting floor, so the pipeline
    does not dry up: max(1, ceil(share * capacity)) new items plus up to FLOOR_OLD_ITEMS
    of the best eligible old ones (fewer if the minimum new share or capacity says so).

    Something needed: the smallest total whose expected sales reach the need, filled from
    the better source first with at least ceil(share * total) new, capped at capacity;
    but never fewer items than the floor holds, so needing a little never gives a shorter
    day than needing nothing. (The mix differs on purpose: ahead, the floor leans to new
    prospecting; behind, the day leans to the source that brings more sales now.)
    """
    if capacity <= 0:
        return 0, 0, needed <= _EPS
    floor_new = min(capacity, max(1, _min_new(share, capacity)))
    floor_old = min(
        FLOOR_OLD_ITEMS, old_available, _max_old_beside(floor_new, share), capacity - floor_new
    )
    if needed <= _EPS:
        return floor_old, floor_new, True
    old_first = e_old >= e_new  # ties go to old: they already know the seller

    def reaches(total: int) -> bool:
        old, new = _split(total, share, old_available, old_first)
        return old * e_old + new * e_new + _EPS >= needed

    # Both counts of a split never shrink as the total grows, so neither do expected
    # sales: bisect for the smallest total that reaches the need.
    size, met = capacity, reaches(capacity)
    if met:
        low = 1
        while low < size:
            middle = (low + size) // 2
            if reaches(middle):
                size = middle
            else:
                low = middle + 1
    old, new = _split(max(size, floor_old + floor_new), share, old_available, old_first)
    return old, new, met


def build_queue(
    *,
    prospects: Sequence[Prospect],
    funnel: FunnelReport,
    needed_sales: float,
    settings: Settings,
    today: date,
    period_end: date,
) -> DailyQueue:
    """Size today's queue from the need and the funnel, then fill and rank it.

    Expected sales per touch of each source are lead-time aware (see
    ``expected_sales_per_touch``) with days_left = calendar days from today to
    ``period_end`` inclusive. The better source fills first, at least
    ceil(min_new_share * total) items are new, never more than ``settings.capacity``.
    New items are active prospects contacted within ACTIVE_FOLLOW_UP_DAYS first (best stage,
    then longest since contact), then status-new prospects (highest value, then oldest id),
    then active prospects that went quiet longer ago, then placeholders. Old and new
    items are interleaved so any prefix of the day keeps about the planned mix, the better
    source leading. Won, do-not-contact, snoozed and not-yet-cooled-off prospects never
    appear.
    """
    if not math.isfinite(needed_sales):
        raise ValueError(f"needed sales must be finite, got {needed_sales}")
    needed = max(0.0, needed_sales)
    capacity = max(0, settings.capacity)
    share = min(1.0, max(0.0, settings.min_new_share))
    days_left = max(0, (period_end - today).days + 1)
    e_old = expected_sales_per_touch(funnel.by_source["old"], days_left)
    e_new = expected_sales_per_touch(funnel.by_source["new"], days_left)

    # One pass sorts prospects into the three pools; scoring waits for the pool's top-k.
    old_pool: list[Prospect] = []
    active_pool: list[Prospect] = []
    new_pool: list[Prospect] = []
    quiet_pool: list[Prospect] = []
    warm_since = _date_minus(today, ACTIVE_FOLLOW_UP_DAYS)
    # Lost: exactly the rules of is_eligible_old, called rather than restated, so its tests
    # guard the queue. Active and new: not blocked, not snoozed, not already touched today.
    cooloff_days = settings.cooloff_days
    for prospect in prospects:
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

    planned_old, planned_new, met = _plan(
        needed=needed,
        capacity=capacity,
        share=share,
        old_available=len(old_pool),
        e_old=e_old,
        e_new=e_new,
    )
    expected = planned_old * e_old + planned_new * e_new
    shortfall = 0.0 if met else max(0.0, needed - expected)

    today_ordinal = today.toordinal()
    # Decorated tuples end in the pool position, so prospects themselves are never compared.
    old_items = [
        (old_pool[-minus_index], score)
        for score, _, minus_index in heapq.nlargest(
            planned_old,
            [(_old_score(p, today_ordinal), -p.id, -i) for i, p in enumerate(old_pool)],
        )
    ]
    new_items = _pick_new(active_pool, new_pool, quiet_pool, planned_new)

    old_lines: list[_Line] = [("old", p, _old_reason(p, today), score) for p, score in old_items]
    new_lines: list[_Line] = [("new", p, _new_reason(p, today), score) for p, score in new_items]
    placeholder: _Line = ("new", None, "prospecting: find a new lead", 0.0)
    new_lines.extend([placeholder] * (planned_new - len(new_lines)))

    leading, trailing = (old_lines, new_lines) if e_old >= e_new else (new_lines, old_lines)
    items = tuple(
        QueueItem(rank=rank, source=source, prospect=p, reason=reason, score=score)
        for rank, (source, p, reason, score) in enumerate(_interleave(leading, trailing), 1)
    )
    return DailyQueue(
        today=today,
        capacity=capacity,
        needed_sales=needed,
        expected_sales=expected,
        planned_old=planned_old,
        planned_new=planned_new,
        shortfall=shortfall,
        items=items,
    )


def _interleave(leading: list[_Line], trailing: list[_Line]) -> list[_Line]:
    # Bresenham-style: after i items, about i * len(trailing) / total of them are trailing,
    # so a day cut short still has the planned mix; the leading kind goes first.
    total = len(leading) + len(trailing)
    out: list[_Line] = []
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
) -> list[tuple[Prospect, float]]:
    if count <= 0:
        return []
    # Active: furthest stage first, then the longest wait since contact (never = longest).
    active = heapq.nsmallest(
        count,
        active_pool,
        key=lambda p: (
            -_STAGE_POINTS.get(p.best_stage, 0.0),
            p.last_contact.toordinal() if p.last_contact else 0,
            p.id,
        ),
    )
    picked = [(p, _STAGE_POINTS.get(p.best_stage, 0.0)) for p in active]
    rest = count - len(picked)
    if rest > 0:
        # New: highest value first (unknown value last), then the oldest record.
        fresh = heapq.nsmallest(
            rest,
            new_pool,
            key=lambda p: (-_known_value(p), p.id),
        )
        picked.extend((p, 0.0) for p in fresh)
    rest = count - len(picked)
    if rest > 0:
        # Quiet: in play once but silent for months; the most recently heard from first.
        quiet = heapq.nsmallest(
            rest,
            quiet_pool,
            key=lambda p: (
                -_STAGE_POINTS.get(p.best_stage, 0.0),
                -(p.last_contact.toordinal() if p.last_contact else 0),
                p.id,
            ),
        )
        picked.extend((p, 0.0) for p in quiet)
    return picked


def _known_value(prospect: Prospect) -> Decimal:
    # Unknown (or unusable) values sort after every real one.
    value = prospect.value
    if value is None or not value.is_finite():
        return Decimal(-1)
    return value


# ---------------------------------------------------------------- reasons


def _ago(last: date, today: date) -> str:
    days = (today - last).days
    if days <= 0:
        return "today"
    if days == 1:
        return "1 day ago"
    return f"{days} days ago"


def _stage_text(prospect: Prospect) -> str:
    if prospect.best_stage == "meeting":
        return "reached a meeting"
    if prospect.best_stage == "conversation":
        if prospect.conversations > 1:
            return f"had {prospect.conversations} conversations"
        return "had a conversation"
    return ""


def _old_reason(prospect: Prospect, today: date) -> str:
    """E.g. "said no 74 days ago: timing; reached a meeting"."""
    head = "said no " + (_ago(prospect.last_contact, today) if prospect.last_contact else "before")
    if prospect.lost_reason is not None:
        head += f": {prospect.lost_reason}"
    stage = _stage_text(prospect)
    return f"{head}; {stage}" if stage else head


def _new_reason(prospect: Prospect, today: date) -> str:
    """E.g. "in play: last contact 3 days ago; reached a meeting" or "new prospect: never
    contacted"."""
    contact = (
        f"last contact {_ago(prospect.last_contact, today)}"
        if prospect.last_contact
        else "never contacted"
    )
    if prospect.status == "active":
        stage = _stage_text(prospect)
        return f"in play: {contact}; {stage}" if stage else f"in play: {contact}"
    return f"new prospect: {contact}"
