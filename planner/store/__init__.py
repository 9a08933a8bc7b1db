"""Durable storage for planner: TinyDB files, atomic writes, a lock, undo, backups, doctor."""

from planner.models import DayPlan, DaySummary
from planner.store.errors import (
    CorruptFileError,
    InvalidRecordError,
    InvalidStoredRecordError,
    LockTimeoutError,
    SchemaError,
    StoreError,
    UnsafePathError,
    WriteError,
)
from planner.store.repository import Store

TYPE_CHECKING = False
if TYPE_CHECKING:
    from planner.store.records import DoctorReport
    from planner.store.repair import RepairReport
    from planner.store.transaction import Transaction


def __getattr__(name: str) -> object:
    # The write path and doctor's reports load on first use, so read-only commands never
    # import them (each record class costs `planner status` most of a millisecond to build).
    if name == "Transaction":
        from planner.store.transaction import Transaction

        return Transaction
    if name == "DoctorReport":
        from planner.store.records import DoctorReport

        return DoctorReport
    if name == "RepairReport":
        from planner.store.repair import RepairReport

        return RepairReport
    raise AttributeError(f"module 'planner.store' has no attribute {name!r}")


__all__ = [
    "CorruptFileError",
    "DayPlan",
    "DaySummary",
    "DoctorReport",
    "InvalidRecordError",
    "InvalidStoredRecordError",
    "LockTimeoutError",
    "RepairReport",
    "SchemaError",
    "Store",
    "StoreError",
    "Transaction",
    "UnsafePathError",
    "WriteError",
]
