"""The short lines that tell where a story starts, for `stories`: a byline or dateline
of its own, or a label that announces the next story of an endless scroll ("Up next");
and the address an endless scroll's `<article>` names as its story's. All are asked only
of a page whose story goes on in headed `<article>`s."""

from __future__ import annotations

import re
from typing import Final

from .page import Page
from .rules import default_rules

__all__ = ["next_labels", "other_address", "signed_lines"]

_SIGNS: Final = frozenset({"byline", "dateline"})  # the lines that start a story of its own
_LINE_CHARS: Final = 160  # ... are no longer than this
_LABEL_CHARS: Final = 30  # a label: a few words
_NEXT: Final = re.compile(
    r"\W*(?:(?:up|read|what's) next|next(?: story| article| up)?|nächster artikel"
    r"|article suivant|siguiente noticia|prossimo articolo|volgend artikel)\W*$",
    re.IGNORECASE,
)

# An attribute naming a story's address (`data-url`, `data-permalink`, `data-scroll-url`):
# the script of an endless scroll puts it in the location bar as the reader scrolls to it.
# Not a media player's, a gallery's or an API's address.
_ADDRESS: Final = re.compile(r"data-(?:[a-z]+-)*(?:url|href|permalink|path)")
_NOT_STORY: Final = re.compile(
    r"video|audio|image|img|photo|gallery|playlist|media|embed|api|ajax|json"
)


def other_address(page: Page, element: int, story: int) -> bool:
    """Whether `<article>` `element` names another address than the `<article>` `story`
    does, by the same attribute (a story's sections name none, or its own)."""
    ours, theirs = page.article_attributes.get(story), page.article_attributes.get(element)
    if not ours or not theirs:
        return False
    return any(
        _ADDRESS.fullmatch(name) is not None
        and _NOT_STORY.search(name) is None
        and (value or "").strip() != (theirs.get(name) or "").strip()
        for name, value in ours.items()
        if name in theirs
    )


def signed_lines(page: Page) -> list[int]:
    """The elements of the short lines that read as a byline or a dateline, in order."""
    rules = default_rules()
    lines = (b for b in page.blocks if len(b.text) <= _LINE_CHARS and not b.heading)
    return sorted(
        b.element
        for b in lines
        if rules.line_rule(b.text, b.link_share, after_article=False) in _SIGNS
    )


def next_labels(page: Page) -> list[int]:
    """The elements of the lines that announce the next story, in order."""
    return sorted(
        b.element for b in page.blocks if len(b.text) <= _LABEL_CHARS and _NEXT.match(b.text)
    )
