"""The review as one self-contained HTML page: inline CSS and SVG, no script, no network."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, timedelta

from planner.calendar import iso_week_label
from planner.export.common import (
    FUNNEL_HEADER,
    behind_cell,
    composure_text,
    day_name,
    forecast_note,
    funnel_rows,
    interval_cell,
    one_line,
    outcome_rows,
    shorten,
    title,
    unit_word,
)
from planner.export.would_take import what_it_would_take_lines
from planner.formatting import amount, figure, money, percent, ratio
from planner.models import SOURCES
from planner.review import Review, TargetReview
from planner.words import OUTCOME_WORDS, STAGE_WORDS, STATUS_WORDS

NOTE_LIMIT = 80

# The page may load nothing at all: even text that slipped past escaping could not run a
# script or fetch a thing.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

_CSS = """
:root { --ink: #1f2933; --muted: #52606d; --line: #cbd2d9; --actual: #1d4ed8;
  --expected: #7b8794; --target: #b42318; --new: #2563eb; --old: #d97706; --band: #fef3c7; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: #fff; }
main { max-width: 960px; margin: 0 auto; padding: 24px 20px 40px; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.15em; margin: 28px 0 8px; border-bottom: 2px solid var(--line);
  padding-bottom: 4px; }
p { margin: 6px 0; }
.muted { color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0 4px; }
.card { flex: 1 1 170px; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.card .label { font-size: .8em; text-transform: uppercase; letter-spacing: .04em;
  color: var(--muted); }
.card .value { font-size: 1.35em; font-weight: 600; }
.status-ahead, .status-on_track { color: #047857; }
.status-behind { color: #b45309; }
.status-at_risk { color: #b42318; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: .92em; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }
th { background: #f5f7fa; font-weight: 600; overflow-wrap: normal; }
.nowrap { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.off td { color: var(--muted); }
svg { width: 100%; height: auto; display: block; margin: 8px 0; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
.grid { stroke: #e4e7eb; stroke-width: 1; }
.legend { display: flex; gap: 18px; flex-wrap: wrap; font-size: .85em; color: var(--muted); }
.key { display: inline-block; width: 18px; height: 3px; vertical-align: middle;
  margin-right: 6px; }
footer { margin-top: 32px; font-size: .8em; color: var(--muted); }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .card, tr, svg { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  thead { display: table-header-group; }
  .card { border-color: #888; }
  th { background: none; }
}
"""


def esc(text: str) -> str:
    """User or computed text, on one line, escaped for element content and attributes."""
    return html.escape(one_line(text), quote=True)


def _day(day: date) -> str:
    return f'<span class="nowrap">{esc(day_name(day))}</span>'


def _table(
    header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()
) -> str:
    """A table from already-escaped cells; columns in ``numeric`` are right-aligned."""

    def cls(index: int) -> str:
        return ' class="num"' if index in numeric else ""

    head = "".join(f"<th{cls(i)}>{h}</th>" for i, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{c}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render(review: Review) -> bytes:
    win = review.window
    heading = title(win.label, win.whole_week)
    span = f"{day_name(win.start)} to {day_name(win.end)}"
    if win.partial:
        span += f" · in progress, counted up to today ({review.today})"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(heading)}</title>",
        f"<style>{_CSS}</style></head><body><main>",
        f'<header><h1>{esc(heading)}</h1><p class="muted">{esc(span)}</p></header>',
        _cards(review),
        _pace(review),
        _activity(review),
        _sales(review),
        _revived(review),
        _days(review),
        _next_week(review),
        _what_it_would_take(review),
        f"<footer>Written by planner on {review.today}. Rates are raw shares: connect = "
        "conversations per touch, close = sales per conversation.</footer>",
        "</main></body></html>",
    ]
    return ("\n".join(parts) + "\n").encode("utf-8")


def _card(label: str, value: str, extra: str = "", css: str = "") -> str:
    cls = f' class="value {css}"' if css else ' class="value"'
    note = f'<div class="muted">{extra}</div>' if extra else ""
    return f'<div class="card"><div class="label">{label}</div><div{cls}>{value}</div>{note}</div>'


def _cards(review: Review) -> str:
    cards = []
    target = review.target
    if target is not None:
        metric = target.target.metric
        cards.append(
            _card(
                "Actual",
                esc(amount(target.end.actual, metric)),
                f"of {esc(amount(target.target.amount, metric))} {unit_word(metric)} "
                f"(+{esc(amount(target.gained, metric))} these days)",
            )
        )
        cards.append(
            _card(
                "Pace",
                f"{ratio(target.start.pace)} → {ratio(target.end.pace)}",
                f"{STATUS_WORDS[target.start.status]} → {STATUS_WORDS[target.end.status]}",
                f"status-{target.end.status}",
            )
        )
    activity = review.activity
    cards.append(
        _card(
            "Touches",
            str(activity.total.touches),
            f"{activity.trailing.touches / activity.trailing_weeks:.0f} a week before",
        )
    )
    cards.append(
        _card("Sales", str(activity.total.sales), f"worth {esc(money(activity.sales_amount))}")
    )
    return f'<section class="cards">{"".join(cards)}</section>'


# ---------------------------------------------------------------- pace and burn-up


def _pace(review: Review) -> str:
    target = review.target
    if target is None:
        return (
            "<section><h2>Pace</h2><p>No target covers these days "
            "(<code>planner target set 24 --period 2026</code>).</p></section>"
        )
    metric = target.target.metric
    period = target.target.period
    snaps = (target.start, target.end)
    rows = [
        [f"Actual ({unit_word(metric)})", *(esc(amount(s.actual, metric)) for s in snaps)],
        ["Expected by then", *(esc(figure(s.expected, metric)) for s in snaps)],
        ["Pace", *(ratio(s.pace) for s in snaps)],
        ["Status", *(STATUS_WORDS[s.status] for s in snaps)],
        ["Needed per working day", *(esc(figure(s.required_per_day, metric, 2)) for s in snaps)],
        ["Behind (-: ahead)", *(esc(behind_cell(s.behind_by, metric)) for s in snaps)],
        ["Projected finish", *(esc(figure(s.projected, metric)) for s in snaps)],
        [
            "80% interval",
            *(esc(interval_cell(s.projected_low, s.projected_high, metric)) for s in snaps),
        ],
        ["Chance to hit", *(percent(s.p_hit) for s in snaps)],
    ]
    funnel = funnel_rows(target.funnel)
    funnel_table = (
        "<p>Sales per touch over the period's worked days:</p>"
        + _table(list(FUNNEL_HEADER), [[esc(c) for c in r] for r in funnel], numeric=(4, 5))
        if funnel
        else ""
    )
    end_label = (
        f"today, {target.end.as_of}"
        if target.end.as_of == review.today and review.window.end == review.today
        else f"close of {day_name(review.window.end)}"
    )
    header = ["", f"Start ({esc(day_name(target.start.as_of))} morning)", f"End ({esc(end_label)})"]
    return (
        "<section><h2>Pace</h2>"
        f"<p>Target: <strong>{esc(amount(target.target.amount, metric))} "
        f"{unit_word(metric)}</strong> in {esc(period.label)} "
        f"({period.start} to {period.end}). Status "
        f"{STATUS_WORDS[target.start.status]} → {STATUS_WORDS[target.end.status]} "
        f"({target.change}).</p>"
        f"{_burnup_svg(review, target)}"
        f"{_table(header, rows, numeric=(1, 2))}"
        f"<p>{esc(forecast_note(target.end, metric))}.</p>"
        f"<p><strong>Diagnosis:</strong> {esc(target.diagnosis_text)}.</p>{funnel_table}</section>"
    )


def _burnup_svg(review: Review, target: TargetReview) -> str:
    width, height = 720, 280
    left, right, top, bottom = 72, 24, 14, 40
    period = target.target.period
    origin = period.start - timedelta(days=1)
    span = max(1, (period.end - origin).days)
    quota = float(target.target.amount)
    actuals = [float(p.actual) for p in target.burnup if p.actual is not None]
    top_value = max([quota, *actuals, *(p.expected for p in target.burnup), 1.0]) * 1.05
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(day: date) -> float:
        return left + plot_w * (day - origin).days / span

    def y(value: float) -> float:
        return top + plot_h * (1.0 - value / top_value)

    def points(pairs: Sequence[tuple[date, float]]) -> str:
        return " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in pairs)

    # The expected line runs through the Sundays and the period's end; the extra point at
    # the review's last day would put a kink in a straight plan, so it carries only actual.
    extra = review.window.end
    if extra.weekday() == 6 or extra == period.end:
        extra = date.min
    plan = [p for p in target.burnup if p.day != extra]
    expected = points([(origin, 0.0), *((p.day, p.expected) for p in plan)])
    actual = points(
        [(origin, 0.0), *((p.day, float(p.actual)) for p in target.burnup if p.actual is not None)]
    )
    metric = target.target.metric
    win = review.window
    band_x = x(max(win.start, period.start) - timedelta(days=1))
    band_w = max(2.0, x(min(win.end, period.end)) - band_x)
    shapes = [
        f'<rect x="{band_x:.1f}" y="{top}" width="{band_w:.1f}" height="{plot_h}" fill="#fef3c7"/>',
    ]
    for fraction in (0.0, 0.25, 0.5, 0.75, 1.0):
        value = top_value / 1.05 * fraction
        shapes.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" '
            f'y1="{y(value):.1f}" y2="{y(value):.1f}"/>'
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end">'
            f"{esc(_axis(value))}</text>"
        )
    for tick in _ticks(period.start, period.end):
        # A label near the right edge is anchored at its end, so it is not cut off.
        anchor = "end" if x(tick) > width - right - 30 else "middle"
        shapes.append(
            f'<text x="{x(tick):.1f}" y="{height - bottom + 18}" text-anchor="{anchor}">'
            f"{esc(tick.strftime('%b %d') if span > 40 else tick.strftime('%a %d'))}</text>"
        )
    shapes += [
        f'<line x1="{left}" x2="{width - right}" y1="{y(quota):.1f}" y2="{y(quota):.1f}" '
        'stroke="#b42318" stroke-width="2" stroke-dasharray="6 4"/>',
        f'<polyline points="{expected}" fill="none" stroke="#7b8794" stroke-width="2"/>',
        f'<polyline points="{actual}" fill="none" stroke="#1d4ed8" stroke-width="3"/>',
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="#52606d"/>',
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" '
        'stroke="#52606d"/>',
    ]
    label = (
        f"Burn-up of {target.target.period.label}: target {amount(target.target.amount, metric)}, "
        f"expected and actual {unit_word(metric)} by day; these days are shaded"
    )
    legend = (
        '<div class="legend">'
        '<span><span class="key" style="background:#b42318"></span>target</span>'
        '<span><span class="key" style="background:#7b8794"></span>expected to date</span>'
        '<span><span class="key" style="background:#1d4ed8"></span>actual</span>'
        '<span><span class="key" style="background:#fef3c7;height:10px"></span>'
        "these days</span></div>"
    )
    return (
        f'<svg viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{esc(label)}"><title>{esc(label)}</title>'
        f"{''.join(shapes)}</svg>{legend}"
    )


def _axis(value: float) -> str:
    """A short axis label: 48, 1,250 or 37.5k (money needs no cents on an axis)."""
    if value >= 10_000:
        return f"{value / 1000:,.1f}k".replace(".0k", "k")
    return f"{value:,.0f}"


def _ticks(start: date, end: date) -> list[date]:
    # Month starts for a long period, Mondays for a short one; at most about a dozen labels.
    days = (end - start).days
    if days > 40:
        found = [
            date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1)
            for i in range(0, days // 28 + 2)
        ]
        found = [d for d in found if start <= d <= end]
        step = max(1, len(found) // 12 + (1 if len(found) % 12 else 0))
        return found[::step]
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    return [
        monday + timedelta(days=7 * i)
        for i in range(days // 7 + 1)
        if monday + timedelta(days=7 * i) <= end
    ]


# ---------------------------------------------------------------- touches and funnel


def _activity(review: Review) -> str:
    activity = review.activity
    by = [activity.by_source[s] for s in SOURCES]
    rows = outcome_rows(activity)
    rows.append(
        ["<strong>all touches</strong>", *(str(c.touches) for c in by), str(activity.total.touches)]
    )
    rows.append(["connect rate", *(percent(c.connect_rate) for c in [*by, activity.total])])
    rows.append(["close rate", *(percent(c.close_rate) for c in [*by, activity.total])])
    trailing = activity.trailing
    compare = [
        [
            "Touches",
            str(activity.total.touches),
            f"{trailing.touches / activity.trailing_weeks:.0f} a week",
        ],
        ["Connect rate", percent(activity.total.connect_rate), percent(trailing.connect_rate)],
        ["Close rate", percent(activity.total.close_rate), percent(trailing.close_rate)],
    ]
    return (
        "<section><h2>Touches and funnel by source</h2>"
        f"{_funnel_svg(review)}"
        f"{_table(['Outcome', 'New', 'Old', 'Total'], rows, numeric=(1, 2, 3))}"
        f"{_table(['', 'These days', 'Previous 4 weeks (average)'], compare, numeric=(1, 2))}"
        "</section>"
    )


def _funnel_svg(review: Review) -> str:
    width, row_h, label_w = 720, 22, 200
    stages = ("touches", "conversations", "meetings", "sales")
    by = review.activity.by_source
    widest = max([by[s].touches for s in SOURCES] + [1])
    colours = {"new": "#2563eb", "old": "#d97706"}
    shapes: list[str] = []
    y = 0
    for source in SOURCES:
        counts = by[source]
        values = (counts.touches, counts.conversations, counts.meetings, counts.sales)
        shapes.append(f'<text x="0" y="{y + 15}" font-weight="600">{source} prospects</text>')
        y += row_h
        for stage, value in zip(stages, values, strict=True):
            bar = (width - label_w - 60) * value / widest
            shapes.append(
                f'<text x="12" y="{y + 15}">{stage}</text>'
                f'<rect x="{label_w}" y="{y + 3}" width="{max(bar, 1.5):.1f}" height="{row_h - 6}" '
                f'fill="{colours[source]}" opacity="0.85"/>'
                f'<text x="{label_w + max(bar, 1.5) + 6:.1f}" y="{y + 15}">{value}</text>'
            )
            y += row_h
        y += 8
    label = "Funnel by source: touches, conversations, meetings and sales of new and old prospects"
    return (
        f'<svg viewBox="0 0 {width} {y}" role="img" '
        f'aria-label="{esc(label)}"><title>{esc(label)}</title>{"".join(shapes)}</svg>'
    )


# ---------------------------------------------------------------- sales, revived, days, next


def _sales(review: Review) -> str:
    total = len(review.sales)
    head = (
        f"<p>{total} sale{'s' if total != 1 else ''}, worth "
        f"{esc(money(review.activity.sales_amount))}.</p>"
    )
    if not review.sales:
        return f"<section><h2>Sales</h2>{head}</section>"
    rows = [
        [
            _day(s.at.date()),
            f'{esc(s.prospect)} <span class="muted">#{s.prospect_id}</span>',
            esc(money(s.amount)) if s.amount is not None else "–",
            s.source,
            str(s.lead_days) if s.lead_days is not None else "–",
            esc(shorten(one_line(s.note), NOTE_LIMIT)),
        ]
        for s in review.sales
    ]
    table = _table(
        ["Day", "Prospect", "Amount", "Source", "Days from first touch", "Note"],
        rows,
        numeric=(2, 4),
    )
    return f"<section><h2>Sales</h2>{head}{table}</section>"


def _revived(review: Review) -> str:
    if not review.revived:
        body = "<p>None: no old prospect talked, met or bought again in these days.</p>"
    else:
        rows = [
            [
                f'{esc(r.prospect)} <span class="muted">#{r.prospect_id}</span>',
                OUTCOME_WORDS[r.best_outcome],
                _day(r.first_day),
                str(r.touches),
            ]
            for r in review.revived
        ]
        body = _table(["Prospect", "Best outcome", "First", "Touches"], rows, numeric=(3,))
    return f"<section><h2>Old prospects revived</h2>{body}</section>"


def _days(review: Review) -> str:
    rows = []
    for d in review.days:
        planned = "–" if d.planned is None else f"{d.planned} ({d.planned_old} old)"
        rating = {"answered": str(d.rating), "skipped": "skipped", "none": "–"}[d.composure]
        rows.append(
            [
                _day(d.day) + ("" if d.working else ' <span class="muted">off</span>'),
                planned,
                f"{d.touches} ({d.touches_old} old)",
                str(d.conversations),
                str(d.sales),
                rating,
                esc(shorten(one_line(d.intent), NOTE_LIMIT)),
            ]
        )
    table = _table(
        ["Day", "Planned", "Done", "Conversations", "Sales", "Composure", "Intent"],
        rows,
        numeric=(1, 2, 3, 4, 5),
    )
    return (
        f"<section><h2>Plan, work and composure</h2>{table}"
        f"<p>{esc(composure_text(*_composure(review)))}</p></section>"
    )


def _composure(review: Review) -> tuple[float | None, int, int, float | None, int]:
    c = review.composure
    return c.average, c.answered, c.skipped, c.previous_average, c.previous_answered


def _next_week(review: Review) -> str:
    nxt = review.next_week
    title = f"Next week: {iso_week_label(nxt.start)} ({nxt.start} to {nxt.end})"
    if nxt.target_id is None:
        need = "<p>No target covers next week.</p>"
    elif nxt.required_per_day is None:
        need = "<p>The target's period has no working day left.</p>"
    else:
        unit = unit_word(nxt.metric)
        need = (
            f"<p>Needed: <strong>{esc(figure(nxt.required_per_day, nxt.metric, 2))} {unit}"
            f"</strong> per working day; {nxt.working_days} working days make "
            f"{esc(figure(nxt.needed, nxt.metric))} {unit}.</p>"
        )
    if not nxt.check_ins:
        checks = "<p>No old prospect is due a check-in.</p>"
    else:
        rows = [
            [
                str(rank),
                f'{esc(c.prospect)} <span class="muted">#{c.prospect_id}</span>',
                esc(c.company) or "–",
                _day(c.last_contact) if c.last_contact else "unknown",
                c.lost_reason or "–",
                STAGE_WORDS[c.best_stage],
            ]
            for rank, c in enumerate(nxt.check_ins, 1)
        ]
        checks = f"<p>Old prospects most worth a check-in (as of {nxt.check_in_day}):</p>" + _table(
            ["#", "Prospect", "Company", "Last contact", "Lost reason", "Got as far as"], rows, (0,)
        )
    return f"<section><h2>{esc(title)}</h2>{need}{checks}</section>"


def _what_it_would_take(review: Review) -> str:
    take = review.what_it_would_take
    if take is None:
        return ""
    items = "".join(f"<li>{esc(line)}</li>" for line in what_it_would_take_lines(take))
    return f"<section><h2>What it would take</h2><ul>{items}</ul></section>"
