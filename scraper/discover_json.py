"""JSON Feed (jsonfeed.org, versions 1 and 1.1) → `Discovered` articles.

A JSON Feed is a JSON object naming its version by URL, with `items`: each has an `id`,
its page (`url`), and its dates in RFC 3339. feedparser reads RSS and Atom only, and the
format is small enough to read with the standard library.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from scraper.clock import parse_iso, to_iso
from scraper.errors import FeedError, UsageError
from scraper.extract.jsonld import loads
from scraper.models import Discovered
from scraper.urls import is_home_page, normalize_url

__all__ = ["is_json_feed", "one_per_story", "parse_json_feed"]

_VERSION = "https://jsonfeed.org/version/"
_MAX_CHARS = 10 * 1024 * 1024  # as for RSS and Atom feeds
_MAX_ITEMS = 10_000


def is_json_feed(prefix: str) -> bool:
    """Whether a document's first characters are a JSON Feed's (its version names it)."""
    return prefix.lstrip("\ufeff \t\r\n").startswith("{") and "jsonfeed.org/version" in prefix


def parse_json_feed(text: str, url: str) -> list[Discovered]:
    """The items of a JSON Feed, in document order, without duplicates; `lastmod` is an
    item's modified date, else its published date, in UTC. Raises FeedError for a
    document that is not one."""
    if len(text) > _MAX_CHARS:
        raise FeedError(f"feed too large: {len(text):,} characters", url=url)
    try:
        feed = loads(text.lstrip("\ufeff"))  # (half an emoji escaped alone: U+FFFD)
    except (ValueError, RecursionError) as error:
        raise FeedError(f"malformed JSON feed: {error}", url=url) from error
    if not isinstance(feed, dict) or not str(feed.get("version", "")).startswith(_VERSION):
        raise FeedError("not a feed: JSON without a JSON Feed version", url=url)
    items = feed.get("items")
    found: list[tuple[Any, Discovered]] = []
    for item in items[:_MAX_ITEMS] if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        link = _link(item, url)
        if link is not None:
            date = _date(item.get("date_modified")) or _date(item.get("date_published"))
            title = item.get("title")
            title = title.strip() or None if isinstance(title, str) else None
            found.append((item.get("id"), Discovered(link, "article", date, title)))
    return one_per_story(found)


def one_per_story(items: Sequence[tuple[Any, Discovered]]) -> list[Discovered]:
    """A feed's (id, item) pairs, one item per story, in document order: the items at one
    address are one story, and so are those under one id (an RSS guid, an Atom or JSON
    Feed id), kept at the address of the one modified last (a slug changed with the
    headline); the first otherwise. An id on more than two items, or a home page's
    address, names no story (a CMS that writes the site's address as every item's guid).
    Each item kept carries its id if it names a story (`Discovered.guid`): a later poll
    listing another address under it is the same story's (`archive.guids`)."""
    ids = [key.strip() if isinstance(key, str) else "" for key, _ in items]
    counts = Counter(ids)
    kept: list[Discovered] = []
    places: dict[str, int] = {}  # an address or an id -> its story's place in `kept`
    for key, (_, found) in zip(ids, items, strict=True):
        story = bool(key) and counts[key] <= 2 and not _site_address(key)
        item = replace(found, guid=key) if story else found
        keys = [item.url, key] if story else [item.url]
        place = next((places[k] for k in keys if k in places), None)
        if place is None:
            place = len(kept)
            kept.append(item)
        elif item.url not in places and (item.lastmod or "") > (kept[place].lastmod or ""):
            kept[place] = item
        for k in keys:
            places.setdefault(k, place)
    return kept


def _site_address(key: str) -> bool:
    """Whether an id is a site's address (its home page), which no story is."""
    return key.startswith(("http://", "https://")) and is_home_page(key)


def _link(item: dict[str, Any], url: str) -> str | None:
    """The item's page: its `url`, else an `id` that is one (ids are often permalinks)."""
    for key in ("url", "id"):
        value = item.get(key)
        if isinstance(value, str) and (key == "url" or value.startswith(("http://", "https://"))):
            link = normalize_url(value, url)
            if link is not None:
                return link
    return None


def _date(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return to_iso(parse_iso(value))
    except UsageError:  # no RFC 3339 date
        return None
