"""Schema.org JSON-LD: find the article object among a page's blocks, tolerating bad JSON.

Publishers wrap JSON-LD in HTML comments or CDATA, leave trailing commas, paste raw
newlines and tabs into strings, and nest the article in `@graph`, arrays or
`mainEntity`. `read_jsonld` walks all of that (bounded) and returns the plain objects:
the article, and the page's breadcrumb and publisher when they sit beside it.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final

__all__ = [
    "LinkedData",
    "as_text",
    "as_url",
    "loads",
    "names",
    "paywalled",
    "rating",
    "read_jsonld",
]

_ARTICLE_TYPES: Final = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "blogposting",
    "liveblogposting", "socialmediaposting", "scholarlyarticle", "techarticle", "report",
    "advertisercontentarticle", "satiricalarticle", "posting", "discussionforumposting",
    "recipe",
}  # fmt: skip
_PAGE_TYPES: Final = {"webpage", "itempage", "collectionpage", "medicalwebpage", "videoobject"}
# Whose lists (ingredients, steps, a review's pros and cons) are the content.
_LISTING_TYPES: Final = {
    "recipe",
    "howto",
    "faqpage",
    "review",
    "criticreview",
    "reviewnewsarticle",
}
_MAX_BLOCKS: Final = 20
_MAX_BLOCK_CHARS: Final = 2_000_000
_MAX_OBJECTS: Final = 500

_WRAPPERS: Final = re.compile(
    r"^\s*(?:<!--|<!\[CDATA\[|//\s*<!\[CDATA\[)|(?:-->|\]\]>|//\s*\]\]>)\s*$"
)
_TRAILING_COMMA: Final = re.compile(r",\s*([}\]])")
_CONTROL: Final = re.compile(r"[\x00-\x1f]")
# Half of a UTF-16 pair escaped alone ("\ud83d" of an emoji a CMS cut in two): decoded
# as is, it is a character no UTF-8 can encode, which SQLite and every file refuse.
_LONE_HALF: Final = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


@dataclass(frozen=True)
class LinkedData:
    """The JSON-LD objects that matter for metadata (empty dicts when absent)."""

    article: dict[str, Any] = field(default_factory=dict)
    # Every article-like object, best first: an SEO plugin and a theme often each print
    # one, and the second sometimes names more of the authors.
    articles: tuple[dict[str, Any], ...] = ()
    breadcrumb: dict[str, Any] = field(default_factory=dict)
    publisher: dict[str, Any] = field(default_factory=dict)
    website: dict[str, Any] = field(default_factory=dict)  # its name is the site's
    # Recipes, how-tos and FAQs: their ingredients, steps and answers are the page's
    # content (`listings`).
    listings: tuple[dict[str, Any], ...] = ()


def read_jsonld(blocks: Iterable[str]) -> LinkedData:
    """The best article-like object in the page's JSON-LD blocks, or empty `LinkedData`."""
    articles: list[dict[str, Any]] = []
    pages: list[dict[str, Any]] = []
    breadcrumb: dict[str, Any] = {}
    publisher: dict[str, Any] = {}
    website: dict[str, Any] = {}
    listings: list[dict[str, Any]] = []
    by_id: dict[str, dict[str, Any]] = {}
    for block in list(blocks)[:_MAX_BLOCKS]:
        data = _load(block)
        for obj in _objects(data):
            if isinstance(obj.get("@id"), str) and len(obj) > 1:
                by_id.setdefault(obj["@id"], obj)
            kinds = _types(obj)
            if kinds & _LISTING_TYPES:
                listings.append(obj)
            if kinds & _ARTICLE_TYPES:
                articles.append(obj)
            elif kinds & _PAGE_TYPES:
                pages.append(obj)
            elif "breadcrumblist" in kinds and not breadcrumb:
                breadcrumb = obj
            elif kinds & {"organization", "newsmediaorganization"} and not publisher:
                publisher = obj
            elif "website" in kinds and not website:
                website = obj
    # The richest article wins: pages often carry a stub beside the real one.
    candidates = [_resolve(obj, by_id) for obj in articles or pages]
    candidates.sort(key=_richness, reverse=True)  # stable on ties
    article = candidates[0] if candidates else {}
    return LinkedData(article, tuple(candidates), breadcrumb, publisher, website, tuple(listings))


def _resolve(article: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The article with `{"@id": …}` references to its authors, publisher and image
    replaced by the objects they name (Yoast and other SEO plugins describe people and
    images once, by id)."""
    resolved = dict(article)
    for key in ("author", "creator", "publisher", "image"):
        value = article.get(key)
        if isinstance(value, list):
            resolved[key] = [_dereference(item, by_id) for item in value[:50]]
        elif value is not None:
            resolved[key] = _dereference(value, by_id)
    return resolved


# What an object holds besides its id when it is no mere reference to one.
_NAMING: Final = frozenset({"name", "url", "contentUrl"})


def _dereference(value: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, dict) and isinstance(value.get("@id"), str) and _NAMING.isdisjoint(value):
        return by_id.get(value["@id"], value)
    return value


def as_text(value: Any) -> str | None:
    """A display string from a JSON-LD value: a string, a `{name|@value}` or a list."""
    return _pick(value, ("name", "@value"))


def as_url(value: Any) -> str | None:
    """A link from a JSON-LD value: a string, a `{url|contentUrl|@id}` or a list."""
    return _pick(value, ("url", "contentUrl", "@id"))


def _pick(value: Any, keys: tuple[str, ...], depth: int = 0) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if depth > 3:  # {"name": {"name": ...}} nests no deeper on real pages
        return None
    items = [value.get(key) for key in keys] if isinstance(value, dict) else value
    if isinstance(items, list):
        for item in items[:10]:
            text = _pick(item, keys, depth + 1)
            if text:
                return text
    return None


def names(value: Any, depth: int = 0) -> list[str]:
    """Every display string in a value that may be a string, object or list of either."""
    if isinstance(value, list):
        if depth > 3:  # lists of lists of names: no deeper on real pages
            return []
        return [name for item in value[:50] for name in names(item, depth + 1)]
    if isinstance(value, dict) and isinstance(value.get("name"), list):
        return names(value["name"], depth + 1)  # one Person naming several people
    text = as_text(value)
    if not text and isinstance(value, dict):  # a Person by its parts, with no "name"
        parts = (as_text(value.get(key)) for key in ("givenName", "familyName"))
        text = " ".join(part for part in parts if part)
    return [text] if text else []


def loads(text: str) -> Any:
    """`json.loads`, with a lone half of a UTF-16 pair read as U+FFFD, as a browser
    shows it. Raises what `json.loads` raises."""
    if "\\ud" in text or "\\uD" in text:  # (a quick no for nearly every page)
        text = _LONE_HALF.sub(r"\\ufffd", text)
    return json.loads(text)


def _load(text: str) -> Any:
    if len(text) > _MAX_BLOCK_CHARS:
        return None
    text = text.strip()
    if not text.startswith(("{", "[")) or not text.endswith(("}", "]")):
        text = _WRAPPERS.sub("", text)  # only on the rare wrapped block: a slow regex
    try:
        return loads(text)
    except ValueError:
        pass
    except RecursionError:  # nested deeper than the parser's stack: no real page's data
        return None
    # Raw control characters inside strings are the commonest breakage; JSON wants escapes.
    repaired = _TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", text))
    try:
        return loads(repaired)
    except ValueError:
        return _first_value(repaired)
    except RecursionError:
        return None


def _first_value(text: str) -> Any:
    """The first complete JSON value, for blocks with junk after it or two objects glued."""
    start = min((i for i in (text.find("{"), text.find("[")) if i >= 0), default=-1)
    if start < 0:
        return None
    try:
        value, _ = json.JSONDecoder().raw_decode(text, start)
    except (ValueError, RecursionError):
        return None
    return value


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every dict of the top levels, breadth first: lists, `@graph`, `mainEntity`, `hasPart`."""
    queue, seen = deque([data]), 0
    while queue and seen < _MAX_OBJECTS:
        item = queue.popleft()
        seen += 1
        if isinstance(item, list):
            queue.extend(item)
        elif isinstance(item, dict):
            yield item
            for key in ("@graph", "mainEntity", "hasPart"):
                if isinstance(item.get(key), (dict, list)):
                    queue.append(item[key])


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1].lower() for k in kinds if isinstance(k, str)}


def _richness(obj: dict[str, Any]) -> int:
    keys = ("headline", "datePublished", "author", "articleBody", "keywords", "dateModified")
    return sum(1 for key in keys if obj.get(key)) + bool(_types(obj) & _ARTICLE_TYPES) * 2


def rating(ld: LinkedData) -> str | None:
    """The page's review's own rating ("3/5": its value out of the best, 5 unless said),
    not readers' (`aggregateRating`)."""
    for obj in (ld.article, *ld.listings):
        given = obj.get("reviewRating")
        if isinstance(given, dict) and (value := as_text(given.get("ratingValue"))):
            return f"{value}/{as_text(given.get('bestRating')) or 5}"
    return None


def paywalled(article: dict[str, Any]) -> bool:
    """Whether the article says it is not free to read, as search engines ask a paywalled
    page to (`isAccessibleForFree: false`, on it or on the part behind the wall)."""
    parts = article.get("hasPart")
    marked = [article, *(parts if isinstance(parts, list) else [parts])]
    return any(
        isinstance(part, dict) and str(part.get("isAccessibleForFree")).lower() == "false"
        for part in marked
    )
