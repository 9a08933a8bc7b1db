"""What the review reads (gathered by the service) and every record for the full export."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from planner.calendar import WorkCalendar
from planner.forecast import SellerEvidence
from planner.models import ComposureCheck, DayPlan, DaySummary, Prospect, Settings, Target, Touch
from planner.review.window import Window


class ProspectLabel(NamedTuple):
    """Who a prospect is, as the review's lines name them."""

    name: str
    company: str


@dataclass(frozen=True, slots=True)
class ReviewInput:
    """Everything the review reads, gathered by the service.

    ``summaries`` must cover every day from the earliest of the trailing start and the
    chosen targets' period starts through ``window.end``; ``touches`` are the reviewed days'
    touches; ``labels`` names at least every prospect they touch (see ``touch_lines``);
    ``candidates`` holds at least every old prospect that may be eligible for a check-in;
    ``composure`` covers the trailing start through the window's end.
    """

    window: Window
    today: date
    settings: Settings
    calendar: WorkCalendar
    targets: Sequence[Target]
    summaries: Sequence[DaySummary]
    touches: Sequence[Touch]
    labels: Mapping[int, ProspectLabel]
    candidates: Sequence[Prospect]
    plans: Mapping[date, DayPlan]
    composure: Sequence[ComposureCheck]
    # The forecast's evidence per (target id, morning), as `planner status` reads it then;
    # a morning missing here is forecast from the plan defaults.
    evidence: Mapping[tuple[int, date], SellerEvidence] = field(default_factory=dict)
    # False: the review leaves out its touch lines (``Review.touches`` is empty), and
    # ``labels`` need name only the prospects of ``named_prospects(touches)``: what a format
    # that prints no touch list (markdown) reads, without every touched prospect's company.
    touch_lines: bool = True


@dataclass(frozen=True, slots=True)
class AllRecords:
    """Every record of a data dir, for `planner export --all --format json`."""

    settings: Settings
    targets: tuple[Target, ...]
    prospects: tuple[Prospect, ...]
    touches: tuple[Touch, ...]
    composure: tuple[ComposureCheck, ...]
    plans: tuple[DayPlan, ...]
