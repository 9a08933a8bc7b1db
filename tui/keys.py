"""Every key of the TUI in one table: the screens' bindings, the help screen and the README
keys table are all made from it, so they cannot drift apart."""

from __future__ import annotations

import functools
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
    _key(
        "log.conversation",
        "c",
        "log('conversation')",
        "log: conversation (note)",
        "talked",
        "today",
    ),
    _key("log.meeting", "m", "log('meeting')", "log: meeting (day, note)", "meeting", "today"),
    _key("log.sale", "s", "log('sale')", "log: sale (amount if revenue, note)", "sale", "today"),
    _key(
        "log.not_interested",
        "x",
        "log('not-interested')",
        "log: not interested (reason, note)",
        "said no",
        "today",
    ),
    _key("queue.snooze", "z", "snooze", "snooze to next working day", "snooze", "today"),
    _key("queue.book", "b", "book", "book a follow-up date", where="today"),
    _key("log.add_note", "a", "add_note", "add a note to the last touch", where="today"),
    _key(
        "queue.open", "enter", "open_prospect", "open the prospect (history, edit)", where="today"
    ),
    _key("log.any", "l", "log_any", "log to any prospect (search)", "log", "today"),
    _key("log.undo", "u", "undo", "undo the last change", "undo", "today"),
    _key("whatif.open", "w", "whatif", "what-if: what would it take", where="today"),
    _key("queue.down", "down,j", "cursor_down", "next queue item", where="today"),
    _key("queue.up", "up,k", "cursor_up", "previous queue item", where="today"),
    _key("demo.load", "D", "load_demo", "load demo data (backs up)", where="today"),
    _key("day.work", "g", "work_anyway", "day off: go to work anyway", "work anyway", "today"),
    _key("nav.today", "t", "app.show('today')", "today", where="everywhere"),
    _key("nav.prospects", "p", "app.show('prospects')", "prospects", where="everywhere"),
    _key("nav.review", "r", "app.show('review')", "review of the week", where="everywhere"),
    _key("app.help", "question_mark", "app.help", "keys and help", "help", "everywhere"),
    _key("app.quit", "q", "app.quit", "quit", where="everywhere"),
    _key("prospects.search", "slash", "focus_search", "search by name", "search"),
    _key("prospects.filter", "f", "cycle_filter", "filter by status", "status"),
    _key("prospects.edit", "e", "edit", "edit any field, follow-up", "edit"),
    _key("prospects.remove", "d", "remove", "remove (asks first; undoable)"),
    _key("prospects.merge", "M", "merge", "merge another into this one"),
    _key("prospects.log", "l", "log_selected", "log a touch to this one", "log"),
    _key("prospects.back", "escape", "back", "leave search / back", "back"),
    _key("review.back", "escape", "app.show('today')", "back to today", "back"),
)

# The dialogs' keys: on the help screen too.
MODAL_KEYS: tuple[Key, ...] = (
    _key("composure.rate", "1-5", "", "rate this morning", where="composure"),
    _key("composure.save", "enter", "", "save rating and intent"),
    _key("composure.skip", "escape", "", "skip today's question"),
    _key("search.choose", "enter", "", "pick the highlighted name"),
    _key("search.create", "ctrl+n", "", "add the typed name as new"),
    _key("search.cancel", "escape", "", "cancel"),
    _key("note.save", "enter", "", "save the note (empty: none)", where="after"),
    _key("note.cancel", "escape", "", "cancel: nothing is logged", where="after"),
    *(
        _key(f"reason.{r.replace('-', '_')}", k, "", f"lost reason: {r}", where="after")
        for r, k in (
            ("timing", "t"),
            ("budget", "b"),
            ("competitor", "c"),
            ("no-fit", "n"),
            ("other", "o"),
        )
    ),
    _key("reason.skip", "enter", "", "no reason", where="after"),
    _key("prospect.edit", "e", "", "edit the open prospect", where="after"),
    _key("prospect.close", "escape", "", "close the prospect", where="after"),
    _key("confirm.yes", "y", "", "yes"),
    _key("confirm.no", "n,escape", "", "no"),
)

SECTIONS: dict[str, str] = {
    "today": "Today",
    "everywhere": "Everywhere",
    "prospects": "Prospects",
    "review": "Review",
    "composure": "Morning question",
    "search": "Search box",
    "confirm": "Confirm",
    "after": "After the call",
}


def bindings(where: str) -> list[BindingType]:
    return [key.binding() for key in KEYS if key.where == where]


def binding_ids() -> frozenset[str]:
    return frozenset(key.id for key in KEYS)


def remap_id(key: Key) -> str:
    """The id config.toml's [keymap] takes for ``key``; empty when it cannot be remapped
    (enter in a text box is the box's own)."""
    if key.id == "composure.rate":
        return "composure.rate_1…5"
    return key.id if key.id in binding_ids() | MODAL_BINDING_IDS else ""


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
        "search.create",
        "ask.cancel",
        "amount.cancel",
        "follow_up.cancel",
        "note.cancel",
        *(f"reason.{r}" for r in ("timing", "budget", "competitor", "no_fit", "other", "skip")),
        "reason.cancel",
        "prospect.edit",
        "prospect.close",
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


# ---------------------------------------------------------------- checking config.toml's keymap

_MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
RESERVED = {"q": "app.quit"}  # the way out stays where the seller knows it


@functools.cache
def _key_names() -> frozenset[str]:
    from textual.keys import Keys, _character_to_key

    names = {key.value for key in Keys}
    names |= {_character_to_key(chr(code)) for code in range(32, 127)}
    return frozenset(names)


def normal_keys(text: str) -> list[str] | None:
    """``"?, ctrl+x"`` -> ``["question_mark", "ctrl+x"]``; None when a key is not one."""
    from textual.keys import _character_to_key

    names = _key_names()
    found: list[str] = []
    for raw in text.split(","):
        part = raw.strip()
        if len(part) == 1:
            if not part.isprintable():
                return None
            found.append(_character_to_key(part))
            continue
        *modifiers, base = part.split("+") if part else [""]
        if not base or not set(modifiers) <= _MODIFIERS:
            return None
        base = _character_to_key(base) if len(base) == 1 else base
        if base not in names:
            return None
        found.append("+".join([*modifiers, base]))
    return found


def check_keymap(keymap: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The remaps that can be applied, and one line per remap that cannot (kept default).

    Refused: an unknown binding id, a key that is no key, `q` taken from quit, and a key
    that another binding of the same screen (or one that works everywhere) already has.
    """
    if not keymap:
        return {}, []  # nothing remapped (the usual case): nothing to check at start-up
    known = binding_ids() | MODAL_BINDING_IDS
    by_id = {key.id: key for key in KEYS}
    keys_of = {key.id: normal_keys(key.keys) or [] for key in KEYS}
    accepted: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, text in sorted(keymap.items()):
        if binding_id not in known:
            problems.append(f"config keymap: unknown binding id {binding_id!r}")
            continue
        wanted = normal_keys(str(text))
        if not wanted:
            problems.append(f"config keymap: {text!r} for {binding_id} is not a key")
            continue
        taken = next((k for k in wanted if RESERVED.get(k, binding_id) != binding_id), None)
        if taken is not None:
            problems.append(f"config keymap: {binding_id} cannot take {taken!r} (it quits)")
            continue
        key = by_id.get(binding_id)
        if key is not None:
            clash = _clash(key, wanted, keys_of, by_id)
            if clash is not None:
                problems.append(
                    f"config keymap: {text!r} for {binding_id} is already {clash}'s key; "
                    f"{binding_id} keeps {display_keys(key, {})!r}"
                )
                continue
            keys_of[binding_id] = wanted
        accepted[binding_id] = str(text)
    return accepted, problems


def _clash(
    key: Key, wanted: list[str], keys_of: dict[str, list[str]], by_id: dict[str, Key]
) -> str | None:
    for other_id, other_keys in keys_of.items():
        other = by_id[other_id]
        if other_id == key.id or other.action == key.action:
            continue  # up and k both move the cursor, on the screen and in the list
        shares_screen = "everywhere" in (key.where, other.where) or key.where == other.where
        if shares_screen and set(wanted) & set(other_keys):
            return other_id
    return None
