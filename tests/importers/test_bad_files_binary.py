"""A binary file is named as such, not listed as a CSV with odd column names."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from planner.importers.csvfile import CsvError, read_csv


def test_random_bytes_are_not_a_csv(tmp_path: Path) -> None:
    rng = random.Random(5)
    path = tmp_path / "garbage.csv"
    path.write_bytes(bytes(rng.randrange(1, 256) for _ in range(300)))
    with pytest.raises(CsvError, match=r"line 1: .*(really a text CSV|not valid|NUL)"):
        read_csv(path)
