"""Sitemaps (sitemaps.org, Google News, plain text, gzip) → `Discovered` URLs.

A `<urlset>` gives articles, a `<sitemapindex>` gives more sitemaps. An index may list itself
or form a cycle; that is for the caller to catch (the pipeline keeps the set of sitemaps it
has visited), so the entries are returned faithfully, normalised like every other URL so that
a self-reference compares equal to the index's own normalised URL.

The XML goes through defusedxml's expat parser with a streaming target: no tree is built,
memory stays flat on a 50 MB sitemap, and parsing stops at `MAX_SITEMAP_ENTRIES`.
"""

from __future__ import annotations

import html
import logging
import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Literal

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from scraper.clock import to_iso
from scraper.discover_feed import parse_feed
from scraper.errors import FeedError
from scraper.models import Discovered
from scraper.urls import normalize_url
from scraper.xmlsafe import (
    MAX_DECOMPRESSED_BYTES,
    decode_xml,
    gunzip_capped,
    is_gzip,
    refuse_entity_declarations,
    root_name,
    sniff_prefix,
    utf8_xml,
    xml_characters,
)

__all__ = ["MAX_NEWS_ENTRIES", "MAX_SITEMAP_ENTRIES", "is_news_sitemap", "parse_sitemap"]

log = logging.getLogger(__name__)

MAX_SITEMAP_ENTRIES = 50_000  # the sitemap protocol's limit for one file
MAX_NEWS_ENTRIES = 1_000  # Google News's limit for one news sitemap
_NEWS_NAMESPACE = b"google.com/schemas/sitemap-news/"
_NEWS_SNIFF = 16 * 1024  # the namespace is declared on the root, or on the first entry
_CHUNK = 256 * 1024
_SITEMAP_ROOTS = ("urlset", "sitemapindex")
_FIELDS = frozenset({"loc", "lastmod", "publication_date", "title"})
_FEED_ROOTS = frozenset({"rss", "rdf", "feed"})  # search engines accept feeds as sitemaps
_ENTRY_KINDS: dict[str, Literal["article", "sitemap"]] = {"url": "article", "sitemap": "sitemap"}
# What broken XML is read by: an entry starts at <url> or <sitemap> (not <urlset>).
_ENTRY_START = re.compile(r"<(?:\w+:)?(?:url|sitemap)[\s>]")


def _element(name: str) -> re.Pattern[str]:
    """<name> or <sm:name> (a prefixed sitemap namespace), not an <image:name> or a video's.
    [^<]: each attempt stops at the next tag, so a flood of unclosed ones stays linear."""
    return re.compile(
        rf"<(?!image:|video:)(?:\w+:)?{name}>\s*(?:<!\[CDATA\[)?([^<]*?)(?:\]\]>)?\s*"
        rf"</(?:\w+:)?{name}>"
    )


_LOC = _element("loc")
_ENTRY_FIELDS = {name: _element(name) for name in ("lastmod", "publication_date", "title")}
_W3C_DATE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?(?:[T ]\d\d:\d\d.*)?")


class _Enough(Exception):
    """Raised by the target to stop the parser at the entry limit."""


def parse_sitemap(body: bytes, url: str) -> list[Discovered]:
    """The entries of a sitemap, in document order, without duplicates.

    `<url>` entries come back as kind "article" and `<sitemap>` entries (of an index) as kind
    "sitemap"; `lastmod` is `<lastmod>`, else the Google News `<news:publication_date>`, and
    `title` the `<news:title>`. Gzip bodies are decompressed (at most 50 MB); a text sitemap
    (one URL a line) and an RSS/Atom feed are accepted as search engines accept them. Broken
    XML keeps the entries read before the break. Raises FeedError if nothing can be read.
    """
    body = _decompressed(body, url)
    text = decode_xml(body)
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        raise FeedError("not a sitemap: the document is empty", url=url)
    if not stripped.startswith("<"):
        return _parse_text(stripped, url)
    refuse_entity_declarations(text, url)
    root = root_name(text)
    if root in _FEED_ROOTS:
        return parse_feed(body, url)
    if root not in _SITEMAP_ROOTS:
        what = "an HTML page" if root == "html" else f"<{root}>" if root else "no XML element"
        raise FeedError(f"not a sitemap: the document is {what}", url=url)
    return list(_parse_xml(text, url).entries.values())


def _decompressed(body: bytes, url: str) -> bytes:
    if is_gzip(body):
        return gunzip_capped(body, url)
    if len(body) > MAX_DECOMPRESSED_BYTES:
        raise FeedError(f"sitemap too large: {len(body):,} bytes", url=url)
    return body


def _parse_xml(text: str, url: str) -> _SitemapTarget:
    target = _SitemapTarget(url)
    parser = DefusedXMLParser(
        target=target, forbid_dtd=False, forbid_entities=True, forbid_external=True
    )
    data = utf8_xml(xml_characters(text))
    try:
        for start in range(0, len(data), _CHUNK):
            parser.feed(data[start : start + _CHUNK])
        parser.close()
    except _Enough:
        log.warning("sitemap %s has more than %d entries; kept the first", url, MAX_SITEMAP_ENTRIES)
    except DefusedXmlException as error:  # the screen should have caught it first
        raise FeedError(f"refused: {error}", url=url) from error
    except ParseError as error:
        _recover(text, url, target, error)
    return target


def _recover(text: str, url: str, target: _SitemapTarget, error: ParseError) -> None:
    """Broken XML, most often one bare `&` in a URL: keep the entries parsed before the break,
    then scan the whole text entry by entry for `<loc>`, with its dates and title, so one bad
    entry does not lose the rest, nor the edits their dates announce."""
    parsed = len(target)
    kind: Literal["article", "sitemap"] = (
        "sitemap" if root_name(text) == "sitemapindex" else "article"
    )
    for entry in _ENTRY_START.split(text):
        if _recover_entry(entry, target, kind):
            break
    if not target.entries:
        raise FeedError(f"not a sitemap: malformed XML ({error})", url=url) from error
    log.warning(
        "sitemap %s is broken XML (%s); parsed %d entries, then %d more by pattern",
        url, error, parsed, len(target) - parsed,
    )  # fmt: skip


def _recover_entry(entry: str, target: _SitemapTarget, kind: Literal["article", "sitemap"]) -> bool:
    """Read one entry's text by pattern (its first `<loc>` gets its fields: any other is
    a broken entry's); True at the entry limit."""
    fields = {
        name: html.unescape(m.group(1))
        for name, p in _ENTRY_FIELDS.items()
        if (m := p.search(entry))
    }
    for loc in _LOC.finditer(entry):
        if target.add_fields({**fields, "loc": html.unescape(loc.group(1))}, kind):
            return True
        fields = {}
    return False


def _parse_text(text: str, url: str) -> list[Discovered]:
    entries: dict[str, Discovered] = {}
    for line in text.splitlines():
        normalized = normalize_url(line.strip()) if line.strip() else None
        if normalized is not None and normalized not in entries:
            entries[normalized] = Discovered(url=normalized, kind="article")
            if len(entries) >= MAX_SITEMAP_ENTRIES:
                break
    if not entries:
        raise FeedError("not a sitemap: neither XML nor a list of URLs", url=url)
    return list(entries.values())


class _SitemapTarget:
    """Collects entries from parser events; element names are matched without namespace."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.entries: dict[str, Discovered] = {}
        self.published: list[str] = []  # the <news:publication_date> of each news entry
        self._stack: list[str] = []
        self._text: list[str] = []
        self._fields: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        name = tag[tag.rfind("}") + 1 :]
        if len(self._stack) == 1 and name in _ENTRY_KINDS:
            self._fields = {}
        self._stack.append(name)
        self._text = []

    def data(self, data: str) -> None:
        self._text.append(data)

    def end(self, tag: str) -> None:
        stack = self._stack
        name = stack.pop() if stack else ""
        if len(stack) == 1 and name in _ENTRY_KINDS and stack[0] in _SITEMAP_ROOTS:
            self._finish_entry(name)
        elif name in _FIELDS and _in_entry(stack):
            self._fields.setdefault(name, "".join(self._text).strip())
        self._text = []

    def close(self) -> None:
        return None

    def add(
        self,
        loc: str,
        kind: Literal["article", "sitemap"],
        lastmod: str | None = None,
        title: str | None = None,
    ) -> bool:
        """Record one entry; True if it is one too many (the limit is reached)."""
        normalized = normalize_url(loc, self.url) if loc else None
        if normalized is None or normalized in self.entries:
            return False
        if len(self.entries) >= MAX_SITEMAP_ENTRIES:
            return True
        self.entries[normalized] = Discovered(normalized, kind, lastmod, title)
        return False

    def add_fields(self, fields: dict[str, str], kind: Literal["article", "sitemap"]) -> bool:
        """Record the entry `fields` give (`loc`, its dates, its title); as `add`."""
        published = _date(fields.get("publication_date"))
        if published is not None:
            self.published.append(published)
        lastmod = _date(fields.get("lastmod")) or published
        return self.add(fields.get("loc", ""), kind, lastmod, fields.get("title") or None)

    def _finish_entry(self, name: str) -> None:
        if self.add_fields(self._fields, _ENTRY_KINDS[name]):
            raise _Enough


def _in_entry(stack: list[str]) -> bool:
    # <loc> and <lastmod> sit in the entry, <publication_date> and <title> in <news:news>;
    # an <image:title> or an <image:loc> must not count.
    depth = len(stack)
    return depth >= 2 and stack[1] in _ENTRY_KINDS and (depth == 2 or stack[-1] == "news")


def is_news_sitemap(body: bytes, url: str, since: str) -> bool:
    """Whether a sitemap is a Google News one, which is what an archive of the news polls
    (not the years a plain sitemap lists): by its entries, not its header, which many
    CMSs write alike on every sitemap, news namespace included. Most of its entries are
    `<news:news>` ones, at most 1 000 (Google's limit), the newest published since `since`
    (an ISO time): a month's archive that marks up its stories so is no news sitemap."""
    if _NEWS_NAMESPACE not in sniff_prefix(body, _NEWS_SNIFF):
        return False  # (no need to read a sitemap that cannot be one)
    try:
        text = decode_xml(_decompressed(body, url))
        refuse_entity_declarations(text, url)
        if root_name(text) != "urlset":
            return False
        target = _parse_xml(text, url)
    except FeedError:
        return False
    published = target.published
    return (
        len(published) * 2 > len(target)
        and len(target) <= MAX_NEWS_ENTRIES
        and max(published) >= since
    )


def _date(value: str | None) -> str | None:
    """A `<lastmod>` as the archive compares dates: ISO 8601 in UTC (as a feed's dates
    are), a date alone as written. W3C dates as the protocol asks, and the other
    spellings sitemaps use (RFC 822, "2024/01/03"); None for anything else."""
    if not value:
        return None
    if _W3C_DATE.fullmatch(value):
        moment = _iso(value.replace(" ", "T", 1))
        if moment is None:  # a year, or a year and month: compared as written
            return value if len(value) <= 7 else None
    else:
        moment = _iso(value.replace("/", "-")) or _rfc822(value)
        if moment is None:
            return None
    if len(value) <= 10:  # a date alone
        return moment.date().isoformat()
    try:
        return to_iso(moment)  # (a time without an offset is UTC, as a feed's is)
    except OverflowError:  # "0001-01-01T00:00+05:00": before UTC's first moment
        return None


def _iso(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _rfc822(value: str) -> datetime | None:
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
