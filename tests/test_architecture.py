"""The house's layers hold: import-linter checks the contracts written in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# import-linter's `lint-imports` command, started from this interpreter (it has no __main__).
LINT_IMPORTS = "from importlinter.cli import lint_imports_command; lint_imports_command()"
CONTRACTS = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]


def _lint(*contract_ids: str) -> subprocess.CompletedProcess[str]:
    """Run import-linter in its own process, as a developer would, on this checkout."""
    limit = [arg for cid in contract_ids for arg in ("--contract", cid)]
    return subprocess.run(
        [sys.executable, "-c", LINT_IMPORTS, "--no-cache", "--no-logo", *limit],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_contract_is_kept() -> None:
    done = _lint()
    assert done.returncode == 0, done.stdout + done.stderr
    ids = [contract["id"] for contract in CONTRACTS["contracts"]]
    assert ids == ["layers", "no-textual", "pure-domain", "store-below"]
    assert f"Contracts: {len(ids)} kept, 0 broken." in done.stdout


def test_the_layers_name_every_front_end_above_the_service() -> None:
    layers = next(c for c in CONTRACTS["contracts"] if c["id"] == "layers")["layers"]
    flat = [name.strip() for layer in layers for name in layer.split("|")]
    assert flat.index("planner.cli") < flat.index("tui") < flat.index("planner.service")
    assert flat.index("planner.service") < flat.index("planner.store")
