"""Messages that workers post back to the screens: small dataclasses, one per outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from planner.models import ComposureCheck, Prospect, Touch
    from planner.service import DayTally, StatusReport
    from planner.whatif import WhatIf
    from tui.review_model import ReviewData
    from tui.today_model import TodaySnapshot


@dataclass
class TodayLoaded(Message):
    """A fresh picture of today: pace, tally, queue and the morning check."""

    snapshot: TodaySnapshot
    day_off: str | None = None  # "Thanksgiving Day", "Saturday": today is no working day


@dataclass
class TouchStored(Message):
    """A touch is on disk (PaceRefreshed follows with the figures recomputed)."""

    row_key: str
    touch: Touch
    prospect: Prospect
    created: bool


@dataclass
class NoteAdded(Message):
    """A note was added to the prospect's newest touch (``touch`` as stored now)."""

    prospect_id: int
    touch: Touch


@dataclass
class PaceRefreshed(Message):
    """Pace and tally read back from the store after a write."""

    report: StatusReport | None
    tally: DayTally


@dataclass
class Snoozed(Message):
    row_key: str
    prospect_id: int
    until: date


@dataclass
class ComposureSaved(Message):
    check: ComposureCheck


@dataclass
class ServiceFailed(Message):
    """The service refused or failed; ``error`` is one line for the seller."""

    error: str
    row_key: str | None = None


@dataclass
class StoreChanged(Message):
    """Another process (or undo) changed the data: visible screens reload."""

    generation: int


@dataclass
class ReviewLoaded(Message):
    data: ReviewData


@dataclass
class ProspectsLoaded(Message):
    """Filtered prospects for the table: at most the shown cap, and how many matched."""

    prospects: list[Prospect]
    total: int
    query: str
    status: str


@dataclass
class HistoryLoaded(Message):
    prospect: Prospect
    touches: list[Touch]


@dataclass
class NamesFound(Message):
    """Search box matches, best first: (id, name) pairs."""

    query: str
    matches: list[tuple[int, str]]
    exact: bool


@dataclass
class UndoDone(Message):
    """What undo reverted (None: nothing to undo) and the picture after it."""

    description: str | None
    snapshot: TodaySnapshot


@dataclass
class NamesLoaded(Message):
    """Every prospect's id and name, for the search box."""

    names: dict[int, str]


@dataclass
class WhatIfLoaded(Message):
    """Today's what-if, read once for the panel (None: no target covers today)."""

    result: WhatIf | None
