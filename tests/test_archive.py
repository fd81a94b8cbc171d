"""The archive: schema and migrations, the URL frontier, saving pages and versions,
duplicates, search, the run lock, and crash safety under kill -9."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from scraper.archive import Archive, Saved, Takedown, frontier, open_archive
from scraper.archive.records import Queued, Tracked, digests
from scraper.archive.schema import MIGRATIONS, SCHEMA_VERSION, migrate
from scraper.archive.verify import Verification
from scraper.errors import ArchiveError, LockHeld, UsageError
from scraper.export import export_csv, export_jsonl
from scraper.models import Article, Discovered, Page, RunReport

T0 = "2024-03-01T08:00:00+00:00"
T1 = "2024-03-02T08:00:00+00:00"
T2 = "2024-03-03T08:00:00+00:00"

TEXT = (
    "The council approved the new harbour bridge on Tuesday after a two-year debate. "
    "Construction starts in spring and should take three years, the mayor said. "
    "Residents of the old town had opposed the plan because of the expected traffic."
)
OTHER_TEXT = (
    "Heavy rain flooded the river valley overnight and closed two railway lines. "
    "Firefighters evacuated forty houses near the mill; nobody was hurt. "
    "The weather service expects the water to fall again by Thursday evening."
)


def make_page(
    url: str,
    body: str = "<html><p>body</p></html>",
    at: str = T0,
    *,
    final_url: str | None = None,
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),),
) -> Page:
    return Page(url, final_url or url, 200, headers, body.encode(), at)


def make_article(
    url: str, title: str = "Harbour bridge approved", text: str = TEXT, **kw: Any
) -> Article:
    return Article(url=url, title=title, text=text, markdown=f"# {title}\n\n{text}", **kw)


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with open_archive(tmp_path / "archive.db") as opened:
        yield opened


@pytest.fixture
def run(archive: Archive) -> int:
    return archive.start_run(T0)


def save(archive: Archive, run: int, url: str, article: Article | None = None, **kw: Any) -> Saved:
    page = make_page(url, **kw)
    return archive.save_page(run, page, article or make_article(url), next_visit_at=T1)


# --- opening -------------------------------------------------------------------------


def test_open_creates_a_wal_archive_with_every_table(tmp_path: Path) -> None:
    with open_archive(tmp_path / "a.db") as archive:
        db = archive.db
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        tables = set(db.table_names())
    expected = {"sources", "urls", "articles", "versions", "pages", "dictionaries", "fetch_log"}
    assert expected | {"runs", "aliases", "articles_fts", "migrations"} <= tables
    with open_archive(tmp_path / "a.db") as again:  # reopening migrates nothing
        assert again.db.execute("SELECT count(*) FROM migrations").fetchone()[0] == SCHEMA_VERSION


@pytest.mark.parametrize("attempt", range(5))  # a race: each attempt is another chance
def test_opening_a_new_archive_from_many_connections_at_once(tmp_path: Path, attempt: int) -> None:
    # One connection creating the archive must never be seen half-way by another (its
    # tables, but not yet its migrations table): that read as "not a scraper archive".
    def open_and_count(_: int) -> int:
        with open_archive(tmp_path / "a.db") as archive:
            return int(archive.db.execute("SELECT count(*) FROM migrations").fetchone()[0])

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(open_and_count, range(8))) == [SCHEMA_VERSION] * 8


def test_open_in_a_missing_directory_says_so(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="does not exist"):
        open_archive(tmp_path / "nowhere" / "a.db")


def test_open_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("just some notes, long enough to fill a header page " * 50)
    with pytest.raises(ArchiveError, match="not an SQLite database"):
        open_archive(path)


def test_open_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE customers (id INTEGER)").connection.commit()
    with pytest.raises(ArchiveError, match="not a scraper archive"):
        open_archive(path)


def test_open_a_directory(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="directory"):
        open_archive(tmp_path)


def test_an_archive_from_a_newer_scraper_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    open_archive(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO migrations VALUES (99, 'future', ?)", [T0])
    with pytest.raises(ArchiveError, match="newer"):
        open_archive(path)


def test_read_only_archive_reads_but_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    with open_archive(path) as archive:
        archive.add_source("https://news.example/feed.xml", "feed")
    with open_archive(path, read_only=True) as archive:
        assert [s.url for s in archive.sources()] == ["https://news.example/feed.xml"]
        with pytest.raises(ArchiveError, match="read-only"):
            archive.add_source("https://other.example/feed.xml", "feed")
    with pytest.raises(ArchiveError, match="no such file"):
        open_archive(tmp_path / "missing.db", read_only=True)


# --- migrations ----------------------------------------------------------------------


def _v2_add_notes(db: Database) -> None:
    db.execute("ALTER TABLE articles ADD COLUMN notes TEXT")


def _v2_broken(db: Database) -> None:
    db.execute("CREATE TABLE half_done (id INTEGER)")
    raise RuntimeError("migration failed midway")


def test_an_archive_migrates_to_a_new_version_keeping_its_data(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    with open_archive(path) as archive:
        save(archive, archive.start_run(T0), "https://news.example/a")
    db = Database(sqlite3.connect(path, isolation_level=None))
    newer = SCHEMA_VERSION + 1
    assert migrate(db, T1, [*MIGRATIONS, _v2_add_notes]) == newer
    assert "notes" in db["articles"].columns_dict
    assert db.execute("SELECT name FROM migrations WHERE version = ?", [newer]).fetchone() == (
        "v2_add_notes",
    )
    db.close()
    with pytest.raises(ArchiveError, match="newer"):  # this scraper does not know it
        open_archive(path)


def test_a_v1_archive_gains_source_removal_and_keeps_its_sources(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    db = Database(sqlite3.connect(path, isolation_level=None))
    assert migrate(db, T0, MIGRATIONS[:1]) == 1  # an archive made by the first release
    db.execute(
        "INSERT INTO sources (url, kind, added_at) VALUES ('https://news.example/feed', 'feed', ?)",
        [T0],
    )
    db.close()
    with open_archive(path) as archive:
        (source,) = archive.sources()
        assert (source.url, source.removed_at) == ("https://news.example/feed", None)
        assert archive.remove_source(source.url) is not None
        assert archive.sources() == []


def test_which_extractor_made_an_article_is_recorded_and_asked_for(
    archive: Archive, run: int
) -> None:
    url = "https://news.example/a"
    page = make_page(url)
    archive.save_page(
        run, page, make_article(url), next_visit_at=T1,
        digests=digests(page.body, make_article(url), "rev-1"),
    )  # fmt: skip
    assert archive.stale_extraction(url, "rev-1") is None
    page_id = archive.stale_extraction(url, "rev-2")
    assert page_id is not None and archive.raw_page(page_id).url == url
    # The same article, made again by rev-2: recorded as rev-2's, and no longer stale.
    assert not archive.replace_extraction(page_id, make_article(url), extractor="rev-2")
    assert archive.stale_extraction(url, "rev-2") is None
    assert archive.stale_extraction("https://news.example/unknown", "rev-2") is None


def test_articles_archived_before_the_extractor_was_recorded_are_stale(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    db = Database(sqlite3.connect(path, isolation_level=None))
    assert migrate(db, T0, MIGRATIONS[:4]) == 4  # a release that did not record it
    db.close()
    with open_archive(path) as archive:
        url = "https://news.example/a"
        archive.save_page(
            archive.start_run(T0), make_page(url), make_article(url), next_visit_at=T1
        )
        assert archive.stale_extraction(url, "any-revision") is not None


def test_site_rules_are_kept_with_every_earlier_edit(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    db = Database(sqlite3.connect(path, isolation_level=None))
    assert migrate(db, T0, MIGRATIONS[:5]) == 5  # a release before site rules
    db.close()
    with open_archive(path) as archive:
        assert archive.site_rules() == ""
        assert not archive.set_site_rules("")  # none were in force: nothing to record
        assert archive.set_site_rules('[[site]]\nhosts = ["a.example"]\ntitle = "h1"\n')
        assert archive.set_site_rules('[[site]]\nhosts = ["a.example"]\ntitle = "og:title"\n')
        assert not archive.set_site_rules('[[site]]\nhosts = ["a.example"]\ntitle = "og:title"\n')
        assert archive.site_rules().endswith('title = "og:title"\n')
        rows = archive.db.execute("SELECT rules FROM site_rules ORDER BY id").fetchall()
        assert [row[0].rsplit("= ", 1)[1] for row in rows] == ['"h1"\n', '"og:title"\n']


def test_changes_are_the_new_versions_since_a_time_newest_first(archive: Archive, run: int) -> None:
    a, b, c = "https://news.example/a", "https://www.news.example/b", "https://other.example/c"
    for url in (a, b, c):
        save(archive, run, url, make_article(url, text=f"{TEXT} ({url})"))  # first versions
    T2, T3 = "2024-03-03T08:00:00+00:00", "2024-03-04T08:00:00+00:00"
    save(archive, run, a, make_article(a, text=f"{OTHER_TEXT} ({a})"), at=T1)
    save(archive, run, b, make_article(b, "Bridge vote delayed", f"{TEXT} ({b})"), at=T2)
    save(archive, run, c, make_article(c, text=f"{OTHER_TEXT} ({c})"), at=T3)
    save(archive, run, a, make_article(a, text=f"{TEXT} Edited. ({a})"), at=T3)
    found = archive.changes(since=T1)
    assert [(ch.url, ch.version, ch.seen_at) for ch in found] == [
        (a, 3, T3), (c, 2, T3), (b, 2, T2), (a, 2, T1),
    ]  # fmt: skip
    assert found[2].title == "Bridge vote delayed" and (found[2].summary or "").startswith("title")
    assert [ch.url for ch in archive.changes(since=T2, sites={"news.example"})] == [a, b]
    assert [ch.version for ch in archive.changes(since=T1, limit=2)] == [3, 2]
    assert archive.changes(since="2099-01-01") == []
    assert archive.changes(since="2024-03-04T09:30+02:00")[0].url in (a, c)  # 07:30 UTC
    with pytest.raises(UsageError):
        archive.changes(since="last week")


def _older_archive(tmp_path: Path, version: int) -> Path:
    """An empty archive at schema `version`, as an older release left it."""
    path = tmp_path / "a.db"
    db = Database(sqlite3.connect(path, isolation_level=None))
    assert migrate(db, T0, MIGRATIONS[:version]) == version
    db.close()
    return path


def _plan(archive: Archive, query: str, *params: str) -> str:
    return str(archive.db.execute(f"EXPLAIN QUERY PLAN {query}", params).fetchall())


def test_a_v6_archive_gains_the_index_that_finds_changes_by_time(tmp_path: Path) -> None:
    with open_archive(_older_archive(tmp_path, 6)) as archive:
        query = "SELECT id FROM versions WHERE seen_at >= ? ORDER BY seen_at"
        assert "versions_seen_at" in _plan(archive, query, T0)


def test_a_v13_archive_finds_the_visits_that_found_a_story_gone_by_index(
    tmp_path: Path,
) -> None:
    with open_archive(_older_archive(tmp_path, 13)) as archive:
        query = (
            "SELECT url, min(id) FROM fetch_log WHERE outcome = 'gone' AND NOT failed GROUP BY url"
        )
        assert "fetch_log_gone" in _plan(archive, query)


def test_a_v9_archive_gains_the_headline_its_articles_did_not_record(tmp_path: Path) -> None:
    with open_archive(_older_archive(tmp_path, 9)) as archive:
        for table in ("articles", "versions"):
            assert "headline" in archive.db[table].columns_dict


def test_newest_pages_of_a_site_are_its_urls_latest_fetches(archive: Archive, run: int) -> None:
    def story(url: str, text: str = TEXT, **page: Any) -> None:
        save(archive, run, url, make_article(url, text=f"{text} ({url})"), **page)

    story("https://news.example/a", body="<p>first</p>")
    story("https://news.example/a", "Edited.", body="<p>second</p>", at=T1)
    story("https://www.news.example/b")
    story("https://oldnews.example/c")  # a name ending alike, another site
    story("https://a_b.example/d")  # ("_" is not a wildcard)
    pages = archive.newest_pages(["news.example"], 10)
    assert [(p.url, p.body) for p in pages] == [
        ("https://www.news.example/b", b"<html><p>body</p></html>"),
        ("https://news.example/a", b"<p>second</p>"),
    ]
    assert len(archive.newest_pages(["news.example"], 1)) == 1
    assert archive.newest_pages(["aab.example"], 10) == archive.newest_pages([], 10) == []


def test_a_failing_migration_leaves_nothing_behind(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    open_archive(path).close()
    db = Database(sqlite3.connect(path, isolation_level=None))
    with pytest.raises(RuntimeError):
        migrate(db, T1, [*MIGRATIONS, _v2_broken])
    assert "half_done" not in db.table_names()
    assert db.execute("SELECT max(version) FROM migrations").fetchone()[0] == SCHEMA_VERSION


# --- the run lock --------------------------------------------------------------------


def test_lock_is_exclusive_and_says_who_holds_it(archive: Archive) -> None:
    with archive.lock():
        with open_archive(archive.path) as other, pytest.raises(LockHeld) as held:  # noqa: SIM117
            with other.lock():
                pass
        assert f"pid {os.getpid()}" in str(held.value)
    with archive.lock():  # released on exit
        pass


def test_the_lock_is_the_same_through_a_symlink_to_the_archive(
    archive: Archive, tmp_path: Path
) -> None:
    link = tmp_path / "elsewhere.db"
    link.symlink_to(archive.path)
    with archive.lock(), open_archive(link) as other, pytest.raises(LockHeld):  # noqa: SIM117
        with other.lock():
            pass


def test_lock_of_a_killed_process_is_released(archive: Archive) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from scraper.archive import open_archive\n"
            f"a = open_archive({str(archive.path)!r})\n"
            "with a.lock():\n    print('locked', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(LockHeld, match=f"pid {holder.pid}"), archive.lock():
            pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    with archive.lock():
        pass


# --- sources and the frontier -------------------------------------------------------


def test_add_source_is_idempotent_and_polls_keep_validators(archive: Archive) -> None:
    first = archive.add_source("https://News.example/feed.xml", "feed")
    assert archive.add_source("https://news.example/feed.xml", "feed") == first
    assert first.id is not None
    archive.record_poll(first.id, outcome="ok", etag='"v1"', last_modified=None, at=T0)
    archive.record_poll(first.id, outcome="error", etag=None, last_modified=None, at=T1)
    (polled,) = archive.sources()
    assert (polled.etag, polled.last_outcome, polled.last_polled_at) == ('"v1"', "error", T1)


def test_removing_a_source_drops_its_queue_and_keeps_its_articles(
    archive: Archive, run: int
) -> None:
    feed = archive.add_source("https://news.example/feed.xml", "feed")
    other = archive.add_source("https://news.example/sitemap.xml", "sitemap")
    urls = [f"https://news.example/{name}" for name in ("kept", "new", "retry", "theirs")]
    archive.enqueue([Discovered(u) for u in urls[:3]], source_id=feed.id, at=T0)
    archive.enqueue([Discovered(urls[3])], source_id=other.id, at=T0)
    save(archive, run, urls[0])
    archive.record_failure(run, urls[2], outcome="error", status=503, reason="HTTP 503",
                           at=T0, retry=True)  # fmt: skip

    removal = archive.remove_source("https://News.example/feed.xml")
    assert removal is not None
    assert (removal.source.id, removal.dropped, removal.revisits_stopped) == (feed.id, 2, 0)
    assert removal.source.removed_at is not None
    assert [s.url for s in archive.sources()] == [other.url]
    assert [s.url for s in archive.sources(removed=True)] == [feed.url, other.url]
    assert (archive.stats()["sources"], archive.stats()["removed_sources"]) == (1, 1)
    assert archive.pending() == [urls[3]]  # another source's queue is untouched
    assert [r.url for r in archive.due(T1)] == [urls[0]]  # archived: still revisited
    assert archive.article(urls[0]) is not None
    # A run that polled the feed before it was removed queues nothing from it.
    late = [Discovered("https://news.example/late")]
    assert archive.enqueue(late, source_id=feed.id, at=T1).new == 0
    assert archive.remove_source(feed.url) is None  # already removed
    assert archive.remove_source("https://news.example/unknown") is None

    again = archive.add_source(feed.url, "feed")  # adding it again resumes polling
    assert (again.id, again.removed_at) == (feed.id, None)
    assert archive.enqueue([Discovered(urls[1])], source_id=feed.id, at=T1).new == 1


def test_removing_a_source_by_id_can_stop_revisits(archive: Archive, run: int) -> None:
    feed = archive.add_source("https://news.example/feed.xml", "feed")
    url = "https://news.example/a"
    archive.enqueue([Discovered(url)], source_id=feed.id, at=T0)
    save(archive, run, url)
    removal = archive.remove_source(str(feed.id), stop_revisits=True)
    assert removal is not None and (removal.dropped, removal.revisits_stopped) == (0, 1)
    assert archive.due(T1) == []
    assert archive.article(url) is not None


def test_enqueue_normalises_and_counts_only_new_articles(archive: Archive) -> None:
    found = [
        Discovered("https://News.example/a#comments"),
        Discovered("https://news.example/b"),
        Discovered("https://news.example/sitemap-2.xml", kind="sitemap"),
        Discovered("mailto:editor@news.example"),
    ]
    assert archive.enqueue(found, source_id=None, at=T0).new == 2
    assert archive.enqueue([Discovered("https://news.example/a")], source_id=None, at=T1).new == 0
    assert archive.pending() == ["https://news.example/a", "https://news.example/b"]
    assert archive.pending(limit=1) == ["https://news.example/a"]
    assert archive.is_due_or_pending_any(T0)


def test_pending_puts_the_newest_news_first(archive: Archive) -> None:
    """A sitemap's years of backlog must not hold up today's news: URLs are fetched by
    the date their source gives them (else the date they were found), newest first."""
    backlog = [Discovered(f"https://news.example/{y}", lastmod=f"{y}-06-01") for y in (2019, 2021)]
    archive.enqueue(backlog, source_id=None, at=T0)
    today = [
        Discovered("https://news.example/fresh", lastmod="2024-03-02T07:00:00+00:00"),
        Discovered("https://news.example/undated"),  # as new as the poll that found it
        Discovered("https://news.example/future", lastmod="2099-01-01"),  # not after found
    ]
    archive.enqueue(today, source_id=None, at=T1)
    assert [u.rsplit("/", 1)[1] for u in archive.pending()] == [
        "undated", "future", "fresh", "2021", "2019"
    ]  # fmt: skip
    assert archive.pending(limit=1) == ["https://news.example/undated"]


def updated(archive: Archive, found: list[Discovered], at: str) -> int:
    return archive.enqueue(found, source_id=None, at=at).updated


def test_urls_a_source_dates_after_their_fetch_become_due(
    archive: Archive, run: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    urls = [f"https://news.example/{name}" for name in "abcdef"]
    for n, url in enumerate(urls):
        save(archive, run, url, make_article(url, text=f"{TEXT} Part {n}."))  # fetched at T0
    now = "2024-03-01T12:00:00+00:00"  # (before their next slot, T1)
    found = [
        Discovered(urls[0], lastmod="2024-03-01T09:00:00+00:00"),  # updated since: due
        Discovered(urls[1], lastmod="2024-03-01T09:30:00+02:00"),  # 07:30 UTC: not
        Discovered(urls[2], lastmod="2024-02-28"),
        Discovered(urls[3]),  # undated
        Discovered(urls[4], lastmod="yesterday"),  # not a date
        Discovered("https://news.example/unknown", lastmod="2024-03-01T09:00:00Z"),
    ]
    assert archive.enqueue(found, source_id=None, at=now) == Queued(new=1, updated=1)
    assert [r.url for r in archive.due(now)] == [urls[0]]
    # A claim is acted on once: a date in the future is still "after" the revisit.
    future = [Discovered(urls[5], lastmod="2099-01-01T00:00:00Z")]
    assert updated(archive, future, now) == 1
    save(archive, run, urls[5], make_article(urls[5], text=f"{TEXT} Part 5."), at=now)
    assert updated(archive, future, "2024-03-01T13:00:00+00:00") == 0

    # Dates that say nothing: every entry stamped alike, or too many at once.
    stamped = [Discovered(u, lastmod="2024-03-01T11:00:00Z") for u in urls[1:]]
    assert updated(archive, stamped, now) == 0
    monkeypatch.setattr(frontier, "MAX_CHANGED", 1)
    several = [Discovered(u, lastmod=f"2024-03-01T1{n}:00:00Z") for n, u in enumerate(urls[1:3])]
    assert updated(archive, several, now) == 0
    assert [r.url for r in archive.due(now)] == [urls[0]]


def test_saved_url_is_scheduled_with_its_validators(archive: Archive, run: int) -> None:
    url = "https://news.example/a"
    archive.enqueue([Discovered(url)], source_id=None, at=T0)
    headers = (("ETag", '"abc"'), ("Last-Modified", "Fri, 01 Mar 2024 07:00:00 GMT"))
    archive.save_page(run, make_page(url, headers=headers), make_article(url), next_visit_at=T1)
    assert archive.pending() == []
    assert archive.due(T0) == []
    (revisit,) = archive.due(T1)
    assert (revisit.url, revisit.etag, revisit.visits) == (url, '"abc"', 1)
    assert revisit.last_modified == "Fri, 01 Mar 2024 07:00:00 GMT"
    assert not archive.is_due_or_pending_any(T0)


def test_transient_failures_retry_then_fail(archive: Archive, run: int) -> None:
    url = "https://news.example/flaky"
    archive.enqueue([Discovered(url)], source_id=None, at=T0)
    for attempt in range(3):
        assert archive.pending() == [url], attempt
        archive.record_failure(
            run, url, outcome="error", status=503, reason="HTTP 503", at=T0, retry=True
        )
    assert archive.pending() == []
    assert [e.status for e in archive.fetch_log(failed_only=True)] == [503, 503, 503]


def test_permanent_failure_and_skip_leave_the_queue(archive: Archive, run: int) -> None:
    archive.enqueue(
        [Discovered("https://news.example/x"), Discovered("https://news.example/report.pdf")],
        source_id=None,
        at=T0,
    )
    archive.record_failure(
        run, "https://news.example/x", outcome="blocked", status=None, reason="robots.txt",
        at=T0, retry=False,
    )  # fmt: skip
    archive.record_skip(run, "https://news.example/report.pdf", reason="application/pdf",
                        status=200, at=T0)  # fmt: skip
    assert archive.pending() == []
    log = archive.fetch_log()
    assert [(e.outcome, e.reason) for e in log] == [
        ("skipped", "application/pdf"),
        ("blocked", "robots.txt"),
    ]
    assert [e.outcome for e in archive.fetch_log(failed_only=True)] == ["blocked"]
    assert archive.stats()["urls"] == {"failed": 1, "skipped": 1}


def test_failed_revisit_keeps_the_url_due(archive: Archive, run: int) -> None:
    url = "https://news.example/a"
    save(archive, run, url)
    archive.record_failure(run, url, outcome="error", status=None, reason="timeout", at=T1,
                           retry=True)  # fmt: skip
    assert archive.pending() == []
    assert [r.url for r in archive.due(T1)] == [url]


def test_not_modified_stores_nothing_but_the_schedule(archive: Archive, run: int) -> None:
    url = "https://news.example/a"
    save(archive, run, url)
    archive.record_not_modified(run, url, status=304, at=T1, next_visit_at=T2)
    assert archive.due(T1) == []
    (revisit,) = archive.due(T2)
    assert revisit.visits == 2
    stats = archive.stats()
    assert (stats["pages"], stats["versions"]) == (1, 1)


def test_gone_article_keeps_its_text_and_is_rechecked_before_it_is_given_up(
    archive: Archive, run: int
) -> None:
    url = "https://news.example/a"
    save(archive, run, url)
    archive.record_gone(run, url, status=410, at=T1)
    stored = archive.article(url)
    assert stored is not None and stored.removed_at == T1 and stored.article.text == TEXT
    assert archive.fetch_log(failed_only=True) == []  # removal is news, not a failure
    assert archive.fetch_log()[0].reason == "HTTP 410 Gone"
    # One run of 404s (a bad deploy) is no takedown: looked at again a day and a week
    # on, then given up; removed from the first visit that found it gone.
    day, week = "2024-03-03T08:00:00+00:00", "2024-03-09T08:00:00+00:00"
    assert archive.due("2024-03-03T07:59:59+00:00") == []
    assert [r.url for r in archive.due(day)] == [url]
    archive.record_gone(run, url, status=410, at=day)
    assert archive.due("2024-03-09T07:59:59+00:00") == []
    archive.record_gone(run, url, status=410, at=week)
    assert archive.due("9999-01-01T00:00:00+00:00") == []
    assert archive.tracked(url) == Tracked("gone", week, None)
    stored = archive.article(url)
    assert stored is not None and stored.removed_at == T1
    assert archive.takedown_history() == {stored.id: [Takedown(T1)]}


def test_a_gone_article_that_is_back_ends_its_takedown(archive: Archive, run: int) -> None:
    url, other = "https://news.example/a", "https://news.example/b"
    article_id = save(archive, run, url).article_id
    save(archive, run, other, make_article(other, title="Ferry fares", text=OTHER_TEXT))
    archive.record_gone(run, url, status=404, at=T1)
    archive.record_gone(run, other, status=404, at=T1)
    back = "2024-03-03T08:00:00+00:00"
    assert [r.url for r in archive.due(back)] == [url, other]
    archive.save_page(run, make_page(url, at=back), make_article(url), next_visit_at=None)
    archive.record_not_modified(run, other, status=304, at=back, next_visit_at=None)
    for name in (url, other):  # back as it was, or unchanged (a 304)
        stored = archive.article(name)
        assert stored is not None and stored.removed_at is None
    assert archive.takedown_history(article_id) == {article_id: [Takedown(T1, back)]}
    changes = [(c.seen_at, c.article_id, c.summary) for c in archive.changes(since=T0)]
    assert sorted(changes[:2]) == [(back, n, "back on the site") for n in (1, 2)]
    assert sorted(changes[2:]) == [(T1, n, "removed from the site") for n in (1, 2)]
    assert len(archive.changes(since=back, limit=1)) == 1


def test_a_404_at_an_address_the_story_moved_from_is_no_takedown(
    archive: Archive, run: int
) -> None:
    url, moved = "https://news.example/a", "https://news.example/story/a-new-slug"
    save(archive, run, url)
    assert save(archive, run, moved).duplicate_of is not None
    archive.record_gone(run, url, status=404, at=T1)
    stored = archive.article(moved)
    assert stored is not None and stored.removed_at is None
    assert [r.url for r in archive.due(T1)] == [moved]  # revisited there from now on
    assert archive.takedown_history() == {} and archive.changes(since=T0) == []


def test_an_imported_404_takes_a_story_down_with_no_recheck(archive: Archive, run: int) -> None:
    url = "https://news.example/a"
    archive.save_page(run, make_page(url), make_article(url), next_visit_at=None)  # not watched
    archive.record_gone(run, url, status=404, at=T1)
    assert archive.due("9999-01-01T00:00:00+00:00") == []
    assert archive.tracked(url) == Tracked("gone", T1, None)


def test_a_new_url_that_is_gone_is_a_failure(archive: Archive, run: int) -> None:
    archive.enqueue([Discovered("https://news.example/typo")], source_id=None, at=T0)
    archive.record_gone(run, "https://news.example/typo", status=404, at=T0)
    assert archive.pending() == [] and archive.due(T2) == []
    ((url, reason),) = [(e.url, e.reason) for e in archive.fetch_log(failed_only=True)]
    assert (url, reason) == ("https://news.example/typo", "HTTP 404 Not Found")


def test_an_export_since_a_time_tells_the_stories_taken_down_or_back_since(
    archive: Archive, run: int
) -> None:
    url, other = "https://news.example/a", "https://news.example/b"
    save(archive, run, url)
    save(archive, run, other, make_article(other, title="Ferry fares", text=OTHER_TEXT))
    archive.record_gone(run, url, status=404, at=T1)  # (its last version is older)
    archive.record_gone(run, other, status=404, at=T0)
    archive.save_page(run, make_page(other, at=T2), make_article(other, title="Ferry fares",
                      text=OTHER_TEXT), next_visit_at=None)  # fmt: skip
    assert [(a.article.url, a.removed_at) for a in archive.iter_articles(since=T1)] == [
        (url, T1), (other, None)
    ]  # fmt: skip
    assert [a.article.url for a in archive.iter_articles(since="2024-03-04")] == []
    assert [(i, v.number) for i, v in archive.iter_versions(since=T1)] == [(1, 1), (2, 1)]
    out = io.StringIO()
    assert export_jsonl(archive, out, since=T2) == 1
    row = json.loads(out.getvalue())
    assert (row["url"], row["removed_at"]) == (other, None)
    assert row["takedowns"] == [{"removed_at": T0, "back_at": T2}]
    out = io.StringIO(newline="")
    export_csv(archive, out, since=T1, all_versions=True)
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert [(r["url"], r["removed_at"]) for r in rows] == [(url, T1), (other, "")]
    assert json.loads(rows[0]["takedowns"]) == [{"removed_at": T1, "back_at": None}]


# --- articles, versions and duplicates -----------------------------------------------


def test_save_creates_then_versions_only_on_real_changes(archive: Archive, run: int) -> None:
    url = "https://news.example/a"
    first = archive.save_page(run, make_page(url, "<html>v1</html>"), make_article(url),
                              next_visit_at=T1)  # fmt: skip
    assert first == Saved(first.article_id, created=True, new_version=False, version=1)
    spaced = make_article(url, text=TEXT.replace(" ", "  ") + "\n")
    same = archive.save_page(run, make_page(url, "<html>v1 again</html>", T1), spaced,
                             next_visit_at=T2)  # fmt: skip
    assert (same.created, same.new_version, same.version) == (False, False, 1)
    edited = make_article(url, text=TEXT + " The vote was 21 to 12.")
    changed = archive.save_page(run, make_page(url, "<html>v2</html>", T2), edited,
                                next_visit_at=None)  # fmt: skip
    assert (changed.created, changed.new_version, changed.version) == (False, True, 2)
    one, two = archive.versions(changed.article_id)
    assert (one.article.text, one.seen_at, one.summary) == (TEXT, T0, "first version")
    assert two.article == edited and two.seen_at == T2 and two.summary == "text: +6/−0 words"
    stored = archive.article(changed.article_id)
    assert stored is not None
    assert (stored.versions, stored.fetched_at, stored.first_seen_at) == (2, T2, T0)
    assert archive.raw_page(two.page_id or 0).body == b"<html>v2</html>"


def test_an_address_that_now_leads_to_another_article_folds_the_two_into_one(
    archive: Archive, run: int
) -> None:
    # A slug changed with the headline: the new address was archived first as a new
    # article (its text differs); the old one's revisit is redirected to it.
    old, new = (
        "https://news.example/2024/harbour-vote",
        "https://news.example/2024/harbour-vote-off",
    )
    first = save(archive, run, old, make_article(old, "Harbour vote", TEXT))
    edited = make_article(new, "Harbour vote called off", OTHER_TEXT)
    second = archive.save_page(run, make_page(new, "<p>new</p>", T1), edited, next_visit_at=T2)
    assert second.created and archive.stats()["articles"] == 2
    revisit = make_page(old, "<p>new</p>", T2, final_url=new)
    saved = archive.save_page(run, revisit, edited, next_visit_at=T2)
    assert saved.article_id == first.article_id and saved.duplicate_of == first.article_id
    assert archive.stats()["articles"] == 1
    one, two = archive.versions(first.article_id)
    assert (one.article.title, one.seen_at, one.summary) == ("Harbour vote", T0, "first version")
    assert (two.article.title, two.article.text, two.seen_at) == (edited.title, OTHER_TEXT, T1)
    assert two.summary == "title changed; +36/−39 words"  # (no longer "first version")
    stored = archive.article(new)
    assert stored is not None and stored.id == first.article_id and stored.versions == 2
    assert (stored.article.title, stored.first_seen_at) == (edited.title, T0)
    assert [hit.article_id for hit in archive.search("river")] == [first.article_id]
    assert archive.verify().ok
    due = [
        url
        for url, *_ in archive.db.execute("SELECT url FROM urls WHERE next_visit_at IS NOT NULL")
    ]
    assert due == [new]  # revisited at its new address only


def test_fingerprints_of_an_older_normalisation_are_recomputed(tmp_path: Path) -> None:
    path, url = tmp_path / "a.db", "https://news.example/a"
    with open_archive(path) as archive:
        save(archive, archive.start_run(T0), url)
    with sqlite3.connect(path) as conn:  # as if written by an older `fingerprint`
        conn.execute("UPDATE articles SET fingerprint = 'old'")
        conn.execute("UPDATE versions SET fingerprint = 'old'")
        conn.execute("UPDATE settings SET value = '0' WHERE name = 'fingerprint_version'")
    with open_archive(path) as archive:  # opened to read: nothing rewritten yet
        assert (
            archive.search("bridge")
            and archive.db.execute(
                "SELECT count(*) FROM versions WHERE fingerprint = 'old'"
            ).fetchone()[0]
            == 1
        )
    with open_archive(path) as archive:
        again = save(archive, archive.start_run(T1), url, body="<html>re-rendered</html>", at=T1)
        assert (again.new_version, again.version) == (False, 1)
        assert archive.db.execute("SELECT count(*) FROM versions WHERE fingerprint = 'old'")\
            .fetchone()[0] == 0  # fmt: skip


def test_identical_body_is_stored_once(archive: Archive, run: int) -> None:
    url = "https://news.example/a"
    save(archive, run, url)
    save(archive, run, url, at=T1)
    assert archive.stats()["pages"] == 1


def test_article_is_found_by_id_url_and_alias(archive: Archive, run: int) -> None:
    saved = save(
        archive, run, "https://news.example/a?id=7",
        make_article("https://news.example/a?id=7",
                     canonical_url="https://news.example/2024/harbour-bridge"),
        final_url="https://news.example/a/",
    )  # fmt: skip
    article_id = saved.article_id
    for ref in (
        article_id,
        str(article_id),
        "https://NEWS.example/a?id=7#top",
        "https://news.example/a/",
        "https://news.example/2024/harbour-bridge",
    ):
        found = archive.article(ref)
        assert found is not None and found.id == article_id, ref
    assert archive.article("https://news.example/unknown") is None
    assert archive.article(999) is None


def test_same_canonical_url_makes_an_alias(archive: Archive, run: int) -> None:
    canonical = "https://news.example/2024/harbour-bridge"
    first = save(archive, run, "https://news.example/a",
                 make_article("https://news.example/a", canonical_url=canonical))  # fmt: skip
    amp = make_article("https://news.example/amp/a", canonical_url=canonical, text=TEXT[:150])
    second = save(archive, run, "https://news.example/amp/a", amp)
    assert second.duplicate_of == first.article_id and not second.created
    assert archive.stats()["articles"] == 1
    found = archive.article("https://news.example/amp/a")
    assert found is not None and found.id == first.article_id


def test_same_text_under_another_url_of_the_site_makes_an_alias(archive: Archive, run: int) -> None:
    first = save(archive, run, "https://news.example/a")
    second = save(archive, run, "https://www.news.example/print/a")
    assert second.duplicate_of == first.article_id
    assert archive.stats()["articles"] == 1


def test_same_text_on_another_site_is_that_sites_article(archive: Archive, run: int) -> None:
    # Wire copy: each outlet prints it under its own headline and byline, on its page.
    first = save(archive, run, "https://news.example/a")
    copies = [
        save(archive, run, url, make_article(url, title=f"Bridge approved ({n})"))
        for n, url in enumerate(["https://herald.example/x", "https://post.example/y"])
    ]
    assert all(c.created and c.duplicate_of is None for c in copies)
    assert len({first.article_id, *(c.article_id for c in copies)}) == 3
    again = save(
        archive,
        run,
        "https://www.herald.example/x?amp",
        make_article("x", title="Bridge approved (0)"),
    )
    assert again.duplicate_of == copies[0].article_id  # (the site's own copy: an alias)


def test_a_duplicate_url_never_makes_versions_and_is_not_revisited(
    archive: Archive, run: int
) -> None:
    first = save(archive, run, "https://news.example/a")
    copy = "https://www.news.example/story/1"
    save(archive, run, copy)
    again = save(archive, run, copy, make_article(copy, text=TEXT + " Syndicated."), at=T1)
    assert (again.duplicate_of, again.version, again.new_version) == (first.article_id, 1, False)
    assert [r.url for r in archive.due(T2)] == ["https://news.example/a"]


def test_an_unchanged_revisit_brings_the_current_records_metadata_up_to_date_not_the_versions(
    archive: Archive, run: int
) -> None:
    url = "https://news.example/wind"
    first = make_article(url, modified=T0, canonical_url=url, description="Amber warning.")
    save(archive, run, url, first)
    # The site announces an update and moves the story; the text is the same. A page
    # served without its description keeps the one known.
    moved = "https://news.example/weather/wind"
    again = make_article(url, modified=T1, canonical_url=moved, description=None)
    assert not save(archive, run, url, again, at=T1).new_version
    stored = archive.article(url)
    assert stored is not None and stored.versions == 1 and stored.fetched_at == T1
    assert (stored.article.modified, stored.article.canonical_url) == (T1, moved)
    assert stored.article.description == "Amber warning."
    # The version stays what was seen when it was made: the move is not its.
    (version,) = archive.versions(stored.id)
    assert (version.article.modified, version.article.canonical_url) == (T0, url)
    stale = make_article(url, modified=T0, canonical_url=moved)  # an older cached copy
    save(archive, run, url, stale, at=T2)
    stored = archive.article(url)
    assert stored is not None and stored.article.modified == T1


def test_a_copy_at_another_address_does_not_rewrite_the_storys_metadata(
    archive: Archive, run: int
) -> None:
    url = "https://news.example/harbour-dredging"
    save(archive, run, url, make_article(url, canonical_url=url, section="Local"))
    copy = "https://news.example/business/harbour-dredging"  # (its text: the same story)
    again = make_article(copy, canonical_url=copy, section="Business", text=TEXT * 4)
    save(archive, run, url, make_article(url, canonical_url=url, section="Local", text=TEXT * 4))
    assert save(archive, run, copy, again, at=T1).duplicate_of is not None
    stored = archive.article(url)
    assert stored is not None
    assert (stored.article.canonical_url, stored.article.section) == (url, "Local")


def test_a_home_page_canonical_does_not_merge_articles(archive: Archive, run: int) -> None:
    home = "https://news.example/"
    save(archive, run, "https://news.example/a", make_article("x", canonical_url=home))
    other = make_article("y", title="Flood closes railway", text=OTHER_TEXT, canonical_url=home)
    second = save(archive, run, "https://news.example/b", other)
    assert second.created and second.duplicate_of is None


def test_a_shared_blurb_under_another_headline_is_another_article(
    archive: Archive, run: int
) -> None:
    # Two podcast episodes (or two stories whose extraction kept only the site's teaser)
    # with the same text: two articles, and neither rewrites the other's headline.
    first = save(archive, run, "https://news.example/a")
    other = make_article("b", title="Flood closes railway")  # same TEXT (under 800 chars)
    second = save(archive, run, "https://news.example/b", other)
    assert second.created and second.duplicate_of is None
    stored = archive.article(first.article_id)
    assert stored is not None and stored.article.title == "Harbour bridge approved"
    assert stored.versions == 1


def test_short_texts_are_not_taken_for_duplicates(archive: Archive, run: int) -> None:
    save(archive, run, "https://news.example/a", make_article("a", text="Live updates"))
    second = save(archive, run, "https://news.example/b", make_article("b", text="Live updates"))
    assert second.created


# --- search and re-extraction ----------------------------------------------------------


def test_search_ranks_title_matches_first(archive: Archive, run: int) -> None:
    save(archive, run, "https://news.example/a")  # "bridge" in title and text
    flood = make_article(
        "https://news.example/b", title="Flood closes railway", text=OTHER_TEXT + " A bridge too."
    )
    save(archive, run, "https://news.example/b", flood)
    hits = archive.search("bridge")
    assert [h.url for h in hits] == ["https://news.example/a", "https://news.example/b"]
    assert "**bridge**" in hits[0].snippet
    assert archive.search("bridge", limit=1)[0].title == "Harbour bridge approved"
    assert archive.search("railway AND flooded")[0].url == "https://news.example/b"


@pytest.mark.parametrize("query", ['bridge"', "bridge AND", "(bridge", "title: bridge", "*"])
def test_search_never_fails_on_bad_syntax(archive: Archive, run: int, query: str) -> None:
    save(archive, run, "https://news.example/a")
    hits = archive.search(query)
    assert all(h.url == "https://news.example/a" for h in hits)
    assert archive.search("   ") == []


def test_search_reads_a_minus_as_not_and_drops_a_dangling_operator(
    archive: Archive, run: int, caplog: pytest.LogCaptureFixture
) -> None:
    save(archive, run, "https://news.example/a")  # the bridge
    flood = make_article("https://news.example/b", title="Flood closes railway", text=OTHER_TEXT)
    save(archive, run, "https://news.example/b", flood)
    assert [h.url for h in archive.search("council -bridge")] == []
    assert [h.url for h in archive.search("railway -bridge")] == ["https://news.example/b"]
    assert [h.url for h in archive.search("railway OR")] == ["https://news.example/b"]
    assert "no search syntax" in caplog.text and "railway" in caplog.text  # said, not silent


@settings(max_examples=200, deadline=None)
@given(query=st.text())
def test_search_never_raises(searchable: Archive, query: str) -> None:
    try:
        hits = searchable.search(query, all_versions=True)
    except UsageError:  # only a query that asks for nothing ("NOT a"), or a bad NEAR distance
        assert "NOT" in query or "NEAR" in query
        return
    assert all(hit.url == "https://news.example/a" for hit in hits)


@pytest.fixture(scope="module")
def searchable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    with open_archive(tmp_path_factory.mktemp("search") / "a.db") as archive:
        url = "https://news.example/a"
        save(archive, archive.start_run(T0), url)
        save(archive, archive.start_run(T1), url, make_article(url, text=OTHER_TEXT), at=T1)
        yield archive


def test_search_all_versions_finds_replaced_text(archive: Archive, run: int) -> None:
    url = "https://news.example/a"
    save(archive, run, url)
    save(archive, run, url, make_article(url, text=OTHER_TEXT), at=T1)
    assert archive.search("council") == []
    old = archive.search("council", all_versions=True)
    assert [(h.url, h.version) for h in old] == [(url, 1)]
    assert [h.version for h in archive.search("firefighters", all_versions=True)] == [2]


def test_search_within_sites_ranks_inside_them(archive: Archive, run: int) -> None:
    """The site's condition is inside the ranked query: with `limit=1` the best match of
    the site comes back, not none after the best match of all was filtered out."""
    elsewhere = "https://news.example.org/a"  # starts like news.example; another site
    bridges = make_article(elsewhere, title="Bridge, bridge, bridge", text=TEXT + " Again.")
    save(archive, run, elsewhere, bridges)
    url = "https://regional.news.example/a"
    save(archive, run, url)
    save(archive, run, url, make_article(url, text=OTHER_TEXT + " A bridge too."), at=T1)
    assert [h.url for h in archive.search("bridge", limit=1)] == [elsewhere]
    assert [h.url for h in archive.search("bridge", limit=1, sites={"news.example"})] == [url]
    assert archive.search("bridge", sites={"Regional.News.Example.", "news.example.org"})
    assert archive.search("bridge", sites={"other.example"}) == []
    older = archive.search("council", all_versions=True, sites={"news.example"})
    assert [(h.url, h.version) for h in older] == [(url, 1)]  # the replaced text's version
    assert archive.search("council", all_versions=True, sites={"news.example.org"}) == [
        h for h in archive.search("council", all_versions=True) if h.url == elsewhere
    ]


def test_search_since_finds_new_and_changed_articles_only(archive: Archive, run: int) -> None:
    """A cron job's alert: the articles that are new or changed since its last run."""
    old, edited = "https://news.example/old", "https://news.example/edited"
    save(archive, run, old, make_article(old, text=TEXT + " Bridge news, old."))
    save(archive, run, edited)
    save(archive, run, edited, make_article(edited, text=OTHER_TEXT + " A bridge too."), at=T1)
    assert {h.url for h in archive.search("bridge")} == {old, edited}
    assert [h.url for h in archive.search("bridge", since=T1)] == [edited]
    assert [h.url for h in archive.search("bridge", since="2024-03-02T08:30+01:00")] == [
        edited
    ]  # (07:30 UTC, before T1; as a string it sorts after T1)
    assert archive.search("bridge", since="2099-01-01") == []
    assert archive.search("council", since=T1) == []  # only the replaced version said it
    versions = archive.search("council", all_versions=True, since=T0)
    assert {(h.url, h.version) for h in versions} == {(old, 1), (edited, 1)}
    assert archive.search("council", all_versions=True, since=T1) == []
    assert archive.search("bridge", since=T1, sites={"other.example"}) == []
    with pytest.raises(UsageError):
        archive.search("bridge", since="last tuesday")


def test_replace_extraction_updates_rows_and_index(archive: Archive, run: int) -> None:
    url = "https://news.example/a"
    save(archive, run, url)
    ((page_id, _),) = list(archive.iter_pages())
    assert not archive.replace_extraction(page_id, make_article(url))
    better = make_article(url, text=TEXT + " Photographs by the harbour office.")
    assert archive.replace_extraction(page_id, better)
    stored = archive.article(url)
    assert stored is not None and stored.article == better
    assert [h.url for h in archive.search("photographs")] == [url]
    _assert_fts_consistent(archive)


def test_iter_articles_since(archive: Archive, run: int) -> None:
    save(archive, run, "https://news.example/a")
    save(archive, run, "https://news.example/b", make_article("b", text=OTHER_TEXT), at=T1)
    assert [s.article.url for s in archive.iter_articles()] == ["https://news.example/a", "b"]
    assert [s.article.url for s in archive.iter_articles(since=T1)] == ["b"]
    assert [s.versions for s in archive.iter_articles()] == [1, 1]
    assert len(list(archive.iter_versions())) == 2


def test_runs_and_stats(archive: Archive) -> None:
    run_id = archive.start_run(T0)
    save(archive, run_id, "https://news.example/a", body="<html>" + "x" * 5000 + "</html>")
    archive.finish_run(run_id, RunReport(run_id, T0, T1, fetched=1, archived=1))
    stats = archive.stats()
    assert stats["articles"] == stats["pages"] == stats["runs"] == 1
    assert stats["stored_bytes"] < stats["raw_bytes"] == 5013
    assert stats["last_run"]["report"]["archived"] == 1


def _assert_fts_consistent(archive: Archive) -> None:
    for fts in ("articles_fts", "versions_fts"):
        archive.db.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)")


# --- crash safety ----------------------------------------------------------------------

_WRITER = textwrap.dedent(
    """
    import sys
    from scraper.archive import open_archive
    from scraper.models import Article, Page
    archive = open_archive(sys.argv[1])
    run = archive.start_run("2024-03-01T08:00:00+00:00")
    for n in range(int(sys.argv[2]), 100_000):
        story = n % 40  # each story is saved again and again, sometimes changed
        url = f"https://news.example/story/{story}"
        text = f"Story {story} revision {n // 50}. " + "All the news that fits. " * 20
        html = f"<html><body><p>{text}</p><footer>{n}</footer></body></html>".encode()
        at = f"2024-03-01T08:{n // 60 % 60:02d}:{n % 60:02d}+00:00"
        page = Page(url, url, 200, (("ETag", str(n)),), html, at)
        article = Article(url=url, title=f"Story {story}", text=text, markdown=text)
        archive.save_page(run, page, article, next_visit_at=at)
        if n % 7 == 0:  # and a copy of it under another URL
            archive.save_page(run, Page(url + "?amp", url + "?amp", 200, (), html, at),
                              article, next_visit_at=None)
        if n % 1000 == 5:
            print("writing", flush=True)
    """
)


@pytest.mark.slow
def test_kill_9_at_any_moment_leaves_a_consistent_archive(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    rng = random.Random(9)
    for iteration in range(6):
        writer = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(path), str(iteration * 1000)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
        time.sleep(rng.uniform(0.0, 0.4))
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        with open_archive(path) as archive:
            db = archive.db
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert db.execute("PRAGMA foreign_key_check").fetchall() == []
            _assert_fts_consistent(archive)
            titles = [t for (t,) in db.execute("SELECT title FROM articles")]
            assert len(titles) == len(set(titles)), "an article was archived twice"
            versions = db.execute(
                "SELECT count(*) FROM articles a WHERE a.version !="
                " (SELECT max(number) FROM versions v WHERE v.article_id = a.id)"
            ).fetchone()[0]
            assert versions == 0
            for page_id, page in archive.iter_pages():
                assert page.body.startswith(b"<html>"), page_id
            for stored in archive.iter_articles():
                assert archive.versions(stored.id)
    with open_archive(path) as archive:
        stats = archive.stats()
    assert stats["versions"] > stats["articles"] and stats["dictionaries"] > 0


def test_writes_fail_with_archive_error_not_sqlite_error(archive: Archive) -> None:
    with pytest.raises(ArchiveError, match="FOREIGN KEY"):  # no run 999
        archive.save_page(
            999, make_page("https://news.example/a"), make_article("a"), next_visit_at=None
        )
    # nothing of the failed call was kept
    assert archive.stats()["pages"] == 0 and archive.pending() == []


def test_rows_are_datasette_friendly(archive: Archive, run: int) -> None:
    save(
        archive,
        run,
        "https://news.example/a",
        make_article("a", authors=["Ana Ruiz"], tags=["city"]),
    )
    row = archive.db.execute("SELECT authors, tags, text FROM articles").fetchone()
    assert (json.loads(row[0]), json.loads(row[1]), row[2]) == (["Ana Ruiz"], ["city"], TEXT)
    assert dataclasses.asdict(archive.fetch_log()[0])["outcome"] == "ok"


# --- verification --------------------------------------------------------------------


def _fill(archive: Archive, stories: int, *, repeat: int = 1) -> None:
    """`stories` articles of `repeat` times the text each, in one run."""
    run = archive.start_run(T0)
    for n in range(stories):
        url = f"https://news.example/{n}"
        save(archive, run, url, make_article(url, text=f"{TEXT} Part {n}." * repeat))


def test_verify_finds_every_damaged_page_and_index(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    with open_archive(path) as archive:
        run = archive.start_run(T0)
        for n in range(3):
            url = f"https://news.example/{n}"
            story = make_article(url, text=f"{TEXT} Part {n}.")
            save(archive, run, url, story, body=f"<html><p>page {n}</p></html>")
        assert archive.verify() == Verification(pages=3, problems=())
        assert archive.verify().ok
        other = archive._pages.codec.compress(b"<html>another page</html>", None)
        # Damage as the years bring it: a body that no longer decompresses, a body
        # replaced by another, a full-text index out of step with its text.
        archive.db.execute("UPDATE pages SET body = X'28b52ffd0000' WHERE id = 1")
        archive.db.execute("UPDATE pages SET body = ?, dict_id = NULL WHERE id = 2", [other])
        archive.db.execute("DROP TRIGGER articles_au")
        archive.db.execute("UPDATE articles SET text = 'words nobody indexed' WHERE id = 3")
        found = archive.verify()
    assert not found.ok and found.pages == 1  # (page 3 is intact)
    where = {p.where: p.detail for p in found.problems}
    assert set(where) == {"page 1", "page 2", "articles_fts"}
    assert "cannot decompress" in where["page 1"] and "https://news.example/0" in where["page 1"]
    assert "SHA-1" in where["page 2"]
    assert "rebuild" in where["articles_fts"]
    with open_archive(path, read_only=True) as archive:  # (the indexes are checked on copies)
        assert archive.verify() == found


def test_verify_reads_a_snapshot_while_a_run_writes(tmp_path: Path) -> None:
    # A run writing during `verify` neither waits for it (the index check was an INSERT,
    # which held the write lock) nor shows in it half-written: verify reads one snapshot.
    path = tmp_path / "a.db"
    with open_archive(path) as archive:
        _fill(archive, 3)
    writes: list[str] = []

    def run_writes() -> int:  # (SQLite calls it every 100 instructions of verify's)
        if len(writes) < 3:
            with closing(sqlite3.connect(path, timeout=0, isolation_level=None)) as other:
                other.execute("PRAGMA foreign_keys = OFF")  # (a page gone: damage to find)
                try:
                    other.execute("BEGIN IMMEDIATE")
                    other.execute("DELETE FROM pages WHERE id = ?", [len(writes) + 1])
                    other.execute("COMMIT")
                    writes.append("written")
                except sqlite3.OperationalError as error:
                    writes.append(str(error))
        return 0

    with open_archive(path) as archive:
        archive.db.conn.set_progress_handler(run_writes, 100)
        found = archive.verify()
        archive.db.conn.set_progress_handler(None, 0)
        assert writes == ["written"] * 3 and found == Verification(pages=3, problems=())
        assert archive.verify().pages == 0  # (the pages deleted meanwhile, now seen)


def test_verify_with_no_room_for_an_index_s_copy_skips_that_check(tmp_path: Path) -> None:
    with open_archive(tmp_path / "a.db") as archive:
        _fill(archive, 2)
        archive.db.execute("PRAGMA temp.max_page_count = 1")  # (as a full /tmp would be)
        found = archive.verify()
    assert (found.pages, found.problems, len(found.skipped)) == (2, (), 4)
    assert "no room for its temporary copy" in found.skipped[0]


def test_verify_finds_a_version_whose_page_is_gone(tmp_path: Path) -> None:
    with open_archive(tmp_path / "a.db") as archive:
        _fill(archive, 2)
        archive.db.execute("PRAGMA foreign_keys = OFF")  # as a hand-made edit would
        archive.db.execute("DELETE FROM pages WHERE id = 2")
        archive.db.execute("PRAGMA foreign_keys = ON")
        found = archive.verify()
    assert found.pages == 1
    assert {(p.where, p.detail) for p in found.problems} >= {
        ("versions row 2", "names pages row that is not there")
    }


def test_verify_of_a_file_too_damaged_to_read_on_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    with open_archive(path) as archive:
        _fill(archive, 40, repeat=50)
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = b"\xff" * 4096
    path.write_bytes(bytes(data))
    with open_archive(path) as archive:
        found = archive.verify()
    assert not found.ok and any(p.where == "sqlite" for p in found.problems)


def test_a_read_of_a_damaged_index_is_an_archive_error(tmp_path: Path) -> None:
    with open_archive(tmp_path / "a.db") as archive:
        _fill(archive, 30, repeat=20)
        # Three of the index's own rows lost.
        archive.db.execute(
            "DELETE FROM articles_fts_data WHERE id > 10"
            " AND rowid IN (SELECT rowid FROM articles_fts_data LIMIT 3 OFFSET 2)"
        )
        with pytest.raises(ArchiveError, match=r"is damaged .*scraper verify"):
            archive.search("harbour")


def test_a_full_disk_when_taking_the_lock_is_an_archive_error(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(fd: int, data: bytes, offset: int) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "pwrite", no_space)
    full = pytest.raises(ArchiveError, match=r"cannot write to .*\.lock: No space left")
    with full, archive.lock():
        pass
    monkeypatch.undo()
    with archive.lock():  # released: the next run takes it
        pass


def test_a_file_too_damaged_to_open_gets_advice_that_works(tmp_path: Path) -> None:
    # `verify` cannot open it either, so the advice is a backup or SQLite's recovery.
    path = tmp_path / "a.db"
    with open_archive(path) as archive:
        _fill(archive, 40, repeat=50)
    path.write_bytes(path.read_bytes()[:100_000])
    with pytest.raises(ArchiveError, match=r"damaged beyond opening") as raised:
        open_archive(path, read_only=True)
    assert "verify" not in str(raised.value) and ".recover" in str(raised.value)


def test_a_headline_rewritten_alone_is_a_new_version(archive: Archive, run: int) -> None:
    url = "https://news.example/bridge"
    seo = "Harbour bridge vote: what we know"  # the title for sharing, never edited
    save(archive, run, url, make_article(url, seo, headline="Council set to approve bridge"))
    later = make_article(url, seo, headline="Bridge vote delayed to March")
    saved = save(archive, run, url, later, at=T1)
    assert saved.new_version and saved.version == 2
    stored = archive.article(url)
    assert stored is not None and stored.article.headline == "Bridge vote delayed to March"
    assert archive.versions(stored.id)[-1].summary == "headline changed"


def test_an_archive_older_than_the_headline_learns_it_without_a_version(tmp_path: Path) -> None:
    path, url = tmp_path / "a.db", "https://news.example/bridge"
    with open_archive(path) as archive:  # as a release without the field stored it
        save(archive, archive.start_run(T0), url, make_article(url))
        archive.db.execute("UPDATE articles SET headline = NULL")
        archive.db.execute("UPDATE versions SET headline = NULL")
    seen = make_article(url, headline="Bridge approved after a six-hour hearing")
    with open_archive(path) as archive:
        run = archive.start_run(T1)
        assert not save(archive, run, url, seen, at=T1).new_version
        assert not save(archive, run, url, seen, at=T2).new_version
        stored = archive.article(url)
        assert stored is not None and stored.versions == 1
        assert stored.article.headline == "Bridge approved after a six-hour hearing"
