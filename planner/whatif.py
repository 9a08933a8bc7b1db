"""What it would take: the status's own forecast under other touches a day and rates (pure).

The assumptions (each optional: an unstated one is the seller's own figure, the baseline):

- ``touches_per_day``: touches a working day from today on (>= 0);
- ``connect_rate``: conversations per touch (0-1);
- ``close_rate``: sales per conversation (0-1), "close rate" as sellers say it and as the
  diagnosis measures it: the conversation -> meeting -> sale steps together;
- ``old_share``: the share of touches that go to old prospects (0-1);
- ``deal_value``: what one sale is worth (revenue targets only; None for sales targets).

The model is the status's forecast, unchanged (``planner.forecast``): the same posterior of
the seller's daily sale rate, from the same record, scaled for the future by

    rate_factor = (touches' / touches) * (connect' * close') / (connect * close)
                  * p(old_share') / p(old_share)

with p(s) = (1 - s) * p_new + s * p_old, each source's smoothed sale rate per touch. Open
deals (meetings in hand) keep their lead-time weight; their chance to close is scaled by
close' / close (at most 1). A new deal value changes what a sale is worth, so the sales a
revenue target still needs. With every assumption at the baseline nothing is scaled at all
and the what-if is the status, number for number.

The baseline: touches a day = the touches logged this period per worked day (the forecast's
own evidence), the plan's capacity before any touch; the old share = the period's share of
touches to old prospects (0 before any); connect = the funnel's smoothed conversations per
touch blended by that share; close = the blended smoothed sale rate per touch / connect, so
that connect x close is the sale rate per touch the funnel has. The connect and close rates
of the assumptions are read at today's mix: moving the old share moves the blend on top.

``required_touches_per_day``: the fewest whole touches a day, up to the capacity, whose
chance to hit is at least one half under the other assumptions; None when even the full
capacity falls short. More touches never lower the forecast, so a bisection finds it.

The best single change: a few comparable nudges of the assumptions, each alone, and the one
that adds most to the chance to hit wins (ties: the projected finish). Comparable means a
fifth of the plan: +20% touches a day (at least one more); the connect and close rates up by
a fifth of their *planned* rate, in points (+6 points of connect and +2.1 of close with the
default plan), so that at plan every lever is worth about the same and a rate far below plan
gains most from its step, as it would from coaching; 10 points of old share toward the source
that sells more per touch; +20% deal value for revenue targets. In a model where sales are
touches x connect x close, equal relative steps would always tie: the plan is the yardstick.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from planner.errors import PlannerError
from planner.forecast import Outlook, SellerEvidence
from planner.formatting import figure
from planner.funnel import FunnelReport
from planner.models import Settings
from planner.pacing import PaceReport

# A forecast of the status's inputs under an outlook (None: the status itself).
Forecast = Callable[[Outlook | None], PaceReport]
# The same forecast's p_hit alone (planner.pacing.PaceTotals.chance): the searches below ask
# for nothing else, and the percentiles a whole report computes cost far more.
Chance = Callable[[Outlook | None], float]
# Whether that p_hit is at least a level (planner.pacing.PaceTotals.reaches): the only
# question the searches ask, answered for most outlooks without the chance itself.
Reaches = Callable[[Outlook | None, float], bool]

HIT_CHANCE = 0.5  # "what it would take": at least an even chance to hit
NUDGE = 0.20  # the relative size of each compared change
SHARE_NUDGE = 0.10  # the old-share change compared, in share of touches
MAX_TOUCHES_PER_DAY = 10_000  # beyond this a number of touches is a typo
_CLOSE_STEPS = 30  # bisection steps of close_rate_needed: far below 0.1 point


class WhatIfError(PlannerError, ValueError):
    """An assumption out of its range; the message is one line for the seller."""


@dataclass(frozen=True, slots=True)
class Assumptions:
    """Touches a day and rates from today on (module docstring for the units)."""

    touches_per_day: float
    connect_rate: float  # conversations per touch
    close_rate: float  # sales per conversation
    old_share: float  # share of touches to old prospects
    deal_value: Decimal | None = None  # value of one sale; revenue targets only

    def __post_init__(self) -> None:
        touches = self.touches_per_day
        if not (math.isfinite(touches) and 0 <= touches <= MAX_TOUCHES_PER_DAY):
            raise WhatIfError(f"touches a day must be from 0 to {MAX_TOUCHES_PER_DAY}")
        for name, value in (
            ("connect rate", self.connect_rate),
            ("close rate", self.close_rate),
            ("old share", self.old_share),
        ):
            if not (math.isfinite(value) and 0.0 <= value <= 1.0):
                raise WhatIfError(f"the {name} must be between 0 and 1 (a share, not a percent)")
        if self.deal_value is not None and not self.deal_value > 0:
            raise WhatIfError("the deal value must be greater than 0")


@dataclass(frozen=True, slots=True)
class Baseline:
    """The seller's own figures, as the status's forecast has them, and the per-source rates
    that blend them."""

    assumptions: Assumptions
    capacity: int  # touches a day the seller can make (settings)
    sale_rate: tuple[float, float]  # (new, old) smoothed sales per touch
    connect: tuple[float, float]  # (new, old) smoothed conversations per touch
    revenue: bool  # a revenue target: the deal value plays a part
    planned_connect: float = 0.30  # the plan's conversations per touch, at today's mix
    planned_close: float = 0.105  # the plan's sales per conversation, at today's mix

    def sale_rate_at(self, old_share: float) -> float:
        new, old = self.sale_rate
        return (1.0 - old_share) * new + old_share * old


def baseline(
    funnel: FunnelReport,
    evidence: SellerEvidence | None,
    today: PaceReport,
    settings: Settings,
) -> Baseline:
    """The baseline of the module docstring, from the status's funnel, evidence and report."""
    evidence = evidence if evidence is not None else SellerEvidence()
    counts = funnel.totals
    # The touches the record holds, per worked day as the forecast counts them (today in).
    touches = evidence.touches or counts.touches
    if touches > 0:
        worked = max(1, min(today.working_days_total, today.working_days_elapsed + 1))
        touches_per_day = touches / (evidence.touch_days or worked)
    else:
        touches_per_day = float(settings.capacity)
    old_share = funnel.old.counts.touches / counts.touches if counts.touches else 0.0
    sale_rate = (funnel.new.sale.estimate, funnel.old.sale.estimate)
    connect_rates = (funnel.new.connect.estimate, funnel.old.connect.estimate)
    connect = (1.0 - old_share) * connect_rates[0] + old_share * connect_rates[1]
    per_touch = (1.0 - old_share) * sale_rate[0] + old_share * sale_rate[1]
    close = min(1.0, per_touch / connect) if connect > 0 else 0.0
    revenue = today.target.metric == "revenue"
    own = Assumptions(
        touches_per_day=touches_per_day,
        connect_rate=min(1.0, connect),
        close_rate=close,
        old_share=old_share,
        deal_value=Decimal(str(round(today.sale_value, 2))) if revenue else None,
    )
    plans = (settings.stage_priors("new"), settings.stage_priors("old"))
    planned_connect = (1.0 - old_share) * plans[0].connect + old_share * plans[1].connect
    planned_sale = (1.0 - old_share) * plans[0].sale + old_share * plans[1].sale
    planned_close = planned_sale / planned_connect if planned_connect > 0 else 0.0
    return Baseline(
        own,
        settings.capacity,
        sale_rate,
        connect_rates,
        revenue,
        planned_connect=planned_connect,
        planned_close=planned_close,
    )


def _ratio(new: float, base: float) -> float:
    """new / base, exactly 1 when unchanged; a base of 0 counts as 1 (nothing to scale)."""
    if new == base:
        return 1.0
    return new / base if base > 0 else new


def outlook_for(base: Baseline, assumptions: Assumptions) -> Outlook | None:
    """The forecast's outlook for ``assumptions``; None when they are the baseline."""
    own = base.assumptions
    if assumptions == own:
        return None
    rate = (
        _ratio(assumptions.touches_per_day, own.touches_per_day)
        * _ratio(assumptions.connect_rate, own.connect_rate)
        * _ratio(assumptions.close_rate, own.close_rate)
        * _ratio(base.sale_rate_at(assumptions.old_share), base.sale_rate_at(own.old_share))
    )
    value = None
    if base.revenue and assumptions.deal_value not in (None, own.deal_value):
        value = float(assumptions.deal_value)
    return Outlook(
        rate_factor=rate,
        close_factor=_ratio(assumptions.close_rate, own.close_rate),
        sale_value=value,
    )


def project(forecast: Forecast, base: Baseline, assumptions: Assumptions) -> PaceReport:
    """The status's report with the forecast under ``assumptions``."""
    return forecast(outlook_for(base, assumptions))


def _hits(
    forecast: Forecast, chance: Chance | None, reaches: Reaches | None
) -> Callable[[Outlook | None], bool]:
    """outlook -> whether its p_hit is at least HIT_CHANCE, by the fastest means given."""
    if reaches is not None:
        return lambda outlook: reaches(outlook, HIT_CHANCE)
    p_hit = chance if chance is not None else (lambda outlook: forecast(outlook).p_hit)
    return lambda outlook: p_hit(outlook) >= HIT_CHANCE


def required_touches_per_day(
    forecast: Forecast,
    base: Baseline,
    assumptions: Assumptions,
    chance: Chance | None = None,
    *,
    reaches: Reaches | None = None,
) -> int | None:
    """The fewest whole touches a day (0..capacity) with p_hit >= HIT_CHANCE under the other
    assumptions; None when the capacity is not enough. ``chance``: the forecast's p_hit alone,
    ``reaches``: whether it is at least a level, when the caller has them (the same answers,
    found faster)."""
    hits = _hits(forecast, chance, reaches)

    def enough(touches: int) -> bool:
        scenario = replace(assumptions, touches_per_day=float(touches))
        return hits(outlook_for(base, scenario))

    low, high = 0, max(0, base.capacity)
    if enough(low):
        return low
    if not enough(high):
        return None
    while high - low > 1:  # enough(high), not enough(low)
        middle = (low + high) // 2
        if enough(middle):
            high = middle
        else:
            low = middle
    return high


def close_rate_needed(
    forecast: Forecast,
    base: Baseline,
    assumptions: Assumptions,
    chance: Chance | None = None,
    *,
    reaches: Reaches | None = None,
) -> float | None:
    """The lowest close rate (sales per conversation, to 0.1 point, rounded up) with p_hit >=
    HIT_CHANCE under the other assumptions; None when even closing every conversation is not
    enough. ``chance`` and ``reaches`` as for ``required_touches_per_day``."""
    hits = _hits(forecast, chance, reaches)
    # The forecast never falls as the close rate rises, so each answer settles every rate on
    # its side: the lowest rate known enough and the highest known short answer the
    # bisection's later questions beyond them without another forecast (the same answers,
    # so the same result, in about half the forecasts).
    known = [1.0, 0.0]  # [lowest rate known enough, highest rate known short]

    def enough(close: float) -> bool:
        if close >= known[0]:
            return True
        if close <= known[1]:
            return False
        scenario = replace(assumptions, close_rate=close)
        if hits(outlook_for(base, scenario)):
            known[0] = close
            return True
        known[1] = close
        return False

    if hits(outlook_for(base, replace(assumptions, close_rate=0.0))):
        return 0.0
    if not hits(outlook_for(base, replace(assumptions, close_rate=1.0))):
        return None

    def rounded_up(close: float) -> float:
        return min(1.0, math.ceil(close * 1000 - 1e-9) / 1000)

    low, high = 0.0, 1.0
    settled = False
    for _ in range(_CLOSE_STEPS):
        # Once low and high round up to the same 0.1 point, so does every later high (the
        # rounding is monotone): the answer is that point if it is enough, found in about 12
        # steps; if it is not, the bisection runs on to its exact end, as it always did.
        if not settled and rounded_up(low) == rounded_up(high):
            settled = True
            if enough(rounded_up(high)):
                return rounded_up(high)
        elif not settled and rounded_up(rounded_up(low) + 0.0005) == rounded_up(high):
            # One 0.1 point left between them: the one the answer is if it is enough, asked
            # now, settles the steps above it.
            enough(rounded_up(low))
        middle = (low + high) / 2
        if enough(middle):
            high = middle
        else:
            low = middle
    rounded = rounded_up(high)
    return rounded if enough(rounded) else high


@dataclass(frozen=True, slots=True)
class Nudge:
    """One single change of the assumptions and the forecast it gives."""

    label: str  # "+5 touches a day"
    assumptions: Assumptions
    report: PaceReport
    gain: float  # p_hit added to the assumptions' own


def _points(new: float, old: float) -> str:
    return f"{(new - old) * 100:+.1f} points"


def _nudged(base: Baseline, assumptions: Assumptions) -> list[tuple[str, Assumptions]]:
    touches = assumptions.touches_per_day
    more = max(1, round(touches * NUDGE))
    found = [(f"+{more} touches a day", replace(assumptions, touches_per_day=touches + more))]
    connect = min(1.0, assumptions.connect_rate + NUDGE * base.planned_connect)
    if connect > assumptions.connect_rate:
        label = f"{_points(connect, assumptions.connect_rate)} of connect rate"
        found.append((label, replace(assumptions, connect_rate=connect)))
    close = min(1.0, assumptions.close_rate + NUDGE * base.planned_close)
    if close > assumptions.close_rate:
        label = f"{_points(close, assumptions.close_rate)} of close rate"
        found.append((label, replace(assumptions, close_rate=close)))
    new_rate, old_rate = base.sale_rate
    if old_rate != new_rate:
        toward_old = old_rate > new_rate
        share = assumptions.old_share + (SHARE_NUDGE if toward_old else -SHARE_NUDGE)
        share = min(1.0, max(0.0, share))
        if share != assumptions.old_share:
            kind = "check-ins on old prospects" if toward_old else "new prospecting"
            label = f"{abs(share - assumptions.old_share) * 100:.0f} points more {kind}"
            found.append((label, replace(assumptions, old_share=share)))
    if base.revenue and assumptions.deal_value is not None:
        value = (assumptions.deal_value * Decimal(str(1 + NUDGE))).quantize(Decimal("0.01"))
        found.append((f"+{NUDGE:.0%} deal value", replace(assumptions, deal_value=value)))
    return found


def nudges(forecast: Forecast, base: Baseline, assumptions: Assumptions) -> tuple[Nudge, ...]:
    """The compared single changes, the most helpful first (module docstring)."""
    own = project(forecast, base, assumptions)
    found = []
    for label, changed in _nudged(base, assumptions):
        report = project(forecast, base, changed)
        found.append(Nudge(label, changed, report, report.p_hit - own.p_hit))
    found.sort(key=lambda n: (-round(n.gain, 4), -(n.report.projected - own.projected)))
    return tuple(found)


def best_change(compared: tuple[Nudge, ...], current: PaceReport) -> str:
    """One line: which single change helps most, against the runner-up."""
    if current.final:
        return "The period is over: no change alters its result."
    if current.p_hit >= 0.995:
        return "Already all but certain to hit: no single change adds to the chance."
    if not compared:
        return "No single change to compare."
    best = compared[0]
    if best.gain < 0.005:
        added = best.report.projected - current.projected
        if added < 0.05:
            return "No single change moves the forecast noticeably."
        finish = figure(best.report.projected, current.target.metric)
        return f"{best.label} adds most to the projected finish ({finish})"
    if len(compared) == 1:
        return f"{best.label} helps most (chance {best.report.p_hit:.0%})"
    second = compared[1]
    chances = f"chance {best.report.p_hit:.0%} vs {second.report.p_hit:.0%}"
    return f"{best.label} beats {second.label} ({chances})"


@dataclass(frozen=True, slots=True)
class WhatIf:
    """Today's forecast beside the one under ``assumptions``, and what it would take."""

    baseline: Baseline
    assumptions: Assumptions
    today: PaceReport  # the status's report, unchanged
    scenario: PaceReport  # the same under the assumptions
    required_touches_per_day: int | None
    nudges: tuple[Nudge, ...]
    forecast: Forecast = field(repr=False, compare=False)  # to try other assumptions: what_if
    chance: Chance | None = field(default=None, repr=False, compare=False)  # its p_hit alone

    @property
    def best_change(self) -> str:
        return best_change(self.nudges, self.scenario)


def what_if(
    forecast: Forecast,
    base: Baseline,
    assumptions: Assumptions | None = None,
    chance: Chance | None = None,
    *,
    reaches: Reaches | None = None,
) -> WhatIf:
    """Everything the what-if screens show, for ``assumptions`` (None: the baseline);
    ``chance``: the forecast's p_hit alone, ``reaches``: whether it is at least a level, when
    the caller has them."""
    assumptions = assumptions or base.assumptions
    return WhatIf(
        baseline=base,
        assumptions=assumptions,
        today=forecast(None),
        scenario=project(forecast, base, assumptions),
        required_touches_per_day=required_touches_per_day(
            forecast, base, assumptions, chance, reaches=reaches
        ),
        nudges=nudges(forecast, base, assumptions),
        forecast=forecast,
        chance=chance,
    )


def assume(
    base: Baseline,
    *,
    touches_per_day: float | None = None,
    connect_rate: float | None = None,
    close_rate: float | None = None,
    deal_value: Decimal | None = None,
    old_share: float | None = None,
) -> Assumptions:
    """The baseline with the given assumptions changed (None: the seller's own figure).

    A deal value for a sales target is refused: a sale counts one whatever it is worth.
    """
    if deal_value is not None and not base.revenue:
        raise WhatIfError("a deal value applies to revenue targets only: this target counts sales")
    own = base.assumptions
    return Assumptions(
        touches_per_day=own.touches_per_day if touches_per_day is None else touches_per_day,
        connect_rate=own.connect_rate if connect_rate is None else connect_rate,
        close_rate=own.close_rate if close_rate is None else close_rate,
        old_share=own.old_share if old_share is None else old_share,
        deal_value=own.deal_value if deal_value is None else deal_value,
    )
