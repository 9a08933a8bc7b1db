"""Smoothed conversion rates per source and stage: the funnel the queue and the pace read."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple, cast

from planner.models import SOURCES, Settings, Source
from planner.stats import beta_ppf

# The central 80% of a posterior: what "low" and "high" of a Rate mean.
INTERVAL_LOW = 0.10
INTERVAL_HIGH = 0.90

# ---------------------------------------------------------------- stage counts


@dataclass(frozen=True, slots=True)
class StageCounts:
    """Touches of one source and how many of them reached at least each stage.

    The stages nest (a sale passed a meeting, a meeting passed a conversation), so
    ``sales <= meetings <= conversations <= touches`` always holds; anything else is refused.
    """

    touches: int = 0
    conversations: int = 0
    meetings: int = 0
    sales: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.sales <= self.meetings <= self.conversations <= self.touches:
            raise ValueError(
                "stage counts must nest: 0 <= sales <= meetings <= conversations <= touches, "
                f"got {self.touches}/{self.conversations}/{self.meetings}/{self.sales}"
            )

    def __add__(self, other: StageCounts) -> StageCounts:
        return StageCounts(
            touches=self.touches + other.touches,
            conversations=self.conversations + other.conversations,
            meetings=self.meetings + other.meetings,
            sales=self.sales + other.sales,
        )


# ---------------------------------------------------------------- smoothed rates


class Rate:
    """A smoothed rate: the posterior mean and its central 80% interval, with the raw counts.

    Compared, hashed, pickled and shown as the five figures (estimate, low, high, successes,
    trials). A rate from ``smoothed_rate`` computes its interval (two beta quantiles, most of
    what a funnel costs) when ``low`` or ``high`` is first read: of a funnel's eight rates
    only the sale rates' intervals are ever shown, and a forecast's evidence shows none.
    """

    __slots__ = ("_beta", "_high", "_low", "estimate", "successes", "trials")

    def __init__(
        self, estimate: float, low: float, high: float, successes: int, trials: int
    ) -> None:
        self.estimate = estimate
        self.successes = successes
        self.trials = trials
        self._low: float | None = low
        self._high: float | None = high
        self._beta: tuple[float, float] | None = None

    @classmethod
    def _posterior(cls, estimate: float, a: float, b: float, successes: int, trials: int) -> Rate:
        """The rate of Beta(a, b), its interval left to its first read."""
        rate = cls(estimate, 0.0, 0.0, successes, trials)
        rate._low = rate._high = None
        rate._beta = (a, b)
        return rate

    def _interval(self) -> tuple[float, float]:
        if self._low is None or self._high is None:
            a, b = cast(tuple[float, float], self._beta)
            self._low = min(beta_ppf(INTERVAL_LOW, a, b), self.estimate)
            self._high = max(beta_ppf(INTERVAL_HIGH, a, b), self.estimate)
        return self._low, self._high

    @property
    def low(self) -> float:
        return self._interval()[0]

    @property
    def high(self) -> float:
        return self._interval()[1]

    @property
    def raw(self) -> float | None:
        """The unsmoothed share ``successes / trials`` (None before any trial)."""
        return self.successes / self.trials if self.trials else None

    def _figures(self) -> tuple[float, float, float, int, int]:
        return (self.estimate, *self._interval(), self.successes, self.trials)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Rate):
            return NotImplemented
        return self._figures() == other._figures()

    def __hash__(self) -> int:
        return hash(self._figures())

    def __repr__(self) -> str:
        estimate, low, high, successes, trials = self._figures()
        return (
            f"Rate(estimate={estimate!r}, low={low!r}, high={high!r}, "
            f"successes={successes!r}, trials={trials!r})"
        )

    def __reduce__(self) -> tuple[type[Rate], tuple[float, float, float, int, int]]:
        return Rate, self._figures()


# The review asks for the same rates more than once (its closing snapshot and the closing
# morning's evidence hold the same counts), and each interval is two beta quantiles.
@functools.lru_cache(maxsize=256)
def smoothed_rate(successes: int, trials: int, prior: float, strength: float) -> Rate:
    """p = (k + m*p0) / (n + m) with an 80% interval from Beta(k + m*p0, n - k + m*(1-p0)).

    The prior is worth ``strength`` (m) trials at rate ``prior`` (p0). When the posterior is
    so skewed that its mean falls outside the central 80% (tiny prior mass, no data), the
    interval is widened to include the estimate, so a screen never shows a rate outside
    its own range.
    """
    if trials < 0 or successes < 0 or successes > trials:
        raise ValueError(f"need 0 <= successes <= trials, got {successes}/{trials}")
    if not 0.0 <= prior <= 1.0:
        raise ValueError(f"prior must be in [0, 1], got {prior}")
    if not (math.isfinite(strength) and strength >= 0.0):
        raise ValueError(f"prior strength must be a finite number >= 0, got {strength}")
    weight = trials + strength
    if weight == 0.0:
        # No data and no prior mass: the rate could be anything.
        return Rate(prior, 0.0, 1.0, successes, trials)
    a = successes + strength * prior
    b = trials - successes + strength * (1.0 - prior)
    return Rate._posterior(a / weight, a, b, successes, trials)


# ---------------------------------------------------------------- funnel per source


class SourceFunnel(NamedTuple):
    """One source's counts and smoothed stage rates.

    connect = conversations per touch, meeting = meetings per conversation, close = sales
    per meeting, sale = sales per touch (smoothed on its own with the product of the stage
    priors, so it is not exactly the product of the three stage estimates).
    ``lead_days`` is the median days from a cycle's first touch to its sale (None unknown).
    """

    source: Source
    counts: StageCounts
    connect: Rate
    meeting: Rate
    close: Rate
    sale: Rate
    lead_days: float | None = None

    @property
    def p_sale(self) -> float:
        return self.sale.estimate


@dataclass(frozen=True, slots=True)
class FunnelReport:
    """The funnel of both sources (always both: every consumer may index either)."""

    by_source: dict[Source, SourceFunnel]

    def __post_init__(self) -> None:
        missing = [source for source in SOURCES if source not in self.by_source]
        if missing:
            raise ValueError(f"funnel report lacks source(s): {', '.join(missing)}")

    def __getitem__(self, source: Source) -> SourceFunnel:
        return self.by_source[source]

    @property
    def new(self) -> SourceFunnel:
        return self.by_source["new"]

    @property
    def old(self) -> SourceFunnel:
        return self.by_source["old"]

    @property
    def totals(self) -> StageCounts:
        """Counts of both sources together."""
        return self.by_source["new"].counts + self.by_source["old"].counts

    def p_sale(self, source: Source) -> float:
        return self.by_source[source].sale.estimate


def estimate_funnel(
    counts: Mapping[Source, StageCounts],
    settings: Settings,
    lead_days: Mapping[Source, float | None] | None = None,
) -> FunnelReport:
    """Smoothed stage rates per source from the counts, with the priors of ``settings``.

    A source missing from ``counts`` is read as no touches (its rates are its priors).
    """
    strength = settings.prior_strength
    by_source: dict[Source, SourceFunnel] = {}
    for source in SOURCES:
        c = counts.get(source) or StageCounts()
        p = settings.stage_priors(source)
        by_source[source] = SourceFunnel(
            source=source,
            counts=c,
            connect=smoothed_rate(c.conversations, c.touches, p.connect, strength),
            meeting=smoothed_rate(c.meetings, c.conversations, p.meeting, strength),
            close=smoothed_rate(c.sales, c.meetings, p.close, strength),
            sale=smoothed_rate(c.sales, c.touches, p.sale, strength),
            lead_days=(lead_days or {}).get(source),
        )
    return FunnelReport(by_source)
