"""Decoded records of one file, built once per file version; a bad document names its file."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, TypeVar, cast

from planner.models import (
    CheckInRow,
    ComposureCheck,
    DayPlan,
    DaySummary,
    Prospect,
    Settings,
    Target,
    Touch,
)
from planner.store import codec, layout
from planner.store.codec import CodecError
from planner.store.derived import (
    SALES_TABLE,
    day_met,
    day_sales,
    decode_month,
    decode_summary,
    flat_names,
)
from planner.store.errors import (
    RESTORE_HINT,
    CorruptFileError,
    InvalidStoredRecordError,
    hint_for,
)
from planner.store.files import DataFile
from planner.store.schema import Doc, Tables
from planner.store.subsets import CHECKIN_FIELDS, LOST_TABLE, decode_checkin

R = TypeVar("R")


def decode_docs(
    file: DataFile, table: str, docs: Mapping[str, Doc], decode: Callable[[Doc, int], R]
) -> dict[int, R]:
    """Decode every document of a table, keyed by id; the first bad one raises, naming it."""
    decoded: dict[int, R] = {}
    key = ""
    try:
        for key, doc in docs.items():
            doc_id = codec.doc_id(key)
            decoded[doc_id] = decode(doc, doc_id)
    except (CodecError, KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as error:
        raise bad_record(file, table, key, error) from error
    return decoded


def bad_record(file: DataFile, table: str, key: str, error: Exception) -> InvalidStoredRecordError:
    """``touches/2026-03.json: touches 812 does not decode: amount 'NaN' is not a number: run
    `planner restore` ...``: one line naming the file, the table and the record."""
    reason = (
        str(error).replace("\n", " ")
        if isinstance(error, CodecError)
        else (f"malformed ({type(error).__name__}: {error})".replace("\n", " "))
    )
    return InvalidStoredRecordError(
        f"{file.rel}: {table} {key} does not decode: {reason}: {hint_for(file.rel)}",
        path=file.path,
        record=key,
    )


def _view(file: DataFile, table: str, decode: Callable[[Doc, int], R]) -> dict[int, R]:
    def build(tables: Tables) -> dict[int, R]:
        return decode_docs(file, table, tables.get(table, {}), decode)

    return file.view(table, build)


def settings(file: DataFile) -> Settings | None:
    found = _view(file, "settings", lambda doc, _id: codec.decode_settings(doc))
    return found.get(1)


def targets(file: DataFile) -> dict[int, Target]:
    return _view(file, "targets", codec.decode_target)


def prospects(file: DataFile) -> dict[int, Prospect]:
    return _view(file, "prospects", codec.decode_prospect)


def lost(file: DataFile) -> dict[int, Prospect]:
    """A lost or open shard decoded: every prospect it copies, as its shard holds it."""
    return _view(file, "prospects", codec.decode_prospect)


def prospects_where(
    file: DataFile, status: str, contacted_by: str | None, contactable: bool
) -> dict[int, Prospect]:
    """Prospects of one status (last contacted on or before ``contacted_by``, an ISO date, and
    not do-not-contact when ``contactable``): from the decoded shard when it is at hand, else
    decoding only the matching documents; a few dict look-ups cost a fraction of a decode."""

    def keep(status_: str, last: object, dnc: object) -> bool:
        if status_ != status or (contactable and dnc is True):
            return False
        return (
            contacted_by is None or last is None or (isinstance(last, str) and last <= contacted_by)
        )

    cached = file.cached_view("prospects")
    if cached is not None:
        return {
            pid: p
            for pid, p in cast(dict[int, Prospect], cached).items()
            if keep(p.status, p.last_contact and p.last_contact.isoformat(), p.do_not_contact)
        }

    def build(tables: Tables) -> dict[int, Prospect]:
        wanted = {
            key: doc
            for key, doc in tables.get("prospects", {}).items()
            if keep(doc.get("status", "new"), doc.get("last_contact"), doc.get("do_not_contact"))
        }
        return decode_docs(file, "prospects", wanted, codec.decode_prospect)

    return file.view(f"prospects:{status}:{contacted_by}:{contactable}", build)


def prospects_by_id(file: DataFile, ids: set[int]) -> dict[int, Prospect]:
    """Some prospects of one shard, decoding only their documents. Those decoded are kept
    with the file's version, so asking again for them (the review's two mornings ask the
    open shards for nearly the same prospects) parses the file no more."""
    cached = file.cached_view("prospects")
    if cached is not None:
        decoded = cast(dict[int, Prospect], cached)
        return {pid: decoded[pid] for pid in ids if pid in decoded}
    version = file.current_key()
    known = cast(dict[int, Prospect | None] | None, file.cached_view("prospects:some"))
    if known is None or not ids <= known.keys():

        def build(tables: Tables) -> dict[int, Prospect | None]:
            docs = tables.get("prospects", {})
            wanted = {str(pid): docs[str(pid)] for pid in ids if str(pid) in docs}
            found: dict[int, Prospect | None] = dict.fromkeys(ids)
            found.update(decode_docs(file, "prospects", wanted, codec.decode_prospect))
            # What was decoded before stays only if the file was not replaced meanwhile.
            return {**known, **found} if known is not None and file.key == version else found

        known = file.view("prospects:some", build, rebuild=True)
    return {pid: p for pid in ids if (p := known[pid]) is not None}


def prospect(file: DataFile, pid: int) -> Prospect | None:
    """One prospect: from the decoded shard when it is at hand, else decoding just its document."""
    cached = file.cached_view("prospects")
    if cached is not None:
        return cast(dict[int, Prospect], cached).get(pid)
    doc = file.load().get("prospects", {}).get(str(pid))
    if doc is None:
        return None
    return decode_docs(file, "prospects", {str(pid): doc}, codec.decode_prospect)[pid]


def touches(file: DataFile) -> list[Touch]:
    """A partition's touches sorted by (at, id)."""

    def build(tables: Tables) -> list[Touch]:
        found = decode_docs(file, "touches", tables.get("touches", {}), codec.decode_touch)
        return sorted(found.values(), key=lambda t: (t.at, t.id))

    return file.view("touches:sorted", build)


def touches_within(file: DataFile, first: str, last: str) -> list[Touch]:
    """A partition's touches whose local day (ISO) is within [first, last], sorted by (at,
    id): decoding only those (a week of a month), unless the whole partition is at hand.
    A moment's ISO text starts with its local day, so the documents are chosen undecoded;
    one whose moment is not of the partition's month is decoded too (and refused, naming
    it, as a read of the whole month would)."""
    decoded = file.cached_view("touches:sorted")
    if decoded is not None:
        return [t for t in cast(list[Touch], decoded) if first <= t.day.isoformat() <= last]
    month = layout.month_of_partition(file.rel)

    def build(tables: Tables) -> list[Touch]:
        docs = tables.get("touches", {})
        wanted = {
            key: doc
            for key, doc in docs.items()
            if not isinstance(at := doc.get("at"), str)
            or not at.startswith(month)
            or first <= at[:10] <= last
        }
        found = decode_docs(file, "touches", wanted, codec.decode_touch)
        return sorted(
            (t for t in found.values() if first <= t.day.isoformat() <= last),
            key=lambda t: (t.at, t.id),
        )

    return file.view(f"touches:{first}:{last}", build)


def touches_of_outcome(file: DataFile, outcome: str) -> list[Touch]:
    """A partition's touches of one outcome, decoding only their documents (from the decoded
    partition when that is at hand)."""
    decoded = file.cached_view("touches:sorted")
    if decoded is not None:
        return [t for t in cast(list[Touch], decoded) if t.outcome == outcome]

    def build(tables: Tables) -> list[Touch]:
        docs = tables.get("touches", {})
        wanted = {key: doc for key, doc in docs.items() if doc.get("outcome") == outcome}
        found = decode_docs(file, "touches", wanted, codec.decode_touch)
        return sorted(found.values(), key=lambda t: (t.at, t.id))

    return file.view(f"touches:{outcome}", build)


def touches_of(file: DataFile, prospect_id: int) -> list[Touch]:
    """One prospect's touches in a partition without decoding the partition's other touches.

    A per-version index {prospect id: document keys} is kept (small); the documents are
    decoded on demand, from the decoded partition when that is at hand.
    """

    def build(tables: Tables) -> dict[object, list[str]]:
        index: dict[object, list[str]] = {}
        for key, doc in tables.get("touches", {}).items():
            index.setdefault(doc.get("prospect_id"), []).append(key)
        return index

    keys = file.view("touches:keys-by-prospect", build).get(prospect_id)
    if not keys:
        return []
    decoded = file.cached_view("touches:sorted")
    if decoded is not None:
        return [t for t in cast(list[Touch], decoded) if t.prospect_id == prospect_id]
    docs = file.load().get("touches", {})
    return list(
        decode_docs(file, "touches", {k: docs[k] for k in keys}, codec.decode_touch).values()
    )


def names(file: DataFile) -> dict[int, str]:
    """{prospect id: name} from names.json."""

    def build(tables: Tables) -> dict[int, str]:
        try:
            return flat_names(tables.get("names", {}))
        except ValueError as error:
            raise InvalidStoredRecordError(
                f"{file.rel}: {error}: {hint_for(file.rel)}", path=file.path, record=None
            ) from error

    return file.view("names", build)


def names_of(file: DataFile, ids: Iterable[int]) -> dict[int, str]:
    """{prospect id: name} of these ids from names.json, checking only the shards' lists they
    are in (from the whole index when it is decoded already)."""
    known = file.cached_view("names")
    if known is not None:
        everyone = cast(dict[int, str], known)
        return {pid: everyone[pid] for pid in ids if pid in everyone}
    by_shard: dict[str, list[int]] = {}
    for pid in ids:
        if pid >= 1:
            by_shard.setdefault(str((pid - 1) // layout.SHARD_SIZE + 1), []).append(pid)
    table = file.load().get("names", {})
    found: dict[int, str] = {}
    for shard, pids in by_shard.items():
        if shard not in table:
            continue
        names = table[shard].get("names")
        if type(names) is not list or not set(map(type, names)) <= {str, type(None)}:
            raise InvalidStoredRecordError(
                f"{file.rel}: names {shard} is not a list of names: {hint_for(file.rel)}",
                path=file.path,
                record=None,
            )
        first = (int(shard) - 1) * layout.SHARD_SIZE + 1
        for pid in pids:
            if pid - first < len(names) and (name := names[pid - first]) is not None:
                found[pid] = name
    return found


def checkin_rows(file: DataFile, contacted_by: str) -> list[CheckInRow]:
    """The ranking rows of a check-in shard of the lost prospects that are not do-not-contact
    and were last contacted on or before ``contacted_by`` (an ISO date) or never, by id:
    only those are decoded (a few list look-ups cost a fraction of a decode)."""

    def keep(doc: Doc) -> bool:
        row = doc.get("rank")
        if type(row) is not list or len(row) != len(CHECKIN_FIELDS):
            return True  # decoded, so that it is refused, naming it
        last = row[0]
        return row[5] is not True and (last is None or (type(last) is str and last <= contacted_by))

    def build(tables: Tables) -> list[CheckInRow]:
        docs = tables.get(LOST_TABLE, {})
        wanted = {key: doc for key, doc in docs.items() if type(doc) is not dict or keep(doc)}
        return sorted(decode_docs(file, LOST_TABLE, wanted, decode_checkin).values())

    return file.view(f"checkins:{contacted_by}", build)


def companies(file: DataFile) -> dict[int, str]:
    """{prospect id: company} from companies.json."""

    def build(tables: Tables) -> dict[int, str]:
        try:
            return flat_names(tables.get("companies", {}), "company")
        except ValueError as error:
            raise InvalidStoredRecordError(
                f"{file.rel}: {error}: {hint_for(file.rel)}", path=file.path, record=None
            ) from error

    return file.view("companies", build)


def summary(file: DataFile) -> list[DaySummary]:
    """Every stored day summary, sorted by (day, source)."""

    def build(tables: Tables) -> list[DaySummary]:
        days = decode_docs(file, "summary", tables.get("summary", {}), decode_summary)
        return [s for _, found in sorted(days.items()) for s in found]

    return file.view("summary:sorted", build)


def summary_within(file: DataFile, low: int, high: int) -> list[DaySummary]:
    """The stored days ``low..high`` (ordinals, their document keys), sorted by (day, source),
    decoding only those (from the whole year's view when it is at hand); a key that is no id
    still refuses."""
    decoded = file.cached_view("summary:sorted")
    if decoded is not None:
        days = cast(list[DaySummary], decoded)
        first = bisect.bisect_left(days, low, key=lambda s: s.day.toordinal())
        last = bisect.bisect_right(days, high, key=lambda s: s.day.toordinal())
        return days[first:last]

    # The days last decoded, when they hold these (the review's closing morning's lead window
    # lies within its opening morning's, and the year's parsed tables may be gone by then).
    held = cast(tuple[int, int, list[DaySummary]] | None, file.cached_view("summary:within"))
    if held is not None and held[0] <= low and high <= held[1]:
        days = held[2]
        first = bisect.bisect_left(days, low, key=lambda s: s.day.toordinal())
        last = bisect.bisect_right(days, high, key=lambda s: s.day.toordinal())
        return days[first:last]

    def build(tables: Tables) -> tuple[int, int, list[DaySummary]]:
        docs = tables.get("summary", {})
        wanted = {k: d for k, d in docs.items() if not k.isdigit() or low <= int(k) <= high}
        days = decode_docs(file, "summary", wanted, decode_summary)
        return low, high, [s for _, found in sorted(days.items()) for s in found]

    return file.view("summary:within", build, rebuild=True)[2]


def summary_sales(file: DataFile) -> list[tuple[date, int]]:
    """(day, sales) of every stored day, sorted: an earlier period's total without a
    DaySummary per day and source (from the decoded summaries when those are at hand)."""
    decoded = file.cached_view("summary:sorted")
    if decoded is not None:
        totals: dict[date, int] = {}
        for s in cast(list[DaySummary], decoded):
            totals[s.day] = totals.get(s.day, 0) + s.outcomes.get("sale", 0)
        return list(totals.items())

    def build(tables: Tables) -> list[tuple[date, int]]:
        days = decode_docs(file, "summary", tables.get("summary", {}), day_sales)
        return [found for _, found in sorted(days.items()) if found is not None]

    return file.view("summary:sales", build)


def sales(file: DataFile) -> dict[int, tuple[date, int | None, int]]:
    """sales.json: {ordinal of a month's first day: (its first day with a touch, its touches
    (None for the latest month), its sales)}."""
    return _view(file, SALES_TABLE, decode_month)


def summary_met(file: DataFile) -> list[tuple[date, tuple[int, ...] | None]]:
    """(day, the prospect ids of its meetings; None: not listed, written before the lists)
    of every stored day with meetings, sorted; the file is decoded (checked) first."""
    summary(file)

    def build(tables: Tables) -> list[tuple[date, tuple[int, ...] | None]]:
        docs = tables.get("summary", {})
        found = [day_met(doc, int(key)) for key, doc in docs.items()]
        return sorted(day for day in found if day is not None)

    return file.view("summary:met", build)


def composure(file: DataFile) -> dict[int, ComposureCheck]:
    return _view(file, "composure", codec.decode_composure)


def composure_between(file: DataFile, low: int, high: int) -> dict[int, ComposureCheck]:
    """The checks of days ``low..high`` (ordinals, their document keys), decoding only those
    (a review's four weeks, not years of mornings); a key that is no id still refuses."""
    known = file.cached_view("composure")
    if known is not None:
        return {i: c for i, c in cast(dict[int, ComposureCheck], known).items() if low <= i <= high}

    def wanted(key: str) -> bool:
        try:
            return low <= codec.doc_id(key) <= high
        except CodecError:
            return True  # decoded, so that it refuses

    def build(tables: Tables) -> dict[int, ComposureCheck]:
        docs = tables.get("composure", {})
        chosen = {key: doc for key, doc in docs.items() if wanted(key)}
        return decode_docs(file, "composure", chosen, codec.decode_composure)

    return file.view(f"composure:{low}:{high}", build)


def plans(file: DataFile) -> dict[int, DayPlan]:
    return _view(file, "plans", codec.decode_plan)


def counters(file: DataFile) -> dict[str, int]:
    """The counters document (next ids, op sequence, generation), defaults when absent."""
    doc = file.load().get("counters", {}).get("1")
    counters = dict(DEFAULT_COUNTERS)
    if doc is None:
        return counters
    for name in counters:
        value: Any = doc.get(name, counters[name])
        if type(value) is not int or value < 0:
            raise CorruptFileError(
                f"{file.rel}: counter {name} is {value!r}: {RESTORE_HINT}", path=file.path
            )
        counters[name] = value
    return counters


DEFAULT_COUNTERS: dict[str, int] = {
    "prospect": 1,
    "touch": 1,
    "target": 1,
    "op": 1,
    "generation": 0,
}


def validate(file: DataFile) -> None:
    """Decode every record of a file against the schema (raising, naming the first bad one).

    A write calls this before it rewrites a file it cannot vouch for, so that a bad record
    is refused rather than carried into the new version. The decoded views are cached, so a
    process that read the file already pays nothing more.
    """
    kind = layout.kind_of(file.rel)
    if kind == "planner":
        settings(file)
        targets(file)
        counters(file)
    elif kind == "prospects":
        prospects(file)
    elif kind == "touches":
        touches(file)
    elif kind == "names":
        names(file)
    elif kind == "companies":
        companies(file)
    elif kind in ("lost", "open"):
        lost(file)
    elif kind == "checkins":
        decode_docs(file, LOST_TABLE, file.load().get(LOST_TABLE, {}), decode_checkin)
    elif kind == "summary":
        summary(file)
    elif kind == "sales":
        sales(file)
    elif kind == "composure":
        composure(file)
    elif kind == "plans":
        plans(file)
    else:
        file.load()
