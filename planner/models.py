"""Plain frozen records shared by every layer: targets, prospects, touches, settings, and the
per-day summaries and day plans the store keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Literal, NamedTuple, Protocol, get_args

Metric = Literal["sales", "revenue"]
Outcome = Literal["no-answer", "conversation", "meeting", "not-interested", "sale"]
Source = Literal["new", "old"]
ProspectStatus = Literal["new", "active", "lost", "won"]
LostReason = Literal["timing", "budget", "competitor", "no-fit", "other"]
Stage = Literal["none", "conversation", "meeting"]
PaceStatus = Literal["ahead", "on_track", "behind", "at_risk"]
Diagnosis = Literal["volume", "connect_rate", "close_rate", "none", "insufficient_data"]

METRICS: tuple[Metric, ...] = get_args(Metric)
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
SOURCES: tuple[Source, ...] = get_args(Source)
PROSPECT_STATUSES: tuple[ProspectStatus, ...] = get_args(ProspectStatus)
LOST_REASONS: tuple[LostReason, ...] = get_args(LostReason)
PACE_STATUSES: tuple[PaceStatus, ...] = get_args(PaceStatus)

# Outcomes that mean the seller spoke with someone: they reached the conversation stage.
CONNECTED_OUTCOMES: frozenset[Outcome] = frozenset(
    {"conversation", "meeting", "not-interested", "sale"}
)
# Outcomes that reached the meeting stage (a sale is counted as having passed it).
MEETING_OUTCOMES: frozenset[Outcome] = frozenset({"meeting", "sale"})


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive range of dates a target runs over, with the label it was given."""

    start: date
    end: date
    label: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period {self.label!r} ends before it starts")

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class Target:
    """An amount to reach over a period: a count of sales, or revenue in money."""

    metric: Metric
    amount: Decimal
    period: Period
    id: int = 0
    # Carried-in sales (DESIGN section 2): sales of the period made before the seller kept
    # records here. None = not told (then the record starts at the first logged touch); a
    # number, 0 included, says the record covers the whole period. They count in actual and
    # the run rate, never in the funnel. ``carried_in_amount`` is their total for revenue.
    carried_in: int | None = None
    carried_in_amount: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Prospect:
    """A person or account the seller works.

    ``last_contact``, ``best_stage`` and ``conversations`` are kept up to date by the store
    on every logged touch (or come from a CRM import), so the queue can rank old prospects
    without reading the whole touch history. ``follow_up`` is the date the seller promised
    to call back (DESIGN section 2): due, it heads the day's queue.
    """

    id: int
    name: str
    company: str = ""
    email: str = ""
    phone: str = ""
    status: ProspectStatus = "new"
    lost_reason: LostReason | None = None
    last_contact: date | None = None
    do_not_contact: bool = False
    value: Decimal | None = None
    best_stage: Stage = "none"
    conversations: int = 0
    snoozed_until: date | None = None
    cycle_start: date | None = None
    follow_up: date | None = None  # "call back on 8 Dec": due on or before today, it leads


class OldProspect(Protocol):
    """What ranks a lost prospect: a Prospect, or the CheckInRow a review ranks by."""

    @property
    def status(self) -> str: ...
    @property
    def lost_reason(self) -> LostReason | None: ...
    @property
    def last_contact(self) -> date | None: ...
    @property
    def do_not_contact(self) -> bool: ...
    @property
    def value(self) -> Decimal | None: ...
    @property
    def best_stage(self) -> Stage: ...
    @property
    def conversations(self) -> int: ...
    @property
    def snoozed_until(self) -> date | None: ...


class CheckInRow(NamedTuple):
    """What ranks a lost prospect for a check-in (its Prospect's fields of the same names): a
    review ranks every lost prospect and needs the whole record of the few it names."""

    id: int
    lost_reason: LostReason | None
    last_contact: date | None
    do_not_contact: bool
    value: Decimal | None
    best_stage: Stage
    conversations: int
    snoozed_until: date | None
    status: ProspectStatus = "lost"


@dataclass(frozen=True, slots=True)
class Touch:
    """One logged contact attempt and its outcome.

    ``at`` is time-zone aware in the home zone, so ``at.date()`` is the seller's local day.
    ``lead_days`` is set on sales: days from the first touch of the prospect's cycle.
    """

    id: int
    prospect_id: int
    at: datetime
    outcome: Outcome
    source: Source
    amount: Decimal | None = None
    note: str = ""
    lead_days: int | None = None

    @property
    def day(self) -> date:
        return self.at.date()


@dataclass(frozen=True, slots=True)
class ComposureCheck:
    """The morning answer: which prompt was shown, the 1-5 rating and one line of intent."""

    day: date
    prompt_id: str
    rating: int | None = None
    intent: str = ""
    skipped: bool = False


# DaySummary and StagePriors are NamedTuples, not dataclasses: never replaced, only read by
# attribute, and cheaper both to define at start-up and to build (a year decodes ~500).
class DaySummary(NamedTuple):
    """Touch counts by outcome, summed sale amounts and sale lead times of one day and source.

    ``priced_sales`` counts the sales that carry an amount (the mean sale is
    ``sales_amount / priced_sales``, however priced and unpriced sales fall on days)."""

    day: date
    source: Source
    outcomes: dict[Outcome, int]
    sales_amount: Decimal
    lead_days: tuple[int, ...]
    priced_sales: int = 0


@dataclass(frozen=True, slots=True)
class DayPlan:
    """The queue planned for a day: how many old and new touches, and which prospects."""

    day: date
    planned_old: int
    planned_new: int
    prospect_ids: tuple[int | None, ...]
    # The fresh queue as it was when the plan was written, so a later look that finds the
    # store unchanged (same generation) draws the day from the plan alone, without reading
    # every prospect. A cache: not part of the plan's identity, absent in older files.
    basis: QueueBasis | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class BasisItem:
    """One item of the fresh queue a plan was built from (prospect None: a new lead)."""

    rank: int
    source: Source
    prospect_id: int | None
    reason: str
    score: float


@dataclass(frozen=True, slots=True)
class QueueBasis:
    """The figures and items of the fresh queue (planner.queue.DailyQueue) at the store's
    ``generation``: valid for as long as nothing else is committed."""

    generation: int
    capacity: int
    needed_sales: float
    expected_sales: float
    planned_old: int
    planned_new: int
    shortfall: float
    items: tuple[BasisItem, ...]
    follow_ups: int = 0
    follow_ups_waiting: int = 0
    need_size: int | None = 0
    floor_size: int = 0


class StagePriors(NamedTuple):
    """Planned rates for one source: connect (conversation per touch), meeting (per
    conversation) and close (sale per meeting). Their product is the planned sale rate."""

    connect: float
    meeting: float
    close: float

    @property
    def sale(self) -> float:
        return self.connect * self.meeting * self.close


def _default_priors() -> dict[Source, StagePriors]:
    # Old prospects already know the seller: they pick up, meet and buy more often.
    return {
        "new": StagePriors(connect=0.30, meeting=0.30, close=0.35),
        "old": StagePriors(connect=0.35, meeting=0.35, close=0.45),
    }


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the seller configures with ``planner init``."""

    timezone: str = "UTC"
    workdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday=0, as date.weekday()
    country: str | None = None
    subdivision: str | None = None
    days_off: frozenset[date] = frozenset()
    capacity: int = 40  # touches a day the seller can make
    cooloff_days: int = 60  # days after a "no" before an old prospect is eligible again
    min_new_share: float = 0.30  # share of the queue kept for new prospecting
    min_old_share: float = 0.30  # share kept for check-ins on eligible old prospects
    prior_strength: float = 20.0  # m in p = (k + m*p0) / (n + m): worth about 20 touches
    priors: dict[Source, StagePriors] = field(default_factory=_default_priors)
    default_deal_value: Decimal = Decimal("1000")  # for revenue targets before any sale

    def stage_priors(self, source: Source) -> StagePriors:
        """The planned rates of ``source``; a hand-edited config may name only one source, and
        the other keeps the built-in prior."""
        return self.priors.get(source) or _default_priors()[source]
