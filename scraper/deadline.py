"""When a run must stop (`--max-time`), on the monotonic clock: a wall clock set back
or forward mid-run moves no deadline."""

from __future__ import annotations

import time

__all__ = ["Deadline"]


class Deadline:
    """`seconds` from now (None: never): whether it has passed, and what remains."""

    def __init__(self, seconds: float | None) -> None:
        self.at = None if seconds is None else time.monotonic() + seconds

    @property
    def passed(self) -> bool:
        return self.at is not None and time.monotonic() >= self.at

    def remaining(self) -> float | None:
        return None if self.at is None else max(0.0, self.at - time.monotonic())
