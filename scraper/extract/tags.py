"""Keywords and tags → a clean, de-duplicated list, as the publisher spelled them."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from typing import Any, Final

from selectolax.lexbor import LexborHTMLParser

from .jsonld import names
from .sources import Sources
from .tag_links import tag_link_texts

__all__ = ["first_joined", "page_tags", "split_tags"]

_TAG_META: Final = ("article:tag", "news_keywords", "parsely-tags", "sailthru.tags", "keywords")
_JOINED_WORDS: Final = 4  # a one-tag keyword list this long may be several tags run together

_MAX_TAGS: Final = 50
_MAX_TAG_CHARS: Final = 100
_SEPARATORS: Final = re.compile(r"\s*[,;|]\s*")
# The conjunction before a series' last word ("Food, Drink & Travel", "Arte, Cultura y Ocio").
_SERIES_END: Final = re.compile(
    r"\s(?:&(?:amp;)?|\+|and|und|et|y|e|en|och|og|ve|и)\s+\S", re.IGNORECASE
)
_ID_PREFIX: Final = re.compile(r"^(?:[a-z_-]+/)+")  # "topic/climate": a CMS id, not "Technik/IT"
_EDGES: Final = " \t\n\r\"'“”„«»"
_LIST_EDGES: Final = ",;| "  # an item printed with its separator ("Politics," in a tag link)
_COUNT: Final = re.compile(r"\s*\(\d+(?:\s+\w+)?\)$")  # "Joe Biden (233)", "Election (611 posts)"
# CMS internals that leak into keywords: ids, numbers, host names, "Category: …" labels,
# "@hp-top-stories" routing flags.
_NOT_TAGS: Final = re.compile(
    r"^(?:[0-9a-f]{8}-[0-9a-f-]{27,}|\d+|[\w-]+\.(?:com|org|net|de|co\.uk|ca|fr|es|it))$"
    r"|^[\w ]{1,30}:\s|^\(\d+\)|^@",
    re.I,
)


def split_tags(values: Iterable[str]) -> list[str]:
    """The tags of a lone comma/semicolon/pipe-joined value, or of a list's items, each
    whole ("Fishing, Commercial", "Trump, Donald J" are one tag each, repeated as
    `article:tag` or in a JSON-LD array); the first spelling of each tag."""
    values = list(dict.fromkeys(values))  # (a meta may be read twice: property and name)
    whole = len(values) > 1
    tags: list[str] = []
    seen: set[str] = set()
    for value in values:
        if "&" in value:
            value = html.unescape(value)
        for part in (value,) if whole else _SEPARATORS.split(value):
            tag = " ".join(part.split())
            # The patterns are tried only where they can match: most tags have neither.
            tag = (_COUNT.sub("", tag) if tag.endswith(")") else tag).strip(_EDGES)
            tag = tag.strip(_LIST_EDGES) if whole else tag
            tag = _ID_PREFIX.sub("", tag) if "/" in tag else tag
            key = tag.casefold()
            if not tag or len(tag) > _MAX_TAG_CHARS or key in seen or _NOT_TAGS.search(tag):
                continue
            seen.add(key)
            tags.append(tag)
            if len(tags) >= _MAX_TAGS:
                return tags
    return tags


def first_joined(value: str | None) -> str | None:
    """The first name of a comma-joined string ("Recipes,Cakes,Desserts", "Illinois,
    Local"), but the whole of one name that is a series ("Arts, Culture & Entertainment",
    "D.C., Md. & Va.": a conjunction in its last part)."""
    if not value or "," not in value:
        return value
    last = value.rsplit(",", 1)[1]
    return value if last[:1] == " " and _SERIES_END.search(last) else value.split(",")[0]


def page_tags(
    tree: LexborHTMLParser, page: Sources, article: dict[str, Any], headline: str | None = None
) -> list[str]:
    """The story's tags: its keywords, else the tag links under it (under `headline`,
    the visible one's element, where the page has no `<h1>`)."""
    # The links under the story: a second walk over the tree, paid only by pages with no
    # keywords anywhere else.
    return _keyword_tags(page, article) or split_tags(tag_link_texts(tree, headline))


def _keyword_tags(page: Sources, article: dict[str, Any]) -> list[str]:
    """The first source's tags, `article:tag` first, then JSON-LD and `<meta>` keywords."""
    tag_metas = page.each("article:tag")
    sources = [
        names(article.get("keywords")),
        *([value] for value in page.each(*_TAG_META[1:])),
        page.tag_links,
    ]
    tagged = split_tags(tag_metas)
    if tagged and not (len(tag_metas) == 1 and _is_category(tagged, _tag_lists(sources))):
        return tagged
    lists = _tag_lists(sources)
    first = next(lists, [])
    return _unjoined(first, lists) if first else []


def _tag_lists(sources: list[list[str]]) -> Iterator[list[str]]:
    """Each source's tags, split lazily: most pages need only the first."""
    return (tags for tags in map(split_tags, sources) if tags)


def _is_category(tagged: list[str], found: Iterable[list[str]]) -> bool:
    """Whether a lone `article:tag` is the site's category ("Politics") or the story's
    main tag, where a keywords list holds all its tags: the list has more, and others."""
    keys = {tag.casefold() for tag in tagged}
    return any(
        len(tags) > 1 and (len(keys) == 1 or not keys <= {t.casefold() for t in tags})
        for tags in found
    )


def _unjoined(tags: list[str], others: Iterable[list[str]]) -> list[str]:
    """`tags`, or the same words as a list when `tags` is one of many words, whose
    separators a CMS dropped ("Boxing Tyson Fury Anthony Joshua" beside "Boxing, …")."""
    if len(tags) > 1 or len(tags[0].split()) < _JOINED_WORDS:
        return tags
    words = set(tags[0].casefold().split())
    for other in others:
        if len(other) > 1 and {w for tag in other for w in tag.casefold().split()} == words:
            return other
    return tags
