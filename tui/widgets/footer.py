"""The footer, showing only the keys that fit whole: at 60 columns fewer keys, never a
label cut in half or run into the next one. `? help` stays, since it leads to the rest."""

from __future__ import annotations

from collections.abc import Hashable

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input
from textual.widgets._footer import FooterKey

KEEP_LAST = "app.help"  # dropped last: it lists every key that had no room


def key_width(key: FooterKey) -> int:
    """Columns a compact footer key takes: key, space, label, space."""
    return len(key.key_display) + len(key.description) + 2


def fitting(keys: list[FooterKey], width: int) -> list[FooterKey]:
    """The keys that fit in ``width``, in order, dropping from the end (help kept)."""
    kept = list(keys)
    while kept and sum(key_width(k) for k in kept) > width:
        droppable = [k for k in kept if k.action != KEEP_LAST]
        kept.remove(droppable[-1] if droppable else kept[-1])
    return kept


class FittingFooter(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self._width = 0
        self._shown: Hashable = None
        self._check_pending = False

    def _signature(self) -> Hashable:
        """What the footer draws: the shown keys with their labels and state, and the width."""
        return self._width, tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Recompose once the keys shown have really changed. Textual's footer mounts its
        keys afresh on every bindings signal, and a screen back from a dialog sends a few
        (focus restored, bindings refreshed) for the same keys: after a call's note box
        those rebuilds held up the touch's write by tens of milliseconds."""
        if not (self._bindings_ready and self.is_attached and screen is self.screen):
            super().bindings_changed(screen)
        elif not self._check_pending:
            self._check_pending = True
            self.call_after_refresh(self._recompose_if_changed)

    def _recompose_if_changed(self) -> None:
        self._check_pending = False
        if isinstance(self.screen.focused, Input):
            # A field typing for a moment (the note bar, over this footer) hides the one-key
            # bindings; they are back as it closes, so the keys shown stay as they are.
            return
        if self.app.app_focus and self._signature() != self._shown:
            self.call_next(self.recompose)

    def compose(self) -> ComposeResult:
        widgets: list[Widget] = list(super().compose())
        keys = [w for w in widgets if isinstance(w, FooterKey)]
        self._width = self.app.size.width
        kept = fitting(keys, self._width)
        self.styles.grid_size_columns = max(1, len(kept))
        if self._bindings_ready:
            self._shown = self._signature()
        yield from kept

    def on_resize(self, event: events.Resize) -> None:
        if self.app.size.width != self._width:
            self.call_after_refresh(self.recompose)
