"""A feed item's guid across polls (schema 17, `urls.guid`): a story listed at its old slug,
then in a later poll at a new slug under the same guid, is one story, against a feed on
127.0.0.1 over two runs; a guid that names no story (one on many items) ties nothing."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

import pytest
from newssite import NewsSite, story
from webserver import Exchange, WebServer

from scraper import clock
from scraper.archive import Archive, open_archive
from scraper.fetch import FetchConfig
from scraper.models import Discovered, RunReport
from scraper.pipeline import RunOptions, run

FAST = FetchConfig(delay=0, timeout=5, retries=0)
T0 = "2024-01-16T08:00:00+00:00"


class Feed:
    """An RSS feed of (path, guid) items, which a test changes between polls."""

    def __init__(self, server: WebServer) -> None:
        self.server, self.items = server, list[tuple[str, str]]()
        server.route("/feed.xml", self._send)

    def _send(self, exchange: Exchange) -> None:
        items = "".join(
            f"<item><link>{self.server.url(path)}</link>"
            f"<guid isPermaLink='false'>{escape(guid)}</guid></item>"
            for path, guid in self.items
        )
        body = f"<rss version='2.0'><channel><title>H</title>{items}</channel></rss>"
        exchange.send(body.encode(), content_type="application/rss+xml")


def run_at(archive: Archive, monkeypatch: pytest.MonkeyPatch, hours: float) -> RunReport:
    start = datetime(2024, 1, 16, 8, tzinfo=UTC)
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(hours=hours))
    return asyncio.run(run(archive, RunOptions(fetch=FAST, extract_processes=0)))


def test_a_new_slug_under_a_known_guid_is_the_same_story(
    server: WebServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, feed = NewsSite(server), Feed(server)
    item = story(1)
    old = site.add("/news/vote.html", item)
    feed.items = [("/news/vote.html", "?p=4101")]
    with open_archive(tmp_path / "a.db") as archive:
        archive.add_source(server.url("/feed.xml"), "feed")
        assert run_at(archive, monkeypatch, 0).archived == 1

        # The headline changed, with the slug; the story grew a paragraph.
        edited = story(1)
        edited.title = "Harbour vote delayed to May"
        edited.paragraphs.append("The vote was moved to May after a late objection.")
        new = site.add("/news/vote-delayed.html", edited)
        feed.items = [("/news/vote-delayed.html", "?p=4101")]
        seen = len(server.requests)
        report = run_at(archive, monkeypatch, 2)
        assert (report.archived, report.new_versions) == (0, 1)  # (was 2 stories: 1, 0)
        asked = [r.path for r in server.requests[seen:]]
        assert "/news/vote.html" not in asked and asked.count("/news/vote-delayed.html") == 1

        by_old, by_new = archive.article(old), archive.article(new)
        assert by_old is not None and by_new is not None and by_old.id == by_new.id
        assert (by_new.versions, by_new.article.url, by_new.article.title) == (
            2, new, "Harbour vote delayed to May"
        )  # fmt: skip
        assert len(list(archive.iter_articles())) == 1
        # Revisited at its new address from now on, not its old one too.
        due = archive.db.execute(
            "SELECT url FROM urls WHERE next_visit_at IS NOT NULL AND state = 'done'"
        ).fetchall()
        assert due == [(new,)]
        assert run_at(archive, monkeypatch, 3).archived == 0  # (listed again: nothing new)
        assert len(list(archive.iter_articles())) == 1 and archive.pending() == []


def test_a_guid_on_many_items_ties_nothing_across_polls(
    server: WebServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CMS that writes one guid for every item: a later poll's item under it is another
    story (7a2f704's rule within one poll, kept across polls)."""
    site, feed = NewsSite(server), Feed(server)
    paths = [f"/news/{n}.html" for n in range(4)]
    for n, path in enumerate(paths):
        site.add(path, story(n))
    feed.items = [(path, "same") for path in paths[:3]]
    with open_archive(tmp_path / "a.db") as archive:
        archive.add_source(server.url("/feed.xml"), "feed")
        assert run_at(archive, monkeypatch, 0).archived == 3
        feed.items = [(paths[3], "same")]
        assert run_at(archive, monkeypatch, 2).archived == 1
        assert len(list(archive.iter_articles())) == 4


def test_a_story_queued_but_not_fetched_is_fetched_at_its_new_address(tmp_path: Path) -> None:
    old, new = "https://herald.example/news/vote", "https://herald.example/news/vote-delayed"
    with open_archive(tmp_path / "a.db") as archive:
        source = archive.add_source("https://herald.example/feed", "feed")
        archive.enqueue([Discovered(old, guid="4101")], source_id=source.id, at=T0)
        archive.enqueue([Discovered(new, guid="4101")], source_id=source.id, at=T0)
        assert archive.pending() == [new]
        # Two stories under one guid (one not listed under it before 17): no identity.
        other = "https://herald.example/news/ferry"
        archive.enqueue([Discovered(other)], source_id=source.id, at=T0)
        archive.enqueue([Discovered(other, guid="4101")], source_id=source.id, at=T0)
        archive.enqueue([Discovered(old + "-2", guid="4101")], source_id=source.id, at=T0)
        assert sorted(archive.pending()) == sorted([new, other, old + "-2"])


def test_a_guid_given_again_weeks_later_is_a_new_story(
    server: WebServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CMS that gives an id again (restored, its counter restarted): the unrelated story
    under it a month on is a new one (QA new29 F01), and the guid names it from then on."""
    site, feed = NewsSite(server), Feed(server)
    first, other = story(1), story(2)
    other.title = "Local bakery wins national bread award"
    old = site.add("/news/harbour.html", first)
    feed.items = [("/news/harbour.html", "4101")]
    with open_archive(tmp_path / "a.db") as archive:
        archive.add_source(server.url("/feed.xml"), "feed")
        assert run_at(archive, monkeypatch, 0).archived == 1
        new = site.add("/news/bakery.html", other)
        feed.items = [("/news/bakery.html", "4101")]
        report = run_at(archive, monkeypatch, 30 * 24)
        assert (report.archived, report.new_versions) == (1, 0)  # (was 0, 1: one story)
        by_old, by_new = archive.article(old), archive.article(new)
        assert by_old is not None and by_new is not None and by_old.id != by_new.id
        assert by_old.versions == 1 and by_old.article.title == first.title
        own = archive.db.execute("SELECT url FROM urls WHERE NOT duplicate ORDER BY url")
        assert [url for (url,) in own] == [new, old]  # (each its own: was old a copy)

        other.title = "Bakery wins national award for its sourdough"  # (its slug changed)
        site.add("/news/bakery-sourdough.html", other)
        feed.items = [("/news/bakery-sourdough.html", "4101")]
        report = run_at(archive, monkeypatch, 30 * 24 + 2)
        assert (report.archived, report.new_versions) == (0, 1)  # the new story's
        assert archive.article(old) == by_old
