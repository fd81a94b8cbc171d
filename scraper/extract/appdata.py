"""The article object in an app shell's data (`__NEXT_DATA__` and other JSON scripts).

A page whose story travels only in its scripts' data (see `scripts`, which reads its
body from there) often has no JSON-LD either: its authors, dates, section and tags are
fields of the same object as its body. That object is the one whose title is the page's,
and its fields go by a few common names ("authors", "publishedAt", "updatedAt",
"section", "tags"); `app_article` returns it renamed as JSON-LD names them, so the rest
of the metadata reads it as it reads JSON-LD.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final

from selectolax.lexbor import LexborNode

from .jsonld import as_text, loads
from .titles import strip_site, text_key

__all__ = ["app_article"]

# JSON-LD's name for a field, and the names apps give it, most common first.
_FIELDS: Final = {
    "headline": ("headline", "title", "seoTitle"),
    "author": ("authors", "author", "byline", "bylines", "writers", "creators"),
    "datePublished": (
        "datePublished", "publishedAt", "firstPublished", "firstPublishedAt", "publishDate",
        "publishedDate", "published_at", "publicationDate", "displayDate",
    ),
    "dateModified": (
        "dateModified", "updatedAt", "modifiedAt", "lastModified", "lastUpdated",
        "updated_at", "modifiedDate",
    ),
    "articleSection": ("section", "category", "sectionName", "primarySection", "primaryCategory"),
    "keywords": ("tags", "keywords", "topics"),
}  # fmt: skip
_MIN_TITLE: Final = 10  # letters and digits of a title that names one story, not "Home"
_MAX_SCRIPT: Final = 5_000_000
_MAX_VALUES: Final = 200_000  # JSON values walked: a bound on the work one page can ask for


def app_article(
    scripts: Iterable[LexborNode],
    titles: Iterable[str | None],
    site_names: Sequence[str],
    url: str | None,
) -> dict[str, Any]:
    """The fields of the object in the scripts' JSON whose title is one of the page's
    `titles`, as it is or without the site's name, with a date or an author; the
    richest such object, or an empty dict. The title must be the page's, not only part
    of it: a follow-up's headline often extends the story it follows, which it lists."""
    given = [title for title in titles if title]
    given += [strip_site(title, site_names, url) for title in given]
    keys = {key for key in map(text_key, given) if key}
    best: dict[str, Any] = {}
    for script in scripts:
        code = script.text(deep=True)
        if len(code) > _MAX_SCRIPT:
            continue
        try:
            data = loads(code)
        except (ValueError, RecursionError):
            continue
        for obj in _objects(data):
            found = _renamed(obj)
            title = text_key(as_text(found.get("headline")) or "")
            if len(title) < _MIN_TITLE or title not in keys:
                continue
            if (found.get("datePublished") or found.get("author")) and len(found) > len(best):
                best = found
    return best


def _renamed(obj: dict[str, Any]) -> dict[str, Any]:
    """`obj`'s fields that `_FIELDS` knows, under their JSON-LD names."""
    found = {}
    for name, keys in _FIELDS.items():
        value = next((obj[key] for key in keys if obj.get(key)), None)
        if value is not None:
            found[name] = value
    return found


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    todo, seen = [data], 0
    while todo and seen < _MAX_VALUES:
        value = todo.pop()
        seen += 1
        if isinstance(value, dict):
            yield value
            todo.extend(value.values())
        elif isinstance(value, list):
            todo.extend(value)
