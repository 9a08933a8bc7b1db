"""p_hit is calibrated over a population of simulated sellers and separates slow from fast.

The simulation is benchmarks/calibration.py (its docstring describes the population), run
here small and seeded: sellers at 50%, 80%, 100% and 125% of a 24-a-year plan, p_hit read at
working day 60 and 130. Over the population the mean p_hit must be within 0.15 of the mean
true chance of hitting, and the 125% group's mean p_hit must stand at least 0.15 (day 60)
and 0.35 (day 130) above the 50% group's.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest


def _load_benchmark() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "calibration.py"
    spec = importlib.util.spec_from_file_location("calibration_benchmark", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


bench = _load_benchmark()


@pytest.mark.parametrize(
    "volume_share",
    [0.5, 0.0],  # touches carry part of the difference between sellers; or none of it
)
def test_p_hit_is_calibrated_over_the_population_and_separates_the_groups(
    volume_share: float,
) -> None:
    rows = bench.simulate(400, seed=2026, volume_share=volume_share)
    for day, separation in ((60, 0.15), (130, 0.35)):
        mean_p_hit, mean_truth, spread = bench.summary(rows, day)
        assert abs(mean_p_hit - mean_truth) <= 0.15, (day, mean_p_hit, mean_truth)
        assert spread >= separation, (day, spread)
    # p_hit orders the groups as their true chances do.
    for day in (60, 130):
        means = [r.mean_p_hit for r in rows if r.day == day]
        assert means == sorted(means)


def test_the_status_frequencies_of_the_benchmark_meet_the_rule() -> None:
    on_plan = bench.status_frequencies(1.0, sellers=150, seed=7)
    half = bench.status_frequencies(0.5, sellers=150, seed=8)
    assert on_plan["at_risk"] <= 0.10 and on_plan["behind_or_worse"] <= 0.30
    assert half["behind_or_worse_from_month_2"] >= 0.75
