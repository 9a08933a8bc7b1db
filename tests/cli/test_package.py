"""The shape of planner.cli: each module imports on its own, command families never import
each other, `planner --help` lists the contract's commands, and `planner status` stays light."""

from __future__ import annotations

import gc
import os
import pkgutil
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

import planner.cli
from planner.cli import STARTUP_GC, app, cli
from tests.cli.conftest import Planner

CLI_DIR = Path(planner.cli.__file__).parent
MODULES = sorted(f"planner.cli.{info.name}" for info in pkgutil.iter_modules([str(CLI_DIR)]))
# What every command module may lean on; everything else in planner.cli is a sibling.
SHARED = {"planner.cli.app", "planner.cli.lean", "planner.cli.output"}

# DESIGN section 4, command by command, as far as it is built. Not built yet:
# `prospect show`, `edit`, `remove` and `merge`; add each here when it lands.
DESIGN_COMMANDS = {
    (): {"init", "target", "prospect", "log", "activity", "queue", "status", "export"}
    | {"undo", "doctor", "backup", "restore", "demo", "whatif"},
    ("target",): {"set", "list"},
    ("prospect",): {"add", "list", "import"},
    ("log",): {"call", "sale"},
    ("activity",): {"import"},
}


def _run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )


def test_the_package_has_the_expected_modules() -> None:
    assert {"planner.cli.app", "planner.cli.today", "planner.cli.export"} <= set(MODULES)


@pytest.mark.parametrize("module", ["planner.cli", *MODULES])
def test_each_module_imports_alone_in_a_fresh_process(module: str) -> None:
    done = _run_python(f"import {module}")
    assert done.returncode == 0, done.stderr


def _loaded_alone(module: str) -> set[str]:
    """The planner.cli modules loaded by importing `module` without running
    planner/cli/__init__.py (the registration place, which loads them all)."""
    code = (
        "import sys, types\n"
        "package = types.ModuleType('planner.cli')\n"
        f"package.__path__ = [{str(CLI_DIR)!r}]\n"
        "sys.modules['planner.cli'] = package\n"
        f"import {module}\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('planner.cli.'))))\n"
    )
    done = _run_python(code)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


@pytest.mark.parametrize("module", sorted(set(MODULES) - SHARED))
def test_a_command_module_loads_only_the_root_and_the_output_helpers(module: str) -> None:
    loaded = _loaded_alone(module)
    assert loaded - SHARED == {module}, f"{module} loads {sorted(loaded - SHARED - {module})}"


@pytest.mark.parametrize("module", sorted(SHARED))
def test_the_root_and_the_output_helpers_load_no_command_module(module: str) -> None:
    assert _loaded_alone(module) <= SHARED


def _listed_commands(help_text: str) -> set[str]:
    section = help_text.split("Commands:", 1)[1]
    return set(re.findall(r"^  (\S+)", section, re.M))


def test_planner_help_lists_every_command_of_the_contract() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "planner", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert DESIGN_COMMANDS[()] <= _listed_commands(done.stdout)


@pytest.mark.parametrize("group", [path for path in DESIGN_COMMANDS if path])
def test_each_group_help_lists_its_commands(group: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*group, "--help"])
    assert result.exit_code == 0, result.output
    assert DESIGN_COMMANDS[group] <= _listed_commands(result.output)


# Modules `planner status` must never load: its process has a start-up budget (DESIGN 7).
HEAVY_FOR_STATUS = (
    "planner.queue",
    "planner.importers",
    "planner.export",
    "planner.review",
    "planner.demo",
    "planner.composure",
    "planner.validation",
    "planner.store.transaction",
    "filelock",
    "statistics",
    "textual",
    "tui",
)


@pytest.mark.parametrize("args", [(), ("--json",)], ids=["text", "json"])
def test_planner_status_loads_nothing_heavy(
    planner: Planner, data_dir: Path, args: tuple[str, ...]
) -> None:
    assert planner("init", "--target", "24", "--period", "2026").exit_code == 0
    assert planner("log", "call", "Ann Lee", "--outcome", "meeting").exit_code == 0
    global_options = ["--data-dir", str(data_dir), "--today", "2026-07-01"]
    command = ["-X", "importtime", "-m", "planner", *global_options, "status", *args]
    done = subprocess.run(
        [sys.executable, *command],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert done.returncode == 0, done.stderr
    loaded = set(re.findall(r"^import time:.*\|\s*(\S+)$", done.stderr, re.M))
    assert "planner.service" in loaded and "planner.cli.lean" in loaded
    # `status` runs without click (planner.cli.lean), so without the root and its families.
    families = {name for name in loaded if name.startswith("planner.cli.")}
    assert families == {"planner.cli.lean"}
    assert "click" not in loaded
    heavy = sorted(
        name for name in loaded for root in HEAVY_FOR_STATUS if re.match(rf"{root}(\.|$)", name)
    )
    assert heavy == []


def test_without_the_tui_the_root_runs_the_registered_morning_summary(
    planner: Planner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "tui.app", None)  # as if the TUI were not installed
    result = planner()
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("No plan yet. Start with:  planner init")
    assert planner("init", "--target", "24", "--period", "2026").exit_code == 0
    assert planner().stdout.startswith("2026: 0 of 24 sales")


# Options added beyond DESIGN section 4's list, each with the issue that asked for it.
EXTRA_OPTIONS = {("doctor",): {"--repair", "--json"}}  # issue 13: rebuild derived files


@pytest.mark.parametrize("command", sorted(EXTRA_OPTIONS))
def test_added_options_are_in_the_help(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert EXTRA_OPTIONS[command] <= set(re.findall(r"^\s+(--[a-z-]+)", result.output, re.M))


def test_every_registered_command_loads_under_its_name_when_asked_for() -> None:
    """The registry in planner/cli/__init__.py names each command's module: a typo there
    would only show when that command runs."""
    code = (
        "import sys, click, planner.cli as c\n"
        "ctx = click.Context(c.cli)\n"
        "names = c.cli.list_commands(ctx)\n"
        "assert not [m for m in sys.modules if m.startswith('planner.cli.') and\n"
        f"            m not in {sorted(SHARED)!r}], 'loaded eagerly'\n"
        "print(' '.join(n for n in names if c.cli.get_command(ctx, n).name != n))\n"
        "print(' '.join(sorted(c.cli.get_command(ctx, 'prospect').commands)))\n"
    )
    done = _run_python(code)
    assert done.returncode == 0, done.stderr
    mismatched, prospect = done.stdout.split("\n")[:2]
    assert mismatched == ""
    assert {"add", "list", "import"} <= set(prospect.split())


def test_a_command_process_collects_rarely_and_freezes_at_exit(tmp_path: Path) -> None:
    # main() is the console script: one command per process (planner/cli/app.py, main).
    code = (
        "import gc, sys\n"
        "from planner.cli.app import _COMMAND_GC, main\n"
        f"sys.argv = ['planner', '--data-dir', {str(tmp_path / 'data')!r}, 'status', '--json']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as done:\n"
        "    print(done.code, gc.get_threshold() == _COMMAND_GC, gc.get_freeze_count() > 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["1", "True", "True"], done.stderr


def test_the_tui_gets_the_default_collector_back(
    planner: Planner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Collecting rarely while it starts; the app puts the default back after its first
    # frame (tests/tui/test_prefetch.py).
    seen: list[tuple[object, ...]] = []

    def run_app(**kwargs: object) -> None:
        seen.append((gc.get_threshold(), kwargs["collector"]))

    fake = types.ModuleType("tui.app")
    fake.run_app = run_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui.app", fake)
    before = gc.get_threshold()
    try:
        gc.set_threshold(*app._COMMAND_GC)
        assert planner().exit_code == 0
    finally:
        gc.set_threshold(*before)
    assert seen == [((STARTUP_GC, *app._DEFAULT_GC[1:]), app._DEFAULT_GC)]


def _open_bare(tmp_path: Path, argv: list[str], env: dict[str, str]) -> list[str]:
    """Run main() with ``argv`` in a fresh process whose tui.app is a stand-in; its lines:
    the stand-in's arguments and whether click was imported, or the process's exit."""
    code = (
        "import sys, types\n"
        "fake = types.ModuleType('tui.app')\n"
        "def run_app(**kw):\n"
        "    print(kw['data_dir'], kw['today'], kw['theme'], 'click' in sys.modules)\n"
        "fake.run_app = run_app\n"
        "sys.modules['tui.app'] = fake\n"
        "from planner.cli import main\n"
        f"sys.argv = ['planner', *{argv!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as done:\n"
        "    print('exit', done.code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PLANNER_DATA_DIR": "", "PLANNER_TODAY": "", **env},
        cwd=tmp_path,
    )
    return [*done.stdout.splitlines(), *done.stderr.splitlines()]


def test_planner_alone_opens_the_tui_without_click(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    argv = ["--data-dir", data, "--today=2026-07-01", "--theme", "nord"]
    assert _open_bare(tmp_path, argv, {}) == [f"{data} 2026-07-01 nord False"]
    # The envvars, as click reads them.
    env = {"PLANNER_DATA_DIR": data, "PLANNER_TODAY": "2026-07-02"}
    assert _open_bare(tmp_path, [], env) == [f"{data} 2026-07-02 None False"]


@pytest.mark.parametrize(
    "argv",
    [["--today", "2026-13-01"], ["--today", "1800-01-01"], ["--theme"], ["--today", ""]],
    ids=["not-a-date", "out-of-range", "no-value", "blank"],
)
def test_a_bare_command_line_click_must_judge_goes_to_click(
    tmp_path: Path, argv: list[str]
) -> None:
    lines = _open_bare(tmp_path, argv, {"PLANNER_DATA_DIR": str(tmp_path / "data")})
    if argv == ["--today", ""]:  # blank means not given: the TUI opens, through click
        assert lines == [f"{tmp_path / 'data'} None None True", "exit 0"]
    else:
        assert lines[0] == "exit 2"
        assert lines[1].startswith("planner: error: ") and "--help" in lines[1]


def test_a_file_for_the_data_dir_goes_to_click(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    lines = _open_bare(tmp_path, ["--data-dir", str(tmp_path / "file")], {})
    assert lines[0] == "exit 2" and "is a file" in lines[1]


def test_the_bare_tui_gets_the_collector_python_started_with(tmp_path: Path) -> None:
    # main() collects rarely from its first import on; the TUI's default is Python's own.
    code = (
        "import gc, sys, types\n"
        "default = gc.get_threshold()\n"
        "fake = types.ModuleType('tui.app')\n"
        "def run_app(**kw):\n"
        "    print(kw['collector'] == default, gc.get_threshold()[0])\n"
        "fake.run_app = run_app\n"
        "sys.modules['tui.app'] = fake\n"
        "from planner.cli import main\n"
        f"sys.argv = ['planner', '--data-dir', {str(tmp_path / 'data')!r}]\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["True", str(STARTUP_GC)], done.stderr
