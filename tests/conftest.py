"""Fixtures shared by every tier: where the real data lives, an isolated environment, and the
suite's speed rules (hypothesis profiles, and which tests count as slow)."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

REPO_ROOT = Path(__file__).resolve().parents[1]
# CI clones the repo beside a copy of shared/, exactly as the developers' tree is laid out;
# PLANNER_SHARED_DATA points elsewhere when a checkout lives on its own.
SHARED_DATA = Path(os.environ.get("PLANNER_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))

# Property tests run their full example counts on CI (CI=true, as CI services set it) and a
# quarter of them elsewhere, to keep the edit loop short; CI's larger sample catches what the
# smaller one misses. The same tests run either way; HYPOTHESIS_PROFILE=ci gives the full
# counts on a laptop too.
FULL_EXAMPLES = 100  # hypothesis's own default: a test without its own count runs this many
settings.register_profile("ci", max_examples=FULL_EXAMPLES, print_blob=True)
settings.register_profile("dev", max_examples=FULL_EXAMPLES // 4)
_ON_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _ON_CI else "dev"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/export/golden/* from the current output; each rewritten file "
        "fails its test, so read the diff and run again without the option",
    )


def examples(full: int) -> int:
    """A property test's example count: ``full`` under the ci profile, scaled down in dev."""
    return max(10, full * settings().max_examples // FULL_EXAMPLES)


# A test that takes one of these fixtures starts fresh Python processes (about 0.2 s each):
# slow by construction. The in-process CLI tests run the same commands in the quick loop.
SLOW_FIXTURES = frozenset({"planner_process"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


# Each Pilot test builds and drops a whole app (tens of thousands of objects), and with the
# default thresholds a worker spent 8-12 s of the TUI tier in full collections, each one
# walking every module the suite had imported. What collection leaves is frozen out of the
# scans and the young generations are collected less often: about 1 s instead. Memory is
# not what any in-process test measures (the size caps measure child processes).
GC_THRESHOLDS = (10_000, 20, 20)


def pytest_collection_finish(session: pytest.Session) -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`-n 2` hands out work by stealing, not in fixed batches: the suite mixes 1 ms unit
    tests with 1 s Pilot runs, and a batch of Pilot tests queued on one worker kept it busy
    for 20 s after the other had finished. An explicit ``--dist`` other than load stands."""
    if config.getoption("dist") != "load":
        return None
    from xdist.scheduler import WorkStealingScheduling

    return WorkStealingScheduling(config, log)


# The quick loop stays quick only if a long new test says so: one that runs longer than
# this without the slow mark is named at the end of the run (a hint; timings vary by load).
QUICK_TEST_SECONDS = 10.0  # twice the slowest quick test on a busy machine


def pytest_terminal_summary(terminalreporter: Any) -> None:
    long = [
        report
        for report in terminalreporter.stats.get("passed", [])
        if report.when == "call"
        and report.duration > QUICK_TEST_SECONDS
        and "slow" not in report.keywords
    ]
    if long:
        terminalreporter.write_sep("-", f"over {QUICK_TEST_SECONDS:g} s and not marked slow")
        for report in sorted(long, key=lambda r: -r.duration):
            terminalreporter.write_line(f"{report.duration:5.1f}s {report.nodeid}")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder of real CRM and call data nobody on this project wrote."""
    if not SHARED_DATA.is_dir():
        raise FileNotFoundError(f"expected the shared data beside the repo at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests never read the developer's own data or config, nor a fixed 'today'."""
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "planner-data"))
    monkeypatch.setenv("PLANNER_CONFIG", str(tmp_path / "planner-config" / "config.toml"))
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(tmp_path / "planner-cache"))
    monkeypatch.delenv("PLANNER_TODAY", raising=False)
    yield
