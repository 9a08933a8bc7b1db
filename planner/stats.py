"""The distributions and statistics the numbers need, written out so that start-up imports
neither scipy nor `statistics`: Beta for conversion rates, the median for lead times, Poisson
tails for the status rule, the negative binomial and Poisson-binomial counts of the forecast;
any distribution added later belongs here too.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from operator import mul

# ---------------------------------------------------------------- Beta distribution
#
# The regularized incomplete beta I_x(a, b) by its continued fraction (modified Lentz),
# used on whichever side of the mean it converges fast, and its inverse by Newton steps
# kept inside a shrinking bracket (bisection when a step would leave it). Accurate to
# about 1e-10, far inside the 1e-3 a screen needs; a quantile costs a few continued
# fractions of O(sqrt(max(a, b))) terms, well under a millisecond on real counts.

_CF_EPS = 1e-14
_CF_TINY = 1e-300
_CF_MAX_TERMS = 100_000


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    qab = a + b
    qap = a + 1.0
    qam = a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    if abs(d) < _CF_TINY:
        d = _CF_TINY
    d = 1.0 / d
    h = d
    for m in range(1, _CF_MAX_TERMS + 1):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        if abs(d) < _CF_TINY:
            d = _CF_TINY
        c = 1.0 + aa / c
        if abs(c) < _CF_TINY:
            c = _CF_TINY
        d = 1.0 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        if abs(d) < _CF_TINY:
            d = _CF_TINY
        c = 1.0 + aa / c
        if abs(c) < _CF_TINY:
            c = _CF_TINY
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _CF_EPS:
            break
    return h


def beta_cdf(x: float, a: float, b: float) -> float:
    """P(X <= x) for X ~ Beta(a, b): the regularized incomplete beta function I_x(a, b).

    ``a <= 0`` (resp. ``b <= 0``) is read as all mass at 0 (resp. 1), the limit a prior
    of exactly 0 or 1 with no data leads to.
    """
    if a <= 0.0:
        return 1.0 if x >= 0.0 else 0.0
    if b <= 0.0:
        return 1.0 if x >= 1.0 else 0.0
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    # The fraction converges fast below the mean; above it, use I_x(a,b) = 1 - I_{1-x}(b,a).
    if x < (a + 1.0) / (a + b + 2.0):
        return min(1.0, math.exp(log_front) * _beta_continued_fraction(a, b, x) / a)
    return max(0.0, 1.0 - math.exp(log_front) * _beta_continued_fraction(b, a, 1.0 - x) / b)


def _beta_start(q: float, a: float, b: float) -> float:
    # Starting points from Numerical Recipes (3rd ed., 6.4): a skew-corrected normal
    # guess when both shapes are >= 1, else the two power-law tails.
    if a >= 1.0 and b >= 1.0:
        pp = q if q < 0.5 else 1.0 - q
        t = math.sqrt(-2.0 * math.log(pp))
        z = (2.30753 + t * 0.27061) / (1.0 + t * (0.99229 + t * 0.04481)) - t
        if q < 0.5:
            z = -z
        al = (z * z - 3.0) / 6.0
        h = 2.0 / (1.0 / (2.0 * a - 1.0) + 1.0 / (2.0 * b - 1.0))
        w = z * math.sqrt(max(al + h, 0.0)) / h - (
            1.0 / (2.0 * b - 1.0) - 1.0 / (2.0 * a - 1.0)
        ) * (al + 5.0 / 6.0 - 2.0 / (3.0 * h))
        exponent = min(2.0 * w, 700.0)
        return a / (a + b * math.exp(exponent))
    lna = math.log(a / (a + b))
    lnb = math.log(b / (a + b))
    t = math.exp(a * lna) / a
    u = math.exp(b * lnb) / b
    w = t + u
    if q < t / w:
        return float((a * w * q) ** (1.0 / a))
    return 1.0 - float((b * w * (1.0 - q)) ** (1.0 / b))


def beta_ppf(q: float, a: float, b: float) -> float:
    """The ``q`` quantile of Beta(a, b) (the inverse of ``beta_cdf`` in x)."""
    if a <= 0.0:
        return 0.0
    if b <= 0.0:
        return 1.0
    if q <= 0.0:
        return 0.0
    if q >= 1.0:
        return 1.0
    log_beta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    lo, hi = 0.0, 1.0
    try:
        x = _beta_start(q, a, b)
    except (ValueError, OverflowError, ZeroDivisionError):
        x = 0.5  # shapes so extreme the guess breaks down; the bracketed search still works
    if not 0.0 < x < 1.0:  # also catches NaN
        x = 0.5
    for _ in range(200):
        error = beta_cdf(x, a, b) - q
        if error == 0.0:
            return x
        if error < 0.0:
            lo = x
        else:
            hi = x
        log_pdf = (a - 1.0) * math.log(x) + (b - 1.0) * math.log1p(-x) - log_beta
        # Newton step where the density is usable; bisection where it under/overflows.
        pdf = math.exp(log_pdf) if -700.0 < log_pdf < 700.0 else 0.0
        candidate = x - error / pdf if pdf > 0.0 else -1.0
        if not lo < candidate < hi:
            candidate = 0.5 * (lo + hi)
        if abs(candidate - x) <= 1e-13 + 1e-11 * x or hi - lo <= 1e-15:
            return candidate
        x = candidate
    return x


# ---------------------------------------------------------------- Poisson tails

_POISSON_EXACT_MEAN = 500.0  # exact summation up to this mean, then Wilson-Hilferty


def poisson_cdf(k: float, mean: float) -> float:
    """P(X <= k) for X ~ Poisson(mean); k is floored. Exact up to a mean of 500, then the
    Wilson-Hilferty form of the equivalent gamma tail P(Gamma(k + 1) > mean)."""
    n = math.floor(k + 1e-9)
    if n < 0:
        return 0.0
    if mean <= 0.0:
        return 1.0
    if mean <= _POISSON_EXACT_MEAN and n < 10_000:
        term = math.exp(-mean)
        total = term
        for i in range(1, n + 1):
            term *= mean / i
            total += term
            if i > mean and term < 1e-17 * total:
                break
        return min(1.0, total)
    shape = n + 1.0
    width = math.sqrt(1.0 / (9.0 * shape))
    z = ((mean / shape) ** (1.0 / 3.0) - (1.0 - 1.0 / (9.0 * shape))) / width
    return 0.5 * math.erfc(z / math.sqrt(2.0))


def poisson_sf(k: float, mean: float) -> float:
    """P(X >= k) for X ~ Poisson(mean); k is ceiled."""
    n = math.ceil(k - 1e-9)
    return 1.0 - poisson_cdf(n - 1, mean) if n > 0 else 1.0


# ---------------------------------------------------------------- counts: pmfs and their summaries
#
# Negative binomial (a Poisson count whose rate is gamma), Poisson-binomial (independent
# trials each with its own chance), their sum by convolution, and the quantiles and tail the
# forecast reads off a pmf, or off the same-moment gamma when the counts are large.
#
# A quantile is the smallest count whose cdf reaches its level less QUANTILE_SLACK. A mixture
# whose part of weight 0.9 lies far below its other part has a cdf that stays at 0.9 over the
# whole gap between them (the forecast's robust prior is exactly that, 0.9 and 0.1, until its
# first update): compared with 0.9 exactly, the 90th percentile fell wherever the rounding of
# the weights and of the sums crossed it, anywhere in that gap, and a better rate could lower
# it (by thousands of sales). With the slack it is where the lower part's mass is all in.
QUANTILE_SLACK = 1e-12


def log_negative_binomial_pmf(k: int, shape: float, p: float) -> float:
    """log P(K = k) for K ~ NB(shape, p) (shape 0: all mass at 0)."""
    if shape <= 0.0:
        return 0.0 if k == 0 else -math.inf
    log_q = math.log1p(-p) if p < 1.0 else -math.inf
    if k == 0:
        return shape * math.log(p)
    return (
        math.lgamma(k + shape)
        - math.lgamma(shape)
        - math.lgamma(k + 1)
        + shape * math.log(p)
        + k * log_q
    )


def negative_binomial_pmf(
    alpha: float, p: float, mean: float, var: float, size: int | None = None
) -> list[float]:
    """P(X = k), k = 0.., for X ~ NB(alpha, p), up to where the rest is negligible (at most
    ``size`` terms when given: the same first terms, a tail reads no further)."""
    if mean <= 0.0 or alpha <= 0.0:
        return [1.0]
    q = 1.0 - p
    limit = int(mean + 12.0 * math.sqrt(var) + 30.0)
    if size is not None:
        limit = min(limit, max(0, size - 1))
    term = math.exp(alpha * math.log(p))
    pmf = [term]
    total = term
    for k in range(limit):
        term *= (k + alpha) / (k + 1) * q
        pmf.append(term)
        total += term
        if k > mean and total > 1.0 - 1e-13:
            break
    return pmf


def poisson_binomial_pmf(probs: Sequence[float]) -> list[float]:
    """P(X = k), k = 0..n, for X the number of successes of independent trials ``probs``."""
    pmf = [1.0]
    for q in probs:
        # P(k after) = P(k - 1 before) * q + P(k before) * (1 - q), one comprehension a trial.
        r = 1.0 - q
        pmf = [before * q + mass * r for mass, before in zip([*pmf, 0.0], [0.0, *pmf], strict=True)]
    return pmf


def convolve(a: list[float], b: list[float], size: int | None = None) -> list[float]:
    """The pmf of the sum of two independent counts: out[k] = sum over i of a[i] * b[k - i].

    Each out[k] is one dot product of a slice of ``a`` with a slice of ``b`` reversed, summed
    in C (``sum(map(mul, ...))``): the export's what-if runs this some 35 times on heavy data,
    where the double loop in Python cost more than the rest of the forecast. ``size``: only
    the first ``size`` terms, each exactly as the whole pmf has it (a tail needs no more)."""
    if len(b) == 1:
        return a if size is None else a[:size]
    if len(a) < len(b):
        a, b = b, a
    la, lb = len(a), len(b)
    rb = b[::-1]
    count = la + lb - 1 if size is None else max(0, min(size, la + lb - 1))
    out = [0.0] * count
    for k in range(count):
        lo, hi = max(0, k - lb + 1), min(k, la - 1)
        start = lb - 1 - k + lo
        out[k] = sum(map(mul, a[lo : hi + 1], rb[start : start + hi - lo + 1]))
    return out


def pmf_quantiles_and_tail(
    pmf: list[float], needed: int, low_level: float, high_level: float
) -> tuple[float, float, float]:
    """(``low_level`` quantile, ``high_level`` quantile, P(X >= needed)) of a pmf over 0, 1, ..."""
    cdf = 0.0
    low = high = -1
    below = 0.0  # P(X <= needed - 1)
    low_reached, high_reached = low_level - QUANTILE_SLACK, high_level - QUANTILE_SLACK
    for k, mass in enumerate(pmf):
        cdf += mass
        if low < 0 and cdf >= low_reached:
            low = k
        if high < 0 and cdf >= high_reached:
            high = k
        if k == needed - 1:
            below = cdf
    last = len(pmf) - 1
    if needed - 1 > last:
        below = cdf
    low = last if low < 0 else low
    high = last if high < 0 else high
    p_reach = 1.0 if needed <= 0 else min(1.0, max(0.0, 1.0 - below))
    return float(low), float(high), p_reach


def pmf_tail(pmf: list[float], needed: int) -> float:
    """P(X >= needed) of a pmf over 0, 1, ...: the third figure of ``pmf_quantiles_and_tail``,
    bit for bit, from the pmf's first ``needed`` terms alone."""
    if needed <= 0:
        return 1.0
    below = 0.0
    for mass in pmf[:needed]:
        below += mass
    return min(1.0, max(0.0, 1.0 - below))


def negative_binomial_mixture_quantiles_and_tail(
    parts: Sequence[tuple[float, float, float]],
    needed: int,
    low_level: float,
    high_level: float,
    added: Sequence[float] = (1.0,),
) -> tuple[float, float, float]:
    """Large counts, summed exactly without a pmf: (``low_level`` quantile, ``high_level``
    quantile, P(X >= needed)) of X = Y + D, where Y is a mixture of negative binomials with
    ``parts`` (weight, shape, p) and D an independent count with the exact pmf ``added``.

    P(NB(a, p) <= k) is the regularized incomplete beta I_p(a, k + 1), so the cdf of X at
    any point costs one beta_cdf per component and value of D, however large the counts:
    no approximation, hence no jump where the forecast switches to this from the summed pmf,
    and more touches or better rates (a larger mean) never lower the chance to hit.
    Quantiles by bisection over whole sales; values of D with negligible mass are skipped.
    """
    live = [(w, a, p) for w, a, p in parts if w > 0.0]
    if not live or sum(w for w, _, _ in live) <= 0.0:
        return 0.0, 0.0, 0.0
    cdf = _mixture_cdf(live, added)

    def quantile(level: float) -> float:
        means = [a * (1.0 - p) / p for _, a, p in live if a > 0.0 and p < 1.0]
        spreads = [math.sqrt(a * (1.0 - p)) / p for _, a, p in live if a > 0.0 and p < 1.0]
        high = (
            1
            + len(added)
            + math.ceil(max([m + 12.0 * sd for m, sd in zip(means, spreads, strict=True)] or [0.0]))
        )
        low, reached = -1, level - QUANTILE_SLACK
        while high - low > 1:  # invariant: cdf(low) < reached <= cdf(high)
            middle = (low + high) // 2
            if cdf(middle) >= reached:
                high = middle
            else:
                low = middle
        return float(high)

    tail = 1.0 if needed <= 0 else min(1.0, max(0.0, 1.0 - cdf(needed - 1)))
    return quantile(low_level), quantile(high_level), tail


def negative_binomial_mixture_tail(
    parts: Sequence[tuple[float, float, float]], needed: int, added: Sequence[float] = (1.0,)
) -> float:
    """P(X >= needed) alone, as ``negative_binomial_mixture_quantiles_and_tail`` gives it: one
    cdf point instead of the two bisections of the quantiles (a what-if search asks only
    this, some 30 times)."""
    live = [(w, a, p) for w, a, p in parts if w > 0.0]
    if not live or sum(w for w, _, _ in live) <= 0.0:
        return 0.0
    return 1.0 if needed <= 0 else min(1.0, max(0.0, 1.0 - _mixture_cdf(live, added)(needed - 1)))


def _mixture_cdf(
    live: Sequence[tuple[float, float, float]], added: Sequence[float]
) -> Callable[[int], float]:
    """x -> P(Y + D <= x) for the mixture ``live`` (weight, shape, p) of negative binomials
    and D with pmf ``added``."""
    total = sum(w for w, _, _ in live)
    shifts = [(k, mass) for k, mass in enumerate(added) if mass > 1e-15]

    def below(x: int, shape: float, p: float) -> float:
        if x < 0:
            return 0.0
        if shape <= 0.0 or p >= 1.0:
            return 1.0  # no rate: all mass at 0
        return beta_cdf(p, shape, x + 1.0)

    def cdf(x: int) -> float:
        return sum(mass * w * below(x - k, a, p) for k, mass in shifts for w, a, p in live) / total

    return cdf


# ---------------------------------------------------------------- sample statistics


def median(values: Sequence[int] | Sequence[float]) -> float | None:
    """The median, or None for no values (not `statistics`: it imports fractions and random,
    which `planner status` cannot afford at start-up)."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2
