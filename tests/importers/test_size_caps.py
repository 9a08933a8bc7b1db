"""Unbounded input (issue 13): an import reads the CSV in chunks and stops at the file cap
(200 MB, PLANNER_IMPORT_MAX_MB) or the line cap (1 MB), quickly and in little memory."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.importers.csvfile import CsvError, read_capped, read_csv

# Run one import in a child and report its exit, stderr, seconds and peak memory (MB).
_MEASURED = """
import resource, subprocess, sys, time
started = time.monotonic()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=120)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(done.returncode, round(time.monotonic() - started, 2), round(peak), sep="\\n")
print(done.stderr, end="")
"""


def _import(
    data_dir: Path, target: str, env: dict[str, str] | None = None
) -> tuple[int, float, float, str]:
    command = [sys.executable, "-m", "planner", "--data-dir", str(data_dir), "--today"]
    command += ["2026-07-01", "prospect", "import", target, "--dry-run"]
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, *command],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})},
    )
    code, seconds, peak, *stderr = done.stdout.splitlines()
    return int(code), float(seconds), float(peak), "\n".join(stderr)


def _one_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_is_refused_fast_in_bounded_memory(tmp_path: Path) -> None:
    code, seconds, peak, stderr = _import(tmp_path / "data", "/dev/zero")
    assert code == 1
    assert "zero: line 1: longer than 1 MB" in _one_line(stderr)
    assert seconds < 30 and peak < 200, (seconds, peak)


def test_a_200_mb_one_line_csv_is_refused_fast_in_bounded_memory(tmp_path: Path) -> None:
    big = tmp_path / "one-line.csv"
    with big.open("wb") as file:
        file.write(b"name,company\n" + b"a" * 4096)
        file.truncate(199_000_000)  # sparse: no disk, no line break, just under the file cap
    code, seconds, peak, stderr = _import(tmp_path / "data", str(big))
    assert code == 1
    assert "one-line.csv: line 2: longer than 1 MB" in _one_line(stderr)
    assert seconds < 30 and peak < 200, (seconds, peak)


def test_a_file_over_the_cap_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.csv"
    with big.open("wb") as file:
        file.write(b"name\nAnn\n")
        file.truncate(250_000_000)
    code, _, peak, stderr = _import(tmp_path / "data", str(big))
    assert code == 1 and peak < 200
    line = _one_line(stderr)
    assert "larger than the import limit of 200 MB" in line and "PLANNER_IMPORT_MAX_MB" in line


def test_the_cap_is_set_by_planner_import_max_mb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text("name,company\n" + "".join(f"Person {i},Acme\n" for i in range(200)))
    assert len(read_csv(csv).rows) == 200
    monkeypatch.setenv("PLANNER_IMPORT_MAX_MB", "0.001")
    with pytest.raises(CsvError, match="limit of 0 MB"):
        read_csv(csv)
    monkeypatch.setenv("PLANNER_IMPORT_MAX_MB", "1")
    assert len(read_csv(csv).rows) == 200
    monkeypatch.setenv("PLANNER_IMPORT_MAX_MB", "lots")
    with pytest.raises(CsvError, match="not a size in MB"):
        read_csv(csv)


def test_a_stream_without_size_is_cut_at_the_cap(tmp_path: Path) -> None:
    """A pipe has no size to check up front: the read itself stops at the cap."""
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"f = open({str(fifo)!r}, 'wb')\n"
            "try:\n    while True: f.write(b'name,company\\n' * 1000)\n"
            "except BrokenPipeError: pass",
        ],
        stderr=subprocess.DEVNULL,
    )
    try:
        started = time.monotonic()
        with pytest.raises(CsvError, match="larger than the import limit of 1 MB"):
            read_capped(fifo, 1_000_000)
        assert time.monotonic() - started < 30
    finally:
        writer.kill()
        writer.wait()
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0
