"""What a run remembers of a host for the runs after it (schema 16), against a real server
on 127.0.0.1 with the clock stepped as cron's runs would find it: a Retry-After beyond the
run (webmaster28 QA F05), robots.txt kept with its validators for a day (F11), and a
story's address that redirects for good (F07).

The clock is stepped by replacing `scraper.clock.now`, the one every stored time reads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cronruns import CronRuns
from newssite import NewsSite, story
from webserver import Exchange, WebServer

from scraper import clock
from scraper.archive import open_archive
from scraper.cli.report import run_summary
from scraper.fetch import FetchConfig
from scraper.fetch_memory import RobotsCopy
from scraper.models import FetchOutcome
from scraper.robots import kept_after

FAST = FetchConfig(delay=0, timeout=5, retries=1, backoff=0.01)
HOST = "127.0.0.1"
ROBOTS = "http://127.0.0.1/robots.txt"


@pytest.fixture
def runs(server: WebServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CronRuns:
    archive = open_archive(tmp_path / "a.db")
    return CronRuns(archive, server, monkeypatch, datetime.now(UTC), FAST)


def with_etag(body: bytes, content_type: str = "text/plain") -> Callable[[Exchange], None]:
    etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'

    def handler(exchange: Exchange) -> None:
        if exchange.request.header("if-none-match") == etag:
            exchange.send(status=304, content_type=None, headers=[("ETag", etag)])
        else:
            exchange.send(body, content_type=content_type, headers=[("ETag", etag)])

    return handler


# --- F05: a Retry-After longer than a run ----------------------------------------------


def asking_to_wait(server: WebServer) -> list[bool]:
    """The site's feed answers 429 with "Retry-After: 3600" while the flag returned
    holds True, and as before once it is set False."""
    feed, busy = server._handler_for("/feed.xml"), [True]

    def limited(exchange: Exchange) -> None:
        if busy[0]:
            exchange.send(b"slow down", status=429, headers=[("Retry-After", "3600")])
        else:
            feed(exchange)

    server.route("/feed.xml", limited)
    return busy


def test_a_host_that_asked_for_an_hour_is_left_alone_by_the_runs_in_it(
    runs: CronRuns, server: WebServer
) -> None:
    site = NewsSite(server)
    site.add("/news/1.html", story(1))
    busy = asking_to_wait(server)
    source = runs.archive.add_source(site.feed_url, "feed")
    first = runs.at(0)
    assert runs.asked() == ["/robots.txt", "/feed.xml"]  # (asked once: not again in 120 s)
    ((host, until),) = first.waiting
    assert host == HOST and until == clock.to_iso(runs.start + timedelta(hours=1))
    assert first.sources_failed == 0  # (it asked politely: no failure of the source)

    busy[0] = False  # (the next runs would find it answering: they must not ask)
    for quarter in (0.25, 0.5, 0.75):
        later = runs.at(quarter)
        assert runs.asked() == [] and later.waiting == first.waiting
        assert f"left alone as they asked: {HOST} until {until}" in run_summary(later.to_dict())
    polled = runs.archive.source(source.url)
    assert polled is not None and polled.failures == 0
    assert polled.last_outcome == (
        f"asked to wait 3600 s (Retry-After), until {until}; {HOST} skipped this run"
    )

    after = runs.at(1.01)
    assert runs.asked() == ["/feed.xml", "/news/1.html"]  # (robots.txt: read 1 h ago)
    assert (after.archived, after.waiting) == (1, ())


def test_a_wait_of_a_year_keeps_later_runs_away_a_day_at_most(
    runs: CronRuns, server: WebServer
) -> None:
    site = NewsSite(server)
    server.page("/feed.xml", b"busy", status=429, headers=[("Retry-After", "31536000")])
    runs.archive.add_source(site.feed_url, "feed")
    ((_, until),) = runs.at(0).waiting
    assert until == clock.to_iso(runs.start + timedelta(hours=24))


def test_a_story_of_a_waiting_host_waits_unrequested_with_no_attempt_counted(
    runs: CronRuns, server: WebServer
) -> None:
    site = NewsSite(server)
    address = site.add("/news/1.html", story(1))
    runs.archive.add_source(site.feed_url, "feed")
    runs.at(0)
    server.page("/feed.xml", b"busy", status=503, headers=[("Retry-After", "7200")])
    server.page("/news/1.html", b"busy", status=503, headers=[("Retry-After", "7200")])
    runs.at(1.01)  # the story's 1 h revisit: the feed asks for two hours
    assert runs.asked() == ["/feed.xml"]
    report = runs.at(2)
    assert runs.asked() == [] and report.deferred == 1 and report.failed == 0
    (entry, *_) = runs.archive.fetch_log(limit=1)
    assert (entry.url, entry.outcome) == (address, "deferred")
    assert "until" in entry.reason and entry.reason.endswith(f"{HOST} skipped this run")


# --- F11: robots.txt kept a day, then asked for conditionally ---------------------------


def test_robots_txt_is_kept_a_day_then_revalidated(runs: CronRuns, server: WebServer) -> None:
    site = NewsSite(server)
    site.add("/news/1.html", story(1))
    site.add("/private/2.html", story(2))
    server.route("/robots.txt", with_etag(b"User-agent: *\nDisallow: /private/\n"))
    runs.archive.add_source(site.feed_url, "feed")
    runs.at(0)
    assert runs.asked()[:2] == ["/robots.txt", "/feed.xml"]
    for hours in (1.01, 12, 23.9):
        runs.at(hours)
        assert "/robots.txt" not in runs.asked()
    runs.at(24.1)
    (robots,) = runs.requested("/robots.txt")
    assert robots.header("if-none-match")  # answered 304: the copy holds another day
    assert "/private/2.html" not in runs.asked()
    runs.at(30)
    assert "/robots.txt" not in runs.asked()
    server.page("/robots.txt", b"User-agent: *\nDisallow: /news/\n", content_type="text/plain")
    runs.at(48.2)  # a new robots.txt, read whole, obeyed at once
    assert runs.asked()[0] == "/robots.txt" and "/news/1.html" not in runs.asked()


def test_a_missing_robots_txt_allows_all_and_is_not_asked_for_again_that_day(
    runs: CronRuns, server: WebServer
) -> None:
    site = NewsSite(server)
    site.add("/private/2.html", story(2))
    server.page("/robots.txt", b"no such page", status=404)
    runs.archive.add_source(site.feed_url, "feed")
    assert runs.at(0).archived == 1
    runs.at(1.01)
    assert "/robots.txt" not in runs.asked() and "/private/2.html" in runs.asked()


def test_an_unreachable_robots_txt_disallows_all_then_its_last_copy_is_obeyed(
    runs: CronRuns, server: WebServer
) -> None:
    site = NewsSite(server)
    site.add("/news/1.html", story(1))
    site.add("/private/2.html", story(2))
    runs.archive.add_source(site.feed_url, "feed")
    runs.at(0)
    server.page("/robots.txt", b"down", status=500)
    site.add("/news/3.html", story(3))
    for hours in (25, 30, 36.9):  # unreachable since 25 h: the site is left alone
        report = runs.at(hours)
        assert set(runs.asked()) == {"/robots.txt"} and report.archived == 0
    report = runs.at(37.1)  # 12 h on: its copy of 37 h ago is obeyed
    assert report.archived == 1 and "/private/2.html" not in runs.asked()
    runs.at(31 * 24)  # a copy 31 days old is no longer used: alone again
    assert set(runs.asked()) == {"/robots.txt"}


def test_an_unreachable_robots_txt_never_read_keeps_the_site_alone(
    runs: CronRuns, server: WebServer
) -> None:
    site = NewsSite(server)
    site.add("/news/1.html", story(1))
    server.page("/robots.txt", b"down", status=503)
    runs.archive.add_source(site.feed_url, "feed")
    for hours in (0, 13, 40):
        assert runs.at(hours).archived == 0 and set(runs.asked()) == {"/robots.txt"}


# --- new29 F02, F03: what a run stored while the clock was fast -------------------------

YEAR = 365 * 24  # hours: a board booted a year ahead, until NTP set its clock right


def test_a_hold_asked_while_the_clock_was_fast_ends_when_the_wait_does(
    runs: CronRuns, server: WebServer
) -> None:
    site = NewsSite(server)
    site.add("/news/1.html", story(1))
    busy = asking_to_wait(server)
    runs.archive.add_source(site.feed_url, "feed")
    assert runs.at(YEAR).waiting  # (until a year and an hour from the right time)
    busy[0] = False
    later = runs.at(2)  # the hour asked for is over (was: left alone a year)
    assert "/feed.xml" in runs.asked() and (later.archived, later.waiting) == (1, ())


def test_a_robots_txt_read_while_the_clock_was_fast_is_read_again(
    runs: CronRuns, server: WebServer
) -> None:
    site = NewsSite(server)
    site.add("/news/1.html", story(1))
    server.page("/robots.txt", b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    runs.archive.add_source(site.feed_url, "feed")
    assert runs.at(YEAR).archived == 1
    server.page("/robots.txt", b"User-agent: *\nDisallow: /news/\n", content_type="text/plain")
    site.add("/news/2.html", story(2))
    runs.at(2)  # (was: the copy "fetched a year from now" fresh till then, not asked)
    assert runs.asked()[0] == "/robots.txt" and "/news/2.html" not in runs.asked()


def test_a_robots_txt_unreachable_since_a_fast_clock_is_unreachable_since_now() -> None:
    now, ahead = "2026-01-01T00:00:00+00:00", "2027-01-01T00:00:00+00:00"
    kept = RobotsCopy(ROBOTS, ahead, error="HTTP 503", unreachable_since=ahead)
    down = FetchOutcome(ROBOTS, "error", status=503, reason="HTTP 503")
    assert kept_after(ROBOTS, kept, down, now).unreachable_since == now  # (was: left alone
    # till a year on, then its copy obeyed at once: not the 12 h a site is left alone)


# --- F07: a story's address that redirects for good -------------------------------------


def test_a_revisit_goes_straight_to_where_the_story_moved_for_good(
    runs: CronRuns, server: WebServer
) -> None:
    site = NewsSite(server)
    item = story(1)
    new = site.add("/news/new-slug.html", item)
    server.redirect("/news/old-slug.html", "/news/new-slug.html", status=301)
    server.page(
        "/feed.xml",
        f'<rss version="2.0"><channel><title>T</title><item><title>{item.title}</title>'
        f"<link>{server.url('/news/old-slug.html')}</link></item></channel></rss>".encode(),
        content_type="application/rss+xml",
    )
    old = server.url("/news/old-slug.html")
    runs.archive.add_source(site.feed_url, "feed")
    runs.at(0)
    assert runs.asked()[-2:] == ["/news/old-slug.html", "/news/new-slug.html"]
    stored = runs.archive.article(old)
    assert stored is not None

    assert runs.at(1.01).not_modified == 1
    (revisit,) = runs.requested("/news/new-slug.html")
    assert "/news/old-slug.html" not in runs.asked() and revisit.header("if-none-match")
    item.paragraphs.append("The council will vote again in May.")
    assert runs.at(3.01).new_versions == 1
    assert "/news/old-slug.html" not in runs.asked()

    again, by_new = runs.archive.article(old), runs.archive.article(new)
    assert again is not None and by_new is not None
    assert again.id == by_new.id == stored.id and again.versions == 2
    assert again.article.text.endswith("again in May.")
    visits = [e for e in runs.archive.fetch_log() if e.url == old]
    assert [e.outcome for e in visits] == ["ok", "not_modified", "ok"][::-1]  # (newest first)


def test_a_story_whose_new_address_is_gone_is_asked_for_at_its_own(
    runs: CronRuns, server: WebServer
) -> None:
    site = NewsSite(server)
    item = story(1)
    site.add("/news/b.html", item)
    server.redirect("/news/a.html", "/news/b.html", status=301)
    server.page(
        "/feed.xml",
        f'<rss version="2.0"><channel><title>T</title><item><title>{item.title}</title>'
        f"<link>{server.url('/news/a.html')}</link></item></channel></rss>".encode(),
        content_type="application/rss+xml",
    )
    runs.archive.add_source(site.feed_url, "feed")
    assert runs.at(0).archived == 1
    # The slug change undone: the old address serves the story (edited), the new one 404s.
    server.page("/news/b.html", b"not found", status=404)
    item.paragraphs.append("The council will vote again in May.")
    site.add("/news/a.html", item)
    report = runs.at(1.01)  # (was: gone 1, the story taken down; rechecks at b only)
    assert (report.new_versions, report.to_dict()["gone"]) == (1, 0)
    assert runs.asked()[-2:] == ["/news/b.html", "/news/a.html"]
    stored = runs.archive.article(server.url("/news/a.html"))
    assert stored is not None and stored.removed_at is None and stored.versions == 2
    runs.at(3.01)  # the move forgotten: revisited at its own address only
    assert "/news/b.html" not in runs.asked() and "/news/a.html" in runs.asked()
