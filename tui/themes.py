"""Theme files turned into Textual themes; a broken file is reported, never fatal."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.theme import Theme

from themes import (
    DEFAULT_THEME,
    ThemeFileError,
    ThemeSpec,
    builtin_theme_files,
    read_theme_file,
    user_theme_files,
)

# Variables may hold a colour or a text style ("bold", "none", "bold italic").
_TEXT_STYLE = re.compile(r"^(none|not |bold|dim|italic|underline|reverse|strike| )+$")


@dataclass
class LoadedThemes:
    themes: list[Theme] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def to_textual(spec: ThemeSpec) -> Theme:
    """A Textual Theme from a spec; raises ThemeFileError for a colour Textual cannot use."""
    where = f"theme file {spec.path.name if spec.path else spec.name}"
    for key, value in spec.variables.items():
        if _TEXT_STYLE.match(value):
            continue
        try:
            Color.parse(value)
        except ColorParseError as error:
            raise ThemeFileError(f"{where}: variable {key}: {error}") from error
    colors = spec.colors
    theme = Theme(
        name=spec.name,
        primary=colors["primary"],
        secondary=colors.get("secondary"),
        warning=colors.get("warning"),
        error=colors.get("error"),
        success=colors.get("success"),
        accent=colors.get("accent"),
        foreground=colors.get("foreground"),
        background=colors.get("background"),
        surface=colors.get("surface"),
        panel=colors.get("panel"),
        boost=colors.get("boost"),
        dark=spec.dark,
        variables=dict(spec.variables),
        ansi=spec.ansi,
    )
    try:
        theme.to_color_system().generate()
    except (ColorParseError, ValueError) as error:
        raise ThemeFileError(f"{where}: {error}") from error
    return theme


def load_themes(user_dir: Path | None) -> LoadedThemes:
    """The built-in themes, then the user's (a user theme may replace a built-in by name)."""
    loaded = LoadedThemes()
    files = builtin_theme_files() + (user_theme_files(user_dir) if user_dir else [])
    by_name: dict[str, Theme] = {}
    for path in files:
        try:
            theme = to_textual(read_theme_file(path))
        except ThemeFileError as error:
            loaded.problems.append(str(error))
            continue
        by_name[theme.name] = theme
    loaded.themes = list(by_name.values())
    return loaded


def choose_theme(requested: str | None, available: set[str]) -> tuple[str, str | None]:
    """(theme to use, problem or None): an unknown name falls back to the default."""
    if requested is None or requested in available:
        return requested or DEFAULT_THEME, None
    return DEFAULT_THEME, f"unknown theme {requested!r}"
