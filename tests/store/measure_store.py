"""Store performance on heavy data (not a test): `python tests/store/measure_store.py [ROUNDS]`."""

# Builds 20,000 prospects and 125,000 touches over 60 months in one transaction, then times
# fresh processes: a log call (read names, one touch + one prospect update) on heavy data vs
# an almost empty data dir, and the reads behind `planner status`.

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from planner.models import Period, Prospect, Settings, Target, Touch  # noqa: E402
from planner.store import Store  # noqa: E402

ZONE = timezone(timedelta(hours=2))

LOG_CALL = """
import sys, time
started = time.perf_counter()
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from planner.models import Touch
from planner.store import Store
store = Store(Path(sys.argv[1]))
pid = next(i for i, name in store.prospect_names().items() if name == "Prospect 5")
with store.transaction("log call") as tx:
    prospect = tx.prospect(pid)
    moment = datetime(2026, 7, 14, 10, tzinfo=timezone(timedelta(hours=2)))
    tx.put_touch(Touch(id=tx.new_id("touch"), prospect_id=pid, at=moment,
                       outcome="conversation", source="new"))
    tx.put_prospect(replace(prospect, conversations=prospect.conversations + 1))
print((time.perf_counter() - started) * 1000)
"""

STATUS = """
import sys, time
started = time.perf_counter()
from datetime import date
from pathlib import Path
from planner.store import Store
imported = time.perf_counter()
store = Store(Path(sys.argv[1]))
store.settings(); store.targets(); store.summaries(date(2026, 1, 1), date(2026, 12, 31))
done = time.perf_counter()
print((imported - started) * 1000, (done - imported) * 1000)
"""


def build_heavy(data_dir: Path) -> float:
    rng = random.Random(7)
    started = time.perf_counter()
    store = Store(data_dir)
    with store.transaction("load demo data", undoable=False) as tx:
        tx.put_settings(Settings())
        period = Period(date(2026, 1, 1), date(2026, 12, 31), "2026")
        tx.put_target(Target("sales", Decimal(300), period, id=tx.new_id("target")))
        ids = []
        for number in range(20000):
            pid = tx.new_id("prospect")
            ids.append(pid)
            tx.put_prospect(
                Prospect(
                    id=pid,
                    name=f"Prospect {number}",
                    company=f"Company {number % 3000}",
                    email=f"p{number}@example.com",
                    phone=f"+44 20 {number:08d}",
                    status=rng.choice(["new", "active", "lost", "won"]),
                    value=Decimal(rng.randint(100, 20000)),
                )
            )
        day, made = date(2021, 8, 1), 0
        while made < 125000:
            if day.weekday() < 5:
                for call in range(100):
                    outcome = rng.choice(["no-answer"] * 6 + ["conversation", "meeting", "sale"])
                    tx.put_touch(
                        Touch(
                            id=tx.new_id("touch"),
                            prospect_id=rng.choice(ids),
                            at=datetime(day.year, day.month, day.day, 8 + call // 12, tzinfo=ZONE),
                            outcome=outcome,  # type: ignore[arg-type]
                            source=rng.choice(["new", "old"]),
                            amount=Decimal(rng.randint(100, 5000)) if outcome == "sale" else None,
                            lead_days=rng.randint(1, 90) if outcome == "sale" else None,
                        )
                    )
                    made += 1
            day += timedelta(days=1)
    return time.perf_counter() - started


def build_empty(data_dir: Path) -> None:
    with Store(data_dir).transaction("init") as tx:
        tx.put_settings(Settings())
        tx.put_prospect(Prospect(id=tx.new_id("prospect"), name="Prospect 5"))


def run(code: str, data_dir: Path) -> tuple[float, list[float]]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code, str(data_dir)], capture_output=True, text=True, env=env
    )
    wall = (time.perf_counter() - started) * 1000
    if out.returncode:
        raise SystemExit(out.stderr)
    return wall, [float(x) for x in out.stdout.split()]


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    with tempfile.TemporaryDirectory() as folder:
        heavy, empty = Path(folder) / "heavy", Path(folder) / "empty"
        print(f"bulk load of 20,000 prospects + 125,000 touches: {build_heavy(heavy):.2f} s")
        build_empty(empty)
        first_wall, _ = run(LOG_CALL, heavy)
        print(
            f"first log call of the day on heavy data (takes the daily backup): {first_wall:.0f} ms"
        )
        run(LOG_CALL, empty)
        walls: dict[str, list[float]] = {"heavy": [], "empty": []}
        inner: dict[str, list[float]] = {"heavy": [], "empty": []}
        for _ in range(rounds):
            for name, path in (("heavy", heavy), ("empty", empty)):
                wall, (measured,) = run(LOG_CALL, path)
                walls[name].append(wall)
                inner[name].append(measured)
        for name in walls:
            print(
                f"log call process on {name}: median {statistics.median(walls[name]):.1f} ms "
                f"(imports + store work {statistics.median(inner[name]):.1f} ms)"
            )
        extra = statistics.median(inner["heavy"]) - statistics.median(inner["empty"])
        ratio = statistics.median(walls["heavy"]) / statistics.median(walls["empty"])
        print(f"heavy - empty: {extra:+.1f} ms in-process, {ratio:.2f}x per process")
        reads = [run(STATUS, heavy)[1] for _ in range(rounds)]
        print(
            f"status reads in a fresh process: import {statistics.median(r[0] for r in reads):.1f}"
            f" ms, settings+targets+summaries(year) {statistics.median(r[1] for r in reads):.1f} ms"
        )


if __name__ == "__main__":
    main()
