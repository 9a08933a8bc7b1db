"""service.whatif on a real data dir: with no change it is `status`, and it stores nothing."""

from __future__ import annotations

import hashlib
import random
import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.calendar import parse_period
from planner.service import PlannerService, ServiceError

YEAR = parse_period("2026")


def _activity(path: Path, *, days: int, per_day: int, sales: int, seed: int) -> Path:
    """An activity CSV: ``per_day`` touches on each of ``days`` working days from 5 January,
    and ``sales`` sales spread over them."""
    rng = random.Random(seed)
    rows = ["at,prospect,outcome,source"]
    day, worked = date(2026, 1, 5), []
    while len(worked) < days:
        if day.weekday() < 5:
            worked.append(day)
        day += timedelta(days=1)
    for n, on in enumerate(worked):
        for i in range(per_day):
            outcome = rng.choice(["no-answer"] * 6 + ["conversation"] * 3 + ["meeting"])
            source = "old" if rng.random() < 0.25 else "new"
            rows.append(f"{on}T{9 + i % 8:02d}:{i % 60:02d},Prospect {n}-{i},{outcome},{source}")
    for k in range(sales):
        on = worked[(k * len(worked)) // max(1, sales)]
        rows.append(f"{on}T17:30,Buyer {k},sale,new")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _seller(folder: Path, csv: Path, *, quota: int, capacity: int, today: date) -> PlannerService:
    service = PlannerService(folder, today=today)
    service.configure(capacity=capacity)
    service.set_target(str(quota), "sales", YEAR)
    if len(csv.read_text(encoding="utf-8").splitlines()) > 1:  # a header alone is refused
        service.import_activity(csv)
    return service


def _figures(report: object) -> tuple[float, float, float, float]:
    return (
        report.projected,  # type: ignore[attr-defined]
        report.projected_low,  # type: ignore[attr-defined]
        report.projected_high,  # type: ignore[attr-defined]
        report.p_hit,  # type: ignore[attr-defined]
    )


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    days=st.integers(1, 60),
    per_day=st.integers(0, 20),
    sales=st.integers(0, 12),
    quota=st.integers(1, 60),
    capacity=st.integers(1, 60),
    offset=st.integers(0, 200),
)
def test_with_no_change_whatif_equals_status(
    tmp_path: Path,
    days: int,
    per_day: int,
    sales: int,
    quota: int,
    capacity: int,
    offset: int,
) -> None:
    folder = tmp_path / f"data-{days}-{per_day}-{sales}-{quota}-{capacity}-{offset}"
    shutil.rmtree(folder, ignore_errors=True)
    today = date(2026, 3, 31) + timedelta(days=offset)
    csv = _activity(tmp_path / "a.csv", days=days, per_day=per_day, sales=sales, seed=days)
    service = _seller(folder, csv, quota=quota, capacity=capacity, today=today)
    status = service.status()
    assert status is not None
    before = _fingerprint(folder)
    result = service.whatif()
    assert result is not None
    assert _figures(result.scenario) == _figures(status.pace)
    assert result.today == status.pace
    own = result.baseline.assumptions
    stated = service.whatif(
        touches_per_day=own.touches_per_day,
        connect_rate=own.connect_rate,
        close_rate=own.close_rate,
        old_share=own.old_share,
    )
    assert stated is not None and _figures(stated.scenario) == _figures(status.pace)
    assert _fingerprint(folder) == before  # a read: nothing stored, not even a day plan


def test_the_seed_seller(tmp_path: Path) -> None:
    csv = _activity(tmp_path / "a.csv", days=125, per_day=12, sales=7, seed=14)
    service = _seller(tmp_path / "data", csv, quota=24, capacity=40, today=date(2026, 7, 1))
    today = service.whatif()
    assert today is not None
    # Sales are touches too; the days are the forecast's evidence: working days from the
    # first logged call (Monday 5 January) through today, 128 of them.
    assert today.baseline.assumptions.touches_per_day == pytest.approx((12 * 125 + 7) / 128)
    more = service.whatif(touches_per_day=30.0)
    assert more is not None and more.scenario.p_hit > today.scenario.p_hit
    assert more.scenario.projected > today.scenario.projected


def test_no_target_gives_none_and_bad_values_one_line(tmp_path: Path) -> None:
    service = PlannerService(tmp_path / "data", today=date(2026, 7, 1))
    assert service.whatif() is None
    service.set_target("24", "sales", YEAR)
    with pytest.raises(ServiceError, match="between 0 and 1"):
        service.whatif(close_rate=1.5)
    with pytest.raises(ServiceError, match="revenue targets only"):
        service.whatif(deal_value=Decimal("1000"))
