"""The funnel panel: each source's sales per touch with its 80% interval and lead time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from planner.models import SOURCES
from planner.words import share_words

if TYPE_CHECKING:
    from planner.funnel import FunnelReport


def funnel_text(funnel: FunnelReport | None) -> Content:
    """Two rows that fit a 36-column side panel:

    ``new  2.7%  1.6–4.0%   14 d``: the rate per touch, its 80% interval, the median lead
    days from a cycle's first touch to the sale (– while unknown).
    """
    if funnel is None:
        return Content.styled("no target for today", "$text-muted")
    rows: list[Content] = [
        Content.styled(f"{'':4}{'per touch':>9} {'80% range':>12} {'lead':>6}", "$text-muted")
    ]
    for source in SOURCES:
        stage = funnel[source]
        sale = stage.sale
        span = f"{share_words(sale.low)}–{share_words(sale.high)}"
        lead = "–" if stage.lead_days is None else f"{stage.lead_days:.0f} d"
        rows.append(
            Content.assemble(
                (f"{source:4}", "bold"),
                (f"{share_words(sale.estimate):>9}", "bold"),
                (f" {span:>12}", "$text-muted"),
                f" {lead:>6}",
            )
        )
    return Content("\n").join(rows)
