"""Exceptions shared across the core."""


class Cancelled(Exception):
    """The user cancelled a job before it produced a result."""
