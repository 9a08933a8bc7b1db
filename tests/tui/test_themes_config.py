"""Themes from files, user themes beside config.toml, and the chosen theme and keys kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.config import Config, ConfigError, load_config, save_config
from tests.tui.conftest import TODAY, MakeApp, errors, settle, touches_today
from themes import DEFAULT_THEME, builtin_theme_files, read_theme_file
from tui.app import make_app
from tui.keys import KEYS, binding_ids
from tui.themes import load_themes, to_textual


def test_builtin_themes_load_dark_light_and_ansi() -> None:
    specs = {read_theme_file(p).name: read_theme_file(p) for p in builtin_theme_files()}
    assert {"planner-dark", "planner-light", "planner-ansi"} <= set(specs)
    assert specs["planner-dark"].dark and not specs["planner-light"].dark
    assert specs["planner-ansi"].ansi
    for spec in specs.values():
        to_textual(spec).to_color_system().generate()


def test_config_round_trip_and_refusals(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "config.toml"
    assert load_config(path) == Config()
    save_config(Config("planner-light", {"log.no_answer": "o"}), path)
    assert load_config(path) == Config("planner-light", {"log.no_answer": "o"})
    assert path.stat().st_mode & 0o777 == 0o600
    for text in ["theme = 3", 'colour = "red"', '[keymap]\n"Not An Id" = "x"', "theme = ["]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError, match=str(path.name)):
            load_config(path)


def test_config_follows_planner_config_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "elsewhere.toml"
    monkeypatch.setenv("PLANNER_CONFIG", str(path))
    save_config(Config(theme="planner-ansi"))
    assert load_config().theme == "planner-ansi" and path.exists()


def test_broken_user_theme_is_reported_and_skipped(tmp_path: Path) -> None:
    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "good.toml").write_text('name = "mine"\nprimary = "#336699"\n', encoding="utf-8")
    (themes / "bad.toml").write_text('name = "bad"\nprimary = "not-a-colour"\n', encoding="utf-8")
    (themes / "worse.toml").write_text("name = [", encoding="utf-8")
    loaded = load_themes(themes)
    names = {t.name for t in loaded.themes}
    assert "mine" in names and "bad" not in names and DEFAULT_THEME in names
    assert len(loaded.problems) == 2 and all("theme file" in p for p in loaded.problems)


async def test_broken_theme_chosen_gives_one_notice_and_the_default(
    demo_dir: Path, config_path: Path
) -> None:
    (config_path.parent / "themes").mkdir(parents=True)
    (config_path.parent / "themes" / "bad.toml").write_text(
        'name = "bad"\nprimary = "#12345z"\n', encoding="utf-8"
    )
    save_config(Config(theme="bad"), config_path)
    app = make_app(demo_dir, today=TODAY, config_path=config_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == DEFAULT_THEME
        assert len(errors(app)) == 1 and "bad.toml" in errors(app)[0]


async def test_theme_option_and_choice_are_kept(demo_dir: Path, config_path: Path) -> None:
    app = make_app(demo_dir, today=TODAY, theme="planner-ansi", config_path=config_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "planner-ansi" and not errors(app)
        app.theme = "planner-light"  # as the palette's theme picker does
        await settle(pilot)
    assert load_config(config_path).theme == "planner-light"
    reopened = make_app(demo_dir, today=TODAY, config_path=config_path)
    async with reopened.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert reopened.theme == "planner-light"


async def test_remapped_key_from_config_logs(
    demo_dir: Path, config_path: Path, app_for: MakeApp
) -> None:
    save_config(Config(keymap={"log.no_answer": "o", "nowhere.at_all": "y"}), config_path)
    before = touches_today(demo_dir)
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert any("nowhere.at_all" in e for e in errors(app))
        await pilot.press("o")
        await settle(pilot)
    after = touches_today(demo_dir)
    assert len(after) == len(before) + 1 and sorted(after) != sorted(before)
    assert sum(o == "no-answer" for _, o in after) == sum(o == "no-answer" for _, o in before) + 1


def test_every_binding_has_an_id_and_a_description() -> None:
    assert len(binding_ids()) == len(KEYS)
    for key in KEYS:
        binding = key.binding()
        assert binding.id and binding.description


def test_every_binding_of_every_screen_is_remappable() -> None:
    """Each Binding has an id the keymap accepts, and a description."""
    import importlib
    import pkgutil

    from textual.binding import Binding
    from textual.dom import DOMNode

    import tui
    import tui.screens
    import tui.widgets
    from tui.keys import MODAL_BINDING_IDS

    known = binding_ids() | MODAL_BINDING_IDS
    for package in (tui, tui.screens, tui.widgets):
        for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
    classes = [c for c in _subclasses(DOMNode) if c.__module__.startswith("tui.")]
    assert len(classes) > 10
    for cls in classes:
        for binding in cls.__dict__.get("BINDINGS", []):
            assert isinstance(binding, Binding), (cls, binding)
            assert binding.id in known and binding.description, (cls.__name__, binding)


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found
