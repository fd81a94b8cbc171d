"""The order a run fetches its queue in (`scraper.worklist`), against a site on 127.0.0.1."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from newssite import NewsSite, story
from webserver import WebServer

from scraper import open_archive
from scraper.cli import cli
from scraper.clock import utc_now
from scraper.models import Discovered
from scraper.worklist import Job, take_turns

FAST = ["--delay", "0", "--timeout", "5"]
SCHEDULE = ["--revisit", "1s,2s,3s,4s,5s,6s"]


def run(db: str, *extra: str) -> Any:
    result = CliRunner().invoke(cli, ["run", "--db", db, *FAST, *SCHEDULE, "--json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_host_s_backlog_does_not_hold_back_its_due_revisits(
    server: WebServer, tmp_path: Path
) -> None:
    db = str(tmp_path / "archive.db")
    site = NewsSite(server)
    lead = site.add("/news/lead.html", story(0))
    CliRunner().invoke(cli, ["add", site.feed_url, "--db", db, *FAST])
    assert run(db)["archived"] == 1
    for n in range(1, 21):  # a backlog of new stories, longer than a run under --max-time
        site.add(f"/news/{n}.html", story(n))
    with open_archive(db) as archive:
        while lead not in {r.url for r in archive.due(utc_now())}:
            time.sleep(0.05)
    since = len(server.requests)
    run(db)
    fetched = [r.path for r in server.requests[since:] if r.path.startswith("/news/")]
    assert len(fetched) == 21 and fetched[0] == "/news/lead.html"  # (was the last)


def test_revisits_and_new_urls_take_turns_within_a_host() -> None:
    again = [Job(f"https://a.example/{n}", revisit=True) for n in range(3)]
    fresh = [Job(f"https://a.example/new{n}") for n in range(5)]
    other = [Job("https://b.example/new")]
    order = [job.url.split("/")[-1] for job in take_turns(again, fresh + other)]
    assert order == ["0", "new0", "1", "new1", "2", "new2", "new3", "new4", "new"]


def test_a_story_listed_under_several_addresses_is_fetched_once(
    server: WebServer, tmp_path: Path
) -> None:
    db = str(tmp_path / "archive.db")
    site = NewsSite(server)
    url = site.add("/news/harbour-vote", story(1))
    server.redirect("/news/harbour-vote/", url, status=301)
    feed = site.feed_url
    server.page(  # the feed names the story with and without a trailing slash
        "/twins.xml",
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>{feed}</link>'
        f"<item><link>{url}</link></item><item><link>{url}/</link></item></channel></rss>",
        content_type="application/rss+xml",
    )
    CliRunner().invoke(cli, ["add", server.url("/twins.xml"), "--db", db, *FAST])
    assert run(db)["archived"] == 1
    fetched = [r.path for r in server.requests if r.path.startswith("/news/")]
    assert fetched == ["/news/harbour-vote"]  # (was also its slash twin, and again after it)


def test_twin_addresses_are_queued_once(tmp_path: Path) -> None:
    story_url = "http://www.news.example/2026/10/01/harbour-vote"
    twins = [
        "https://www.news.example/2026/10/01/harbour-vote",
        "http://news.example/2026/10/01/harbour-vote/",
        "https://news.example/2026/10/01/harbour-vote/",
    ]
    other = "http://www.news.example/2026/10/01/harbour-vote-2"
    with open_archive(str(tmp_path / "archive.db")) as archive:
        found = [Discovered(u) for u in (story_url, *twins, other)]
        queued = archive.enqueue(found, source_id=None, at="2026-10-01T12:00:00+00:00")
        assert archive.pending() == [story_url, other] and queued.new == 2
