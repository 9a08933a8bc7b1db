"""What the simulated days leave on record: times of day, yearly targets, morning checks."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from planner.calendar import ONE_DAY, WorkCalendar, parse_period
from planner.demo.history import Draft
from planner.models import ComposureCheck, Settings, Target, Touch

_COMPOSURE_PROMPTS = 30

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


def timed_touches(
    rng: random.Random, story: list[tuple[date, list[Draft]]], zone: ZoneInfo, today: date
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


def yearly_targets(
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


def morning_checks(
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
