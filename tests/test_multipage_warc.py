"""A story split over pages, exported as WARC and imported again: the import joins its
pages as the run did, version by version (a page the export writes once for two versions
too), so the round trip gives the same articles."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from test_multipage import FAST, STORY, fetch, revisit, serve
from test_multipage_cms import by_query, drupal_node
from test_multipage_incomplete import broken
from warcs import run_import
from webserver import WebServer

from scraper import open_archive
from scraper.archive import Archive
from scraper.export import export_warc
from scraper.pipeline import RunOptions, run


def _texts(archive: Archive) -> list[str]:
    (article_id,) = archive.db.execute("SELECT id FROM articles").fetchone()
    return [version.article.text for version in archive.versions(article_id)]


def _parts(archive: Archive) -> list[str]:
    (page_id,) = archive.db.execute("SELECT page_id FROM articles").fetchone()
    return [page.url for page in archive.page_parts(page_id)]


def test_an_exported_story_of_pages_imports_as_the_same_article(
    server: WebServer, tmp_path: Path
) -> None:
    archive = open_archive(tmp_path / "a.db")
    serve(server)
    fetch(archive, server)
    serve(server, edits={2: " A correction was added."})  # page 2 changed: v2
    time.sleep(1)  # (a WARC dates a capture to the second)
    assert revisit(archive, server).new_versions == 1
    serve(server, edits={1: " Updated.", 2: " A correction was added."})  # page 1 only: v3
    time.sleep(1)
    assert revisit(archive, server).new_versions == 1
    exported = tmp_path / "export.warc.gz"
    with exported.open("wb") as out:
        export_warc(archive, out)
    copy = open_archive(tmp_path / "b.db")
    report = run_import(copy, exported)
    assert (report.archived, report.new_versions, report.failed) == (1, 2, 0)
    assert copy.db.execute("SELECT count(*) FROM articles").fetchone() == (1,)
    assert _texts(copy) == _texts(archive) and len(_texts(copy)) == 3
    assert _parts(copy) == _parts(archive) == [server.url(f"{STORY}{n}/") for n in (2, 3)]
    assert copy.fetch_log()[0].reason == "3 pages"
    # Imported again: nothing new.
    again = run_import(copy, exported)
    assert (again.archived, again.new_versions) == (0, 0)


def test_a_completed_story_still_says_so_after_a_round_trip(
    server: WebServer, tmp_path: Path
) -> None:
    # Page 3 failed at the first visit and answered at the next: the import compares
    # the story with the one archived as the run did, not as an editor's words.
    archive = open_archive(tmp_path / "a.db")
    serve(server)
    server.route(f"{STORY}3/", broken)
    fetch(archive, server)
    serve(server)
    time.sleep(1)  # (a WARC dates a capture to the second)
    assert asyncio.run(run(archive, RunOptions(fetch=FAST))).new_versions == 1
    exported = tmp_path / "export.warc.gz"
    with exported.open("wb") as out:
        export_warc(archive, out)
    copy = open_archive(tmp_path / "b.db")
    assert run_import(copy, exported).new_versions == 1
    (article_id,) = copy.db.execute("SELECT id FROM articles").fetchone()
    first, completed = [version.summary for version in copy.versions(article_id)]
    assert first.startswith("first version; incomplete: page 3")  # (its capture is not there)
    assert completed == "completed: page 3 added"


def test_a_drupal_story_paged_from_0_round_trips(server: WebServer, tmp_path: Path) -> None:
    archive = open_archive(tmp_path / "a.db")
    server.route(STORY, by_query(lambda n: drupal_node((n or 0) + 1, 3)))
    fetch(archive, server)
    exported = tmp_path / "export.warc.gz"
    with exported.open("wb") as out:
        export_warc(archive, out)
    copy = open_archive(tmp_path / "b.db")
    assert run_import(copy, exported).archived == 1
    assert _texts(copy) == _texts(archive)
    assert _parts(copy) == [server.url(f"{STORY}?page={n}") for n in (1, 2)]
