"""Renderers of the week's review (planner.review): Markdown, CSV, JSON and HTML."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import cast

from planner.review import Review

FORMATS = ("md", "csv", "json", "html")
_MODULES = {
    "md": "planner.export.markdown",
    "csv": "planner.export.csv_format",
    "json": "planner.export.json_format",
    "html": "planner.export.html",
}


def render(review: Review, fmt: str) -> bytes:
    """The review in format ``fmt`` (one of FORMATS) as UTF-8 bytes."""
    if fmt not in _MODULES:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    # Only the chosen renderer is imported: a Markdown export never loads the HTML one.
    module = importlib.import_module(_MODULES[fmt])
    return cast(Callable[[Review], bytes], module.render)(review)


__all__ = ["FORMATS", "render"]
