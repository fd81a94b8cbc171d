"""End to end: a real news site on 127.0.0.1 → discover → fetch → extract → archive."""

from __future__ import annotations

import asyncio
import email.utils
import gzip
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from newssite import NewsSite, story
from webserver import Exchange, WebServer

from scraper import SiteRules, clock, open_archive, pipeline, worklist
from scraper.archive import Archive
from scraper.clock import utc_now
from scraper.extract_pool import NO_TEXT, ExtractorPool
from scraper.fetch import FetchConfig
from scraper.models import Discovered, Page, RunReport
from scraper.pipeline import RunOptions, add_sources, archive_urls, run

FAST = FetchConfig(delay=0, timeout=5, retries=0, concurrency=2)


@pytest.fixture
def site(server: WebServer) -> NewsSite:
    news = NewsSite(server)
    for n in range(5):
        news.add(f"/news/{n}.html", story(n))
    news.add("/private/secret.html", story(99))  # listed in the feed, disallowed by robots
    return news


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return open_archive(tmp_path / "archive.db")


def run_once(archive: Archive, **options: Any) -> RunReport:
    return asyncio.run(run(archive, RunOptions(fetch=FAST, **options)))


def article_requests(server: WebServer) -> list[str]:
    return [p for p in server.paths() if p.startswith(("/news/", "/private/"))]


def test_add_detects_kinds(site: NewsSite, archive: Archive) -> None:
    results = asyncio.run(
        add_sources(archive, [site.feed_url, site.server.url("/sitemap.xml")], FAST)
    )
    assert [(s.kind if s else None) for _, s, _ in results] == ["feed", "sitemap"]
    assert {s.url for s in archive.sources()} == {site.feed_url, site.server.url("/sitemap.xml")}


NEWS = (
    '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
    "<url><loc>{url}</loc><news:news><news:publication_date>{published}"
    "</news:publication_date><news:title>Harbour</news:title></news:news></url></urlset>"
)


def news_sitemap(url: str, published: str | None = None) -> str:
    """A Google News sitemap listing `url`, published now unless said."""
    return NEWS.format(url=url, published=published or utc_now())


def test_adding_a_home_page_adds_its_feeds_and_news_sitemaps(
    site: NewsSite, archive: Archive
) -> None:
    server = site.server
    feed = '<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
    server.page("/", f"<html><head>{feed}</head><body><h1>Town Herald</h1></body></html>")
    server.page("/news-sitemap.xml", news_sitemap(server.url("/news/0.html")),
                content_type="application/xml")  # fmt: skip
    news_gz = gzip.compress(news_sitemap(server.url("/news/1.html")).encode())
    server.page("/sitemaps/news-today.xml.gz", news_gz, content_type="application/gzip")
    index = "".join(
        f"<sitemap><loc>{server.url(p)}</loc></sitemap>"
        for p in ("/sitemaps/news-today.xml.gz", "/sitemaps/2019-01.xml")
    )
    server.page("/sitemap-index.xml",
                f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{index}'
                "</sitemapindex>", content_type="application/xml")  # fmt: skip
    listed = ("/sitemap.xml", "/news-sitemap.xml", "/sitemap-index.xml")
    robots = "".join(f"Sitemap: {server.url(p)}\n" for p in listed)
    server.page("/robots.txt", f"User-agent: *\nDisallow: /private/\n{robots}",
                content_type="text/plain")  # fmt: skip

    results = asyncio.run(add_sources(archive, [server.url("/")], FAST))
    added = {url: (source.kind if source else None, note) for url, source, note in results}
    assert added == {
        server.url("/"): ("page", "page, 1 links"),
        site.feed_url: ("feed", "feed on page"),
        server.url("/news-sitemap.xml"): ("sitemap", "news sitemap in robots.txt"),
        server.url("/sitemaps/news-today.xml.gz"): ("sitemap", "news sitemap in robots.txt"),
    }  # the plain sitemap is not added; the index's archive is never even fetched
    assert not server.requested("/sitemaps/2019-01.xml")
    assert run_once(archive).archived == 5


def test_a_news_sitemap_is_found_after_a_dozen_sections_sitemaps_in_robots_txt(
    site: NewsSite, archive: Archive
) -> None:
    server = site.server
    server.page("/", "<html><body><h1>Town Herald</h1></body></html>")
    server.page("/sitemaps/latest-news.xml", news_sitemap(server.url("/news/0.html")),
                content_type="application/xml")  # fmt: skip
    listed = [*(f"/sitemaps/section-{n}.xml" for n in range(12)), "/sitemaps/latest-news.xml"]
    robots = "".join(f"Sitemap: {server.url(p)}\n" for p in listed)
    server.page("/robots.txt", f"User-agent: *\n{robots}", content_type="text/plain")
    results = asyncio.run(add_sources(archive, [server.url("/")], FAST))
    assert server.url("/sitemaps/latest-news.xml") in {url for url, _, _ in results}


def test_a_feed_a_page_advertises_on_another_host_gets_no_trust(
    site: NewsSite, archive: Archive
) -> None:
    # The page names "localhost", the same loopback server by another name: a page may
    # point at the user's network, but only the hosts the user named may be private.
    server = site.server
    inside = server.url("/admin/feed.xml").replace("127.0.0.1", "localhost")
    server.page("/admin/feed.xml", "<rss><channel><title>Staff only</title></channel></rss>",
                content_type="application/rss+xml")  # fmt: skip
    links = (
        f'<link rel="alternate" type="application/rss+xml" href="{inside}">'
        '<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
    )
    server.page("/", f"<html><head>{links}</head><body><h1>Town Herald</h1></body></html>")
    asyncio.run(add_sources(archive, [server.url("/")], FAST))
    assert {s.url: s.trusted for s in archive.sources()} == {
        server.url("/"): True,
        inside: False,
        site.feed_url: True,  # the page's own host
    }

    report = run_once(archive)
    assert not server.requested("/admin/feed.xml")
    assert report.archived == 5  # through the page's own feed
    polled = {s.url: s.last_outcome for s in archive.sources()}
    assert "refused: localhost resolves to loopback address" in (polled[inside] or "")

    # Named by the user, the same feed is trusted from then on.
    archive.add_source(inside, "feed")
    assert {s.url: s.trusted for s in archive.sources()}[inside]


def test_a_broken_feed_keeps_the_validators_of_the_last_one_read(
    site: NewsSite, archive: Archive
) -> None:
    server, served = site.server, {"etag": '"good"', "body": b""}
    good = b"<rss><channel><title>Herald</title></channel></rss>"

    def feed(exchange: Exchange) -> None:
        if exchange.request.header("if-none-match") == served["etag"]:
            exchange.send(status=304, content_type=None)
        else:
            exchange.send(served["body"], content_type="application/rss+xml",
                          headers=[("ETag", served["etag"])])  # fmt: skip

    server.route("/feed.xml", feed)
    served["body"] = good
    asyncio.run(add_sources(archive, [site.feed_url], FAST))
    assert run_once(archive).sources_failed == 0
    served.update(etag='"maintenance"', body=b"<html><body><h1>Back soon</h1></body></html>")
    assert run_once(archive).sources_failed == 1
    # Asked with the good version's ETag, not the maintenance page's: a 304 to that
    # would say all is well while the feed is still broken.
    assert run_once(archive).sources_failed == 1
    assert server.requested("/feed.xml")[-1].header("if-none-match") == '"good"'


def test_a_host_skipped_for_its_robots_txt_loses_no_url(
    site: NewsSite, archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = site.server
    asyncio.run(add_sources(archive, [site.feed_url], FAST))
    server.page("/robots.txt", b"down", status=503)
    # A day on, the robots.txt add read (and kept) is asked for again: unreachable, the
    # host is skipped (that copy is obeyed only after 12 h of it).
    later = datetime.now(UTC) + timedelta(days=1, minutes=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    for _ in range(4):  # more runs than a URL has attempts
        report = run_once(archive)
        # (What add queued waits: no attempt counts while robots.txt is unknown.)
        assert (report.archived, report.failed, report.deferred) == (0, 0, 6)
        assert report.sources_failed == 1  # the feed itself waits for robots.txt
    server.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    assert run_once(archive).archived == 5


def test_urls_of_a_host_skipped_mid_run_wait_for_the_next(site: NewsSite, archive: Archive) -> None:
    for n in range(5, 15):
        site.add(f"/news/{n}.html", story(n))
    asyncio.run(add_sources(archive, [site.feed_url], FAST))
    for path in site.stories:
        site.stories[path].status = 503
    report = run_once(archive, workers=1)
    # After 3 in a row failed, the rest wait, unrequested.
    assert (report.failed, report.deferred) == (3, 13)  # (1 disallowed)
    assert len(article_requests(site.server)) == 3
    # One line in the log for the host, not one per URL (a host down for days, with
    # thousands queued, would fill the log every run).
    assert [e.outcome for e in archive.fetch_log()].count("deferred") == 1
    for path in site.stories:
        site.stories[path].status = 200
    assert run_once(archive).archived == 15


def test_a_source_that_changed_kind_says_what_it_is_now(site: NewsSite, archive: Archive) -> None:
    server = site.server
    server.page("/front.html", "<html><body><h1>Town Herald</h1></body></html>")
    asyncio.run(add_sources(archive, [server.url("/front.html")], FAST))
    server.page("/front.html", "<rss version='2.0'><channel><title>T</title></channel></rss>",
                content_type="application/rss+xml")  # fmt: skip
    assert run_once(archive).sources_failed == 1
    (source,) = archive.sources()
    assert source.last_outcome == (
        "unreadable page: not a page: the document is a feed"
        " (remove the source and add it again if it moved for good)"
    )


def test_feed_is_archived_once_and_second_run_is_conditional(
    site: NewsSite, archive: Archive
) -> None:
    asyncio.run(add_sources(archive, [site.feed_url], FAST))
    first = run_once(archive)
    assert first.archived == 5
    assert first.failures == (
        (site.server.url("/private/secret.html"), "disallowed by robots.txt"),
    )
    assert archive.stats()["articles"] == 5
    stored = archive.article(site.server.url("/news/3.html"))
    assert stored is not None
    assert stored.article.title == "Town debates the library plan, part 3"
    assert "council met on day 3.0" in stored.article.text
    assert "All rights reserved" not in stored.article.text

    before = len(site.server.requests)
    second = run_once(archive)
    assert second.archived == 0
    new_requests = site.server.requests[before:]
    feed_requests = [r for r in new_requests if r.path == "/feed.xml"]
    assert feed_requests and feed_requests[0].header("if-none-match")
    assert not [r for r in new_requests if r.path.startswith("/news/")]  # nothing is due yet


def test_a_story_the_feed_says_was_updated_is_revisited_before_its_slot(
    site: NewsSite, archive: Archive
) -> None:
    asyncio.run(add_sources(archive, [site.feed_url], FAST))
    assert run_once(archive, schedule=(86_400.0,)).archived == 5  # next look: in a day
    changed = site.stories["/news/2.html"]
    changed.paragraphs[0] = "The council reversed its decision on the tram plan late on Monday."
    changed.updated = email.utils.format_datetime(datetime.now(UTC) + timedelta(minutes=5))
    before = len(site.server.requests)
    report = run_once(archive, schedule=(86_400.0,))
    assert article_requests_since(site.server, before) == ["/news/2.html"]
    assert report.new_versions == 1
    (source,) = archive.sources()
    assert source.last_outcome and source.last_outcome.endswith(", 1 updated")
    before = len(site.server.requests)
    run_once(archive, schedule=(86_400.0,))  # the same date again: it was read already
    assert article_requests_since(site.server, before) == []


def test_a_story_taken_down_and_dated_anew_by_its_feed_is_visited_again(
    site: NewsSite, archive: Archive
) -> None:
    asyncio.run(add_sources(archive, [site.feed_url], FAST))
    assert run_once(archive, schedule=(0.0, 86_400.0)).archived == 5  # revisit: at once
    taken = site.stories["/news/2.html"]
    taken.status = 404
    assert run_once(archive, schedule=(0.0, 86_400.0)).gone == 1
    assert run_once(archive, schedule=(86_400.0,)).gone == 0  # never asked for again…
    taken.status = 200  # …until it is back, edited, and its feed dates it anew
    taken.paragraphs[0] = "The council restored the tram plan after a legal review on Friday."
    taken.updated = email.utils.format_datetime(datetime.now(UTC) + timedelta(minutes=5))
    before = len(site.server.requests)
    report = run_once(archive, schedule=(86_400.0,))
    assert article_requests_since(site.server, before) == ["/news/2.html"]
    assert report.new_versions == 1
    stored = archive.article(site.server.url("/news/2.html"))
    assert stored is not None and stored.versions == 2 and stored.removed_at is None


def test_disallowed_paths_are_never_requested(site: NewsSite, archive: Archive) -> None:
    asyncio.run(add_sources(archive, [site.feed_url], FAST))
    run_once(archive)
    assert not [p for p in site.server.paths() if p.startswith("/private/")]
    failed = [e.url for e in archive.fetch_log(failed_only=True)]
    assert site.server.url("/private/secret.html") in failed


def test_a_copy_of_a_story_at_another_address_is_counted_as_a_copy(
    site: NewsSite, archive: Archive
) -> None:
    site.add("/print/2.html", site.stories["/news/2.html"])  # its print page, in the feed
    asyncio.run(add_sources(archive, [site.feed_url], FAST))
    report = run_once(archive)
    assert (report.archived, report.copies, report.unchanged) == (5, 1, 0)
    stored = archive.article(site.server.url("/print/2.html"))
    assert stored is not None and stored.article.url == site.server.url("/news/2.html")


def test_sitemap_and_feed_of_one_site_do_not_duplicate(site: NewsSite, archive: Archive) -> None:
    asyncio.run(add_sources(archive, [site.feed_url, site.server.url("/sitemap.xml")], FAST))
    report = run_once(archive)
    assert report.archived == 5
    assert sorted(set(article_requests(site.server))) == sorted(article_requests(site.server))


def test_fetch_archives_given_urls(site: NewsSite, archive: Archive) -> None:
    urls = [site.server.url("/news/1.html"), site.server.url("/news/1.html?utm_source=x")]
    report = asyncio.run(archive_urls(archive, urls, RunOptions(fetch=FAST)))
    assert report.archived == 1
    assert archive.stats()["articles"] == 1


def test_revisits_store_versions_only_for_real_changes(site: NewsSite, archive: Archive) -> None:
    asyncio.run(add_sources(archive, [site.feed_url], FAST))
    schedule = (1.0, 2.0, 3.0, 4.0, 5.0)  # revisit times are kept to the second
    run_once(archive, schedule=schedule)
    url = site.server.url("/news/0.html")

    site.stories["/news/0.html"].stamp = "Updated 1 minute ago"  # noise only
    wait_until_due(archive)
    run_once(archive, schedule=schedule)
    stored = archive.article(url)
    assert stored is not None and stored.versions == 1

    site.stories["/news/0.html"].title = "Town approves the harbour plan"
    site.stories["/news/0.html"].paragraphs.append("The vote was 7 to 2 in favour of the plan.")
    wait_until_due(archive)
    report = run_once(archive, schedule=schedule)
    assert report.new_versions >= 1
    versions = archive.versions(stored.id)
    assert [v.number for v in versions] == [1, 2]
    assert versions[-1].article.title == "Town approves the harbour plan"
    assert "title changed" in versions[-1].summary

    site.stories["/news/0.html"].status = 410
    wait_until_due(archive)
    run_once(archive, schedule=schedule)
    gone = archive.article(url)
    assert gone is not None and gone.removed_at is not None
    assert gone.article.title == "Town approves the harbour plan"  # the last version is kept


def test_a_new_extractor_makes_no_versions_of_its_own(site: NewsSite, archive: Archive) -> None:
    # What an earlier release extracted is stored (a text without its first paragraph,
    # marked with the old release's revision). Revisiting the unchanged page with this
    # release must not call the difference a new version; a real change must be one
    # version, whose summary counts the site's words only.
    asyncio.run(add_sources(archive, [site.feed_url], FAST))
    schedule = (1.0, 2.0, 3.0, 4.0, 5.0)
    run_once(archive, schedule=schedule)
    url = site.server.url("/news/0.html")

    def downgrade() -> None:
        stored = archive.article(url)
        assert stored is not None
        (page_id,) = archive.db.execute(
            "SELECT page_id FROM articles WHERE id = ?", [stored.id]
        ).fetchone()
        older = replace(stored.article, text=stored.article.text.split("\n\n", 1)[1])
        archive.replace_extraction(page_id, older, extractor="an-earlier-release")

    downgrade()
    site.stories["/news/0.html"].stamp = "Updated 1 minute ago"  # new bytes, the same story
    wait_until_due(archive)
    report = run_once(archive, schedule=schedule)
    stored = archive.article(url)
    assert stored is not None and stored.versions == 1 and report.new_versions == 0
    assert stored.article.text.startswith(site.stories["/news/0.html"].paragraphs[0])
    revision = sys.modules["scraper.extract"].revision()
    assert archive.db.execute(
        "SELECT DISTINCT extractor FROM versions WHERE article_id = ?", [stored.id]
    ).fetchall() == [(revision,)]

    downgrade()
    site.stories["/news/0.html"].paragraphs.append("The vote was 7 to 2 in favour of the plan.")
    wait_until_due(archive)
    run_once(archive, schedule=schedule)
    versions = archive.versions(stored.id)
    assert [v.number for v in versions] == [1, 2]
    assert versions[-1].summary == "text: +11/−0 words"


def test_site_rules_apply_to_a_run_and_an_edit_makes_no_versions_of_its_own(
    site: NewsSite, archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The archive's rules reach the run's extractor (in a worker process here, where
    # they travel pickled). Editing them later must not make a version of every story
    # a revisit finds unchanged: what is stored is extracted again with the new rule
    # first, as after an upgrade. A real change is then one version.
    options = as_big_run(monkeypatch)
    archive.set_site_rules('[[site]]\nhosts = ["127.0.0.1"]\ndrop = ["article > p:last-child"]')
    asyncio.run(add_sources(archive, [site.feed_url], FAST))
    schedule = (1.0, 2.0, 3.0, 4.0, 5.0)
    run_once(archive, schedule=schedule, **options)
    url = site.server.url("/news/0.html")
    first, *_, last = site.stories["/news/0.html"].paragraphs
    stored = archive.article(url)
    assert stored is not None and last not in stored.article.text
    rule = SiteRules.parse(archive.site_rules()).rules[0]
    assert archive.stale_extraction(url, sys.modules["scraper.extract"].revision(rule)) is None

    archive.set_site_rules('[[site]]\nhosts = ["127.0.0.1"]\ndrop = ["article > p:nth-of-type(3)"]')
    site.stories["/news/0.html"].stamp = "Updated 1 minute ago"  # new bytes, the same story
    wait_until_due(archive, url=url)
    report = run_once(archive, schedule=schedule, **options)
    stored = archive.article(url)
    assert stored is not None and stored.versions == 1 and report.new_versions == 0
    assert first not in stored.article.text and last in stored.article.text

    site.stories["/news/0.html"].paragraphs.append("The vote was 7 to 2 in favour of the plan.")
    wait_until_due(archive, url=url)
    run_once(archive, schedule=schedule, **options)
    assert [v.summary for v in archive.versions(stored.id)][-1] == "text: +11/−0 words"


def wait_until_due(archive: Archive, limit: float = 30.0, url: str | None = None) -> None:
    """Until a revisit is due (of `url`, if given)."""
    deadline = time.monotonic() + limit
    while not [r for r in archive.due(utc_now()) if url in (None, r.url)]:
        assert time.monotonic() < deadline, "nothing became due"
        time.sleep(0.1)


def test_nothing_due_makes_no_article_requests(site: NewsSite, archive: Archive) -> None:
    asyncio.run(add_sources(archive, [site.feed_url], FAST))
    run_once(archive)
    before = len(site.server.requests)
    run_once(archive)
    assert not article_requests_since(site.server, before)


def article_requests_since(server: WebServer, index: int) -> list[str]:
    return [r.path for r in server.requests[index:] if r.path.startswith("/news/")]


def as_big_run(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Make a run take a big run's path: extraction (and the hashes the archive needs)
    in a worker process. Returns the run options that ask for it."""
    monkeypatch.setattr(pipeline, "MIN_PAGES_FOR_WORKERS", 1)
    return {"extract_processes": 1}


def test_a_big_run_archives_as_a_small_one(
    site: NewsSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = open_archive(tmp_path / "small.db")
    asyncio.run(add_sources(small, [site.feed_url], FAST))
    assert run_once(small).archived == 5
    big = open_archive(tmp_path / "big.db")
    asyncio.run(add_sources(big, [site.feed_url], FAST))
    report = run_once(big, **as_big_run(monkeypatch))
    assert (report.archived, report.failed) == (5, 1)
    columns = "url, title, text, markdown, fingerprint, text_hash"
    query = f"SELECT {columns} FROM articles ORDER BY url"
    assert big.db.execute(query).fetchall() == small.db.execute(query).fetchall()
    pages = "SELECT url, sha1, raw_size FROM pages ORDER BY url"
    assert big.db.execute(pages).fetchall() == small.db.execute(pages).fetchall()


def test_a_page_with_no_article_text_is_kept_for_a_better_extractor(
    site: NewsSite, archive: Archive
) -> None:
    empty = site.add("/news/shell.html", story(6))
    shell = "<html><body><div id='root'></div><script src='/app.js'></script></body></html>"
    site.server.page("/news/shell.html", shell)
    asyncio.run(add_sources(archive, [site.feed_url], FAST))
    report = run_once(archive)
    assert report.archived == 5 and (empty, NO_TEXT) in report.failures
    assert archive.page_count() == 6  # the shell's raw page too
    assert archive.article(empty) is None


def test_the_queue_is_taken_a_batch_at_a_time_each_url_once(
    site: NewsSite, archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worklist, "WORK_BATCH", 2)
    flaky = site.add("/news/flaky.html", story(6))
    site.server.page("/news/flaky.html", "busy", status=503, content_type="text/plain")
    asyncio.run(add_sources(archive, [site.feed_url], FAST))
    seen: list[tuple[int, int]] = []
    report = asyncio.run(
        run(
            archive,
            RunOptions(fetch=FAST),
            progress=lambda _, done, total: seen.append((done, total)),
        )
    )
    assert (report.archived, report.failed) == (5, 2)  # (and robots.txt's /private/)
    requests = article_requests(site.server)
    assert sorted(requests) == sorted(set(requests))  # none twice, the 503 either
    assert archive.pending() == [flaky]  # left for the next run
    assert seen[-1] == (7, 7)  # the progress bar counts the whole queue


@pytest.mark.parametrize("big", [False, True])
def test_max_time_stops_cleanly_and_the_next_run_finishes(
    server: WebServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, big: bool
) -> None:
    options = as_big_run(monkeypatch) if big else {}
    site = NewsSite(server)
    for n in range(6):
        slow = story(n)
        slow.delay = 0.4
        site.add(f"/slow/{n}.html", slow)
    archive = open_archive(tmp_path / "a.db")
    asyncio.run(add_sources(archive, [site.feed_url], FAST))
    first = run_once(archive, max_time=0.9, workers=1, **options)
    assert first.stopped_early
    # Usually one or two pages; none when a loaded machine is slow to start the
    # extraction worker. Either way the next run must finish the rest, once each.
    assert first.archived < 6
    second = run_once(archive)
    assert first.archived + second.archived == 6
    assert archive.stats()["articles"] == 6


def test_at_max_time_a_page_downloaded_is_archived_not_fetched_again(
    site: NewsSite, archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    slowly = ExtractorPool.article_or_reason

    async def slow_extraction(self: ExtractorPool, page: Page) -> Any:
        await asyncio.sleep(0.8)  # the deadline passes while the page is in hand
        return await slowly(self, page)

    monkeypatch.setattr(ExtractorPool, "article_or_reason", slow_extraction)
    asyncio.run(add_sources(archive, [site.feed_url], FAST))
    first = run_once(archive, max_time=0.4, workers=1, extract_processes=0)
    assert first.stopped_early and first.archived == 1
    run_once(archive, extract_processes=0)
    requests = article_requests(site.server)
    assert archive.stats()["articles"] == 5 and sorted(requests) == sorted(set(requests))


def test_the_sources_a_run_had_no_time_for_are_polled_first_next_run(
    server: WebServer, archive: Archive
) -> None:
    empty = '<rss version="2.0"><channel><title>Desk</title></channel></rss>'
    for n in range(8):
        server.page(f"/feed-{n}.xml", empty, content_type="application/rss+xml")
        archive.add_source(server.url(f"/feed-{n}.xml"), "feed")
    slow = replace(FAST, delay=0.4)  # one host: its polls wait in turn

    def polled() -> dict[str, str | None]:
        return {s.url: s.last_polled_at for s in archive.sources()}

    asyncio.run(run(archive, RunOptions(fetch=slow, max_time=2.0)))
    first = {url for url, at in polled().items() if at}
    assert 0 < len(first) < 8
    before = polled()
    asyncio.run(run(archive, RunOptions(fetch=slow, max_time=2.0)))
    second = {url for url, at in polled().items() if at != before[url]}
    assert second - first  # not the same ones again


@pytest.mark.timeout(60)  # a guard, not a measure: waiting for the feed takes 120 s
def test_a_hanging_source_leaves_time_to_fetch_what_the_others_found(
    site: NewsSite, archive: Archive
) -> None:
    server = site.server
    server.route("/slow-feed.xml", lambda exchange: exchange.stall(120))
    asyncio.run(add_sources(archive, [site.feed_url], FAST))
    archive.add_source(server.url("/slow-feed.xml"), "feed")
    # The stalled poll outlasts the run (its timeout and stall), so the run can only end
    # by leaving it at --max-time, which it records; it never ran out on its own.
    report = asyncio.run(run(archive, RunOptions(fetch=replace(FAST, timeout=120), max_time=3.0)))
    assert report.archived == 5 and report.stopped_early  # the good feed's, fetched in time
    polled = {s.url: s.last_outcome for s in archive.sources()}
    assert polled[server.url("/slow-feed.xml")] == (
        "not finished at --max-time; polled first next run"
    )


def test_a_batch_reads_past_what_the_run_tried_and_left_queued(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(worklist, "HOST_SHARE", 100)
    queue = [f"https://news.example/{i}" for i in range(100)]
    tried = set(queue[:50])  # tried by this run, still queued (transient failures)
    assert worklist.fair_share(iter(queue), str, 10, tried) == queue[50:60]
    assert worklist.fair_share(iter(queue), str, 10, set(queue)) == []  # the queue ends


def test_one_hosts_backlog_cannot_hold_up_the_other_hosts(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sitemap of undated pages is as new as the poll that found it: newer than the
    feeds' dated items. At one request a second per host, a batch of it alone would keep
    every other site waiting for hours."""
    monkeypatch.setattr(worklist, "WORK_BATCH", 10)
    monkeypatch.setattr(worklist, "HOST_SHARE", 4)
    feed = [Discovered(f"https://b.example/{n}", lastmod="2024-03-01") for n in range(3)]
    archive.enqueue(feed, source_id=None, at="2024-03-02T09:00:00+00:00")
    backlog = [Discovered(f"https://a.example/{n}") for n in range(30)]  # undated
    archive.enqueue(backlog, source_id=None, at="2024-03-02T10:00:00+00:00")
    assert archive.pending(limit=10) == [f"https://a.example/{n}" for n in range(10)]

    tried: set[str] = set()
    first = [job.url for job in worklist.work_list(archive, limit=10, tried=tried)]
    assert first == [
        "https://a.example/0", "https://b.example/0", "https://a.example/1",
        "https://b.example/1", "https://a.example/2", "https://b.example/2",
        "https://a.example/3",
    ]  # fmt: skip
    # The next batch goes on with the backlog (a URL this run tried is not taken again).
    second = worklist.work_list(archive, limit=10, tried=tried | set(first))
    assert [job.url for job in second] == [f"https://a.example/{n}" for n in range(4, 8)]
