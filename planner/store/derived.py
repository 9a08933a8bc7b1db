"""Derived indexes kept in step with every commit: per-day summaries, the names index and the
lost and open prospects' copies."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, cast

from planner.models import OUTCOMES, SOURCES, DaySummary
from planner.store import layout
from planner.store.codec import CodecError, lead_days_ok
from planner.store.codec import _day as codec_day
from planner.store.schema import Doc

_ZERO = Decimal(0)
_OUTCOME_SET = frozenset(OUTCOMES)


def _positive_count(value: object) -> bool:
    return type(value) is int and value > 0


@functools.lru_cache(maxsize=4096)
def _day_place(day_text: str) -> tuple[str, str]:
    day = date.fromisoformat(day_text)
    return layout.summary_of(day.year), str(day.toordinal())


def _day_key(touch_doc: Doc) -> tuple[str, str, str]:
    """(summary file, document key, ISO day) of the day a touch counts on."""
    # An ISO date-time starts with its local date: no need to parse the whole moment.
    day_text = cast(str, touch_doc["at"])[:10]
    return (*_day_place(day_text), day_text)


def _priced(entry: Doc) -> int:
    """The sales of a day summary entry that carry an amount.

    Written as "priced" when there are any. Entries written before that key existed lack it:
    they read as they always did, every sale priced when the day's amount is above 0 (exact
    unless one day held priced and unpriced sales of one source; `planner doctor` finds those
    days, since the summaries rebuilt from the touches disagree, and its repair rebuilds them).
    """
    priced = entry.get("priced")
    if priced is not None:
        return cast(int, priced)
    sales = cast(dict[str, int], entry["outcomes"]).get("sale", 0)
    return sales if Decimal(entry["amount"]) > _ZERO else 0


def _copy_day(doc: Doc) -> Doc:
    copied: Doc = {"day": doc["day"]}
    for source in SOURCES:
        if (entry := doc.get(source)) is not None:
            copied[source] = {
                "outcomes": dict(entry["outcomes"]),
                "amount": entry["amount"],
                "lead_days": list(entry["lead_days"]),
            }
            if priced := _priced(entry):
                copied[source]["priced"] = priced
            if "met" in entry:
                copied[source]["met"] = list(entry["met"])
    return copied


# A day summary entry's "met" lists the prospect ids of its meeting touches (sorted, one per
# touch), so that `planner status` finds the recent meetings of its pipeline in the summaries
# it reads anyway instead of parsing the month partitions. An entry written before the list
# existed has meetings but no list: readers take those days from the touches, and the list
# is only ever kept where it is complete (started on a day's first meeting, or rebuilt).


def _count_meeting(entry: Doc, met_before: int, prospect_id: object, sign: int) -> None:
    met = entry.get("met")
    if sign > 0:
        if met is not None:
            bisect.insort(met, prospect_id)
        elif met_before == 0:
            entry["met"] = [prospect_id]
    elif met is not None:
        if prospect_id in met:
            met.remove(prospect_id)
        else:
            del entry["met"]  # not the list this day should hold: leave it to the touches
    if entry.get("met") == [] or not entry["outcomes"].get("meeting"):
        entry.pop("met", None)


def met_complete(entry: Doc) -> list[int] | None:
    """The prospect ids of an entry's meetings, None when it holds meetings but no list."""
    if not entry["outcomes"].get("meeting"):
        return []
    met = entry.get("met")
    return None if met is None else cast(list[int], met)


class SummaryChanges:
    """Per-day summary documents being changed by a commit, copied from the base on first use."""

    def __init__(self, base_of: Callable[[str], Mapping[str, Doc]]) -> None:
        self._base_of = base_of  # summary file -> its stored "summary" table
        self.days: dict[tuple[str, str], Doc] = {}

    def apply(self, touch_doc: Doc, sign: int) -> None:
        """Count a touch in (sign 1) or out (sign -1) of its day's summary."""
        rel, key, day_text = _day_key(touch_doc)
        work = self.days.get((rel, key))
        if work is None:
            base = self._base_of(rel).get(key)
            work = _copy_day(base) if base is not None else {"day": day_text}
            self.days[rel, key] = work
        source = touch_doc["source"]
        entry = work.get(source)
        if entry is None:
            entry = work[source] = {"outcomes": {}, "amount": "0", "lead_days": []}
        priced_before = _priced(entry)  # before this touch changes the counts it is read from
        outcomes: dict[str, int] = entry["outcomes"]
        outcome = touch_doc["outcome"]
        before = outcomes.get(outcome, 0)
        count = before + sign
        if count > 0:
            outcomes[outcome] = count
        else:
            outcomes.pop(outcome, None)
        if outcome == "meeting":
            _count_meeting(entry, before, touch_doc.get("prospect_id"), sign)
        if outcome == "sale":
            amount = Decimal(touch_doc.get("amount") or 0)
            entry["amount"] = format(Decimal(entry["amount"]) + sign * amount, "f")
            priced = priced_before + (sign if touch_doc.get("amount") is not None else 0)
            if priced > 0:
                entry["priced"] = priced
            else:
                entry.pop("priced", None)
            lead = touch_doc.get("lead_days")
            if lead is not None:
                if sign > 0:
                    bisect.insort(entry["lead_days"], lead)
                elif lead in entry["lead_days"]:
                    entry["lead_days"].remove(lead)
        if not outcomes:
            del work[source]

    def result(self) -> dict[str, dict[str, Doc | None]]:
        """Changed day documents per summary file; None for a day left without touches."""
        found: dict[str, dict[str, Doc | None]] = {}
        for (rel, key), work in self.days.items():
            found.setdefault(rel, {})[key] = work if any(s in work for s in SOURCES) else None
        return found


def build_summary(touch_docs: Iterable[Doc]) -> dict[str, dict[str, Doc]]:
    """Every summary file's table computed from scratch (doctor's check and repair)."""
    changes = SummaryChanges(lambda _rel: {})
    for doc in touch_docs:
        changes.apply(doc, 1)
    return {
        rel: {key: doc for key, doc in days.items() if doc is not None}
        for rel, days in changes.result().items()
    }


# names.json holds one document per prospect shard: {"names": [name, name, null, ...]} where
# position i is prospect id shard_start + i (null for a gap). A list parses and decodes about
# twice as fast as {id: name}, and `log call NAME` reads all 20,000 names in every process.


def _slot(key: str) -> tuple[str, int]:
    pid = int(key)
    return layout.names_key(pid), (pid - 1) % layout.SHARD_SIZE


def build_names(prospects: Iterable[tuple[str, Doc]], field: str = "name") -> dict[str, Doc]:
    """The names table (``field`` "company": the companies table) from (key, prospect doc)
    pairs."""
    docs = names_changes({}, {key: doc.get(field, "") for key, doc in prospects}, field)
    return {shard: doc for shard, doc in docs.items() if doc is not None}


# companies.json is shaped as names.json, {"companies": [company, "", null, ...]} per shard.
LIST_OF = {"name": "names", "company": "companies"}


def names_changes(
    base: Mapping[str, Doc], renamed: Mapping[str, str | None], field: str = "name"
) -> dict[str, Doc | None]:
    """New shard documents of the names table (``field`` "company": the companies table)
    after prospects were renamed, added or deleted."""
    table = LIST_OF[field]
    lists: dict[str, list[str | None]] = {}
    for key, name in renamed.items():
        shard, index = _slot(key)
        if shard not in lists:
            lists[shard] = list(base.get(shard, {}).get(table, []))
        names = lists[shard]
        if index >= len(names):
            names.extend([None] * (index + 1 - len(names)))
        names[index] = name
    docs: dict[str, Doc | None] = {}
    for shard, names in lists.items():
        while names and names[-1] is None:
            names.pop()
        docs[shard] = {table: names} if names else None
    return docs


def flat_names(table: Mapping[str, Doc], field: str = "name") -> dict[int, str]:
    """{prospect id: name} from the names table (``field`` "company": {prospect id: company}
    from the companies table); raises ValueError on a malformed one."""
    found: dict[int, str] = {}
    key = LIST_OF[field]
    for shard, doc in table.items():
        names = doc.get(key)
        if type(names) is not list or not set(map(type, names)) <= {str, type(None)}:
            raise ValueError(f"{key} {shard} is not a list of {key}")
        if not (shard.isdigit() and shard == str(int(shard)) and int(shard) >= 1):
            raise ValueError(f"names key {shard!r} is not a shard number")
        start = (int(shard) - 1) * layout.SHARD_SIZE + 1
        ids = range(start, start + len(names))
        # zip/range keep this in C; gaps (deleted prospects) are rare.
        found.update(zip(ids, names, strict=True))
        if None in names:
            for pid in [p for p, n in zip(ids, names, strict=True) if n is None]:
                del found[pid]
    return found


def day_sales(doc: Doc, doc_id: int) -> tuple[date, int] | None:
    """One stored day -> (day, its sales), None for a day without touches: what
    ``decode_summary`` checks of the day and its outcome counts, without the rest."""
    try:
        if type(doc) is not dict:
            raise CodecError(f"summary of day {doc_id} is not an object")
        day = codec_day(doc.get("day"), "day")
        if day.toordinal() != doc_id:
            raise CodecError(f"day {day} is filed under another day's id")
        sales, found = 0, False
        for source in SOURCES:
            entry = doc.get(source)
            if entry is None:
                continue
            outcomes = entry.get("outcomes") if type(entry) is dict else None
            if (
                type(outcomes) is not dict
                or not outcomes.keys() <= _OUTCOME_SET
                or not all(map(_positive_count, outcomes.values()))
            ):
                raise CodecError(f"outcomes {outcomes!r} are not positive counts")
            sales += outcomes.get("sale", 0)
            found = True
        return (day, sales) if found else None
    except CodecError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise CodecError(f"summary of day {doc_id} is malformed ({error})") from error


def day_met(doc: Doc, doc_id: int) -> tuple[date, tuple[int, ...] | None] | None:
    """One stored day -> (day, the prospect ids of its meetings, None when the day holds
    meetings without their list), None for a day without meetings. For a day that
    ``decode_summary`` accepted (it checks the lists)."""
    ids: list[int] = []
    for source in SOURCES:
        entry = doc.get(source)
        if entry is None:
            continue
        met = met_complete(entry)
        if met is None:
            return date.fromordinal(doc_id), None
        ids.extend(met)
    return (date.fromordinal(doc_id), tuple(ids)) if ids else None


def summary_agrees(stored: Doc, rebuilt: Doc, doc_id: int) -> bool:
    """Whether a stored day holds what the touches give (a missing meetings list is no
    disagreement: days written before the list existed lack it)."""
    if decode_summary(stored, doc_id) != decode_summary(rebuilt, doc_id):
        return False
    return all(
        stored[s].get("met", rebuilt[s].get("met")) == rebuilt[s].get("met")
        for s in SOURCES
        if s in stored and s in rebuilt
    )


def decode_summary(doc: Doc, doc_id: int) -> list[DaySummary]:
    """One stored day -> a DaySummary per source that has touches that day."""
    try:
        if type(doc) is not dict:
            raise CodecError(f"summary of day {doc_id} is not an object")
        day = codec_day(doc.get("day"), "day")
        if day.toordinal() != doc_id:
            raise CodecError(f"day {day} is filed under another day's id")
        found: list[DaySummary] = []
        for source in SOURCES:
            entry = doc.get(source)
            if entry is None:
                continue
            if type(entry) is not dict:
                raise CodecError(f"{source} is {entry!r}, not an object")
            outcomes = entry.get("outcomes")
            if (
                type(outcomes) is not dict
                or not outcomes.keys() <= _OUTCOME_SET
                or not all(map(_positive_count, outcomes.values()))
            ):
                raise CodecError(f"outcomes {outcomes!r} are not positive counts")
            lead_days = entry.get("lead_days")
            if type(lead_days) is not list or not all(map(lead_days_ok, lead_days)):
                raise CodecError(f"lead days {lead_days!r} are not numbers of days")
            text = entry["amount"]
            if type(text) is not str:
                raise CodecError(f"amount {text!r} is not decimal text")
            # Most days sold nothing: their "0" is the one shared zero (a Decimal is immutable).
            amount = _ZERO if text == "0" else Decimal(text)
            if not amount.is_finite() or amount < _ZERO:
                raise CodecError(f"amount {text!r} is not a sum of sales")
            priced = _priced(entry)
            if type(priced) is not int or not 0 <= priced <= outcomes.get("sale", 0):
                raise CodecError(f"priced sales {priced!r} is not a count of the day's sales")
            met = entry.get("met")
            if met is not None and not (
                type(met) is list
                and len(met) == outcomes.get("meeting", 0)
                and all(type(pid) is int and pid >= 1 for pid in met)
                and met == sorted(met)
            ):
                raise CodecError(f"met {met!r} is not the prospects of the day's meetings")
            found.append(
                DaySummary(day, source, cast(Any, dict(outcomes)), amount, tuple(lead_days), priced)
            )
        return found
    except CodecError:
        raise
    except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError) as error:
        raise CodecError(f"summary of day {doc_id} is malformed ({error})") from error


# sales.json: per month with any touch, its touches, its sales and its first day with a touch
# (derived from the day summaries), keyed by the ordinal of the month's first day: an earlier
# period's record (and the year before a period) without parsing its summaries.
SALES_TABLE = "months"


def _month_key(day: date) -> str:
    return str(date(day.year, day.month, 1).toordinal())


def day_counts(doc: Doc, doc_id: int) -> tuple[date, int, int] | None:
    """One stored day -> (day, its touches, its sales), None for a day without touches; the
    same checks as ``day_sales``."""
    found = day_sales(doc, doc_id)
    if found is None:
        return None
    touches = sum(sum(doc[s]["outcomes"].values()) for s in SOURCES if doc.get(s) is not None)
    return found[0], touches, found[1]


def month_sales(days: Iterable[tuple[date, int, int]]) -> dict[str, Doc]:
    """(day, touches, sales) of days with touches, any order -> the sales.json documents of
    their months."""
    found: dict[str, Doc] = {}
    for day, touches, sales in sorted(days):
        key = _month_key(day)
        doc = found.get(key)
        if doc is None:
            found[key] = {"first": day.isoformat(), "touches": touches, "sales": sales}
        else:
            doc["touches"] += touches
            doc["sales"] += sales
    return found


def summary_days(table: Mapping[str, Doc]) -> list[tuple[date, int, int]]:
    """(day, touches, sales) of every day with touches of one summary file's table."""
    found: list[tuple[date, int, int]] = []
    for key, doc in table.items():
        day = day_counts(doc, int(key))
        if day is not None:
            found.append(day)
    return found


def build_sales(summaries: Mapping[str, Mapping[str, Doc]]) -> dict[str, Doc]:
    """sales.json's table from every summary file's table (doctor's check and repair): the
    latest month without its touch count, which nearly every logged call would change."""
    found = month_sales(day for table in summaries.values() for day in summary_days(table))
    if found:
        del found[max(found, key=int)]["touches"]
    return found


def month_docs(table: Mapping[str, Doc | None], months: set[str]) -> dict[str, Doc]:
    """The sales.json documents (with touch counts) of these months (keys) of one summary
    file's table (None: a day removed)."""
    spans = [month_span(int(key)) for key in months]
    kept = {
        key: doc
        for key, doc in table.items()
        if doc is not None and any(low <= int(key) < high for low, high in spans)
    }
    return month_sales(summary_days(kept))


def months_of(keys: Iterable[str]) -> set[str]:
    """The sales.json keys of the months of these summary day keys (day ordinals)."""
    return {_month_key(date.fromordinal(int(key))) for key in keys}


def month_span(key: int) -> tuple[int, int]:
    """The day ordinals of the month a sales.json key names: [its first day, the next's)."""
    first = date.fromordinal(key)
    return key, date(first.year + first.month // 12, first.month % 12 + 1, 1).toordinal()


def decode_month(doc: Doc, doc_id: int) -> tuple[date, int | None, int]:
    """A sales.json document -> (the month's first day with a touch, its touches (None: the
    latest month, not counted there), its sales)."""
    first = codec_day(doc.get("first"), "first")
    if _month_key(first) != str(doc_id):
        raise CodecError(f"first day {first} is not of the month filed under {doc_id}")
    touches, sales = doc.get("touches"), doc.get("sales")
    if type(sales) is not int or sales < 0:
        raise CodecError(f"sales {sales!r} is not a count")
    if touches is not None and (type(touches) is not int or touches < sales):
        raise CodecError(f"touches {touches!r} is not a count of at least the sales")
    return first, touches, sales
