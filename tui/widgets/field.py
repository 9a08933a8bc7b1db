"""An Input that keeps still under test: no blinking cursor when the app runs headless."""

from __future__ import annotations

from textual.widgets import Input


class Field(Input):
    def on_mount(self) -> None:
        # A blinking cursor makes screenshots depend on the clock; a person never sees this.
        if self.app.is_headless:
            self.cursor_blink = False
