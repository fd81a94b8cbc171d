"""A story split over pages, end to end on a real 127.0.0.1 server: every page fetched
and joined into one article, each page kept in the archive, a change on page 2 one new
version, a broken page 3 an incomplete story said so in the log, and re-extraction
joining the same pages again."""

from __future__ import annotations

import asyncio
import io
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database
from warcio.archiveiterator import ArchiveIterator
from webserver import Exchange, WebServer

from scraper import open_archive
from scraper.archive import Archive
from scraper.archive.schema import MIGRATIONS
from scraper.clock import utc_now
from scraper.export import export_warc
from scraper.fetch import FetchConfig
from scraper.models import Article, Discovered, RunReport
from scraper.multipage import join, same_story
from scraper.pipeline import RunOptions, archive_urls, run
from scraper.reextract import reextract
from scraper.versions_diff import word_diff

FAST = FetchConfig(delay=0, timeout=5, retries=0, concurrency=1)
STORY = "/2026/11/20/harbour-bridge-history/"


def words(page: int, n: int, edit: str = "") -> str:
    return (
        f"Page {page} paragraph {n}: the harbour bridge was argued over for a decade by the"
        f" council, the ferry union and the town's engineers before work began in {1950 + n}."
    ) + (edit if n == 0 else "")


def story_page(server: WebServer, number: int, last: int, edit: str = "") -> str:
    """Page `number` of a `last`-page story: the headline, four paragraphs, a pager."""
    url = server.url(STORY if number == 1 else f"{STORY}{number}/")
    pager = " ".join(
        f'<a href="{server.url(STORY if n == 1 else f"{STORY}{n}/")}">{n}</a>'
        for n in range(1, last + 1)
    )
    following = f'<a href="{server.url(f"{STORY}{number + 1}/")}">Next page »</a>'
    paragraphs = "".join(f"<p>{words(number, n, edit)}</p>" for n in range(4))
    return (
        "<html><head><title>How the harbour bridge was built</title>"
        f'<link rel="canonical" href="{url}">'
        '<meta property="article:published_time" content="2026-11-20T08:00:00Z">'
        "</head><body><article><h1>How the harbour bridge was built</h1>"
        f'{paragraphs}<nav class="pages">{pager} {following if number < last else ""}</nav>'
        "</article></body></html>"
    )


def serve(server: WebServer, last: int = 3, *, edits: dict[int, str] | None = None) -> None:
    for number in range(1, last + 1):
        path = STORY if number == 1 else f"{STORY}{number}/"
        edit = (edits or {}).get(number, "")
        etag = [("ETag", f'"{number}{len(edit)}"')]
        server.page(path, story_page(server, number, last, edit), headers=etag)


def fetch(archive: Archive, server: WebServer) -> None:
    asyncio.run(archive_urls(archive, [server.url(STORY)], RunOptions(fetch=FAST)))


def revisit(archive: Archive, server: WebServer) -> RunReport:
    """A run's revisit of the story (made due as a feed that dates it later does)."""
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    archive.enqueue([Discovered(server.url(STORY), lastmod=later)], source_id=None, at=utc_now())
    return asyncio.run(run(archive, RunOptions(fetch=FAST)))


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return open_archive(tmp_path / "archive.db")


def test_a_story_of_three_pages_is_archived_whole(server: WebServer, archive: Archive) -> None:
    serve(server)
    fetch(archive, server)
    stored = archive.article(server.url(STORY))
    assert stored is not None
    paragraphs = stored.article.text.split("\n\n")
    assert paragraphs == [words(page, n) for page in (1, 2, 3) for n in range(4)]
    assert words(3, 3) in stored.article.markdown
    assert stored.article.title == "How the harbour bridge was built"
    assert archive.db.execute("SELECT count(*) FROM articles").fetchone() == (1,)
    (entry,) = archive.fetch_log()
    assert (entry.outcome, entry.reason) == ("ok", "3 pages")
    # Every page is kept with the first, in order, and exported.
    first = archive.db.execute("SELECT page_id FROM articles").fetchone()[0]
    assert [p.url for p in archive.page_parts(first)] == [
        server.url(f"{STORY}2/"),
        server.url(f"{STORY}3/"),
    ]
    out = io.BytesIO()
    export_warc(archive, out)
    out.seek(0)
    responses = [
        r.rec_headers.get_header("WARC-Target-URI")
        for r in ArchiveIterator(out)
        if r.rec_type == "response"
    ]
    assert responses == [server.url(p) for p in (STORY, f"{STORY}2/", f"{STORY}3/")]


def test_a_revisit_fetches_every_page_and_a_change_on_page_2_is_one_version(
    server: WebServer, archive: Archive
) -> None:
    serve(server)
    fetch(archive, server)
    assert revisit(archive, server).unchanged == 1  # the same story
    # Page 1 is asked for unconditionally: its 304 would say nothing of page 2.
    assert [len(server.requested(p)) for p in (STORY, f"{STORY}2/", f"{STORY}3/")] == [2, 2, 2]
    assert server.requested(STORY)[1].header("if-none-match") is None
    stored = archive.article(server.url(STORY))
    assert stored is not None and stored.versions == 1
    serve(server, edits={2: " A correction was added."})
    assert revisit(archive, server).new_versions == 1
    stored = archive.article(server.url(STORY))
    assert stored is not None
    old, new = archive.versions(stored.id)
    assert new.number == 2 and words(2, 0, " A correction was added.") in stored.article.text
    changes = [op for op in word_diff(old.article.text, new.article.text) if op.op != "equal"]
    assert [op.text.strip() for op in changes if op.text.strip()] == ["A correction was added."]
    # The new version's pages are its own: page 2 as it reads now.
    page_id = archive.db.execute("SELECT page_id FROM articles").fetchone()[0]
    assert b"A correction" in archive.page_parts(page_id)[0].body


def test_a_broken_page_3_keeps_pages_1_and_2_and_says_so(
    server: WebServer, archive: Archive
) -> None:
    serve(server)

    def broken(exchange: Exchange) -> None:
        exchange.send(b"oops", status=500, content_type="text/plain")

    server.route(f"{STORY}3/", broken)
    fetch(archive, server)
    stored = archive.article(server.url(STORY))
    assert stored is not None
    assert stored.article.text.split("\n\n") == [words(p, n) for p in (1, 2) for n in range(4)]
    (entry,) = archive.fetch_log()
    assert entry.outcome == "ok"
    assert entry.reason.startswith("2 pages; incomplete: page 3")
    assert server.url(f"{STORY}3/") in entry.reason and "500" in entry.reason
    # The next visit fetches it again: the whole story is a new version.
    serve(server)
    fetch(archive, server)
    stored = archive.article(server.url(STORY))
    assert stored is not None and stored.versions == 2 and words(3, 3) in stored.article.text


def test_a_site_that_ignores_the_page_number_is_one_page(
    server: WebServer, archive: Archive
) -> None:
    # Its pager says ?page=2, and every ?page= serves page 1 again: the story ends there.
    page = story_page(server, 1, 1).replace(
        '<nav class="pages">', '<nav class="pages"><a href="?page=2">Next »</a>'
    )
    server.page(STORY, page)
    fetch(archive, server)
    stored = archive.article(server.url(STORY))
    assert stored is not None
    assert stored.article.text.split("\n\n") == [words(1, n) for n in range(4)]
    assert [p for p in server.paths() if p != "/robots.txt"] == [STORY, f"{STORY}?page=2"]
    (entry,) = archive.fetch_log()
    assert (entry.outcome, entry.reason) == ("ok", "")


def test_another_story_at_the_next_pages_address_is_not_joined(
    server: WebServer, archive: Archive
) -> None:
    # The pager says /2/, and the site serves another story there: the story ends.
    server.page(STORY, story_page(server, 1, 2))
    other = story_page(server, 2, 2).replace("How the harbour bridge was built", "Ferry fares rise")
    server.page(f"{STORY}2/", other)
    fetch(archive, server)
    stored = archive.article(server.url(STORY))
    assert stored is not None
    assert stored.article.text.split("\n\n") == [words(1, n) for n in range(4)]
    (entry,) = archive.fetch_log()
    assert (entry.outcome, entry.reason) == ("ok", "")


def test_a_page_headed_as_another_story_is_none_of_this_one() -> None:
    story = Article(title="Windows 10 support ends: what you need to do now")
    assert not same_story(story, Article(title="Windows 11 review: a calmer, slower Windows"))
    assert same_story(story, Article(title="Windows 10 support ends: what you need – Page 2"))
    assert same_story(story, Article(title="Seite 2: Windows 10 support ends"))
    # A page's own headline over a chapter: the title still says whose page it is.
    chapter = Article(title=story.title, headline="Chapter two: the upgrade")
    assert same_story(replace(story, headline="Windows 10 support ends"), chapter)
    assert same_story(story, Article())  # nothing to tell them apart by


def test_reextract_joins_the_stored_pages_again(server: WebServer, archive: Archive) -> None:
    serve(server)
    fetch(archive, server)
    stored = archive.article(server.url(STORY))
    assert stored is not None
    page_id = archive.db.execute("SELECT page_id FROM articles").fetchone()[0]
    # As an extractor that read page 1 only would have left it:
    page_1 = Article(**{**stored.article.to_dict(), "text": "Page 1 only."})
    assert archive.replace_extraction(page_id, page_1, extractor="an older one")
    report = reextract(archive, processes=0)
    again = archive.article(server.url(STORY))
    assert again is not None and again.article.text == stored.article.text
    assert report.changed == 1
    # The later pages are the story's, never articles of their own.
    assert archive.db.execute("SELECT count(*) FROM articles").fetchone() == (1,)


def test_joining_keeps_the_first_pages_metadata_and_a_repeated_lead_once() -> None:
    first = Article(title="Bridge", text="Lead.\n\nOne.", markdown="Lead.\n\nOne.")
    second = Article(title="Bridge – page 2", text="Lead.\n\nTwo.", markdown="Lead.\n\nTwo.")
    joined = join([first, second])
    assert (joined.title, joined.text, joined.markdown) == (
        "Bridge",
        "Lead.\n\nOne.\n\nTwo.",
        "Lead.\n\nOne.\n\nTwo.",
    )


def test_an_archive_from_before_story_pages_migrates(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    db = Database(sqlite3.connect(path, isolation_level=None))
    from scraper.archive.schema import migrate

    before = MIGRATIONS.index(next(m for m in MIGRATIONS if m.__name__ == "_v11_story_pages"))
    assert migrate(db, "2026-11-20T08:00:00+00:00", MIGRATIONS[:before]) == before
    db.close()
    with open_archive(path) as archive:
        assert "page_parts" in archive.db.table_names()
        assert archive.page_parts(1) == []
