"""Changing the settings and the targets."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from planner.calendar import check_timezone, public_holidays
from planner.models import Metric, Period, Settings, Target
from planner.pacing import EmptyPeriodError, check_period
from planner.service.context import ServiceContext
from planner.service.results import ServiceError
from planner.validation import parse_amount


class Setup:
    """Writes the settings and the targets, each checked before anything is stored."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context
        self._store = context.store

    def configure(self, **changes: Any) -> Settings:
        """Create or change settings; only the given fields change."""
        if "timezone" in changes and changes["timezone"] is not None:
            check_timezone(str(changes["timezone"]))
        if changes.get("country"):
            country = str(changes["country"]).upper()
            subdivision = changes.get("subdivision")
            public_holidays(country, str(subdivision) if subdivision else None, [2026])
            changes["country"] = country
        capacity = changes.get("capacity")
        if capacity is not None and not (isinstance(capacity, int) and 1 <= capacity <= 1000):
            raise ServiceError("capacity must be a whole number of touches from 1 to 1000")
        for key, what in (("min_new_share", "new"), ("min_old_share", "old")):
            share = changes.get(key)
            if share is not None and not (isinstance(share, float) and 0.0 <= share <= 1.0):
                raise ServiceError(f"the minimum {what} share must be between 0 and 1")
        cooloff = changes.get("cooloff_days")
        if cooloff is not None and not (isinstance(cooloff, int) and 0 <= cooloff <= 3650):
            raise ServiceError("cool-off days must be a whole number from 0 to 3650")
        with self._store.transaction("change settings") as tx:
            current = tx.settings() or Settings()
            known = {f.name for f in dataclasses.fields(Settings)}
            unknown = set(changes) - known
            if unknown:
                raise ServiceError(f"unknown setting {sorted(unknown)[0]}")
            updated = dataclasses.replace(
                current, **{k: v for k, v in changes.items() if v is not None}
            )
            if updated.min_new_share + updated.min_old_share > 1.0 + 1e-9:
                raise ServiceError(
                    f"the new share {updated.min_new_share:g} and the old share "
                    f"{updated.min_old_share:g} add up to more than the whole day"
                )
            tx.put_settings(updated)
        self._context.forget_holidays()
        return updated

    def check_period(self, period: Period, workdays: frozenset[int] | None = None) -> int:
        """The working days of ``period`` (with ``workdays`` instead of the configured ones
        when given); a period without any is refused in one line (ServiceError)."""
        calendar = self._context.calendar_for(period)
        if workdays is not None:
            calendar = dataclasses.replace(calendar, workdays=workdays)
        try:
            return check_period(period, calendar)
        except EmptyPeriodError as error:
            raise ServiceError(str(error)) from error

    def set_target(
        self,
        amount: str | Decimal,
        metric: Metric,
        period: Period,
        *,
        carried_in: int | None = None,
        carried_in_amount: str | Decimal | None = None,
    ) -> Target:
        """Set the target of ``period`` (the same period and metric's target is replaced).

        ``carried_in``: the sales of the period made before the seller kept records here
        (``carried_in_amount`` their total), DESIGN section 2; None keeps what was stored.
        """
        value = target_amount(amount, metric)
        sold, sold_amount = carried_sales(carried_in, carried_in_amount)
        self.check_period(period)
        with self._store.transaction(f"set target {value} {metric} for {period.label}") as tx:
            if tx.settings() is None:
                tx.put_settings(Settings())
            for existing in tx.targets():
                if existing.period == period and existing.metric == metric:
                    target = dataclasses.replace(existing, amount=value)
                    break
            else:
                target = Target(metric=metric, amount=value, period=period, id=tx.new_id("target"))
            if sold is not None:
                target = dataclasses.replace(target, carried_in=sold, carried_in_amount=sold_amount)
            tx.put_target(target)
        return target


def carried_sales(
    count: int | None, amount: str | Decimal | None
) -> tuple[int | None, Decimal | None]:
    """Carried-in sales checked: a whole number >= 0, and an amount only with them."""
    if count is None:
        if amount is not None:
            raise ServiceError("--sold-amount goes with --sold-so-far (the sales it adds up)")
        return None, None
    if type(count) is not int or count < 0:
        raise ServiceError("sales so far must be a whole number of sales, 0 or more")
    if amount is None:
        return count, None
    if count == 0:
        raise ServiceError("an amount for 0 sales so far makes no sense: leave it out")
    return count, parse_amount(amount)


def target_amount(amount: str | Decimal, metric: Metric) -> Decimal:
    """A target amount checked before anything is written: > 0, whole for sales."""
    value = parse_amount(amount)
    if metric == "sales" and value != value.to_integral_value():
        raise ServiceError("a sales target is a whole number of sales")
    return value
