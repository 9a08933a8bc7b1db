"""`planner whatif`: the forecast under other touches a day and rates. A read: nothing stored."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import click

from planner.cli.app import ctx_service, fail_no_target, handle_errors
from planner.cli.output import emit_json


class Share(click.ParamType[float]):
    """A rate or share between 0 and 1; "15%" is read as 0.15."""

    name = "share"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        if isinstance(value, float):
            return value
        text = str(value).strip()
        scale = 100.0 if text.endswith("%") else 1.0
        try:
            number = float(text.rstrip("%")) / scale
        except ValueError:
            self.fail(f"{value!r} is not a number between 0 and 1 (or a percent like 15%)")
        if not 0.0 <= number <= 1.0:  # also refuses nan
            self.fail(f"{value!r} is outside 0-1 (a share: 0.15 or 15%)")
        return number


class Money(click.ParamType[Decimal]):
    """A deal value: a plain decimal greater than 0 with at most 2 decimals."""

    name = "amount"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Decimal:
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            self.fail(f"{value!r} is not an amount (a plain number such as 1500 or 1500.50)")
        if not number.is_finite() or number <= 0 or number > 1_000_000_000:
            self.fail(f"{value!r} is not an amount greater than 0 (at most 1,000,000,000)")
        if "e" in str(value).lower() or number != number.quantize(Decimal("0.01")):
            self.fail(f"{value!r}: an amount is a plain number with at most 2 decimals")
        return number


@click.command("whatif")
@click.option(
    "--touches",
    type=click.IntRange(0, 10_000),
    metavar="N",
    help="Touches a working day from today on.",
)
@click.option("--connect-rate", type=Share(), metavar="P", help="Conversations per touch (0-1).")
@click.option("--close-rate", type=Share(), metavar="P", help="Sales per conversation (0-1).")
@click.option("--deal-value", type=Money(), metavar="X", help="What one sale is worth (revenue).")
@click.option("--old-share", type=Share(), metavar="F", help="Share of touches to old prospects.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@handle_errors
def whatif(
    touches: int | None,
    connect_rate: float | None,
    close_rate: float | None,
    deal_value: Decimal | None,
    old_share: float | None,
    as_json: bool,
) -> None:
    """What it would take: your projected finish and chance to hit under other touches a day
    or rates (unstated ones are your own), and the touches a day that reach the target."""
    from planner.jsonout import whatif_json  # late: only this command needs them
    from planner.text import whatif_lines

    service = ctx_service()
    result = service.whatif(
        touches_per_day=None if touches is None else float(touches),
        connect_rate=connect_rate,
        close_rate=close_rate,
        deal_value=deal_value,
        old_share=old_share,
    )
    if result is None:
        fail_no_target(service.today)
    if as_json:
        emit_json(whatif_json(result))
        return
    for line in whatif_lines(result):
        click.echo(line)
