"""Sources whose addresses redirect, across cron runs on a real server on 127.0.0.1 (QA
corners30): a feed that moves and comes back, and two feeds that come to redirect to
one. A user expects one source per feed, each story once, the feed read once a run, and
`sources` saying which address is read.

The clock is stepped by replacing `scraper.clock.now`, the one every stored time reads.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from cronruns import CronRuns
from newssite import NewsSite, story
from webserver import Exchange, WebServer

from scraper.archive import Archive, open_archive
from scraper.cli import cli
from scraper.fetch import FetchConfig

FAST = FetchConfig(delay=0, timeout=5, retries=0)


@dataclass
class Runs(CronRuns):
    """Cron's runs, and what `scraper sources` says after them."""

    db: Path = Path()

    def listed(self) -> list[dict[str, Any]]:
        result = CliRunner().invoke(cli, ["sources", "--json", "--db", str(self.db)])
        assert result.exit_code == 0
        listed: list[dict[str, Any]] = json.loads(result.stdout)
        return listed

    def shown(self) -> str:
        return CliRunner().invoke(cli, ["sources", "--db", str(self.db)]).stdout


@pytest.fixture
def runs(server: WebServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Runs:
    db = tmp_path / "a.db"
    start = datetime(2026, 3, 1, 8, tzinfo=UTC)
    return Runs(open_archive(db), server, monkeypatch, start, FAST, db=db)


def feed(site: NewsSite, path: str) -> None:
    """Serve the site's feed (its stories) at `path` too."""

    def send(exchange: Exchange) -> None:
        items = "".join(
            f"<item><title>{s.title}</title><link>{site.server.url(p)}</link></item>"
            for p, s in site.stories.items()
        )
        body = f'<rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode()
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if exchange.request.header("if-none-match") == etag:
            exchange.send(status=304, content_type=None, headers=[("ETag", etag)])
        else:
            exchange.send(body, content_type="application/rss+xml", headers=[("ETag", etag)])

    site.server.route(path, send)


def stories(archive: Archive) -> int:
    return int(archive.db.execute("SELECT count(*) FROM articles").fetchone()[0])


def polled_once_each(asked: list[str], *paths: str) -> bool:
    return all(asked.count(p) <= 1 for p in paths)


def test_a_feed_that_moves_and_moves_back_stays_one_source(runs: Runs, server: WebServer) -> None:
    site = NewsSite(server)
    site.add("/news/1.html", story(1))
    a, b = server.url("/a.xml"), server.url("/b.xml")
    feed(site, "/a.xml")
    source = runs.archive.add_source(a, "feed")
    assert runs.at(0).archived == 1

    server.redirect("/a.xml", b, status=301)  # A -> B: moved after 3 polls over a day
    feed(site, "/b.xml")
    site.add("/news/2.html", story(2))
    for hours in (12, 24, 36):
        runs.at(hours)
        assert polled_once_each(runs.asked(), "/a.xml", "/b.xml")
    (listed,) = runs.listed()
    assert (listed["id"], listed["url"], listed["moved_from"]) == (source.id, b, a)
    runs.at(40)
    assert "/a.xml" not in runs.asked() and runs.asked().count("/b.xml") == 1

    server.redirect("/a.xml", b, status=301)  # both ways at once: a loop, a failed poll
    server.redirect("/b.xml", a, status=301)
    runs.at(44)
    (listed,) = runs.listed()
    assert listed["url"] == b and listed["failures"] == 1

    feed(site, "/a.xml")  # B -> A: back after 3 polls over a day
    site.add("/news/3.html", story(3))
    for hours in (48, 60, 72):
        report = runs.at(hours)
        assert polled_once_each(runs.asked(), "/a.xml", "/b.xml")
    (listed,) = runs.listed()
    assert (listed["id"], listed["url"], listed["failures"]) == (source.id, a, 0)
    assert (listed["moved_to"], listed["moved_from"], listed["past_urls"]) == (None, None, [b])
    assert "moved" not in runs.shown()
    runs.at(76)
    assert runs.asked().count("/a.xml") == 1 and "/b.xml" not in runs.asked()
    assert stories(runs.archive) == 3 and report.sources_failed == 0
    assert runs.archive.source(b) == runs.archive.source(a)  # (either address names it)


def test_a_moved_feed_whose_new_address_is_gone_goes_back_to_its_old_one(
    runs: Runs, server: WebServer
) -> None:
    """The move undone: B answers 404 and A serves the feed again. The source is read at
    A at once (not a failing source for ever), and moves back there."""
    site = NewsSite(server)
    site.add("/news/1.html", story(1))
    a, b = server.url("/a.xml"), server.url("/b.xml")
    server.redirect("/a.xml", b, status=301)
    feed(site, "/b.xml")
    source = runs.archive.add_source(a, "feed")
    for hours in (0, 12, 24):
        runs.at(hours)
    assert runs.listed()[0]["url"] == b

    server.page("/b.xml", b"not found", status=404)
    feed(site, "/a.xml")
    site.add("/news/2.html", story(2))
    report = runs.at(30)
    assert report.archived == 1 and report.sources_failed == 0
    assert runs.asked()[:2] == ["/b.xml", "/a.xml"]
    (listed,) = runs.listed()
    assert (listed["id"], listed["url"], listed["failures"]) == (source.id, a, 0)
    runs.at(31)
    assert "/b.xml" not in runs.asked() and runs.asked().count("/a.xml") == 1
    assert stories(runs.archive) == 2


def test_two_feeds_that_come_to_redirect_to_one_are_read_once_a_run(
    runs: Runs, server: WebServer
) -> None:
    site = NewsSite(server)
    site.add("/news/1.html", story(1))
    a, c, b = server.url("/a.xml"), server.url("/c.xml"), server.url("/b.xml")
    feed(site, "/a.xml")
    feed(site, "/c.xml")
    first = runs.archive.add_source(a, "feed")
    second = runs.archive.add_source(c, "feed")
    assert runs.at(0).archived == 1

    server.redirect("/a.xml", b, status=301)
    server.redirect("/c.xml", b, status=308)
    feed(site, "/b.xml")
    site.add("/news/2.html", story(2))
    for hours in (12, 24, 36):
        runs.at(hours)
    runs.at(40)
    assert runs.asked().count("/b.xml") == 1 and "/c.xml" not in runs.asked()
    (listed,) = runs.listed()  # one source reads B, and says it is read for the other
    added = {first.id: a, second.id: c}
    joined = c if listed["id"] == first.id else a
    assert (listed["url"], listed["moved_from"]) == (b, added[listed["id"]])
    assert (listed["past_urls"], listed["read_for"]) == ([added[listed["id"]]], [joined])
    assert f"also read for {joined}, which redirects here" in runs.shown()
    assert stories(runs.archive) == 2
    assert runs.archive.source(c) == runs.archive.source(b) == runs.archive.source(a)
    (other,) = [s for s in runs.archive.sources(removed=True) if s.url == joined]
    assert other.removed_at is not None and other.moved_to == b
    result = CliRunner().invoke(cli, ["add", joined, "--db", str(runs.db), "--delay", "0"])
    assert result.exit_code == 0 and f"(moved to {b} on" in result.stdout
    assert [s.url for s in runs.archive.sources()] == [b]  # (not a second source again)
