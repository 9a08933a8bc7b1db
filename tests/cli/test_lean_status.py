"""`planner status` without click (planner.cli.lean): the same stdout, stderr and exit code
as the click command, byte for byte, for every outcome; and click still reads every command
line whose reading is in doubt."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from planner.cli import _quick_line, lean
from planner.errors import PlannerError
from tests.cli.conftest import Planner

# Runs a main() with `argv`; the last line on stderr says whether click was imported.
_RUN = (
    "import sys\n"
    "sys.argv = ['planner', *{argv!r}]\n"
    "from {module} import main\n"
    "try:\n"
    "    main()\n"
    "finally:\n"
    "    sys.stderr.write(f'\\nclick loaded: {{\"click\" in sys.modules}}')\n"
)


def _run(
    argv: list[str], *, module: str, cwd: Path, env: dict[str, str] | None = None
) -> tuple[int, str, str, bool]:
    """(exit code, stdout, stderr, click imported) of main() in ``module`` in a child."""
    done = subprocess.run(
        [sys.executable, "-c", _RUN.format(argv=argv, module=module)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env={**os.environ, "PLANNER_DATA_DIR": "", "PLANNER_TODAY": "", **(env or {})},
    )
    stderr, _, marker = done.stderr.rpartition("\nclick loaded: ")
    return done.returncode, done.stdout, stderr, marker == "True"


def _both(
    argv: list[str], data_dir: Path, tmp_path: Path, env: dict[str, str] | None = None
) -> tuple[tuple[int, str, str, bool], tuple[int, str, str, bool]]:
    """The console script's main() and the click command line's, each on its own copy of
    ``data_dir`` (a status may repair a derived file), in the same relative place."""
    found = []
    for side, module in (("lean", "planner.cli"), ("click", "planner.cli.app")):
        place = tmp_path / side
        place.mkdir()
        if data_dir.exists():
            shutil.copytree(data_dir, place / "data")
        found.append(_run(argv, module=module, cwd=place, env=env))
    return found[0], found[1]


@pytest.fixture
def seller(planner: Planner, data_dir: Path) -> Path:
    """A 2026 target with a meeting, a priced sale and a call logged on 1 July."""
    assert planner("init", "--target", "24", "--period", "2026").exit_code == 0
    assert planner("log", "call", "Ann Lee", "--outcome", "meeting").exit_code == 0
    assert planner("log", "sale", "Bo Chan", "--amount", "100").exit_code == 0
    assert planner("log", "call", "Cy Dunn", "--outcome", "no-answer").exit_code == 0
    return data_dir


CASES = {
    "text": (["--data-dir", "data", "--today", "2026-07-01", "status"], {}),
    "json": (["--data-dir=data", "--today=2026-07-01", "status", "--json"], {}),
    "theme-given": (
        ["--theme", "nord", "--data-dir", "data", "--today", "2026-07-02", "status"],
        {},
    ),
    "after-the-period": (["--data-dir", "data", "--today", "2027-01-04", "status", "--json"], {}),
    "no-target": (["--data-dir", "data", "--today", "2025-06-02", "status"], {}),
    "from-the-environment": (
        ["status"],
        {"PLANNER_DATA_DIR": "data", "PLANNER_TODAY": "2026-07-01"},
    ),
    "no-data-dir-yet": (["--data-dir", "elsewhere", "--today", "2026-07-01", "status"], {}),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_status_without_click_says_what_the_click_command_says(
    seller: Path, tmp_path: Path, case: str
) -> None:
    argv, env = CASES[case]
    lean_run, click_run = _both(argv, seller, tmp_path, env)
    assert lean_run[:3] == click_run[:3]
    assert (lean_run[3], click_run[3]) == (False, True)
    if case in ("no-target", "no-data-dir-yet"):
        day = "2025-06-02" if case == "no-target" else "2026-07-01"
        line = f"planner: no target covers {day}: planner target set 24 --period {day[:4]}\n"
        assert lean_run[:3] == (1, "", line)
    else:
        assert lean_run[0] == 0 and lean_run[1], lean_run[2]


def test_a_repaired_file_is_noticed_on_stderr_as_by_click(seller: Path, tmp_path: Path) -> None:
    (seller / "summary" / "2026.json").write_text("garbage", encoding="utf-8")
    argv = ["--data-dir", "data", "--today", "2026-07-01", "status"]
    lean_run, click_run = _both(argv, seller, tmp_path)
    assert lean_run[:3] == click_run[:3] and not lean_run[3]
    assert lean_run[0] == 0 and "rebuilt summary/2026.json" in lean_run[2]


def test_a_damaged_file_is_one_line_and_exit_1_as_by_click(seller: Path, tmp_path: Path) -> None:
    (seller / "planner.json").write_text("{bad", encoding="utf-8")
    argv = ["--data-dir", "data", "--today", "2026-07-01", "status", "--json"]
    lean_run, click_run = _both(argv, seller, tmp_path)
    assert lean_run[:3] == click_run[:3] and not lean_run[3]
    assert lean_run[0] == 1 and lean_run[1] == ""
    assert lean_run[2].startswith("planner: planner.json is not valid JSON")
    assert len(lean_run[2].splitlines()) == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["status", "--help"],
        ["status", "--json", "--json"],
        ["--help", "status"],
        ["--version"],
        ["--today", "2026-13-01", "status"],
        ["--today", "", "status"],
        ["--today", "2026-07-01", "--today", "2026-07-02", "status"],
        ["--data-dir", "a-file", "status"],
        ["--", "status"],
        ["stat"],
    ],
    ids=lambda argv: " ".join(argv) or "blank",
)
def test_click_reads_a_command_line_in_doubt(tmp_path: Path, argv: list[str]) -> None:
    (tmp_path / "lean").mkdir()
    (tmp_path / "lean" / "a-file").write_text("", encoding="utf-8")
    code, _, _, click_loaded = _run(argv, module="planner.cli", cwd=tmp_path / "lean")
    assert click_loaded, code


def test_click_answers_a_shell_asking_to_complete(tmp_path: Path) -> None:
    env = {"_PLANNER_COMPLETE": "bash_complete", "COMP_WORDS": "planner sta", "COMP_CWORD": "1"}
    code, stdout, _, click_loaded = _run(["status"], module="planner.cli", cwd=tmp_path, env=env)
    assert click_loaded and code == 0 and "status" in stdout


def test_an_ascii_stdout_goes_to_click_which_rewraps_it(seller: Path, tmp_path: Path) -> None:
    argv = ["--data-dir", "data", "--today", "2026-07-01", "status"]
    lean_run, click_run = _both(argv, seller, tmp_path, {"PYTHONIOENCODING": "ascii"})
    assert lean_run == click_run and lean_run[0] == 0


def test_a_reader_that_left_ends_both_alike(seller: Path, tmp_path: Path) -> None:
    """`planner status | true`: the pipe has no reader by the time the status is written."""
    argv = ["--data-dir", str(seller), "--today", "2026-07-01", "status", "--json"]
    found = []
    for module in ("planner.cli", "planner.cli.app"):
        read, write = os.pipe()
        os.close(read)  # no reader at all: the first write breaks the pipe
        try:
            done = subprocess.run(
                [sys.executable, "-c", _RUN.format(argv=argv, module=module)],
                stdout=write,
                stderr=subprocess.PIPE,
                text=True,
                timeout=120,
                env={**os.environ, "PLANNER_DATA_DIR": "", "PLANNER_TODAY": ""},
            )
        finally:
            os.close(write)
        stderr, _, marker = done.stderr.rpartition("\nclick loaded: ")
        found.append((done.returncode, stderr, marker))
    assert found == [(1, "", "False"), (1, "", "True")]


def test_a_status_process_without_click_collects_rarely_and_freezes_at_exit(
    tmp_path: Path,
) -> None:
    code = (
        "import gc, sys\n"
        "from planner.cli import lean, main\n"
        f"sys.argv = ['planner', '--data-dir', {str(tmp_path / 'data')!r}, 'status', '--json']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as done:\n"
        "    print(done.code, gc.get_threshold() == lean.COMMAND_GC, gc.get_freeze_count() > 0,\n"
        "          'click' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["1", "True", "True", "False"], done.stderr


def test_streams_click_would_rewrap_are_not_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    ascii_out = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="strict")
    utf8_out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    monkeypatch.setattr(sys, "stderr", utf8_out)
    monkeypatch.setattr(sys, "stdout", utf8_out)
    assert lean.plain_streams()
    monkeypatch.setattr(sys, "stdout", ascii_out)
    assert not lean.plain_streams()
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert not lean.plain_streams()


def test_error_lines_are_those_of_the_click_commands() -> None:
    assert lean.error_message(PlannerError("first line\nsecond")) == "first line"
    assert lean.error_message(PlannerError()) == "PlannerError"
    missing = FileNotFoundError(2, "No such file or directory", "data/planner.json")
    assert lean.error_message(missing) == "No such file or directory (data/planner.json)"
    assert lean.error_line("bad\x1b[31m\nthing") == "planner: bad[31m thing"
    assert lean.notice_lines(None) == []


def test_the_quick_reading_stops_at_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PLANNER_DATA_DIR", raising=False)
    monkeypatch.delenv("PLANNER_TODAY", raising=False)
    data = str(tmp_path / "data")
    argv = ["--theme=nord", "--data-dir", data, "--today", "2026-07-01", "status", "--json"]
    assert _quick_line(argv) == (Path(data), date(2026, 7, 1), "nord", ["status", "--json"])
    monkeypatch.setenv("PLANNER_DATA_DIR", data)
    monkeypatch.setenv("PLANNER_TODAY", " 2026-07-02 ")
    assert _quick_line(["status"]) == (Path(data), date(2026, 7, 2), None, ["status"])
    assert _quick_line(["--json", "status"]) is None  # not a global option: click says so
    assert _quick_line(["--today"]) is None  # no value
    (tmp_path / "file").write_text("", encoding="utf-8")
    assert _quick_line(["--data-dir", str(tmp_path / "file"), "status"]) is None
