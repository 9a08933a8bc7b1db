"""The `--json` shapes of DESIGN section 4: one object per command, each with "schema": 1."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from planner.formatting import amount_json, money_data, number_json
from planner.models import SOURCES, Prospect, Target, Touch

if TYPE_CHECKING:
    from planner.service import DayView, StatusReport
    from planner.whatif import WhatIf

SCHEMA = 1
JsonObject = dict[str, Any]


def target_json(target: Target) -> JsonObject:
    return {
        "id": target.id,
        "metric": target.metric,
        "amount": amount_json(target.amount, target.metric),
        "period": target.period.label,
        "start": target.period.start.isoformat(),
        "end": target.period.end.isoformat(),
    }


def status_json(report: StatusReport) -> JsonObject:
    pace = report.pace
    metric = report.target.metric
    target = target_json(report.target)
    del target["id"]
    funnel: JsonObject = {}
    for source in SOURCES:
        stage = report.funnel[source]
        funnel[source] = {
            "touches": stage.counts.touches,
            "conversations": stage.counts.conversations,
            "meetings": stage.counts.meetings,
            "sales": stage.counts.sales,
            "p_sale": number_json(stage.sale.estimate),
            "p_sale_low": number_json(stage.sale.low),
            "p_sale_high": number_json(stage.sale.high),
            "lead_days": number_json(stage.lead_days),
        }
    return {
        "schema": SCHEMA,
        "today": report.today.isoformat(),
        "target": target,
        "working_days": {
            "total": pace.working_days_total,
            "elapsed": pace.working_days_elapsed,
            "remaining": pace.working_days_remaining,
        },
        "actual": amount_json(pace.actual, metric),
        "expected": number_json(pace.expected),
        "pace": number_json(pace.pace),
        "status": pace.status,
        "gap": number_json(pace.gap),
        "remaining": amount_json(pace.remaining, metric),
        "required_per_day": number_json(pace.required_per_day),
        "run_rate_per_day": number_json(pace.run_rate_per_day),
        "projected": number_json(pace.projected),
        "projected_low": number_json(pace.projected_low),
        "projected_high": number_json(pace.projected_high),
        "p_hit": number_json(pace.p_hit),
        "funnel": funnel,
        "diagnosis": report.diagnosis,
        "behind_by": number_json(pace.behind_by),
        "carried_in": pace.carried_in,
        "final": pace.final,
        "pipeline": {
            "open_meetings": pace.pipeline.open_meetings,
            "expected_sales": number_json(pace.pipeline.expected_sales),
        },
        "forecast": forecast_json(report),
    }


def forecast_json(report: StatusReport) -> JsonObject:
    """What the forecast assumed: its prior in words and, for revenue, the value of a sale."""
    pace = report.pace
    revenue = report.target.metric == "revenue"
    return {
        "prior": pace.prior_source,
        "prior_rate_per_day": number_json(pace.prior_rate),
        "sale_value": money_data(Decimal(str(round(pace.sale_value, 2)))) if revenue else None,
        "sale_value_from": (
            None
            if not revenue
            else "priced_sales"
            if report.average_sale_value is not None
            else "default_deal_value"
        ),
        "unpriced_sales": pace.unpriced_sales if revenue else 0,
    }


def queue_json(view: DayView) -> JsonObject:
    """The stored day plan (the same list the TUI shows) with what is done and left; lines
    logged off the plan follow with rank null."""
    queue = view.queue
    return {
        "schema": SCHEMA,
        "today": queue.today.isoformat(),
        "capacity": queue.capacity,
        "needed_sales": number_json(queue.needed_sales),
        "expected_sales": number_json(queue.expected_sales),
        "planned": {"old": view.planned_old, "new": view.planned_new},
        "shortfall": number_json(queue.shortfall),
        "size_words": view.size_words,
        "done": view.done,
        "left": view.left,
        "items": [
            {
                "rank": line.rank,
                "source": line.source,
                "prospect": (
                    {"id": line.prospect.id, "name": line.prospect.name} if line.prospect else None
                ),
                "reason": line.reason,
                "done": line.done,
                "outcome": line.outcome,
                "follow_up": line.follow_up.isoformat() if line.follow_up else None,
            }
            for line in view.lines
        ],
    }


def prospect_json(prospect: Prospect) -> JsonObject:
    return {
        "id": prospect.id,
        "name": prospect.name,
        "company": prospect.company,
        "email": prospect.email,
        "phone": prospect.phone,
        "status": prospect.status,
        "lost_reason": prospect.lost_reason,
        "last_contact": prospect.last_contact.isoformat() if prospect.last_contact else None,
        "do_not_contact": prospect.do_not_contact,
        "value": money_data(prospect.value) if prospect.value is not None else None,
        "follow_up": prospect.follow_up.isoformat() if prospect.follow_up else None,
    }


def prospect_show_json(prospect: Prospect, touches: list[Touch]) -> JsonObject:
    """`prospect show --json`: the record and every touch, newest first."""
    return {
        "schema": SCHEMA,
        **prospect_json(prospect),
        "touches": [
            {
                "at": touch.at.isoformat(),
                "outcome": touch.outcome,
                "source": touch.source,
                "amount": money_data(touch.amount) if touch.amount is not None else None,
                "note": touch.note,
            }
            for touch in sorted(touches, key=lambda t: (t.at, t.id), reverse=True)
        ],
    }


def whatif_json(result: WhatIf) -> JsonObject:
    """`planner whatif --json` (DESIGN section 4): the forecast under the assumptions."""
    assumptions = result.assumptions
    scenario = result.scenario
    return {
        "schema": SCHEMA,
        "today": scenario.today.isoformat(),
        "assumptions": {
            "touches_per_day": number_json(assumptions.touches_per_day, 2),
            "connect_rate": number_json(assumptions.connect_rate),
            "close_rate": number_json(assumptions.close_rate),
            "deal_value": (
                money_data(assumptions.deal_value) if assumptions.deal_value is not None else None
            ),
            "old_share": number_json(assumptions.old_share),
        },
        "projected": number_json(scenario.projected),
        "projected_low": number_json(scenario.projected_low),
        "projected_high": number_json(scenario.projected_high),
        "p_hit": number_json(scenario.p_hit),
        "required_touches_per_day": result.required_touches_per_day,
    }
