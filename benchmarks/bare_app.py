"""The other side of the usable ratio: a bare Textual app with the today screen's widgets.

    python benchmarks/bare_app.py CONTENT.json

Shows fixed content (written by tui_bench from `planner status --json` and `queue --json`
on the same data): a bordered pace box of four lines, the tally, intent and notice lines,
the queue as a DataTable of every planned row, and a footer of the same keys. No planner
import, no data read: what any Textual program pays to put that screen up.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Static

KEYS = [
    ("n", "no answer"),
    ("c", "talked"),
    ("m", "meeting"),
    ("s", "sale"),
    ("x", "said no"),
    ("z", "snooze"),
    ("l", "log"),
    ("u", "undo"),
    ("question_mark", "help"),
]


class Bare(App[None]):
    CSS = """
    #gauge { border: round $primary; height: auto; padding: 0 1; }
    #tally, #intent, #notice { padding: 0 1; }
    DataTable { border: round $primary; height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [(key, "bell", label) for key, label in KEYS]

    def __init__(self, content: dict[str, Any]) -> None:
        super().__init__()
        self.content = content

    def compose(self) -> ComposeResult:
        content = self.content
        with Vertical():
            gauge = Static("\n".join(content["gauge"]), id="gauge", markup=False)
            gauge.border_title = content["gauge_title"]
            gauge.border_subtitle = content["gauge_subtitle"]
            yield gauge
            for name in ("tally", "intent", "notice"):
                yield Static(content[name], id=name, markup=False)
            table: DataTable[str] = DataTable(cursor_type="row")
            table.border_title = content["queue_title"]
            table.add_columns("#", "src", "prospect", "reason")
            table.add_rows(content["rows"])
            yield table
        yield Footer(compact=True, show_command_palette=False)


if __name__ == "__main__":
    Bare(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))).run()
