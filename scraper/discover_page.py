"""HTML pages → the feeds, sitemaps and article links they point to."""

from __future__ import annotations

import logging
import re
from typing import Literal

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extract.decode import decode_html
from scraper.extract.nesting import flatten_deep_nesting
from scraper.models import Discovered
from scraper.urls import host_of, is_probably_article, normalize_url, same_site

__all__ = ["MAX_PAGE_LINKS", "parse_page"]

log = logging.getLogger(__name__)

MAX_PAGE_LINKS = 5_000  # a home page has a few hundred; more is a link farm
MAX_TITLE_CHARS = 300

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/x-rss+xml",
        "application/feed+json",
    }
)
# Last path segments that are feeds by convention (WordPress, Hugo, Jekyll, Ghost, Drupal).
FEED_NAMES = frozenset(
    {"feed", "rss", "atom", "rss.xml", "atom.xml", "feed.xml", "index.xml", "rss.php", "rss2.php"}
)
SITEMAP_ENDINGS = (".xml", ".txt", ".xml.gz", ".txt.gz")
_SPACE = re.compile(r"\s+")


def parse_page(body: bytes, url: str, content_type: str | None = None) -> list[Discovered]:
    """Feeds (`<link rel=alternate>`), sitemaps and same-site article links of an HTML page.

    Document order, first occurrence kept (it gains a title if a later one has it). Links
    are resolved against `<base href>` and `url`; garbage, `javascript:` and `mailto:` links
    are skipped. Never raises: a page with nothing useful gives an empty list.
    """
    # Flattened first: Lexbor parses pathologically deep nesting in quadratic time.
    tree = LexborHTMLParser(flatten_deep_nesting(decode_html(body, content_type)))
    base = _base_url(tree, url)
    site = host_of(url)
    found: dict[str, Discovered] = {}
    for node in tree.css("link[href]"):
        item = _from_link_element(node, base)
        if item is not None:
            _add(found, item)
    for node in tree.css("a[href]"):
        if len(found) >= MAX_PAGE_LINKS:
            break
        item = _from_anchor(node, base, site)
        if item is not None:
            _add(found, item)
    return list(found.values())


def _base_url(tree: LexborHTMLParser, url: str) -> str:
    node = tree.css_first("base[href]")
    href = node.attributes.get("href") if node is not None else None
    return (normalize_url(href, url) if href else None) or url


def _from_link_element(node: LexborNode, base: str) -> Discovered | None:
    attributes = node.attributes
    rel = (attributes.get("rel") or "").lower().split()
    media_type = (attributes.get("type") or "").lower().split(";")[0].strip()
    kind: Literal["feed", "sitemap"]
    if "alternate" in rel and media_type in FEED_TYPES:
        kind = "feed"
    elif "sitemap" in rel:
        kind = "sitemap"
    else:
        return None
    link = normalize_url(attributes.get("href") or "", base)
    if link is None:
        return None
    return Discovered(link, kind, title=_clean_title(attributes.get("title")))


def _from_anchor(node: LexborNode, base: str, site: str) -> Discovered | None:
    link = normalize_url(node.attributes.get("href") or "", base)
    if link is None or not same_site(host_of(link), site):
        return None
    last_segment = link.split("?", 1)[0].rstrip("/").rpartition("/")[2].lower()
    if "sitemap" in last_segment and last_segment.endswith(SITEMAP_ENDINGS):
        return Discovered(link, "sitemap")
    if last_segment in FEED_NAMES or last_segment.endswith(".rss"):
        return Discovered(link, "feed")
    if not is_probably_article(link, site):
        return None
    text = node.text(deep=True, separator=" ") or node.attributes.get("title")
    return Discovered(link, "article", title=_clean_title(text))


def _add(found: dict[str, Discovered], item: Discovered) -> None:
    known = found.get(item.url)
    if known is None:
        found[item.url] = item
    elif known.title is None and item.title is not None and known.kind == item.kind:
        found[item.url] = item  # same key: keeps the first position


def _clean_title(text: str | None) -> str | None:
    if not text:
        return None
    text = _SPACE.sub(" ", text).strip()
    return text[:MAX_TITLE_CHARS] or None
