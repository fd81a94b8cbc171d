"""robots.txt: fetched once per site (scheme, host, port) per Fetcher, then cached.

What an answer means (RFC 9309, with one choice of ours):

| robots.txt answer                                   | we                                    |
|-----------------------------------------------------|---------------------------------------|
| 2xx (first 500 KiB)                                 | obey it (Disallow, Allow, Crawl-delay)|
| 4xx but 429; redirect to an address/scheme we refuse| allow everything (no rules to read)   |
| 429, 5xx, timeout, unreachable, redirect loop       | fetch nothing from the site this run  |

The last row is our choice for a cron archiver. RFC 9309 says to assume a complete
disallow while the server errs; Google does so for a while, then falls back to the last
good copy. We keep no copy between runs, so we skip the site for this run only: a server
that is failing is not one to crawl, nothing is lost (the next run tries again), and the
skipped URLs are reported as errors (retryable), not as blocked.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from itertools import islice

import httpx
from protego import Protego

from .models import FetchOutcome

__all__ = ["ROBOTS_MAX_BYTES", "RobotsCache", "RobotsRules", "rules_from"]

# Like Google, read only the first 500 KiB of a robots.txt.
ROBOTS_MAX_BYTES = 512_000
MAX_SITEMAPS = 50  # `Sitemap:` lines kept: some sites list one per section, or thousands


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
        # "utf-8-sig": a leading BOM (Windows editors) would hide the first group's line.
        text = outcome.page.body.decode("utf-8-sig", errors="replace")
        parser = Protego.parse(text)
        return RobotsRules(parser, sitemaps=tuple(islice(parser.sitemaps, MAX_SITEMAPS)))
    status = outcome.status
    client_error = status is not None and 400 <= status < 500 and status != 429
    if outcome.outcome in ("gone", "blocked", "skipped") or client_error:
        return ALLOW_ALL
    return RobotsRules(unavailable=f"robots.txt unavailable: {outcome.reason}")


def robots_url(url: httpx.URL) -> str:
    return str(url.copy_with(path="/robots.txt", query=None, fragment=None))


class RobotsCache:
    """Rules per site, each fetched at most once however many tasks ask at the same time."""

    def __init__(self, load: Callable[[str, bool], Awaitable[FetchOutcome]]) -> None:
        """`load(url, trusted)` fetches a robots.txt; `trusted` as for the site's pages."""
        self._load = load
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def rules_for(self, url: httpx.URL, *, trusted: bool) -> RobotsRules:
        key = robots_url(url)
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            if key not in self._rules:
                self._rules[key] = rules_from(await self._load(key, trusted))
            return self._rules[key]
