"""What fetching remembers of a host from one run to the next, and where it keeps it.

A `Fetcher` given a `FetchMemory` (the archive is one) leaves alone a host that asked us
to wait beyond this run (`Hold`), and reads a site's robots.txt from its last copy
(`RobotsCopy`) while that is fresh, asking again conditionally when it is not. Without
one, each Fetcher starts knowing nothing, as `scraper extract URL` does (`run`, `fetch`
and `add` give it the archive).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

__all__ = ["FetchMemory", "Hold", "RobotsCopy"]


@dataclass(frozen=True, slots=True)
class Hold:
    """A host that asked (a Retry-After) for no request before `until` (ISO 8601, UTC)."""

    host: str
    until: str
    reason: str  # what it said: "asked to wait 3600 s (Retry-After)"


@dataclass(frozen=True, slots=True)
class RobotsCopy:
    """A site's robots.txt as last asked for: its copy (a 2xx's body, or a 4xx: no rules)
    and when it was fetched or confirmed, and whether the last ask found it unreachable."""

    url: str
    checked_at: str  # asked last
    status: int | None = None  # the copy's; None: no copy
    body: bytes | None = None
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: str | None = None  # the copy fetched, or confirmed by a 304
    error: str | None = None  # the last ask found it unreachable (5xx, 429, no answer): why
    unreachable_since: str | None = None  # the first of the asks in a row that did


class FetchMemory(Protocol):
    """Where a Fetcher keeps what outlives a run (`scraper.archive.Archive`)."""

    def host_holds(self, now: str) -> list[Hold]: ...

    def hold_host(self, hold: Hold, at: str) -> None: ...

    def robots_copy(self, url: str) -> RobotsCopy | None: ...

    def keep_robots(self, copy: RobotsCopy) -> None: ...
