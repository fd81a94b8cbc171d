"""A story split over pages that comes back incomplete: a page 2 that fails on a revisit
is a failed visit, not a cut and a restore; a story archived incomplete is due at the
next run, and its completion says so; a site that ignores the page number, with a line
that changes per request, is one page; a story past the page cap says it is cut."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import replace
from pathlib import Path

import pytest
from test_multipage import FAST, STORY, fetch, revisit, serve, story_page, words
from webserver import Exchange, WebServer

from scraper import open_archive
from scraper.archive import Archive
from scraper.archive.records import Digests
from scraper.clock import utc_now
from scraper.extract import extract
from scraper.extract.pagination import MAX_PAGES
from scraper.models import Article, Page
from scraper.multipage import Story, Visit, join, judge
from scraper.pipeline import RunOptions, run
from scraper.reextract import reextract


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return open_archive(tmp_path / "archive.db")


def broken(exchange: Exchange) -> None:
    exchange.send(b"oops", status=500, content_type="text/plain")


def summaries(archive: Archive, server: WebServer) -> list[str]:
    stored = archive.article(server.url(STORY))
    assert stored is not None
    return [v.summary for v in archive.versions(stored.id)]


def test_a_page_2_that_fails_on_a_revisit_is_a_failed_visit_not_a_version(
    server: WebServer, archive: Archive
) -> None:
    serve(server)
    fetch(archive, server)
    server.route(f"{STORY}2/", broken)
    report = revisit(archive, server)
    assert (report.failed, report.new_versions) == (1, 0)
    entry = archive.fetch_log()[0]
    assert entry.outcome == "error" and entry.reason.startswith("incomplete: page 2")
    assert summaries(archive, server) == ["first version"]
    # Tried again at the next run (no slot waited for): whole, so unchanged.
    serve(server)
    assert asyncio.run(run(archive, RunOptions(fetch=FAST))).unchanged == 1
    assert summaries(archive, server) == ["first version"]


def test_an_incomplete_story_is_due_at_the_next_run_and_its_completion_says_so(
    server: WebServer, archive: Archive
) -> None:
    serve(server)
    server.route(f"{STORY}3/", broken)
    fetch(archive, server)
    assert archive.fetch_log()[0].reason.startswith("2 pages; incomplete: page 3")
    serve(server)
    report = asyncio.run(run(archive, RunOptions(fetch=FAST)))  # no feed made it due
    assert report.new_versions == 1
    first, completed = summaries(archive, server)
    assert first.startswith("first version; incomplete: page 3 (") and first.endswith("Error")
    assert completed == "completed: page 3 added"
    # Page 1 was asked for unconditionally: its 304 would say nothing of page 3.
    assert server.requested(STORY)[1].header("if-none-match") is None
    # Whole now: its next visit waits for its slot.
    assert asyncio.run(run(archive, RunOptions(fetch=FAST))).fetched == 0


def test_a_page_that_fails_for_good_is_tried_once_more_not_every_run(
    server: WebServer, archive: Archive
) -> None:
    serve(server)
    server.route(f"{STORY}3/", broken)
    fetch(archive, server)
    assert asyncio.run(run(archive, RunOptions(fetch=FAST))).unchanged == 1
    assert asyncio.run(run(archive, RunOptions(fetch=FAST))).fetched == 0
    assert len(server.requested(f"{STORY}3/")) == 2


def test_judging_a_story_against_the_archived_one() -> None:
    def story(pages: int, missing: str = "") -> Story:
        text = "\n\n".join(f"Page {n} holds its own paragraph." for n in range(1, pages + 1))
        page = Page("https://example.com/a/", "https://example.com/a/", 200, (), b"", "")
        parts = (page,) * (pages - 1)
        return Story(Article(text=text), Digests("", "", ""), parts, missing=missing)

    two, three = story(2).article, story(3).article
    assert judge(story(1, "page 2 (…): HTTP 500"), (three, 3)).failed.startswith("incomplete")
    lacks = "incomplete: page 3 not fetched"
    assert judge(story(2, "page 3 not fetched"), None) == Visit(again=True, lacks=lacks)
    assert not judge(story(2, "page 3 (…): HTTP 500"), (two, 2)).again  # no further
    assert judge(story(5), (two, 2)).summary == "completed: pages 3–5 added"
    assert judge(story(4, "x"), (two, 2)) == Visit(
        again=True, summary="pages 3–4 added", lacks="incomplete: x"
    )
    # On its last attempt, a visit that misses a page is archived if page 1 was edited.
    page_1_edited = replace(story(1, "page 2 (…): HTTP 500"), article=Article(text="New."))
    assert judge(page_1_edited, (three, 3), last=True) == Visit(
        again=True, lacks="incomplete: page 2 (…): HTTP 500"
    )
    assert judge(story(1, "page 2 (…)"), (three, 3), last=True).failed  # as archived
    edited = Article(text="Page 1 was rewritten.\n\nPage 2 holds its own paragraph.")
    assert judge(story(3), (edited, 2)) == Visit()  # an edit too: a diff says what changed
    assert judge(story(3), (three, 3)) == Visit()


def test_a_site_that_ignores_the_page_number_with_a_counter_is_one_page(
    server: WebServer, archive: Archive
) -> None:
    readers = itertools.count(1203, 57)
    page = story_page(server, 1, 1).replace(
        '<nav class="pages">', '<nav class="pages"><a href="?page=2">2</a> <a href="?page=3">3</a>'
    )

    def counted(exchange: Exchange) -> None:  # every ?page= serves the story again
        line = f"<p>{next(readers):,} people are reading this now</p>"
        exchange.send(page.replace(f"<p>{words(1, 2)}", f"{line}<p>{words(1, 2)}").encode())

    server.route(STORY, counted)
    fetch(archive, server)
    stored = archive.article(server.url(STORY))
    assert stored is not None and stored.article.text.count(words(1, 3)) == 1
    assert archive.fetch_log()[0].reason == ""


def test_a_story_past_the_page_cap_says_it_is_cut(server: WebServer, archive: Archive) -> None:
    last = MAX_PAGES + 2
    for number in range(1, last + 1):  # linked page by page: "Next page »" only
        html = story_page(server, number, last)
        pager = html[html.index('<nav class="pages">') : html.index("</nav>")]
        following = pager[pager.rindex("<a ") :] if number < last else ""
        path = STORY if number == 1 else f"{STORY}{number}/"
        server.page(path, html.replace(pager, f'<nav class="pages">{following}'))
    fetch(archive, server)
    cut = f"cut at page {MAX_PAGES} (it goes on; {MAX_PAGES} pages at most)"
    assert archive.fetch_log()[0].reason == f"{MAX_PAGES} pages; {cut}"
    assert summaries(archive, server) == [f"first version; {cut}"]
    assert not server.requested(f"{STORY}{MAX_PAGES + 1}/")
    # Capped, not missing: its next visit waits for its slot.
    assert asyncio.run(run(archive, RunOptions(fetch=FAST))).fetched == 0


WALL = (
    '<div class="paywall"><p>You have reached your limit of free articles this month.</p>'
    '<p><a href="/subscribe/">Subscribe</a> for unlimited access.</p></div>'
)


def test_a_wall_on_page_2_ends_the_story_and_a_short_last_page_does_not(
    server: WebServer, archive: Archive
) -> None:
    serve(server)
    fetch(archive, server)
    # A revisit: page 2 shows its opening above a meter. Not joined: a failed visit.
    walled = story_page(server, 2, 3).replace(
        "".join(f"<p>{words(2, n)}</p>" for n in range(1, 4)), WALL
    )
    server.page(f"{STORY}2/", walled)
    assert revisit(archive, server).failed == 1
    assert archive.fetch_log()[0].reason.startswith("incomplete: page 2")
    assert "paywall" in archive.fetch_log()[0].reason
    assert summaries(archive, server) == ["first version"]
    stored = archive.article(server.url(STORY))
    assert stored is not None and "free articles" not in stored.article.text
    # A last page as short, with no wall: the story's end, joined.
    short = story_page(server, 3, 3).replace(
        "".join(f"<p>{words(3, n)}</p>" for n in range(1, 4)), ""
    )
    serve(server)
    server.page(f"{STORY}3/", short)
    assert revisit(archive, server).new_versions == 1
    stored = archive.article(server.url(STORY))
    assert stored is not None and stored.article.text.endswith(words(3, 0))


def test_reextract_drops_later_pages_that_repeat_the_story(
    server: WebServer, archive: Archive
) -> None:
    # As an older release joined a site that ignores the page number: three times over.
    html, lead = story_page(server, 1, 1), f"<p>{words(1, 2)}"
    bodies = [
        html.replace(lead, f"<p>{n} people are reading this now</p>{lead}").encode()
        for n in ("1,203", "1,260", "1,317")
    ]
    address = server.url(STORY)
    pages = [
        Page(f"{address}?page={n}", address, 200, (), b, utc_now()) for n, b in enumerate(bodies, 1)
    ]
    first = extract(pages[0].body, pages[0].url)
    tripled = join([first, first, first])
    run_id = archive.start_run(utc_now())
    archive.save_page(run_id, pages[0], tripled, next_visit_at=None, parts=pages[1:])
    reextract(archive, processes=0)
    stored = archive.article(pages[0].url)
    assert stored is not None and stored.article.text.count(words(1, 3)) == 1
