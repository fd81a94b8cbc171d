"""A review's rating (schema 16) on every path out of the archive, after `scraper run`
across runs on a real server on 127.0.0.1 (QA corners30): `show`, `history`, `changes`,
`diff`, JSONL export and WARC export then `import-warc`. A rating changed with the text
shows in the new version's summary and diff, as other metadata does; changed alone, it
is no version, and the current record has it.

The clock is stepped by replacing `scraper.clock.now`, the one every stored time reads.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from newssite import PARAGRAPH, NewsSite
from webserver import WebServer

from scraper import clock
from scraper.archive import Archive, open_archive
from scraper.cli import cli
from scraper.fetch import FetchConfig
from scraper.models import Discovered
from scraper.pipeline import RunOptions, run

FAST = FetchConfig(delay=0, timeout=5, retries=0)
START = datetime(2026, 3, 1, 8, tzinfo=UTC)


def review(server: WebServer, rating: int, paragraphs: int) -> None:
    ld = {"@context": "https://schema.org", "@type": "Review", "name": "Kettle review",
          "reviewRating": {"@type": "Rating", "ratingValue": rating, "bestRating": 5}}  # fmt: skip
    text = "".join(
        f"<p>{PARAGRAPH.format(day=f'day {n}', topic='kettle')}</p>" for n in range(paragraphs)
    )
    server.page(
        "/reviews/kettle.html",
        "<html lang='en'><head><title>Kettle review</title><script type='application/ld+json'>"
        f"{json.dumps(ld)}</script></head><body><article><h1>Kettle review</h1>"
        f"<p class='byline'>By Ann Writer</p>{text}</article></body></html>",
    )


def run_at(archive: Archive, monkeypatch: pytest.MonkeyPatch, hours: float) -> None:
    monkeypatch.setattr(clock, "now", lambda: START + timedelta(hours=hours))
    asyncio.run(run(archive, RunOptions(fetch=FAST, extract_processes=0)))


def invoke(*args: str | Path) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def as_json(*args: str | Path) -> Any:
    return json.loads(invoke(*args))


def test_a_rating_survives_every_path_and_its_change_shows(
    server: WebServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, url = tmp_path / "a.db", server.url("/reviews/kettle.html")
    site = NewsSite(server)
    site.stories.clear()
    server.page(
        "/feed.xml",
        f'<rss version="2.0"><channel><title>T</title><item><title>Kettle review</title>'
        f"<link>{url}</link></item></channel></rss>",
        content_type="application/rss+xml",
    )
    review(server, 4, paragraphs=4)
    with open_archive(db) as archive:
        archive.add_source(site.feed_url, "feed")
        run_at(archive, monkeypatch, 0)
        review(server, 2, paragraphs=5)  # re-reviewed: a paragraph more, and a lower rating
        run_at(archive, monkeypatch, 1.01)
        review(server, 3, paragraphs=5)  # the rating alone changed: no version
        run_at(archive, monkeypatch, 3.01)

    assert as_json("show", url, "--format", "json", "--db", db)["rating"] == "3/5"
    assert as_json("show", url, "--format", "json", "--version", "1", "--db", db)["rating"] == "4/5"
    assert "Ann Writer · rated 3/5 · http" in invoke("show", url, "--db", db)
    (_, second) = as_json("history", url, "--json", "--db", db)["versions"]
    assert "rating" in second["summary"]
    (change,) = as_json("changes", "--since", "2026-03-01", "--json", "--db", db)
    assert "rating" in change["summary"]
    changed = as_json("diff", url, "--format", "json", "--db", db)["metadata"]
    assert {"field": "rating", "from": "4/5", "to": "2/5"} in changed
    assert "\nrating: [-4/5-] {+2/5+}\n" in invoke("diff", url, "--db", db)

    (latest,) = [json.loads(line) for line in invoke("export", "--db", db).splitlines()]
    assert latest["rating"] == "3/5"
    every = invoke("export", "--all-versions", "--db", db).splitlines()
    assert [json.loads(line)["rating"] for line in every] == ["4/5", "2/5"]

    warc, copy = tmp_path / "a.warc.gz", tmp_path / "copy.db"
    invoke("export", "--format", "warc", "--output", warc, "--db", db)
    invoke("import-warc", warc, "--db", copy, "--processes", "0")
    assert as_json("show", url, "--format", "json", "--db", copy)["rating"] == "3/5"
    imported = invoke("export", "--all-versions", "--db", copy).splitlines()
    assert [json.loads(line)["rating"] for line in imported] == ["4/5", "2/5"]


def test_a_rating_changed_by_a_revisit_without_a_version_shows_in_the_next_one(
    server: WebServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next version is summarised against the version before it, as `diff` compares
    them, not against the current record a revisit without a version refreshed (QA new30
    F07: 'text: +43/-0 words', the rating's 4/5 -> 2/5 left out)."""
    db, url = tmp_path / "a.db", server.url("/reviews/kettle.html")
    review(server, 4, paragraphs=4)
    with open_archive(db) as archive:
        archive.enqueue([Discovered(url, "article")], source_id=None, at=START.isoformat())
        run_at(archive, monkeypatch, 0)
        review(server, 2, paragraphs=4)  # the rating alone: no version, the record has it
        run_at(archive, monkeypatch, 1.01)
        review(server, 2, paragraphs=5)  # then a paragraph more
        run_at(archive, monkeypatch, 3.02)
    (_, second) = as_json("history", url, "--json", "--db", db)["versions"]
    assert "rating" in second["summary"] and "words" in second["summary"]
    (change,) = as_json("changes", "--since", "2026-03-01", "--json", "--db", db)
    assert "rating" in change["summary"]
