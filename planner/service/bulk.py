"""Whole-data-dir writes: the demo data, and a reset to a clean start."""

from __future__ import annotations

import dataclasses

from planner.demo import generate_demo
from planner.service.context import ServiceContext
from planner.service.reads import Reader
from planner.service.results import DemoCounts, ServiceError


class Bulk:
    """Fills or empties the whole data dir, always after a backup when there is data."""

    def __init__(self, context: ServiceContext, reader: Reader) -> None:
        self._context = context
        self._store = context.store
        self._reader = reader

    def reset(self) -> str | None:
        """Back up, then remove every record: a clean start after trying the demo data.

        Returns the backup's name (None when there was nothing to reset)."""
        if not self._store.exists():
            return None
        name = self._store.backup()
        with self._store.transaction("reset", undoable=False) as tx:
            tx.clear()
            tx.restart_ids()  # a clean start: the first prospect is #1 again
        return name

    def load_demo(
        self, *, years: int = 1, calls_per_day: int = 40, seed: int = 7, force: bool = False
    ) -> DemoCounts:
        """Fill the data dir with deterministic demo data; refuses existing data without force."""
        if self._reader.has_data():
            if not force:
                raise ServiceError(
                    f"{self._store.data_dir} already holds data: pass --force to replace it "
                    "(a backup is taken first)"
                )
            self._store.backup()
        timezone = self._context.settings().timezone
        data = generate_demo(
            today=self._context.today,
            years=years,
            calls_per_day=calls_per_day,
            seed=seed,
            timezone=timezone,
        )
        with self._store.transaction("load demo data", undoable=False) as tx:
            if force:
                tx.clear()
                tx.restart_ids()
            tx.put_settings(data.settings)
            for target in data.targets:
                tx.put_target(dataclasses.replace(target, id=tx.new_id("target")))
            new_ids: dict[int, int] = {}
            for prospect in data.prospects:
                new_ids[prospect.id] = tx.new_id("prospect")
                tx.put_prospect(dataclasses.replace(prospect, id=new_ids[prospect.id]))
            for touch in data.touches:
                tx.put_touch(
                    dataclasses.replace(
                        touch, id=tx.new_id("touch"), prospect_id=new_ids[touch.prospect_id]
                    )
                )
            for check in data.composure:
                tx.put_composure(check)
        return DemoCounts(len(data.prospects), len(data.touches), len(data.targets))
