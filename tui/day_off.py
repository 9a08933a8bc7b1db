"""The today screen on a day off (weekend, holiday, day off): it says so, shows no queue and
asks no morning question, until the seller presses the work-anyway key."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from tui.safe import plain
from tui.widgets.queue_table import QueueTable

if TYPE_CHECKING:
    from tui.today_model import TodaySnapshot


class DayOffView(Screen[None]):
    """A base of the today screen; ``day_off`` is set from each TodayLoaded."""

    day_off: str | None = None
    """Why today is no working day ("Thanksgiving Day", "Saturday"); None on one."""
    _work_anyway_on: date | None = None  # the day off the seller chose to work

    snapshot: TodaySnapshot | None

    def show(self, snapshot: TodaySnapshot) -> None:
        raise NotImplementedError  # the today screen draws

    @property
    def resting(self) -> bool:
        """Today is a day off and the seller has not chosen to work: no queue, no question."""
        return (
            self.day_off is not None
            and self.snapshot is not None
            and self._work_anyway_on != self.snapshot.today
        )

    def _show_day_off(self) -> None:
        resting = self.resting
        panel = self.query_one("#day-off", Static)
        table = self.query_one(QueueTable)
        if resting:
            panel.update(
                Content.assemble(
                    (f"{plain(self.day_off or '')}: no calls planned", "bold"),
                    "\n\nEnjoy the day. Press ",
                    (self._key_for("day.work"), "bold $accent"),
                    " to work anyway: the queue and the keys come back.",
                )
            )
        if panel.display != resting:
            panel.display = resting
            table.display = not resting
            if self.snapshot is not None:
                self.show(self.snapshot)
            self.refresh_bindings()
            if not resting:
                table.focus()

    def _key_for(self, binding_id: str) -> str:
        from tui.keys import KEYS, display_keys

        key = next(k for k in KEYS if k.id == binding_id)
        return display_keys(key, self.app.keymap)  # type: ignore[attr-defined]

    def action_work_anyway(self) -> None:
        if self.snapshot is None or self.day_off is None:
            return
        self._work_anyway_on = self.snapshot.today
        self._show_day_off()
        self.show(self.snapshot)

    # Keys that act on the queue wait while the day off is shown (the queue is hidden).
    QUEUE_ACTIONS = frozenset(
        {"log", "snooze", "cursor_down", "cursor_up", "book", "add_note", "open_prospect"}
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "work_anyway":
            return self.resting
        if action in self.QUEUE_ACTIONS:
            return not self.resting
        return True
