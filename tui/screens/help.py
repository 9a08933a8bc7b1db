"""Every key, grouped by where it works, after any remapping from config.toml, with the
binding id that config.toml's [keymap] takes to remap it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.keys import KEYS, MODAL_KEYS, SECTIONS, Key, display_keys, remap_id

# Two columns of sections; each line: key, what it does, binding id.
COLUMNS: tuple[tuple[str, ...], ...] = (
    ("today", "everywhere"),
    ("prospects", "review", "composure", "search", "confirm", "after"),
)
KEY_WIDTH = 8
WIDE = 110  # from this width the sections sit in two columns
MAX_WIDTH = 120
# The status rule (planner/pacing.py) in two calm lines, under the last column.
STATUS_RULE = (
    "Status: behind or at risk only when",
    "luck alone can't explain the gap.",
)
EXTRA: dict[str, tuple[tuple[str, str, str], ...]] = {
    "everywhere": (("ctrl+p", "command palette", ""),),
}


def section_text(where: str, keymap: Mapping[str, str], help_width: int = 0) -> Content:
    """The section's lines; ``help_width`` > 0 truncates what a key does to keep the id in
    view on a narrow screen."""
    rows: list[Content] = [Content.styled(SECTIONS[where], "bold $accent")]
    keys: list[Key] = [k for k in (*KEYS, *MODAL_KEYS) if k.where == where]
    entries = [(display_keys(k, keymap), k.help, remap_id(k)) for k in keys]
    entries += list(EXTRA.get(where, ()))
    for shown, text, binding_id in entries:
        if help_width and len(text) > help_width:
            text = text[: help_width - 1] + "…"
        rows.append(
            Content.assemble(
                (shown.ljust(KEY_WIDTH - 1) + " ", "bold"),
                text.ljust(help_width) if help_width else text,
                (f" {binding_id}" if binding_id else "", "$text-muted"),
            )
        )
    return Content("\n").join(rows)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "close", id="help.close"),
    ]

    def __init__(self, keymap: Mapping[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog", classes="dialog") as dialog:
            dialog.border_title = Content("Keys")
            dialog.border_subtitle = Content("remap in config.toml [keymap] by id · escape closes")
            columns = COLUMNS if self._two_columns() else (sum(COLUMNS, ()),)
            with Horizontal(id="help-columns"):
                for sections in columns:
                    with Vertical(classes="help-column"):
                        for where in sections:
                            yield Static(
                                section_text(where, self.keymap, self._help_width()),
                                classes="help-section",
                            )
                        if sections is columns[-1]:
                            yield Static("\n".join(STATUS_RULE), id="help-status", markup=False)

    def _two_columns(self) -> bool:
        return self.app.size.width >= WIDE

    def _help_width(self) -> int:
        # The dialog's column, less the key, the longest id and the borders.
        width = min(self.app.size.width, MAX_WIDTH) - 5
        column = width // 2 if self._two_columns() else width
        return max(8, column - KEY_WIDTH - 20)

    def action_close(self) -> None:
        self.dismiss(None)
