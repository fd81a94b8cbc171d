"""RSS 0.9x/1.0/2.0 and Atom feeds → `Discovered` articles, with feedparser (and JSON
Feeds, with `discover_json`).

feedparser is the well-kept choice for the feeds found in the wild (undeclared HTML entities,
wrong encodings, half-closed tags), but it is not safe on hostile input by itself: it reads
DTDs with regular expressions and lets some entity declarations through, and given bytes that
look like a path it opens the file. So it only ever gets a file object holding UTF-8 text that
`xmlsafe` has screened for entity declarations.
"""

from __future__ import annotations

import io
import logging
import re
import time
from datetime import UTC, datetime
from typing import Any
from xml.sax import SAXParseException

import feedparser

from scraper.discover_json import is_json_feed, one_per_story, parse_json_feed
from scraper.errors import FeedError
from scraper.models import Discovered
from scraper.urls import normalize_url
from scraper.xmlsafe import (
    decode_xml,
    gunzip_capped,
    is_gzip,
    refuse_entity_declarations,
    root_name,
    utf8_xml,
    xml_characters,
)

__all__ = ["MAX_FEED_CHARS", "MAX_FEED_ITEMS", "parse_feed", "read_feed"]

log = logging.getLogger(__name__)

# News feeds are well under a megabyte; feedparser reads about 1 MB a second.
MAX_FEED_CHARS = 10 * 1024 * 1024
MAX_FEED_ITEMS = 10_000
_JSON_SNIFF = 4096  # a JSON Feed names its version first, or soon after its title

_TAG = re.compile(r"<[^<>]*>")  # [^<>]: a run of "<" must not make this quadratic
_SPACE = re.compile(r"\s+")


def parse_feed(body: bytes, url: str) -> list[Discovered]:
    """The items of an RSS or Atom feed, in document order, without duplicates.

    Links are made absolute (against `xml:base` and `url`) and normalised. `lastmod` is the
    item's updated date, else its published date, as ISO 8601 in UTC; `title` is plain text.
    Raises FeedError for a document that is not a feed at all (an HTML page, broken XML with
    no recoverable item, a hostile DTD).
    """
    return read_feed(body, url)[0]


def read_feed(body: bytes, url: str) -> tuple[list[Discovered], str | None]:
    """`parse_feed`'s items, and why the feed is no well-formed XML if it was read
    leniently (None if it is): a feed cut off mid-document still gives its first items,
    which alone would read as a healthy feed."""
    text = _decode(body, url)
    if is_json_feed(text[:_JSON_SNIFF]):
        return parse_json_feed(text, url), None
    root = root_name(text)
    if root == "html":
        raise FeedError("not a feed: the document is an HTML page", url=url)
    parsed = _feedparser(text, url)
    if not parsed.get("version") and not parsed.get("entries"):
        raise FeedError(f"not a feed: {_reason(parsed, root)}", url=url)
    items = _items(parsed.get("entries", []), url)
    if parsed.get("bozo") and not items:
        # Broken XML with no item read whole (a feed cut off in its first item): saying
        # "0 links" would hide a broken source.
        raise FeedError(f"malformed feed: {_reason(parsed, root)}", url=url)
    if parsed.get("bozo"):
        log.debug("feed %s is not well-formed (%s); read leniently", url, _reason(parsed, root))
    # (Not a declared encoding overridden or a media type: those are read whole.)
    malformed = isinstance(parsed.get("bozo_exception"), SAXParseException)
    return items, _reason(parsed, root) if malformed else None


def _feedparser(text: str, url: str) -> Any:
    try:
        return feedparser.parse(
            # A file object: a bytes "path" would be opened.
            io.BytesIO(utf8_xml(xml_characters(text))),
            response_headers={
                "content-type": "application/xml; charset=utf-8",
                "content-location": url,  # the base for relative links
            },
            resolve_relative_uris=False,  # both only touch HTML content, which we do not keep
            sanitize_html=False,
        )
    except Exception as error:
        # feedparser has bugs that escape on odd input (e.g. a ValueError from its SAX
        # handler for some namespace declarations); for us each means "cannot read this".
        raise FeedError(f"not a feed: feedparser failed ({error!r})", url=url) from error


def _decode(body: bytes, url: str) -> str:
    if is_gzip(body):  # a .xml.gz served without Content-Encoding
        body = gunzip_capped(body, url)
    text = decode_xml(body)
    if not text.strip():
        raise FeedError("not a feed: the document is empty", url=url)
    if len(text) > MAX_FEED_CHARS:
        raise FeedError(f"feed too large: {len(text):,} characters", url=url)
    if not is_json_feed(text[:_JSON_SNIFF]):
        refuse_entity_declarations(text, url)
    return text


def _reason(parsed: Any, root: str | None) -> str:
    error = parsed.get("bozo_exception")
    if error is not None:
        return f"{type(error).__name__}: {error}"
    return f"root element <{root}>" if root else "no XML element found"


def _items(entries: list[Any], url: str) -> list[Discovered]:
    items: list[tuple[Any, Discovered]] = []
    for entry in entries:
        link = _entry_link(entry, url)
        if link is None:
            continue
        items.append(
            (entry.get("id"), Discovered(link, "article", _entry_date(entry), _entry_title(entry)))
        )
    stories = one_per_story(items)
    if len(stories) > MAX_FEED_ITEMS:
        log.warning("feed %s has more than %d items; kept the first ones", url, MAX_FEED_ITEMS)
    return stories[:MAX_FEED_ITEMS]


def _entry_link(entry: Any, url: str) -> str | None:
    """The item's page: FeedBurner's original link, its alternate link, else a URL-shaped
    guid or Atom id."""
    links = [entry.get("feedburner_origlink"), entry.get("link")]
    links += [
        link.get("href")
        for link in entry.get("links", [])
        if link.get("rel", "alternate") == "alternate"
    ]
    feed = normalize_url(url)
    for link in links:
        # An empty or broken link resolves to the feed itself: that is no item's page.
        if isinstance(link, str) and (normalized := normalize_url(link, url)) not in (None, feed):
            return normalized
    guid = entry.get("id")  # an id is not relative to anything: "12345" is not a link
    if isinstance(guid, str) and guid.strip().lower().startswith(("http://", "https://")):
        normalized = normalize_url(guid)
        return normalized if normalized != feed else None
    return None


def _entry_date(entry: Any) -> str | None:
    for key in ("updated_parsed", "published_parsed"):
        moment = dict.get(entry, key)  # FeedParserDict.get maps one to the other, warning
        if isinstance(moment, time.struct_time):
            try:
                return datetime(*moment[:6], tzinfo=UTC).isoformat()
            except ValueError:  # feedparser can hand back impossible dates
                continue
    return None


def _entry_title(entry: Any) -> str | None:
    title = entry.get("title")
    if not isinstance(title, str):
        return None
    title = _SPACE.sub(" ", _TAG.sub(" ", title)).strip()
    return title or None
