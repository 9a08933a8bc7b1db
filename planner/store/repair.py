"""What `planner doctor --repair` (Store.repair_derived) did: files rebuilt, changes accepted."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RepairReport:
    """``rebuilt``: derived files rewritten from the sources (names.json, summary/YYYY.json).
    ``accepted``: sources changed (or removed) outside planner whose current state was taken as
    the truth, since they still decode. ``problems``: sources that do not decode (one line each,
    naming file and record; their derived files were left as they were: restore is the answer).
    ``backup``: the backup taken before a damaged derived file was replaced, if any."""

    rebuilt: tuple[str, ...]
    accepted: tuple[str, ...]
    problems: tuple[str, ...]
    backup: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def message(self) -> str:
        """One line for the seller."""
        parts: list[str] = []
        if self.rebuilt:
            parts.append("rebuilt " + ", ".join(self.rebuilt) + " from the touches and prospects")
        if self.accepted:
            parts.append("accepted the changes to " + ", ".join(self.accepted))
        if self.problems:
            parts.append(f"{len(self.problems)} file(s) need `planner restore`: {self.problems[0]}")
        return "; ".join(parts) if parts else "nothing needed repair"
