"""Deterministic demo data: years of one seller's targets, prospects, touches and mornings."""

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
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate
from zoneinfo import ZoneInfo

from planner.calendar import ONE_DAY, WorkCalendar, check_timezone, parse_period
from planner.models import (
    CONNECTED_OUTCOMES,
    MEETING_OUTCOMES,
    ComposureCheck,
    LostReason,
    Outcome,
    Prospect,
    ProspectStatus,
    Settings,
    Source,
    Stage,
    Target,
    Touch,
)

MAX_YEARS = 50
MAX_CALLS_PER_DAY = 1000
MAX_CYCLE_TOUCHES = 4

CENT = Decimal("0.01")
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
_COMPOSURE_PROMPTS = 30


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_FIRST_NAMES = _words(
    "Aaron Abigail Adam Aisha Alan Alice Amir Ana Andrea Anita Ben Bianca Brian Carla Carlos "
    "Chen Chloe Chris Claire Daniel Dana David Deepa Diego Elena Emily Eric Fatima Felix Fiona "
    "Frank Grace Hannah Hugo Ian Ingrid Isaac Jack James Jana Jason Jin Joanna Jonas Jorge "
    "Julia Karen Kenji Kevin Laura Leila Liam Linda Lucas Maria Mark Marta Maya Mei Michael "
    "Mohammed Nadia Nathan Nina Noah Olga Omar Paul Priya Rachel Rafael Ravi Rosa Ryan Sam "
    "Sara Sean Sofia Sunil Tanya Thomas Tom Valerie Victor Wei Yara Yusuf Zoe Adrian Alberto "
    "Amelia Anders Arjun Astrid Beatriz Bruno Camila Chidi Colin Derek Dmitri Eva Farah Gabriel "
    "Greta Hassan Helen Hiro Irene Jamal Javier Katya Lars Lena Marco Miguel Naomi Oscar "
    "Pablo Petra Quentin Rita Simon Sven Teresa Uma Vanessa Walter Xavier Yasmin Zainab"
)
_LAST_NAMES = _words(
    "Adams Ahmed Alvarez Andersen Baker Bauer Becker Bennett Brooks Campbell Carter Castro "
    "Chang Chen Clarke Collins Cooper Costa Cruz Davies Diaz Dubois Edwards Evans Fischer "
    "Fleming Foster Garcia Gomez Graham Gupta Hall Hansen Harris Hartley Hayes Hoffmann "
    "Hughes Ibrahim Ito Jensen Johnson Kaur Keller Kelly Khan Kim Klein Kowalski Larsen Lee "
    "Lewis Lopez Martin Mendes Meyer Miller Moreau Morgan Murphy Nakamura Nguyen Novak "
    "Okafor Olsen Ortiz Owens Park Patel Perez Peters Price Quinn Reed Reyes Richter Rivera "
    "Roberts Rossi Russo Sanchez Santos Sato Schmidt Schneider Shah Silva Singh Sokolov "
    "Stewart Sullivan Suzuki Tan Taylor Thompson Torres Turner Vogel Wagner Walker Wang "
    "Watson Weber Wilson Wong Wright Yamamoto Young Zhang Zimmer Abbott Banerjee Barnes Bishop "
    "Brennan Byrne Chaudhry Dalton Dixon Doyle Ellis Engel Farrell Fernandes Fuller Gallagher "
    "Gordon Haas Hamilton Hernandez Holm Horvath Iyer Jacobs Kapoor Kruger Lambert Lindqvist "
    "Lowe Marsh Mason Mehta Molina Nash Nielsen Oliveira Palmer Pearson Popescu Ramos Rao "
    "Reilly Rowe Salazar Sharma Simmons Soto Stone Tanaka Vargas Walsh Webb Yilmaz"
)
_COMPANY_WORDS = _words(
    "Acorn Alder Apex Arbor Atlas Beacon Birch Bluewater Brightway Canyon Cardinal Cedar "
    "Clearwater Copper Crescent Crown Delta Eastgate Evergreen Falcon Fieldstone Granite "
    "Greenleaf Harbor Highland Horizon Iron Ivy Juniper Keystone Lakeside Lantern Liberty "
    "Maple Meridian Summit Northwind Oakridge Orchard Pacific Pinnacle Prairie Quarry "
    "Redwood Riverside Rockford Sagebrush Silverline Southport Sterling Stonebridge Sunrise "
    "Tidewater Trident Union Valley Vantage Westfield Willow"
)
_COMPANY_TRADES = _words(
    "Analytics Architects Automotive Bakery Builders Cabinetry Catering Clinics Construction "
    "Consulting Dental Distribution Electric Engineering Facilities Fabrication Foods "
    "Freight Furniture Health Hospitality HVAC Insurance Labs Landscaping Legal Logistics "
    "Machining Manufacturing Marine Media Medical Metals Packaging Pharmacy Plastics "
    "Plumbing Printing Properties Realty Recycling Roofing Security Software Staffing "
    "Supply Systems Textiles Tools Travel Utilities Ventures Wholesale"
)
_COMPANY_HEADS = _COMPANY_WORDS + _LAST_NAMES  # "Harbor Logistics", "Okafor Dental"
_COMPANY_SUFFIXES = ("", "", "", "Inc.", "LLC", "Group", "Co.", "Partners", "Ltd.")

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
_INTENTS = (
    "Call the timing and budget no's from last quarter first",
    "Ten calls before coffee",
    "Ask for the meeting in every conversation",
    "Log every call the moment I hang up",
    "Leave one clear reason to call back on each voicemail",
    "Stand for the first hour of calls",
    "No email until 11:00",
    "Two more calls when I want to stop",
    "Book two meetings today",
    "Follow up on every meeting from last week",
    "Ask one more question before I pitch",
    "Breathe out before each dial",
    "Stop at 17:30 and write tomorrow's first three calls",
    "Keep the pitch to thirty seconds",
    "Take the no, thank them, next call",
    "Old prospects before lunch, new ones after",
)
# Ratings lean to 3-4; a day after no sales leans a little lower.
_RATINGS = (1, 2, 3, 4, 5)
_RATING_WEIGHTS = (0.04, 0.10, 0.34, 0.38, 0.14)
_RATING_WEIGHTS_AFTER_NO_SALE = (0.07, 0.17, 0.38, 0.30, 0.08)

_OFFICE_START = (8, 30)
_LUNCH_FROM = 12_600  # seconds after 08:30: 12:00
_LUNCH_SECONDS = 2_700  # a 45-minute lunch with no calls
_OFFICE_SECONDS = 32_400 - _LUNCH_SECONDS  # 08:30-17:30 minus lunch
_MORNING_SECONDS = 5_400  # today's few calls fall before 10:00


@dataclass(frozen=True, slots=True)
class DemoData:
    """Everything ``planner demo`` stores: consistent with itself as if logged day by day."""

    settings: Settings
    targets: tuple[Target, ...]
    prospects: tuple[Prospect, ...]
    touches: tuple[Touch, ...]  # sorted by (at, id); ids 1..N
    composure: tuple[ComposureCheck, ...]


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
class _Draft:
    """A touch before it gets its time of day and id."""

    lead: _Lead
    outcome: Outcome
    source: Source
    amount: Decimal | None
    note: str
    lead_days: int | None


@dataclass(slots=True)
class _Book:
    """Prospect identities: unique names, emails and phones; companies shared by a few."""

    rng: random.Random
    names: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    name_order: list[int] = field(default_factory=list)
    company_order: list[int] = field(default_factory=list)
    companies: list[tuple[str, str, int]] = field(default_factory=list)  # name, domain, style

    def prospect(self, prospect_id: int) -> Prospect:
        rng = self.rng
        if not self.name_order:  # every first-last pair is used once before any repeats
            self.name_order = list(range(len(_FIRST_NAMES) * len(_LAST_NAMES)))
            rng.shuffle(self.name_order)
        first_index, last_index = divmod(self.name_order.pop(), len(_LAST_NAMES))
        first, last = _FIRST_NAMES[first_index], _LAST_NAMES[last_index]
        name = f"{first} {last}"
        while name in self.names:  # a middle initial keeps names unique for lookups by name
            name = f"{first} {chr(65 + rng.randrange(26))}. {last}"
        self.names.add(name)
        company, domain, style = self._company()
        value = 0.0
        while not 500 <= value <= 20_000:  # redraw rather than clip: no spike at the bounds
            value = rng.lognormvariate(math.log(3_500), 0.8)
        return Prospect(
            id=prospect_id,
            name=name,
            company=company,
            email=self._email(first.lower(), last.lower(), domain, style),
            phone=self._phone(),
            value=Decimal(round(value / 50) * 50).quantize(CENT),
        )

    def _company(self) -> tuple[str, str, int]:
        rng = self.rng
        # B2B accounts have several contacts: reuse a recent company about a third of the time,
        # and always once every name has been used.
        if self.companies and (rng.random() < 0.35 or self.company_order == []):
            return self.companies[-1 - rng.randrange(min(200, len(self.companies)))]
        if not self.companies:
            self.company_order = list(range(len(_COMPANY_HEADS) * len(_COMPANY_TRADES)))
            rng.shuffle(self.company_order)
        head, trade = divmod(self.company_order.pop(), len(_COMPANY_TRADES))
        base = f"{_COMPANY_HEADS[head]} {_COMPANY_TRADES[trade]}"
        domain = "".join(c for c in base.lower() if c.isalnum()) + ".com"
        entry = (f"{base} {rng.choice(_COMPANY_SUFFIXES)}".strip(), domain, rng.randrange(3))
        self.companies.append(entry)
        return entry

    def _email(self, first: str, last: str, domain: str, style: int) -> str:
        local = (f"{first}.{last}", f"{first[0]}{last}", f"{first}_{last}")[style]
        email, number = f"{local}@{domain}", 1
        while email in self.emails:
            number += 1
            email = f"{first}.{last}{number}@{domain}"
        self.emails.add(email)
        return email

    def _phone(self) -> str:
        while True:
            phone = f"+1 555 01{self.rng.randrange(100):02d} {self.rng.randrange(10_000):04d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone


def generate_demo(
    *,
    today: date,
    years: int = 1,
    calls_per_day: int = 40,
    seed: int = 7,
    timezone: str = "UTC",
) -> DemoData:
    """``years`` of history ending ``today`` (a few morning calls at most on today itself).

    Pure and deterministic: the same arguments always give the same data. Raises
    ValueError for out-of-range arguments and CalendarError for an unknown time zone.
    """
    if not 1 <= years <= MAX_YEARS:
        raise ValueError(f"years must be between 1 and {MAX_YEARS}, not {years}")
    if not 1 <= calls_per_day <= MAX_CALLS_PER_DAY:
        raise ValueError(f"calls per day must be between 1 and {MAX_CALLS_PER_DAY}")
    zone = ZoneInfo(check_timezone(timezone))
    first_day = _years_before(today, years) + ONE_DAY
    if first_day.year < 1900:
        raise ValueError("demo history cannot start before 1900")
    settings = Settings(timezone=timezone, capacity=calls_per_day)
    simulation = _Simulation(random.Random(seed), settings, today, calls_per_day)
    days = list(WorkCalendar(workdays=settings.workdays).days(first_day, today))
    drafts = simulation.run(days)
    touches = _timed_touches(simulation.rng, drafts, zone, today)
    sales_by_day = Counter(t.day for t in touches if t.outcome == "sale")
    return DemoData(
        settings=settings,
        targets=_targets(simulation.rng, settings, first_day, today, sales_by_day),
        prospects=tuple(_final_prospect(lead) for lead in simulation.leads),
        touches=touches,
        # Today's question stays open, so a newcomer's first look is the morning prompt.
        composure=tuple(c for c in _composure(simulation.rng, days, sales_by_day) if c.day < today),
    )


class _Simulation:
    """The day-by-day story: who gets called, what happens, and what that changes."""

    def __init__(
        self, rng: random.Random, settings: Settings, today: date, calls_per_day: int
    ) -> None:
        self.rng = rng
        self.today = today
        self.calls_per_day = calls_per_day
        self.cooloff = timedelta(days=settings.cooloff_days)
        self.calendar = WorkCalendar(workdays=settings.workdays)
        self.book = _Book(rng)
        self.leads: list[_Lead] = []
        self.fresh: list[_Lead] = []  # never touched, in the order they will be worked
        self.follow_ups: dict[date, list[_Lead]] = {}
        self.eligible: list[tuple[float, int, _Lead]] = []  # heap: lost, cooled off, by rank
        self.quiet: list[_Lead] = []  # active, faded, cooled off
        self.cooling: dict[date, list[_Lead]] = {}  # day they cool off -> leads
        self.fresh_per_day = calls_per_day * _FRESH_SHARE
        self.fresh_batch = max(100, round(self.fresh_per_day * 20))

    def run(self, days: list[date]) -> list[tuple[date, list[_Draft]]]:
        busy_days = _month_end_days(days, self.calendar)
        # Month ends add ~25% on 3 of ~21.7 working days, light days take 40% off 1 in 20:
        # dividing by their net effect keeps the mean on `calls_per_day`.
        base = self.calls_per_day / (1 + 0.25 * 3 / 21.7 - 0.05 * 0.4)
        story: list[tuple[date, list[_Draft]]] = []
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

    def _work_day(self, day: date, slots: int) -> list[_Draft]:
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

    def _touch(self, lead: _Lead, day: date) -> _Draft:
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
        return _Draft(lead, outcome, source, amount, _note(rng, outcome, lead), lead_days)

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


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def _timed_touches(
    rng: random.Random, story: list[tuple[date, list[_Draft]]], zone: ZoneInfo, today: date
) -> tuple[Touch, ...]:
    touches: list[Touch] = []
    for day, drafts in story:
        rng.shuffle(drafts)  # follow-ups and first calls mix through the day
        span = _MORNING_SECONDS if day == today else _OFFICE_SECONDS
        opening = datetime(day.year, day.month, day.day, *_OFFICE_START, tzinfo=zone)
        for second, draft in zip(sorted(rng.sample(range(span), len(drafts))), drafts, strict=True):
            offset = second + (_LUNCH_SECONDS if second >= _LUNCH_FROM else 0)
            touches.append(
                Touch(
                    id=len(touches) + 1,
                    prospect_id=draft.lead.prospect.id,
                    at=opening + timedelta(seconds=offset),  # wall-clock arithmetic in zone
                    outcome=draft.outcome,
                    source=draft.source,
                    amount=draft.amount,
                    note=draft.note,
                    lead_days=draft.lead_days,
                )
            )
    return tuple(touches)


def _final_prospect(lead: _Lead) -> Prospect:
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


def _targets(
    rng: random.Random,
    settings: Settings,
    first_day: date,
    today: date,
    sales_by_day: Counter[date],
) -> tuple[Target, ...]:
    """One sales target a year: past years missed or beaten a little, this one ~12% behind."""
    calendar = WorkCalendar(workdays=settings.workdays)
    targets: list[Target] = []
    last_full_year_pace = 0.0  # sales per working day, for a target set in early January
    for year in range(first_day.year, today.year + 1):
        period = parse_period(str(year))
        total_days = calendar.count(period.start, period.end)
        sold = sum(n for d, n in sales_by_day.items() if d.year == year)
        if year < today.year:
            covered = calendar.count(max(first_day, period.start), period.end)
            last_full_year_pace = sold / max(1, covered)
            amount = sold * total_days / max(1, covered) / rng.uniform(0.88, 1.12)
        else:
            elapsed = calendar.count(period.start, today - ONE_DAY)
            if elapsed >= 10 and sold > 0:
                # Sized so that pace = sold / (amount * elapsed / total_days) lands in 0.85-0.90.
                amount = sold * total_days / (elapsed * rng.uniform(0.85, 0.90))
            else:
                amount = last_full_year_pace * total_days * rng.uniform(1.05, 1.15)
        amount_sales = Decimal(max(1, round(amount)))
        targets.append(Target("sales", amount_sales, period, id=len(targets) + 1))
    return tuple(targets)


def _composure(
    rng: random.Random, days: list[date], sales_by_day: Counter[date]
) -> tuple[ComposureCheck, ...]:
    """A morning check on most working days: about 85% answered, 10% skipped, 5% not opened."""
    checks: list[ComposureCheck] = []
    previous: date | None = None
    for index, day in enumerate(days):
        # Stepping by 7 through 30 prompts never repeats one within a week, like the real pick.
        prompt_id = f"demo-{index * 7 % _COMPOSURE_PROMPTS + 1}"
        roll = rng.random()
        if roll < 0.05:
            pass
        elif roll < 0.15:
            checks.append(ComposureCheck(day=day, prompt_id=prompt_id, skipped=True))
        else:
            after_no_sale = previous is not None and sales_by_day[previous] == 0
            weights = _RATING_WEIGHTS_AFTER_NO_SALE if after_no_sale else _RATING_WEIGHTS
            checks.append(
                ComposureCheck(
                    day=day,
                    prompt_id=prompt_id,
                    rating=rng.choices(_RATINGS, weights=weights)[0],
                    intent=rng.choice(_INTENTS),
                )
            )
        previous = day
    return tuple(checks)
