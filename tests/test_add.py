"""`scraper add` against a real server on 127.0.0.1: which of a site's sitemaps a home
page brings, what `add` reads to tell, and what it keeps for the first run."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from webserver import Exchange, WebServer

from scraper import open_archive
from scraper.archive import Archive
from scraper.clock import parse_iso, to_iso, utc_now
from scraper.fetch import FetchConfig
from scraper.fetch_memory import Hold
from scraper.pipeline import RunOptions, add_sources, run

FAST = FetchConfig(delay=0, timeout=5, retries=0)
# The one header a CMS writes on every sitemap it makes, news namespace included.
HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?><urlset'
    ' xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
)


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with open_archive(tmp_path / "archive.db") as opened:
        yield opened


def news_entry(url: str, published: str) -> str:
    return (
        f"<url><loc>{url}</loc><news:news><news:publication_date>{published}"
        "</news:publication_date><news:title>Harbour vote</news:title></news:news></url>"
    )


def serve(server: WebServer, path: str, body: str, content_type: str = "application/xml") -> None:
    """`body` at `path`, with an ETag, answering 304 to a request naming it."""
    etag = '"' + hashlib.sha1(body.encode()).hexdigest()[:12] + '"'

    def handler(exchange: Exchange) -> None:
        if exchange.request.header("if-none-match") == etag:
            exchange.send(status=304, content_type=None, headers=[("ETag", etag)])
        else:
            exchange.send(body.encode(), content_type=content_type, headers=[("ETag", etag)])

    server.route(path, handler)


def home_page(server: WebServer, *sitemaps: str) -> None:
    server.page("/", "<html><body><h1>Town Herald</h1></body></html>")
    robots = "".join(f"Sitemap: {server.url(path)}\n" for path in sitemaps)
    server.page("/robots.txt", f"User-agent: *\n{robots}", content_type="text/plain")


def add(archive: Archive, *urls: str) -> dict[str, str]:
    results = asyncio.run(add_sources(archive, urls, FAST))
    return {url: note for url, source, note in results if source is not None}


def test_a_sitemap_is_a_news_sitemap_by_its_entries_not_its_header(
    archive: Archive, server: WebServer
) -> None:
    today = server.url("/news/today.html")
    serve(server, "/sitemaps/news.xml", HEADER + news_entry(today, utc_now()) + "</urlset>")
    month = "".join(f"<url><loc>{server.url(f'/2026/08/{n}.html')}</loc></url>" for n in range(50))
    serve(server, "/sitemaps/news-2026-08.xml", HEADER + month + "</urlset>")  # no <news:news>
    old = news_entry(server.url("/2019/01/old.html"), "2019-01-05T08:00:00Z")
    serve(server, "/sitemaps/news-2019-01.xml", HEADER + old + "</urlset>")  # years old
    home_page(server, "/sitemaps/news-2026-08.xml", "/sitemaps/news-2019-01.xml",
              "/sitemaps/news.xml")  # fmt: skip

    added = add(archive, server.url("/"))
    assert added == {
        server.url("/"): "page, 0 links",
        server.url("/sitemaps/news.xml"): "news sitemap in robots.txt",
    }
    assert [s.url for s in archive.sources() if s.kind == "sitemap"] == [
        server.url("/sitemaps/news.xml")
    ]


def test_add_reads_what_it_needs_and_the_first_run_asks_conditionally(
    archive: Archive, server: WebServer
) -> None:
    story = server.url("/news/today.html")
    server.page("/news/today.html", "<html><body><h1>Harbour vote</h1></body></html>")
    serve(server, "/sitemap-news.xml", HEADER + news_entry(story, utc_now()) + "</urlset>")
    months = [f"/sitemap-2026-{m:02d}.xml" for m in range(1, 9)]
    for path in months:
        serve(server, path, HEADER + f"<url><loc>{server.url(path)}.html</loc></url></urlset>")
    listed = "".join(f"<sitemap><loc>{server.url(p)}</loc></sitemap>" for p in months)
    serve(server, "/sitemap_index.xml",
          '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
          f"<sitemap><loc>{server.url('/sitemap-news.xml')}</loc></sitemap>{listed}"
          "</sitemapindex>")  # fmt: skip
    home_page(server, "/sitemap_index.xml", "/sitemap-plain.xml")
    feed = (
        "<rss version='2.0'><channel><title>Herald</title>"
        f"<item><link>{story}</link><title>Harbour vote</title></item></channel></rss>"
    )
    serve(server, "/feed.xml", feed, "application/rss+xml")

    add(archive, server.url("/"), server.url("/feed.xml"), server.url("/sitemap_index.xml"))
    # The index once (asked for by the home page and by name), its news sitemap; none of
    # the months, nor robots.txt's other sitemap once a news sitemap is found.
    assert server.paths() == [
        "/robots.txt", "/", "/sitemap_index.xml", "/sitemap-news.xml", "/feed.xml",
    ]  # fmt: skip
    assert len(archive.pending()) == 1  # the story, queued by what add read

    before = len(server.requests)
    asyncio.run(run(archive, RunOptions(fetch=FAST)))
    first_run = server.requests[before:]
    for path in ("/feed.xml", "/sitemap-news.xml", "/sitemap_index.xml"):
        (request,) = [r for r in first_run if r.path == path]
        assert request.header("if-none-match"), path  # what add fetched is not fetched again
    assert [r.path for r in first_run].count("/news/today.html") == 1  # queued by add
    assert "/robots.txt" not in [r.path for r in first_run]  # the one add read (a day)


def test_add_leaves_alone_a_host_that_asked_a_run_to_wait(
    archive: Archive, server: WebServer
) -> None:
    serve(server, "/feed.xml", "<rss version='2.0'><channel><title>H</title></channel></rss>")
    until = to_iso(parse_iso(utc_now()) + timedelta(hours=1))
    archive.hold_host(Hold("127.0.0.1", until, "asked to wait 3600 s (Retry-After)"), utc_now())
    ((_, source, note),) = asyncio.run(add_sources(archive, [server.url("/feed.xml")], FAST))
    assert (source, server.requests) == (None, [])  # (robots.txt neither)
    assert note.startswith(f"asked to wait 3600 s (Retry-After), until {until}")
