"""Real processes: exit codes and stderr as a shell sees them, and the progress bar on a tty."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.importers.conftest import Planner


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty.csv: line 1: the file is empty"),
        (b"name,company\n", "empty.csv: line 2: no rows after the header"),
        (b"id;who\n1;Ann\n", "empty.csv: line 1: not a HubSpot, Salesforce, Pipedrive"),
        (b"name,status\nAnn,maybe\nBo,won\n", "empty.csv: nothing imported: line 2"),
    ],
)
def test_bad_files_exit_1_with_one_line(
    planner_process: Planner, tmp_path: Path, content: bytes, message: str
) -> None:
    file = tmp_path / "empty.csv"
    file.write_bytes(content)
    done = planner_process("prospect", "import", str(file))
    assert done.exit_code == 1
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"planner: {message}")
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_missing_file_and_bad_usage(planner_process: Planner, tmp_path: Path) -> None:
    missing = planner_process("prospect", "import", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 1 and missing.stderr.startswith("planner: no such file")
    usage = planner_process("prospect", "import", "x.csv", "--from", "zoho")
    assert usage.exit_code == 2 and "Traceback" not in usage.stderr


def test_good_import_exits_0_and_is_quiet_on_stderr(
    planner_process: Planner, fixtures: Path
) -> None:
    done = planner_process("prospect", "import", str(fixtures / "hubspot_contacts.csv"))
    assert done.exit_code == 0 and done.stderr == ""  # not a terminal: no progress bar
    assert done.stdout.startswith("Imported hubspot_contacts.csv (HubSpot contacts): 12 new")


@pytest.mark.slow  # imports 2,500 rows in a python -m planner process on a terminal
@pytest.mark.parametrize(
    ("command", "header", "row", "phases"),
    [
        ("prospect", "name", "Person {i}", ("Reading", "Matching")),
        (
            "activity",
            "at,prospect,outcome",
            "2017-11-01T10:00,Person {i},no-answer",
            ("Reading", "Saving"),
        ),
    ],
)
def test_progress_bar_on_a_terminal(
    data_dir: Path, tmp_path: Path, command: str, header: str, row: str, phases: tuple[str, str]
) -> None:
    file = tmp_path / "many.csv"
    rows = "".join(row.format(i=i) + "\n" for i in range(2500))
    file.write_text(f"{header}\n{rows}", encoding="utf-8")
    args = [sys.executable, "-m", "planner", "--data-dir", str(data_dir)]
    args += ["--today", "2017-12-01", command, "import", str(file)]
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            args,
            stdout=subprocess.PIPE,
            stderr=follower,
            timeout=120,
            env={**os.environ, "TERM": "xterm"},
        )
        os.close(follower)
        screen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            screen += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0
    text = screen.decode(errors="replace")
    assert all(f"{phase} many.csv" in text for phase in phases) and "100%" in text
    assert b"2,500 new" in done.stdout
