"""The footer, showing only the keys that fit whole: at 60 columns fewer keys, never a
label cut in half or run into the next one. `? help` stays, since it leads to the rest."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
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

    def compose(self) -> ComposeResult:
        widgets: list[Widget] = list(super().compose())
        keys = [w for w in widgets if isinstance(w, FooterKey)]
        self._width = self.app.size.width
        kept = fitting(keys, self._width)
        self.styles.grid_size_columns = max(1, len(kept))
        yield from kept

    def on_resize(self, event: events.Resize) -> None:
        if self.app.size.width != self._width:
            self.call_after_refresh(self.recompose)
