"""Flatten pathologically deep nesting before Lexbor sees it.

Lexbor's tree builder checks the stack of open elements for every new element, so a
page nesting 100 000 `<div>`s takes about half a minute to parse (quadratic), while
Lexbor stays fast for anything under a few thousand tags. Real pages nest fewer than a
hundred deep and 99.5% of news pages have under 8 000 tags, so only bigger documents
are walked, and every tag below `MAX_DEPTH` is dropped, which keeps all the text.
"""

from __future__ import annotations

import re

__all__ = ["MAX_DEPTH", "flatten_deep_nesting"]

MAX_DEPTH = 256
SAFE_TAG_COUNT = 8000  # below this, even the worst nesting parses in a fraction of a second
# Elements the HTML parser closes when the same kind opens again.
_SELF_LIMITING = frozenset(["a", "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "option"])
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^<>]*?(/?)>")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)


def flatten_deep_nesting(html: str) -> str:
    """`html` unchanged, unless it nests deeper than `MAX_DEPTH`: then the deep containers go.

    Below that depth only links, paragraphs and headings keep their tags: the parser
    closes those by itself when they repeat, so they cannot nest deep again.
    """
    if html.count("<") <= SAFE_TAG_COUNT:
        return html
    kept: list[bool] = []  # for each open element: was its opening tag kept?

    def keep_or_drop(match: re.Match[str]) -> str:
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or self_closing:
            return match.group(0)
        if closing:
            return match.group(0) if not kept or kept.pop() else ""
        keep = len(kept) < MAX_DEPTH or name in _SELF_LIMITING
        kept.append(keep)
        return match.group(0) if keep else ""

    return _TAG.sub(keep_or_drop, html)
