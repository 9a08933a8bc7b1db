"""What the palette's data commands do on the today screen: add a prospect, import a CSV,
export the week, back up, answer the morning question again. Each asks in a box, then runs
in the service runner and says what happened in one toast."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual.message import Message
from textual.screen import Screen

from tui.messages import ServiceFailed

if TYPE_CHECKING:
    from planner.composure import Prompt
    from planner.service import PlannerService
    from tui.app import PlannerApp
    from tui.screens.search import SearchChoice


class Done(Message):
    """A palette command finished: one line for the seller."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class PromptReady(Message):
    def __init__(self, prompt: Prompt) -> None:
        super().__init__()
        self.prompt = prompt


class PaletteActions(Screen[None]):
    """A base of the today screen (it owns the runner's replies)."""

    snapshot: Any

    @property
    def _planner(self) -> PlannerApp:
        return cast("PlannerApp", self.app)

    def _run(self, job: Any) -> None:
        self._planner.runner.submit(job, self)

    def action_add_prospect(self) -> None:
        from tui.screens.search import SearchModal

        def chosen(choice: SearchChoice | None) -> None:
            if choice is None:
                return
            if choice.prospect_id is not None:
                self.notify(f"{choice.name} exists already (#{choice.prospect_id}).", markup=False)
                return
            name = choice.name

            def job(service: PlannerService) -> Message:
                prospect = self._planner.runner.write(service, lambda: service.add_prospect(name))
                return Done(f"Added {prospect.name} (#{prospect.id}) · u to undo")

            self._run(job)

        self.app.push_screen(SearchModal("Add a prospect: type the name, then ctrl+n"), chosen)

    def action_import_prospects(self) -> None:
        from tui.screens.ask import AskModal

        def given(path: str | None) -> None:
            if path is None:
                return

            def job(service: PlannerService) -> Message:
                result = self._planner.runner.write(
                    service, lambda: service.import_prospects(Path(path).expanduser())
                )
                skipped = f", {len(result.skipped)} rows skipped" if result.skipped else ""
                return Done(
                    f"Imported {result.label}: {len(result.new)} new, "
                    f"{len(result.updated)} updated{skipped}"
                )

            self._run(job)

        self.app.push_screen(
            AskModal("Import prospects", "CSV file (planner, HubSpot, Salesforce, Pipedrive):"),
            given,
        )

    def action_export_week(self) -> None:
        from planner.calendar import iso_week_label  # pendulum: not before the first frame
        from tui.screens.ask import AskModal

        week = iso_week_label(self.snapshot.today) if self.snapshot else "this-week"
        runner = self._planner.runner

        def given(path: str | None) -> None:
            if path is None:
                return
            target = Path(path).expanduser().resolve()

            def job(service: PlannerService) -> Message:
                # The export renderers belong to the CLI's side of the house: run it.
                done = _cli(
                    service,
                    "export",
                    "--week",
                    week,
                    "--format",
                    _format_of(target),
                    "--output",
                    str(target),
                )
                if done.returncode != 0:
                    return ServiceFailed(_last_line(done.stderr, "export failed"))
                return Done(f"Exported {week} to {target}")

            runner.submit(job, self)

        self.app.push_screen(
            AskModal(
                "Export the week",
                f"Write the review of {week} to (.md .csv .json .html):",
                value=f"planner-{week}.md",
            ),
            given,
        )

    def action_backup(self) -> None:
        def job(service: PlannerService) -> Message:
            done = _cli(service, "backup")
            if done.returncode != 0:
                return ServiceFailed(_last_line(done.stderr, "backup failed"))
            return Done(_last_line(done.stdout, "Backup taken"))

        self._run(job)

    def action_ask_composure(self) -> None:
        def job(service: PlannerService) -> Message:
            return PromptReady(service.composure_prompt())

        self._run(job)

    def on_done(self, message: Done) -> None:
        self.notify(message.text, markup=False)


def _cli(service: PlannerService, *command: str) -> subprocess.CompletedProcess[str]:
    """Run a `planner` command on this data dir and day (in a worker: it takes a second)."""
    args = ["--data-dir", str(service.data_dir), "--today", str(service.today)]
    return subprocess.run(
        [sys.executable, "-m", "planner", *args, *command],
        capture_output=True,
        text=True,
        check=False,
    )


def _last_line(text: str, default: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else default


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in ("md", "csv", "json", "html") else "md"
