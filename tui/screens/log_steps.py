"""The today screen's log keys: from the key to the touch shown at once and stored, through
the questions some outcomes ask first (who, how much, which day, why, a note)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple, cast

from textual.content import Content
from textual.screen import Screen

from planner.errors import PlannerError
from tui import jobs
from tui.format import OUTCOME_WORDS
from tui.messages import TouchStored
from tui.safe import plain
from tui.today_model import QueueRow, TodaySnapshot, next_open_index, with_outcome, with_row
from tui.widgets.card import ProspectCard
from tui.widgets.note_bar import NoteBar
from tui.widgets.queue_table import QueueTable

if TYPE_CHECKING:
    from textual.screen import ModalScreen

    from planner.models import LostReason, Outcome
    from tui.app import PlannerApp
    from tui.runner import Job
    from tui.screens.search import SearchChoice

NOTED: frozenset[Outcome] = frozenset({"conversation", "meeting", "sale", "not-interested"})
"""Outcomes that offer a one-line note (a no-answer has nothing to say: it stays one key)."""


class PendingTouch(NamedTuple):
    """A touch being logged, as its questions are answered: the queue line it was asked on
    (None from another screen), who (``pid`` None: a new prospect named ``name``), and what."""

    row: QueueRow | None
    pid: int | None
    name: str
    outcome: Outcome
    amount: Decimal | None = None
    follow_up: date | None = None
    lost_reason: LostReason | None = None

    def said(self) -> str:
        """The outcome as the note's question names it: "not interested (price), on Thu 03 Dec"."""
        words = OUTCOME_WORDS[self.outcome]
        if self.lost_reason is not None:
            words += f" ({self.lost_reason})"
        if self.follow_up is not None:
            words += f", on {self.follow_up:%a %d %b}"
        return words


class LogSteps(Screen[None]):
    """A base of the today screen: the log keys, and the touch's way to the store."""

    snapshot: TodaySnapshot | None
    _pending_logs: int  # touches shown but not yet confirmed stored
    _last_logged: tuple[int, str] | None  # who `a` notes when the row is new
    _logging: bool  # between a logged key and the frame that shows it

    def show(self, snapshot: TodaySnapshot) -> None:
        raise NotImplementedError  # the today screen draws

    def selected_row(self) -> QueueRow | None:
        raise NotImplementedError  # the today screen's queue knows

    @property
    def _app(self) -> PlannerApp:
        return cast("PlannerApp", self.app)

    # ------------------------------------------------------------------ the keys

    def action_log(self, outcome: Outcome) -> None:
        row = self.selected_row()
        if row is None or self.snapshot is None:
            self.notify("Nothing to log on: the queue is empty. Press l to log any prospect.")
            return
        if row.done:
            self._confirm_again(row, outcome)
            return
        self._log_on(row, outcome)

    def action_log_any(self) -> None:
        def chosen(choice: SearchChoice | None) -> None:
            if choice is None:
                return
            from tui.screens.outcome import OutcomeModal

            def outcome_chosen(outcome: Outcome | None) -> None:
                if outcome is not None:
                    self._ask_first(PendingTouch(None, choice.prospect_id, choice.name, outcome))

            self.app.push_screen(OutcomeModal(choice.name), outcome_chosen)

        self._open_search("Log a touch: search prospects (ctrl+n adds a new one)", chosen)

    def log_to(self, prospect_id: int, name: str, outcome: Outcome) -> None:
        """Log from another screen (the prospects screen's l): same path as a queue key."""
        if self.snapshot is not None:
            self._ask_first(PendingTouch(None, prospect_id, name, outcome))

    def action_book(self) -> None:
        row = self.selected_row()
        if row is None or row.prospect_id is None or self.snapshot is None:
            self.notify("Select a prospect to book a follow-up (a new-lead line has nobody yet).")
            return
        runner, pid = self._app.runner, row.prospect_id
        self._ask_date(
            "Book a follow-up",
            Content.assemble("Call ", plain(row.name or "", "bold"), " back on:"),
            lambda day: runner.submit(jobs.book_follow_up(runner, pid, day), self),
        )

    # ------------------------------------------------------------------ the questions

    def _confirm_again(self, row: QueueRow, outcome: Outcome) -> None:
        """A log key on a line already done asks first: a second touch is rarely meant."""
        from tui.screens.confirm import ConfirmModal

        if row.outcome is not None:
            done = f"logged {OUTCOME_WORDS[row.outcome]} today"
        else:
            done = f"snoozed until {row.snoozed_until:%a %d %b}"
        who = row.name or "This line"

        def answered(yes: bool | None) -> None:
            if yes:
                self._log_on(row, outcome)

        self.app.push_screen(
            ConfirmModal(
                f"{who} is done: {done}. Log another touch ({OUTCOME_WORDS[outcome]})?",
                title="Log again?",
            ),
            answered,
        )

    def _log_on(self, row: QueueRow, outcome: Outcome) -> None:
        if row.name is None:
            self._ask_name(row, outcome)
        else:
            self._ask_first(PendingTouch(row, row.prospect_id, row.name, outcome))

    def _ask_name(self, row: QueueRow, outcome: Outcome) -> None:
        def chosen(choice: SearchChoice | None) -> None:
            if choice is not None:
                self._ask_first(PendingTouch(row, choice.prospect_id, choice.name, outcome))

        self._open_search(
            "Who did you reach? Search, or ctrl+n adds the new lead", chosen, new_lead=True
        )

    def _open_search(
        self,
        title: str,
        callback: Callable[[SearchChoice | None], None],
        *,
        new_lead: bool = False,
    ) -> None:
        from tui.screens.search import SearchModal

        self.app.push_screen(SearchModal(title, new_lead=new_lead), callback)

    def _ask_first(self, touch: PendingTouch) -> None:
        """What an outcome asks before its note: a revenue sale's amount, a meeting's day, a
        no's reason."""
        name, outcome = touch.name, touch.outcome
        if outcome in NOTED:  # something is asked before it is stored: time to read ahead
            self._app.runner.read_ahead(touch.pid)
        target = self.snapshot.target if self.snapshot is not None else None
        revenue = target is not None and target.metric == "revenue"
        if outcome == "sale" and revenue:
            from tui.screens.amount import AmountModal

            def amount_given(amount: Decimal | None) -> None:
                if amount is not None:
                    self._with_note(touch._replace(amount=amount))

            self.app.push_screen(AmountModal(name), amount_given)
        elif outcome == "meeting" and self.snapshot is not None:
            self._ask_date(
                "Meeting booked",
                Content.assemble("Meeting with ", plain(name, "bold"), ": on which day?"),
                lambda day: self._with_note(touch._replace(follow_up=day)),
            )
        elif outcome == "not-interested":
            from tui.screens.note import ReasonModal

            def note_box(reason: LostReason | None) -> ModalScreen[None] | None:
                return self._note_box(touch._replace(lost_reason=reason))

            self.app.push_screen(ReasonModal(plain(name, "bold"), note_box))
        else:
            self._with_note(touch)

    def _with_note(self, touch: PendingTouch) -> None:
        """The last step before storing: a one-line note for the outcomes worth one."""
        if touch.outcome in NOTED:
            box = self._note_box(touch)
            if box is not None:
                self.app.push_screen(box)
        else:
            self._store(touch)

    def _note_box(self, touch: PendingTouch) -> ModalScreen[None] | None:
        """Ask the after-call note: in the bar (None) when the queue is what the seller looks
        at, else the box to show over the screen in front (the prospects screen's log)."""
        question = Content.assemble(
            "Note on ",
            plain(touch.name, "bold"),
            f" · {touch.said()}",
            ("  (enter alone: no note)", "$text-muted"),
        )
        return self._ask_note("After the call", question, lambda note: self._store(touch, note))

    def _ask_note(
        self, title: str, question: Content, then: Callable[[str], None]
    ) -> ModalScreen[None] | None:
        """The note bar when nothing but dialogs of this log stand over the today screen
        (they close as the bar opens); else a note box for the caller to show."""
        from textual.screen import ModalScreen

        stack = self.app.screen_stack  # the current mode's (the prospects screen has its own)
        above = stack[stack.index(self) + 1 :] if self in stack else None
        if above is not None and all(isinstance(screen, ModalScreen) for screen in above):
            self.query_one(NoteBar).ask(title, question, then)
            return None
        from tui.screens.note import NoteModal

        return NoteModal(title, question, then)

    def _ask_date(self, title: str, question: Content, then: Callable[[date | None], None]) -> None:
        """A follow-up date (the meeting's day, a call back); escape asks nothing more."""
        from tui.screens.follow_up import FollowUpChoice, FollowUpModal

        def given(choice: FollowUpChoice | None) -> None:
            if choice is not None:
                then(choice.day)

        assert self.snapshot is not None
        self.app.push_screen(FollowUpModal(title, question, self.snapshot.today), given)

    # ------------------------------------------------------------------ storing

    def _store(self, touch: PendingTouch, note: str = "") -> None:
        """Show the touch at once and store it (TouchStored settles it): in the writer
        process when it is ready, else in a worker of this process."""
        assert self.snapshot is not None
        pid, name, outcome, amount = touch.pid, touch.name, touch.outcome, touch.amount
        row = self._target_row(touch.row, pid, name)
        fill = row.slot if row.slot is not None and row.prospect_id is None else None
        runner = self._app.runner
        self._pending_logs += 1

        job: Job | None = None
        client = runner.log_client_now()
        if client is not None:
            # Sent before anything is drawn: the writer process stores it on the other core
            # while this one draws the frame that shows it.
            try:
                ticket = client.send(
                    pid if pid is not None else name,
                    outcome,
                    amount=str(amount) if amount is not None else None,
                    note=note,
                    follow_up=touch.follow_up,
                    lost_reason=touch.lost_reason,
                    new=pid is None,
                )
            except PlannerError:
                pass  # the writer process is gone: stored in this one instead
            else:
                job = jobs.touch_sent(runner, client, ticket, row.key, fill)
        if job is None:
            job = jobs.log_touch(
                runner,
                row.key,
                pid,
                name,
                outcome,
                amount,
                fill_slot=fill,
                follow_up=touch.follow_up,
                note=note,
                lost_reason=touch.lost_reason,
            )
        self._show_logged(row, outcome, amount)
        # The workers start once that frame is out: started before, they took the
        # processor the frame needed (and a thread writing here took turns on the
        # interpreter lock with it, so both finished later).
        self.call_after_refresh(runner.submit, job, self, row_key=row.key)
        self.call_after_refresh(runner.submit, jobs.refresh_pace(), self)

    def _show_logged(self, row: QueueRow, outcome: Outcome, amount: Decimal | None) -> None:
        """The touch on screen at once, the cursor on the next line to do."""
        assert self.snapshot is not None
        snapshot = with_row(self.snapshot, row)
        self._logging = True
        self.show(with_outcome(snapshot, row.key, outcome, amount))
        table = self.query_one(QueueTable)
        index = next((i for i, r in enumerate(table.rows_shown) if r.key == row.key), 0)
        table.move_cursor(row=next_open_index(table.rows_shown, index), animate=False)
        self.call_after_refresh(self._logged_shown)

    def _logged_shown(self) -> None:
        self._logging = False

    def _target_row(self, row: QueueRow | None, pid: int | None, name: str) -> QueueRow:
        """The queue line a touch lands on: the chosen one, the planned line of that prospect,
        or a new line "logged off the queue"."""
        assert self.snapshot is not None
        if pid is not None:
            for candidate in self.snapshot.rows:
                if candidate.prospect_id == pid and (row is None or row.name is not None):
                    return candidate
        if row is not None:
            return row
        key = f"extra-{pid}" if pid is not None else f"extra-new-{name.casefold()}"
        return QueueRow(key, None, None, "new", pid, name, "logged off the queue")

    def on_touch_stored(self, message: TouchStored) -> None:
        from tui.today_model import confirmed

        self._pending_logs = max(0, self._pending_logs - 1)
        if self.snapshot is not None:
            if message.created:
                count = self.snapshot.prospect_count + 1
                self.snapshot = dataclasses.replace(self.snapshot, prospect_count=count)
            self.show(
                confirmed(self.snapshot, message.row_key, message.touch, message.prospect.name)
            )
        self._last_logged = (message.prospect.id, message.prospect.name)
        card = self.query_one(ProspectCard)
        if card.row is not None and card.row.prospect_id == message.prospect.id:
            card.follow(card.row, refetch=True)
        created = " (new prospect)" if message.created else ""
        self.notify(
            f"Logged {OUTCOME_WORDS[message.touch.outcome]} with {message.prospect.name}"
            f"{created} · u to undo",
            markup=False,
            timeout=4,
        )
