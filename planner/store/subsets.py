"""The subset shards: lost/, open/ and checkins/ hold, per prospect shard, what some readers need
of some of its prospects (derived, kept by every commit like the other derived files)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from planner.models import LOST_REASONS, CheckInRow
from planner.store import layout
from planner.store.codec import STAGES, CodecError, parse_amount
from planner.store.codec import _day as codec_day
from planner.store.schema import Doc

# lost/pNNNN.json holds, under each lost prospect's id, a copy of its document from its shard
# prospects/pNNNN.json: a review's check-ins (lost prospects due a call) read these instead of
# every shard, and a write that touches a lost prospect rewrites one small file.
LOST_TABLE = "prospects"


def lost_entry(doc: Doc | None) -> Doc | None:
    """What a lost shard holds for a prospect document: the document when it is lost."""
    return doc if doc is not None and doc.get("status") == "lost" else None


# open/pNNNN.json does the same for the prospects in play at the meeting stage: `planner
# status` and the review find the forecast's open deals there instead of parsing every
# prospect shard. It keeps only what the pipeline reads of them (no company, email, phone or
# value): a third of the document, so a third of the parse, on every status.
OPEN_TABLE = LOST_TABLE
OPEN_FIELDS = ("name", "status", "best_stage", "do_not_contact", "cycle_start")


def open_entry(doc: Doc | None) -> Doc | None:
    """What an open shard holds for a prospect document: its OPEN_FIELDS when it is active at
    the meeting stage (do-not-contact ones too: the reader decides)."""
    if doc is None or doc.get("status") != "active" or doc.get("best_stage") != "meeting":
        return None
    return {field: doc[field] for field in OPEN_FIELDS if field in doc}


# checkins/pNNNN.json holds, under each lost prospect's id, {"rank": [last_contact,
# best_stage, lost_reason, conversations, value, do_not_contact, snoozed_until]} as its
# document stores them. A review ranks every lost prospect for its check-ins and prints five:
# these rows are a fifth of the lost shards' bytes, and only the five chosen are read there.
CHECKIN_FIELDS = (
    "last_contact",
    "best_stage",
    "lost_reason",
    "conversations",
    "value",
    "do_not_contact",
    "snoozed_until",
)
# What a document leaves out when it holds the default (as decode_prospect reads it).
_CHECKIN_DEFAULTS: dict[str, Any] = {
    "best_stage": "none",
    "conversations": 0,
    "do_not_contact": False,
}


def checkin_entry(doc: Doc | None) -> Doc | None:
    """What a check-in shard holds for a prospect document: its ranking row when it is lost."""
    if lost_entry(doc) is None:
        return None
    assert doc is not None
    return {"rank": [doc.get(field, _CHECKIN_DEFAULTS.get(field)) for field in CHECKIN_FIELDS]}


def decode_checkin(doc: Doc, pid: int) -> CheckInRow:
    """A check-in shard's document -> the row, checked as the prospect's fields are."""
    row = doc.get("rank") if type(doc) is dict else None
    if type(row) is not list or len(row) != len(CHECKIN_FIELDS):
        raise CodecError(f"rank {row!r} is not a lost prospect's ranking")
    last, stage, reason, conversations, value, dnc, snoozed = row
    if reason is not None and reason not in LOST_REASONS:
        raise CodecError(f"lost reason {reason!r} is not one of {', '.join(LOST_REASONS)}")
    if stage not in STAGES or type(conversations) is not int or type(dnc) is not bool:
        raise CodecError("stage, conversations or do-not-contact malformed")
    return CheckInRow(
        pid,
        reason,
        None if last is None else codec_day(last, "last_contact"),
        dnc,
        None if value is None else parse_amount(value),
        stage,
        conversations,
        None if snoozed is None else codec_day(snoozed, "snoozed_until"),
    )


# Each subset index: its folder and what it holds of a prospect document (None: nothing).
SUBSETS: tuple[tuple[str, Callable[[Doc | None], Doc | None]], ...] = (
    (layout.LOST_DIR, lost_entry),
    (layout.OPEN_DIR, open_entry),
    (layout.CHECKIN_DIR, checkin_entry),
)


def build_subsets(prospects: Iterable[tuple[str, Doc]]) -> dict[str, dict[str, Doc]]:
    """{lost, open or check-in shard: its table} computed from (key, prospect doc) pairs."""
    found: dict[str, dict[str, Doc]] = {}
    for key, doc in prospects:
        for folder, entry in SUBSETS:
            if (kept := entry(doc)) is not None:
                rel = layout.subset_of(folder, layout.shard_of(int(key)))
                found.setdefault(rel, {})[key] = kept
    return found


def subset_agrees(rel: str, stored: Mapping[str, Doc], built: Mapping[str, Doc]) -> bool:
    """Whether a subset shard holds what build_subsets gives for it. A document kept
    whole by an older planner (open shards held whole documents) agrees when its entry does:
    the reader decodes either, and the next write of that prospect stores the entry."""
    if not rel.startswith(f"{layout.OPEN_DIR}/"):
        return dict(stored) == built
    return {key: open_entry(doc) for key, doc in stored.items()} == built
