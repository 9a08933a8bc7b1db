"""The week's review: one model built from plain data, rendered by every export format."""

# Choices where issue 5 is silent (the export formats only render what is decided here):
#
# - The reviewed days run from the first day asked for to the last, cut at today: a week in
#   progress is reviewed up to today, and days after today are not listed.
# - The week's target is the one covering most days of the reviewed days (ties: the most
#   recently set one, as `planner status` picks), so a week that straddles two periods is
#   reviewed against the period holding most of it.
# - Progress "at the start" is the morning of the first day (sales before it); "at the end"
#   is the close of the last day (the next morning, all its sales counted), except for a
#   week still in progress, which ends at today's numbers exactly as `planner status` shows.
# - Rates are raw shares: connect = conversations per touch, close = sales per conversation
#   (the diagnosis's own definitions). The trailing average pools the 28 days before the
#   first reviewed day, so it is weighted by touches, not an average of four weekly rates.
# - Next week is the ISO week after the one holding the last day asked for. Its required
#   rate is the target's need per remaining working day at the close of the review, or that
#   of the next period's target when the period ends before next week. Check-ins are the
#   prospect list as it stands now, eligible (planner.queue) on next Monday or today,
#   whichever is later, ranked by old_prospect_score.
# - What it would take (issue 14) is judged at the same closing morning as the pace: the
#   touches a day that give an even chance to hit (up to the capacity) at the seller's own
#   smoothed rates, and the close rate (sales per conversation) that would do it at the
#   touches a day the seller makes now. No section once the period is over.

from __future__ import annotations

from planner.review.activity import Activity, ComposureState, ComposureSummary, Counts, DayLine
from planner.review.build import Review, build_review
from planner.review.inputs import AllRecords, ProspectLabel, ReviewInput
from planner.review.lines import RevivedLine, SaleLine, TouchLine, named_prospects
from planner.review.next_week import CheckIn, NextWeek
from planner.review.pace import BurnupPoint, Change, PaceSnapshot, TargetReview
from planner.review.what_it_takes import WhatItWouldTake
from planner.review.window import ReviewError, Window, choose_target, window

__all__ = [
    "Activity",
    "AllRecords",
    "BurnupPoint",
    "Change",
    "CheckIn",
    "ComposureState",
    "ComposureSummary",
    "Counts",
    "DayLine",
    "NextWeek",
    "PaceSnapshot",
    "ProspectLabel",
    "Review",
    "ReviewError",
    "ReviewInput",
    "RevivedLine",
    "SaleLine",
    "TargetReview",
    "TouchLine",
    "WhatItWouldTake",
    "Window",
    "build_review",
    "choose_target",
    "named_prospects",
    "window",
]
