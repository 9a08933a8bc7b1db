"""Durable storage for planner: TinyDB files, atomic writes, a lock, undo, backups, doctor."""

from planner.store.errors import (
    CorruptFileError,
    InvalidRecordError,
    LockTimeoutError,
    SchemaError,
    StoreError,
    UnsafePathError,
    WriteError,
)
from planner.store.records import DayPlan, DaySummary, DoctorReport
from planner.store.repository import Store
from planner.store.transaction import Transaction

__all__ = [
    "CorruptFileError",
    "DayPlan",
    "DaySummary",
    "DoctorReport",
    "InvalidRecordError",
    "LockTimeoutError",
    "SchemaError",
    "Store",
    "StoreError",
    "Transaction",
    "UnsafePathError",
    "WriteError",
]
