"""Real data dirs in tmp folders, records to store, and real writer processes to race with."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import orjson
import pytest

from planner.models import Period, Prospect, Settings, Target, Touch
from planner.store import Store

REPO_ROOT = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).with_name("writer.py")
ZONE = timezone(timedelta(hours=2))
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path) -> Store:
    return Store(data_dir)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)


def seed(store: Store, *, prospects: int = 3, months: tuple[date, ...] = ()) -> list[Touch]:
    """Settings, a target, some prospects and one touch per given day."""
    stored: list[Touch] = []
    with store.transaction("seed") as tx:
        tx.put_settings(Settings(timezone="Europe/Berlin"))
        period = Period(date(2026, 1, 1), date(2026, 12, 31), "2026")
        tx.put_target(Target("sales", Decimal(120), period, id=tx.new_id("target")))
        ids = [tx.new_id("prospect") for _ in range(prospects)]
        for pid in ids:
            tx.put_prospect(Prospect(id=pid, name=f"Prospect {pid}", company="Acme"))
        for number, day in enumerate(months):
            touch = Touch(
                id=tx.new_id("touch"),
                prospect_id=ids[number % len(ids)],
                at=at(day),
                outcome="sale" if number % 3 == 0 else "no-answer",
                source="new",
                amount=Decimal("250.50") if number % 3 == 0 else None,
                lead_days=4 if number % 3 == 0 else None,
            )
            tx.put_touch(touch)
            stored.append(touch)
    return stored


def log_call(store: Store, prospect_id: int, day: date, outcome: str = "conversation") -> Touch:
    """What `planner log call` does to the store: one touch, one prospect updated."""
    with store.transaction(f"log {outcome} with #{prospect_id}") as tx:
        prospect = tx.prospect(prospect_id)
        assert prospect is not None
        touch = Touch(
            id=tx.new_id("touch"),
            prospect_id=prospect_id,
            at=at(day),
            outcome=outcome,  # type: ignore[arg-type]
            source="new",
        )
        tx.put_touch(touch)
        tx.put_prospect(replace(prospect, conversations=prospect.conversations + 1))
    return touch


def snapshot(data_dir: Path) -> dict[str, bytes]:
    """Every data file's bytes (not the lock, backups or temp files)."""
    found: dict[str, bytes] = {}
    for path in sorted(data_dir.rglob("*.json")):
        rel = path.relative_to(data_dir).as_posix()
        if not rel.startswith("backups/") and not path.name.startswith("."):
            found[rel] = path.read_bytes()
    return found


def temp_files(data_dir: Path) -> list[str]:
    return sorted(p.relative_to(data_dir).as_posix() for p in data_dir.rglob(".*.tmp"))


def parses(data_dir: Path) -> None:
    """Every data file is whole JSON (checked without the store's own code)."""
    for rel, raw in snapshot(data_dir).items():
        try:
            orjson.loads(raw)
        except orjson.JSONDecodeError as error:  # pragma: no cover - the assertion's message
            raise AssertionError(f"{rel} does not parse: {error}") from error


def writer_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_writer(data_dir: Path, *args: str, timeout: float = 60) -> list[str]:
    """Run tests/store/writer.py to completion; its stdout lines."""
    result = subprocess.run(
        [sys.executable, str(WRITER), str(data_dir), *args],
        capture_output=True,
        text=True,
        env=writer_env(),
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.fixture
def writer(data_dir: Path) -> Iterator[subprocess.Popen[str]]:
    """A writer process serving commands on stdin (see writer.py), killed at the end."""
    process = subprocess.Popen(
        [sys.executable, str(WRITER), str(data_dir), "serve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=writer_env(),
    )
    try:
        yield process
    finally:
        process.kill()
        process.wait()


def ask(process: subprocess.Popen[str], command: str) -> str:
    """Send one command to a serving writer and read its one-line answer."""
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(command + "\n")
    process.stdin.flush()
    return process.stdout.readline().strip()
