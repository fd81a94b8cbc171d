"""robots.txt changing its answer across cron runs, on a real server on 127.0.0.1 (QA
corners30): rules, then none (404), then unreachable (503, 429), then other rules. A
story is never fetched while its robots.txt disallows it (or cannot be read), and is
fetched once it allows it again.

The clock is stepped by replacing `scraper.clock.now`, the one every stored time reads.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from cronruns import CronRuns, localhost_public
from newssite import NewsSite, story
from webserver import WebServer

from scraper.archive import Archive, open_archive
from scraper.fetch import FetchConfig

FAST = FetchConfig(delay=0, timeout=5, retries=0)


@pytest.fixture
def runs(server: WebServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CronRuns:
    start = datetime(2026, 3, 1, 8, tzinfo=UTC)
    return CronRuns(open_archive(tmp_path / "a.db"), server, monkeypatch, start, FAST)


def robots(server: WebServer, body: str | None, status: int = 200) -> None:
    server.page("/robots.txt", body or "", status=status, content_type="text/plain")


def archived(archive: Archive, site: NewsSite, path: str) -> bool:
    return archive.article(site.server.url(path)) is not None


def test_stories_are_fetched_only_while_robots_txt_allows_them(
    runs: CronRuns, server: WebServer
) -> None:
    site = NewsSite(server)  # robots.txt: Disallow /private/
    site.add("/news/1.html", story(1))
    site.add("/private/2.html", story(2))
    runs.archive.add_source(site.feed_url, "feed")
    runs.at(0)
    assert "/private/2.html" not in runs.asked() and archived(runs.archive, site, "/news/1.html")

    robots(server, "no such page", status=404)  # RFC 9309: no rules, all allowed
    runs.at(25)
    assert archived(runs.archive, site, "/private/2.html")

    robots(server, "down", status=503)  # unreachable: a complete disallow
    site.add("/private/3.html", story(3))
    for hours, status in ((50, 503), (55, 429), (61, 500)):
        robots(server, "down", status=status)
        runs.at(hours)
        assert set(runs.asked()) == {"/robots.txt"}
    robots(server, "down", status=503)
    runs.at(62.5)  # 12 h unreachable: its last copy (no rules, 37 h old) is obeyed
    assert archived(runs.archive, site, "/private/3.html")

    robots(server, "User-agent: *\nDisallow: /news/\n")  # other rules, obeyed at once
    site.add("/news/4.html", story(4))
    site.add("/private/5.html", story(5))
    for hours in (80, 81.5, 84, 90):
        runs.at(hours)
        assert not [p for p in runs.asked() if p.startswith("/news/")]
    assert archived(runs.archive, site, "/private/5.html")
    assert not archived(runs.archive, site, "/news/4.html")

    robots(server, "User-agent: *\nDisallow:\n")  # allowed again: fetched within a day
    runs.at(105)  # (the copy of 80 h is fresh till 104 h)
    runs.at(110)
    assert archived(runs.archive, site, "/news/4.html")


def test_a_robots_txt_that_redirects_to_another_host_is_obeyed_there(
    runs: CronRuns, server: WebServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RFC 9309 §2.3.1.2: a redirected robots.txt is followed (five hops at least), and
    the rules it finds are the site's."""
    localhost_public(monkeypatch)
    site = NewsSite(server)
    site.add("/news/1.html", story(1))
    site.add("/private/2.html", story(2))
    server.redirect("/robots.txt", server.url("/cdn/robots.txt", host="localhost"), status=301)
    server.page("/cdn/robots.txt", "User-agent: *\nDisallow: /private/\n")
    runs.archive.add_source(site.feed_url, "feed")
    runs.at(0)
    assert "/cdn/robots.txt" in runs.asked() and "/private/2.html" not in runs.asked()
    assert archived(runs.archive, site, "/news/1.html")
