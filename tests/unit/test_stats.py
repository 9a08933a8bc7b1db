"""The hand-written distributions against exact references and closed forms."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.stats import beta_cdf, beta_ppf, median

# ---------------------------------------------------------------- Beta


def _binomial_tail(x: float, a: int, b: int) -> float:
    # For whole a, b: I_x(a, b) = P(Binomial(a + b - 1, x) >= a), an exact reference.
    n = a + b - 1
    return sum(math.comb(n, j) * x**j * (1 - x) ** (n - j) for j in range(a, n + 1))


@given(
    x=st.floats(0.0, 1.0),
    a=st.integers(1, 80),
    b=st.integers(1, 80),
)
def test_beta_cdf_matches_the_binomial_tail_for_whole_shapes(x: float, a: int, b: int) -> None:
    assert beta_cdf(x, a, b) == pytest.approx(_binomial_tail(x, a, b), abs=1e-9)


@pytest.mark.parametrize("a", [0.05, 0.3, 1.0, 2.5, 40.0, 3000.0])
@pytest.mark.parametrize("q", [0.01, 0.1, 0.5, 0.9, 0.99])
def test_beta_ppf_matches_closed_forms(a: float, q: float) -> None:
    # Beta(a, 1) has CDF x**a and Beta(1, b) has CDF 1 - (1 - x)**b.
    assert beta_ppf(q, a, 1.0) == pytest.approx(q ** (1 / a), abs=1e-9)
    assert beta_ppf(q, 1.0, a) == pytest.approx(1 - (1 - q) ** (1 / a), abs=1e-9)


@given(
    q=st.floats(0.001, 0.999),
    a=st.floats(0.05, 50_000.0),
    b=st.floats(0.05, 50_000.0),
)
def test_beta_ppf_inverts_the_cdf(q: float, a: float, b: float) -> None:
    x = beta_ppf(q, a, b)
    assert 0.0 <= x <= 1.0
    # Compare on the x axis (where the spec asks for ~1e-3): the CDF just around x brackets q.
    assert beta_cdf(min(1.0, x + 1e-7), a, b) >= q - 1e-9
    assert beta_cdf(max(0.0, x - 1e-7), a, b) <= q + 1e-9


def test_symmetric_beta_has_its_median_in_the_middle() -> None:
    for shape in (0.5, 3.0, 700.0):
        assert beta_ppf(0.5, shape, shape) == pytest.approx(0.5, abs=1e-9)


def test_degenerate_shapes_put_all_mass_on_an_end() -> None:
    assert beta_ppf(0.9, 0.0, 5.0) == 0.0
    assert beta_ppf(0.1, 5.0, 0.0) == 1.0
    assert beta_cdf(0.3, 0.0, 5.0) == 1.0
    assert beta_cdf(0.3, 5.0, 0.0) == 0.0


# ---------------------------------------------------------------- median


def test_median_of_odd_and_even_counts() -> None:
    assert median([30, 4, 10]) == 10.0
    assert median([8, 7]) == 7.5
    assert median([5]) == 5.0
    assert median([]) is None


@given(st.lists(st.integers(0, 400), min_size=1, max_size=50))
def test_median_splits_the_values_in_half(values: list[int]) -> None:
    middle = median(values)
    assert middle is not None
    assert sum(v < middle for v in values) <= len(values) // 2
    assert sum(v > middle for v in values) <= len(values) // 2
