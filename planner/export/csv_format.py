"""The review as CSV: one row per touch with computed columns, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from planner.export.common import WEEKDAYS
from planner.formatting import money_data
from planner.funnel import FunnelReport
from planner.models import Source
from planner.review import Review
from planner.sanitize import strip_controls

COLUMNS = (
    "touch_id",
    "at",
    "day",
    "weekday",
    "prospect_id",
    "prospect",
    "company",
    "outcome",
    "source",
    "connected",
    "meeting",
    "sale",
    "amount",
    "lead_days",
    "revived",
    "day_planned",
    "day_rating",
    "source_p_sale",
    "source_p_sale_low",
    "source_p_sale_high",
    "source_lead_days",
    "note",
)

# OWASP CSV injection: a text cell starting with one of these can be read as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Tab and line breaks are text a cell may keep; every other control character goes.
_CELL_KEEPS = "\t\n\r"

Cell = str | int | Decimal | None


def neutralise(text: str) -> str:
    """Drop stray controls; prefix a single quote to text a spreadsheet would take for a formula."""
    text = strip_controls(text, keep=_CELL_KEEPS)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def cell(value: Cell) -> str:
    # Only text is neutralised: numbers are written as numbers (a negative one included),
    # and the columns holding them never carry user text.
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return money_data(value)
    return neutralise(value)


def _source_rates(funnel: FunnelReport | None, source: Source) -> tuple[Cell, ...]:
    """The period's sales per touch of the touch's source, its 80% interval and median lead
    days (empty without a target), as plain decimals."""
    if funnel is None:
        return (None, None, None, None)
    stage = funnel[source]
    # Text, not Decimal: a Decimal cell is money (two places), a rate needs four.
    lead = None if stage.lead_days is None else f"{stage.lead_days:.1f}"
    return (
        f"{stage.sale.estimate:.4f}",
        f"{stage.sale.low:.4f}",
        f"{stage.sale.high:.4f}",
        lead,
    )


def render(review: Review) -> bytes:
    """UTF-8 CSV with a header row and CRLF line ends (RFC 4180)."""
    funnel = review.target.funnel if review.target is not None else None
    plans = {d.day: d.planned for d in review.days}
    ratings = {d.day: d.rating for d in review.days}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for t in review.touches:
        day = t.at.date()
        row: tuple[Cell, ...] = (
            t.id,
            t.at.isoformat(),
            day.isoformat(),
            WEEKDAYS[day.weekday()],
            t.prospect_id,
            t.prospect,
            t.company,
            t.outcome,
            t.source,
            int(t.connected),
            int(t.met),
            int(t.outcome == "sale"),
            t.amount,
            t.lead_days,
            int(t.revived),
            plans.get(day),
            ratings.get(day),
            *_source_rates(funnel, t.source),
            t.note,
        )
        writer.writerow([cell(value) for value in row])
    return out.getvalue().encode("utf-8")
