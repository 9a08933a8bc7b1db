"""Every key, grouped by where it works, after any remapping from config.toml."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.keys import KEYS, MODAL_KEYS, SECTIONS, Key, display_keys

# Two columns, so that all of it fits 80x24 without scrolling.
COLUMNS: tuple[tuple[str, ...], ...] = (
    ("today", "everywhere"),
    ("prospects", "review", "composure", "search"),
)
KEY_WIDTH = 8
# The status rule (planner/pacing.py) in two calm lines, under the second column.
STATUS_RULE = (
    "Status: behind or at risk only when",
    "luck alone can't explain the gap.",
)
EXTRA: dict[str, tuple[tuple[str, str], ...]] = {
    "everywhere": (("ctrl+p", "command palette"),),
}


def section_text(where: str, keymap: Mapping[str, str]) -> Content:
    rows: list[Content] = [Content.styled(SECTIONS[where], "bold $accent")]
    keys: list[Key] = [k for k in (*KEYS, *MODAL_KEYS) if k.where == where]
    entries = [(display_keys(k, keymap), k.help) for k in keys] + list(EXTRA.get(where, ()))
    for shown, text in entries:
        rows.append(Content.assemble((shown.ljust(KEY_WIDTH), "bold"), text))
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
            dialog.border_subtitle = Content("escape closes")
            with Horizontal(id="help-columns"):
                for sections in COLUMNS:
                    with Vertical(classes="help-column"):
                        for where in sections:
                            yield Static(section_text(where, self.keymap), classes="help-section")
                        if sections is COLUMNS[-1]:
                            yield Static("\n".join(STATUS_RULE), id="help-status", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
