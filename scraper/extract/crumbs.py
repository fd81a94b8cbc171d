"""The page's breadcrumb trail as markup writes it ("Home › Politics › Europe"): where
a page declares its section nowhere else (no `article:section`, no JSON-LD), the trail
above the headline still names it.

`sources.scan` finds the trail with its other elements (`TRAIL_SELECTOR`: a class or id
with "breadcrumb"); `trail_names` reads its links. Only the links: the page's own
crumb, at the end, is rarely one. The crumbs that name the site rather than a section
go: a link to the site's home page ("/", "/index.html"), a home page's usual names
("Startseite", "首页"), the site's name or host.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborNode

from .titles import host_key, text_key

__all__ = ["TRAIL_SELECTOR", "is_trail", "trail_names"]

# (The class or id, or a `<nav>`'s label, as ARIA's pattern has it: each selector more
# costs every page a test per element, and a trail marked only by schema.org's itemtype
# is rare.)
_NAMED = "readcrumb"  # in "breadcrumb", "Breadcrumbs", "c-breadcrumb__list"
TRAIL_SELECTOR = f'[class*="{_NAMED}"], [id*="{_NAMED}"], nav[aria-label*="{_NAMED}" i]'
# Elements a template may give a "breadcrumb" class while holding the whole page.
_NOT_TRAILS = frozenset({"html", "body", "main", "article"})
_MAX_CRUMBS = 12  # more links than this make a menu, not a trail
# The path of a site's home page: "/", "/index.html", "/home". (A language edition's,
# "/de/", is left to its name: "/tv/" and "/us/" are sections.)
_HOME_PATH = re.compile(r"/?(?:(?:index|default|home|start)(?:\.\w+)?/?)?", re.I)
_HOME_NAMES = frozenset(
    [
        *("home", "homepage", "home page", "start", "startseite", "accueil", "inicio"),
        *("portada", "início", "página inicial", "pagina iniziale", "forside", "etusivu"),
        *("hem", "startsida", "hjem", "voorpagina", "strona główna", "αρχική", "úvod"),
        *("domů", "kezdőlap", "acasă", "beranda", "anasayfa", "ana sayfa", "главная"),
        *("головна", "trang chủ", "首页", "首頁", "主页", "ホーム", "トップ", "홈"),
    ]
)
_EDGES = " /›»>|·•:-–—[]()"


def is_trail(tag: str | None, attrs: dict[str, str | None]) -> bool:
    """Whether an element (one `TRAIL_SELECTOR` may have matched) is a trail, or a part
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
