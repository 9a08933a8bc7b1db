"""User text made safe to show: control characters stripped and never read as markup."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from planner.sanitize import one_line


def clean(text: str) -> str:
    """One line of ``text`` with line breaks folded to spaces and control characters removed."""
    return one_line(text)


def plain(text: str, style: str = "") -> Content:
    """``text`` as Content: shown literally, ``[bold]`` and ``[@click=...]`` included."""
    return Content.styled(clean(text), style) if style else Content(clean(text))


def cell(text: str, style: str = "") -> Text:
    """``text`` as a Rich Text for table cells (a str cell would be parsed as markup)."""
    return Text(clean(text), style=style, no_wrap=True, overflow="ellipsis")
