"""The action queue: rank, old or new, prospect, and the reason or the outcome, one line each.

A DataTable repaints every visible row when one cell or the cursor changes (its row cache
is keyed on both), about 1 ms a row; logging a call changes one line and moves the cursor
one line down, so this widget draws lines itself and repaints just those.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.format import OUTCOME_WORDS
from tui.safe import cell
from tui.today_model import QueueRow

COLUMNS: tuple[tuple[str, int], ...] = (("#", 3), ("src", 3), ("prospect", 22), ("reason", 0))
_PADDING = 1  # blank columns either side of each cell, as a DataTable draws them
_MIN_REASON = 16


class QueueTable(ScrollView, can_focus=True):
    """Shows QueueRows with a row cursor; the header stays on the first line."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"queue--header", "queue--cursor"}
    DEFAULT_CSS = """
    QueueTable {
        height: 1fr;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        & > .queue--header { color: $text-muted; }
        & > .queue--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .queue--cursor, &.-lent-focus > .queue--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """
    # `-lent-focus` (tui/widgets/note_bar.py): while the note bar takes the keys for the
    # selected line, the queue keeps its focused look, so none of it repaints for the bar.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "next", show=False, id="queue.list_down"),
        Binding("up", "cursor_up", "previous", show=False, id="queue.list_up"),
        Binding("pagedown", "page(1)", "page down", show=False, id="queue.page_down"),
        Binding("pageup", "page(-1)", "page up", show=False, id="queue.page_up"),
        Binding("home", "jump(0)", "first", show=False, id="queue.first"),
        Binding("end", "jump(-1)", "last", show=False, id="queue.last"),
    ]

    cursor_row: reactive[int] = reactive(0, init=False, always_update=True, repaint=False)
    """Index of the selected row."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: tuple[QueueRow, ...] = ()
        self._cache: dict[tuple[int, bool, int], Strip] = {}
        self._look: tuple[str, Style, bool] | None = None

    # ------------------------------------------------------------------ data

    @property
    def rows_shown(self) -> tuple[QueueRow, ...]:
        return self._rows

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def selected(self) -> QueueRow | None:
        if not 0 <= self.cursor_row < len(self._rows):
            return None
        return self._rows[self.cursor_row]

    def show(self, rows: tuple[QueueRow, ...]) -> None:
        """Show ``rows``; with the same keys in the same order only changed lines repaint."""
        old, self._rows = self._rows, rows
        if [r.key for r in old] == [r.key for r in rows]:
            for index, (before, after) in enumerate(zip(old, rows, strict=True)):
                if before != after:
                    self._forget(index)
            return
        selected = old[self.cursor_row].key if 0 <= self.cursor_row < len(old) else None
        self._cache.clear()
        self.virtual_size = Size(0, len(rows) + 1)
        keys = [r.key for r in rows]
        self.move_cursor(row=keys.index(selected) if selected in keys else self.cursor_row)
        self.refresh()

    def cell_text(self, row: int, column: int) -> str:
        """What a cell shows, as plain text (for tests and screen readers of the DOM)."""
        return render_row(self._rows[row])[column].plain

    # ------------------------------------------------------------------ cursor

    def move_cursor(self, *, row: int, animate: bool = False) -> None:
        self.cursor_row = max(0, min(row, len(self._rows) - 1)) if self._rows else 0

    class CursorMoved(Message):
        """The cursor moved (or the rows under it changed): the card follows."""

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._forget(old)
        self._forget(new)
        self._scroll_to_cursor()
        self.post_message(self.CursorMoved())

    def _scroll_to_cursor(self) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)
        top = round(self.scroll_offset.y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self.cursor_row + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self.cursor_row - 1)

    def action_page(self, direction: int) -> None:
        step = max(1, self.scrollable_content_region.height - 2)
        self.move_cursor(row=self.cursor_row + direction * step)

    def action_jump(self, row: int) -> None:
        self.move_cursor(row=row if row >= 0 else len(self._rows) - 1)

    def on_click(self, event: events.Click) -> None:
        # A click only selects: nothing in a line is a link, whatever a name contains.
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        index = round(self.scroll_offset.y) + offset.y - 1
        if 0 <= index < len(self._rows):
            self.move_cursor(row=index)

    # ------------------------------------------------------------------ drawing

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self.virtual_size = Size(0, len(self._rows) + 1)
        self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._restyle()

    def on_focus(self) -> None:
        # Focus is back (from the note bar, however it came): the lent look has done its job,
        # and focused it is the same look, so dropping it repaints nothing.
        self.remove_class("-lent-focus")

    def _restyle(self) -> None:
        """A new theme or focus state: every line looks different, unless the look is the
        same (focus lent to the note bar and back), when every cached line still holds."""
        # Read from the state, not the cursor's style: the component styles are updated
        # after this widget is told, so reading them here would see the previous look.
        look = (self.app.theme, self.rich_style, self.has_focus or self.has_class("-lent-focus"))
        if look != self._look:
            self._look = look
            self._cache.clear()
            self.refresh()

    def _forget(self, index: int) -> None:
        width = self.scrollable_content_region.width
        for selected in (True, False):
            self._cache.pop((index, selected, width), None)
        self.refresh_line(index + 1)

    def _widths(self, width: int) -> list[int]:
        fixed = sum(w for _, w in COLUMNS) + 2 * _PADDING * len(COLUMNS)
        return [w or max(_MIN_REASON, width - fixed) for _, w in COLUMNS]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            header = self.get_component_rich_style("queue--header", partial=True)
            texts = [Text(name) for name, _ in COLUMNS]
            return self._line(texts, base + header, width)
        index = round(self.scroll_offset.y) + y - 1
        if not 0 <= index < len(self._rows):
            return Strip.blank(width, base)
        selected = index == self.cursor_row
        key = (index, selected, width)
        strip = self._cache.get(key)
        if strip is None:
            cursor = self.get_component_rich_style("queue--cursor", partial=True)
            style = base + cursor if selected else base
            strip = self._cache[key] = self._line(list(render_row(self._rows[index])), style, width)
        return strip

    def _line(self, texts: list[Text], style: Style, width: int) -> Strip:
        line = Text(style=style, no_wrap=True, end="")
        pad = " " * _PADDING
        for text, cell_width in zip(texts, self._widths(width), strict=True):
            text = text.copy()
            text.truncate(cell_width, overflow="ellipsis", pad=True)
            line.append(pad)
            line.append_text(text)
            line.append(pad)
        line.truncate(width, pad=True)
        return Strip(line.render(self.app.console), width).simplify()


def render_row(row: QueueRow) -> tuple[Text, Text, Text, Text]:
    """The cells of one line. A line being stored looks done already: if the store refuses,
    the screen reloads and says why."""
    done = row.done
    rank = Text("✓" if done else str(row.rank or "+"), style="dim" if done else "bold")
    source = Text(row.source, style="dim" if done else ("bold" if row.source == "old" else ""))
    if row.name is None:
        name = Text("(a new lead)", style="italic dim")
    else:
        name = cell(row.name, "dim" if done else "")
    if row.outcome is not None:
        reason = Text(OUTCOME_WORDS[row.outcome], style="bold" if row.outcome == "sale" else "")
    elif row.snoozed_until is not None:
        reason = Text(f"snoozed until {row.snoozed_until:%a %d %b}", style="dim italic")
    else:
        reason = cell(row.reason)
    return rank, source, name, reason
