"""How hard we may hit one host: concurrency, spacing, and waiting before a retry.

Each host gets a `HostLimiter`: at most `concurrency` requests in flight and at least
`delay` seconds between request starts. Any reason to wait (a Retry-After, a back-off
after a 5xx, a robots.txt Crawl-delay) is a reason for the whole host, not just for one
URL, so it is recorded on the host's limiter and every request to that host honours it.
A host that fails URL after URL (down, hanging, answering 5xx to everything after a bad
deploy) is left alone for the rest of the run once `GIVE_UP_AFTER` URLs in a row failed,
and so is one that asks (Retry-After) for a longer wait than a run sits out (`hold`):
given a `FetchMemory`, the runs after it too, until the time it asked for.

Waiting uses an injected `sleep`, so tests can record the waits instead of waiting.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

from .clock import parse_iso, to_iso, utc_now
from .errors import HostSkipped
from .fetch_memory import FetchMemory, Hold

__all__ = [
    "GIVE_UP_AFTER",
    "MAX_HOLD",
    "HostLimiter",
    "Politeness",
    "Sleep",
    "backoff_delay",
    "parse_retry_after",
]

GIVE_UP_AFTER = 3  # URLs in a row that failed after their retries
# The longest wait a host's Retry-After keeps later runs away: a year's (a typo, a bad
# config) must not end an archive's coverage unseen; one still busy then says so again.
MAX_HOLD = 24 * 3600.0

Sleep = Callable[[float], Awaitable[None]]


class HostLimiter:
    """Concurrency and spacing of requests to one host."""

    def __init__(
        self, *, concurrency: int, delay: float, sleep: Sleep, clock: Callable[[], float]
    ) -> None:
        self.delay = delay
        self._slots = asyncio.Semaphore(max(1, concurrency))
        self._gate = asyncio.Lock()  # one request at a time waits for its start
        self._sleep = sleep
        self._clock = clock
        self._next_start = 0.0
        self._last_start: float | None = None
        self.failures_in_a_row = 0  # URLs that failed after retries, since the last answer
        self._held: str | None = None  # why the host is left alone for the run, if it is

    def answered(self) -> None:
        """The host answered (any status but an overload's): it is not down."""
        self.failures_in_a_row = 0

    def url_failed(self, status: int | None) -> None:
        """A URL failed after its retries. Down, hanging, overloaded or erring (no status,
        429, 5xx) counts against the host: one 500 may be the page's, several in a row
        are the site's (a bad deploy, an origin down behind its CDN)."""
        failing = status is None or status == 429 or status >= 500
        self.failures_in_a_row = self.failures_in_a_row + 1 if failing else 0

    def hold(self, reason: str) -> None:
        """Leave the host alone for the rest of the run, as it asked, for `reason`."""
        self._held = reason

    def check_given_up(self, host: str, url: str) -> None:
        """Raise `HostSkipped` if this run leaves the host alone: it failed so many URLs
        in a row, or it is held."""
        if self._held:
            raise HostSkipped(f"{self._held}; {host} skipped this run", url=url, asked=True)
        if self.failures_in_a_row >= GIVE_UP_AFTER:
            message = f"{host} failed {self.failures_in_a_row} URLs in a row; skipped this run"
            raise HostSkipped(message, url=url)

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one of the host's slots, starting no sooner than its spacing allows."""
        async with self._slots:
            async with self._gate:
                wait = self._next_start - self._clock()
                if wait > 0:
                    await self._sleep(wait)
                # Measured after the wait, so a fake sleep sees each wait once, not a sum.
                self._last_start = self._clock()
                self._next_start = self._last_start + self.delay
            yield

    def space(self, delay: float) -> None:
        """Space requests at least `delay` apart, from the last one's start on (a
        Crawl-delay read after robots.txt applies to the request after it too)."""
        self.delay = max(self.delay, delay)
        if self._last_start is not None:
            self._next_start = max(self._next_start, self._last_start + self.delay)

    def defer(self, seconds: float) -> None:
        """Start no request to this host for `seconds` from now."""
        self._next_start = max(self._next_start, self._clock() + seconds)


class Politeness:
    """A `HostLimiter` per host, created on first use with the configured defaults."""

    def __init__(
        self,
        *,
        concurrency: int,
        delay: float,
        sleep: Sleep,
        clock: Callable[[], float] = time.monotonic,
        memory: FetchMemory | None = None,
    ) -> None:
        self._concurrency = concurrency
        self._delay = delay
        self._sleep = sleep
        self._clock = clock
        self._hosts: dict[str, HostLimiter] = {}
        self._memory = memory
        for held in memory.host_holds(utc_now()) if memory else ():  # (asked in a run before)
            self[held.host].hold(f"{held.reason}, until {held.until}")

    def __getitem__(self, host: str) -> HostLimiter:
        limiter = self._hosts.get(host)
        if limiter is None:
            limiter = HostLimiter(
                concurrency=self._concurrency,
                delay=self._delay,
                sleep=self._sleep,
                clock=self._clock,
            )
            self._hosts[host] = limiter
        return limiter

    def hold(self, host: str, seconds: float, reason: str) -> None:
        """Leave `host` alone for the rest of the run, as it asked, for `reason`; and the
        runs after it for `seconds` from now (`MAX_HOLD` at most), when there is a memory
        to keep it in."""
        self[host].hold(reason)
        if self._memory is not None:
            at = utc_now()  # (the clock every stored time reads)
            until = to_iso(parse_iso(at) + timedelta(seconds=min(seconds, MAX_HOLD)))
            self._memory.hold_host(Hold(host, until, reason), at)

    def slow_down(self, host: str, delay: float) -> None:
        """Space this host's requests at least `delay` seconds apart (a Crawl-delay)."""
        self[host].space(delay)


def backoff_delay(retry: int, base: float, cap: float) -> float:
    """Exponential back-off with full jitter before retry number `retry` (0-based)."""
    return random.uniform(0.0, min(cap, base * 2.0**retry))


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None."""
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # ("²" is a digit to str.isdigit, not to float)
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # "-0000" parses naive; HTTP-dates are always GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
