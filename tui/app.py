"""The planner app: one factory (make_app) for the command line and the tests."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.notifications import Notify
from textual.screen import ModalScreen, Screen
from textual.theme import Theme

from planner.config import Config, ConfigError, load_config, save_config
from planner.paths import config_file, user_themes_dir
from tui import jobs
from tui.commands import PlannerCommands
from tui.keys import bindings, check_keymap
from tui.messages import ServiceFailed, StoreChanged
from tui.runner import ServiceRunner
from tui.screens.help import HelpScreen
from tui.screens.today import TodayScreen
from tui.themes import choose_theme, load_themes
from tui.typeahead import KeyRouter

if TYPE_CHECKING:
    from tui.prefetch import Prefetch

REFRESH_SECONDS = 1.0  # a touch logged from the shell shows within about this long
MAX_TOASTS = 2  # more would cover the queue at 80x24


def _prospects_screen() -> Screen[None]:
    from tui.screens.prospects import ProspectsScreen

    return ProspectsScreen()


def _review_screen() -> Screen[None]:
    # textual-plotext costs a tenth of a second to import: only when the review is opened.
    from tui.screens.review import ReviewScreen

    return ReviewScreen()


class PlannerApp(App[None]):
    """Today, prospects and review are modes; dialogs are pushed over them."""

    CSS_PATH = "planner.tcss"
    TITLE = "planner"
    MODES: ClassVar = {
        "today": TodayScreen,
        "prospects": _prospects_screen,
        "review": _review_screen,
    }
    DEFAULT_MODE = "today"
    NOTIFICATION_TIMEOUT = 3
    BINDINGS: ClassVar[list[BindingType]] = bindings("everywhere")
    COMMANDS = App.COMMANDS | {PlannerCommands}

    def __init__(
        self,
        data_dir: Path,
        *,
        today: date | None = None,
        theme: str | None = None,
        config_path: Path | None = None,
    ) -> None:
        super().__init__()
        self.runner = ServiceRunner(self, data_dir, today)
        self.keys = KeyRouter(self)
        self.config_path = config_path or config_file()
        self._requested_theme = theme
        self._problems: list[str] = []
        self.config = self._read_config()
        self.keymap = self._checked_keymap(self.config.keymap)
        self._themes = load_themes(
            user_themes_dir() if config_path is None else self.config_path.parent / "themes"
        )
        self._problems.extend(self._themes.problems)
        self._start_theme()
        # The collector's thresholds for after the first frame (run_app); None: as they are.
        self.collector_after_start: tuple[int, int, int] | None = None

    def _start_theme(self) -> None:
        """Register the themes and put on the chosen one before the stylesheet is first
        read: set once the app runs, it would parse every rule a second time and style
        every widget again before the first frame."""
        for theme in self._themes.themes:
            self.register_theme(theme)
        name, problem = choose_theme(
            self._requested_theme or self.config.theme, set(self.available_themes)
        )
        if problem:
            self._problems.append(f"{problem}; using {name}")
        self.set_reactive(PlannerApp.theme, name)
        # What App._watch_theme does on a change, done here without its reparse.
        dark = self.current_theme.dark
        self.set_class(True, f"-theme-{name}", update=False)
        self.set_class(dark, "-dark-mode", update=False)
        self.set_class(not dark, "-light-mode", update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())

    # ------------------------------------------------------------------ config and themes

    def _read_config(self) -> Config:
        try:
            return load_config(self.config_path)
        except ConfigError as error:
            self._problems.append(f"{error}; using the defaults")
            self._config_broken = True
            return Config()

    def _checked_keymap(self, keymap: dict[str, str]) -> dict[str, str]:
        accepted, problems = check_keymap(keymap)
        self._problems.extend(problems)
        return accepted

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        # Kept as when the theme was set here: the theme the app opened with is saved.
        self._theme_changed(self.current_theme)
        if self.keymap:
            self.set_keymap(self.keymap)
        if self._problems:
            # One notice, however many files were broken.
            more = f" (and {len(self._problems) - 1} more)" if len(self._problems) > 1 else ""
            self.notify(self._problems[0] + more, severity="error", markup=False, timeout=10)
        self.set_interval(REFRESH_SECONDS, self._check_store)
        if self.collector_after_start is not None:
            self.call_after_refresh(self._started)

    def _started(self) -> None:
        """The first frame is out: the collector as the command line had it."""
        if self.collector_after_start is not None:
            gc.set_threshold(*self.collector_after_start)

    def on_unmount(self) -> None:
        self.runner.close()  # the writer process ends with the app (it would on its own too)

    def _theme_changed(self, theme: Theme) -> None:
        if getattr(self, "_config_broken", False) or theme.name == self.config.theme:
            return  # never overwrite a config file the seller has to fix by hand
        self.config = self.config.with_theme(theme.name)
        config, path = self.config, self.config_path
        self.run_worker(lambda: save_config(config, path), thread=True, group="config")

    def on_notify(self, event: Notify) -> None:
        # Runs before the app adds the new toast: the oldest go, at most MAX_TOASTS stay;
        # notices go before an error, so that the store's warnings from a later job (the
        # status reads the open meetings' prospects) do not hide why the seller's key failed.
        shown = sorted(self._notifications, key=lambda toast: toast.severity == "error")
        for old in shown[: max(0, len(shown) - MAX_TOASTS + 1)]:
            self._unnotify(old, refresh=False)

    # ------------------------------------------------------------------ keys

    async def on_event(self, event: events.Event) -> None:
        is_new_key = isinstance(event, events.Key) and not event.is_forwarded
        if is_new_key and await self.keys.arrived(event):  # type: ignore[arg-type]
            return
        await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        # A key bubbled back: its bindings ran on arrival, or it was typed on a screen that
        # is gone; either way the screen now on top must not act on it.
        if not self.keys.may_bind(event):
            event.prevent_default()

    async def action_quit(self) -> None:
        self.keys.closed = True  # `q` then `s`: the `s` must not open a box while closing
        await super().action_quit()

    # ------------------------------------------------------------------ live refresh

    def _check_store(self) -> None:
        if self.workers_in_group("service"):
            return  # busy: the next tick looks again
        self.runner.submit(jobs.check_store(self.runner), self)

    def workers_in_group(self, group: str) -> int:
        return sum(1 for w in self.workers if w.group == group and not w.is_finished)

    def on_store_changed(self, message: StoreChanged) -> None:
        for screen in self._visible_screens():
            reload = getattr(screen, "reload", None)
            if callable(reload):
                reload()

    def _visible_screens(self) -> list[Screen[Any]]:
        # The today screen always follows the store (its pace feeds the palette and the
        # prospects screen's log key); other modes only while shown.
        found: list[Screen[Any]] = []
        for stack in self._screen_stacks.values():
            if stack and isinstance(stack[0], TodayScreen):
                found.append(stack[0])
        base = self.screen_stack[0] if self.screen_stack else None
        if base is not None and base not in found:
            found.append(base)
        return found

    def on_service_failed(self, message: ServiceFailed) -> None:
        # Replies to dialogs (the search box's names, say) that have no handler of their own.
        self.notify(message.error, severity="error", markup=False, timeout=8)

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Finish or close a dialog (or the setup form) before going elsewhere.
        blocked = isinstance(self.screen, ModalScreen) or getattr(
            self.screen, "BLOCKS_NAVIGATION", False
        )
        return not (action in ("show", "help") and blocked)

    def action_show(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # Textual's own "Keys" panel would stand beside ours (with the binding ids) under
        # the same name: the palette lists each command once.
        for command in super().get_system_commands(screen):
            if command.title != "Keys":
                yield command

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.keymap))

    @property
    def today_screen(self) -> TodayScreen | None:
        stack = self._screen_stacks.get("today") or []
        return stack[0] if stack and isinstance(stack[0], TodayScreen) else None


def make_app(
    data_dir: Path,
    today: date | None = None,
    theme: str | None = None,
    config_path: Path | None = None,
) -> PlannerApp:
    """The app for ``data_dir``; ``today`` fixes the date (tests, demos, --today)."""
    return PlannerApp(Path(data_dir), today=today, theme=theme, config_path=config_path)


def run_app(
    data_dir: Path,
    today: date | None = None,
    theme: str | None = None,
    prefetch: Prefetch | None = None,
    collector: tuple[int, int, int] | None = None,
) -> None:
    """Open the planner in the terminal (``planner`` with no command). ``prefetch``: the
    child already reading today's data (started before Textual was imported); without
    one, it is started here, before the app builds anything. ``collector``: the garbage
    collector's thresholds to put back once the first frame is out (the command line
    starts the app with a rarely passing one)."""
    from tui.prefetch import Prefetch

    paint_at(PAINT_FPS)
    hand_over_often()
    if prefetch is None:
        prefetch = Prefetch.start(Path(data_dir), today)
    app = make_app(data_dir, today=today, theme=theme)
    app.runner.prefetched(prefetch)
    app.collector_after_start = collector
    try:
        app.run()
    finally:
        app.runner.close()


# Textual paints at most TEXTUAL_FPS frames a second (60 by default), so a key press waits
# up to a frame for its repaint: at 120 a logged key waited 0-8 ms for the timer alone. At
# 1000 the frame follows the key as soon as the key's handlers are done; the frames a key
# causes are small (the note bar and the queue repaint only what changed), and idle costs
# nothing either way (the paint timer sleeps when nothing changed).
PAINT_FPS = 1000

# Textual hands each frame to a thread of its own that writes it to the terminal, and reads
# keys in another: each must take the interpreter lock from the main thread, which lets go
# of it only every switch interval (5 ms by default) while it works. After a logged key the
# main thread goes on with the touch's answer, and the frame that shows the key waited about
# 7 ms for its write. At 0.5 ms the frame leaves within a millisecond; the cost is a few
# more switches while two threads both compute, which this app rarely has.
GIL_HANDOVER_SECONDS = 0.0005


def hand_over_often() -> None:
    """Let the output and input threads take the interpreter lock within GIL_HANDOVER_SECONDS
    (running the app sets it, not importing it: the tests' processes keep Python's own)."""
    sys.setswitchinterval(GIL_HANDOVER_SECONDS)


def paint_at(fps: int) -> None:
    """Repaint up to ``fps`` times a second in this process, unless the user set TEXTUAL_FPS.

    Textual reads TEXTUAL_FPS once, when it is first imported, into the screens' update
    period. This used to be an ``os.environ.setdefault`` at the top of this module, before
    its Textual imports: a side effect of importing tui.app (the variable leaked into the
    tests and every child process), and a silent no-op whenever Textual had been imported
    first. Running the app is the one place it belongs, and by then Textual is loaded, so
    the period it derived is set directly (a screen reads it when it first paints).
    """
    if "TEXTUAL_FPS" in os.environ:
        return  # the user's own rate, already read by Textual
    import textual.screen

    textual.screen.UPDATE_PERIOD = 1 / fps  # type: ignore[misc]  # Final in Textual
