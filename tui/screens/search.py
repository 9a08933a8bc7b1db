"""The search box: fuzzy over every prospect's name, or a new prospect by the typed name."""

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
    ]

    def __init__(self, title: str, *, new_lead: bool = False) -> None:
        super().__init__()
        self.names: dict[int, str] = {}
        self.title_text = title
        self.new_lead = new_lead
        self._shown_query: str | None = None
        self._submit_pending = False

    def compose(self) -> ComposeResult:
        with Vertical(id="search-dialog", classes="dialog") as dialog:
            dialog.border_title = Content(self.title_text)
            yield Field(placeholder="type a name", id="search-input")
            yield OptionList(id="search-results")
            yield Static("", id="search-error", classes="error")
            yield Static(
                Content.from_markup(
                    "[b]↑↓[/b] choose · [b]enter[/b] pick or create · [b]escape[/b] cancel"
                ),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one(Field).focus()
        runner = cast("PlannerApp", self.app).runner
        runner.submit(jobs.names(), self)

    def on_names_loaded(self, message: NamesLoaded) -> None:
        self.names = message.names
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
        if message.query != self.query_one(Field).value:
            return  # a newer keystroke's search is on its way
        self._shown_query = message.query
        results = self.query_one(OptionList)
        results.clear_options()
        typed = clean(message.query).strip()
        options = [Option(plain(name), id=str(pid)) for pid, name in message.matches]
        if typed and not message.exact:
            create = Option(
                Content.assemble(("+ new prospect ", "$accent"), plain(typed, "bold")), id=NEW
            )
            # A new lead is what a "find a new lead" line expects, so offer it first there.
            options = [create, *options] if self.new_lead or not options else [*options, create]
        results.add_options(options)
        if options:
            results.highlighted = 0
        if self._submit_pending:
            self._submit_pending = False
            self.submitted()

    def action_move(self, step: int) -> None:
        results = self.query_one(OptionList)
        if results.option_count:
            current = results.highlighted or 0
            results.highlighted = max(0, min(results.option_count - 1, current + step))

    @on(Input.Submitted, "#search-input")
    def submitted(self) -> None:
        if self._shown_query != self.query_one(Field).value:
            # Enter came before the matches for what was typed: choose once they are in,
            # never from the list of an older keystroke.
            self._submit_pending = True
            return
        results = self.query_one(OptionList)
        if results.highlighted is None or not results.option_count:
            self._choose(NEW)
            return
        option = results.get_option_at_index(results.highlighted)
        self._choose(option.id or NEW)

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
            self.query_one("#search-error", Static).update(plain(str(error)))
            return
        self.dismiss(SearchChoice(None, name))

    def action_cancel(self) -> None:
        self.dismiss(None)
