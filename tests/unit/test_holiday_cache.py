"""Holidays come from the cache after the first look-up, and a damaged cache is rebuilt."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from planner.calendar import public_holidays
from planner.holiday_cache import cached_public_holidays


def test_first_lookup_fills_the_cache_and_later_ones_read_it(tmp_path: Path) -> None:
    expected = public_holidays("US", "CA", [2026])
    assert cached_public_holidays("US", "CA", 2026, tmp_path) == expected
    (cached,) = tmp_path.glob("*.json")
    assert "US-CA-2026" in cached.name and date(2026, 7, 3) in expected
    # A fresh process answers from the file without importing the holidays package.
    code = (
        "import sys; from pathlib import Path; "
        "from planner.holiday_cache import cached_public_holidays as c; "
        f"days = c('US', 'CA', 2026, Path({str(tmp_path)!r})); "
        "print(len(days), 'holidays' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [str(len(expected)), "False"]


def test_a_damaged_cache_is_only_a_slower_path(tmp_path: Path) -> None:
    cached_public_holidays("DE", None, 2026, tmp_path)
    (cached,) = tmp_path.glob("*.json")
    cached.write_bytes(b"{not json")
    assert cached_public_holidays("DE", None, 2026, tmp_path) == public_holidays("DE", None, [2026])
    unwritable = tmp_path / "file-not-dir"
    unwritable.write_text("x")
    assert cached_public_holidays("DE", None, 2026, unwritable) == public_holidays(
        "DE", None, [2026]
    )
