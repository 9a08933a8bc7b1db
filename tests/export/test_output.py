"""Where the export goes: stdout, or a file written whole with mode 0600, never into the data."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from planner.service import PlannerService
from planner.store import atomic
from tests.export.conftest import TODAY, run_planner, validate
from tests.store.test_checkins_index import forget_checkin_shards

WEEK = ("--week", "2026-W47")


def _one_line_error(result: Any, code: int = 1) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return str(lines[0])


def test_stdout_is_the_default_and_dash_means_stdout(demo_dir: Path) -> None:
    default = run_planner(demo_dir, "export", *WEEK)
    dash = run_planner(demo_dir, "export", *WEEK, "--output", "-")
    assert default.exit_code == dash.exit_code == 0
    assert default.output == dash.output and default.output.startswith(b"# Weekly review")


@pytest.mark.parametrize("fmt", ["md", "csv", "json", "html"])
def test_output_file_is_the_same_bytes_with_mode_0600(
    demo_dir: Path, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / "out" / f"review.{fmt}"
    target.parent.mkdir()
    old_umask = os.umask(0)  # a permissive umask must not widen the file
    try:
        result = run_planner(demo_dir, "export", *WEEK, "--format", fmt, "--output", str(target))
    finally:
        os.umask(old_umask)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and "Wrote" in result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes() == run_planner(demo_dir, "export", *WEEK, "--format", fmt).output
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no temp left


def test_an_existing_file_needs_force(demo_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "review.md"
    target.write_text("last week's notes\n", encoding="utf-8")
    target.chmod(0o644)
    message = _one_line_error(run_planner(demo_dir, "export", *WEEK, "--output", str(target)))
    assert "already exists" in message and "--force" in message
    assert target.read_text(encoding="utf-8") == "last week's notes\n"
    result = run_planner(demo_dir, "export", *WEEK, "--output", str(target), "--force")
    assert result.exit_code == 0
    assert target.read_bytes().startswith(b"# Weekly review 2026-W47")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_path_into_the_data_dir_is_refused(demo_copy: Path, tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in demo_copy.rglob("*") if p.is_file()}
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "link-to-data").symlink_to(demo_copy)
    (outside / "planner.json").symlink_to(demo_copy / "planner.json")
    candidates = [
        demo_copy / "review.md",  # a new file in the data dir
        demo_copy / "planner.json",  # the planner's own file
        demo_copy / "touches" / "2026-11.json",
        outside / "link-to-data" / "review.md",  # through a linked folder
        outside / ".." / demo_copy.name / "composure.json",  # through ..
    ]
    for path in candidates:
        message = _one_line_error(
            run_planner(demo_copy, "export", *WEEK, "--output", str(path), "--force")
        )
        assert "inside the data dir" in message, message
    # A link to a data file: resolved, it is in the data dir too.
    message = _one_line_error(
        run_planner(
            demo_copy, "export", *WEEK, "--output", str(outside / "planner.json"), "--force"
        )
    )
    assert "inside the data dir" in message
    after = {p: p.read_bytes() for p in demo_copy.rglob("*") if p.is_file()}
    assert after == before
    assert not (demo_copy / "review.md").exists()


def test_the_data_dir_reached_through_a_link_is_still_the_data_dir(
    demo_copy: Path, tmp_path: Path
) -> None:
    link = tmp_path / "data-link"
    link.symlink_to(demo_copy)
    result = run_planner(link, "export", *WEEK, "--output", str(demo_copy / "x.md"))
    assert "inside the data dir" in _one_line_error(result)


def test_dev_full_is_one_line_and_left_alone(demo_dir: Path) -> None:
    for extra in ([], ["--force"]):
        result = run_planner(demo_dir, "export", *WEEK, "--output", "/dev/full", *extra)
        assert "/dev/full" in _one_line_error(result)
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)  # never replaced by a plain file


def test_a_full_disk_leaves_the_previous_file_intact(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "review.html"
    target.write_text("the previous review\n", encoding="utf-8")
    real_write = os.write
    written: list[int] = []

    def full_disk(fd: int, data: Any) -> int:
        # The temp file gets a first chunk, then the disk is full.
        if written:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(fd)
        return real_write(fd, bytes(data)[:100])

    monkeypatch.setattr(atomic.os, "write", full_disk)
    result = run_planner(
        demo_dir, "export", *WEEK, "--format", "html", "--output", str(target), "--force"
    )
    monkeypatch.undo()
    message = _one_line_error(result)
    assert "No space left on device" in message and str(target) in message
    assert target.read_text(encoding="utf-8") == "the previous review\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.html"]  # temp removed


@pytest.mark.parametrize("kind", ["missing folder", "folder", "file as folder", "link"])
def test_unusable_targets_are_one_line(demo_dir: Path, tmp_path: Path, kind: str) -> None:
    elsewhere = tmp_path / "elsewhere.md"
    elsewhere.write_text("keep me\n", encoding="utf-8")
    if kind == "missing folder":
        target = tmp_path / "no-such-folder" / "review.md"
    elif kind == "folder":
        target = tmp_path / "a-folder"
        target.mkdir()
    elif kind == "file as folder":
        target = elsewhere / "review.md"
    else:
        target = tmp_path / "link.md"
        target.symlink_to(elsewhere)
    _one_line_error(run_planner(demo_dir, "export", *WEEK, "--output", str(target), "--force"))
    assert elsewhere.read_text(encoding="utf-8") == "keep me\n"


def test_an_unwritable_folder_is_one_line(demo_dir: Path, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # Root writes anywhere; a read-only place it cannot write is /proc.
        target = Path("/proc/planner-review.md")
    else:
        folder = tmp_path / "locked"
        folder.mkdir(mode=0o500)
        target = folder / "review.md"
    message = _one_line_error(run_planner(demo_dir, "export", *WEEK, "--output", str(target)))
    assert str(target) in message


@pytest.mark.parametrize(
    "args",
    [
        ["--week", "2026-W47", "--from", "2026-11-01"],
        ["--to", "2026-11-10"],
        ["--all"],
        ["--all", "--format", "json", "--week", "2026-W47"],
        ["--format", "pdf"],
        ["--from", "2026-13-01"],
    ],
)
def test_bad_usage_exits_2(demo_dir: Path, args: list[str]) -> None:
    result = run_planner(demo_dir, "export", *args)
    assert result.exit_code == 2 and result.stdout == ""


def test_a_range_that_ends_before_it_starts(demo_dir: Path) -> None:
    result = run_planner(demo_dir, "export", "--from", "2026-11-10", "--to", "2026-11-01")
    assert "before it starts" in _one_line_error(result)
    huge = run_planner(demo_dir, "export", "--from", "2024-01-01", "--to", "2026-01-01")
    assert "at most 366 days" in _one_line_error(huge)


def test_all_exports_every_record(demo_dir: Path, tmp_path: Path, all_schema: Any) -> None:
    from planner.service import PlannerService

    result = run_planner(demo_dir, "export", "--all", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    validate(data, all_schema)
    svc = PlannerService(demo_dir, today=TODAY)
    assert len(data["prospects"]) == len(svc.prospects())
    months = svc.store.touch_months()
    assert months[0] == "2025-11" and data["touches"][0]["at"].startswith("2025-11")
    assert len(data["touches"]) == len(svc.touches(date(2025, 11, 1), TODAY))
    assert len(data["targets"]) == 2 and len(data["composure"]) > 200
    sale = next(t for t in data["touches"] if t["outcome"] == "sale" and t["amount"])
    assert isinstance(sale["amount"], str)
    target = tmp_path / "everything.json"
    written = run_planner(demo_dir, "export", "--all", "--format", "json", "-o", str(target))
    assert written.exit_code == 0 and target.read_bytes() == result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_the_real_process_errors_in_one_line(demo_dir: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "planner",
            "--data-dir",
            str(demo_dir),
            "--today",
            "2026-11-27",
            "export",
            "--output",
            "/dev/full",
            "--force",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("planner: ")


def test_the_command_module_imports_on_its_own() -> None:
    code = (
        "import planner.cli.export, planner.cli; "
        "print(planner.cli.cli.get_command(None, 'export').name)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "export", done.stderr


@pytest.mark.parametrize("fmt", ["md", "csv", "json", "html"])
def test_a_data_dir_from_before_companies_json_exports_the_same(
    demo_dir: Path, demo_copy: Path, fmt: str
) -> None:
    # The review names the week's prospects from names.json and companies.json; a data dir
    # written before companies.json existed reads its shards instead, to the same bytes.
    (demo_copy / "companies.json").unlink()
    manifest = demo_copy / ".manifest.json"
    doc = json.loads(manifest.read_bytes())
    for entry in doc["integrity"].values():
        entry["files"].pop("companies.json", None)
    manifest.write_bytes(json.dumps(doc).encode())
    args = ("export", "--week", "2026-W47", "--format", fmt)
    assert run_planner(demo_copy, *args).output == run_planner(demo_dir, *args).output


def test_a_review_names_the_same_check_ins_with_or_without_checkins_json(demo_copy: Path) -> None:
    service = PlannerService(demo_copy, today=TODAY)
    week = (date(2026, 11, 16), date(2026, 11, 22))
    with_rows = service.review(*week).next_week.check_ins
    forget_checkin_shards(demo_copy)
    older = PlannerService(demo_copy, today=TODAY)
    assert older.store.checkin_rows(TODAY) is None
    assert len(with_rows) == 5 and older.review(*week).next_week.check_ins == with_rows
