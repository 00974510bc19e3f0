"""Exceptions shared across the core.

A :class:`UserError` carries a message written for the user, shown as it is (the CLI exits 2 with it, the window
shows it in place). Anything else that escapes a job is a bug: it is logged with its traceback.
"""


class UserError(Exception):
    """A failure whose message says, in the user's words, what went wrong and what to do."""


class Cancelled(Exception):
    """The user cancelled a job before it produced a result."""
