"""Where planner keeps things: the data dir and the config file, overridable by env vars."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "planner"
DATA_DIR_ENV = "PLANNER_DATA_DIR"
CONFIG_ENV = "PLANNER_CONFIG"
TODAY_ENV = "PLANNER_TODAY"
CACHE_DIR_ENV = "PLANNER_CACHE_DIR"


def default_data_dir() -> Path:
    """``$PLANNER_DATA_DIR``, else the platform's user data dir (e.g. ~/.local/share/planner)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """``$PLANNER_CACHE_DIR``, else the platform's user cache dir: things planner can rebuild."""
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def config_file() -> Path:
    """``$PLANNER_CONFIG``, else config.toml in the platform's user config dir."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def user_themes_dir() -> Path:
    """User theme files live beside the config file, in ``themes/``."""
    return config_file().parent / "themes"
