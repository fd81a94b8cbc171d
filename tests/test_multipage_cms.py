"""Stories split over pages as real CMSs page them, end to end on a 127.0.0.1 server:
Drupal's pager counting from 0 beside its comment pager, WordPress's `wp_link_pages` on
an undated post, a news CMS's windowed pager past the page cap; and a page 2 that stays
down while page 1 is edited."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from test_multipage import FAST, STORY, fetch, revisit, serve, words
from test_multipage_incomplete import broken, summaries
from webserver import Exchange, WebServer

from scraper import open_archive
from scraper.archive import Archive
from scraper.extract.pagination import MAX_PAGES
from scraper.pipeline import RunOptions, archive_urls, run


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return open_archive(tmp_path / "archive.db")


def paragraphs(page: int) -> str:
    return "".join(f"<p>{words(page, n)}</p>" for n in range(4))


def drupal_node(page: int, last: int) -> str:
    """A Drupal node: its body, its own pager (`?page=0` is page 1), then comments and
    their pager (`?page=1` is their page 2 too)."""
    items = "".join(
        f'<li class="pager__item{" is-active" if n == page else ""}">'
        f'<a href="?page={n - 1}" title="Go to page {n}">{n}</a></li>'
        for n in range(1, last + 1)
    )
    following = f'<li class="pager__item pager__item--next"><a href="?page={page}" rel="next">'
    return (
        "<html><head><title>How the harbour bridge was built | Valley Post</title>"
        '<meta property="article:published_time" content="2026-11-20T08:00:00+00:00"></head>'
        '<body><main role="main"><article role="article" class="node node--type-article">'
        '<h1 class="page-title"><span>How the harbour bridge was built</span></h1>'
        f'<div class="field field--name-body">{paragraphs(page)}</div>'
        '<nav class="pager" role="navigation" aria-labelledby="pagination-heading">'
        '<h4 id="pagination-heading" class="visually-hidden">Pagination</h4>'
        f'<ul class="pager__items js-pager__items">{items}'
        f"{following + 'Next ›</a></li>' if page < last else ''}</ul></nav>"
        '<section class="field--name-comment comment-wrapper"><h2>Comments</h2>'
        '<article class="comment"><p>Great read, thanks.</p></article>'
        '<nav class="pager" role="navigation"><ul class="pager__items">'
        '<li class="pager__item is-active"><a href="?page=0">1</a></li>'
        '<li class="pager__item"><a href="?page=1">2</a></li>'
        '<li class="pager__item"><a href="?page=2">3</a></li></ul></nav></section>'
        "</article></main></body></html>"
    )


def by_query(pages: Callable[[int], str]) -> Callable[[Exchange], None]:
    def handler(exchange: Exchange) -> None:
        query = exchange.request.path.partition("?")[2]
        number = int(query.removeprefix("page=")) if query.startswith("page=") else None
        exchange.send(pages(number).encode())

    return handler


def test_a_drupal_story_is_paged_from_0_and_its_comment_pager_is_not_followed(
    server: WebServer, archive: Archive
) -> None:
    # (The server reads ?page=N as Drupal does: page N + 1; no ?page is page 1.)
    server.route(STORY, by_query(lambda n: drupal_node((n or 0) + 1, 3)))
    fetch(archive, server)
    stored = archive.article(server.url(STORY))
    assert stored is not None
    assert [words(p, 0) in stored.article.text for p in (1, 2, 3)] == [True] * 3
    assert stored.article.text.count(words(1, 0)) == 1  # ?page=0 is page 1: not joined again
    assert archive.fetch_log()[0].reason == "3 pages"
    assert [r.path for r in server.requests if r.path.startswith(STORY)] == [
        STORY,
        f"{STORY}?page=1",
        f"{STORY}?page=2",
    ]


def wordpress_post(server: WebServer, path: str, page: int, last: int) -> str:
    """A WordPress post with no date anywhere, split by `<!--nextpage-->`."""
    links = " ".join(
        f'<span class="post-page-numbers current" aria-current="page">{n}</span>'
        if n == page
        else f'<a href="{server.url(path if n == 1 else f"{path}{n}/")}" class="post-page-numbers"'
        f">{n}</a>"
        for n in range(1, last + 1)
    )
    return (
        "<html><head><title>How the harbour bridge was built &#8211; Harbour Notes</title>"
        '</head><body class="post-template-default single single-post">'
        '<main id="main"><article id="post-812" class="post-812 post type-post">'
        '<header class="entry-header"><h1 class="entry-title">How the harbour bridge was'
        ' built</h1></header><div class="entry-content">'
        f'{paragraphs(page)}<p class="post-nav-links">Pages: {links}</p></div>'
        "</article></main></body></html>"
    )


def test_an_undated_wordpress_post_split_over_pages_is_archived_whole(
    server: WebServer, archive: Archive
) -> None:
    path = "/how-the-harbour-bridge-was-built/"  # no date in the address either
    for page in (1, 2, 3):
        server.page(path if page == 1 else f"{path}{page}/", wordpress_post(server, path, page, 3))
    asyncio.run(archive_urls(archive, [server.url(path)], RunOptions(fetch=FAST)))
    stored = archive.article(server.url(path))
    assert stored is not None and stored.article.published is None
    assert stored.article.text.endswith(words(3, 3))
    assert archive.fetch_log()[0].reason == "3 pages"


def news_cms_page(page: int, last: int) -> str:
    """A news CMS's long read: "Page 3 of 25", a window of page numbers, the last, Next."""
    window = [n for n in range(page - 2, page + 3) if 1 <= n <= last]
    links = [f'<a href="?page={n}" class="pagination__link">{n}</a>' for n in window]
    if window[-1] < last:
        links += ['<span class="pagination__gap">…</span>', f'<a href="?page={last}">{last}</a>']
    if page < last:
        links.append(f'<a href="?page={page + 1}" class="pagination__next">Next page</a>')
    return (
        "<html><head><title>How the harbour bridge was built - The Courier</title>"
        '<meta property="article:published_time" content="2026-11-20T08:00:00Z"></head>'
        '<body><article class="story"><h1>How the harbour bridge was built</h1>'
        f'<div class="story-body">{paragraphs(page)}</div><div class="pagination">'
        f'<span class="pagination__count">Page {page} of {last}</span> {" ".join(links)}'
        "</div></article></body></html>"
    )


def test_a_story_past_the_page_cap_is_cut_at_page_20_of_its_pages_and_says_so(
    server: WebServer, archive: Archive, caplog: pytest.LogCaptureFixture
) -> None:
    last = MAX_PAGES + 5
    server.route(STORY, by_query(lambda n: news_cms_page(n or 1, last)))
    fetch(archive, server)
    cut = f"cut at page {MAX_PAGES} of {last} ({MAX_PAGES} pages at most)"
    assert archive.fetch_log()[0].reason == f"{MAX_PAGES} pages; {cut}"
    assert summaries(archive, server) == [f"first version; {cut}"]
    assert cut in caplog.text  # on stderr too
    stored = archive.article(server.url(STORY))
    assert stored is not None and words(MAX_PAGES, 3) in stored.article.text
    assert not server.requested(f"{STORY}?page={MAX_PAGES + 1}")


def test_a_page_2_down_for_good_lets_page_1s_edit_through_marked_incomplete(
    server: WebServer, archive: Archive
) -> None:
    serve(server)
    fetch(archive, server)
    serve(server, edits={1: " The council has since apologised."})
    server.route(f"{STORY}2/", broken)
    assert revisit(archive, server).failed == 1  # a blip, perhaps: tried again
    assert asyncio.run(run(archive, RunOptions(fetch=FAST))).failed == 1
    # The last attempt: page 1's edit is a version, which says what it lacks.
    assert asyncio.run(run(archive, RunOptions(fetch=FAST))).new_versions == 1
    edited = summaries(archive, server)[1]
    assert edited.endswith(
        f"; incomplete: page 2 ({server.url(STORY)}2/): HTTP 500 Internal Server Error"
    )
    stored = archive.article(server.url(STORY))
    assert stored is not None and "since apologised" in stored.article.text
    # Due again at the next run, which completes it.
    serve(server, edits={1: " The council has since apologised."})
    assert asyncio.run(run(archive, RunOptions(fetch=FAST))).new_versions == 1
    assert summaries(archive, server)[2] == "completed: pages 2–3 added"
