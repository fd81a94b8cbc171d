"""A story split over pages: `extract` reports the address of its next page, and only
that (`Article.next_page`): never a listing's next page, another story, or itself."""

from __future__ import annotations

import pytest

from scraper import extract
from scraper.extract.pagination import paged, pages_shown

STORY = "https://news.example/2026/11/20/harbour-bridge-history"
PROSE = "".join(
    f"<p>Paragraph {n} of the story tells how the harbour bridge was planned, argued over"
    f" for a decade and finally built by the town's own engineers in {1950 + n}.</p>"
    for n in range(6)
)


def page(links: str = "", head: str = "", *, dated: bool = True, after: str = "") -> str:
    date = '<meta property="article:published_time" content="2026-11-20T08:00:00Z">'
    return (
        f"<html><head><title>Harbour bridge history</title>{date if dated else ''}{head}"
        f"</head><body><article><h1>Harbour bridge history</h1>{PROSE}{links}</article>"
        f"{after}<aside><a href='/2026/11/21/ferry-strike-ends'>Next article</a></aside>"
        "</body></html>"
    )


def listing(pager: str, *, wrapped: bool = False) -> str:
    """An undated section front: teasers, each an `<article>` (or all in one), a pager."""
    teasers = "".join(
        f'<div class="teaser"><h2><a href="/2026/11/{n}/story-{n}">Story {n} of the day'
        f"</a></h2><p>What happened on day {n}, told in a sentence or two for the front"
        " page's readers, with a link to the whole story.</p></div>"
        for n in range(10, 16)
    )
    body = (
        f"<article>{teasers}{pager}</article>"
        if wrapped
        else teasers.replace("<div", "<article").replace("</div>", "</article>") + pager
    )
    return f"<html><head><title>Politics</title></head><body><h1>Politics</h1>{body}</body></html>"


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
        ("https://news.example/politics", listing('<a href="?page=2">Next</a>')),
        ("https://news.example/politics",
         listing('<nav class="pager"><a href="?page=1">2</a></nav>', wrapped=True)),
        ("https://news.example/politics", page(head='<link rel="next" href="?page=2">',
                                               dated=False)),
        ("https://news.example/category/politics/",
         page(head='<link rel="next" href="https://news.example/category/politics/page/2/">')),
        (STORY, page(after="".join(f'<a href="?page={n}">{n}</a>' for n in range(2, 41)))),
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
        (STORY, '<section id="comments" class="comment-wrapper"><h2>Comments</h2><div class='
                '"comment"><p>Thanks.</p></div><nav class="pager"><ul class="pager__items"><li'
                ' class="pager__item is-active"><a href="?page=0">1</a></li><li class="pager__'
                'item"><a href="?page=1">2</a></li><li class="pager__item pager__item--next">'
                '<a href="?page=1" rel="next">Next ›</a></li></ul></nav></section>', None),
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


DRUPAL_PAGER = (  # Drupal 8+ counts from 0 and links page 1 as ?page=0; Drupal 7 does not
    '<nav class="pager" role="navigation"><ul class="pager__items js-pager__items">{}</ul></nav>'
)


def drupal(current: int, last: int, *, first_as_zero: bool = True) -> str:
    def item(n: int) -> str:
        href = f"?page={n - 1}" if n > 1 or first_as_zero else "?"
        return f'<li class="pager__item"><a href="{href}">{n}</a></li>'

    after = current + 1 if current < last else None
    following = (
        f'<li class="pager__item--next"><a href="?page={current}" rel="next">Next ›</a></li>'
    )
    return DRUPAL_PAGER.format(
        "".join(map(item, range(1, last + 1))) + (following if after else "")
    )


@pytest.mark.parametrize(
    ("url", "html", "expected"),
    [
        # a story's own Drupal pager: page 1 of 3, Drupal 8+ and 7, and page 2 of 3
        (STORY, page(drupal(1, 3)), f"{STORY}?page=1"),
        (STORY, page(drupal(1, 3, first_as_zero=False)), f"{STORY}?page=1"),
        (f"{STORY}?page=1", page(drupal(2, 3)), f"{STORY}?page=2"),
        (f"{STORY}?page=2", page(drupal(3, 3)), None),
    ],
)  # fmt: skip
def test_a_drupal_pager_counts_from_0(url: str, html: str, expected: str | None) -> None:
    assert extract(html, url).next_page == expected


LONGREAD = "https://news.example/features/harbour-bridge-history"  # undated
WP_LINK_PAGES = (  # WordPress's wp_link_pages(): "Pages: 1 2 3", links to /slug/N/
    '<p class="post-nav-links">Pages: <span class="post-page-numbers current">1</span>'
    ' <a href="{0}/2/" class="post-page-numbers">2</a>'
    ' <a href="{0}/3/" class="post-page-numbers">3</a></p>'
)


@pytest.mark.parametrize(
    ("url", "html", "expected"),
    [
        # WordPress's own pager, under the post or after it
        (f"{LONGREAD}/", page(WP_LINK_PAGES.format(LONGREAD), dated=False), f"{LONGREAD}/2/"),
        (f"{LONGREAD}/", page(after=WP_LINK_PAGES.format(LONGREAD), dated=False), f"{LONGREAD}/2/"),
        # a pager inside the story's one <article>: rel="next", numbers, a Drupal pager
        (LONGREAD, page('<a rel="next" href="?page=2">Next page</a>', dated=False),
         f"{LONGREAD}?page=2"),
        (LONGREAD, page(drupal(1, 3), dated=False), f"{LONGREAD}?page=1"),
        # outside it, undated: a listing's, perhaps
        (LONGREAD, page(after='<nav class="pager"><a href="?page=2">2</a></nav>', dated=False),
         None),
    ],
)  # fmt: skip
def test_an_undated_page_takes_only_its_storys_own_pager(
    url: str, html: str, expected: str | None
) -> None:
    assert extract(html, url).next_page == expected


def test_a_storys_own_pager_past_the_cap_leads_on_and_says_how_far_it_runs() -> None:
    pager = "".join(f'<a href="?page={n}">{n}</a> ' for n in range(2, 26))
    html = page(f'<nav class="pagination">{pager}</nav>')
    assert extract(html, STORY).next_page == f"{STORY}?page=2"
    assert pages_shown(html, STORY) == 25
    assert pages_shown(page(drupal(1, 4)), STORY) == 4
    assert pages_shown(page(), STORY) == 1
