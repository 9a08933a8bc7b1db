"""One prospect per name under any concurrency (issue 13): real processes log a new name,
add the same person, or log while an import creates that name, and exactly one prospect
comes out. Each writer is held right before its transaction until all have looked the name
up (the widest race there is), then all go at once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from planner.service import PlannerService
from planner.store import Store

TODAY = "2026-07-01"

# argv: data dir, barrier dir, number of writers, action, name[, company]. The hook marks
# "looked up" and waits for every writer (or for a "go" file) before the transaction.
_WRITER = """
import sys, time
from datetime import date
from pathlib import Path
from planner.service import PlannerService, ServiceError

data, barrier, count, action, name = sys.argv[1:6]
company = sys.argv[6] if len(sys.argv) > 6 else ""
service = PlannerService(Path(data), today=date(2026, 7, 1))
store = service.store
real = store.transaction
barrier = Path(barrier)

def held(*args, **kwargs):
    (barrier / f"ready-{__import__('os').getpid()}").touch()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready = len(list(barrier.glob("ready-*")))
        if ready >= int(count) or (barrier / "go").exists():
            break
        time.sleep(0.005)
    return real(*args, **kwargs)

store.transaction = held
try:
    if action == "log":
        result = service.log(name, "no-answer")
        print(f"logged #{result.prospect.id} created={result.created}")
    else:
        created = service.add_prospect(name, company=company)
        print(f"added #{created.id}")
except ServiceError as error:
    print(f"refused: {error}")
    sys.exit(1)
"""


def _start(
    data_dir: Path, barrier: Path, count: int, action: str, *names: str
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(data_dir), str(barrier), str(count), action, *names],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(processes: Sequence[subprocess.Popen[str]]) -> list[tuple[int, str]]:
    done = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert "Traceback" not in err, err
        done.append((process.returncode, out.strip()))
    return done


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    service = PlannerService(folder)
    service.add_prospect("Someone Else")
    return folder


def _named(data_dir: Path, name: str) -> list[int]:
    return [pid for pid, n in Store(data_dir).prospect_names().items() if n == name]


def test_six_processes_logging_a_new_name_make_one_prospect(data_dir: Path, tmp_path: Path) -> None:
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    writers = [_start(data_dir, barrier, 6, "log", "Shared1") for _ in range(6)]
    results = _finish(writers)
    assert [code for code, _ in results] == [0] * 6, results
    assert len(_named(data_dir, "Shared1")) == 1
    assert sum("created=True" in out for _, out in results) == 1
    (pid,) = _named(data_dir, "Shared1")
    assert len(Store(data_dir).touches_of(pid)) == 6  # every log landed on the one prospect
    # and the name still logs: no "ambiguous" afterwards
    assert PlannerService(data_dir).log("Shared1", "meeting").prospect.id == pid


def test_four_parallel_adds_of_one_person_make_one(data_dir: Path, tmp_path: Path) -> None:
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    adders = [_start(data_dir, barrier, 4, "add", "Dup Person", "Acme") for _ in range(4)]
    results = _finish(adders)
    assert sorted(code for code, _ in results) == [0, 1, 1, 1], results
    assert sum("already exists" in out for _, out in results) == 3
    assert len(_named(data_dir, "Dup Person")) == 1


def test_four_parallel_cli_adds_make_one(data_dir: Path) -> None:
    """The same through the console command, with nothing held: whatever the timing."""
    command = [sys.executable, "-m", "planner", "--data-dir", str(data_dir), "--today", TODAY]
    adders = [
        subprocess.Popen(
            [*command, "prospect", "add", "Dup Person", "--company", "Acme"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in adders]
    assert sorted(code for code, _ in results) == [0, 1, 1, 1], results
    assert len(_named(data_dir, "Dup Person")) == 1


def test_a_log_racing_an_import_makes_no_twin(data_dir: Path, tmp_path: Path) -> None:
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    # The log looks "Racer" up (unknown), then waits before its transaction ...
    log = _start(data_dir, barrier, 99, "log", "Racer")
    deadline = time.monotonic() + 60
    while not list(barrier.glob("ready-*")):
        assert time.monotonic() < deadline and log.poll() is None
        time.sleep(0.01)
    # ... while an import creates "Racer"; then the log goes on.
    csv = tmp_path / "people.csv"
    csv.write_text("name,company,email\nRacer,,racer@example.com\n")
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    imported = subprocess.run(
        [
            sys.executable,
            "-m",
            "planner",
            "--data-dir",
            str(data_dir),
            "--today",
            TODAY,
            "prospect",
            "import",
            str(csv),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert imported.returncode == 0, imported.stderr
    (barrier / "go").touch()
    ((code, out),) = _finish([log])
    assert code == 0 and "created=False" in out, out
    (pid,) = _named(data_dir, "Racer")
    prospect = Store(data_dir).prospect(pid)
    assert prospect is not None and prospect.email == "racer@example.com"
    assert len(Store(data_dir).touches_of(pid)) == 1
