"""Every key of the TUI in one table: the screens' bindings, the help screen and the README
keys table are all made from it, so they cannot drift apart."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True, slots=True)
class Key:
    """One binding: ``id`` is what config.toml's [keymap] remaps; ``footer`` is the short
    label (empty keeps the key out of the footer); ``help`` fits the help screen's column."""

    id: str
    keys: str
    action: str
    help: str
    footer: str = ""
    where: str = "today"

    def binding(self) -> Binding:
        return Binding(
            self.keys, self.action, self.footer or self.help, show=bool(self.footer), id=self.id
        )


def _key(id: str, keys: str, action: str, help: str, footer: str = "", where: str = "") -> Key:
    return Key(id, keys, action, help, footer, where or id.partition(".")[0])


# The footer fits 80 columns with these labels; everything else is on the help screen.
KEYS: tuple[Key, ...] = (
    _key("log.no_answer", "n", "log('no-answer')", "log: no answer", "no answer", "today"),
    _key("log.conversation", "c", "log('conversation')", "log: conversation", "talked", "today"),
    _key("log.meeting", "m", "log('meeting')", "log: meeting booked", "meeting", "today"),
    _key("log.sale", "s", "log('sale')", "log: sale (amount if revenue)", "sale", "today"),
    _key(
        "log.not_interested",
        "x",
        "log('not-interested')",
        "log: not interested",
        "said no",
        "today",
    ),
    _key("queue.snooze", "z", "snooze", "snooze to next working day", "snooze", "today"),
    _key("log.any", "l", "log_any", "log to any prospect (search)", "log", "today"),
    _key("log.undo", "u", "undo", "undo the last change", "undo", "today"),
    _key("whatif.open", "w", "whatif", "what-if: what would it take", where="today"),
    _key("queue.down", "down,j", "cursor_down", "next queue item", where="today"),
    _key("queue.up", "up,k", "cursor_up", "previous queue item", where="today"),
    _key("demo.load", "D", "load_demo", "load demo data (backs up)", where="today"),
    _key("nav.today", "t", "app.show('today')", "today", where="everywhere"),
    _key("nav.prospects", "p", "app.show('prospects')", "prospects", where="everywhere"),
    _key("nav.review", "r", "app.show('review')", "review of the week", where="everywhere"),
    _key("app.help", "question_mark", "app.help", "keys and help", "help", "everywhere"),
    _key("app.quit", "q", "app.quit", "quit", where="everywhere"),
    _key("prospects.search", "slash", "focus_search", "search by name", "search"),
    _key("prospects.filter", "f", "cycle_filter", "filter by status", "status"),
    _key("prospects.edit", "e", "edit", "edit status, reason, DNC", "edit"),
    _key("prospects.log", "l", "log_selected", "log a touch to this one", "log"),
    _key("prospects.back", "escape", "back", "leave search / back", "back"),
    _key("review.back", "escape", "app.show('today')", "back to today", "back"),
)

# The dialogs' keys: on the help screen too.
MODAL_KEYS: tuple[Key, ...] = (
    _key("composure.rate", "1-5", "", "rate this morning", where="composure"),
    _key("composure.save", "enter", "", "save rating and intent"),
    _key("composure.skip", "escape", "", "skip today's question"),
    _key("search.choose", "enter", "", "pick, or create the name"),
    _key("search.cancel", "escape", "", "cancel"),
)

SECTIONS: dict[str, str] = {
    "today": "Today",
    "everywhere": "Everywhere",
    "prospects": "Prospects",
    "review": "Review",
    "composure": "Morning question",
    "search": "Search box",
}


def bindings(where: str) -> list[BindingType]:
    return [key.binding() for key in KEYS if key.where == where]


def binding_ids() -> frozenset[str]:
    return frozenset(key.id for key in KEYS)


def display_keys(key: Key, keymap: Mapping[str, str]) -> str:
    """The keys as a person reads them, after any remapping: "down, j", "?", "/"."""
    raw = keymap.get(key.id, key.keys)
    names = {"question_mark": "?", "slash": "/", "escape": "esc"}
    return ", ".join(names.get(part.strip(), part.strip()) for part in raw.split(","))


# Ids of the dialogs' own bindings (declared beside them), so config.toml may remap them too.
MODAL_BINDING_IDS: frozenset[str] = frozenset(
    {
        *(f"composure.rate_{n}" for n in range(1, 6)),
        "composure.save",
        "composure.skip",
        "search.cancel",
        "amount.cancel",
        "outcome.cancel",
        "help.close",
        "confirm.yes",
        "confirm.no",
        "search.down",
        "search.up",
        "setup.cancel",
        "setup.save",
        "edit.cancel",
        "edit.save",
        *(
            f"whatif.{name}"
            for name in ("close", "up", "down", "less", "more", "apply", "erase", "adopt", "reset")
        ),
        *(
            f"outcome.{o}"
            for o in ("no_answer", "conversation", "meeting", "not_interested", "sale")
        ),
        "queue.list_down",
        "queue.list_up",
        "queue.page_down",
        "queue.page_up",
        "queue.first",
        "queue.last",
    }
)
