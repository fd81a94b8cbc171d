"""Where a story split over pages goes on: the address of its next page, if any.

`extract` only reports it (`Article.next_page`); the pipeline, the one place that
fetches, follows it. A story's pages share its address and differ by a page marker
(`?page=2`, WordPress's `/slug/2/`, `/seite-2`, `-2.html`), so a link continues the
story only when it is this page's own address with the next page's number: a listing's
"next", another story's "next article" or an endless scroll's next story is another
address, and is never taken. `/page/2` is left out: it is how listings, not stories,
number their pages.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

__all__ = ["MAX_PAGES", "next_page", "paged"]

MAX_PAGES = 20  # a story's pages at most
MAX_PAGE = 50  # a larger number at a path's end is an id (`/news/a-b/12345`), not a page

# Query keys that number a story's pages (not `p`: WordPress's post id).
_KEYS = frozenset({"page", "pg", "pagina", "seite", "pagenum", "page_num"})
# A path's last segment that numbers a page: /story/seite-2, /a-story-2.html; and the
# segment before a plain number (WordPress's /a-slug/2/), which must be a slug.
_NAMED = re.compile(r"(?:seite|pagina|page)-(\d+)", re.I)
_SUFFIXED = re.compile(r"([^/]*[a-z][^/]*?)[-_](\d+)(\.s?html?)", re.I)
_SLUG = re.compile(r"[a-z][^/]*[-_]|[-_][^/]*[a-z]", re.I)
_PLAIN = re.compile(r'[^"\\\s]+')  # a segment that a CSS string holds as it is
_ABSOLUTE = ("/", "http", "#", "mailto:", "javascript:")  # hrefs not relative to the page
# An href that may hold a marker; only those are resolved and compared (a page has
# hundreds of links, and joining each with the page's address costs).
_MARKED = re.compile(
    r"[?&](?:page|pg|pagina|seite|pagenum|page_num)=\d|-\d+\.s?html?\b"
    r"|(?:seite|pagina|page)-\d|/\d+/?(?:$|[?#])",
    re.I,
)


def paged(url: str) -> tuple[str, int] | None:
    """`url` as (the story's address without its page marker, page number): 1 when it
    has none. None for no web address."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    number, path = 1, parts.path
    query = parse_qsl(parts.query, keep_blank_values=True)
    marked = [v for k, v in query if k.lower() in _KEYS and v.isdigit()]
    if marked:
        number = int(marked[0])
        query = [(k, v) for k, v in query if k.lower() not in _KEYS]
    elif numbered := _path_page(path):
        path, number = numbered
    return f"{parts.netloc.lower()}{path.rstrip('/')}?{urlencode(query)}", number


def _path_page(path: str) -> tuple[str, int] | None:
    """The path without its page marker, and the page's number; None if it has none."""
    head, _, last = path.rstrip("/").rpartition("/")
    if named := _NAMED.fullmatch(last):
        found = head, int(named[1])
    elif last.isdigit() and _SLUG.search(head.rpartition("/")[2]):
        found = head, int(last)
    elif suffixed := _SUFFIXED.fullmatch(last):
        found = f"{head}/{suffixed[1]}{suffixed[3]}", int(suffixed[2])
    else:
        return None
    return found if 1 <= found[1] <= MAX_PAGE else None


def next_page(tree: LexborHTMLParser, url: str | None) -> str | None:
    """The address of the page that continues this one's story: a `<link rel="next">`
    or a link of the page (its pager) to the same story's next page number. Not when
    the pager runs past `MAX_PAGES`: a story runs over a few pages, a listing or a
    gallery over dozens."""
    here = paged(url) if url else None
    if url is None or here is None:
        return None
    story, number = here
    found, last = None, number
    for node in tree.css(_links(story)):
        href = (node.attributes.get("href") or "").strip()
        if not _MARKED.search(href):
            continue
        try:
            target = urljoin(url, href).split("#", 1)[0]
        except ValueError:
            continue
        address, page = paged(target) or ("", 0)
        if address == story:
            last = max(last, page)
            if page == number + 1 and found is None:
                found = target
    return found if last <= MAX_PAGES else None


def _links(story: str) -> str:
    """A selector of the page's `<link rel="next">` and of the links that may lead to another page
    of `story`: those naming its last path segment, and relative ones ("?page=2", "2/").
    Lexbor matches it in C; a page's hundreds of other links are never read."""
    stem = story.split("?", 1)[0].rsplit("/", 1)[-1].split(".", 1)[0]
    named = f', a[href*="{stem}"]' if _PLAIN.fullmatch(stem) else ""
    relative = ":not(".join(["a[href]", *(f'[href^="{s}"])' for s in _ABSOLUTE)])
    return f'link[rel~="next" i][href]{named}, {relative}'
