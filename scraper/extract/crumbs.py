"""The story's section: the one the page declares (`article:section`, JSON-LD's
`articleSection` or breadcrumb list, WordPress's first category link), else the one its
breadcrumb trail as markup writes it names ("Home › Politics › Europe").

`find_trails` finds the trail (`_TRAIL_SELECTOR`: a class or id with "breadcrumb");
`trail_names` reads its links. Only the links: the page's own crumb, at the end, is
rarely one. The crumbs that name the site rather than a section go: a link to the site's
home page ("/", "/index.html"), a home page's usual names ("Startseite", "首页"), the
site's name or host.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain, islice
from typing import Any, Final
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .characters import first_value
from .jsonld import LinkedData, names
from .sources import Sources
from .tags import first_joined
from .titles import host_key, text_key

__all__ = ["SECTION_META", "find_section"]

# (The class or id, or a `<nav>`'s label, as ARIA's pattern has it: each selector more
# costs every page a test per element, and a trail marked only by schema.org's itemtype
# is rare.)
_NAMED: Final = "readcrumb"  # in "breadcrumb", "Breadcrumbs", "c-breadcrumb__list"
_TRAIL_SELECTOR: Final = f'[class*="{_NAMED}"], [id*="{_NAMED}"], nav[aria-label*="{_NAMED}" i]'
# Elements a template may give a "breadcrumb" class while holding the whole page.
_NOT_TRAILS: Final = frozenset({"html", "body", "main", "article"})
_MAX_CRUMBS: Final = 12  # more links than this make a menu, not a trail
_MAX_TRAILS: Final = 3
SECTION_META: Final = ("article:section", "parsely-section", "section")
_MAX_SECTION: Final = 80  # longer "sections" are headlines or descriptions in the wrong tag
_SECTION_WORDS: Final = 6
# WordPress's category for posts given none, as its translations name it: no section.
_DEFAULT_CATEGORIES: Final = frozenset(
    {
        "uncategorized",
        "uncategorised",
        "sin categoría",
        "non classé",
        "senza categoria",
        "allgemein",
    }
    | {"sem categoria", "geen categorie", "okategoriserade", "bez kategorii", "без рубрики"}
)
# The path of a site's home page: "/", "/index.html", "/home". (A language edition's,
# "/de/", is left to its name: "/tv/" and "/us/" are sections.)
_HOME_PATH: Final = re.compile(r"/?(?:(?:index|default|home|start)(?:\.\w+)?/?)?", re.I)
_HOME_NAMES: Final = frozenset(
    [
        *("home", "homepage", "home page", "start", "startseite", "accueil", "inicio"),
        *("portada", "início", "página inicial", "pagina iniziale", "forside", "etusivu"),
        *("hem", "startsida", "hjem", "voorpagina", "strona główna", "αρχική", "úvod"),
        *("domů", "kezdőlap", "acasă", "beranda", "anasayfa", "ana sayfa", "главная"),
        *("головна", "trang chủ", "首页", "首頁", "主页", "ホーム", "トップ", "홈"),
    ]
)
_EDGES: Final = " /›»>|·•:-–—[]()"
# A category link beside the headline: in the elements around it or its boxes, up so far.
_CATEGORY_LINK: Final = 'a[class*="categor" i]'
_CATEGORY_CLIMB: Final = 3
_CATEGORY_SIBLINGS: Final = 3
_CATEGORY_BOX_CHARS: Final = 300  # more text is the story, or a list of related ones
# A menu of the site's categories, or a list of the post's tags (microformats'
# "p-category"), is no section.
_MENUS: Final = frozenset({"nav", "ul", "ol", "menu"})
_MENU_PARTS: Final = "nav, li"


def find_trails(tree: LexborHTMLParser) -> Iterator[LexborNode]:
    """The first few elements named as breadcrumb trails, in page order: a wrapper named
    so may hold a whole menu, the trail after it. Looked for when first asked (a walk of
    the whole tree that tests every class and id: most pages declare their section)."""
    found = (node for node in tree.css(_TRAIL_SELECTOR) if is_trail(node.tag, node.attributes))
    yield from islice(found, _MAX_TRAILS)


def is_trail(tag: str | None, attrs: dict[str, str | None]) -> bool:
    """Whether an element (one `_TRAIL_SELECTOR` may have matched) is a trail, or a part
    of one (see `trail_names`)."""
    if tag in _NOT_TRAILS:
        return False
    label = (attrs.get("aria-label") or "").lower() if tag == "nav" else ""
    return any(_NAMED in (value or "") for value in (attrs.get("class"), attrs.get("id"), label))


def trail_names(
    trail: LexborNode, base: str | None, title: str | None, sites: list[str]
) -> Iterator[str]:
    """The names of the trail's crumbs that may name a section, in order (none for a
    menu, or a trail of home links only). Read as they are asked for."""
    # An item of the trail (its link, its list item), classed where the list is not.
    for item in ("a", "li"):
        if trail.tag == item and trail.parent is not None:
            trail = trail.parent
    links = trail.css("a[href]")
    if len(links) > _MAX_CRUMBS:
        return
    not_sections = {text_key(title or ""), *map(text_key, sites), *_host_names(base)}
    for link in links:
        href = (link.attributes.get("href") or "").strip()
        if not href or href[0] == "#" or href.lower().startswith("javascript:"):
            continue
        if _HOME_PATH.fullmatch(_path(base, href)):
            continue
        name = " ".join(link.text(separator=" ").split()).strip(_EDGES)
        lowered = name.lower()
        # (Its last word names the home page in "Zurück zur Startseite", "Back to home".)
        homeward = lowered in _HOME_NAMES or lowered.rpartition(" ")[2] in _HOME_NAMES
        if not homeward and text_key(name) not in not_sections:
            yield name


def _path(base: str | None, href: str) -> str:
    try:
        return urlsplit(urljoin(base or "", href)).path
    except ValueError:  # a malformed address ("http://[::1"): no home page's
        return href


def _host_names(url: str | None) -> set[str]:
    """The site's host as a crumb may name it: "www.mdr.de" → "mdrde", "mdr"."""
    try:
        host = (urlsplit(url or "").hostname or "").removeprefix("www.")
    except ValueError:
        return set()
    return {text_key(host), host_key(url)} - {""}


def find_section(
    tree: LexborHTMLParser,
    page: Sources,
    ld: LinkedData,
    title: str | None,
    base: str | None,
    sites: list[str],
) -> str | None:
    """The declared section (or WordPress's first category link), else the breadcrumb
    after "Home" (in JSON-LD, else in the markup's trail, looked for only then). Not a
    headline put in the section's tag (nor the breadcrumb naming the page itself), and of
    a comma-joined list only the first ("Recipes,Cakes,Desserts": categories), unless the
    list is one name ("Arts, Culture & Entertainment": `first_joined`)."""
    title_key = text_key(title or "")
    listed = names(ld.breadcrumb.get("itemListElement"))
    crumbs = [first_value(name) for name in listed[1:]]
    declared = (first_joined(page.first(*SECTION_META)), _primary(ld.article, crumbs))
    for value in (*declared, *page.categories[:1]):
        section = first_value(value)
        if _is_section(section, title_key):
            return section
    marked = (  # (found and read only when the rest gave none)
        name for trail in find_trails(tree) for name in trail_names(trail, base, title, sites)
    )
    found = chain(crumbs, marked, _category_beside(page.heading))
    return next((c for c in found if _is_section(c, title_key)), None)


def _category_beside(heading: LexborNode | None) -> Iterator[str]:
    """The post's category linked beside its headline, as blog platforms print it with
    no rel or meta (Squarespace's "blog-item-category", Webflow's "blog-category-link"):
    in the elements around the `<h1>` and its boxes, not a related story's further on."""
    node = heading
    for _ in range(_CATEGORY_CLIMB):
        if node is None:
            return
        for near in (*_elements(node, "prev"), *_elements(node, "next")):
            link = near if _is_category_link(near) else near.css_first(_CATEGORY_LINK)
            if link is not None and (link is near or not _in_menu_or_story(near)):
                yield " ".join(link.text(separator=" ").split())
                return
        node = node.parent


def _elements(node: LexborNode, way: str) -> Iterator[LexborNode]:
    """The few elements before or after `node`, nearest first."""
    count = 0
    sibling = getattr(node, way)
    while sibling is not None and count < _CATEGORY_SIBLINGS:
        if sibling.tag not in ("-text", "-comment"):
            count += 1
            yield sibling
        sibling = getattr(sibling, way)


def _in_menu_or_story(box: LexborNode) -> bool:
    """Whether a box beside the headline is a menu or a list, or holds too much text to
    be the line its category is printed on."""
    return (
        box.tag in _MENUS
        or box.css_first(_MENU_PARTS) is not None
        or len(box.text()) > _CATEGORY_BOX_CHARS
    )


def _is_category_link(node: LexborNode) -> bool:
    return node.tag == "a" and "categor" in (node.attributes.get("class") or "").lower()


def _primary(article: dict[str, Any], crumbs: list[str | None]) -> str | None:
    """The article's section; of several (Yoast lists all of a post's categories, by
    name: "Breaking News", "Featured", "Local News"), the one its breadcrumb names."""
    given = article.get("articleSection")
    listed = names(given) if not isinstance(given, str) else [first_joined(given)]
    sections = [s for s in map(first_value, listed) if s and not _default(s)]
    primary = [s for s in sections if s in crumbs] if len(sections) > 1 else []
    return next(iter(primary or sections), None)


def _is_section(name: str | None, title_key: str) -> bool:
    return (
        name is not None
        and len(name) <= _MAX_SECTION
        and len(name.split()) <= _SECTION_WORDS
        and not name.startswith(("http", "/"))  # a link or an id ("/api/categories/8")
        and any(char.isalpha() for char in name)  # no issue's number ("2023/43")
        and text_key(name) != title_key
        and not _default(name)
    )


def _default(category: str) -> bool:
    return category.casefold() in _DEFAULT_CATEGORIES
