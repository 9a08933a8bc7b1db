"""The footer, showing only the keys that fit whole: at 60 columns fewer keys, never a
label cut in half or run into the next one. `? help` stays, since it leads to the rest."""

from __future__ import annotations

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


Shown = tuple[tuple[str, str, str, str, bool, str], ...]


def shown_as(keys: list[FooterKey]) -> Shown:
    """What a row of keys looks like and does: equal rows need no new widgets."""
    return tuple(
        (k.key, k.key_display, k.description, k.action, k._disabled, str(k.tooltip or ""))
        for k in keys
    )


class FittingFooter(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self._width = 0
        self._shown: Shown | None = None
        self._check_pending = False

    def _fitting_keys(self) -> list[FooterKey]:
        widgets: list[Widget] = list(super().compose())
        keys = [w for w in widgets if isinstance(w, FooterKey)]
        return fitting(keys, self.app.size.width)

    def compose(self) -> ComposeResult:
        self._width = self.app.size.width
        kept = self._fitting_keys()
        self._shown = shown_as(kept) if self._bindings_ready else None
        self.styles.grid_size_columns = max(1, len(kept))
        for key in kept:
            # Born compact: the key's own watcher would otherwise add the class once it is
            # mounted, and restyle it then, each key and each time the footer is composed.
            key.set_class(self.compact, "-compact", update=False)
        yield from kept

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Compose again only once the keys shown have really changed. Textual composes its
        footer at each bindings signal, and the start, a dialog closing and focus lent to the
        note bar send a few for the same keys: each rebuild restyled every key and, after a
        call's note, held up the touch by tens of milliseconds. The check waits a frame, so
        a run of signals is one check."""
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
        if self.app.app_focus and shown_as(self._fitting_keys()) != self._shown:
            self.call_next(self.recompose)

    def on_resize(self, event: events.Resize) -> None:
        if self.app.size.width != self._width:
            self.call_after_refresh(self.recompose)
