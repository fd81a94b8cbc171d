"""`scraper add`: registering sources, each by what fetching it shows it is.

What `add` fetches is kept: each source's document is read as its first poll (its
articles queued, its ETag and Last-Modified kept, so the first run's poll is a
conditional GET), and a document is fetched once however many of the URLs given lead to
it. A site's home page also brings the Google News sitemaps its robots.txt lists
(`_Adding._news_sitemaps`), found by reading as few sitemaps as that takes. What it
learns of a host is kept as a run keeps it (`scraper.fetch_memory`): a host that asked a
run to wait is left alone, and the robots.txt `add` reads is the first run's.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from datetime import timedelta
from urllib.parse import urlsplit

import httpx

from .archive import Archive
from .clock import parse_iso, to_iso, utc_now
from .discover import detect_kind, discover
from .discover_sitemap import is_news_sitemap
from .errors import FeedError
from .fetch import FetchConfig, Fetcher
from .models import FetchOutcome, Page, Source, SourceKind
from .poll import keep_fetched
from .urls import host_of, is_home_page, normalize_url

__all__ = ["MAX_ROBOTS_SITEMAPS", "NEWS_WINDOW", "add_sources"]

MAX_ROBOTS_SITEMAPS = 10  # sitemaps read at most to find a site's news sitemaps
# A news sitemap lists the last two days' stories; a quiet week may leave older ones.
NEWS_WINDOW = timedelta(days=7)

Added = tuple[str, Source | None, str]  # (url, source or None, note)


async def add_sources(
    archive: Archive,
    urls: Iterable[str],
    config: FetchConfig | None = None,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> list[Added]:
    """Register sources, detecting each one's kind; an HTML page's advertised feeds too.

    A site's home page also brings the Google News sitemaps its robots.txt lists.
    Returns (url, source or None, note) per URL given, plus one row per feed or news
    sitemap found.
    """
    # (What it learns of a host, its robots.txt or a Retry-After, is the next run's too.)
    async with Fetcher(config or FetchConfig(), transport=transport, memory=archive) as fetcher:
        adding = _Adding(archive, fetcher)
        for raw in urls:
            await adding.add(raw)
    return adding.results


class _Adding:
    """One `add`: what it registered, and what it fetched (by URL)."""

    def __init__(self, archive: Archive, fetcher: Fetcher) -> None:
        self.archive, self.fetcher = archive, fetcher
        self.results: list[Added] = []
        self._fetched: dict[str, FetchOutcome] = {}

    async def add(self, raw: str) -> None:
        url = normalize_url(raw)
        if url is None:
            self.results.append((raw, None, "not an http(s) URL"))
            return
        known = self.archive.source(url)
        outcome = await self.fetch(url, trusted=True)
        split = ""
        if known is not None and known.url != url:  # an address a source moved or joined from
            if not _serves_its_own(url, outcome, known):
                left = self.archive.source_left_at(url) or known.moved_at
                moved = f"moved to {known.url}" + (f" on {left[:10]}" if left else "")
                self.results.append((url, self.archive.add_source(url, known.kind), moved))
                return
            if await self._still_serves(known, url):
                split = f"; a source of its own: source {known.id} reads {known.url} still"
            self.archive.reclaim_source_address(url, utc_now(), split=bool(split))
        if outcome.page is None:
            self.results.append((url, None, outcome.reason or outcome.outcome))
            return
        try:
            page = outcome.page
            kind, found = discover(page.body, page.content_type, page.final_url)
        except FeedError as error:
            self.results.append((url, None, str(error)))
            return
        await self._keep(url, kind, outcome, f"{kind}, {len(found)} links{split}")
        if kind == "page":
            await self._page_brings(url, page, [d.url for d in found if d.kind == "feed"])

    async def fetch(self, url: str, *, trusted: bool) -> FetchOutcome:
        """`url` fetched, once in this `add`."""
        if url not in self._fetched:
            self._fetched[url] = await self.fetcher.fetch(url, accept="feed", trusted=trusted)
        return self._fetched[url]

    async def _still_serves(self, known: Source, url: str) -> bool:
        """Whether `known`, an active source that moved from `url`, which serves a document
        of its kind again, serves one where it is too (the site split the feed in two):
        moved back, it would leave that one unread."""
        if known.removed_at is not None or url not in known.past_urls:
            return False
        return _serves_its_own(known.url, await self.fetch(known.url, trusted=known.trusted), known)

    async def _page_brings(self, url: str, page: Page, feeds: list[str]) -> None:
        """The feeds a page advertises; a home page's news sitemaps too."""
        for feed in feeds:
            # Trusted as the page is only on its host: the page names the others.
            named = host_of(feed) in (host_of(url), host_of(page.final_url))
            source = self.archive.add_source(feed, "feed", trusted=named)
            self.results.append((feed, source, "feed on page"))
        if is_home_page(page.final_url):
            for news, outcome in await self._news_sitemaps(page.final_url):
                await self._keep(news, "sitemap", outcome, "news sitemap in robots.txt")

    async def _keep(self, url: str, kind: SourceKind, outcome: FetchOutcome, note: str) -> None:
        source = self.archive.add_source(url, kind)
        await keep_fetched(self.archive, self.fetcher, source, outcome)
        self.results.append((url, source, note))

    async def _news_sitemaps(self, site: str) -> list[tuple[str, FetchOutcome]]:
        """The Google News sitemaps the robots.txt of the site of `site` lists, directly or
        in a sitemap index it lists, with what fetching each gave. A news sitemap is told by
        its entries (`is_news_sitemap`): plain sitemaps list years of pages, which a user
        adding a site's home page did not ask to archive. Read: the sitemaps whose path says
        "news", then indexes (and of what they list, those whose path says "news"), then the
        others only while no news sitemap is found; ten at most."""
        todo = deque(sorted(await self.fetcher.robots_sitemaps(site), key=_rank))
        since = to_iso(parse_iso(utc_now()) - NEWS_WINDOW)
        found: list[tuple[str, FetchOutcome]] = []
        for _ in range(MAX_ROBOTS_SITEMAPS):
            if not todo or (found and _rank(todo[0]) == 2):
                break
            url = todo.popleft()
            # (The user named the site: its own sitemaps are trusted as its pages are.)
            outcome = await self.fetch(url, trusted=host_of(url) == host_of(site))
            if outcome.page is None:
                continue
            if is_news_sitemap(outcome.page.body, url, since):
                found.append((url, outcome))
                continue
            try:
                _, listed = discover(outcome.page.body, outcome.page.content_type, url)
            except FeedError:
                continue
            news = [d.url for d in listed if d.kind == "sitemap" and _rank(d.url) == 0]
            todo.extendleft(reversed(news))  # (before the others: an index names its news one)
        return found


def _serves_its_own(url: str, outcome: FetchOutcome, known: Source) -> bool:
    """Whether `url`, an address that names `known`, a source elsewhere, serves a
    document of its kind there itself again (no redirect): the site split the feeds
    again, or undid a move."""
    page = outcome.page
    if page is None or (normalize_url(page.final_url) or page.final_url) != url:
        return False
    return detect_kind(page.body, page.content_type, page.final_url) == known.kind


def _rank(url: str) -> int:
    """0: a sitemap whose path says "news" (not its host: www.bignews.example), 1: an
    index, 2: any other (a robots.txt may list a dozen sections' before them)."""
    path = urlsplit(url).path.lower()
    return 0 if "news" in path else 1 if "index" in path else 2
