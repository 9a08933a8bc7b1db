"""Save docs/screenshot.svg: the today screen on demo data with a fixed today, as the README shows.

python docs/screenshot.py [--size 100x30]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from datetime import date
from pathlib import Path

from planner.service import PlannerService
from tui.app import make_app
from tui.jobs import DEMO_CALLS_PER_DAY, DEMO_SEED, DEMO_YEARS

TODAY = date(2026, 11, 27)
OUT = Path(__file__).resolve().parent / "screenshot.svg"


async def shoot(data_dir: Path, config: Path, size: tuple[int, int], keys: list[str]) -> None:
    app = make_app(data_dir, today=TODAY, config_path=config)
    async with app.run_test(size=size) as pilot:
        for key in ["", *keys]:
            if key:
                await pilot.press(key)
            for _ in range(10):  # until the workers' replies have been drawn
                await pilot.pause()
                await app.workers.wait_for_complete()
        app.clear_notifications()
        await pilot.pause()
        app.save_screenshot(filename=OUT.name, path=str(OUT.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="100x30", help="terminal size, COLUMNSxROWS")
    args = parser.parse_args()
    columns, rows = (int(n) for n in args.size.split("x"))
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        service = PlannerService(data, today=TODAY)
        service.load_demo(years=DEMO_YEARS, calls_per_day=DEMO_CALLS_PER_DAY, seed=DEMO_SEED)
        # The demo leaves today's morning question open (the first look asks it): answered
        # here, so the picture is the today screen itself.
        service.save_composure(service.composure_prompt().id, 4, "call the old ones first")
        # A few calls already made this morning, so the queue shows done lines too.
        asyncio.run(
            shoot(data, Path(folder) / "config.toml", (columns, rows), ["n", "c", "enter", "n"])
        )
    print(f"saved {OUT}")


if __name__ == "__main__":
    main()
