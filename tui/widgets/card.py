"""The selected prospect's card beside (or under) the queue: what a seller needs to dial and
to open well. It follows the queue's cursor and reads the prospect and its history in a
job, one read at a time, the newest wish winning (scrolling never queues a backlog)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from planner.formatting import money
from tui.format import OUTCOME_WORDS
from tui.safe import plain

if TYPE_CHECKING:
    from planner.models import Prospect, Touch
    from planner.service import PlannerService
    from tui.app import PlannerApp
    from tui.today_model import QueueRow

WIDTH = 34  # the full card's text width (planner.tcss: #card is 38 wide, border and padding)
FETCH_DELAY = 0.12  # seconds: j held down reads only where it stops, and a log goes first

PLACEHOLDER_HINT = (
    "Find a new lead: call one, then log it (c, m, s, x) and name them in the box; "
    "l logs to anyone."
)


@dataclass
class CardLoaded(Message):
    """The card's prospect and every touch, oldest first (None: it no longer exists)."""

    prospect_id: int
    prospect: Prospect | None
    touches: list[Touch]


@dataclass(frozen=True, slots=True)
class CardFacts:
    """What the card shows, read once: the prospect, its newest touch and the count."""

    prospect: Prospect
    last: Touch | None
    touches: int


def facts(prospect: Prospect, touches: list[Touch]) -> CardFacts:
    return CardFacts(prospect, touches[-1] if touches else None, len(touches))


def _status(prospect: Prospect) -> str:
    status: str = prospect.status
    if prospect.lost_reason:
        status += f" ({prospect.lost_reason})"
    if prospect.do_not_contact:
        status += " · do not contact"
    return status


def _last(card: CardFacts) -> Content:
    if card.last is None:
        return Content.styled("never touched", "$text-muted")
    touch = card.last
    amount = f" {money(touch.amount)}" if touch.amount is not None else ""
    head = Content.assemble(
        (f"{touch.at:%d %b} ", "$text-muted"), f"{OUTCOME_WORDS[touch.outcome]}{amount}"
    )
    if touch.note:
        return Content.assemble(head, " · ", plain(touch.note, "italic"))
    return head


def card_lines(card: CardFacts) -> Content:
    """The full card, one fact a line (beside the queue, from 100 columns)."""
    p = card.prospect
    muted = "$text-muted"
    lines: list[Content] = [plain(p.name, "bold")]
    lines.append(plain(p.company) if p.company else Content.styled("no company", muted))
    lines.append(Content.assemble(("phone ", muted), plain(p.phone or "—", "bold")))
    email = plain(p.email or "—")
    # The label gives way to a long address, so that it stays on one line of the card.
    lines.append(email if len(email) > WIDTH - 6 else Content.assemble(("email ", muted), email))
    lines.append(Content.assemble(("status ", muted), _status(p)))
    if p.follow_up is not None:
        lines.append(Content.assemble(("follow-up ", muted), f"{p.follow_up:%a %d %b}"))
    lines.append(Content.assemble(("last ", muted), _last(card)))
    lines.append(Content.assemble(("touches ", muted), str(card.touches)))
    lines.append(Content.styled("enter open · a note · b book", muted))
    return Content("\n").join(lines)


def compact_lines(card: CardFacts) -> Content:
    """Three lines (under the queue at 80 columns): who and the number, the state, the last
    touch with its note."""
    p = card.prospect
    muted = "$text-muted"
    dot = Content.styled(" · ", muted)
    first = [plain(p.name, "bold")]
    if p.company:
        first.append(plain(p.company))
    first.append(plain(p.phone or "no phone", "bold"))
    second = [plain(p.email or "no email"), Content(_status(p))]
    if p.follow_up is not None:
        second.append(Content(f"follow-up {p.follow_up:%a %d %b}"))
    second.append(Content(f"{card.touches} touches"))
    third = Content.assemble(("last ", muted), _last(card))
    return Content("\n").join([dot.join(first), dot.join(second), third])


def one_line(card: CardFacts) -> Content:
    """At 60 columns: the name and the number to dial, nothing more."""
    p = card.prospect
    return Content.assemble(
        plain(p.name, "bold"), (" · ", "$text-muted"), plain(p.phone or "no phone")
    )


def _read(service: PlannerService, prospect_id: int) -> CardLoaded:
    prospect = service.prospect(prospect_id)
    touches = service.history(prospect_id) if prospect is not None else []
    return CardLoaded(prospect_id, prospect, touches)


class ProspectCard(Static):
    """Shows ``facts`` in the size the screen allows; asks for them when the row changes."""

    fit: reactive[str] = reactive("full", init=False)
    """"full" (beside the queue), "compact" (under it) or "line" (one line, 60 columns)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.row: QueueRow | None = None
        self.shown: CardFacts | None = None
        self._wanted: int | None = None
        self._busy = False
        self._timer: object | None = None

    @property
    def planner(self) -> PlannerApp:
        return cast("PlannerApp", self.app)

    def follow(self, row: QueueRow | None, *, refetch: bool = False) -> None:
        """The queue's cursor is on ``row``: show what is known at once, read the rest."""
        same = row is not None and self.row is not None and row.prospect_id == self.row.prospect_id
        self.row = row
        if row is None:
            self.shown, self._wanted = None, None
            self._draw()
            return
        if row.prospect_id is None:
            self.shown, self._wanted = None, None
            self._draw()
            return
        if same and not refetch:
            return
        if not same:
            self.shown = None
            self._draw()
        self._wanted = row.prospect_id
        self.set_timer(FETCH_DELAY, self._fetch, name="card-fetch")

    def _fetch(self) -> None:
        if self._busy or self._wanted is None:
            return
        self._busy = True
        wanted = self._wanted
        self.planner.runner.submit(lambda service: _read(service, wanted), self)

    def on_card_loaded(self, message: CardLoaded) -> None:
        message.stop()
        self._busy = False
        if message.prospect_id != self._wanted:
            self._fetch()
            return
        if message.prospect is not None:
            self.shown = facts(message.prospect, message.touches)
        self._draw()

    def on_service_failed(self, message: object) -> None:
        self._busy = False  # the screen shows the error; the next move asks again

    def watch_fit(self) -> None:
        self._draw()

    def _draw(self) -> None:
        # The card's size is set by the screen (beside, under or one line), never by what
        # it says: no layout pass for a new prospect, just its own lines repainted.
        self.update(self.text(), layout=False)

    def text(self) -> Content:
        row, card = self.row, self.shown
        muted = "$text-muted"
        if row is None:
            return Content.styled("Nothing selected.", muted)
        if row.prospect_id is None:
            hint = "new lead: c m s x log it · l anyone" if self.fit == "line" else PLACEHOLDER_HINT
            return Content.styled(hint, muted)
        if card is None:
            return Content.assemble(plain(row.name or "", "bold"), ("  …", muted))
        if self.fit == "line":
            return one_line(card)
        return compact_lines(card) if self.fit == "compact" else card_lines(card)
