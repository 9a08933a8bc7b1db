"""User text made safe to show: control characters stripped and never read as markup."""

from __future__ import annotations

import re

from rich.text import Text
from textual.content import Content

# C0 and C1 controls (ESC starts terminal escape sequences such as OSC 52 clipboard writes),
# DEL, and the bidirectional overrides and isolates that can make text read backwards.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_WHITESPACE = re.compile(r"[\t\r\n\v\f]+")


def clean(text: str) -> str:
    """One line of ``text`` with line breaks folded to spaces and control characters removed."""
    return _CONTROL.sub("", _WHITESPACE.sub(" ", text))


def plain(text: str, style: str = "") -> Content:
    """``text`` as Content: shown literally, ``[bold]`` and ``[@click=...]`` included."""
    return Content.styled(clean(text), style) if style else Content(clean(text))


def cell(text: str, style: str = "") -> Text:
    """``text`` as a Rich Text for table cells (a str cell would be parsed as markup)."""
    return Text(clean(text), style=style, no_wrap=True, overflow="ellipsis")
