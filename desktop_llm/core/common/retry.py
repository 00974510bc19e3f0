"""Exponential backoff, shared by downloads and remote servers: how long to wait before the next try, or give up."""

from __future__ import annotations


class Backoff:
    """``retries`` more tries after the first failure, waiting ``base_s``, then twice as long each time."""

    def __init__(self, retries: int, base_s: float):
        self.retries = retries
        self.base_s = base_s
        self.failures = 0

    def next_wait(self) -> float | None:
        """After a failure: seconds to wait before trying again, or None when the tries are used up."""
        self.failures += 1
        if self.failures > self.retries:
            return None
        return self.base_s * 2 ** (self.failures - 1)

    def reset(self) -> None:
        """The last try made progress: the next failure counts as the first."""
        self.failures = 0
