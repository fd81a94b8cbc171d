"""Polling sources: a feed, a sitemap or a page → article URLs in the archive's queue.

A source is fetched conditionally (its ETag and Last-Modified from the last poll). A
sitemap index is followed to the sitemaps it lists, each once per poll: those never read
first (undated ones first, then newest first), then the ones read before, least recently
read first; at most `MAX_CHILD_SITEMAPS` fetched. The archive keeps what an
index lists: a child read since the index last dated it is not fetched again, an undated
one is fetched conditionally. So an index of twenty years of monthly sitemaps costs a
request or two a poll once read, the older ones are read over the following polls, and
an index that answers 304 still has its undated children (a "latest news" sitemap it
never dates) and the ones not read yet looked at. A listed sitemap that is a source of its
own is polled as one, not again as the index's child: one request a run.

Each sitemap's articles are queued before the sitemap is recorded as read: a run killed in
between reads it again, and loses nothing.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from .archive import Archive, ChildSitemap
from .discover import detect_kind, discover, read_document
from .errors import FeedError
from .fetch import Fetcher
from .models import Discovered, FetchOutcome, Page, Source
from .schedule import utc_now
from .urls import is_listing, normalize_url

__all__ = ["MAX_CHILD_SITEMAPS", "Poll", "keep_fetched", "poll_source"]

log = logging.getLogger(__name__)

MAX_CHILD_SITEMAPS = 200  # fetched per source and poll: a bound on runaway sitemap indexes
# The sitemaps of an index that list a site's tag, category, author or static pages, by
# the names WordPress (core and Yoast) and others give them: never read.
_TAXONOMY_SITEMAP = re.compile(
    r"/(?:wp-sitemap-(?:taxonomies|users|posts-page)\b"
    r"|(?:category|post_tag|tag|author|page|(?:\w+_)?taxonomy)-sitemap\d*\.xml"
    r"|sitemap[-_](?:categories|category|tags?|authors?|taxonomies|sections|topics)\b)[^/]*$"
)


@dataclass(frozen=True, slots=True)
class Poll:
    """One poll of a source: whether it failed, and the article URLs it queued."""

    failed: bool
    discovered: int


async def poll_source(
    archive: Archive, fetcher: Fetcher, source: Source, stopped: Callable[[], bool]
) -> Poll:
    """Fetch `source`, queue the articles it lists and record the poll; `stopped` says
    when the run's time is up (no more sitemaps are fetched then)."""
    outcome = await fetcher.fetch(
        source.url,
        etag=source.etag,
        last_modified=source.last_modified,
        accept="feed",
        trusted=source.trusted,
    )
    if outcome.outcome == "gone" and source.past_urls:
        outcome = await _back(fetcher, source, outcome)
    return await _record(archive, _Reader(archive, fetcher, source, stopped), outcome)


async def _back(fetcher: Fetcher, source: Source, gone: FetchOutcome) -> FetchOutcome:
    """A moved source's address gone (404, 410): the address it left last, if that serves
    a document of its kind again (the site undid the move), read instead; such polls
    count as redirects to it do, so the source moves back after as many, over as long
    (one 404 may be a deploy's). Else the poll is the failure it was."""
    old = source.past_urls[-1]
    outcome = await fetcher.fetch(old, accept="feed", trusted=source.trusted)
    page = outcome.page
    if outcome.outcome != "ok" or page is None or _elsewhere(source, page.final_url) != old:
        return gone
    if detect_kind(page.body, page.content_type, page.final_url) != source.kind:
        return gone  # (a home page where the feed was: no feed of its)
    log.info("source %s gone; read at %s, which serves it again", source.url, old)
    return replace(outcome, moved_to=old, reason=f"{gone.reason or gone.outcome}; read at {old}")


async def keep_fetched(
    archive: Archive, fetcher: Fetcher, source: Source, outcome: FetchOutcome
) -> Poll:
    """Keep what `add` fetched as the source's first poll: its articles queued, its
    validators kept (so the first run asks conditionally), an index's sitemaps listed
    but none fetched (the first run reads them)."""
    return await _record(archive, _Reader(archive, fetcher, source, lambda: True), outcome)


async def _record(archive: Archive, reader: _Reader, outcome: FetchOutcome) -> Poll:
    """Read a source's fetched document into the queue, and note the poll."""
    source = reader.source
    etag, modified = source.etag, source.last_modified
    failed = False
    if outcome.outcome == "ok" and outcome.page is not None:
        try:
            links = await reader.read(outcome.page)
        except FeedError as error:
            # The validators stay those of the last document read: a 304 to this one's
            # would hide that it is broken, or keep a good version from being read.
            note, failed = f"unreadable {source.kind}: {error}", True
        else:
            note = f"{links} links{_was(source, reader.listed)}, {reader.new} new"
            if outcome.url in source.past_urls:  # (its address gone, read where it was)
                note = f"{outcome.reason}: {note}"
            note += _updated(reader)
            if reader.damage:  # (its first items only, maybe: a feed cut off; and as above)
                note += f"; read leniently, not well-formed: {reader.damage}"
            else:
                etag, modified = outcome.page.header("etag"), outcome.page.header("last-modified")
    elif outcome.outcome == "not_modified":
        note = outcome.reason or outcome.outcome
        if source.kind == "sitemap":
            links = await reader.recheck()
            if links:
                note = f"not modified; listed sitemaps: {links} links, {reader.new} new"
                note += _updated(reader)
    else:  # (a host that asked us to wait was polite, not down)
        note, failed = outcome.reason or outcome.outcome, not outcome.asked_to_wait
    lasting = _elsewhere(source, outcome.moved_to)  # (where 301s and 308s led, if they did)
    archive.record_poll(
        reader.source_id, outcome=note, etag=etag, last_modified=modified, at=utc_now(),
        failed=failed, listed=reader.listed, for_good=lasting is not None,
        moved_to=lasting or _elsewhere(source, outcome.page.final_url if outcome.page else None),
    )  # fmt: skip
    return Poll(failed, reader.new)


def _updated(reader: _Reader) -> str:
    return f", {reader.updated} updated" if reader.updated else ""


def _was(source: Source, listed: int | None) -> str:
    """What an emptied document listed before: a feed that lists nothing is broken more
    often than it is quiet."""
    return f" (was {source.listed})" if listed == 0 and source.listed else ""


def _elsewhere(source: Source, url: str | None) -> str | None:
    """`url` (normalised), where the source's URL redirected, if it is another address."""
    moved = normalize_url(url) or url if url else None
    return moved if moved != source.url else None


class _Reader:
    """Reads one source's documents into the queue, counting the new URLs."""

    def __init__(
        self, archive: Archive, fetcher: Fetcher, source: Source, stopped: Callable[[], bool]
    ) -> None:
        assert source.id is not None
        self.archive, self.fetcher, self.stopped = archive, fetcher, stopped
        self.source, self.source_id = source, source.id
        self.seen = {normalize_url(source.url) or source.url}
        self.new = 0
        self.updated = 0  # archived articles it says were updated (made due)
        self.listed: int | None = None  # entries the source's own document lists, once read
        self.damage: str | None = None  # why its feed, read leniently, is not well-formed

    async def read(self, page: Page) -> int:
        """Queue what the source's own document lists; returns how many articles."""
        document = read_document(page.body, page.content_type, page.final_url)
        kind, found, self.damage = document.kind, document.found, document.damage
        if kind != self.source.kind and "page" in (kind, self.source.kind):
            # A feed that turned into an HTML page (or the reverse) is a broken source:
            # its links would be a home page's, not the feed's items.
            what = "an HTML page" if kind == "page" else f"a {kind}"
            raise FeedError(
                f"not a {self.source.kind}: the document is {what} (remove the source and"
                " add it again if it moved for good)",
                url=self.source.url,
            )
        self.seen.add(normalize_url(page.final_url) or page.final_url)
        self.listed = len(found)
        links = self._queue(found, sitemap=kind == "sitemap")
        if kind == "sitemap":
            links += await self._children(self._listed(self.source.url, found))
        return links

    async def recheck(self) -> int:
        """After the index answered 304: the sitemaps it lists that may have changed
        (undated ones) or were not read yet (a failure, the per-poll bound)."""
        known = self.archive.child_sitemaps(self.source_id).values()
        stale = [Discovered(c.url, "sitemap", c.listed_lastmod) for c in known if c.stale]
        return await self._children(stale)

    def _queue(self, found: Iterable[Discovered], *, sitemap: bool = False) -> int:
        """Queue the unknown articles of `found`, and make the archived ones it says were
        updated due for a revisit; returns how many articles it lists. A sitemap lists
        every page of a site: its home, tag and author pages are no articles."""
        articles = [d for d in found if d.kind == "article" and not (sitemap and is_listing(d.url))]
        queued = self.archive.enqueue(articles, source_id=self.source_id, at=utc_now())
        self.new, self.updated = self.new + queued.new, self.updated + queued.updated
        return len(articles)

    def _listed(self, parent: str, found: Iterable[Discovered]) -> list[Discovered]:
        """The sitemaps in `found`, normalised, noted in the archive as what the index
        `parent` lists now."""
        listed = []
        for d in found:
            url = normalize_url(d.url) if d.kind == "sitemap" else None
            if url is not None and not _TAXONOMY_SITEMAP.search(url.lower()):
                listed.append(Discovered(url, "sitemap", d.lastmod))
        self.archive.list_child_sitemaps(self.source_id, normalize_url(parent) or parent, listed)
        return listed

    async def _children(self, listed: list[Discovered]) -> int:
        """Read the listed sitemaps that may have changed, and the ones they list."""
        known = self.archive.child_sitemaps(self.source_id)
        todo = deque(_in_order(listed, known))
        if todo:  # (skipped, not noted as read: should that source go, the index reads it)
            self.seen |= {s.url for s in self.archive.sources()}
        links = fetched = 0
        while todo and fetched < MAX_CHILD_SITEMAPS and not self.stopped():
            child = todo.popleft()
            if child.url in self.seen:
                continue  # an index that lists itself, or a sitemap listed twice
            self.seen.add(child.url)
            read = known.get(child.url)
            if read is not None and not read.stale:
                continue  # read since the index last dated it
            fetched += 1
            outcome = await self.fetcher.fetch(
                child.url,
                etag=read.etag if read else None,
                last_modified=read.last_modified if read else None,
                accept="feed",
            )
            if outcome.outcome == "not_modified" and read is not None:
                self._read(child.url, read.etag, read.last_modified)
                continue
            if outcome.page is None:
                log.info("sitemap %s: %s", child.url, outcome.reason or outcome.outcome)
                if outcome.outcome == "gone":
                    self.archive.forget_child_sitemap(self.source_id, child.url)
                continue
            try:
                _, more = discover(outcome.page.body, outcome.page.content_type, child.url)
            except FeedError as error:
                log.info("sitemap %s: %s", child.url, error)
                continue
            links += self._queue(more, sitemap=True)
            nested = self._listed(child.url, more)
            self._read(child.url, outcome.page.header("etag"), outcome.page.header("last-modified"))
            if nested:
                known = self.archive.child_sitemaps(self.source_id)
                todo.extend(_in_order(nested, known))
        return links

    def _read(self, url: str, etag: str | None, last_modified: str | None) -> None:
        self.archive.record_child_sitemap(
            self.source_id, url, etag=etag, last_modified=last_modified, at=utc_now()
        )


def _in_order(listed: list[Discovered], known: dict[str, ChildSitemap]) -> list[Discovered]:
    """The sitemaps never read first, newest first; then those read before, the least
    recently read first. So the per-poll bound never keeps a poll from getting further:
    an index of 300 undated sitemaps is read whole over two polls, then looked at in
    turn, not its first 200 again and again."""
    unread = [d for d in listed if d.url not in known or known[d.url].read_at is None]
    again = [d for d in listed if d.url in known and known[d.url].read_at is not None]
    return _newest_first(unread) + sorted(again, key=lambda d: known[d.url].read_at or "")


def _newest_first(sitemaps: Iterable[Discovered]) -> list[Discovered]:
    """Undated sitemaps first (a "latest" sitemap is often undated), in the index's order,
    then the dated ones newest first: an index may list twenty years of monthly sitemaps
    oldest first, and a poll fetches only so many. (Sorting is stable, reversed too.)"""
    return sorted(sitemaps, key=lambda d: d.lastmod or "~", reverse=True)
