"""User text made safe to store or show: one definition of the characters that never pass.

Input checks (planner.validation), the morning intent (planner.composure), the exports and the
TUI all strip the same set; they differ only in which harmless layout characters they keep.
"""

from __future__ import annotations

import functools
import re

# C0 controls (ESC starts terminal escape sequences such as OSC 52 clipboard writes), DEL,
# C1 controls, the bidirectional embeddings, overrides and isolates (invisible, and able to
# make text read backwards), and lone surrogates (not text: UTF-8 cannot encode them).
CONTROL_RANGES: tuple[tuple[str, str], ...] = (
    ("\x00", "\x1f"),
    ("\x7f", "\x9f"),
    ("\u202a", "\u202e"),
    ("\u2066", "\u2069"),
    ("\ud800", "\udfff"),
)

# Line breaks in every spelling (CR LF, CR, LF, VT, FF, NEL, line and paragraph separators)
# and tabs: one run of them becomes one space on a single line.
_BREAKS = re.compile(r"(?:\r\n|[\t\n\r\x0b\x0c\x85\u2028\u2029])+")


@functools.cache
def _controls(keep: str) -> re.Pattern[str]:
    parts: list[str] = []
    for first, last in CONTROL_RANGES:
        start = ord(first)
        for code in range(ord(first), ord(last) + 2):
            if code > ord(last) or chr(code) in keep:
                if start < code:
                    parts.append(f"{re.escape(chr(start))}-{re.escape(chr(code - 1))}")
                start = code + 1
    return re.compile("[" + "".join(parts) + "]")


def is_control(char: str) -> bool:
    """Whether ``char`` (one character) is one that planner never stores or shows."""
    return any(first <= char <= last for first, last in CONTROL_RANGES)


def strip_controls(text: str, keep: str = "") -> str:
    """``text`` without control characters, except those listed in ``keep`` (for example
    ``"\\t\\n"`` for a note that may keep its tabs and line breaks)."""
    return _controls(keep).sub("", text)


def one_line(text: str) -> str:
    """``text`` on one line for display: each run of line breaks or tabs becomes one space,
    and every other control character is removed. Spaces at the ends are left as they are."""
    return strip_controls(_BREAKS.sub(" ", text))
