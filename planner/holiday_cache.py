"""Public holidays kept in the user cache dir, so a daily `planner status` skips the
0.2-0.4 s import of the holidays package once a year has been looked up."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import orjson

from planner.calendar import public_holidays

CACHE_VERSION = 1


def cached_public_holidays(
    country: str, subdivision: str | None, year: int, cache_dir: Path
) -> frozenset[date]:
    """The holidays of one year, from the cache when it holds them, else computed and kept.

    A cache that is missing, unreadable or damaged is only a slower path: the holidays are
    computed again and the file rewritten (temp file and rename, so readers never see half).
    """
    name = re.sub(r"[^A-Za-z0-9-]", "_", f"holidays-{country}-{subdivision or 'all'}-{year}")
    path = cache_dir / f"{name}.json"
    try:
        stored = orjson.loads(path.read_bytes())
        if stored["version"] == CACHE_VERSION:
            return frozenset(date.fromisoformat(day) for day in stored["days"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    days = public_holidays(country, subdivision, [year])
    payload = {"version": CACHE_VERSION, "days": sorted(day.isoformat() for day in days)}
    try:
        cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = cache_dir / f".{name}.{os.getpid()}.tmp"
        temp.write_bytes(orjson.dumps(payload))
        temp.replace(path)
    except OSError:
        pass  # a cache that cannot be written costs time, never correctness
    return days
