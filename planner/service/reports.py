"""The week's review and the export of every record, each reading only what it needs."""

from __future__ import annotations

from datetime import date, timedelta

from planner.forecast import SellerEvidence
from planner.models import Prospect, Touch
from planner.queue import is_eligible_old, old_prospect_score
from planner.review import (
    AllRecords,
    ProspectLabel,
    Review,
    ReviewError,
    ReviewInput,
    build_review,
    choose_target,
    named_prospects,
    window,
)
from planner.review.next_week import CHECK_INS
from planner.service.context import ServiceContext
from planner.service.reads import Reader
from planner.service.results import ServiceError
from planner.store import DayPlan


class Reports:
    """Builds the review model that every export format renders, and the full export."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context
        self._store = context.store

    def review(
        self, start: date, end: date, label: str | None = None, *, touch_lines: bool = True
    ) -> Review:
        """The review of ``start..end`` (cut at today), reading only the days it needs.

        That is the reviewed days' month partitions, the summary files of the target's
        period and of the four weeks before, and the prospect shards (raw, for check-ins).
        """
        today = self._context.today
        try:
            win = window(start, end, today, label)
        except ReviewError as error:
            raise ServiceError(str(error)) from error
        settings = self._context.settings()
        targets = self._store.targets()
        chosen = [
            t
            for t in (
                choose_target(targets, win.start, win.end),
                choose_target(targets, win.next_start, win.next_end),
            )
            if t is not None
        ]
        first = min([win.trailing_start, *(t.period.start for t in chosen)])
        last_year = max([win.next_end.year, *(t.period.end.year for t in chosen)])
        touches = self._store.touches(win.start, win.end)
        check_in_day = max(today, win.next_start)
        wanted = {t.prospect_id for t in touches} if touch_lines else named_prospects(touches)
        labels, candidates = self._review_prospects(
            wanted, check_in_day, settings.cooloff_days, companies=touch_lines
        )
        plans = {day: plan for day in win.days if (plan := self._store.plan(day)) is not None}
        evidence: dict[tuple[int, date], SellerEvidence] = {}
        reader = Reader(self._context, one_read=True)
        reader.last_morning = win.end + timedelta(days=1) if win.end < today else today
        # The reviewed week and the next are usually of the same target: its evidence once.
        for target in {t.id: t for t in chosen}.values():
            opening = max(win.start, target.period.start)
            closing = win.end + timedelta(days=1) if win.end < today else today
            through = min(win.end, target.period.end)
            evidence[target.id, opening] = reader.evidence(
                target, opening, opening - timedelta(days=1)
            )
            evidence[target.id, closing] = reader.evidence(target, closing, through)
        return build_review(
            ReviewInput(
                window=win,
                today=today,
                settings=settings,
                calendar=self._context.calendar(range(first.year, last_year + 1)),
                targets=targets,
                summaries=self._store.summaries(first, win.end),
                touches=touches,
                labels=labels,
                candidates=candidates,
                plans=plans,
                composure=self._store.composure(win.trailing_start, win.end),
                evidence=evidence,
                touch_lines=touch_lines,
            )
        )

    def _review_prospects(
        self, wanted: set[int], check_in_day: date, cooloff_days: int, *, companies: bool = True
    ) -> tuple[dict[int, ProspectLabel], list[Prospect]]:
        """Who the prospects of ``wanted`` ids are, and the lost ones that may be due a
        check-in.

        Only lost, contactable, cooled-off prospects are decoded for the check-ins (the store
        filters before decoding, in the small lost shards), and the week's touched ones are
        named from names.json and companies.json: parsing every shard of heavy data for them
        would cost more than the rest of an export together. The review applies the queue's
        own eligibility rule to the candidates.
        """
        candidates = self._check_in_candidates(check_in_day, cooloff_days)
        if not companies:  # names alone (names.json), for a review without touch lines
            names = self._store.names_of(wanted)
            return {pid: ProspectLabel(name, "") for pid, name in names.items()}, candidates
        found = self._store.prospect_labels(wanted)
        if found is None:  # a data dir from before companies.json: their own shards
            decoded = self._store.prospects_by_id(wanted)
            return {pid: ProspectLabel(p.name, p.company) for pid, p in decoded.items()}, candidates
        return {pid: ProspectLabel(*label) for pid, label in found.items()}, candidates

    def _check_in_candidates(self, day: date, cooloff_days: int) -> list[Prospect]:
        """The lost prospects a review may name for a check-in on ``day``: ranked from the
        store's check-in rows by the queue's own rule and score, and read whole only for the
        CHECK_INS it names (the review ranks those again, to the same order). A data dir
        without the rows gives every lost, contactable, cooled-off prospect instead."""
        cutoff = day - timedelta(days=cooloff_days)
        rows = self._store.checkin_rows(cutoff)
        if rows is None:
            return self._store.prospects("lost", contacted_by=cutoff, contactable=True)
        eligible = [row for row in rows if is_eligible_old(row, day, cooloff_days)]
        eligible.sort(key=lambda row: (-old_prospect_score(row, day), row.id))
        chosen = [row.id for row in eligible[:CHECK_INS]]
        found = self._store.lost_by_id(chosen)
        return [found[pid] for pid in chosen if pid in found]

    def export_all(self) -> AllRecords:
        """Every record the seller entered, so they can always leave with their data."""
        months = self._store.touch_months()
        touches: list[Touch] = []
        if months:
            year, month = (int(part) for part in months[-1].split("-"))
            after = date(year + month // 12, month % 12 + 1, 1)
            first = date.fromisoformat(f"{months[0]}-01")
            touches = self._store.touches(first, after - timedelta(days=1))
        composure = self._store.composure(date.min, date.max)
        # The store keeps plans by day and has no listing: ask for every day there was work.
        today = self._context.today
        days = [today - timedelta(days=366)]
        days += [t.day for t in touches[:1]] + [c.day for c in composure[:1]]
        day, last = min(days), max([today, *(t.day for t in touches[-1:])])
        plans: list[DayPlan] = []
        while day <= last:
            if (plan := self._store.plan(day)) is not None:
                plans.append(plan)
            day += timedelta(days=1)
        return AllRecords(
            settings=self._context.settings(),
            targets=tuple(self._context.targets()),
            prospects=tuple(self._store.prospects()),
            touches=tuple(touches),
            composure=tuple(composure),
            plans=tuple(plans),
        )
