"""Issue 13 at the command line, in real processes: maintenance through the service,
`doctor --repair`, notices on stderr, one-line errors (click's usage errors included),
dates bounded to 1900-2999, strict text decoding, stored control characters never printed,
and read-only commands on a read-only data dir."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from planner.models import Prospect
from planner.store import Store
from tests.cli.conftest import Planner, Result

CLI_DIR = Path(__file__).resolve().parents[2] / "planner" / "cli"


def one_line_error(result: Result, code: int) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def seeded(planner: Planner) -> None:
    assert planner("init", "--target", "24", "--period", "2026").exit_code == 0
    assert planner("log", "call", "Ann Lee", "--outcome", "meeting").exit_code == 0


# ------------------------------------------------------------------ maintenance


def test_the_cli_never_reaches_into_the_store() -> None:
    reach = re.compile(r"(\)|service)\.store\b")  # ctx_service().store, service.store
    for module in CLI_DIR.glob("*.py"):
        assert not reach.search(module.read_text()), f"{module.name} uses service.store"


def test_doctor_repair_rebuilds_a_truncated_summary(
    planner_process: Planner, data_dir: Path
) -> None:
    seeded(planner_process)
    summary = data_dir / "summary" / "2026.json"
    summary.write_bytes(summary.read_bytes()[:30])
    done = planner_process("doctor", "--repair")
    assert done.exit_code == 0, done.stderr
    assert done.stdout.count("\n") == 1 and "rebuilt summary/2026.json" in done.stdout
    assert planner_process("doctor").stdout.startswith("All good")


def test_doctor_repair_exits_1_when_a_source_is_damaged(
    planner_process: Planner, data_dir: Path
) -> None:
    seeded(planner_process)
    (partition,) = (data_dir / "touches").glob("*.json")
    partition.write_bytes(partition.read_bytes()[:50])
    done = planner_process("doctor", "--repair")
    assert done.exit_code == 1
    assert done.stdout.count("\n") == 1 and "planner restore" in done.stdout


def test_a_repair_made_on_the_way_is_a_notice_on_stderr(
    planner_process: Planner, data_dir: Path
) -> None:
    seeded(planner_process)
    (data_dir / "names.json").write_bytes(b'{"names": {')
    done = planner_process("log", "call", "Ann Lee", "--outcome", "no-answer")
    assert done.exit_code == 0, done.stderr
    assert "with Ann Lee (#1)" in done.stdout
    (notice,) = done.stderr.splitlines()
    assert notice.startswith("planner: ") and "names.json" in notice
    again = planner_process("log", "call", "Ann Lee", "--outcome", "no-answer")
    assert again.stderr == ""  # a notice is said once


def test_restore_says_what_it_moved_aside(planner_process: Planner, data_dir: Path) -> None:
    seeded(planner_process)
    name = planner_process("backup").stdout.split()[2]
    (partition,) = (data_dir / "touches").glob("*.json")
    partition.unlink()
    partition.mkdir()
    done = planner_process("restore", name)
    assert done.exit_code == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"Restored {name}.")
    assert any("was a folder: moved aside to touches/" in line for line in lines[1:]), lines
    assert partition.is_file()


def test_doctor_reports_twins_with_the_merge_hint(planner_process: Planner, data_dir: Path) -> None:
    seeded(planner_process)
    store = Store(data_dir)
    with store.transaction("twins from a synced file") as tx:
        for name in ("Dup  Person", "dup person"):
            tx.put_prospect(Prospect(id=tx.new_id("prospect"), name=name, company="Acme"))
    done = planner_process("doctor")
    assert done.exit_code == 1
    (problem,) = done.stdout.splitlines()
    assert problem.startswith("problem: prospects #2, #3 are one person")
    assert "merge them with `planner prospect merge KEEP OTHER`" in problem


# ------------------------------------------------------------------ one-line errors


@pytest.mark.parametrize(
    ("today", "args"),
    [
        ("2026-07-01", ("export", "--from", "0001-01-01", "--to", "0001-01-07")),
        ("2026-07-01", ("export", "--from", "2026-01-01", "--to", "9999-12-31")),
        ("0001-01-01", ("export",)),
        ("9999-12-31", ("queue",)),
        ("9999-12-31", ("status",)),
        ("2026-07-01", ("prospect", "add", "Old", "--last-contact", "1899-12-31")),
    ],
    ids=["export-year-1", "export-to-9999", "today-year-1", "today-9999-queue", "status", "lc"],
)
def test_dates_outside_1900_2999_are_one_usage_line(
    planner_process: Planner, today: str, args: tuple[str, ...]
) -> None:
    seeded(planner_process)
    line = one_line_error(planner_process(*args, today=today), 2)
    assert line.startswith("planner: error: Invalid value for '--")
    assert "outside the years 1900-2999" in line


@pytest.mark.parametrize("at", ["0001-01-01", "9999-12-31", "9999-12-31T23:59+00:00"])
def test_a_touch_outside_1900_2999_is_refused_in_one_line(
    planner_process: Planner, data_dir: Path, at: str
) -> None:
    seeded(planner_process)
    done = planner_process("log", "call", "Ann Lee", "--outcome", "meeting", "--at", at)
    assert "outside the years 1900-2999" in one_line_error(done, 1)


def test_the_edges_of_the_range_work(planner_process: Planner) -> None:
    seeded(planner_process)
    assert planner_process("queue", today="2999-12-31").exit_code == 0
    assert planner_process("export", "--from", "1900-01-01", "--to", "1900-01-07").exit_code == 0
    done = planner_process("log", "call", "Ann Lee", "--outcome", "meeting", "--at", "1900-01-01")
    assert done.exit_code == 0, done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("target", "set", "-1"),
        ("log", "call", "Ann"),
        ("nosuch",),
        ("queue", "--nosuch"),
        ("export", "--format", "pdf"),
    ],
)
def test_click_usage_errors_are_one_line_exit_2(
    planner_process: Planner, args: tuple[str, ...]
) -> None:
    line = one_line_error(planner_process(*args), 2)
    assert line.startswith("planner: error: ") and line.endswith("--help)")


def test_help_is_unchanged(planner_process: Planner) -> None:
    done = planner_process("target", "set", "--help")
    assert done.exit_code == 0 and done.stderr == ""
    assert done.stdout.startswith("Usage: planner target set [OPTIONS] AMOUNT")


def _planner_bytes(data_dir: Path, *args: str | bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "planner",
            "--data-dir",
            str(data_dir),
            "--today",
            "2026-07-01",
            *list(args),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "args",
    [
        (b"log", b"call", b"Bad\xff Name", b"--outcome", b"meeting"),
        (b"log", b"call", b"Ann Lee", b"--outcome", b"meeting", b"--note", b"caf\xe9"),
        (b"prospect", b"add", b"Bad\xc3"),
    ],
    ids=["name", "note", "add"],
)
def test_text_that_is_not_utf8_is_refused_in_one_line(
    planner_process: Planner, data_dir: Path, args: tuple[bytes, ...]
) -> None:
    seeded(planner_process)
    before = Store(data_dir).prospect_names()
    done = _planner_bytes(data_dir, *args)
    assert done.returncode == 1
    (line,) = done.stderr.decode().splitlines()
    assert "not UTF-8 text" in line
    assert Store(data_dir).prospect_names() == before
    assert not [p for p in data_dir.rglob("*") if p.name.endswith(".tmp")]


# ------------------------------------------------------------------ stored control characters


def test_cli_output_strips_control_characters_from_stored_text(
    planner_process: Planner, data_dir: Path
) -> None:
    seeded(planner_process)
    store = Store(data_dir)
    evil = "Eve\x1b]52;c;ZXZpbA==\x07\x1b[2J\u202e"
    with store.transaction("a synced file") as tx:
        tx.put_prospect(
            Prospect(id=tx.new_id("prospect"), name=evil, company="Ac\x1b[31mme", status="lost")
        )
    outputs = [
        planner_process("prospect", "list"),
        planner_process("queue"),
        planner_process("log", "call", "Eve", "--outcome", "no-answer"),
        planner_process("undo"),
        planner_process("log", "call", "#2", "--outcome", "meeting", "--source", "new"),
        planner_process("log", "call", "E", "--outcome", "meeting"),  # ambiguous: Eve, ...
    ]
    for done in outputs:
        assert "\x1b" not in done.stdout + done.stderr, done
        assert "\u202e" not in done.stdout + done.stderr, done
    assert "Eve]52;c;ZXZpbA==[2J (Ac[31mme)" in outputs[0].stdout
    # JSON stays faithful: the encoder escapes what it holds.
    listed = planner_process("prospect", "list", "--json").json()
    assert listed["prospects"][1]["name"] == evil


# ------------------------------------------------------------------ read-only data dir


def _read_only_mount(
    data_dir: Path, *commands: list[str]
) -> list[subprocess.CompletedProcess[str]]:
    """Run planner commands where the data dir is a read-only bind mount (a user namespace:
    root writes anywhere, so chmod would prove nothing)."""
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare for a read-only mount")
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("user namespaces are not available here")
    results = []
    for command in commands:
        script = (
            f'mount --bind "{data_dir}" "{data_dir}" && '
            f'mount -o remount,ro,bind "{data_dir}" && exec "$@"'
        )
        results.append(
            subprocess.run(
                [
                    "unshare",
                    "-rm",
                    "sh",
                    "-c",
                    script,
                    "sh",
                    sys.executable,
                    "-m",
                    "planner",
                    "--data-dir",
                    str(data_dir),
                    "--today",
                    "2026-07-01",
                    *command,
                ],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
                env={**os.environ, "PYTHONWARNINGS": "ignore"},
            )
        )
    return results


def test_queue_and_a_dry_run_import_work_on_a_read_only_data_dir(
    planner_process: Planner, data_dir: Path, tmp_path: Path
) -> None:
    seeded(planner_process)
    csv = tmp_path / "people.csv"
    csv.write_text("name,company\nZed,Acme\n")
    queue, dry_run, status = _read_only_mount(
        data_dir,
        ["queue"],
        ["prospect", "import", str(csv), "--dry-run"],
        ["status"],
    )
    assert queue.returncode == 0, queue.stderr
    assert queue.stdout.startswith("Today's queue (2026-07-01)")
    assert dry_run.returncode == 0, dry_run.stderr
    assert "nothing changed: 1 new" in dry_run.stdout
    assert status.returncode == 0, status.stderr
    assert Store(data_dir).plan(date(2026, 7, 1)) is None  # nothing was written
