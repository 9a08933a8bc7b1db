"""What a touch reads is parsed before its key: the writer reads ahead and keeps its own writes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from planner.models import Prospect
from planner.service import PlannerService
from planner.store import Store, files, layout

TODAY = date(2026, 11, 27)


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The files parsed from disk from now on, by their relative path."""
    seen: list[str] = []
    real = files.parse

    def spy(raw: bytes, rel: str, path: Path) -> files.Tables:
        seen.append(rel)
        return real(raw, rel, path)

    monkeypatch.setattr(files, "parse", spy)
    yield seen


def seeded(folder: Path) -> PlannerService:
    """2,500 prospects over three shards, some lost; a touch this month."""
    store = Store(folder)
    with store.transaction("add") as tx:
        for i in range(2500):
            status = "lost" if i % 5 == 0 else "new"
            tx.put_prospect(
                Prospect(id=tx.new_id("prospect"), name=f"Person {i:04d}", status=status)
            )
    service = PlannerService(folder, today=TODAY)
    service.log(1, "no-answer", at="2026-11-20 10:00")
    return service


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(path.relative_to(folder)): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_touch_after_reading_ahead_parses_nothing(tmp_path: Path, parsed: list[str]) -> None:
    service = seeded(tmp_path / "data")
    service.log(2, "conversation")  # shard p0000: its files now held as written
    other = 2001  # in p0002, not read by this process yet
    service.store.read_ahead(other, TODAY)
    assert layout.shard_of(other) in parsed
    assert layout.partition_of(layout.month_of(TODAY)) not in parsed  # kept from the write
    parsed.clear()
    service.log(other, "not-interested")
    service.log(other, "sale")
    # Neither the records nor the derived files it changed were parsed again: a write keeps
    # what it wrote, and the one before left the month and the summaries in hand.
    assert parsed == []
    assert [t.outcome for t in service.history(other)] == ["not-interested", "sale"]


def test_reading_ahead_writes_nothing_and_never_fails(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    seeded(folder)
    before = snapshot(folder)
    store = Store(folder)
    store.read_ahead(1, TODAY)
    store.read_ahead(99_999, date(2031, 1, 5))  # nobody there, a month with no file
    store.read_ahead(None, TODAY)
    (folder / layout.shard_of(1001)).write_text("{ not json", encoding="utf-8")
    store.read_ahead(1001, TODAY)  # a damaged shard is the write's to report, not this hint's
    after = snapshot(folder)
    after.pop(layout.shard_of(1001))
    before.pop(layout.shard_of(1001))
    assert after == before
