"""Real bank telemarketing calls: the funnel finds what they hold; the queue then favours old."""

from __future__ import annotations

import csv
import functools
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from planner.daily import stage_counts
from planner.funnel import FunnelReport, StageCounts, estimate_funnel
from planner.models import LOST_REASONS, DaySummary, Outcome, Prospect, Settings, Source
from planner.queue import build_queue

TODAY = date(2026, 7, 15)
PERIOD_END = date(2026, 9, 30)
# The earlier campaign's outcome says whether the client had turned the bank down before.
SOURCE_BY_POUTCOME: dict[str, Source] = {"failure": "old", "unknown": "new"}


def bank_summaries(path: Path) -> list[DaySummary]:
    """One touch per client, tallied as one day's summary per source: an earlier "failure" is
    old, never contacted is new; subscribed is a sale, anything else not-interested. Earlier
    "success" or "other" rows are skipped: they are neither a past no nor a fresh lead."""
    tally: dict[Source, Counter[Outcome]] = {"new": Counter(), "old": Counter()}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            source = SOURCE_BY_POUTCOME.get(row["Poutcome"])
            if source is None:
                continue
            outcome: Outcome = "sale" if row["Output"] == "yes" else "not-interested"
            tally[source][outcome] += 1
    day = date(2009, 5, 5)  # the file has no year; dates play no part
    return [
        DaySummary(day, source, dict(outcomes), Decimal(0), ())
        for source, outcomes in tally.items()
    ]


@functools.cache
def _counts(path: Path) -> dict[Source, StageCounts]:
    # 45,211 rows: read once per run, whichever test asks first.
    return stage_counts(bank_summaries(path))


@pytest.fixture
def bank_counts(shared_data: Path) -> dict[Source, StageCounts]:
    return _counts(shared_data / "bank_marketing_full.csv")


@pytest.fixture
def bank_funnel(bank_counts: dict[Source, StageCounts]) -> FunnelReport:
    return estimate_funnel(bank_counts, Settings())


def test_the_file_holds_the_documented_counts(bank_counts: dict[Source, StageCounts]) -> None:
    assert (bank_counts["old"].touches, bank_counts["old"].sales) == (4901, 618)
    assert (bank_counts["new"].touches, bank_counts["new"].sales) == (36959, 3386)
    # Every call reached someone who said yes or no: all were conversations.
    assert bank_counts["old"].conversations == 4901
    assert bank_counts["new"].conversations == 36959


def test_default_funnel_finds_old_prospects_buy_more(bank_funnel: FunnelReport) -> None:
    # Raw shares 12.6% and 9.2%; the default prior (worth 20 touches) barely moves them.
    assert bank_funnel.p_sale("old") == pytest.approx(0.126, abs=0.005)
    assert bank_funnel.p_sale("new") == pytest.approx(0.092, abs=0.005)
    old, new = bank_funnel.old.sale, bank_funnel.new.sale
    # Thousands of calls pin both rates down: the 80% intervals are narrow and apart.
    assert old.high - old.low < 0.02
    assert new.high - new.low < 0.005
    assert old.low > new.high


def _cooled_off_old_prospects(count: int) -> list[Prospect]:
    return [
        Prospect(
            id=i,
            name=f"Client {i}",
            status="lost",
            lost_reason=LOST_REASONS[i % len(LOST_REASONS)],
            last_contact=TODAY - timedelta(days=61 + i % 300),
        )
        for i in range(count)
    ]


@pytest.mark.parametrize(
    ("needed", "old", "new"),
    [
        # Per touch: old 0.1258, new 0.0916 (no lead times in this data).
        (1.0, 12, 6),  # 9 items would do (6 old + 3 new); the 18-item minimum day holds
        (3.0, 18, 9),  # 27 items: 2.26 + 0.82 = 3.09; 26 (18 + 8) bring 3.00 - a hair short
        (10.0, 28, 12),  # the whole day of 40 and still short
    ],
)
def test_the_bank_funnel_gives_old_prospects_the_larger_share(
    bank_funnel: FunnelReport, needed: float, old: int, new: int
) -> None:
    prospects = [
        *_cooled_off_old_prospects(500),
        *(Prospect(1000 + i, f"Lead {i}") for i in range(200)),
    ]
    q = build_queue(
        prospects=prospects,
        funnel=bank_funnel,
        needed_sales=needed,
        settings=Settings(),  # capacity 40, at least 30% new
        today=TODAY,
        period_end=PERIOD_END,
    )
    assert (q.planned_old, q.planned_new) == (old, new)
    assert q.planned_old > q.planned_new
    assert q.items[0].source == "old"
    assert (q.shortfall > 0) is (needed == 10.0)
    best = q.items[0]
    assert best.prospect is not None and best.prospect.lost_reason in ("timing", "budget")
    assert best.reason.startswith("said no ") and best.reason.endswith(("timing", "budget"))
