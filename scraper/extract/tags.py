"""Keywords and tags → a clean, de-duplicated list, as the publisher spelled them."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

__all__ = ["split_tags"]

_MAX_TAGS = 50
_MAX_TAG_CHARS = 100
_SEPARATORS = re.compile(r"\s*[,;|]\s*")
_ID_PREFIX = re.compile(r"^(?:[a-z_-]+/)+")  # "topic/climate": a CMS id, not "Technik/IT"
_EDGES = " \t\n\r\"'“”„«»"
_COUNT = re.compile(r"\s*\(\d+(?:\s+\w+)?\)$")  # "Joe Biden (233)", "Election (611 posts)"
# CMS internals that leak into keywords: ids, numbers, host names, "Category: …" labels,
# "@hp-top-stories" routing flags.
_NOT_TAGS = re.compile(
    r"^(?:[0-9a-f]{8}-[0-9a-f-]{27,}|\d+|[\w-]+\.(?:com|org|net|de|co\.uk|ca|fr|es|it))$"
    r"|^[\w ]{1,30}:\s|^\(\d+\)|^@",
    re.I,
)


def split_tags(values: Iterable[str]) -> list[str]:
    """Split comma/semicolon/pipe-joined values; keep the first spelling of each tag."""
    tags: list[str] = []
    seen: set[str] = set()
    for value in values:
        if "&" in value:
            value = html.unescape(value)
        for part in _SEPARATORS.split(value):
            tag = " ".join(part.split())
            # The patterns are tried only where they can match: most tags have neither.
            tag = (_COUNT.sub("", tag) if tag.endswith(")") else tag).strip(_EDGES)
            tag = _ID_PREFIX.sub("", tag) if "/" in tag else tag
            key = tag.casefold()
            if not tag or len(tag) > _MAX_TAG_CHARS or key in seen or _NOT_TAGS.search(tag):
                continue
            seen.add(key)
            tags.append(tag)
            if len(tags) >= _MAX_TAGS:
                return tags
    return tags
