"""Theme files (``*.toml``): where they are and how one reads into a plain, checked spec.

Turning a spec into a Textual theme happens in ``tui/themes.py``, so this package never
imports Textual and the CLI can list themes cheaply.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

BUILTIN_DIR = Path(__file__).resolve().parent
DEFAULT_THEME = "planner-dark"

# The colour slots of a Textual theme; primary is the only one a file must give.
COLOR_KEYS: tuple[str, ...] = (
    "primary",
    "secondary",
    "accent",
    "warning",
    "error",
    "success",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
_KNOWN = frozenset({"name", "dark", "ansi", "variables", *COLOR_KEYS})
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,59}$")
_VARIABLE = re.compile(r"^[a-z][a-z0-9\-]{0,59}$")


class ThemeFileError(ValueError):
    """A theme file that cannot be used; the message is one line naming the file."""


@dataclass(frozen=True, slots=True)
class ThemeSpec:
    """One theme file's content: colours are still strings, checked later by Textual."""

    name: str
    dark: bool
    ansi: bool
    colors: dict[str, str]
    variables: dict[str, str] = field(default_factory=dict)
    path: Path | None = None


def builtin_theme_files() -> list[Path]:
    return sorted(BUILTIN_DIR.glob("*.toml"))


def user_theme_files(directory: Path) -> list[Path]:
    """Theme files in the user's themes folder; none when it does not exist."""
    try:
        return sorted(p for p in directory.glob("*.toml") if p.is_file())
    except OSError:
        return []


def read_theme_file(path: Path) -> ThemeSpec:
    """Read and check one theme file; raises ThemeFileError with a one-line reason."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ThemeFileError(f"theme file {path.name}: cannot read it ({error})") from error
    except tomllib.TOMLDecodeError as error:
        raise ThemeFileError(f"theme file {path.name}: not valid TOML ({error})") from error
    return parse_theme(data, source=path.name, path=path)


def parse_theme(data: dict[str, object], *, source: str, path: Path | None = None) -> ThemeSpec:
    where = f"theme file {source}"
    unknown = sorted(set(data) - _KNOWN)
    if unknown:
        raise ThemeFileError(f"{where}: unknown key {unknown[0]!r}")
    name = data.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ThemeFileError(f"{where}: name must be a short name like 'my-theme'")
    dark, ansi = data.get("dark", True), data.get("ansi", False)
    if not isinstance(dark, bool) or not isinstance(ansi, bool):
        raise ThemeFileError(f"{where}: dark and ansi must be true or false")
    colors: dict[str, str] = {}
    for key in COLOR_KEYS:
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            raise ThemeFileError(f"{where}: {key} must be a colour like '#1e90ff'")
        colors[key] = value.strip()
    if "primary" not in colors:
        raise ThemeFileError(f"{where}: primary colour missing")
    raw_variables = data.get("variables", {})
    if not isinstance(raw_variables, dict):
        raise ThemeFileError(f"{where}: [variables] must be a table")
    variables: dict[str, str] = {}
    for key, value in raw_variables.items():
        if not _VARIABLE.match(key) or not isinstance(value, str):
            raise ThemeFileError(f'{where}: variable {key!r} must be a name = "value"')
        variables[key] = value
    return ThemeSpec(name, dark, ansi, colors, variables, path)


__all__ = [
    "DEFAULT_THEME",
    "ThemeFileError",
    "ThemeSpec",
    "builtin_theme_files",
    "parse_theme",
    "read_theme_file",
    "user_theme_files",
]
