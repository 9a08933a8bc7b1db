"""planner: a terminal daily planner for salespeople (logic, storage and CLI; no UI code)."""

__version__ = "0.1.0"
