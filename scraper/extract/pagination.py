"""Where a story split over pages goes on: the address of its next page, if any.

`extract` only reports it (`Article.next_page`); the pipeline, the one place that
fetches, follows it. A story's pages share its address and differ by a page marker
(`?page=2`, WordPress's `/slug/2/`, `/seite-2`, `-2.html`), so a link continues the
story only when it is this page's own address with the next page's number: a listing's
"next", another story's "next article" or an endless scroll's next story is another
address, and is never taken. `/page/2` is left out: it is how listings, not stories,
number their pages. A number that ends a slug (`windows-10.html`, `/matchday/12/`) may
be the story's own: a link to the next number is a page only in a pager (`rel="next"`,
a pager's class, its numbers, or, from an unnumbered page, a "Next" link), never in a
related or series box; and never a comment pager's page. Drupal counts its pager from 0
(`?page=1` is the second page): a pager that links `?page=0`, or "2" to `?page=1`, is
read so. A page with no date takes only its story's own pager (in its one `<article>`,
or WordPress's `wp_link_pages`), as a listing's never is; so does a pager past
`MAX_PAGES`, which the run cuts there, saying so (`pages_shown`).
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["MAX_PAGES", "next_page", "paged", "pages_shown"]

MAX_PAGES: Final = 20  # a story's pages at most
MAX_PAGE: Final = 50  # a larger number at a path's end is an id (`/news/a-b/12345`), not a page

# Query keys that number a story's pages (not `p`: WordPress's post id).
_KEYS: Final = frozenset({"page", "pg", "pagina", "seite", "pagenum", "page_num"})
# A path's last segment that numbers a page: /story/seite-2, /a-story-2.html; and the
# segment before a plain number (WordPress's /a-slug/2/), which must be a slug.
_NAMED: Final = re.compile(r"(?:seite|pagina|page)-(\d+)", re.I)
_SUFFIXED: Final = re.compile(r"([^/]*[a-z][^/]*?)[-_](\d+)(\.s?html?)", re.I)
_SLUG: Final = re.compile(r"[a-z][^/]*[-_]|[-_][^/]*[a-z]", re.I)
_PLAIN: Final = re.compile(r'[^"\\\s]+')  # a segment that a CSS string holds as it is
_ABSOLUTE: Final = ("/", "http", "#", "mailto:", "javascript:")  # hrefs not relative to the page
# An href that may hold a marker; only those are resolved and compared (a page has
# hundreds of links, and joining each with the page's address costs).
_MARKED: Final = re.compile(
    r"[?&](?:page|pg|pagina|seite|pagenum|page_num)=\d|-\d+\.s?html?\b"
    r"|(?:seite|pagina|page)-\d|/\d+/?(?:$|[?#])",
    re.I,
)
# A pager, by its class or id ("pagination", "pager", WordPress's "page-links",
# "paginacion"), a few levels up from its link; a comments section's pager, anywhere up
# to the article, pages comments.
_PAGER: Final = re.compile(r"pag(?:er|in|e-?links|e-?numbers|e-?nav|es\b)|seiten", re.I)
_PAGER_DEPTH: Final = 3
_COMMENTS: Final = re.compile(r"comment|kommentar", re.I)
# WordPress's `wp_link_pages`, a post's own pager (a listing's is "page-numbers").
_OWN_PAGER: Final = re.compile(r"post-page-numbers|post-nav-links|page-links", re.I)
_TEASERS: Final = "h2 a[href], h3 a[href]"  # an article with three of these is a listing
_WRAPPERS: Final = frozenset({"article", "main", "body", "html"})  # where a pager's search ends
# A pager link's words, once stripped of arrows: "Next", "Weiter", "Suivant" (or none).
_NEXT_WORDS: Final = frozenset(
    {
        *("", "next", "next page", "weiter", "nächste", "nächste seite", "suivant"),
        *("page suivante", "siguiente", "successiva", "avanti", "próxima", "volgende"),
        *("dalej", "następna", "další", "következő", "neste", "nästa", "seuraava"),
        *("следующая", "далее", "次へ", "下一页", "다음"),
    }
)


class _Marked(NamedTuple):
    """An address as the story's address without its page marker, and the page number."""

    story: str
    number: int
    bare: bool = False  # only a number that ends the path: a slug's own as often
    queried: bool = False  # a query key's (Drupal counts those from 0)


def paged(url: str) -> tuple[str, int] | None:
    """`url` as (the story's address without its page marker, page number): 1 when it
    has none. None for no web address."""
    found = _paged(url)
    return found and (found.story, found.number)


def _paged(url: str) -> _Marked | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = parts.netloc.lower()
    query = parse_qsl(parts.query, keep_blank_values=True)
    marked = [v for k, v in query if k.lower() in _KEYS and v.isdigit()]
    if marked:
        rest = urlencode([(k, v) for k, v in query if k.lower() not in _KEYS])
        return _Marked(f"{host}{parts.path.rstrip('/')}?{rest}", int(marked[0]), queried=True)
    path, number, bare = _path_page(parts.path) or (parts.path, 1, False)
    return _Marked(f"{host}{path.rstrip('/')}?{urlencode(query)}", number, bare)


def _path_page(path: str) -> tuple[str, int, bool] | None:
    """The path without its page marker, the page's number, and whether the marker is a
    bare number; None if it has none."""
    head, _, last = path.rstrip("/").rpartition("/")
    if named := _NAMED.fullmatch(last):
        found = head, int(named[1]), False
    elif last.isdigit() and _SLUG.search(head.rpartition("/")[2]):
        found = head, int(last), True
    elif suffixed := _SUFFIXED.fullmatch(last):
        found = f"{head}/{suffixed[1]}{suffixed[3]}", int(suffixed[2]), True
    else:
        return None
    return found if 1 <= found[1] <= MAX_PAGE else None


def next_page(tree: LexborHTMLParser, url: str | None, *, dated: bool = True) -> str | None:
    """The address of the page that continues this one's story: a `<link rel="next">`
    or a link of the page (its pager) to the same story's next page number. A page not
    `dated` takes only the story's own pager (`_own_pager`). Not when the pager runs past
    `MAX_PAGES` (a listing or a gallery runs over dozens), unless it is the story's own
    (page `MAX_PAGES` names its next, so that a story cut there says so)."""
    pager = _pager(tree, url)
    if pager is None:
        return None
    number, links = pager
    found = next(
        ((node, target) for node, target, page, bare in links
         if page == number + 1 and _continues(node, number, bare)),
        None,
    )  # fmt: skip
    if found is None:
        return None
    own = _own_pager(tree, found[0])
    last = max((page for _, _, page, _ in links), default=number)
    return found[1] if (dated or own) and (own or last <= max(MAX_PAGES, number + 1)) else None


def pages_shown(html: str | bytes, url: str) -> int:
    """The highest page number the page's pager shows (this page's own at least): how
    many pages the story has, as far as its pager says."""
    pager = _pager(LexborHTMLParser(html), url)
    if pager is None:
        return 1
    number, links = pager
    return max((page for _, _, page, _ in links), default=number)


_Link = tuple[LexborNode, str, int, bool]  # a link, its address, page number, bare


def _pager(tree: LexborHTMLParser, url: str | None) -> tuple[int, list[_Link]] | None:
    """This page's number and the links to its story's other pages (not its comments'),
    numbered from 1 (Drupal's from 0 read so); None for no web address."""
    here = _paged(url) if url else None
    if url is None or here is None:
        return None
    marked: list[tuple[LexborNode, str, _Marked]] = []
    for node in tree.css(_links(here.story)):
        href = (node.attributes.get("href") or "").strip()
        if not _MARKED.search(href):
            continue
        try:
            target = urljoin(url, href).split("#", 1)[0]
        except ValueError:
            continue
        found = _paged(target)
        if found is not None and found.story == here.story and not _in_comments(node, href):
            marked.append((node, target, found))
    zero = (here.queried and here.number == 0) or any(
        m.queried and (m.number == 0 or node.text(strip=True) == str(m.number + 1))
        for node, _, m in marked
    )
    number = here.number + 1 if zero and here.queried else here.number
    links = [
        (node, target, m.number + 1 if zero and m.queried else m.number, here.bare or m.bare)
        for node, target, m in marked
    ]
    return number, links


def _continues(node: LexborNode, number: int, bare: bool) -> bool:
    """Whether a link to the next page number leads there: any does by a page marker
    ("?page=2", "/seite-2"); by a bare number, one of a pager (`_in_pager`), or a "Next"
    link on a page whose own address ends in no number."""
    if not bare or _in_pager(node, number):
        return True
    if number > 1:
        return False
    words = "".join(c for c in node.text(separator=" ") if c.isalnum() or c == " ")
    return bool(node.text(strip=True)) and " ".join(words.split()).casefold() in _NEXT_WORDS


def _in_pager(node: LexborNode, number: int) -> bool:
    """Whether the link is a pager's: `rel="next"`, its text the page's number, or a
    few levels up an element with a pager's class or id, or with links numbered as a
    pager's around this page's `number`."""
    if "next" in (node.attributes.get("rel") or "").lower().split():
        return True
    if node.text(strip=True) == str(number + 1):
        return True
    parent = node.parent
    for _ in range(_PAGER_DEPTH):
        if parent is None or parent.tag in _WRAPPERS:
            return False
        if _PAGER.search(_names(parent)) or _numbered(parent, number):
            return True
        parent = parent.parent
    return False


def _own_pager(tree: LexborHTMLParser, node: LexborNode) -> bool:
    """Whether the link is the story's own pager, as no listing's is: WordPress's
    `wp_link_pages`, or a link inside the page's one `<article>`, which holds no
    teasers (a listing's pager is outside its teasers' articles)."""
    parent: LexborNode | None = node
    for _ in range(_PAGER_DEPTH + 1):
        if parent is not None and _OWN_PAGER.search(_names(parent)):
            return True
        parent = parent and parent.parent
    article = node.parent
    while article is not None and article.tag != "article":
        article = article.parent
    return article is not None and len(tree.css("article")) == 1 and not _teasers(article)


def _teasers(article: LexborNode) -> bool:
    return len(article.css(_TEASERS)) >= 3


def _numbered(element: LexborNode, number: int) -> bool:
    """Whether the element's links are a pager's numbers: two or more, which with this
    page's number run 1, 2, 3…"""
    numbers = {int(t) for a in element.css("a") if (t := a.text(strip=True)).isdigit()}
    run = numbers | {number}
    return len(numbers) >= 2 and run == set(range(1, len(run) + 1))


def _in_comments(node: LexborNode, href: str) -> bool:
    """Whether the link pages a story's comments: it says so, or a comments section
    holds it."""
    if _COMMENTS.search(href) or _COMMENTS.search(_names(node)):
        return True
    parent = node.parent
    while parent is not None and parent.tag not in _WRAPPERS:
        if _COMMENTS.search(_names(parent)):
            return True
        parent = parent.parent
    return False


def _names(node: LexborNode) -> str:
    return f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"


def _links(story: str) -> str:
    """A selector of the page's `<link rel="next">` and of the links that may lead to another page
    of `story`: those naming its last path segment, and relative ones ("?page=2", "2/").
    Lexbor matches it in C; a page's hundreds of other links are never read."""
    stem = story.split("?", 1)[0].rsplit("/", 1)[-1].split(".", 1)[0]
    named = f', a[href*="{stem}"]' if _PLAIN.fullmatch(stem) else ""
    relative = ":not(".join(["a[href]", *(f'[href^="{s}"])' for s in _ABSOLUTE)])
    return f'link[rel~="next" i][href]{named}, {relative}'
