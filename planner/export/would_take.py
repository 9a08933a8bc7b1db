"""The review's "What it would take" lines (issue 14), the same words in every text format."""

from __future__ import annotations

from planner.review import WhatItWouldTake


def what_it_would_take_lines(take: WhatItWouldTake) -> list[str]:
    """Two or three plain lines: the touches a day needed, and the close rate that would do."""
    now = (
        f"Now: {take.touches_per_day:.1f} touches a day, {take.connect_rate:.1%} of touches "
        f"become conversations, {take.close_rate:.1%} of conversations a sale: "
        f"a {take.p_hit:.0%} chance to hit (as of {take.as_of})."
    )
    if take.required_touches_per_day is None:
        touches = (
            f"At these rates no number of touches within your capacity of {take.capacity} a "
            "day gives an even chance: the rates have to rise."
        )
    else:
        touches = (
            f"At these rates, {take.required_touches_per_day} touches a day give an even chance "
            f"(capacity {take.capacity})."
        )
    if take.close_rate_needed is None:
        close = "At today's touches a day no close rate is enough: more touches are needed."
    else:
        close = (
            f"At today's touches a day, a close rate of {take.close_rate_needed:.1%} of "
            "conversations would be enough."
        )
    return [now, touches, close]
