"""Discovery: the bytes of a feed, sitemap or HTML page → the URLs it offers.

Pure functions: the fetcher hands us a body, we hand back `Discovered` values (articles,
feeds, sitemaps), absolute and normalised (`scraper.urls.normalize_url`), deduplicated and in
document order. Nothing here does I/O.

```
discover(body, content_type, url)
├── detect_kind          sniff the root element; the Content-Type and URL only break ties
├── parse_feed           RSS 0.9x/1.0/2.0, Atom            (discover_feed.py, feedparser)
│                        JSON Feed                         (discover_json.py, json)
├── parse_sitemap        urlset, sitemapindex, News, gzip  (discover_sitemap.py, defusedxml)
└── parse_page           <link rel=alternate>, <a href>    (discover_page.py, Lexbor)
```

Hostile XML (entity bombs, external entities) is refused before parsing (`xmlsafe`), and
work is bounded: 50 MB decompressed, 50 000 sitemap entries, 10 000 feed items, 5 000 links.
A document that cannot be read at all raises `FeedError`, carrying the URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from scraper.discover_feed import parse_feed, read_feed
from scraper.discover_json import is_json_feed
from scraper.discover_page import parse_page
from scraper.discover_sitemap import parse_sitemap
from scraper.errors import FeedError
from scraper.models import Discovered
from scraper.xmlsafe import decode_xml, is_gzip, root_name, sniff_prefix

__all__ = [
    "Document",
    "DocumentKind",
    "detect_kind",
    "discover",
    "parse_feed",
    "parse_page",
    "parse_sitemap",
    "read_document",
]

DocumentKind = Literal["feed", "sitemap", "page"]

_SNIFF_BYTES = 64 * 1024
_ROOT_KINDS: dict[str, DocumentKind] = {
    "rss": "feed",
    "rdf": "feed",
    "feed": "feed",
    "urlset": "sitemap",
    "sitemapindex": "sitemap",
    "html": "page",
}
_FEED_TYPES = ("rss", "atom", "rdf")
_HTML_TAG = re.compile(r"<(?:html|head|body|title|meta|div|p|a)[\s>]", re.IGNORECASE)
_HTML_DOCTYPE = re.compile(
    r"\ufeff?\s*+(?:<!--.*?-->\s*+)*+<!doctype\s+html", re.IGNORECASE | re.DOTALL
)


@dataclass(frozen=True, slots=True)
class Document:
    """A fetched document read: its kind, the URLs it offers and, for a feed read
    leniently, why it is no well-formed XML (a feed cut off mid-document)."""

    kind: DocumentKind
    found: tuple[Discovered, ...]
    damage: str | None = None


def discover(
    body: bytes, content_type: str | None, url: str
) -> tuple[DocumentKind, list[Discovered]]:
    """Read a fetched document: what kind it is, and the URLs it offers.

    Raises FeedError if it looks like a feed or sitemap but cannot be parsed.
    """
    document = read_document(body, content_type, url)
    return document.kind, list(document.found)


def read_document(body: bytes, content_type: str | None, url: str) -> Document:
    """`discover`, with what is wrong with a feed read leniently."""
    kind = detect_kind(body, content_type, url)
    if kind == "feed":
        items, damage = read_feed(body, url)
        return Document(kind, tuple(items), damage)
    if kind == "sitemap":
        return Document(kind, tuple(parse_sitemap(body, url)))
    if not _is_html(body, content_type):
        media_type = (content_type or "").split(";")[0].strip() or "no HTML"
        raise FeedError(f"not a feed, sitemap or HTML page: the document is {media_type}", url=url)
    return Document(kind, tuple(parse_page(body, url, content_type)))


def detect_kind(body: bytes, content_type: str | None, url: str) -> DocumentKind:
    """Whether `body` is a feed, a sitemap or an (HTML) page.

    The document's root element decides (servers label feeds `text/html` and pages
    `text/xml`); when it says nothing, the media type, then the URL. Gzip bodies are sniffed
    after decompressing their first bytes.
    """
    prefix = sniff_prefix(body, _SNIFF_BYTES)
    text = decode_xml(prefix)
    if is_json_feed(text):
        return "feed"
    root = root_name(text)
    if root is not None and root in _ROOT_KINDS:
        return _ROOT_KINDS[root]
    if _HTML_DOCTYPE.match(text):
        return "page"
    media_type = (content_type or "").split(";")[0].strip().lower()
    path = url.split("?", 1)[0].lower()
    if any(name in media_type for name in _FEED_TYPES):
        return "feed"
    if "sitemap" in path and (root is not None or _is_url_list(text)):
        return "sitemap"
    if media_type == "text/plain" and _is_url_list(text):
        return "sitemap"  # a text sitemap, one URL a line
    if is_gzip(body):
        return "sitemap"  # gzip that arrives undecoded is a .xml.gz sitemap in practice
    return "page"


def _is_html(body: bytes, content_type: str | None) -> bool:
    """Whether a document that is no feed or sitemap is a page: served as HTML, or
    holding HTML's elements (a server may call a page anything; robots.txt or a JSON
    document holds none)."""
    if "html" in (content_type or "").lower():
        return True
    return _HTML_TAG.search(decode_xml(sniff_prefix(body, _SNIFF_BYTES))) is not None


def _is_url_list(text: str) -> bool:
    lines = [line.strip() for line in text.splitlines()[:5] if line.strip()]
    return bool(lines) and all(line.lower().startswith(("http://", "https://")) for line in lines)
