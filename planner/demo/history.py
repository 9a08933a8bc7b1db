"""The simulated days: who gets called, what happens, and what that changes."""

# How the story is simulated, one working day at a time (Mon-Fri, no holidays):
#
# - A day holds about `calls_per_day` touches (noise, a few light days, the last three
#   working days of a month 20-30% busier). Follow-ups of running cycles come first, then
#   check-ins on eligible old prospects (ranked much as the queue ranks them), then fresh
#   prospects from the list, and any room left goes to re-working prospects that went quiet
#   at least `cooloff_days` ago (at most twice: a prospect who never decides is let go).
# - A cycle is 1-4 touches a few days apart. Each touch's outcome depends on the furthest
#   stage reached in this cycle and on its source; a sale ends it (won), a not-interested
#   ends it (lost, with a reason), otherwise the seller may give up and it fades.
# - Status moves only on decisive outcomes: the first touch makes a `new` prospect
#   `active`, a sale makes it `won`, a not-interested makes it `lost`. A lost prospect stays
#   lost through a check-in cycle until it buys or says no again, so every touch of that
#   cycle has source "old" (status lost at the time of the touch, DESIGN section 2).
# - Cycles are separated by at least `cooloff_days` without a touch, while touches inside a
#   cycle are days apart: a gap of `cooloff_days` or more since the last touch therefore
#   marks a new cycle, which is where `cycle_start` and `lead_days` count from.
# - Lost prospects are checked in on until they buy or ask not to be called (more likely
#   with every no), so the few hundred eligible today are the ones the seller has not
#   reached yet; a prospect who keeps saying "not now" collects a long, quarterly history.

from __future__ import annotations

import heapq
import math
import random
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate

from planner.calendar import WorkCalendar, parse_period
from planner.demo.people import CENT, ProspectBook
from planner.models import (
    CONNECTED_OUTCOMES,
    MEETING_OUTCOMES,
    LostReason,
    Outcome,
    Prospect,
    ProspectStatus,
    Settings,
    Source,
    Stage,
)

MAX_CYCLE_TOUCHES = 4

_OUTCOMES: tuple[Outcome, ...] = ("no-answer", "conversation", "meeting", "not-interested", "sale")

# Outcome weights (in _OUTCOMES order) per source and per stage reached in the cycle (none,
# conversation, meeting). Calibrated so that all touches together are about 60% no-answer,
# 25% conversation, 8% meeting, 2-3% sale, and old prospects sell about 1.5x as often.
_WEIGHTS: dict[Source, tuple[tuple[float, ...], ...]] = {
    "new": (
        (0.69, 0.215, 0.04, 0.05, 0.005),
        (0.42, 0.30, 0.16, 0.09, 0.03),
        (0.27, 0.23, 0.15, 0.16, 0.19),
    ),
    "old": (
        (0.63, 0.24, 0.06, 0.062, 0.008),
        (0.36, 0.285, 0.20, 0.12, 0.035),
        (0.21, 0.22, 0.11, 0.25, 0.21),
    ),
}


def _cumulative(row: tuple[float, ...]) -> tuple[float, ...]:
    # Normalised and ending on exactly 1.0, so bisecting random() can never run off the end.
    sums = [total / sum(row) for total in accumulate(row)]
    return (*sums[:-1], 1.0)


_CUM_WEIGHTS = {
    source: tuple(_cumulative(row) for row in rows) for source, rows in _WEIGHTS.items()
}

# Chance of another touch after an undecided one, by stage: a seller chases a meeting
# harder than an unanswered phone.
_CONTINUE: dict[Source, tuple[float, float, float]] = {
    "new": (0.55, 0.80, 0.92),
    "old": (0.50, 0.85, 0.95),
}

# Calendar days to the next touch by stage; old prospects know the seller and move faster.
_GAP_DAYS: dict[Source, tuple[tuple[int, int], ...]] = {
    "new": ((2, 9), (3, 12), (5, 16)),
    "old": ((2, 6), (2, 7), (2, 8)),
}

_STAGE_OF: dict[Outcome, int] = {"conversation": 1, "meeting": 2}

_STAGES: tuple[Stage, ...] = ("none", "conversation", "meeting")

# Timing and budget are the usual "no"s in B2B; they are also the ones worth a check-in.
_LOST_REASONS: tuple[LostReason, ...] = ("timing", "budget", "competitor", "no-fit", "other")

_LOST_WEIGHTS = (0.34, 0.28, 0.17, 0.12, 0.09)

_REASON_RANK: dict[LostReason, float] = {
    "timing": 0.0,
    "budget": 0.0,
    "competitor": 0.5,
    "other": 0.5,
    "no-fit": 1.0,
}

# "Please stop calling" grows more likely with every no the prospect has already given.
_DO_NOT_CONTACT_PER_NO = 0.02

# Cycles that fade before the seller stops re-working a prospect that never decided.
_MAX_QUIET_CYCLES = 3

_FRESH_SHARE = 0.2  # fresh prospects started a day, as a share of the day's touches

_OLD_PICK_SHARE = 0.1  # share of the eligible old pool checked in on each day

_MAX_OLD_SHARE = 0.65  # of the day's free slots: keep at least a third for prospecting

_NOTES: dict[Outcome, tuple[str, ...]] = {
    "no-answer": (
        "left voicemail",
        "gatekeeper, try after 2pm",
        "rang out",
        "wrong number on file, found direct line",
        "out of office until Monday",
    ),
    "conversation": (
        "asked for the pricing sheet",
        "call back after their budget review",
        "using a spreadsheet today, curious",
        "wants a one-pager by email",
        "decision maker is the ops lead",
        "interested for next quarter",
    ),
    "meeting": (
        "demo booked",
        "meeting with ops lead and finance",
        "site visit scheduled",
        "second meeting with the owner",
    ),
    "sale": (
        "signed annual plan",
        "PO received",
        "signed after trial",
        "verbal yes, contract sent",
    ),
}

_NO_NOTES: dict[LostReason, tuple[str, ...]] = {
    "timing": ("not this quarter", "mid-migration, ask again in spring"),
    "budget": ("no budget this year", "budget frozen until review"),
    "competitor": ("signed with a competitor last month", "happy with current vendor"),
    "no-fit": ("too small for us", "does not need it"),
    "other": ("not interested", "bad timing, no reason given"),
}


@dataclass(slots=True)
class _Lead:
    """A prospect's changing state during the simulation."""

    prospect: Prospect
    status: ProspectStatus = "new"
    lost_reason: LostReason | None = None
    last_contact: date | None = None
    do_not_contact: bool = False
    best_stage: int = 0
    conversations: int = 0
    cycle_start: date | None = None
    cycle_stage: int = 0
    cycle_touches: int = 0
    refusals: int = 0  # not-interested answers so far
    check_ins: int = 0  # cycles started while lost
    faded: int = 0  # cycles that ended undecided while the prospect was active


@dataclass(slots=True)
class Draft:
    """A touch before it gets its time of day and id."""

    lead: _Lead
    outcome: Outcome
    source: Source
    amount: Decimal | None
    note: str
    lead_days: int | None


class Simulation:
    """The day-by-day story: who gets called, what happens, and what that changes."""

    def __init__(
        self, rng: random.Random, settings: Settings, today: date, calls_per_day: int
    ) -> None:
        self.rng = rng
        self.today = today
        self.calls_per_day = calls_per_day
        self.cooloff = timedelta(days=settings.cooloff_days)
        self.calendar = WorkCalendar(workdays=settings.workdays)
        self.book = ProspectBook(rng)
        self.leads: list[_Lead] = []
        self.fresh: list[_Lead] = []  # never touched, in the order they will be worked
        self.follow_ups: dict[date, list[_Lead]] = {}
        self.eligible: list[tuple[float, int, _Lead]] = []  # heap: lost, cooled off, by rank
        self.quiet: list[_Lead] = []  # active, faded, cooled off
        self.cooling: dict[date, list[_Lead]] = {}  # day they cool off -> leads
        self.fresh_per_day = calls_per_day * _FRESH_SHARE
        self.fresh_batch = max(100, round(self.fresh_per_day * 20))

    def run(self, days: list[date]) -> list[tuple[date, list[Draft]]]:
        busy_days = _month_end_days(days, self.calendar)
        # Month ends add ~25% on 3 of ~21.7 working days, light days take 40% off 1 in 20:
        # dividing by their net effect keeps the mean on `calls_per_day`.
        base = self.calls_per_day / (1 + 0.25 * 3 / 21.7 - 0.05 * 0.4)
        story: list[tuple[date, list[Draft]]] = []
        for day in days:
            self._cool_off_until(day)
            if day == self.today:
                slots = self.rng.choice((0, 0, 1, 2, 3, 4, 5))
            else:
                factor = max(0.4, self.rng.gauss(1.0, 0.12))
                if self.rng.random() < 0.05:  # training, internal meetings, a dentist
                    factor *= 0.6
                if day in busy_days:
                    factor *= self.rng.uniform(1.2, 1.3)
                slots = max(1, round(base * factor))
            story.append((day, self._work_day(day, slots)))
        self._top_up_fresh()
        return story

    def _work_day(self, day: date, slots: int) -> list[Draft]:
        rng = self.rng
        due = self.follow_ups.pop(day, [])
        drafts = [self._touch(lead, day) for lead in due[:slots]]
        if len(due) > slots:  # no room today: first in line on the next working day
            self.follow_ups.setdefault(self._next_working_day(day), [])[:0] = due[slots:]
        free = slots - len(drafts)
        pool = len(self.eligible)
        old = min(pool, math.ceil(pool * _OLD_PICK_SHARE), int(free * _MAX_OLD_SHARE))
        wanted = round(rng.gauss(self.fresh_per_day, 0.25 * self.fresh_per_day))
        fresh = min(free - old, max(0, wanted))
        quiet = min(free - old - fresh, len(self.quiet))
        picks = [heapq.heappop(self.eligible)[2] for _ in range(old)]
        picks += [_take(rng, self.quiet) for _ in range(quiet)]
        picks += [self._fresh_lead() for _ in range(free - old - quiet)]
        for lead in picks:
            lead.check_ins += lead.status == "lost"
            lead.cycle_start, lead.cycle_stage, lead.cycle_touches = day, 0, 0
            drafts.append(self._touch(lead, day))
        return drafts

    def _touch(self, lead: _Lead, day: date) -> Draft:
        rng = self.rng
        source: Source = "old" if lead.status == "lost" else "new"
        stage = lead.cycle_stage
        outcome = _OUTCOMES[bisect_right(_CUM_WEIGHTS[source][stage], rng.random())]
        if lead.status == "new":
            lead.status = "active"
        lead.last_contact = day
        lead.cycle_touches += 1
        if outcome in CONNECTED_OUTCOMES:
            lead.conversations += 1
            stage_now = 2 if outcome in MEETING_OUTCOMES else 1
            lead.best_stage = max(lead.best_stage, stage_now)
        lead.cycle_stage = max(stage, _STAGE_OF.get(outcome, 0))
        amount = lead_days = None
        if outcome == "sale":
            lead.status, lead.lost_reason = "won", None
            value = float(lead.prospect.value or 1000) * rng.uniform(0.85, 1.05)
            amount = (Decimal(round(value * 100)) / 100).quantize(CENT)
            assert lead.cycle_start is not None
            lead_days = (day - lead.cycle_start).days
        elif outcome == "not-interested":
            if lead.status != "lost" or rng.random() < 0.5:  # else "still no budget"
                lead.lost_reason = rng.choices(_LOST_REASONS, weights=_LOST_WEIGHTS)[0]
            lead.status = "lost"
            lead.refusals += 1
            if rng.random() < _DO_NOT_CONTACT_PER_NO * lead.refusals:
                lead.do_not_contact = True
            else:
                self._schedule([lead], day + self.cooloff, self.cooling)
        elif lead.cycle_touches < MAX_CYCLE_TOUCHES and (
            rng.random() < _CONTINUE[source][lead.cycle_stage]
        ):
            low, high = _GAP_DAYS[source][lead.cycle_stage]
            gap = timedelta(days=rng.randint(low, high))
            self._schedule([lead], self._working_day_from(day + gap))
        else:  # the seller lets it fade; it may be picked up again once it has cooled off
            lead.faded += lead.status == "active"
            if lead.faded < _MAX_QUIET_CYCLES:
                self._schedule([lead], day + self.cooloff, self.cooling)
        return Draft(lead, outcome, source, amount, _note(rng, outcome, lead), lead_days)

    def _schedule(
        self, leads: list[_Lead], day: date, table: dict[date, list[_Lead]] | None = None
    ) -> None:
        (self.follow_ups if table is None else table).setdefault(day, []).extend(leads)

    def _cool_off_until(self, day: date) -> None:
        # Weekends and skipped days are swept too: keys only ever get older than `day`.
        for key in [k for k in self.cooling if k <= day]:
            for lead in self.cooling.pop(key):
                if lead.status == "lost":
                    rank = _check_in_rank(lead) + self.rng.random()
                    heapq.heappush(self.eligible, (rank, lead.prospect.id, lead))
                else:
                    self.quiet.append(lead)

    def _fresh_lead(self) -> _Lead:
        if not self.fresh:
            self._add_fresh(self.fresh_batch)
        return self.fresh.pop()

    def _add_fresh(self, count: int) -> None:
        # A new list arrives: worked in random order, so ids do not follow first-touch order.
        batch = [_Lead(self.book.prospect(len(self.leads) + i + 1)) for i in range(count)]
        self.leads.extend(batch)
        self.rng.shuffle(batch)
        self.fresh[:0] = batch

    def _top_up_fresh(self) -> None:
        """Leave a few weeks of never-called prospects for the queue's new prospecting."""
        if len(self.fresh) < self.fresh_batch:
            self._add_fresh(self.fresh_batch - len(self.fresh))

    def _next_working_day(self, day: date) -> date:
        following = self.calendar.next_working_day(day)
        assert following is not None  # weekdays are configured, so one comes within a week
        return following

    def _working_day_from(self, day: date) -> date:
        return day if self.calendar.is_working_day(day) else self._next_working_day(day)


def _check_in_rank(lead: _Lead) -> float:
    """Lower is called sooner, much as the queue ranks old prospects (DESIGN section 3).

    Each check-in already made pushes a prospect back, so someone who never picks up waits
    longer between calls instead of being rung every cool-off for years.
    """
    assert lead.lost_reason is not None
    return _REASON_RANK[lead.lost_reason] - 0.5 * lead.best_stage + 0.8 * lead.check_ins


def _take(rng: random.Random, pool: list[_Lead]) -> _Lead:
    """Remove and return a random element in O(1) (order inside the pool carries no meaning)."""
    index = rng.randrange(len(pool))
    pool[index], pool[-1] = pool[-1], pool[index]
    return pool.pop()


def _note(rng: random.Random, outcome: Outcome, lead: _Lead) -> str:
    # Sellers write notes when something happened; an unanswered call rarely gets one.
    if rng.random() >= (0.08 if outcome == "no-answer" else 0.35):
        return ""
    if outcome == "not-interested":
        assert lead.lost_reason is not None
        return rng.choice(_NO_NOTES[lead.lost_reason])
    return rng.choice(_NOTES[outcome])


def _month_end_days(days: list[date], calendar: WorkCalendar) -> frozenset[date]:
    """The last three working days of every month the history touches."""
    busy: set[date] = set()
    for year, month in sorted({(d.year, d.month) for d in days}):
        month_end = parse_period(f"{year}-{month:02d}").end
        busy.update(list(calendar.days(date(year, month, 1), month_end))[-3:])
    return frozenset(busy)


def final_prospect(lead: _Lead) -> Prospect:
    p = lead.prospect
    return Prospect(
        id=p.id,
        name=p.name,
        company=p.company,
        email=p.email,
        phone=p.phone,
        status=lead.status,
        lost_reason=lead.lost_reason,
        last_contact=lead.last_contact,
        do_not_contact=lead.do_not_contact,
        value=p.value,
        best_stage=_STAGES[lead.best_stage],
        conversations=lead.conversations,
        cycle_start=lead.cycle_start,
    )
