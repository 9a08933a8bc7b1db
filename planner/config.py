"""The user's config.toml: the chosen TUI theme and remapped keys (read and written, typed)."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import tomli_w

from planner.paths import config_file

# A binding id as the TUI declares them ("log.no_answer"); keys as Textual spells them
# ("n", "ctrl+n", "question_mark"), several separated by commas.
_BINDING_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
_KEYS = re.compile(r"^[A-Za-z0-9_+\-?!/@#$%^&*()\[\]{}<>=:;'\".~`|\\ ,]{1,60}$")
_THEME_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,59}$")
_KNOWN_KEYS = frozenset({"theme", "keymap"})


class ConfigError(ValueError):
    """A config file that cannot be used; the message is one line naming the file."""


@dataclass(frozen=True, slots=True)
class Config:
    """What the seller chose in the TUI: a theme name (None = default) and key overrides."""

    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)

    def with_theme(self, theme: str | None) -> Config:
        return replace(self, theme=theme)


def load_config(path: Path | None = None) -> Config:
    """The config at ``path`` (default ``$PLANNER_CONFIG`` or the user config dir).

    A missing file is the default config. Raises ConfigError for a file that is not valid
    TOML or holds values of the wrong kind.
    """
    where = path or config_file()
    try:
        text = where.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{where}: cannot read it ({error})") from error
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{where}: not valid TOML ({error})") from error
    return parse_config(data, source=str(where))


def parse_config(data: dict[str, Any], *, source: str = "config.toml") -> Config:
    """Check the parsed TOML of a config file; unknown top-level keys are refused."""
    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{source}: unknown setting {unknown[0]!r} (known: theme, keymap)")
    theme = data.get("theme")
    if theme is not None and not (isinstance(theme, str) and _THEME_NAME.match(theme)):
        raise ConfigError(f"{source}: theme must be a theme name like 'planner-dark'")
    raw_keymap = data.get("keymap", {})
    if not isinstance(raw_keymap, dict):
        raise ConfigError(f'{source}: [keymap] must be a table of binding id = "keys"')
    keymap: dict[str, str] = {}
    for binding_id, keys in raw_keymap.items():
        if not _BINDING_ID.match(binding_id):
            raise ConfigError(f"{source}: keymap: {binding_id!r} is not a binding id")
        if not isinstance(keys, str) or not _KEYS.match(keys):
            raise ConfigError(
                f"{source}: keymap: {binding_id} must be a key or keys separated by commas"
            )
        keymap[binding_id] = keys
    return Config(theme=theme, keymap=keymap)


def save_config(config: Config, path: Path | None = None) -> Path:
    """Write ``config`` atomically (temp file, fsync, rename), readable by the owner only."""
    where = path or config_file()
    data: dict[str, Any] = {}
    if config.theme is not None:
        data["theme"] = config.theme
    if config.keymap:
        data["keymap"] = dict(sorted(config.keymap.items()))
    where.parent.mkdir(parents=True, exist_ok=True)
    payload = tomli_w.dumps(data).encode("utf-8")
    # The temp file is opened O_CREAT|O_EXCL|O_NOFOLLOW (the data dir's helper): a symlink
    # planted at the temp path is never followed, so its target is never written.
    from planner.store.atomic import fsync_dir, prepare
    from planner.store.errors import StoreError

    tmp = where.with_name(f".{where.name}.tmp")
    try:
        _remove_stale_tmp(tmp)
        prepared = prepare(where, payload, str(where))
    except StoreError as error:
        raise ConfigError(f"{where}: could not save it ({error})") from error
    try:
        # A link at the config path itself is the user's (dotfiles): it is replaced, not
        # followed, as os.replace always did.
        prepared.tmp.replace(where)
        fsync_dir(where.parent, str(where.parent))
    except (OSError, StoreError) as error:
        with contextlib.suppress(OSError):
            prepared.tmp.unlink()
        if isinstance(error, StoreError):
            raise ConfigError(f"{where}: could not save it ({error})") from error
        raise ConfigError(f"{where}: could not save it ({error.strerror})") from error
    return where


def _remove_stale_tmp(tmp: Path) -> None:
    """A temp file left by a killed save, or anything planted there, is removed (unlinking a
    symbolic link removes the link, never its target); a folder there is refused."""
    try:
        mode = os.lstat(tmp).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise ConfigError(f"{tmp}: cannot check it ({error.strerror})") from error
    if stat.S_ISDIR(mode):
        raise ConfigError(f"{tmp} is a folder; move it away and retry")
    try:
        tmp.unlink()
    except FileNotFoundError:
        return
    except OSError as error:
        raise ConfigError(f"{tmp}: cannot remove it ({error.strerror})") from error


__all__ = ["Config", "ConfigError", "load_config", "parse_config", "save_config"]
