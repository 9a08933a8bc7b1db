"""The one base of every error the planner reports to the seller as a single line."""


class PlannerError(Exception):
    """An error whose message is one line meant for the seller (the CLI prints it, exit 1)."""
