"""The headline over the story as readers see it (`Article.headline`), and the names of
the page's menus, which a breadcrumb title repeats (`menu_names`).

The page's `<h1>` is usually the story's headline, and gives its title or a part of it.
Some templates make the masthead or the section's name the page's only `<h1>` and print
the headline in an `<h2>`: an `<h1>` that gives no part of the title is the headline
only when it reads as one and stands where a story does, not as the site's name (with
its tagline), a section's or a menu's name, nor in the site's banner, a menu or a
consent dialog. Else the `<h2>` that gives the title is the headline, or there is none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .titles import clean_title, reads_as_headline, text_key

__all__ = ["menu_names", "story_headings", "visible_headline"]

_MAX_HEADINGS: Final = 3  # `<h1>`s read: a story has one, a template one or two more
_MAX_SUBHEADS: Final = 10  # `<h2>`s read for the title, when no `<h1>` is the headline
_MIN_HEADLINE: Final = 3  # characters
# Where a template's own `<h1>` stands: outside the story (no `<article>` or `<main>`
# above it), in a menu, a sidebar, a dialog or the site's banner (a `<header>` with the
# site's menu or its link home: a story's own `<header>` holds neither).
_STORY: Final = frozenset({"article", "main"})
_TEMPLATE: Final = frozenset({"nav", "footer", "aside", "dialog"})
_TEMPLATE_ROLES: Final = frozenset({"banner", "navigation", "contentinfo", "dialog", "alertdialog"})
_BANNER: Final = 'nav, [role=navigation], a[href="/"]'
_DIALOG: Final = re.compile(r"consent|cookie|gdpr|modal|popup", re.I)  # anywhere above it
# What an `<h1>`'s (or its parent's) class or id says it names: the site or a section
# ("section-title"; not WordPress's "category-news", which a post's element is given).
_LABEL: Final = re.compile(
    r"logo|brand|masthead|site-?(?:title|name)|(?:section|category|rubri[ck])[-_]?(?:title|name)",
    re.I,
)
# Menus and breadcrumb trails: their links name the site's sections.
_MENUS: Final = (
    *("nav", "header", "[role=navigation]", "[class*=readcrumb]", "[id*=readcrumb]"),
    *("[class*=menu]", "[id*=menu]", "[class*=nav]", "[id*=nav]"),
)
_MENU_LINKS: Final = ", ".join(f"{menu} a[href]" for menu in _MENUS)
_MAX_MENU_LINKS: Final = 1_000
_MENU_WORDS: Final = 5  # a menu item's name at most


def visible_headline(
    tree: LexborHTMLParser,
    site_names: Sequence[str],
    title: str | None,
    sections: Sequence[str],
    url: str | None,
    seen: Sequence[str] = (),
) -> str | None:
    """The page's `<h1>` that gives `title` (or a part of it), else its first that reads
    as a story's headline (not one of `sections` or of the menus' names), else the `<h2>`
    that gives `title`. `seen` are the first `<h1>`s' texts the page's scan read: one
    that is the title spares a search of the tree (the usual page)."""
    sites = {key for key in map(text_key, site_names) if key}
    key = text_key(title or "")
    titled = (t for t in map(clean_title, seen[:_MAX_HEADINGS]) if text_key(t) == key)
    if key and key not in sites and (found := next(titled, None)):
        return found
    heads = []
    for node in tree.css("h1")[:_MAX_HEADINGS]:
        text = clean_title(node.text(separator=" ", strip=True))
        if len(text) >= _MIN_HEADLINE and text_key(text) not in sites:
            heads.append((text, node))
    given = _giving(key, [text for text, _ in heads])
    if given is not None:
        return given
    for text, node in heads:
        story = reads_as_headline(text) and not _is_template(text, node, sites)
        if story and not _is_label(text, sections, tree, url):
            return text
    return _subhead(tree, title or "")


def story_headings(tree: LexborHTMLParser, site_names: Sequence[str]) -> frozenset[str]:
    """The texts of the page's first `<h1>`s and `<h2>`s that stand where a story's
    headline does: not the template's, nor a link to the home page (a logo's). (An `<h2>`
    holds the headline where the `<h1>` names a series.)"""
    sites = {key for key in map(text_key, site_names) if key}
    found = set()
    nodes = [*tree.css("h1")[:_MAX_HEADINGS], *tree.css("h2")[:_MAX_SUBHEADS]]
    for node in nodes:
        text = clean_title(node.text(separator=" ", strip=True))
        if not _is_template(text, node, sites) and not any(map(_is_home, node.css("a[href]"))):
            found.add(text)
    return frozenset(found)


def _is_home(link: LexborNode) -> bool:
    try:
        parts = urlsplit(link.attributes.get("href") or "")
    except ValueError:
        return False
    return parts.path in ("", "/") and not parts.query and not parts.fragment


def _subhead(tree: LexborHTMLParser, title: str) -> str | None:
    """The `<h2>` that is the title; or, when both read as headlines, that holds the
    title or a part of it (not a short one, which subheadings name as often)."""
    key = text_key(title)
    subheads = [
        clean_title(n.text(separator=" ", strip=True)) for n in tree.css("h2")[:_MAX_SUBHEADS]
    ]
    exact = next((h for h in subheads if key and text_key(h) == key), None)
    if exact or not reads_as_headline(title):
        return exact
    return _giving(key, [h for h in subheads if reads_as_headline(h)])


def _giving(key: str, heads: list[str]) -> str | None:
    """The heading that is the title (of text key `key`), else one that holds it or a
    part of it."""
    keys = [text_key(head) for head in heads]
    if not key:
        return None
    if key in keys:
        return heads[keys.index(key)]
    near = (h for h, k in zip(heads, keys, strict=True) if k and (k in key or key in k))
    return next(near, None)


def _is_template(text: str, node: LexborNode, sites: set[str]) -> bool:
    """Whether an `<h1>` is the template's: the site's name and tagline, named as a
    logo's or a section's, or an element of the page around the story."""
    key = text_key(text)
    if any(len(site) >= 4 and key.startswith(site) for site in sites):
        return True
    parent = node.parent
    if any(_LABEL.search(_names(n)) for n in (node, parent) if n is not None):
        return True
    return _outside_story(node)


def _is_label(text: str, sections: Sequence[str], tree: LexborHTMLParser, url: str | None) -> bool:
    """Whether a heading is a section's name, or a menu's (read only for a short one: a
    menu names a section in a few words, a headline says more)."""
    key = text_key(text)
    if key in map(text_key, sections):
        return True
    return len(text.split()) <= _MENU_WORDS and key in menu_names(tree, url, key)


def _outside_story(node: LexborNode) -> bool:
    """Whether the element stands in a dialog, or in the site's banner, a menu or a
    sidebar outside any article."""
    outside, parent = False, node.parent
    while parent is not None and parent.tag not in ("body", "html"):
        if _DIALOG.search(_names(parent)):
            return True
        if parent.tag in _STORY:
            return False
        role = (parent.attributes.get("role") or "").lower()
        banner = parent.tag == "header" and parent.css_first(_BANNER) is not None
        outside = outside or banner or parent.tag in _TEMPLATE or role in _TEMPLATE_ROLES
        parent = parent.parent
    return outside


def _names(node: LexborNode) -> str:
    return f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"


def menu_names(tree: LexborHTMLParser, url: str | None, only: str | None = None) -> frozenset[str]:
    """The text keys of the names the page's menus and breadcrumb trail link to (`only`
    that one, if given): not the page itself (a trail's last crumb, a menu's current
    item), whose name is its headline."""
    here = _address(url, "") if url else ""
    found = set()
    for link in tree.css(_MENU_LINKS)[:_MAX_MENU_LINKS]:
        key = text_key(link.text(separator=" "))
        if not key or (only is not None and key != only):
            continue  # (its address resolved only for a name asked about: joining costs)
        if not here or _address(url, link.attributes.get("href")) != here:
            found.add(key)
    return frozenset(found)


def _address(url: str | None, href: str | None) -> str:
    """`href` as an address to compare, against `url`: without its fragment, scheme and
    trailing slash."""
    try:
        joined = urlsplit(urljoin(url or "", href or ""))
    except ValueError:
        return ""
    return f"{joined.netloc.lower()}{joined.path.rstrip('/')}?{joined.query}"
