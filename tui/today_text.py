"""The today screen's lines of text: the tally, the intent and the notice above the queue."""

from __future__ import annotations

from textual.content import Content

from planner.formatting import figure_compact
from tui.safe import plain
from tui.today_model import TodaySnapshot


def tally_text(snapshot: TodaySnapshot) -> Content:
    tally = snapshot.tally
    expected_sales = figure_compact(snapshot.expected_sales, "sales")
    return Content.assemble(
        ("Today ", "bold"),
        ("touches ", "$text-muted"),
        (f"{tally.touches}", "bold"),
        f"/{snapshot.planned}",
        ("  conversations ", "$text-muted"),
        (f"{tally.conversations}", "bold"),
        ("  meetings ", "$text-muted"),
        (f"{tally.meetings}", "bold"),
        ("  sales ", "$text-muted"),
        (f"{tally.sales}", "bold"),
        f"/{expected_sales}",
    )


def intent_text(snapshot: TodaySnapshot) -> Content:
    check = snapshot.composure
    if check is None:
        return Content.styled("Morning question not answered yet.", "$text-muted")
    if check.skipped:
        return Content.styled("Morning question skipped today.", "$text-muted")
    from planner.composure import RATING_LABELS

    rating = f"{check.rating} {RATING_LABELS.get(check.rating or 0, '')}" if check.rating else ""
    parts: list[str | tuple[str, str] | Content] = [("Intent ", "bold")]
    parts.append(plain(check.intent, "italic") if check.intent else ("(none)", "$text-muted"))
    if rating:
        parts.append((f" · feeling {rating}", "$text-muted"))
    return Content.assemble(*parts)


def notice_text(snapshot: TodaySnapshot) -> Content:
    if snapshot.prospect_count == 0:
        return Content.from_markup(
            "[b]No prospects yet.[/b] Press [b]l[/b] to log a call to a new name, run "
            "[i]planner prospect import FILE[/i], or press [b]D[/b] for demo data."
        )
    if snapshot.shortfall > 0:
        return Content.assemble(("⚠ ", "$warning"), snapshot.size_words)
    if snapshot.size_words:
        return Content.styled(snapshot.size_words, "$text-muted")
    return Content("")
