"""Importing WARC files: hand-written WARCs (as Common Crawl's CC-NEWS writes them), this
archive's own export read back, files cut short, and the CLI."""

from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from newssite import Story, story
from warcs import HTML, T1, T2, T3, Again, Response, html, run_import, url, write_warc

from scraper import open_archive
from scraper.archive import Archive
from scraper.cli import cli
from scraper.errors import UsageError
from scraper.export import export_warc
from scraper.models import Discovered
from scraper.warc_import import import_warcs


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with open_archive(tmp_path / "a.db") as archive:
        yield archive


def test_html_responses_are_archived_and_the_rest_passed_over(
    archive: Archive, tmp_path: Path
) -> None:
    shell = b"<html><body><nav><a href='/'>Home</a></nav><div id='app'></div></body></html>"
    warc = write_warc(
        tmp_path / "cc-news.warc.gz",
        [
            (url(1), T1, 200, HTML, html(1)),
            (url(2), T1, 200, HTML, html(2)),
            (url(3), T1, 404, HTML, b"<html><p>Not found</p></html>"),
            ("https://news.example/logo.png", T1, 200, "image/png", b"\x89PNG\r\n\x1a\n...."),
            ("https://news.example/app", T1, 200, HTML, shell),
        ],
        gzip_body=True,
    )
    report = run_import(archive, warc)
    assert (report.responses, report.archived, report.failed, report.skipped) == (5, 2, 1, 2)
    assert report.failures == (("https://news.example/app", report.failures[0][1]),)
    stored = archive.article(url(1))
    assert stored is not None and stored.article.title == story(1).title
    assert stored.fetched_at == "2019-08-26T10:00:00+00:00"  # when captured, not now
    assert "council met on day 1.0" in stored.article.text
    assert archive.page_count() == 3  # the two articles, and the shell kept for later
    assert archive.due("9999-01-01T00:00:00+00:00") == []  # a 2019 crawl is not watched
    assert archive.pending() == []
    assert archive.stats()["articles"] == 2


def test_zstd_and_chunked_bodies_are_decoded_and_brotli_is_a_named_failure(
    archive: Archive, tmp_path: Path
) -> None:
    for n, coding in enumerate(["zstd", "Chunked", "br"]):
        warc = write_warc(
            tmp_path / f"{n}.warc.gz", [(url(n), T1, 200, HTML, html(n))], coding=coding
        )
        report = run_import(archive, warc)
        if coding == "br":
            assert (report.archived, report.failed, report.skipped) == (0, 1, 0)
            assert report.failures == ((url(n), "Content-Encoding br: cannot decode it"),)
        else:
            stored = archive.article(url(n))
            assert report.archived == 1 and stored is not None, coding
            assert stored.article.title == story(n).title and "\r\n" not in stored.article.text


def test_importing_again_adds_nothing(archive: Archive, tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "a.warc.gz", [(url(n), T1, 200, HTML, html(n)) for n in range(3)])
    assert run_import(archive, warc).archived == 3
    pages = archive.page_count()
    again = run_import(archive, warc)
    assert (again.archived, again.new_versions, again.older) == (0, 0, 3)
    assert archive.page_count() == pages
    assert [archive.article(url(n)).versions for n in range(3)] == [1, 1, 1]  # type: ignore[union-attr]


def test_captures_of_one_story_become_its_versions_in_time_order(
    archive: Archive, tmp_path: Path
) -> None:
    first = story(7)
    edited = Story(first.title, [*first.paragraphs[:3], "A correction was added later on."])
    warc = write_warc(
        tmp_path / "a.warc.gz",
        [
            (url(7), T1, 200, HTML, html(7, first)),
            (url(7), T2, 200, HTML, html(7, first)),  # the same text again
            (url(7), T3, 200, HTML, html(7, edited)),
            (url(7), T2, 200, HTML, html(7, first)),  # older: the text it had then
        ],
    )
    report = run_import(archive, warc)
    assert (report.archived, report.unchanged, report.new_versions, report.older) == (1, 2, 1, 0)
    stored = archive.article(url(7))
    assert stored is not None and stored.versions == 2
    assert [v.seen_at for v in archive.versions(stored.id)] == [
        "2019-08-26T10:00:00+00:00",
        "2019-08-28T10:00:00+00:00",
    ]
    assert "correction was added" in stored.article.text


def test_a_later_capture_is_compared_with_this_extractors_reading_of_the_earlier(
    archive: Archive, tmp_path: Path
) -> None:
    # The first capture was imported by an earlier release, which read it differently
    # (here: without its first paragraph). The second capture shows the same story.
    run_import(archive, write_warc(tmp_path / "1.warc.gz", [(url(5), T1, 200, HTML, html(5))]))
    stored = archive.article(url(5))
    assert stored is not None
    (page_id,) = archive.db.execute("SELECT page_id FROM articles").fetchone()
    older = replace(stored.article, text=stored.article.text.split("\n\n", 1)[1])
    archive.replace_extraction(page_id, older, extractor="an-earlier-release")
    later = write_warc(tmp_path / "2.warc.gz", [(url(5), T2, 200, HTML, html(5))])
    report = run_import(archive, later)
    assert (report.unchanged, report.new_versions) == (1, 0)
    again = archive.article(url(5))
    assert again is not None and again.versions == 1 and again.article == stored.article


@pytest.mark.parametrize("processes", [0, 1])
def test_the_archives_site_rules_apply_to_imported_pages(
    archive: Archive, tmp_path: Path, processes: int
) -> None:
    archive.set_site_rules('[[site]]\nhosts = ["news.example"]\ndrop = ["article > p:last-child"]')
    warc = write_warc(tmp_path / "a.warc.gz", [(url(3), T1, 200, HTML, html(3))])
    assert run_import(archive, warc, processes=processes).archived == 1
    stored = archive.article(url(3))
    first, *_, last = story(3).paragraphs
    assert stored is not None and first in stored.article.text
    assert last not in stored.article.text


def test_a_url_a_source_queued_is_archived_and_then_watched(
    archive: Archive, tmp_path: Path
) -> None:
    archive.enqueue([Discovered(url(1))], source_id=None, at="2019-08-26T09:00:00+00:00")
    warc = write_warc(tmp_path / "a.warc.gz", [(url(1), T1, 200, HTML, html(1))])
    assert run_import(archive, warc).archived == 1
    assert archive.pending() == []  # no need to fetch it now
    tracked = archive.tracked(url(1))
    assert tracked is not None and tracked.state == "done" and tracked.next_visit_at is not None


def test_the_archives_own_export_imports_into_another(archive: Archive, tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "a.warc.gz", [(url(n), T1, 200, HTML, html(n)) for n in range(4)])
    run_import(archive, warc)
    exported = tmp_path / "export.warc.gz"
    with exported.open("wb") as out:
        assert export_warc(archive, out) == 4
    with open_archive(tmp_path / "b.db") as copy:
        report = run_import(copy, exported, processes=1)  # in a worker process, as by default
        assert (report.responses, report.archived) == (4, 4)  # (metadata records skipped)
        for n in range(4):
            mine, theirs = archive.article(url(n)), copy.article(url(n))
            assert mine is not None and theirs is not None
            assert theirs.article == mine.article and theirs.fetched_at == mine.fetched_at


@pytest.mark.parametrize("processes", [0, 1])
def test_a_revisit_of_a_page_the_archive_holds_is_a_capture_of_it(
    archive: Archive, tmp_path: Path, processes: int
) -> None:
    # Right behind the response it refers to, which may still be being extracted.
    warc = write_warc(
        tmp_path / "a.warc.gz",
        [(url(1), T1, 200, HTML, html(1)), Again(url(1), T2, url(1), T1)],
    )
    pages = archive.page_count()
    report = run_import(archive, warc, processes=processes)
    assert (report.responses, report.revisits) == (1, 1)
    assert report.to_dict()["revisits"] == 1
    assert (report.archived, report.unchanged, report.skipped) == (1, 1, 0)
    stored = archive.article(url(1))
    assert stored is not None and stored.versions == 1
    assert stored.fetched_at == "2019-08-27T10:00:00+00:00"  # still there, unchanged, at T2
    tracked = archive.tracked(url(1))
    assert tracked is not None and tracked.last_fetched_at == "2019-08-27T10:00:00+00:00"
    assert archive.page_count() == pages + 1  # no second copy of the page
    again = run_import(archive, warc, processes=processes)
    assert (again.older, again.unchanged) == (2, 0)  # importing again adds nothing


def test_a_revisit_is_the_page_of_the_capture_it_names(archive: Archive, tmp_path: Path) -> None:
    first = story(4)
    edited = Story(first.title, [*first.paragraphs[:2], "The minister has since resigned."])
    elsewhere = "https://news.example/print/story-4.html"
    warc = write_warc(
        tmp_path / "a.warc.gz",
        [
            (url(4), T1, 200, HTML, html(4, first)),
            (url(4), T2, 200, HTML, html(4, edited)),
            Again(url(4), T3, url(4), T1),  # back as it was at T1
            Again(elsewhere, T3, url(4), T2),  # the story under another address
        ],
    )
    report = run_import(archive, warc)
    assert (report.archived, report.new_versions, report.unchanged) == (1, 2, 1)
    stored = archive.article(url(4))
    assert stored is not None and stored.versions == 3
    assert "resigned" not in stored.article.text
    assert [v.seen_at[:10] for v in archive.versions(stored.id)] == [
        "2019-08-26", "2019-08-27", "2019-08-28"
    ]  # fmt: skip
    copy = archive.article(elsewhere)
    assert copy is not None and copy.id == stored.id  # one story, two addresses


def test_a_revisit_without_the_page_it_refers_to_is_passed_over(
    archive: Archive, tmp_path: Path
) -> None:
    warc = write_warc(
        tmp_path / "a.warc.gz",
        [
            Again(url(2), T2, url(2), T1),  # its response is in a file not imported
            (url(3), T1, 200, HTML, html(3)),
            Again(url(3), T2),  # no Refers-To headers (WARC 1.0): the URL's latest capture
            Again("https://other.example/x.html", T3, url(3), T1),  # not a page of its own
        ],
    )
    report = asyncio.run(import_warcs(archive, [warc], processes=0, sites=["news.example"]))
    assert (report.revisits, report.skipped, report.archived, report.unchanged) == (3, 2, 1, 1)
    assert archive.tracked(url(2)) is None
    assert archive.tracked("https://other.example/x.html") is None
    stored = archive.article(url(3))
    assert stored is not None and stored.fetched_at == "2019-08-27T10:00:00+00:00"


def test_a_file_cut_short_keeps_what_was_read_and_is_reported(
    archive: Archive, tmp_path: Path
) -> None:
    whole = write_warc(tmp_path / "a.warc.gz", [(url(n), T1, 200, HTML, html(n)) for n in range(5)])
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) * 3 // 4])
    not_warc = tmp_path / "notes.warc"
    not_warc.write_text("these are my notes, not a WARC\n")
    report = run_import(archive, cut, not_warc)
    assert 1 <= report.archived <= 4
    assert [path for path, _ in report.bad_files] == [str(cut), str(not_warc)]
    assert archive.stats()["articles"] == report.archived


def test_a_malformed_record_is_skipped_and_the_next_file_is_read(
    archive: Archive, tmp_path: Path
) -> None:
    # A response with no WARC-Target-URI: warcio fails on it with an AttributeError.
    broken = write_warc(tmp_path / "a.warc.gz", [(url(0), T1, 200, HTML, html(0)),
                                                  ("", T1, 200, HTML, html(1)),
                                                  (url(2), T1, 200, HTML, html(2))])  # fmt: skip
    # A Content-Length that is no number.
    raw = tmp_path / "b.warc"
    raw.write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + url(3).encode()
        + b"\r\nContent-Length: many\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>x</p>\r\n\r\n"
    )  # fmt: skip
    good = write_warc(tmp_path / "c.warc.gz", [(url(4), T1, 200, HTML, html(4))])
    report = run_import(archive, broken, raw, good)
    assert [path for path, _ in report.bad_files] == [str(broken), str(raw)]
    assert all(reason.startswith("1 damaged record skipped: record at offset ")
               for _, reason in report.bad_files)  # fmt: skip
    assert "unreadable" in report.bad_files[0][1]
    for n in (0, 2, 4):  # (reading went on after the damaged record)
        assert archive.article(url(n)) is not None


def test_a_capture_without_a_time_it_can_have_is_not_archived(
    archive: Archive, tmp_path: Path
) -> None:
    dates = ["", "0001-01-01T00:00:00Z", "2099-01-01T00:00:00Z", "yesterday"]
    records: list[Response | Again] = [
        (url(n), date, 200, HTML, html(n)) for n, date in enumerate(dates)
    ]
    path = write_warc(tmp_path / "a.warc.gz", records)
    report = run_import(archive, path)
    assert (report.archived, report.failed) == (0, 4)
    assert {reason for _, reason in report.failures} == {"no WARC-Date that a capture can have"}


def test_imported_urls_are_normalised_as_fetched_ones_are(archive: Archive, tmp_path: Path) -> None:
    raw = "https://NEWS.example:443/2019/story-0.html#comments"
    run_import(archive, write_warc(tmp_path / "a.warc.gz", [(raw, T1, 200, HTML, html(0))]))
    stored = archive.article(url(0))
    assert stored is not None and stored.article.url == url(0)


def test_only_the_sites_asked_for_are_archived(archive: Archive, tmp_path: Path) -> None:
    elsewhere = "https://other.example/2019/story-9.html"
    warc = write_warc(
        tmp_path / "a.warc.gz",
        [
            (url(1), T1, 200, HTML, html(1)),
            (url(2).replace("news.", "amp.news."), T1, 200, HTML, html(2)),  # a subdomain
            (elsewhere, T1, 200, HTML, html(9)),
        ],
    )
    report = asyncio.run(import_warcs(archive, [warc], processes=0, sites=["amp.NEWS.example"]))
    assert (report.archived, report.skipped) == (1, 2)  # a host's parent domain is not it
    report = asyncio.run(import_warcs(archive, [warc], processes=0, sites=["NEWS.example"]))
    assert (report.archived, report.skipped) == (1, 1)  # (and the subdomain's, no newer)
    assert archive.tracked(url(1)) is not None and archive.tracked(elsewhere) is None
    runs = archive.db.execute("SELECT count(*) FROM runs").fetchone()[0]
    with pytest.raises(UsageError, match="not a host name"):
        asyncio.run(import_warcs(archive, [warc], processes=0, sites=["https://news.example/"]))
    assert archive.db.execute("SELECT count(*) FROM runs").fetchone()[0] == runs  # none begun


def test_cli_import_warc(tmp_path: Path) -> None:
    responses: list[Response | Again] = [(url(n), T1, 200, HTML, html(n)) for n in range(2)]
    warc = write_warc(tmp_path / "a.warc.gz", [*responses, Again(url(0), T2, url(0), T1)])
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    result = runner.invoke(cli, ["import-warc", str(warc), "--db", db, "--processes", "0"])
    assert result.exit_code == 0, result.output
    assert "imported 2 responses and 1 revisit: 2 new articles, 0 changed, 1 unchanged" in (
        result.stdout
    )
    result = runner.invoke(cli, ["stats", "--db", db])
    last_run = result.stdout.splitlines()[-1]
    assert "imported from WARC files: archived 2 new, 0 changed" in last_run
    assert "sources polled" not in last_run
    result = runner.invoke(
        cli, ["import-warc", str(warc), "--db", db, "--json", "--site", "news.example"]
    )
    report = json.loads(result.stdout)
    assert result.exit_code == 0 and report["older"] == 3 and report["archived"] == 0
    result = runner.invoke(cli, ["import-warc", str(warc), "--db", db, "--site", "a b"])
    assert result.exit_code == 2
    assert "Invalid value for '--site': not a host name: 'a b'" in result.stderr
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(b"\x1f\x8b" + b"garbage" * 10)
    result = runner.invoke(cli, ["import-warc", str(broken), "--db", db])
    assert result.exit_code == 1 and "broken.warc.gz" in result.stderr
    notes = tmp_path / "notes.warc"
    notes.write_text("my notes\n")
    result = runner.invoke(cli, ["import-warc", str(notes), "--db", db])
    assert (result.exit_code, result.stderr) == (
        1,
        f"scraper: {notes}: not a WARC file: it does not start with a WARC record\n",
    )


@pytest.mark.slow
def test_kill_9_during_an_import_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    warc = write_warc(
        tmp_path / "a.warc.gz", [(url(n), T1, 200, HTML, html(n)) for n in range(300)]
    )
    db = str(tmp_path / "k.db")
    command = [sys.executable, "-m", "scraper", "import-warc", str(warc), "--db", db]
    archived = 0
    for extra in (0.0, 0.1, 0.2):  # killed once it has written, at a different point each time
        proc = subprocess.Popen([*command, "--processes", "0"], stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60  # (a loaded machine may take long to start it)
        while proc.poll() is None and _articles(db) <= archived and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(extra)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        archived = _articles(db)
    final = subprocess.run([*command, "--json"], capture_output=True, timeout=120)
    assert final.returncode == 0, final.stderr
    report = json.loads(final.stdout)
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with open_archive(db) as archive:
        assert archive.stats()["articles"] == 300
        assert all(archive.article(url(n)).versions == 1 for n in range(300))  # type: ignore[union-attr]
    assert report["older"] + report["archived"] == 300 and report["older"] > 0  # resumed


def _articles(db: str) -> int:
    """The articles a running import has committed so far (0 before it made the archive)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
            return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_files_are_given_as_str_or_pathlike_and_anything_else_is_refused_first(
    archive: Archive, tmp_path: Path
) -> None:
    warc = write_warc(tmp_path / "a.warc.gz", [(url(1), T1, 200, HTML, html(1))])
    assert asyncio.run(import_warcs(archive, [str(warc)], processes=0)).archived == 1
    again = asyncio.run(import_warcs(archive, str(warc), processes=0))  # one path, not its letters
    assert (again.responses, again.failed, again.bad_files) == (1, 0, ())
    runs = archive.last_run_time()
    with pytest.raises(UsageError, match="paths"):
        asyncio.run(import_warcs(archive, [3], processes=0))  # type: ignore[list-item]
    assert archive.last_run_time() == runs  # (no run recorded)
