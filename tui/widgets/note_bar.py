"""After the call, on the today screen itself: one line of note in a box over the footer.

A dialog screen would do the same, but closing one repaints the whole screen under it (the
dimmed queue, the gauge, the card), and that repaint held up both the tally and the touch's
write by tens of milliseconds on every call. The bar covers the bottom rows of the screen
in a layer of its own, so opening and closing it moves nothing and repaints only its rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Static

from planner.validation import MAX_NOTE_LENGTH
from tui.widgets.field import Field

LENT_FOCUS = "-lent-focus"
"""The class the widget that had focus keeps while the bar has the keys: it looks focused
still (the line the note is about), so nothing of it repaints as the bar opens and closes."""
GIVE_BACK_AFTER = 0.1  # seconds after the bar closes that focus goes back where it was
HINT = Content.from_markup("[b]enter[/b] save · [b]escape[/b] cancel")


class NoteField(Field):
    """The bar's field. The keys of a burst reach it before its enter's binding runs, so
    the ones after an enter or escape are held here, and once the bar has closed they are
    routed again as the today screen's (tui/typeahead.py): ``cprices sent⏎nn`` logs the
    call with its note, then two no-answers on the next lines.

    Once the bar closes it keeps focus a moment (moving focus restyles the queue, the
    field and the scroll bars: milliseconds the frame showing the logged call should not
    wait for); a key arriving meanwhile goes where ``hands_keys_to`` says."""

    hands_keys_to: Widget | None = None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._enter_pressed = False
        self._held: list[events.Key] = []

    def reset(self) -> None:
        self.value = ""
        self.hands_keys_to = None
        self._enter_pressed = False
        self._held = []

    async def _on_key(self, event: events.Key) -> None:
        if self._enter_pressed or self.hands_keys_to is not None:
            event.stop()
            event.prevent_default()
            if self._enter_pressed:
                self._held.append(event)
            else:
                await self._redeliver([event])
            return
        if event.key in ("enter", "escape"):
            self._enter_pressed = True  # its binding runs after the keys already queued here
        await super()._on_key(event)

    async def release(self) -> None:
        """The bar has closed: the keys held since its enter go to the screen, in order."""
        held, self._held, self._enter_pressed = self._held, [], False
        await self._redeliver(held)

    async def _redeliver(self, keys: list[events.Key]) -> None:
        router = getattr(self.app, "keys", None)
        for key in keys:
            if router is not None:
                await router.redeliver(key)


class NoteBar(Vertical):
    """Enter hands the line (maybe empty: no note) to the ``then`` given to :meth:`ask`;
    escape closes the bar and ``then`` is never called, so a log key pressed by mistake
    logs nothing. Focus goes back where it was either way."""

    # Out of the footer: the bar covers it, and a footer that changed with the bar would
    # rebuild its keys twice a call.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel", id="note.cancel", show=False)
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.display = False
        self.border_subtitle = HINT
        self._then: Callable[[str], None] | None = None
        self._return_to: Widget | None = None
        self.question = Content("")

    def compose(self) -> ComposeResult:
        yield Static("", id="note-question")
        yield NoteField(
            placeholder="what was said (optional)",
            id="note-input",
            max_length=MAX_NOTE_LENGTH,
            compact=True,
        )

    @property
    def is_open(self) -> bool:
        return self._then is not None

    @property
    def returns_to(self) -> Widget | None:
        """Where focus goes back when the bar closes (the queue)."""
        return self._return_to

    def ask(self, title: str, question: Content, then: Callable[[str], None]) -> None:
        """Open with ``question``; the field takes the very next key (focus is set at once,
        not after a refresh, so a note typed in the same burst as its log key lands here)."""
        self.border_title = Content(title)
        self.question = question
        self.query_one("#note-question", Static).update(question)
        field = self.query_one(NoteField)
        field.reset()
        if self._then is None:
            self._return_to = self.screen.focused
            if self._return_to is not None:
                self._return_to.add_class(LENT_FOCUS)
        self._then = then
        self.display = True
        self.screen.set_focus(field, scroll_visible=False)

    @on(Input.Submitted, "#note-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        then = self._then
        self._close()
        if then is not None:
            then(event.value.strip())

    def action_cancel(self) -> None:
        self._close()

    def _close(self) -> None:
        """Closed at once for the keys; off the screen a frame later, so that the frame
        showing what the note's enter did (the call logged) is not held up by the repaint
        of the rows the bar covered."""
        self._then = None
        self.call_after_refresh(self._hide)
        back, self._return_to = self._return_to, None
        field = self.query_one(NoteField)
        field.call_later(field.release)
        if back is not None and back.is_attached:
            field.hands_keys_to = back
            # A moment later, not at the next frame: the touch's write runs then, and
            # moving focus costs the processor a frame's work (the next key hands focus
            # back at once anyway).
            self.set_timer(GIVE_BACK_AFTER, lambda: self._give_back(back))

    def _hide(self) -> None:
        if self._then is None:  # not asked again meanwhile
            self.display = False

    def _give_back(self, back: Widget) -> None:
        """Focus back where it was, after the frame that shows the bar closed."""
        field = self.query_one(NoteField)
        if field.hands_keys_to is back:
            field.hands_keys_to = None
            if back.is_attached and self.screen.focused in (field, None):
                self.screen.set_focus(back, scroll_visible=False)
        # After its Focus event (queued first): the two style changes then land in one
        # update whose look is the one it had all along.
        back.call_later(back.remove_class, LENT_FOCUS)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        # Open, the bar keeps the keys: a click on the queue or a tab would otherwise leave
        # the call half logged, with the next log key typed into nowhere.
        if self.is_open and self.screen.is_current:
            self.call_after_refresh(self._keep_focus)

    def _keep_focus(self) -> None:
        if self.is_open and self.screen.is_current and self.screen.focused is not self:
            field = self.query_one(NoteField)
            if self.screen.focused is not field:
                self.screen.set_focus(field, scroll_visible=False)
