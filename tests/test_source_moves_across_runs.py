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
from cronruns import CronRuns, localhost_public
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
    A at once (not a failing source), and moves back there on the evidence a move needs:
    3 polls over a day (QA new30 F01: one 404 was enough)."""
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
    assert (listed["url"], listed["moved_to"], listed["failures"]) == (b, a, 0)
    assert listed["last_outcome"] == f"HTTP 404 Not Found; read at {a}: 2 links, 1 new"
    for hours in (42, 54):
        assert runs.at(hours).sources_failed == 0
    (listed,) = runs.listed()
    assert (listed["id"], listed["url"], listed["moved_from"]) == (source.id, a, None)
    runs.at(55)
    assert "/b.xml" not in runs.asked() and runs.asked().count("/a.xml") == 1
    assert stories(runs.archive) == 2


def test_a_moved_feed_gone_once_stays_where_it_is_if_its_old_address_is_no_feed(
    runs: Runs, server: WebServer
) -> None:
    """QA new30 F01: B answered 404 once while A served the site's home page; the source
    moved back to A at once, failing there for ever (B never asked again). A page is no
    feed of its: the poll is the failure it is, and the next one reads B."""
    site = NewsSite(server)
    site.add("/news/1.html", story(1))
    a, b = server.url("/a.xml"), server.url("/b.xml")
    server.redirect("/a.xml", b, status=301)
    feed(site, "/b.xml")
    runs.archive.add_source(a, "feed")
    for hours in (0, 12, 24):
        runs.at(hours)
    server.page("/a.xml", "<html><head><title>Herald</title></head><body><p>News</p></body></html>")
    server.page("/b.xml", b"not found", status=404)
    assert runs.at(30).sources_failed == 1
    (listed,) = runs.listed()
    assert (listed["url"], listed["moved_to"]) == (b, None)

    feed(site, "/b.xml")
    site.add("/news/2.html", story(2))
    for hours in (31, 60, 90):
        assert runs.at(hours).sources_failed == 0
        assert "/a.xml" not in runs.asked()
    assert runs.listed()[0]["url"] == b and stories(runs.archive) == 2


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


def invoke(runs: Runs, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args, "--db", str(runs.db)])
    return result.exit_code, result.stdout, result.stderr


def joined(runs: Runs, site: NewsSite, first: str, second: str, to: str) -> None:
    """The feeds at `first` and `second` come to 301 to `to`: the second joins the first."""
    server = site.server
    for address in (first, second):
        server.redirect(address, server.url(to), status=301)
    feed(site, to)
    for hours in (12, 24, 36):
        runs.at(hours)


def test_a_joined_feed_that_serves_its_own_again_is_added_back_by_its_address(
    runs: Runs, server: WebServer
) -> None:
    """QA new30 F04: C joined A's source (both redirected to B), then C served a feed of
    its own again: it was never read, `add C` fetched nothing and `remove C` removed the
    source the user added as A. Now `remove C` names the source reading B and leaves it
    be, and `add C` asks C: a feed of its own there is C's source again."""
    site = NewsSite(server)
    site.add("/news/1.html", story(1))
    a, c = server.url("/a.xml"), server.url("/c.xml")
    feed(site, "/a.xml")
    feed(site, "/c.xml")
    runs.archive.add_source(a, "feed")
    second = runs.archive.add_source(c, "feed")
    runs.at(0)
    joined(runs, site, "/a.xml", "/c.xml", "/b.xml")
    assert [s["url"] for s in runs.listed()] == [server.url("/b.xml")]

    sport = NewsSite(server)  # C split off again: its own stories
    sport.add("/sport/1.html", story(11))
    feed(sport, "/c.xml")
    code, _, err = invoke(runs, "remove", c)
    assert code == 1 and f"it redirects to {server.url('/b.xml')}" in err
    assert invoke(runs, "remove", str(second.id))[0] == 1  # (its id names the joined one)
    assert [s["url"] for s in runs.listed()] == [server.url("/b.xml")]

    code, out, _ = invoke(runs, "add", c, "--delay", "0")
    assert (code, out) == (0, f"feed    {c}  (feed, 1 links)\n")
    assert sorted(s["url"] for s in runs.listed()) == [server.url("/b.xml"), c]
    assert runs.archive.source(c) == runs.archive.source(second.id or 0)
    runs.at(40)
    assert runs.asked().count("/c.xml") == runs.asked().count("/b.xml") == 1
    assert stories(runs.archive) == 2


def test_a_joined_address_added_after_its_reader_was_removed_brings_that_back(
    runs: Runs, server: WebServer
) -> None:
    """QA new30 F05: A and C joined at B; the user removed that source, then added C:
    C came back as a source of its own, polling the redirect to B every run for ever.
    Now C names that source, as A does: it is read again at B, once a run, C never."""
    site = NewsSite(server)
    site.add("/news/1.html", story(1))
    a, b, c = server.url("/a.xml"), server.url("/b.xml"), server.url("/c.xml")
    feed(site, "/a.xml")
    feed(site, "/c.xml")
    first = runs.archive.add_source(a, "feed")
    runs.archive.add_source(c, "feed")
    runs.at(0)
    joined(runs, site, "/a.xml", "/c.xml", "/b.xml")
    assert invoke(runs, "remove", b)[0] == 0 and runs.listed() == []

    code, out, _ = invoke(runs, "add", c, "--delay", "0")
    assert (code, out) == (0, f"feed    {c}  (moved to {b} on 2026-03-02)\n")
    (listed,) = runs.listed()
    assert (listed["id"], listed["url"], listed["read_for"]) == (first.id, b, [c])
    for hours in (50, 80, 120):
        runs.at(hours)
        assert runs.asked().count("/b.xml") == 1 and "/c.xml" not in runs.asked()


def test_a_feed_that_comes_to_redirect_to_a_removed_source_joins_it(
    runs: Runs, server: WebServer
) -> None:
    """QA new30 F05b: a source at B was removed; later A 301s to B. A never moved (B's
    address taken) and polled the redirect every run for ever. Now, after the evidence a
    move needs, A joins B's source, which is read again: B once a run, A never."""
    site = NewsSite(server)
    site.add("/news/1.html", story(1))
    a, b = server.url("/a.xml"), server.url("/b.xml")
    feed(site, "/b.xml")
    gone = runs.archive.add_source(b, "feed")
    runs.at(0)
    assert invoke(runs, "remove", b)[0] == 0
    feed(site, "/a.xml")
    runs.archive.add_source(a, "feed")
    runs.at(1)
    server.redirect("/a.xml", b, status=301)
    for hours in (12, 24, 36):
        runs.at(hours)
    (listed,) = runs.listed()
    assert (listed["id"], listed["url"], listed["read_for"]) == (gone.id, b, [a])
    runs.at(40)
    assert runs.asked().count("/b.xml") == 1 and "/a.xml" not in runs.asked()


def test_a_chain_of_joins_keeps_every_address_naming_the_source_reading_it(
    runs: Runs, server: WebServer
) -> None:
    """QA new30 F06: A joined B's source, then B joined C's. A named the removed source
    of B: `remove A` said 'not an active source', `add A` made a second source reading C
    (C read twice a run). Now A names C's source (`add A`: 'moved to C on' the day A
    joined), which says it is read for both."""
    site = NewsSite(server)
    site.add("/news/1.html", story(1))
    a, b, c = server.url("/a.xml"), server.url("/b.xml"), server.url("/c.xml")
    for path in ("/a.xml", "/b.xml", "/c.xml"):
        feed(site, path)
    for url in (a, b, c):
        runs.archive.add_source(url, "feed")
    runs.at(0)
    server.redirect("/a.xml", b, status=301)
    for hours in (12, 24, 36):
        runs.at(hours)
    server.redirect("/b.xml", c, status=301)
    for hours in (48, 60, 72):
        runs.at(hours)
    (listed,) = runs.listed()
    assert (listed["url"], listed["read_for"]) == (c, [b, a])
    assert runs.archive.source(a) == runs.archive.source(b) == runs.archive.source(c)

    code, _, err = invoke(runs, "remove", a)
    assert code == 1 and f"it redirects to {c}, which source {listed['id']} reads" in err
    code, out, _ = invoke(runs, "add", a, "--delay", "0")
    assert (code, out) == (0, f"feed    {a}  (moved to {c} on 2026-03-02)\n")
    assert [s["url"] for s in runs.listed()] == [c]
    runs.at(90)
    assert runs.asked().count("/c.xml") == 1 and "/a.xml" not in runs.asked()


def test_a_trusted_feed_moved_to_another_host_and_back_is_trusted_at_home(
    runs: Runs, server: WebServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """QA new30 F10: a feed the user named on their own network (127.0.0.1) moved to a
    public host (localhost, said to be public here), untrusted there; then B answered 404
    and A served the feed again. A was refused (private, the source untrusted): failing
    for ever. The host the user named it on trusts it again: read there, and moved home
    after a day, trusted."""
    localhost_public(monkeypatch)
    site = NewsSite(server)
    site.add("/news/1.html", story(1))
    a, b = server.url("/a.xml"), server.url("/b.xml", host="localhost")
    server.redirect("/a.xml", b, status=301)
    feed(site, "/b.xml")
    runs.archive.add_source(a, "feed")
    for hours in (0, 12, 24):
        runs.at(hours)
    (moved,) = runs.archive.sources()
    assert (moved.url, moved.trusted) == (b, False)

    server.page("/b.xml", b"not found", status=404)
    feed(site, "/a.xml")
    site.add("/news/2.html", story(2))
    for hours in (30, 42, 54):
        assert runs.at(hours).sources_failed == 0
    (home,) = runs.archive.sources()
    assert (home.url, home.trusted, home.moved_from) == (a, True, None)
    runs.at(60)
    assert stories(runs.archive) == 2


def test_adding_a_moved_source_s_old_address_that_redirects_further_moves_nothing(
    runs: Runs, server: WebServer
) -> None:
    """A source moved from A to B; now B 301s to C too (not moved yet). `add A` asks A,
    which leads to C: no document of A's own, so it names the source at B, as before."""
    site = NewsSite(server)
    a, b, c = server.url("/a.xml"), server.url("/b.xml"), server.url("/c.xml")
    server.redirect("/a.xml", b, status=301)
    feed(site, "/b.xml")
    runs.archive.add_source(a, "feed")
    for hours in (0, 12, 24):
        runs.at(hours)
    server.redirect("/b.xml", c, status=301)
    feed(site, "/c.xml")
    runs.at(30)
    code, out, _ = invoke(runs, "add", a, "--delay", "0")
    assert (code, out) == (0, f"feed    {a}  (moved to {b} on 2026-03-02)\n")
    (listed,) = runs.listed()
    assert (listed["url"], listed["moved_to"]) == (b, c)
