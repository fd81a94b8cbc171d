"""Re-extraction: stored raw pages through the current extractor, inline and in workers."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_extract_pool import hanging_extract  # tests/ is on sys.path (no __init__.py)

from scraper import SiteRules, extract
from scraper.archive import Archive, open_archive
from scraper.archive.records import digests
from scraper.extract_pool import ExtractorPool
from scraper.models import Article, Page
from scraper.reextract import WINDOW, reextract

AT = "2024-03-01T08:00:00+00:00"
LATER = "2024-03-02T08:00:00+00:00"
STORY = (
    "The council approved the new harbour bridge on Tuesday after a two-year debate. "
    "Construction starts in spring and should take three years, the mayor said."
)


def page_html(n: int) -> str:
    return (
        f"<html lang='en'><head><title>Harbour story {n}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>Harbour story {n}</h1>"
        f"<p>{STORY} This is story number {n}.</p><p>{STORY}</p></article></body></html>"
    )


def make_page(url: str, body: bytes) -> Page:
    headers = (("Content-Type", "text/html; charset=utf-8"),)
    return Page(url, url, 200, headers, body, AT)


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with open_archive(tmp_path / "archive.db") as opened:
        yield opened


def store(archive: Archive, url: str, body: bytes, article: Article) -> None:
    run = archive.start_run(AT)
    archive.save_page(run, make_page(url, body), article, next_visit_at=LATER)


def stale(url: str, n: int) -> Article:
    """What an older extractor made of page `n`: a wrong title and a truncated text."""
    return Article(url=url, title=f"Old title {n}", text=STORY, markdown=STORY)


@pytest.mark.parametrize("processes", [0, 1])
def test_stale_extractions_are_replaced(archive: Archive, processes: int) -> None:
    count = WINDOW + 6  # more pages than the window, so it fills and drains
    for n in range(count):
        url = f"https://example.com/news/{n}.html"
        store(archive, url, page_html(n).encode(), stale(url, n))
    up_to_date = "https://example.com/news/current.html"
    body = page_html(999).encode()
    store(archive, up_to_date, body, extract(body, up_to_date))
    seen: list[int] = []

    report = reextract(archive, processes=processes, progress=lambda _, done, __: seen.append(done))

    assert (report.pages, report.changed, report.failed) == (count + 1, count, 0)
    assert seen == list(range(1, count + 2))
    stored = archive.article("https://example.com/news/7.html")
    assert stored is not None and stored.article.title == "Harbour story 7"
    assert "This is story number 7." in stored.article.text
    # Every version is marked as this extractor's, the unchanged one too: a revisit has
    # nothing to extract again.
    revision = sys.modules["scraper.extract"].revision()
    for table in ("articles", "versions"):
        marks = archive.db.execute(f"SELECT DISTINCT extractor FROM {table}").fetchall()
        assert marks == [(revision,)]
    assert archive.stale_extraction(up_to_date, revision) is None


def test_a_page_the_extractor_fails_on_keeps_its_old_extraction(
    archive: Archive, caplog: pytest.LogCaptureFixture
) -> None:
    def buggy(html: bytes, url: str, *, content_type: str | None) -> Article:
        if "bad" in url:
            raise IndexError("a bug in a new extractor")
        return extract(html, url, content_type=content_type)

    for name in ("bad", "good"):
        url = f"https://example.com/news/{name}.html"
        store(archive, url, page_html(1).encode(), stale(url, 1))

    report = reextract(archive, processes=0, extractor=buggy)

    assert (report.pages, report.changed, report.failed) == (2, 1, 1)
    kept = archive.article("https://example.com/news/bad.html")
    assert kept is not None and kept.article.title == "Old title 1"
    assert "bad.html failed: IndexError: a bug in a new extractor" in caplog.text


@pytest.mark.parametrize("processes", [0, 1])
def test_reextract_applies_the_archives_site_rules(archive: Archive, processes: int) -> None:
    url = "https://www.example.com/news/1.html"
    body = page_html(1).encode()
    store(archive, url, body, extract(body, url))
    archive.set_site_rules('[[site]]\nhosts = ["example.com"]\ndrop = ["article p + p"]')
    report = reextract(archive, processes=processes)
    stored = archive.article(url)
    assert report.changed == 1 and stored is not None
    assert stored.article.text == f"{STORY} This is story number 1."
    rule = SiteRules.parse(archive.site_rules()).rules[0]
    marks = archive.db.execute("SELECT DISTINCT extractor FROM articles").fetchall()
    assert marks == [(sys.modules["scraper.extract"].revision(rule),)]


def test_an_empty_archive(archive: Archive) -> None:
    assert reextract(archive, processes=1) == reextract(archive, processes=0)
    assert reextract(archive).pages == 0


def test_a_broken_pool_is_replaced_once() -> None:
    # Every page in flight when a worker dies sees the same broken pool: one new pool
    # must serve them all, not one per page.
    with ExtractorPool(1) as pool:
        broken = pool.pool
        pool.restart(broken)
        fresh = pool.pool
        assert fresh is not None and fresh is not broken
        pool.restart(broken)
        assert pool.pool is fresh
        page = make_page("https://example.com/news/1.html", page_html(1).encode())
        assert pool.submit(page).result().title == "Harbour story 1"


@pytest.mark.parametrize("processes", [0, 1])
def test_the_worker_hashes_what_the_archive_would(tmp_path: Path, processes: int) -> None:
    # A run hashes page and article in the extraction worker; the archive must come out
    # as if it had hashed them itself.
    page = make_page("https://example.com/news/2.html", page_html(2).encode())
    with ExtractorPool(processes) as pool:
        article, hashes = asyncio.run(pool.extract_for_archive(page))
    assert article == extract(page.body, page.final_url)
    assert hashes == digests(page.body, article, pool.revision_for(page.final_url))
    assert pool.revision_for(page.final_url) == sys.modules["scraper.extract"].revision()
    rows = []
    for name, given in (("worker", hashes), ("inline", None)):
        with open_archive(tmp_path / f"{name}.db") as opened:
            run = opened.start_run(AT)
            opened.save_page(run, page, article, next_visit_at=LATER, digests=given)
            rows.append(
                opened.db.execute(
                    "SELECT a.fingerprint, a.text_hash, p.sha1 FROM articles a"
                    " JOIN pages p ON p.id = a.page_id"
                ).fetchall()
            )
    assert rows[0] == rows[1] and rows[0][0][1] is not None


def test_a_page_a_worker_never_finishes_fails_and_the_pass_goes_on(
    archive: Archive, caplog: pytest.LogCaptureFixture
) -> None:
    for name in ("a", "hang", "b"):
        url = f"https://example.com/news/{name}.html"
        body = page_html(1).encode() + (b"<!-- hang -->" if name == "hang" else b"")
        store(archive, url, body, stale(url, 1))

    report = reextract(archive, processes=1, timeout=3, extractor=hanging_extract)

    assert (report.pages, report.changed, report.failed) == (3, 2, 1)
    kept = archive.article("https://example.com/news/hang.html")
    assert kept is not None and kept.article.title == "Old title 1"
    assert "hang.html took too long" in caplog.text


def test_a_page_no_article_came_out_of_is_kept_and_gets_one_later(archive: Archive) -> None:
    """An extractor that found nothing on a page (an app shell it could not read yet)
    must not cost the page: it is kept, and re-extraction makes its article."""
    url = "https://example.com/news/shell.html"
    body = page_html(7).encode()
    run = archive.start_run(AT)
    archive.record_failure(
        run, url, outcome="error", status=200, reason="no article text", at=AT, retry=False,
        page=make_page(url, body),
    )  # fmt: skip
    assert (archive.page_count(), archive.stats()["articles"]) == (1, 0)
    assert archive.article(url) is None

    report = reextract(archive, processes=0)
    assert (report.pages, report.changed, report.failed) == (1, 1, 0)
    stored = archive.article(url)
    assert stored is not None and stored.versions == 1
    assert stored.article.title == "Harbour story 7" and "story number 7" in stored.article.text
    assert stored.fetched_at == AT  # as if extracted when it was fetched
    assert [h.url for h in archive.search("harbour")] == [url]
    assert reextract(archive, processes=0).changed == 0  # now it is an article like any


def test_a_revisit_with_no_article_keeps_no_page(archive: Archive) -> None:
    url = "https://example.com/news/1.html"
    store(archive, url, page_html(1).encode(), extract(page_html(1), url))
    run = archive.start_run(LATER)
    archive.record_failure(
        run, url, outcome="error", status=200, reason="no article text", at=LATER,
        retry=False, page=make_page(url, b"<html><body>Subscribe to read</body></html>"),
    )  # fmt: skip
    assert archive.page_count() == 1  # the article's own page only
