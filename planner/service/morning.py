"""The morning composure check: which prompt to ask today, and the seller's answer."""

from __future__ import annotations

from datetime import timedelta

from planner.composure import (
    Prompt,
    Situation,
    choose_prompt,
    load_prompts,
    situations_for,
    validate_check,
)
from planner.models import ComposureCheck
from planner.service.context import ServiceContext
from planner.service.reads import Reader


class Morning:
    """Chooses the prompt by pace and situation, and stores the answer (or the skip)."""

    def __init__(self, context: ServiceContext, reader: Reader) -> None:
        self._context = context
        self._store = context.store
        self._reader = reader

    def prompt(self) -> Prompt:
        """The prompt for this morning, chosen by pace and situation, not repeated in 7 days."""
        today = self._context.today
        report = self._reader.status()
        status = report.pace.status if report else "on_track"
        recent = [c.prompt_id for c in self._store.composure(today - timedelta(days=7), today)]
        situations: frozenset[Situation] = frozenset()
        if report is not None:
            period = report.target.period
            calendar = self._context.calendar_for(period)
            previous = calendar.previous_working_day(today)
            sales_before = None
            if previous is not None:
                sales_before = sum(
                    s.outcomes.get("sale", 0) for s in self._store.summaries(previous, previous)
                )
            pace = report.pace
            rate = None  # sales (not money) per working day so far
            if pace.working_days_elapsed:
                sales = float(pace.actual) / pace.sale_value if pace.sale_value else 0.0
                rate = sales / pace.working_days_elapsed
            situations = situations_for(today, period, calendar, sales_before, daily_sale_rate=rate)
        return choose_prompt(
            load_prompts(), today=today, status=status, situations=situations, recent_ids=recent
        )

    def save(
        self, prompt_id: str, rating: int | None, intent: str, *, skipped: bool = False
    ) -> ComposureCheck:
        rating, intent = (None, "") if skipped else validate_check(rating, intent)
        check = ComposureCheck(
            day=self._context.today,
            prompt_id=prompt_id,
            rating=rating,
            intent=intent,
            skipped=skipped,
        )
        with self._store.transaction("skip composure" if skipped else "answer composure") as tx:
            tx.put_composure(check)
        return check
