"""The short lines that tell where a story starts, for `stories`: a byline or dateline
of its own, or a label that announces the next story of an endless scroll ("Up next").
Both are asked only of a page whose story goes on in headed `<article>`s."""

from __future__ import annotations

import re

from .page import Page
from .rules import default_rules

__all__ = ["next_labels", "signed_lines"]

_SIGNS = frozenset({"byline", "dateline"})  # the lines that start a story of its own
_LINE_CHARS = 160  # ... are no longer than this
_LABEL_CHARS = 30  # a label: a few words
_NEXT = re.compile(
    r"\W*(?:(?:up|read|what's) next|next(?: story| article| up)?|nächster artikel"
    r"|article suivant|siguiente noticia|prossimo articolo|volgend artikel)\W*$",
    re.IGNORECASE,
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
