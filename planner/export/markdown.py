"""The review in Markdown: readable in a terminal and on any renderer, with a sales sparkline."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

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
    sparkline,
    title,
    unit_word,
)
from planner.export.would_take import what_it_would_take_lines
from planner.formatting import amount, figure, money, percent, ratio
from planner.models import SOURCES
from planner.review import Counts, PaceSnapshot, Review, TargetReview
from planner.words import OUTCOME_WORDS, STAGE_WORDS, STATUS_WORDS

# Characters that would end a cell, open code or a tag, or start emphasis or a link: each is
# backslash-escaped (CommonMark shows the character itself), so user text stays text.
_SPECIAL = re.compile(r"([\\|`*_\[\]<>~])")
NOTE_LIMIT = 60


def cell(text: str) -> str:
    """User text made safe for one table cell (and for running text)."""
    return _SPECIAL.sub(r"\\\1", one_line(text))


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str) -> list[str]:
    # align: one letter per column, "l" or "r".
    marks = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render(review: Review) -> bytes:
    lines: list[str] = []
    win = review.window
    lines.append(f"# {cell(title(win.label, win.whole_week))}")
    lines.append("")
    span = f"{day_name(win.start)} to {day_name(win.end)}"
    if win.partial:
        span += f" (in progress: counted up to today, {review.today})"
    lines.append(span)
    lines += _pace(review)
    lines += _activity(review)
    lines += _sales(review)
    lines += _revived(review)
    lines += _days(review)
    lines += _next_week(review)
    lines += _what_it_would_take(review)
    return ("\n".join(lines) + "\n").encode("utf-8")


def _snapshot_rows(review: TargetReview) -> list[list[str]]:
    metric = review.target.metric
    snaps = (review.start, review.end)

    def row(name: str, show: Callable[[PaceSnapshot], str]) -> list[str]:
        return [name, *(show(snap) for snap in snaps)]

    return [
        row(f"Actual ({unit_word(metric)})", lambda s: amount(s.actual, metric)),
        row("Expected by then", lambda s: figure(s.expected, metric)),
        row("Pace", lambda s: ratio(s.pace)),
        row("Status", lambda s: STATUS_WORDS[s.status]),
        row("Needed per working day", lambda s: figure(s.required_per_day, metric, 2)),
        row("Behind (-: ahead)", lambda s: behind_cell(s.behind_by, metric)),
        row("Projected finish", lambda s: figure(s.projected, metric)),
        row("80% interval", lambda s: interval_cell(s.projected_low, s.projected_high, metric)),
        row("Chance to hit", lambda s: percent(s.p_hit)),
    ]


def _pace(review: Review) -> list[str]:
    lines = ["", "## Pace", ""]
    target_review = review.target
    if target_review is None:
        lines.append("No target covers these days: `planner target set 24 --period 2026`.")
        return lines
    target, metric = target_review.target, target_review.target.metric
    lines.append(
        f"Target: {amount(target.amount, metric)} {unit_word(metric)} in "
        f"{cell(target.period.label)} ({target.period.start} to {target.period.end})."
    )
    lines.append("")
    header = [
        "",
        f"Start ({day_name(target_review.start.as_of)} morning)",
        f"End ({_end_words(review)})",
    ]
    lines += _table(header, _snapshot_rows(target_review), "lrr")
    lines.append("")
    start, end = target_review.start, target_review.end
    lines.append(
        f"Status: {STATUS_WORDS[start.status]} → {STATUS_WORDS[end.status]} "
        f"({target_review.change}); these days added "
        f"{amount(target_review.gained, metric)} {unit_word(metric, target_review.gained)}."
    )
    lines.append("")
    lines.append(f"{cell(forecast_note(target_review.end, metric))}.")
    lines.append("")
    lines.append(f"Diagnosis: {cell(target_review.diagnosis_text)}.")
    rows = funnel_rows(target_review.funnel)
    if rows:
        lines += ["", "Sales per touch over the period's worked days:", ""]
        lines += _table(list(FUNNEL_HEADER), rows, "llllrr")
    return lines


def _end_words(review: Review) -> str:
    assert review.target is not None
    as_of = review.target.end.as_of
    if as_of == review.today and review.window.end == review.today:
        return f"today, {as_of}"
    return f"close of {day_name(review.window.end)}"


def _rate_row(name: str, pick: str, counts: Sequence[Counts]) -> list[str]:
    values = [c.connect_rate if pick == "connect" else c.close_rate for c in counts]
    return [name, *(percent(v) for v in values)]


def _activity(review: Review) -> list[str]:
    activity = review.activity
    lines = ["", "## Touches", ""]
    by = [activity.by_source[s] for s in SOURCES]
    rows = outcome_rows(activity)
    rows.append(["**all touches**", *(str(c.touches) for c in by), str(activity.total.touches)])
    rows.append(_rate_row("connect rate", "connect", [*by, activity.total]))
    rows.append(_rate_row("close rate", "close", [*by, activity.total]))
    lines += _table(["Outcome", "New", "Old", "Total"], rows, "lrrr")
    lines.append("")
    trailing, weeks = activity.trailing, activity.trailing_weeks
    per_week = trailing.touches / weeks if weeks else 0.0
    lines += _table(
        ["", "These days", "Previous 4 weeks (average)"],
        [
            ["Touches", str(activity.total.touches), f"{per_week:.0f} a week"],
            ["Connect rate", percent(activity.total.connect_rate), percent(trailing.connect_rate)],
            ["Close rate", percent(activity.total.close_rate), percent(trailing.close_rate)],
        ],
        "lrr",
    )
    return lines


def _sales(review: Review) -> list[str]:
    lines = ["", "## Sales", ""]
    counts = [d.sales for d in review.days]
    letters = " ".join(d.day.strftime("%a")[:2] for d in review.days)
    lines.append(f"Daily sales: {sparkline(counts)}  ({letters}; most in a day: {max(counts)})")
    lines.append("")
    total = len(review.sales)
    lines.append(
        f"{total} sale{'s' if total != 1 else ''}, worth {money(review.activity.sales_amount)}."
    )
    if not review.sales:
        return lines
    lines.append("")
    rows = [
        [
            day_name(s.at.date()),
            f"{cell(s.prospect)} (#{s.prospect_id})",
            money(s.amount) if s.amount is not None else "-",
            s.source,
            str(s.lead_days) if s.lead_days is not None else "-",
            cell(shorten(one_line(s.note), NOTE_LIMIT)),
        ]
        for s in review.sales
    ]
    lines += _table(
        ["Day", "Prospect", "Amount", "Source", "Days from first touch", "Note"], rows, "llrlrl"
    )
    return lines


def _revived(review: Review) -> list[str]:
    lines = ["", "## Old prospects revived", ""]
    if not review.revived:
        lines.append("None: no old prospect talked, met or bought again in these days.")
        return lines
    rows = [
        [
            f"{cell(r.prospect)} (#{r.prospect_id})",
            OUTCOME_WORDS[r.best_outcome],
            day_name(r.first_day),
            str(r.touches),
        ]
        for r in review.revived
    ]
    lines += _table(["Prospect", "Best outcome", "First", "Touches"], rows, "lllr")
    return lines


def _days(review: Review) -> list[str]:
    lines = ["", "## Plan, work and composure", ""]
    rows = []
    for d in review.days:
        planned = "-" if d.planned is None else f"{d.planned} ({d.planned_old} old)"
        rating = {"answered": str(d.rating), "skipped": "skipped", "none": "-"}[d.composure]
        rows.append(
            [
                day_name(d.day) + ("" if d.working else " (off)"),
                planned,
                f"{d.touches} ({d.touches_old} old)",
                str(d.conversations),
                str(d.sales),
                rating,
                cell(shorten(one_line(d.intent), NOTE_LIMIT)),
            ]
        )
    lines += _table(
        ["Day", "Planned", "Done", "Conversations", "Sales", "Composure", "Intent"],
        rows,
        "lrrrrrl",
    )
    comp = review.composure
    lines.append("")
    lines.append(
        composure_text(
            comp.average, comp.answered, comp.skipped, comp.previous_average, comp.previous_answered
        )
    )
    return lines


def _next_week(review: Review) -> list[str]:
    nxt = review.next_week
    lines = ["", f"## Next week: {iso_week_label(nxt.start)} ({nxt.start} to {nxt.end})", ""]
    if nxt.target_id is None:
        lines.append("No target covers next week.")
    elif nxt.required_per_day is None:
        lines.append("The target's period has no working day left.")
    else:
        unit = unit_word(nxt.metric)
        lines.append(
            f"Needed: {figure(nxt.required_per_day, nxt.metric, 2)} {unit} per working day; "
            f"{nxt.working_days} working days make {figure(nxt.needed, nxt.metric)} {unit}."
        )
    lines.append("")
    if not nxt.check_ins:
        lines.append("No old prospect is due a check-in.")
        return lines
    lines.append(f"Old prospects most worth a check-in (as of {nxt.check_in_day}):")
    lines.append("")
    rows = [
        [
            str(rank),
            f"{cell(c.prospect)} (#{c.prospect_id})",
            cell(c.company) or "-",
            f"{c.last_contact}" if c.last_contact else "unknown",
            c.lost_reason or "-",
            STAGE_WORDS[c.best_stage],
        ]
        for rank, c in enumerate(nxt.check_ins, 1)
    ]
    lines += _table(
        ["#", "Prospect", "Company", "Last contact", "Lost reason", "Got as far as"], rows, "rlllll"
    )
    return lines


def _what_it_would_take(review: Review) -> list[str]:
    take = review.what_it_would_take
    if take is None:
        return []
    return [
        "",
        "## What it would take",
        "",
        *(f"- {line}" for line in what_it_would_take_lines(take)),
    ]
