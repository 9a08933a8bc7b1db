"""Keys go where the seller meant them, however fast they come.

Textual hands every key to the focused widget's queue at once and runs bindings only when
the key has bubbled back to the app, so in a burst like ``cQuinn Harper`` the letters after
``c`` are already queued on the today screen before ``c`` opens the name box: they were lost,
or ran as today-screen keys. The router makes the app the one place that orders keys:

- on a screen without a text field (the today screen, the review, a one-key box) a key's
  binding runs the moment the key arrives, so a box opened by it is on top before the next
  key is routed;
- a box (a modal screen) that is not mounted yet holds the keys that arrive for it and
  replays them, in order, once it is ready (its field focused);
- a key that bubbles back from a screen that is no longer on top runs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from textual import events
from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from textual.app import App


class KeyRouter:
    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._held: list[events.Key] = []
        self._held_for: Screen[Any] | None = None
        # The screen each key was typed on; None once its binding already ran on arrival.
        self._origin: WeakKeyDictionary[events.Key, Screen[Any] | None] = WeakKeyDictionary()
        self.closed = False
        """Set when the app is quitting: later keys do nothing."""

    async def arrived(self, event: events.Key) -> bool:
        """A key from the terminal; True when it was dealt with here (held, dropped, bound)."""
        if self.closed:
            return True
        app = self._app
        screen = app.screen
        if self._held_for is not None and self._held_for in app.screen_stack:
            self._held.append(event)
            return True
        if isinstance(screen, ModalScreen) and not screen.is_mounted:
            self._hold(screen, event)
            return True
        hand_to = getattr(screen.focused, "hands_keys_to", None)
        if screen.focused is None:
            # Nothing focused (a closed note bar's field was blurred as it hid): the key goes
            # where the screen keeps its keys, the today screen's queue.
            hand_to = getattr(screen, "keys_home", None)
        if hand_to is not None:
            # A closed note bar's field, still focused for a frame: the key is the screen's.
            if screen.focused is not None:
                screen.focused.hands_keys_to = None  # type: ignore[attr-defined]
            screen.set_focus(hand_to, scroll_visible=False)
        if not _types_text(screen.focused) and _binds_on_arrival(screen):
            # Bindings run in arrival order here, before the next key is routed.
            handled = await app._check_bindings(event.key, priority=True)
            handled = handled or await app._check_bindings(event.key)
            if handled:
                return True
            self._origin[event] = None
            return False
        self._origin[event] = screen
        return False

    async def redeliver(self, event: events.Key) -> None:
        """A key a closed field got (it was typed after the field's enter, in one burst):
        routed again as it arrived, so it works the screen as the seller meant."""
        again = events.Key(event.key, event.character)
        if not await self.arrived(again):
            await self._forward(again)

    def may_bind(self, event: events.Key) -> bool:
        """A key bubbled back to the app: may the app's bindings run for it now?"""
        if event not in self._origin:
            return True  # not from the terminal (a test's simulated key, say)
        origin = self._origin.pop(event)
        return origin is not None and origin is self._app.screen

    def _hold(self, screen: Screen[Any], event: events.Key) -> None:
        self._held_for = screen
        self._held = [event]
        # Runs in the box's own queue, so after its compose and mount; the replay then goes
        # to the app's queue, behind the focus the box asked for while mounting.
        screen.call_later(self._app.call_later, self._replay)

    async def _replay(self) -> None:
        held, self._held, self._held_for = self._held, [], None
        for event in held:
            if not await self.arrived(event):
                await self._forward(event)

    async def _forward(self, event: events.Key) -> None:
        app = self._app
        if await app._check_bindings(event.key, priority=True):
            return
        target = app.screen.focused or app.screen
        target._forward_event(event)


def _binds_on_arrival(screen: Screen[Any]) -> bool:
    """A screen whose keys are all bindings: the today screen, and a one-key box (the lost
    reason) that says so with ``BINDS_ON_ARRIVAL``: its choice opens the next box before
    the next key is routed, so the note typed in the same burst lands in that box."""
    return not isinstance(screen, ModalScreen) or getattr(screen, "BINDS_ON_ARRIVAL", False)


def _types_text(widget: object) -> bool:
    """Does the focused widget take printable keys as text (an Input, a TextArea)?"""
    check = getattr(widget, "check_consume_key", None)
    return bool(check and check("a", "a"))
