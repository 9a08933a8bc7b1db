"""Records <-> JSON documents: decimals as strings, ISO dates, checked on the way in and out."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar, cast

from planner.models import (
    LOST_REASONS,
    METRICS,
    OUTCOMES,
    PROSPECT_STATUSES,
    SOURCES,
    BasisItem,
    ComposureCheck,
    DayPlan,
    LostReason,
    Outcome,
    Period,
    Prospect,
    ProspectStatus,
    QueueBasis,
    Settings,
    Source,
    Stage,
    StagePriors,
    Target,
    Touch,
)
from planner.store.errors import InvalidRecordError
from planner.store.schema import Doc

MAX_AMOUNT = Decimal("1000000000")
# The store keeps dates within these years: arithmetic on them (a week, a cycle) never overflows.
MIN_YEAR, MAX_YEAR = 1900, 2999
# A sale's lead time is a span between two stored dates, so it cannot exceed theirs.
MAX_LEAD_DAYS = (date(MAX_YEAR, 12, 31) - date(MIN_YEAR, 1, 1)).days
_CENT = Decimal("0.01")
_AMOUNT = re.compile(r"\d{1,10}(?:\.\d{1,2})?")
STAGES = ("none", "conversation", "meeting")
# Decoding maps every literal onto one shared string object: 125,000 touches, 2 sources.
_CANONICAL: dict[str, str] = {
    word: word for word in (*OUTCOMES, *SOURCES, *PROSPECT_STATUSES, *LOST_REASONS, *STAGES)
}
_OUTCOMES: dict[object, Outcome] = {word: word for word in OUTCOMES}
_SOURCES: dict[object, Source] = {word: word for word in SOURCES}
_STATUSES: dict[object, ProspectStatus] = {word: word for word in PROSPECT_STATUSES}
_LOST_REASONS: dict[object, LostReason] = {word: word for word in LOST_REASONS}
_STAGES: dict[object, Stage] = {
    "none": "none",
    "conversation": "conversation",
    "meeting": "meeting",
}

K = TypeVar("K")


class CodecError(ValueError):
    """A stored document that does not decode into its record; the reason is one phrase."""


# ---------------------------------------------------------------------- amounts


def amount_text(value: object, what: str) -> str:
    """A money or count amount as plain decimal text: finite, > 0, <= 1e9, at most 2 decimals."""
    if not isinstance(value, Decimal):
        raise InvalidRecordError(f"{what} must be a decimal amount, not {type(value).__name__}")
    if not value.is_finite():
        raise InvalidRecordError(f"{what} must be a finite amount, not {value}")
    if value <= 0 or value > MAX_AMOUNT:
        raise InvalidRecordError(f"{what} must be more than 0 and at most 1,000,000,000")
    if value != value.quantize(_CENT):
        raise InvalidRecordError(f"{what} has more than 2 decimals: {value}")
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int):  # only NaN and infinities have a letter here
        raise InvalidRecordError(f"{what} must be a finite amount, not {value}")
    if exponent < -2 or exponent > 0:
        value = value.quantize(_CENT if exponent < 0 else Decimal(1))  # 1.500 -> 1.50, 1E+3 -> 1000
    return format(value, "f")


def parse_amount(text: object) -> Decimal:
    if type(text) is not str or not _AMOUNT.fullmatch(text):
        raise CodecError(f"amount {text!r} is not a number (plain decimal text)")
    value = Decimal(text)
    if value <= 0 or value > MAX_AMOUNT:
        raise CodecError(f"amount {text} is out of range")
    return value


# ---------------------------------------------------------------------- field helpers


def _field(doc: Doc, key: str, kind: type[K]) -> K:
    value = doc.get(key)
    # type() is: True must not pass for an int, nor an int for a bool.
    if type(value) is not kind:
        raise CodecError(f"{key} is {value!r}, expected {kind.__name__}")
    return value


def _optional(doc: Doc, key: str, kind: type[K], default: K) -> K:
    return default if key not in doc else _field(doc, key, kind)


def _choice(value: object, choices: tuple[str, ...], what: str) -> str:
    if type(value) is not str or value not in choices:
        raise CodecError(f"{what} {value!r} is not one of {', '.join(choices)}")
    return _CANONICAL.get(value, value)


def _day(value: object, what: str) -> date:
    if type(value) is not str:
        raise CodecError(f"{what} {value!r} is not an ISO date")
    try:
        day = date.fromisoformat(value)
    except ValueError as error:
        raise CodecError(f"{what} {value!r} is not an ISO date") from error
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise CodecError(f"{what} {value!r} is outside the years {MIN_YEAR}-{MAX_YEAR}")
    return day


def in_range(day: date, what: str) -> None:
    """Refuse (as a record the store will not write) a date outside the years 1900-2999."""
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise InvalidRecordError(
            f"{what} {day.isoformat()} is outside the years {MIN_YEAR}-{MAX_YEAR}; "
            "nothing was written"
        )


def text(value: object, what: str) -> str:
    """Text the store will write: a str that encodes as strict UTF-8 (no lone surrogates)."""
    if type(value) is not str:
        raise InvalidRecordError(f"{what} must be text")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise InvalidRecordError(
                f"{what} holds bytes that are not valid UTF-8 (at character {error.start + 1}); "
                "nothing was written"
            ) from error
    return value


def lead_days_ok(value: object) -> bool:
    return type(value) is int and 0 <= value <= MAX_LEAD_DAYS


def _number(value: object, what: str) -> float:
    if type(value) not in (int, float) or not math.isfinite(cast(float, value)):
        raise CodecError(f"{what} {value!r} is not a finite number")
    return float(cast(float, value))


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise InvalidRecordError(message)


def _check_id(value: object, what: str) -> None:
    _check(
        isinstance(value, int) and type(value) is int and value >= 1,
        f"{what} must be a positive integer id",
    )


def _finite(value: object, what: str) -> float:
    _check(
        type(value) in (int, float) and math.isfinite(cast(float, value)),
        f"{what} must be a finite number",
    )
    return float(cast(float, value))


# ---------------------------------------------------------------------- settings


def encode_settings(settings: Settings) -> Doc:
    _check(all(type(d) is int and 0 <= d <= 6 for d in settings.workdays), "workdays are 0-6")
    _check(type(settings.capacity) is int and settings.capacity >= 0, "capacity is a count")
    _check(type(settings.cooloff_days) is int and settings.cooloff_days >= 0, "cool-off days")
    _check(type(settings.timezone) is str and settings.timezone != "", "timezone is a name")
    text(settings.timezone, "timezone")
    for key, value in (("country", settings.country), ("subdivision", settings.subdivision)):
        if value is not None:
            text(value, key)
    for day in settings.days_off:
        in_range(day, "day off")
    _check(all(s in SOURCES for s in settings.priors), "priors are per source: new, old")
    return {
        "timezone": settings.timezone,
        "workdays": sorted(settings.workdays),
        "country": settings.country,
        "subdivision": settings.subdivision,
        "days_off": sorted(day.isoformat() for day in settings.days_off),
        "capacity": settings.capacity,
        "cooloff_days": settings.cooloff_days,
        "min_new_share": _finite(settings.min_new_share, "min_new_share"),
        "min_old_share": _finite(settings.min_old_share, "min_old_share"),
        "prior_strength": _finite(settings.prior_strength, "prior_strength"),
        "priors": {
            source: {
                "connect": _finite(priors.connect, "connect prior"),
                "meeting": _finite(priors.meeting, "meeting prior"),
                "close": _finite(priors.close, "close prior"),
            }
            for source, priors in sorted(settings.priors.items())
        },
        "default_deal_value": amount_text(settings.default_deal_value, "default deal value"),
    }


def _optional_text(doc: Doc, key: str) -> str | None:
    value = doc.get(key)
    if value is not None and type(value) is not str:
        raise CodecError(f"{key} {value!r} is not text")
    return value


_DEFAULT_OLD_SHARE = Settings().min_old_share  # files written before the setting existed


def decode_settings(doc: Doc) -> Settings:
    workdays = _field(doc, "workdays", list)
    if not all(type(d) is int and 0 <= d <= 6 for d in workdays):
        raise CodecError(f"workdays {workdays!r} are not weekday numbers 0-6")
    priors: dict[Any, StagePriors] = {}
    for source, values in _field(doc, "priors", dict).items():
        if not isinstance(values, dict):
            raise CodecError(f"priors of {source!r} are not an object")
        priors[_choice(source, SOURCES, "priors source")] = StagePriors(
            connect=_number(values.get("connect"), "connect prior"),
            meeting=_number(values.get("meeting"), "meeting prior"),
            close=_number(values.get("close"), "close prior"),
        )
    return Settings(
        timezone=_field(doc, "timezone", str),
        workdays=frozenset(workdays),
        country=_optional_text(doc, "country"),
        subdivision=_optional_text(doc, "subdivision"),
        days_off=frozenset(_day(d, "day off") for d in _field(doc, "days_off", list)),
        capacity=_field(doc, "capacity", int),
        cooloff_days=_field(doc, "cooloff_days", int),
        min_new_share=_number(doc.get("min_new_share"), "min_new_share"),
        min_old_share=_number(doc.get("min_old_share", _DEFAULT_OLD_SHARE), "min_old_share"),
        prior_strength=_number(doc.get("prior_strength"), "prior_strength"),
        priors=priors,
        default_deal_value=parse_amount(doc.get("default_deal_value")),
    )


# ---------------------------------------------------------------------- targets


def encode_target(target: Target) -> Doc:
    _check_id(target.id, "target id")
    _check(target.metric in METRICS, f"target metric {target.metric!r} is unknown")
    in_range(target.period.start, "target period start")
    in_range(target.period.end, "target period end")
    text(target.period.label, "target period label")
    doc: Doc = {
        "metric": target.metric,
        "amount": amount_text(target.amount, f"target {target.id} amount"),
        "period": {
            "start": target.period.start.isoformat(),
            "end": target.period.end.isoformat(),
            "label": target.period.label,
        },
    }
    if target.carried_in is not None:  # optional keys: older files simply lack them
        _check(
            type(target.carried_in) is int and target.carried_in >= 0,
            "carried-in sales must be a whole number >= 0",
        )
        doc["carried_in"] = target.carried_in
    if target.carried_in_amount is not None:
        doc["carried_in_amount"] = amount_text(target.carried_in_amount, "carried-in amount")
    return doc


def decode_target(doc: Doc, doc_id: int) -> Target:
    period = _field(doc, "period", dict)
    try:
        span = Period(
            start=_day(period.get("start"), "period start"),
            end=_day(period.get("end"), "period end"),
            label=_field(period, "label", str),
        )
    except ValueError as error:
        raise CodecError(str(error)) from error
    carried = doc.get("carried_in")
    if not (carried is None or (type(carried) is int and carried >= 0)):
        raise CodecError(f"carried-in sales {carried!r} is not a whole number >= 0")
    carried_amount = doc.get("carried_in_amount")
    return Target(
        metric=cast(Any, _choice(doc.get("metric"), METRICS, "metric")),
        amount=parse_amount(doc.get("amount")),
        period=span,
        id=doc_id,
        carried_in=carried,
        carried_in_amount=None if carried_amount is None else parse_amount(carried_amount),
    )


# ---------------------------------------------------------------------- prospects


def encode_prospect(prospect: Prospect) -> Doc:
    """Only fields that differ from the defaults are written: 20,000 prospects stay compact."""
    p = prospect
    _check_id(p.id, "prospect id")
    _check(type(p.name) is str and p.name != "", f"prospect {p.id} needs a name")
    text(p.name, f"prospect {p.id} name")
    _check(p.status in PROSPECT_STATUSES, f"prospect {p.id} status {p.status!r} is unknown")
    _check(p.lost_reason is None or p.lost_reason in LOST_REASONS, "lost reason is unknown")
    _check(p.best_stage in STAGES, f"prospect {p.id} stage {p.best_stage!r} is unknown")
    _check(type(p.conversations) is int and p.conversations >= 0, "conversations is a count")
    _check(type(p.do_not_contact) is bool, "do_not_contact is a bool")
    doc: Doc = {"name": p.name}
    for key, value in (("company", p.company), ("email", p.email), ("phone", p.phone)):
        text(value, f"prospect {p.id} {key}")
        if value:
            doc[key] = value
    if p.status != "new":
        doc["status"] = p.status
    if p.lost_reason is not None:
        doc["lost_reason"] = p.lost_reason
    for key, day in (
        ("last_contact", p.last_contact),
        ("snoozed_until", p.snoozed_until),
        ("cycle_start", p.cycle_start),
        ("follow_up", p.follow_up),
    ):
        if day is not None:
            _check(isinstance(day, date) and not isinstance(day, datetime), f"{key} is a date")
            in_range(day, f"prospect {p.id} {key}")
            doc[key] = day.isoformat()
    if p.do_not_contact:
        doc["do_not_contact"] = True
    if p.value is not None:
        doc["value"] = amount_text(p.value, f"prospect {p.id} value")
    if p.best_stage != "none":
        doc["best_stage"] = p.best_stage
    if p.conversations:
        doc["conversations"] = p.conversations
    return doc


def decode_prospect(doc: Doc, doc_id: int) -> Prospect:
    # Hot path (20,000 prospects): positional arguments cost half of keywords here.
    get = doc.get
    name, company, email, phone = (
        get("name"),
        get("company", ""),
        get("email", ""),
        get("phone", ""),
    )
    if not (type(name) is str and name and type(company) is str and type(email) is str):
        raise CodecError(f"name {name!r}, company and email must be text")
    if type(phone) is not str:
        raise CodecError(f"phone {phone!r} is not text")
    status = _STATUSES.get(get("status", "new"))
    if status is None:
        _choice(get("status"), PROSPECT_STATUSES, "status")
    lost_reason = get("lost_reason")
    if lost_reason is not None:
        lost_reason = _LOST_REASONS.get(lost_reason) or _choice(lost_reason, (), "lost reason")
    stage = _STAGES.get(get("best_stage", "none"))
    if stage is None:
        _choice(get("best_stage"), STAGES, "stage")
    do_not_contact, conversations = get("do_not_contact", False), get("conversations", 0)
    if type(do_not_contact) is not bool or type(conversations) is not int:
        raise CodecError("do_not_contact is a bool and conversations a count")
    value, last_contact, snoozed_until, cycle_start, follow_up = (
        get("value"),
        get("last_contact"),
        get("snoozed_until"),
        get("cycle_start"),
        get("follow_up"),
    )
    return Prospect(
        doc_id,
        name,
        company,
        email,
        phone,
        status,  # type: ignore[arg-type]  # checked above: _choice raised when it was None
        lost_reason,  # type: ignore[arg-type]
        None if last_contact is None else _day(last_contact, "last_contact"),
        do_not_contact,
        None if value is None else parse_amount(value),
        stage,  # type: ignore[arg-type]
        conversations,
        None if snoozed_until is None else _day(snoozed_until, "snoozed_until"),
        None if cycle_start is None else _day(cycle_start, "cycle_start"),
        None if follow_up is None else _day(follow_up, "follow_up"),
    )


# ---------------------------------------------------------------------- touches


def encode_touch(touch: Touch) -> Doc:
    t = touch
    # Hot path (a demo load puts 125,000): the common case is checked inline.
    if not (type(t.id) is int and t.id >= 1 and type(t.prospect_id) is int and t.prospect_id >= 1):
        raise InvalidRecordError(f"touch {t.id!r} needs positive integer ids")
    if t.outcome not in _OUTCOMES or t.source not in _SOURCES:
        raise InvalidRecordError(f"touch {t.id}: unknown outcome {t.outcome!r} or source")
    if type(t.note) is not str or not t.note.isascii():
        text(t.note, f"touch {t.id} note")
    moment = t.at
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise InvalidRecordError(f"touch {t.id} time must be a datetime with a time zone")
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        in_range(moment.date(), f"touch {t.id} date")
    doc: Doc = {
        "prospect_id": t.prospect_id,
        "at": moment.isoformat(),
        "outcome": t.outcome,
        "source": t.source,
    }
    if t.amount is not None:
        doc["amount"] = amount_text(t.amount, f"touch {t.id} amount")
    if t.note:
        doc["note"] = t.note
    if t.lead_days is not None:
        _check(
            lead_days_ok(t.lead_days),
            f"touch {t.id} lead days {t.lead_days!r} is not a count of 0-{MAX_LEAD_DAYS} days",
        )
        doc["lead_days"] = t.lead_days
    return doc


def parse_moment(value: object) -> datetime:
    if type(value) is not str:
        raise CodecError(f"at {value!r} is not an ISO date-time")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise CodecError(f"at {value!r} is not an ISO date-time") from error
    if moment.tzinfo is None:
        raise CodecError(f"at {value!r} has no time zone offset")
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise CodecError(f"at {value!r} is outside the years {MIN_YEAR}-{MAX_YEAR}")
    return moment


def decode_touch(doc: Doc, doc_id: int) -> Touch:
    # Hot path (125,000 touches): positional arguments, one dict lookup per literal.
    get = doc.get
    prospect_id, note, lead_days, amount = (
        get("prospect_id"),
        get("note", ""),
        get("lead_days"),
        get("amount"),
    )
    if type(prospect_id) is not int or prospect_id < 1 or type(note) is not str:
        raise CodecError(f"prospect_id {prospect_id!r} is not an id or the note is not text")
    if lead_days is not None and not lead_days_ok(lead_days):
        raise CodecError(f"lead_days {lead_days!r} is not a number of days 0-{MAX_LEAD_DAYS}")
    outcome, source = _OUTCOMES.get(get("outcome")), _SOURCES.get(get("source"))
    if outcome is None or source is None:
        _choice(get("outcome"), OUTCOMES, "outcome")
        _choice(get("source"), SOURCES, "source")
    return Touch(
        doc_id,
        prospect_id,
        parse_moment(get("at")),
        outcome,  # type: ignore[arg-type]  # checked above: _choice raised when it was None
        source,  # type: ignore[arg-type]
        None if amount is None else parse_amount(amount),
        note,
        lead_days,
    )


# ---------------------------------------------------------------------- composure and plans


def encode_composure(check: ComposureCheck) -> Doc:
    text(check.prompt_id, "prompt id")
    in_range(check.day, "composure day")
    _check(
        check.rating is None or (type(check.rating) is int and 1 <= check.rating <= 5),
        "a composure rating is 1 to 5",
    )
    text(check.intent, "intent")
    doc: Doc = {"day": check.day.isoformat(), "prompt_id": check.prompt_id}
    if check.rating is not None:
        doc["rating"] = check.rating
    if check.intent:
        doc["intent"] = check.intent
    if check.skipped:
        doc["skipped"] = True
    return doc


def decode_composure(doc: Doc, doc_id: int) -> ComposureCheck:
    day = _day(doc.get("day"), "day")
    if day.toordinal() != doc_id:
        raise CodecError(f"day {day} is filed under another day's id")
    rating = doc.get("rating")
    if rating is not None and (type(rating) is not int or not 1 <= rating <= 5):
        raise CodecError(f"rating {rating!r} is not 1 to 5")
    return ComposureCheck(
        day=day,
        prompt_id=_field(doc, "prompt_id", str),
        rating=rating,
        intent=_optional(doc, "intent", str, ""),
        skipped=_optional(doc, "skipped", bool, False),
    )


def encode_plan(plan: DayPlan) -> Doc:
    in_range(plan.day, "plan day")
    _check(type(plan.planned_old) is int and plan.planned_old >= 0, "planned old is a count")
    _check(type(plan.planned_new) is int and plan.planned_new >= 0, "planned new is a count")
    _check(
        all(i is None or (type(i) is int and i >= 1) for i in plan.prospect_ids),
        "a plan lists prospect ids or empty slots",
    )
    return {
        "day": plan.day.isoformat(),
        "planned_old": plan.planned_old,
        "planned_new": plan.planned_new,
        "prospect_ids": list(plan.prospect_ids),
    } | ({} if plan.basis is None else _encode_basis(plan.basis))


def _encode_basis(basis: QueueBasis) -> Doc:
    figures = (basis.needed_sales, basis.expected_sales, basis.shortfall)
    if not all(math.isfinite(x) for x in (*figures, *(i.score for i in basis.items))):
        return {}  # a cache: left out rather than stored as something JSON cannot hold
    return {
        "basis": {
            "generation": basis.generation,
            "capacity": basis.capacity,
            "needed_sales": basis.needed_sales,
            "expected_sales": basis.expected_sales,
            "planned_old": basis.planned_old,
            "planned_new": basis.planned_new,
            "shortfall": basis.shortfall,
            "follow_ups": basis.follow_ups,
            "follow_ups_waiting": basis.follow_ups_waiting,
            "need_size": basis.need_size,
            "floor_size": basis.floor_size,
            "items": [[i.rank, i.source, i.prospect_id, i.reason, i.score] for i in basis.items],
        }
    }


def _decode_basis(doc: object) -> QueueBasis | None:
    """The plan's queue basis, or None when absent or not understood (it is only a cache)."""
    if not isinstance(doc, dict):
        return None
    try:
        items: list[BasisItem] = []
        for row in _field(doc, "items", list):
            rank, source, pid, reason, score = row
            if type(rank) is not int or source not in ("new", "old") or type(reason) is not str:
                return None
            if not (pid is None or type(pid) is int) or type(score) not in (int, float):
                return None
            items.append(
                BasisItem(rank, "old" if source == "old" else "new", pid, reason, float(score))
            )
        need_size = doc.get("need_size")
        if not (need_size is None or type(need_size) is int):
            return None
        return QueueBasis(
            generation=_field(doc, "generation", int),
            capacity=_field(doc, "capacity", int),
            needed_sales=_number(doc.get("needed_sales"), "needed_sales"),
            expected_sales=_number(doc.get("expected_sales"), "expected_sales"),
            planned_old=_field(doc, "planned_old", int),
            planned_new=_field(doc, "planned_new", int),
            shortfall=_number(doc.get("shortfall"), "shortfall"),
            items=tuple(items),
            follow_ups=_field(doc, "follow_ups", int),
            follow_ups_waiting=_field(doc, "follow_ups_waiting", int),
            need_size=need_size,
            floor_size=_field(doc, "floor_size", int),
        )
    except (CodecError, TypeError, ValueError):
        return None


def decode_plan(doc: Doc, doc_id: int) -> DayPlan:
    day = _day(doc.get("day"), "day")
    if day.toordinal() != doc_id:
        raise CodecError(f"day {day} is filed under another day's id")
    ids = _field(doc, "prospect_ids", list)
    if not all(i is None or type(i) is int for i in ids):
        raise CodecError("prospect_ids holds something other than ids")
    return DayPlan(
        day=day,
        planned_old=_field(doc, "planned_old", int),
        planned_new=_field(doc, "planned_new", int),
        prospect_ids=tuple(ids),
        basis=_decode_basis(doc.get("basis")),
    )


def doc_id(text: str) -> int:
    """A TinyDB document key (always a decimal string on disk) back to our integer id."""
    try:
        value = int(text)
    except ValueError as error:
        raise CodecError(f"document key {text!r} is not an id") from error
    if value < 1 or str(value) != text:
        raise CodecError(f"document key {text!r} is not an id")
    return value
