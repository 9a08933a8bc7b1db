"""What is holding the seller back (volume, connect or close rate), and the numbers behind it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

from planner.formatting import percent
from planner.models import SOURCES, Diagnosis, PaceStatus, Settings, Source
from planner.stats import beta_cdf

if TYPE_CHECKING:
    from planner.funnel import FunnelReport

# What is holding a seller back, checked in this order (the first that holds wins):
#
# 0. volume             behind (status behind or at_risk) with touches so far under half of
#                       the touches the plan needed (``VOLUME_OBVIOUS``): said at once,
#                       however little data there is (10 touches against 127 needed).
# 1. insufficient_data  fewer than ``min_touches`` touches in all: too little to judge.
# 2. none               pace status ahead or on_track: nothing to fix.
# 3. volume             touches so far < 90% of the touches the plan needed, where
#                       needed = expected sales to date / planned sales per touch, and the
#                       planned rate blends each source's prior (connect*meeting*close) by
#                       the seller's actual share of touches per source.
# 4. connect_rate       P(true connect rate < planned connect) > 0.8, under the Beta
#                       posterior from the raw counts of both sources pooled and the plan as
#                       a weak prior (strength settings.prior_strength).
# 5. close_rate         P(true sales per conversation < planned meeting*close) > 0.8, the
#                       same way (planned rate blended by each source's share of
#                       conversations).
# 6. none               behind, but no single cause stands out.
#
# Volume comes first because it is the one lever fully in the seller's hands, and rates
# measured on too few touches are noise anyway. With no touches at all (only reachable
# with min_touches = 0) the mix is taken as all new: a fresh seller prospects.

VOLUME_THRESHOLD = 0.90
VOLUME_OBVIOUS = 0.50
RATE_CONFIDENCE = 0.80


class DiagnosisDetail(NamedTuple):
    """The numbers behind a diagnosis, for a screen to explain it in one line.

    ``touches_needed`` is None when the plan needs no touches to explain (no expected sales
    yet, or a planned sale rate of 0). Per-day figures are None unless ``days_elapsed`` > 0
    was given. Rates are raw shares (None before any trial); ``p_*_below_plan`` are the
    posterior probabilities that the true rate is under plan.
    """

    diagnosis: Diagnosis
    pace_status: PaceStatus
    touches: int
    touches_needed: float | None
    days_elapsed: int | None
    expected_sales: float
    actual_sales: float
    connect_rate: float | None
    planned_connect: float
    p_connect_below_plan: float
    close_rate: float | None
    planned_close: float
    p_close_below_plan: float
    min_touches: int

    @property
    def touches_per_day(self) -> float | None:
        return self.touches / self.days_elapsed if self.days_elapsed else None

    @property
    def touches_needed_per_day(self) -> float | None:
        if self.touches_needed is None or not self.days_elapsed:
            return None
        return self.touches_needed / self.days_elapsed

    @property
    def connect_low(self) -> bool:
        return self.p_connect_below_plan > RATE_CONFIDENCE

    @property
    def close_low(self) -> bool:
        return self.p_close_below_plan > RATE_CONFIDENCE

    def summary(self) -> str:
        """One plain line, e.g. "behind on volume: 31 touches a day against 48 needed; ..."."""
        match self.diagnosis:
            case "insufficient_data":
                return (
                    f"not enough data yet: {self.touches} touches logged, "
                    f"{self.min_touches} needed for a diagnosis"
                )
            case "volume":
                return f"behind on volume: {self._volume_text()}; {self._close_text()}"
            case "connect_rate":
                return (
                    f"behind on connect rate: {percent(self.connect_rate)} conversations per "
                    f"touch, {percent(self.planned_connect)} planned"
                )
            case "close_rate":
                return (
                    f"behind on close rate: {percent(self.close_rate)} sales per conversation, "
                    f"{percent(self.planned_close)} planned"
                )
            case _:
                if self.pace_status in ("ahead", "on_track"):
                    return "on pace: nothing to fix"
                return "behind, but volume, connect and close rates are all near plan"

    def _volume_text(self) -> str:
        have, need = self.touches_per_day, self.touches_needed_per_day
        if have is not None and need is not None:
            return f"{have:.0f} touches a day against {need:.0f} needed"
        return f"{self.touches} touches so far against {self.touches_needed or 0:.0f} needed"

    def _close_text(self) -> str:
        if self.close_low:
            return "sales per conversation are below plan too"
        if self.connect_low:
            return "conversations per touch are below plan too"
        return "sales per conversation are near plan"


def _blend(weights: Mapping[Source, int], values: Mapping[Source, float]) -> float:
    total = sum(weights.values())
    if total <= 0:
        return values["new"]
    return sum(weights[source] * values[source] for source in SOURCES) / total


def _p_below(plan: float, successes: int, trials: int, strength: float) -> float:
    # Posterior P(true rate < plan) with the plan itself as a weak prior.
    a = successes + strength * plan
    b = trials - successes + strength * (1.0 - plan)
    if a + b <= 0.0:
        return 0.5
    return beta_cdf(plan, a, b)


def diagnosis_detail(
    report: FunnelReport,
    *,
    expected_sales_to_date: float,
    actual_sales: float,
    pace_status: PaceStatus,
    settings: Settings,
    min_touches: int = 30,
    days_elapsed: int | None = None,
) -> DiagnosisDetail:
    """The diagnosis (rules in the comment above) with the numbers behind it.

    ``expected_sales_to_date`` and ``actual_sales`` count sales (convert revenue first);
    ``report`` should count the touches of the same stretch of the period.
    """
    counts = {source: report.by_source[source].counts for source in SOURCES}
    total = report.totals
    priors = {source: settings.stage_priors(source) for source in SOURCES}
    touch_mix = {source: counts[source].touches for source in SOURCES}
    conversation_mix = {source: counts[source].conversations for source in SOURCES}
    if sum(conversation_mix.values()) == 0:
        conversation_mix = touch_mix
    planned_sale = _blend(touch_mix, {s: priors[s].sale for s in SOURCES})
    planned_connect = _blend(touch_mix, {s: priors[s].connect for s in SOURCES})
    planned_close = _blend(
        conversation_mix, {s: priors[s].meeting * priors[s].close for s in SOURCES}
    )

    expected = max(0.0, expected_sales_to_date)
    touches_needed = expected / planned_sale if expected > 0.0 and planned_sale > 0.0 else None
    strength = settings.prior_strength
    p_connect = _p_below(planned_connect, total.conversations, total.touches, strength)
    p_close = _p_below(planned_close, total.sales, total.conversations, strength)

    diagnosis: Diagnosis
    behind = pace_status not in ("ahead", "on_track")
    if behind and touches_needed is not None and total.touches < VOLUME_OBVIOUS * touches_needed:
        diagnosis = "volume"
    elif total.touches < min_touches:
        diagnosis = "insufficient_data"
    elif pace_status in ("ahead", "on_track"):
        diagnosis = "none"
    elif touches_needed is not None and total.touches < VOLUME_THRESHOLD * touches_needed:
        diagnosis = "volume"
    elif p_connect > RATE_CONFIDENCE:
        diagnosis = "connect_rate"
    elif p_close > RATE_CONFIDENCE:
        diagnosis = "close_rate"
    else:
        diagnosis = "none"

    return DiagnosisDetail(
        diagnosis=diagnosis,
        pace_status=pace_status,
        touches=total.touches,
        touches_needed=touches_needed,
        days_elapsed=days_elapsed,
        expected_sales=expected,
        actual_sales=actual_sales,
        connect_rate=total.conversations / total.touches if total.touches else None,
        planned_connect=planned_connect,
        p_connect_below_plan=p_connect,
        close_rate=total.sales / total.conversations if total.conversations else None,
        planned_close=planned_close,
        p_close_below_plan=p_close,
        min_touches=min_touches,
    )
