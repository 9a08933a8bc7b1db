"""The review as one JSON object ("schema": 1), described by schema/review.schema.json."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import orjson

from planner.calendar import format_workdays
from planner.formatting import amount_json, money_data, number_json
from planner.jsonout import prospect_json, target_json
from planner.models import (
    SOURCES,
    ComposureCheck,
    DayPlan,
    Metric,
    Prospect,
    Settings,
    Touch,
)
from planner.review import (
    AllRecords,
    Counts,
    PaceSnapshot,
    Review,
    TargetReview,
)

SCHEMA = 1
JsonObject = dict[str, Any]


def _money(value: Decimal | None) -> str | None:
    return None if value is None else money_data(value)


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _at(value: datetime) -> str:
    return value.isoformat()


def review_json(review: Review) -> JsonObject:
    """The whole review as plain JSON values."""
    win = review.window
    return {
        "schema": SCHEMA,
        "kind": "review",
        "today": review.today.isoformat(),
        "period": {
            "label": win.label,
            "start": win.start.isoformat(),
            "end": win.end.isoformat(),
            "requested_end": win.requested_end.isoformat(),
            "partial": win.partial,
        },
        "target": _target(review.target) if review.target else None,
        "activity": _activity(review),
        "sales": [
            {
                "touch_id": s.touch_id,
                "at": _at(s.at),
                "prospect": {"id": s.prospect_id, "name": s.prospect},
                "source": s.source,
                "amount": _money(s.amount),
                "lead_days": s.lead_days,
                "note": s.note,
            }
            for s in review.sales
        ],
        "revived": [
            {
                "prospect": {"id": r.prospect_id, "name": r.prospect},
                "first_day": r.first_day.isoformat(),
                "best_outcome": r.best_outcome,
                "touches": r.touches,
            }
            for r in review.revived
        ],
        "days": [
            {
                "day": d.day.isoformat(),
                "working_day": d.working,
                "planned": (
                    None
                    if d.planned is None
                    else {"total": d.planned, "old": d.planned_old, "new": d.planned_new}
                ),
                "done": {"total": d.touches, "old": d.touches_old, "new": d.touches_new},
                "conversations": d.conversations,
                "meetings": d.meetings,
                "sales": d.sales,
                "sales_amount": _money(d.sales_amount),
                "composure": d.composure,
                "rating": d.rating,
                "intent": d.intent,
            }
            for d in review.days
        ],
        "composure": {
            "average": number_json(review.composure.average, 2),
            "answered": review.composure.answered,
            "skipped": review.composure.skipped,
            "previous_average": number_json(review.composure.previous_average, 2),
            "previous_answered": review.composure.previous_answered,
        },
        "next_week": _next_week(review),
        "touches": [
            {
                "id": t.id,
                "at": _at(t.at),
                "day": t.at.date().isoformat(),
                "prospect": {"id": t.prospect_id, "name": t.prospect, "company": t.company},
                "outcome": t.outcome,
                "source": t.source,
                "amount": _money(t.amount),
                "lead_days": t.lead_days,
                "note": t.note,
                "revived": t.revived,
            }
            for t in review.touches
        ],
        "what_it_would_take": _what_it_would_take(review),
    }


def _snapshot(snap: PaceSnapshot, metric: Metric) -> JsonObject:
    return {
        "as_of": snap.as_of.isoformat(),
        "actual": amount_json(snap.actual, metric),
        "expected": number_json(snap.expected),
        "pace": number_json(snap.pace),
        "status": snap.status,
        "gap": number_json(snap.gap),
        "remaining": amount_json(snap.remaining, metric),
        "required_per_day": number_json(snap.required_per_day),
        "working_days": {
            "elapsed": snap.working_days_elapsed,
            "remaining": snap.working_days_remaining,
        },
        "projected": number_json(snap.projected),
        "p_hit": number_json(snap.p_hit),
        "projected_low": number_json(snap.projected_low),
        "projected_high": number_json(snap.projected_high),
        "behind_by": number_json(snap.behind_by),
        "final": snap.final,
        "carried_in": snap.carried_in,
        "unpriced_sales": snap.unpriced_sales,
        "pipeline": {
            "open_meetings": snap.pipeline.open_meetings,
            "expected_sales": number_json(snap.pipeline.expected_sales),
        },
        "forecast_prior": snap.prior_source,
    }


def _funnel(review: TargetReview) -> JsonObject | None:
    """Each source's sales per touch with its 80% interval and median lead days."""
    if review.funnel is None:
        return None
    found: JsonObject = {}
    for source in SOURCES:
        stage = review.funnel[source]
        found[source] = {
            "touches": stage.counts.touches,
            "sales": stage.counts.sales,
            "p_sale": number_json(stage.sale.estimate),
            "p_sale_low": number_json(stage.sale.low),
            "p_sale_high": number_json(stage.sale.high),
            "lead_days": number_json(stage.lead_days),
        }
    return found


def _target(review: TargetReview) -> JsonObject:
    target, metric = review.target, review.target.metric
    return {
        **target_json(target),
        "at_start": _snapshot(review.start, metric),
        "at_end": _snapshot(review.end, metric),
        "status_change": {
            "from": review.start.status,
            "to": review.end.status,
            "change": review.change,
        },
        "gained": amount_json(review.gained, metric),
        "diagnosis": review.diagnosis,
        "diagnosis_text": review.diagnosis_text,
        "funnel": _funnel(review),
        "burnup": [
            {
                "day": p.day.isoformat(),
                "expected": number_json(p.expected),
                "actual": None if p.actual is None else amount_json(p.actual, metric),
            }
            for p in review.burnup
        ],
    }


def _counts(counts: Counts) -> JsonObject:
    return {
        "touches": counts.touches,
        "conversations": counts.conversations,
        "meetings": counts.meetings,
        "sales": counts.sales,
        "outcomes": dict(counts.outcomes),
        "connect_rate": number_json(counts.connect_rate),
        "close_rate": number_json(counts.close_rate),
    }


def _activity(review: Review) -> JsonObject:
    activity = review.activity
    return {
        "total": _counts(activity.total),
        "by_source": {source: _counts(activity.by_source[source]) for source in SOURCES},
        "trailing": {**_counts(activity.trailing), "weeks": activity.trailing_weeks},
        "sales_amount": _money(activity.sales_amount),
    }


def _next_week(review: Review) -> JsonObject:
    nxt = review.next_week
    return {
        "start": nxt.start.isoformat(),
        "end": nxt.end.isoformat(),
        "target_id": nxt.target_id,
        "metric": nxt.metric,
        "working_days": nxt.working_days,
        "required_per_day": number_json(nxt.required_per_day),
        "needed": number_json(nxt.needed),
        "check_in_day": nxt.check_in_day.isoformat(),
        "check_ins": [
            {
                "prospect": {"id": c.prospect_id, "name": c.prospect, "company": c.company},
                "lost_reason": c.lost_reason,
                "last_contact": _day(c.last_contact),
                "best_stage": c.best_stage,
                "conversations": c.conversations,
                "value": _money(c.value),
                "score": number_json(c.score),
            }
            for c in nxt.check_ins
        ],
    }


# ---------------------------------------------------------------- every record (--all)


def _settings(settings: Settings) -> JsonObject:
    return {
        "timezone": settings.timezone,
        "workdays": format_workdays(settings.workdays).split(","),
        "country": settings.country,
        "subdivision": settings.subdivision,
        "days_off": sorted(day.isoformat() for day in settings.days_off),
        "capacity": settings.capacity,
        "cooloff_days": settings.cooloff_days,
        "min_new_share": settings.min_new_share,
        "prior_strength": settings.prior_strength,
        "priors": {
            source: {"connect": p.connect, "meeting": p.meeting, "close": p.close}
            for source, p in sorted(settings.priors.items())
        },
        "default_deal_value": _money(settings.default_deal_value),
    }


def _prospect(p: Prospect) -> JsonObject:
    # The `prospect list --json` record, plus what the store keeps about the prospect's cycle.
    return {
        **prospect_json(p),
        "best_stage": p.best_stage,
        "conversations": p.conversations,
        "snoozed_until": _day(p.snoozed_until),
        "cycle_start": _day(p.cycle_start),
    }


def _touch(t: Touch) -> JsonObject:
    return {
        "id": t.id,
        "prospect_id": t.prospect_id,
        "at": _at(t.at),
        "outcome": t.outcome,
        "source": t.source,
        "amount": _money(t.amount),
        "note": t.note,
        "lead_days": t.lead_days,
    }


def _check(c: ComposureCheck) -> JsonObject:
    return {
        "day": c.day.isoformat(),
        "prompt_id": c.prompt_id,
        "rating": c.rating,
        "intent": c.intent,
        "skipped": c.skipped,
    }


def _plan(plan: DayPlan) -> JsonObject:
    return {
        "day": plan.day.isoformat(),
        "planned_old": plan.planned_old,
        "planned_new": plan.planned_new,
        "prospect_ids": list(plan.prospect_ids),
    }


def all_json(records: AllRecords, today: date) -> JsonObject:
    """Every record, for a seller who leaves with their data."""
    return {
        "schema": SCHEMA,
        "kind": "all",
        "today": today.isoformat(),
        "settings": _settings(records.settings),
        "targets": [
            {
                **target_json(t),
                "carried_in": t.carried_in,
                "carried_in_amount": _money(t.carried_in_amount),
            }
            for t in records.targets
        ],
        "prospects": [_prospect(p) for p in records.prospects],
        "touches": [_touch(t) for t in records.touches],
        "composure": [_check(c) for c in records.composure],
        "plans": [_plan(p) for p in records.plans],
    }


def encode(payload: JsonObject) -> bytes:
    """Indented UTF-8 JSON ending in a newline (the review holds no NaN or infinity)."""
    return orjson.dumps(payload, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def render(review: Review) -> bytes:
    return encode(review_json(review))


def _what_it_would_take(review: Review) -> JsonObject | None:
    take = review.what_it_would_take
    if take is None:
        return None
    return {
        "as_of": take.as_of.isoformat(),
        "touches_per_day": number_json(take.touches_per_day, 2),
        "connect_rate": number_json(take.connect_rate),
        "close_rate": number_json(take.close_rate),
        "capacity": take.capacity,
        "p_hit": number_json(take.p_hit),
        "required_touches_per_day": take.required_touches_per_day,
        "close_rate_needed": number_json(take.close_rate_needed),
    }
