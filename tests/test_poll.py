"""Polling a sitemap index against a real server on 127.0.0.1: which child sitemaps are
fetched, in what order, conditionally or not at all."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from webserver import Exchange, WebServer

from scraper import open_archive, poll
from scraper.archive import Archive, frontier
from scraper.archive.records import Queued
from scraper.clock import to_iso
from scraper.errors import ROBOTS_REFUSAL
from scraper.fetch import FetchConfig, Fetcher
from scraper.models import Article, Discovered, Page, Source

FAST = FetchConfig(delay=0, timeout=5, retries=0)
XMLNS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


class Sitemaps:
    """An index (/index.xml) lists `children` (path → lastmod or None); each child lists
    one article. Every document carries an ETag and answers 304 to a request naming it."""

    def __init__(
        self, server: WebServer, children: dict[str, str | None], index: str = "/index.xml"
    ) -> None:
        self.server, self.children = server, {}
        server.route(index, self._index)
        for path, lastmod in children.items():
            self.add(path, lastmod)

    def add(self, path: str, lastmod: str | None) -> None:
        self.children[path] = lastmod
        self.server.route(path, self._child)

    def _index(self, exchange: Exchange) -> None:
        entries = "".join(
            f"<sitemap><loc>{self.server.url(path)}</loc>"
            + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "")
            + "</sitemap>"
            for path, lastmod in self.children.items()
        )
        self._send(exchange, f'<?xml version="1.0"?><sitemapindex {XMLNS}>{entries}</sitemapindex>')

    def _child(self, exchange: Exchange) -> None:
        name = exchange.request.path.strip("/").removesuffix(".xml")
        article = self.server.url(f"/news/{name}.html")
        self._send(
            exchange,
            f'<?xml version="1.0"?><urlset {XMLNS}><url><loc>{article}</loc></url></urlset>',
        )

    @staticmethod
    def _send(exchange: Exchange, body: str) -> None:
        etag = '"' + hashlib.sha1(body.encode()).hexdigest()[:12] + '"'
        if exchange.request.header("if-none-match") == etag:
            exchange.send(status=304, content_type=None, headers=[("ETag", etag)])
        else:
            exchange.send(body.encode(), content_type="application/xml", headers=[("ETag", etag)])


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with open_archive(tmp_path / "archive.db") as opened:
        yield opened


def poll_index(archive: Archive, server: WebServer) -> list[str]:
    """Poll the index once; the sitemaps requested, in order."""
    before = len(server.requests)
    (source,) = archive.sources()

    async def go() -> None:
        async with Fetcher(FAST, trusted_hosts={"127.0.0.1"}) as fetcher:
            await poll.poll_source(archive, fetcher, source, lambda: False)

    asyncio.run(go())
    return [r.path for r in server.requests[before:] if r.path.endswith(".xml")]


def add_index(archive: Archive, server: WebServer) -> Source:
    return archive.add_source(server.url("/index.xml"), "sitemap")


def test_children_are_read_newest_first_then_only_when_the_index_redates_them(
    archive: Archive, server: WebServer
) -> None:
    site = Sitemaps(
        server, {"/2019.xml": "2019-12-31", "/latest.xml": None, "/2024.xml": "2024-03-01"}
    )
    add_index(archive, server)
    assert poll_index(archive, server) == ["/index.xml", "/latest.xml", "/2024.xml", "/2019.xml"]
    assert len(archive.pending()) == 3

    # Unchanged: the index is read (conditionally: 304), and so is the undated child;
    # the dated ones are not fetched at all.
    assert poll_index(archive, server) == ["/index.xml", "/latest.xml"]
    assert server.requested("/latest.xml")[-1].header("if-none-match")
    (source,) = archive.sources()
    assert source.last_outcome and source.last_outcome.startswith("not")

    site.children["/2024.xml"] = "2024-03-02T10:00:00+00:00"  # the index re-dates one
    # (Both read before: the least recently read first; whether the first two polls fell
    # in one second of the clock decides which that is.)
    index, *children = poll_index(archive, server)
    assert (index, sorted(children)) == ("/index.xml", ["/2024.xml", "/latest.xml"])
    assert server.requested("/2024.xml")[-1].header("if-none-match")  # asked conditionally
    assert poll_index(archive, server) == ["/index.xml", "/latest.xml"]


def test_a_child_that_failed_is_fetched_again_next_poll(
    archive: Archive, server: WebServer
) -> None:
    site = Sitemaps(server, {"/2024.xml": "2024-03-01"})
    server.page("/2024.xml", "busy", status=503, content_type="text/plain")
    add_index(archive, server)
    assert poll_index(archive, server) == ["/index.xml", "/2024.xml"]
    assert archive.pending() == []
    site.add("/2024.xml", "2024-03-01")  # healthy again
    assert poll_index(archive, server) == ["/index.xml", "/2024.xml"]
    assert len(archive.pending()) == 1


def test_a_long_index_is_read_a_bounded_number_at_a_time(
    archive: Archive, server: WebServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(poll, "MAX_CHILD_SITEMAPS", 2)
    # Twenty years of yearly sitemaps, listed oldest first as many indexes do.
    site = Sitemaps(server, {f"/{year}.xml": f"{year}-12-31" for year in range(2005, 2025)})
    add_index(archive, server)
    assert poll_index(archive, server)[1:] == ["/2024.xml", "/2023.xml"]
    # The index answers 304, and the sitemaps not read yet are read, newest first.
    assert poll_index(archive, server)[1:] == ["/2022.xml", "/2021.xml"]
    site.add("/2025.xml", "2025-12-31")  # a new year: read before the older ones
    assert poll_index(archive, server)[1:] == ["/2025.xml", "/2020.xml"]
    for _ in range(8):
        poll_index(archive, server)
    assert len(archive.pending()) == 21  # every year read once, none twice
    assert len(server.requested("/2005.xml")) == 1
    assert poll_index(archive, server) == ["/index.xml"]


def test_nested_indexes_are_followed_and_a_gone_sitemap_is_forgotten(
    archive: Archive, server: WebServer
) -> None:
    site = Sitemaps(server, {"/2024.xml": "2024-03-01"})
    Sitemaps(server, {"/2023.xml": "2023-12-31"}, index="/sub.xml")  # listed by the first
    site.children.update({"/sub.xml": "2024-01-01", "/gone.xml": None})
    add_index(archive, server)
    assert poll_index(archive, server) == [
        "/index.xml", "/gone.xml", "/2024.xml", "/sub.xml", "/2023.xml"
    ]  # fmt: skip
    assert len(archive.pending()) == 2
    # The index answers 304: the gone sitemap is not asked for again, nor the read ones.
    assert poll_index(archive, server) == ["/index.xml"]


def test_a_sitemap_the_index_no_longer_lists_is_no_longer_read(
    archive: Archive, server: WebServer
) -> None:
    site = Sitemaps(server, {"/old.xml": None, "/latest.xml": None})
    add_index(archive, server)
    assert poll_index(archive, server) == ["/index.xml", "/old.xml", "/latest.xml"]
    del site.children["/old.xml"]  # the index changes: /old.xml still answers, unlisted
    assert poll_index(archive, server) == ["/index.xml", "/latest.xml"]
    assert poll_index(archive, server) == ["/index.xml", "/latest.xml"]  # (index: 304)
    (source,) = archive.sources()
    assert source.id is not None
    assert set(archive.child_sitemaps(source.id)) == {server.url("/latest.xml")}


def test_undated_children_beyond_the_bound_are_all_read_in_turn(
    archive: Archive, server: WebServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(poll, "MAX_CHILD_SITEMAPS", 2)
    minutes = itertools.count()  # each reading a minute apart: times to tell them by
    start = datetime(2024, 3, 1, tzinfo=UTC)
    monkeypatch.setattr(poll, "utc_now", lambda: to_iso(start + timedelta(minutes=next(minutes))))
    Sitemaps(server, {f"/part-{n}.xml": None for n in range(5)})  # none dated
    add_index(archive, server)
    assert poll_index(archive, server)[1:] == ["/part-0.xml", "/part-1.xml"]
    # Those never read come first, not the first two again.
    assert poll_index(archive, server)[1:] == ["/part-2.xml", "/part-3.xml"]
    assert poll_index(archive, server)[1:3] == ["/part-4.xml", "/part-0.xml"]
    assert len(archive.pending()) == 5
    # Then each in turn, the least recently read first.
    assert poll_index(archive, server)[1:] == ["/part-1.xml", "/part-2.xml"]


def test_an_index_s_tag_category_author_and_page_sitemaps_are_not_read(
    archive: Archive, server: WebServer
) -> None:
    taxonomies = [
        "/category-sitemap.xml",
        "/post_tag-sitemap.xml",
        "/author-sitemap.xml",
        "/page-sitemap.xml",
        "/wp-sitemap-taxonomies-category-1.xml",
        "/wp-sitemap-users-1.xml",
        "/sitemap-tags.xml",
    ]
    posts = ["/post-sitemap.xml", "/wp-sitemap-posts-post-1.xml"]
    Sitemaps(server, dict.fromkeys([*taxonomies[:3], *posts, *taxonomies[3:]]))
    add_index(archive, server)
    assert poll_index(archive, server) == [
        "/index.xml",
        "/post-sitemap.xml",
        "/wp-sitemap-posts-post-1.xml",
    ]


def test_a_sitemap_s_home_tag_and_author_pages_are_not_queued(
    archive: Archive, server: WebServer
) -> None:
    paths = ["/2024/01/16/harbour-vote", "/", "/tag/harbour/", "/author/ann/", "/page/2/"]
    urls = "".join(f"<url><loc>{server.url(path)}</loc></url>" for path in paths)
    server.page("/index.xml", f"<urlset {XMLNS}>{urls}</urlset>", content_type="application/xml")
    add_index(archive, server)
    poll_index(archive, server)
    assert archive.pending() == [server.url("/2024/01/16/harbour-vote")]


# --- what the frontier makes due ---------------------------------------------------------

T0 = "2024-03-01T08:00:00+00:00"
STORY = (
    "The mayor scrapped parking fees for residents of the old town on Tuesday. "
    "Shop owners had asked for it for years; the council will vote on it in May."
)


def test_a_date_for_an_article_s_new_address_makes_the_article_due(archive: Archive) -> None:
    """A story whose slug (or host) changed is revisited at its first address, which
    leads to the new one; a sitemap that re-dates the new address dates the story."""
    old, new = "https://news.example/2024/03/01/mayor-plan", "https://news.example/2024/03/01/fees"
    run = archive.start_run(T0)
    story = Article(url=old, title="Mayor scraps parking fees", text=STORY, markdown=STORY)
    for url, final in ((old, new), (new, new)):  # (the revisit schedule is over)
        page = Page(url, final, 200, (("Content-Type", "text/html"),), b"<p>story</p>", T0)
        archive.save_page(run, page, story, next_visit_at=None)
    now = "2024-05-01T08:00:00+00:00"
    assert archive.due(now) == []
    redated = [Discovered(new, lastmod="2024-05-01T06:00:00+00:00")]
    assert archive.enqueue(redated, source_id=None, at=now) == Queued(new=0, updated=1)
    assert [r.url for r in archive.due(now)] == [old]
    assert archive.enqueue(redated, source_id=None, at=now).updated == 0  # each claim once


def test_a_url_robots_txt_disallows_is_tried_again_later(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refusal is a state of the site's rules (a section closed for a day), not of the
    page: the URL waits an hour, then twice as long each time (a run reads robots.txt
    anew), and fails for good only once it would wait more than a week."""
    column, private = "https://news.example/opinion/column", "https://news.example/private"
    archive.enqueue([Discovered(column), Discovered(private)], source_id=None, at=T0)
    run = archive.start_run(T0)
    now = datetime.fromisoformat(T0)
    monkeypatch.setattr(frontier, "utc_now", lambda: to_iso(now))
    refusal = {"outcome": "blocked", "status": None, "retry": False}
    archive.record_failure(run, private, reason="private address", at=T0, **refusal)
    tries = []
    for _ in range(4 * 24 * 12):  # a cron run every 15 minutes for 12 days
        if column in archive.pending():
            tries.append((now - datetime.fromisoformat(T0)) / timedelta(hours=1))
            archive.record_failure(run, column, reason=ROBOTS_REFUSAL, at=to_iso(now), **refusal)
        now += timedelta(minutes=15)
    assert tries == [0, 1, 3, 7, 15, 31, 63, 127, 255]
    assert archive.tracked(column).state == "failed"  # type: ignore[union-attr]
    assert archive.tracked(private).state == "failed"  # type: ignore[union-attr]


# --- how a source fares ------------------------------------------------------------------


def rss(*paths: str) -> str:
    items = "".join(f"<item><title>{p}</title><link>/news/{p}</link></item>" for p in paths)
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>N</title>{items}</channel></rss>'
    )


def test_a_source_s_health_outlives_its_last_poll(archive: Archive, server: WebServer) -> None:
    """An outage counts its polls; a feed cut off mid-document, or emptied, is said to
    be; an address that redirects elsewhere is reported moved, since it first did."""
    server.page("/feed.xml", rss("a", "b", "c"), content_type="application/rss+xml")
    archive.add_source(server.url("/feed.xml"), "feed")

    def poll_feed() -> Source:
        poll_index(archive, server)
        (source,) = archive.sources()
        return source

    ok = poll_feed()
    assert (ok.failures, ok.listed, ok.moved_to) == (0, 3, None) and ok.last_ok_at
    server.page("/feed.xml", "busy", status=503, content_type="text/plain")
    poll_feed()
    down = poll_feed()
    assert (down.failures, down.last_ok_at) == (2, ok.last_ok_at)

    cut = rss("a", "b", "c")[:120]  # in its second item
    server.page("/feed.xml", cut, content_type="application/rss+xml")
    broken = poll_feed()
    assert broken.failures == 0 and broken.listed == 1
    assert broken.last_outcome and "read leniently, not well-formed" in broken.last_outcome
    assert "read leniently" in (poll_feed().last_outcome or "")  # never a 304 to hide it

    server.page("/feed.xml", rss(), content_type="application/rss+xml")
    assert poll_feed().last_outcome == "0 links (was 1), 0 new" and poll_feed().listed == 0

    server.page("/new/feed.xml", rss("d"), content_type="application/rss+xml")
    server.redirect("/feed.xml", server.url("/new/feed.xml"), status=301)
    moved = poll_feed()
    assert (moved.moved_to, moved.moved_since) == (server.url("/new/feed.xml"), moved.last_ok_at)
    assert poll_feed().moved_since == moved.moved_since  # (304: still redirecting there)


def test_a_feed_moved_for_good_is_moved_after_polls_over_a_day(
    archive: Archive, server: WebServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three polls in a row redirected by 301s or 308s, over a day at least, move the
    source (its id, trust and finds kept); a 302 or 307 never does, nor a redirect to a
    private address the user did not name (the fetcher refuses it)."""
    feed = rss("a")
    for path in ("/new/feed.xml", "/newer/feed.xml", "/for-now/feed.xml"):
        server.page(path, feed, content_type="application/rss+xml")
    server.redirect("/feed.xml", "/new/feed.xml", status=301)
    server.redirect("/for-now.xml", "/for-now/feed.xml", status=302)
    server.redirect("/private.xml", server.url("/new/feed.xml", host="localhost"), status=308)
    added = [archive.add_source(server.url(path), "feed") for path in ("/feed.xml", "/for-now.xml")]
    hidden = archive.add_source(server.url("/private.xml"), "feed", trusted=False)
    start = datetime(2024, 3, 1, 8, tzinfo=UTC)

    def poll_all(hours: float) -> dict[int | None, Source]:
        monkeypatch.setattr(poll, "utc_now", lambda: to_iso(start + timedelta(hours=hours)))

        async def go() -> None:
            async with Fetcher(FAST, trusted_hosts={"127.0.0.1"}) as fetcher:
                for source in archive.sources():
                    await poll.poll_source(archive, fetcher, source, lambda: False)

        asyncio.run(go())
        return {source.id: source for source in archive.sources()}

    for hours in (0, 1, 2, 23):  # four polls, not yet a day
        polled = poll_all(hours)
    assert [polled[s.id].url for s in (*added, hidden)] == [s.url for s in (*added, hidden)]
    moved = poll_all(24)[added[0].id]
    assert (moved.url, moved.moved_from, moved.moved_at) == (
        server.url("/new/feed.xml"), server.url("/feed.xml"), to_iso(start + timedelta(hours=24))
    )  # fmt: skip
    assert (moved.trusted, moved.moved_to, moved.last_outcome) == (True, None, "1 links, 0 new")
    assert archive.source_yields()[moved.id or 0].found == 1  # (what it found before)
    stays = poll_all(24 * 30)
    assert stays[added[1].id].url == server.url("/for-now.xml")
    assert stays[added[1].id].moved_to == server.url("/for-now/feed.xml")
    assert stays[hidden.id].url == server.url("/private.xml") and stays[hidden.id].failures

    # Moved on again, onto another source's address: never a second source there; it
    # joins that one, which is read for it (corners30).
    server.redirect("/new/feed.xml", "/newer/feed.xml", status=308)
    newer = archive.add_source(server.url("/newer/feed.xml"), "feed")
    for day in range(31, 35):
        polled = poll_all(24 * day)
    assert moved.id not in polled and polled[newer.id].read_for == (moved.url,)


def test_a_listed_sitemap_that_is_a_source_of_its_own_is_fetched_once_a_poll(
    archive: Archive, server: WebServer
) -> None:
    # A home page brought the news sitemap; the index, added for the back catalogue,
    # lists it too, dated anew at every story: it is polled as a source, not again.
    site = Sitemaps(server, {"/news.xml": "2026-10-01T12:00:00+00:00", "/2026-09.xml": None})
    add_index(archive, server)
    archive.add_source(server.url("/news.xml"), "sitemap")

    async def poll_all() -> None:
        async with Fetcher(FAST, trusted_hosts={"127.0.0.1"}) as fetcher:
            for source in archive.sources():  # (the index first)
                await poll.poll_source(archive, fetcher, source, lambda: False)

    for minute in range(3):
        site.children["/news.xml"] = f"2026-10-01T12:{minute:02d}:00+00:00"
        before = len(server.requests)
        asyncio.run(poll_all())
        assert [r.path for r in server.requests[before:]].count("/news.xml") == 1
    assert len(archive.pending()) == 2  # what each sitemap lists
