"""Who is who: one prospect per email, per phone (country code tolerated), per name and company."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Country calling codes are prefix-free (ITU E.164), so a number's first digits say how long
# its code is: 1 and 7 take one digit, these two digits, every other code three.
_TWO_DIGIT_CODES = frozenset(
    {20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54}
    | {55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98}
)
MIN_PHONE_DIGITS = 7  # shorter numbers are extensions or typos: never used to match
_EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x|#)\s*\d+\s*$", re.IGNORECASE)
_NOT_DIGIT = re.compile(r"[^0-9]")


def email_key(email: str) -> str | None:
    """The address in lower case; None for cells that are not an address ("n/a")."""
    key = email.strip().casefold().removeprefix("mailto:")
    at = key.find("@")
    return key if 0 < at < len(key) - 1 and " " not in key else None


def phone_key(phone: str) -> tuple[str, str | None] | None:
    """(the digits, the digits after the country code), or None if too short to match.

    Everything but digits goes, then leading zeros (an international 00 or a national
    trunk 0), so "+44 20 7946 0958", "0044 20 7946 0958" and "020 7946 0958" meet on
    2079460958. An extension (x12, ext. 12) is not part of the number.
    """
    digits = _NOT_DIGIT.sub("", _EXTENSION.sub("", phone)).lstrip("0")
    if len(digits) < MIN_PHONE_DIGITS:
        return None
    code = 1 if digits[0] in "17" else 2 if int(digits[:2]) in _TWO_DIGIT_CODES else 3
    national = digits[code:].lstrip("0")
    return digits, (national if len(national) >= MIN_PHONE_DIGITS else None)


def name_key(name: str, company: str) -> tuple[str, str]:
    return " ".join(name.casefold().split()), " ".join(company.casefold().split())


@dataclass(frozen=True, slots=True)
class Keys:
    """An identity's keys, worked out once: a row is looked up and then often added."""

    email: str | None
    phone: tuple[str, str | None] | None
    name: tuple[str, str]

    @staticmethod
    def of(name: str, company: str, email: str, phone: str) -> Keys:
        return Keys(email_key(email), phone_key(phone), name_key(name, company))


class Directory:
    """Finds the prospect a row is about; the first prospect to claim a key keeps it.

    Keys are tried strongest first: email, then phone, then name and company. A phone or
    name match is refused when both sides have an email address and the addresses differ:
    colleagues share a switchboard number, and two people can share a name.
    """

    def __init__(self) -> None:
        self._email: dict[str, int] = {}
        self._phone: dict[str, int] = {}
        self._national: dict[str, int] = {}
        self._name: dict[tuple[str, str], int] = {}
        self._email_of: dict[int, str | None] = {}

    def add(self, pid: int, keys: Keys) -> None:
        self._email_of[pid] = keys.email
        if keys.email is not None:
            self._email.setdefault(keys.email, pid)
        if keys.phone is not None:
            digits, national = keys.phone
            self._phone.setdefault(digits, pid)
            if national is not None:
                self._national.setdefault(national, pid)
        self._name.setdefault(keys.name, pid)

    def find(self, keys: Keys) -> int | None:
        email = keys.email
        if email is not None:
            found = self._email.get(email)
            if found is not None:
                return found
        candidates: list[int | None] = []
        if keys.phone is not None:
            digits, national = keys.phone
            candidates += [self._phone.get(digits), self._national.get(digits)]
            if national is not None:
                candidates.append(self._phone.get(national))
        candidates.append(self._name.get(keys.name))
        for pid in candidates:
            if pid is not None and not self._conflict(email, pid):
                return pid
        return None

    def _conflict(self, email: str | None, pid: int) -> bool:
        if email is None:
            return False
        theirs = self._email_of.get(pid)
        return theirs is not None and theirs != email
