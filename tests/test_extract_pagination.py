"""A story split over pages: `extract` reports the address of its next page, and only
that (`Article.next_page`): never a listing's next page, another story, or itself."""

from __future__ import annotations

import pytest

from scraper import extract
from scraper.extract.pagination import paged

STORY = "https://news.example/2026/11/20/harbour-bridge-history"
PROSE = "".join(
    f"<p>Paragraph {n} of the story tells how the harbour bridge was planned, argued over"
    f" for a decade and finally built by the town's own engineers in {1950 + n}.</p>"
    for n in range(6)
)


def page(links: str = "", head: str = "", *, dated: bool = True) -> str:
    date = '<meta property="article:published_time" content="2026-11-20T08:00:00Z">'
    return (
        f"<html><head><title>Harbour bridge history</title>{date if dated else ''}{head}"
        f"</head><body><article><h1>Harbour bridge history</h1>{PROSE}{links}</article>"
        "<aside><a href='/2026/11/21/ferry-strike-ends'>Next article</a></aside></body></html>"
    )


@pytest.mark.parametrize(
    ("url", "html", "expected"),
    [
        # <link rel="next">, the query form
        (STORY, page(head=f'<link rel="next" href="{STORY}?page=2">'), f"{STORY}?page=2"),
        # a pager after the story, relative links
        (STORY, page('<nav><a href="?page=2">2</a> <a href="?page=3">3</a></nav>'),
         f"{STORY}?page=2"),
        # WordPress's <!--nextpage-->: /slug/2/
        (STORY + "/", page(f'<p><a href="{STORY}/2/">Next page</a></p>'), f"{STORY}/2/"),
        # page 2 leads to page 3, not back to 1
        (STORY + "/2/", page(f'<a href="{STORY}/">1</a> <a href="{STORY}/3/">3</a>'),
         f"{STORY}/3/"),
        # /seite-2 and -2.html
        (STORY, page('<a href="harbour-bridge-history/seite-2">Weiter</a>'),
         f"{STORY}/seite-2"),
        ("https://news.example/a/bridge-story.html",
         page('<a rel="next" href="bridge-story-2.html">Next »</a>'),
         "https://news.example/a/bridge-story-2.html"),
    ],
)  # fmt: skip
def test_the_next_page_of_a_story_is_reported(url: str, html: str, expected: str) -> None:
    article = extract(html, url)
    assert article.next_page == expected
    assert article.to_dict()["next_page"] == expected


@pytest.mark.parametrize(
    ("url", "html"),
    [
        # another story: "next article", an endless scroll's next story
        (STORY, page(head='<link rel="next" href="/2026/11/21/ferry-strike-ends">')),
        (STORY, page('<a rel="next" href="/2026/11/20/harbour-bridge-history-2">Next</a>')),
        # the page itself, and page 1 from page 2
        (STORY, page(f'<a href="{STORY}">1</a>')),
        (f"{STORY}?page=2", page(f'<a href="{STORY}">1</a> <a href="{STORY}?page=2">2</a>')),
        # the same path on another host
        (STORY, page(head='<link rel="next" href="https://other.example/2026/11/20/'
                          'harbour-bridge-history?page=2">')),
        # a listing: undated, or numbered /page/2 (a category's), or dozens of pages
        ("https://news.example/politics", page('<a href="?page=2">Next</a>', dated=False)),
        ("https://news.example/category/politics/",
         page(head='<link rel="next" href="https://news.example/category/politics/page/2/">')),
        (STORY, page("".join(f'<a href="?page={n}">{n}</a>' for n in range(2, 41)))),
        # WordPress's ?p= is a post's id; a path's large number an id
        ("https://news.example/?p=123", page('<a rel="next" href="/?p=124">Next</a>')),
        ("https://news.example/a-story/1234", page('<a href="/a-story/1235">Next</a>')),
        # no address to compare with
        (None, page('<a href="?page=2">2</a>')),
    ],
)  # fmt: skip
def test_no_next_page_is_reported_but_the_storys_own(url: str | None, html: str) -> None:
    article = extract(html, url)
    assert article.next_page is None
    assert "next_page" not in article.to_dict()


SLUGGED = "https://news.example/tech/windows-10.html"  # a slug that ends in a number


@pytest.mark.parametrize(
    ("url", "links", "expected"),
    [
        # another story whose slug ends in the next number: a related or a series box
        (SLUGGED, '<aside class="related"><a href="/tech/windows-11.html">Windows 11'
                  " review: a calmer Windows</a></aside>", None),
        ("https://news.example/sport/matchday-12.html", '<p>Next in this series: <a href='
         '"/sport/matchday-13.html">Matchday 13 preview</a></p>', None),
        # a numbered page's "Next" outside any pager is a series' next part
        (SLUGGED, '<p><a href="/tech/windows-11.html">Next »</a></p>', None),
        # a pager says so: its class, its numbers, rel="next"
        (SLUGGED, '<div class="pagination"><a href="/tech/windows-11.html">Next</a></div>',
         "https://news.example/tech/windows-11.html"),
        ("https://news.example/a/bridge-story-2.html", '<p><a href="bridge-story.html">1</a>'
         ' 2 <a href="bridge-story-3.html">3</a> <a href="bridge-story-3.html">Next</a></p>',
         "https://news.example/a/bridge-story-3.html"),
        (STORY + "/", f'<p><a href="{STORY}/2/">Nächste Seite »</a></p>', f"{STORY}/2/"),
        # a comments section's pager, or one counting from 0 (Drupal's), pages no story
        (STORY, '<section id="comments"><nav class="pager"><a href="?page=1">2</a> '
                '<a href="?page=2">3</a></nav></section>', None),
        (STORY, '<a href="?page=2#comments">Older comments</a>', None),
        (STORY, '<nav class="pager"><a href="?page=0">1</a> <a href="?page=1" rel="next">2'
                '</a> <a href="?page=2">3</a></nav>', None),
    ],
)  # fmt: skip
def test_a_number_ending_a_slug_is_a_page_only_in_a_pager(
    url: str, links: str, expected: str | None
) -> None:
    assert extract(page(links), url).next_page == expected


def test_a_page_address_is_the_storys_address_and_a_number() -> None:
    base, number = paged(f"{STORY}/3/") or ("", 0)
    assert number == 3 and paged(STORY) == (base, 1)
    tracked = paged(f"{STORY}?utm_source=x")
    assert tracked is not None and paged(f"{STORY}?utm_source=x&page=2") == (tracked[0], 2)
    assert paged("file:///tmp/page.html") is None
