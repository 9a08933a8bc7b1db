"""The what-if: today's status inputs under the seller's assumptions. A read: nothing stored."""

from __future__ import annotations

from decimal import Decimal

from planner.service.context import ServiceContext
from planner.service.reads import Reader
from planner.service.results import ServiceError
from planner.whatif import WhatIf, WhatIfError, assume, baseline, what_if


class WhatIfs:
    """Runs ``planner.whatif`` on the same inputs as the status (``Reader.status_inputs``)."""

    def __init__(self, context: ServiceContext, reader: Reader) -> None:
        self._context = context
        self._reader = reader

    def whatif(
        self,
        *,
        touches_per_day: float | None = None,
        connect_rate: float | None = None,
        close_rate: float | None = None,
        deal_value: Decimal | None = None,
        old_share: float | None = None,
    ) -> WhatIf | None:
        """The forecast under the assumptions beside today's; None when no target covers today.
        An assumption left out is the seller's own figure."""
        inputs = self._reader.status_inputs()
        if inputs is None:
            return None
        base = baseline(inputs.funnel, inputs.evidence, inputs.pace(), inputs.settings)
        try:
            assumptions = assume(
                base,
                touches_per_day=touches_per_day,
                connect_rate=connect_rate,
                close_rate=close_rate,
                deal_value=deal_value,
                old_share=old_share,
            )
        except WhatIfError as error:
            raise ServiceError(str(error)) from error
        return what_if(inputs.pace, base, assumptions, inputs.chance)
