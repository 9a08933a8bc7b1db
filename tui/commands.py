"""The command palette's planner commands (ctrl+p): the main actions, found by typing."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from tui.app import PlannerApp

Command = tuple[str, str, Callable[[], object]]


class PlannerCommands(Provider):
    def commands(self) -> list[Command]:
        app = cast("PlannerApp", self.app)
        today = app.today_screen

        def on_today(action: str) -> Callable[[], object]:
            def run() -> None:
                app.action_show("today")
                screen = app.today_screen
                if screen is not None:
                    getattr(screen, f"action_{action}")()

            return run

        found: list[Command] = [
            ("Today", "the pace gauge and today's queue", partial(app.action_show, "today")),
            (
                "Prospects",
                "search, filter and edit prospects",
                partial(app.action_show, "prospects"),
            ),
            (
                "Review",
                "burn-up chart, this week by source, composure",
                partial(app.action_show, "review"),
            ),
            ("Keys", "every key of the planner", app.action_help),
            (
                "Log a touch",
                "search any prospect (or type a new name) and log",
                on_today("log_any"),
            ),
            ("Undo", "undo the last change (whichever process made it)", on_today("undo")),
            ("What if", "touches a day and rates: what would it take", on_today("whatif")),
            ("Set target", "target, period, capacity, working days, country", on_today("setup")),
            ("Add prospect", "a new prospect by name", on_today("add_prospect")),
            (
                "Import prospects",
                "a CSV file: planner's own, HubSpot, Salesforce or Pipedrive",
                on_today("import_prospects"),
            ),
            (
                "Export the week",
                "this week's review to a file (md, csv, json, html)",
                on_today("export_week"),
            ),
            (
                "Back up now",
                "a copy of all data (planner restore brings it back)",
                on_today("backup"),
            ),
            (
                "Answer the morning question",
                "rate this morning and say today's intent (again)",
                on_today("ask_composure"),
            ),
            (
                "Load demo data",
                "replace this data dir with demo data (backs up first)",
                on_today("load_demo"),
            ),
        ]
        return found if today is not None else found[:4]

    async def discover(self) -> Hits:
        for name, help_text, callback in self.commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
