"""robots.txt: read once per site (scheme, host, port) per Fetcher, and kept between runs.

What an answer means (RFC 9309, with one choice of ours):

| robots.txt answer                                   | we                                    |
|-----------------------------------------------------|---------------------------------------|
| 2xx (first 500 KiB)                                 | obey it (Disallow, Allow, Crawl-delay)|
| 4xx but 429; redirect to an address/scheme we refuse| allow everything (no rules to read)   |
| 429, 5xx, timeout, unreachable, redirect loop       | fetch nothing from the site (below)   |

Given a `FetchMemory` (a run's archive), the answer is kept with its validators: for a
day (RFC 9309 §2.4) it is used without a request, then asked for again conditionally (a
304 keeps it). Unreachable, the site is left alone (a complete disallow, as the RFC asks)
for 12 hours, as Google does; after that the last copy is obeyed if it is at most 30 days
old (§2.3.1.4 lets a crawler use a cached copy while unreachable), else the site stays
alone. Each run asks again while it is unreachable: one request, and the first run after
it answers goes on. A site left alone is skipped for the run: its URLs wait, reported as
errors (retryable), not as blocked.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from itertools import islice

import httpx
from protego import Protego

from . import clock
from .clock import parse_iso, to_iso
from .fetch_memory import FetchMemory, RobotsCopy
from .models import FetchOutcome

__all__ = ["ROBOTS_MAX_BYTES", "RobotsCache", "RobotsRules", "rules_from"]

# Like Google, read only the first 500 KiB of a robots.txt.
ROBOTS_MAX_BYTES = 512_000
MAX_SITEMAPS = 50  # `Sitemap:` lines kept: some sites list one per section, or thousands
FRESH = timedelta(hours=24)  # a copy used without asking (RFC 9309 §2.4)
UNREACHABLE_ALONE = timedelta(hours=12)  # left alone, before a copy is used instead
COPY_LIMIT = timedelta(days=30)  # the oldest copy used while unreachable (§2.3.1.4)


@dataclass(frozen=True)
class RobotsRules:
    """The rules of one site, or why we could not get them (`unavailable`)."""

    parser: Protego | None = None  # None: no rules, everything allowed
    unavailable: str | None = None  # a sentence: why the site is skipped this run
    sitemaps: tuple[str, ...] = ()  # what its `Sitemap:` lines list (the first few)

    def allows(self, url: str, user_agent: str) -> bool:
        if self.unavailable is not None:
            return False
        return self.parser is None or bool(self.parser.can_fetch(url, user_agent))

    def crawl_delay(self, user_agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(user_agent)
        return None if delay is None else float(delay)


ALLOW_ALL = RobotsRules()


def rules_from(outcome: FetchOutcome) -> RobotsRules:
    """Read the outcome of fetching a robots.txt as rules (see the module's table)."""
    if outcome.outcome == "ok" and outcome.page is not None:
        return _parsed(outcome.page.body)
    if _no_rules(outcome):
        return ALLOW_ALL
    return RobotsRules(unavailable=f"robots.txt unavailable: {outcome.reason}")


def _parsed(body: bytes) -> RobotsRules:
    # "utf-8-sig": a leading BOM (Windows editors) would hide the first group's line.
    parser = Protego.parse(body.decode("utf-8-sig", errors="replace"))
    return RobotsRules(parser, sitemaps=tuple(islice(parser.sitemaps, MAX_SITEMAPS)))


def _no_rules(outcome: FetchOutcome) -> bool:
    """A 4xx but 429, or a redirect we refuse: the site has no rules for us."""
    status = outcome.status
    client_error = status is not None and 400 <= status < 500 and status != 429
    return outcome.outcome in ("gone", "blocked", "skipped") or client_error


def robots_url(url: httpx.URL) -> str:
    return str(url.copy_with(path="/robots.txt", query=None, fragment=None))


Load = Callable[[str, bool, RobotsCopy | None], Awaitable[FetchOutcome]]


class RobotsCache:
    """Rules per site, each read at most once however many tasks ask at the same time,
    from the copy `memory` keeps while it is fresh."""

    def __init__(self, load: Load, memory: FetchMemory | None = None) -> None:
        """`load(url, trusted, kept)` fetches a robots.txt (`trusted` as for the site's
        pages), conditionally when `kept` has validators."""
        self._load = load
        self._memory = memory
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def rules_for(self, url: httpx.URL, *, trusted: bool) -> RobotsRules:
        key = robots_url(url)
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            if key not in self._rules:
                self._rules[key] = await self._read(key, trusted)
            return self._rules[key]

    async def _read(self, key: str, trusted: bool) -> RobotsRules:
        if self._memory is None:
            return rules_from(await self._load(key, trusted, None))
        at = clock.now()
        kept = self._memory.robots_copy(key)
        if kept and kept.fetched_at and _within(at, kept.fetched_at, FRESH):
            return _copy_rules(kept)
        outcome = await self._load(key, trusted, kept)
        if outcome.outcome == "deferred":  # (the host asked us to wait: nothing learnt)
            return rules_from(outcome)
        copy = kept_after(key, kept, outcome, to_iso(at))
        self._memory.keep_robots(copy)
        if copy.unreachable_since is None:
            return _copy_rules(copy)
        alone = at - parse_iso(copy.unreachable_since) < UNREACHABLE_ALONE
        if copy.fetched_at and not alone and at - parse_iso(copy.fetched_at) < COPY_LIMIT:
            return _copy_rules(copy)
        return RobotsRules(unavailable=f"robots.txt unavailable: {copy.error}")


def kept_after(key: str, kept: RobotsCopy | None, outcome: FetchOutcome, at: str) -> RobotsCopy:
    """What to keep of the robots.txt at `key` after asking for it at `at`."""
    page = outcome.page
    if outcome.outcome == "ok" and page is not None:
        etag, modified = page.header("etag"), page.header("last-modified")
        return RobotsCopy(key, at, page.status, page.body, etag, modified, fetched_at=at)
    if outcome.outcome == "not_modified" and kept is not None:
        return replace(kept, checked_at=at, fetched_at=at, error=None, unreachable_since=None)
    if _no_rules(outcome):
        return RobotsCopy(key, at, outcome.status, fetched_at=at)
    since = (kept.unreachable_since if kept else None) or at
    since = min(since, at, key=parse_iso)  # (one "in the future": unreachable from now)
    old = kept or RobotsCopy(key, at)
    return replace(old, checked_at=at, error=outcome.reason, unreachable_since=since)


def _within(at: datetime, then: str, span: timedelta) -> bool:
    """Whether `then` is less than `span` before `at`: not if after it (stored while the
    clock was fast, `clock_check`; such a copy would be fresh for as long as it was)."""
    return timedelta(0) <= at - parse_iso(then) < span


def _copy_rules(copy: RobotsCopy) -> RobotsRules:
    return ALLOW_ALL if copy.body is None else _parsed(copy.body)
