"""The store's one-line notices (a derived file rebuilt, a backup's warning) show in the TUI
as a notification after the job that caused them, once."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import TODAY, MakeApp, messages, settle, settle_card


async def test_a_repair_on_the_way_is_shown_once(demo_dir: Path, app_for: MakeApp) -> None:
    summary = demo_dir / "summary" / f"{TODAY.year}.json"
    summary.write_bytes(summary.read_bytes()[:40])
    app = app_for(demo_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        shown = [m for m in messages(app) if f"summary/{TODAY.year}.json" in m]
        assert len(shown) == 1, messages(app)
        assert "rebuilt" in shown[0]


async def test_a_backup_warning_is_shown_once_not_after_every_job(
    demo_dir: Path, app_for: MakeApp
) -> None:
    from planner.store import backups

    app = app_for(demo_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)  # the day's first write took a clean backup: no warning yet
        warning = backups.backups_dir(demo_dir) / backups.WARNING
        warning.write_text("backup X: touches/2026-03.json is damaged; an older good copy\n")
        for _ in range(3):  # three more jobs: each reads the prospect under the cursor
            await pilot.press("j")
            await settle_card(pilot)
        shown = [m for m in messages(app) if "an older good copy" in m]
        assert len(shown) == 1, messages(app)
