"""How an import reports progress: a phase with its total, then steps; silent when unasked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

STEP = 1000  # rows between reports: a terminal redraw per row would cost more than the row


class Progress(Protocol):
    def start(self, total: int, label: str) -> None: ...

    def advance(self, count: int) -> None: ...

    def finish(self) -> None: ...


def ticker(progress: Progress | None, rows: int, label: str) -> Callable[[], None]:
    """A function to call once per row: it reports every STEP rows and closes the phase."""
    if progress is None or rows < STEP:
        return _nothing  # a bar that flashes by for a small file is noise
    progress.start(rows, label)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if done % STEP == 0:
            progress.advance(STEP)
        if done == rows:
            progress.advance(done % STEP)
            progress.finish()

    return tick


def _nothing() -> None:
    return None
