"""The search box: fuzzy over every prospect's name; a new prospect only when asked for.

Existing matches come first and the best one is highlighted, so `enter` after `Gra` picks
"Grace Kim". Creating "Gra" takes the "+ new prospect" row (arrow down to it) or ctrl+n.
The create row is highlighted only when nothing matches; an empty box picks nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from planner.prospects import fuzzy_score
from planner.validation import ValidationError, clean_name
from tui import jobs
from tui.messages import NamesFound, NamesLoaded
from tui.safe import clean, plain
from tui.widgets.field import Field

if TYPE_CHECKING:
    from tui.app import PlannerApp

MAX_MATCHES = 30
NEW = "new"  # the option id of "create a new prospect"


@dataclass(frozen=True, slots=True)
class SearchChoice:
    """An existing prospect (``prospect_id``) or a new one to create (``prospect_id`` None)."""

    prospect_id: int | None
    name: str


def best_matches(
    names: dict[int, str], query: str, limit: int = MAX_MATCHES
) -> list[tuple[int, str]]:
    """The ``limit`` best (id, name) by fuzzy score, then name; all names sorted when empty."""
    wanted = query.strip()
    scored: list[tuple[int, str, int]] = []
    for pid, name in names.items():
        score = fuzzy_score(name, wanted) if wanted else 0
        if score is not None:
            scored.append((score, name.casefold(), pid))
    scored.sort()
    return [(pid, names[pid]) for _, _, pid in scored[:limit]]


class SearchModal(ModalScreen[SearchChoice | None]):
    """Names arrive from the service runner; filtering runs in a worker of its own."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel", id="search.cancel"),
        Binding("down", "move(1)", "next match", show=False, id="search.down"),
        Binding("up", "move(-1)", "previous match", show=False, id="search.up"),
        Binding("ctrl+n", "create", "new prospect", show=False, id="search.create"),
    ]

    def __init__(self, title: str, *, new_lead: bool = False) -> None:
        super().__init__()
        self.names: dict[int, str] = {}
        self.title_text = title
        self.new_lead = new_lead
        self._shown_query: str | None = None
        self._submit_pending = False
        self._loaded = False  # names arrived: until then no match can be ruled out

    def compose(self) -> ComposeResult:
        with Vertical(id="search-dialog", classes="dialog") as dialog:
            dialog.border_title = Content(self.title_text)
            yield Field(placeholder="type a name", id="search-input")
            yield OptionList(id="search-results")
            yield Static("", id="search-error", classes="error")
            yield Static(
                Content.from_markup(
                    "[b]↑↓[/b] choose · [b]enter[/b] pick · [b]ctrl+n[/b] new prospect"
                    " · [b]escape[/b] cancel"
                ),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one(Field).focus()
        runner = cast("PlannerApp", self.app).runner
        runner.submit(jobs.names(), self)

    def on_names_loaded(self, message: NamesLoaded) -> None:
        self.names = message.names
        self._loaded = True
        if self.is_attached:
            self.filter(self.query_one(Field).value)

    @on(Input.Changed, "#search-input")
    def changed(self, event: Input.Changed) -> None:
        self.query_one("#search-error", Static).update("")
        self.filter(event.value)

    @work(thread=True, exclusive=True, group="search")
    def filter(self, query: str) -> None:
        # 20,000 names take a few tens of milliseconds: never on the event loop.
        matches = best_matches(self.names, query)
        exact = any(name.casefold() == query.strip().casefold() for _, name in matches)
        if not get_current_worker().is_cancelled:
            self.post_message(NamesFound(query, matches, exact))

    def on_names_found(self, message: NamesFound) -> None:
        if not self.is_attached or message.query != self.query_one(Field).value:
            return  # closing, or a newer keystroke's search is on its way
        self._shown_query = message.query
        results = self.query_one(OptionList)
        results.clear_options()
        typed = clean(message.query).strip()
        options = [Option(plain(name), id=str(pid)) for pid, name in message.matches]
        if typed and not message.exact:
            create = Option(
                Content.assemble(("+ new prospect ", "$accent"), plain(typed, "bold")), id=NEW
            )
            options = [*options, create]
        results.add_options(options)
        # The best existing match; the create row only when it is all there is; nobody
        # for an empty box (enter must not log to whoever sorts first).
        results.highlighted = 0 if options and typed and self._loaded else None
        if self._submit_pending:
            self._submit_pending = False
            self.submitted()

    def action_move(self, step: int) -> None:
        results = self.query_one(OptionList)
        if results.option_count:
            current = results.highlighted
            wanted = 0 if current is None else current + step
            results.highlighted = max(0, min(results.option_count - 1, wanted))

    @on(Input.Submitted, "#search-input")
    def submitted(self) -> None:
        if not self._loaded or self._shown_query != self.query_one(Field).value:
            # Enter came before the matches for what was typed: choose once they are in,
            # never from the list of an older keystroke.
            self._submit_pending = True
            return
        results = self.query_one(OptionList)
        if results.highlighted is None:
            self._say("Type a name, or pick one with ↓ (ctrl+n adds a new prospect).")
            return
        option = results.get_option_at_index(results.highlighted)
        self._choose(option.id or NEW)

    def action_create(self) -> None:
        typed = clean(self.query_one(Field).value).strip()
        for pid, name in self.names.items():
            if name.casefold() == typed.casefold():
                self._say(f"{name} exists already (#{pid}): enter picks it.")
                return
        self._choose(NEW)

    def _say(self, text: str) -> None:
        self.query_one("#search-error", Static).update(plain(text))

    @on(OptionList.OptionSelected, "#search-results")
    def selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id or NEW)

    def _choose(self, option_id: str) -> None:
        typed = self.query_one(Field).value
        if option_id != NEW:
            pid = int(option_id)
            self.dismiss(SearchChoice(pid, self.names.get(pid, typed)))
            return
        try:
            name = clean_name(typed)
        except ValidationError as error:
            self._say(str(error))
            return
        self.dismiss(SearchChoice(None, name))

    def action_cancel(self) -> None:
        self.dismiss(None)
