"""Checks on what a seller types: amounts, dates and times, names and notes."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from planner.calendar import CalendarError, check_day
from planner.errors import PlannerError
from planner.sanitize import strip_controls

MAX_AMOUNT = Decimal("1000000000")
MAX_NAME_LENGTH = 200
MAX_NOTE_LENGTH = 2000

_AMOUNT = re.compile(r"^[0-9]+(\.[0-9]{1,2})?$")
_THOUSANDS = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]{1,2})?$")
# A note may keep its tabs and line breaks (CR LF is read as LF); no other control passes.
_TEXT_KEEPS = "\t\n"


class ValidationError(PlannerError, ValueError):
    """Input that cannot be accepted; the message is one line meant for the seller."""


def parse_amount(text: str | Decimal | int) -> Decimal:
    """A money amount: plain decimal, > 0, <= 1,000,000,000, at most 2 decimals.

    ``1,000`` is read as 1000 (never as 1); exponents, NaN, infinities and signs are refused.
    """
    raw = str(text).strip()
    if _THOUSANDS.match(raw):
        raw = raw.replace(",", "")
    if not _AMOUNT.match(raw):
        raise ValidationError(
            f"amount {str(text)[:40]!r} is not a plain positive number with at most 2 decimals"
        )
    try:
        amount = Decimal(raw)
    except InvalidOperation as error:  # pragma: no cover - the regex already guards this
        raise ValidationError(f"amount {raw!r} is not a number") from error
    if amount <= 0:
        raise ValidationError("amount must be greater than 0")
    if amount > MAX_AMOUNT:
        raise ValidationError("amount must be at most 1,000,000,000")
    return amount


def clean_text(text: str, *, limit: int, what: str = "text", one_line: bool = True) -> str:
    """Strip control characters (escape sequences included) and refuse text over ``limit``."""
    _check_decoded(text, what)
    value = unicodedata.normalize("NFC", text)
    if one_line:
        value = " ".join(value.splitlines())
    value = strip_controls(value, keep=_TEXT_KEEPS).strip()
    if len(value) > limit:
        raise ValidationError(f"{what} is {len(value):,} characters; the limit is {limit:,}")
    return value


def _check_decoded(text: str, what: str) -> None:
    """Refuse text holding bytes that were not UTF-8 where it came from: Python hands such
    bytes of a command line over as lone surrogates (surrogateescape), which are no text."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValidationError(
            f"{what} holds bytes that are not UTF-8 text (at character {error.start + 1})"
        ) from error


def clean_name(text: str) -> str:
    """A prospect name: one non-empty line of printable text."""
    name = clean_text(text, limit=MAX_NAME_LENGTH, what="name")
    if not name:
        raise ValidationError("a prospect needs a name")
    if name.startswith("#"):
        raise ValidationError(f"a name cannot start with # ({name[:20]!r}): #12 means prospect 12")
    return name


def parse_at(text: str, *, timezone: str, today: date, now: datetime | None) -> datetime:
    """``--at``: a date (meaning noon) or a date-time in the home time zone.

    Anything after the end of ``today`` is the future and refused. ``now`` is the real
    instant when today was not fixed with ``--today``; with a fixed today the clock time
    plays no part, so any time on today is accepted.
    """
    import pendulum  # here: the TUI imports this module before its first frame

    raw = text.strip()
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            moment = pendulum.datetime(day.year, day.month, day.day, 12, tz=timezone)
        else:
            parsed: object = pendulum.parse(raw, tz=timezone, strict=False)
            if not isinstance(parsed, datetime):
                raise ValueError(raw)  # a bare time or a duration is not a moment
            moment = pendulum.instance(parsed).in_timezone(timezone)
    except (ValueError, TypeError, OverflowError, pendulum.parsing.exceptions.ParserError) as error:
        raise ValidationError(
            f"cannot read time {raw[:40]!r}: use YYYY-MM-DD or YYYY-MM-DDTHH:MM"
        ) from error
    local_day = moment.date()
    try:
        check_day(local_day, "time")
    except CalendarError as error:
        raise ValidationError(str(error)) from error
    if local_day > today:
        raise ValidationError(f"{raw} is in the future (today is {today.isoformat()})")
    if now is not None and local_day == today and moment > now:
        raise ValidationError(f"{raw} is later than now")
    return moment


def default_at(*, timezone: str, today: date, now: datetime) -> datetime:
    """When a touch is logged without ``--at``: now, or noon of a fixed ``--today``."""
    import pendulum

    # Whole seconds: a log line reads 10:42:07, not 10:42:07.050558.
    local_now = pendulum.instance(now).in_timezone(timezone).replace(microsecond=0)
    if local_now.date() == today:
        return local_now
    return pendulum.datetime(today.year, today.month, today.day, 12, tz=timezone)


FOLLOW_UP_HELP = "YYYY-MM-DD, today, tomorrow, mon..sun, +3d, +2w or none"
_RELATIVE = re.compile(r"^\+([0-9]{1,5})([dw])$")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FIRST_YEAR, LAST_YEAR = 1900, 2999  # the years the store keeps


def parse_follow_up(text: str, *, today: date) -> date | None:
    """``--follow-up``: a date to call back, read against ``today`` (the home zone's date).

    ``YYYY-MM-DD``, ``today``, ``tomorrow``, a weekday (``mon`` or ``monday``: the next
    one, a week on when today is that day), ``+Nd`` or ``+Nw``; ``none`` clears it
    (None). Working days are not skipped: the queue shows a weekend date on the next
    working day. pendulum does the arithmetic; years 1900-2999 only. A past date is
    accepted (it is simply due).
    """
    import pendulum

    raw = text.strip().lower()
    start = pendulum.Date(today.year, today.month, today.day)
    day: date
    relative = _RELATIVE.match(raw)
    try:
        if raw == "none":
            return None
        if raw == "today":
            day = start
        elif raw == "tomorrow":
            day = start.add(days=1)
        elif relative:
            count, unit = int(relative.group(1)), relative.group(2)
            day = start.add(weeks=count) if unit == "w" else start.add(days=count)
        elif _weekday_word(raw):
            wanted = _WEEKDAYS.index(raw[:3])
            ahead = (wanted - start.weekday() - 1) % 7 + 1
            day = start.add(days=ahead)
        else:
            day = date.fromisoformat(raw)
    except (ValueError, OverflowError) as error:
        raise ValidationError(
            f"cannot read follow-up date {text.strip()[:40]!r}: use {FOLLOW_UP_HELP}"
        ) from error
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError(
            f"follow-up date {day.isoformat()} is outside the years {FIRST_YEAR}-{LAST_YEAR}"
        )
    return date(day.year, day.month, day.day)


def _weekday_word(raw: str) -> bool:
    full = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    return any(raw == name[: len(raw)] for name in full) and len(raw) >= 3
