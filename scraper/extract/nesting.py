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
# The elements an end tag does not look past for its own (HTML's "has an element in
# scope"), and how far down the stack it looks at most.
_SCOPE_BOUNDARIES = frozenset(
    ["applet", "caption", "html", "marquee", "object", "table", "td", "template", "th"]
)
_SEARCHED = 64
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
    # The open elements as the parser will hold them: each tag's name, and whether it is kept.
    stack: list[tuple[str, bool]] = []

    def keep_or_drop(match: re.Match[str]) -> str:
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or self_closing:
            return match.group(0)
        if closing:
            index = _open_element(stack, name)
            if index is None:  # the parser ignores it: it cannot shorten the stack
                return match.group(0)
            kept = stack[index][1]
            del stack[index:]
            return match.group(0) if kept else ""  # (a dropped element's end goes with it)
        if name in _SELF_LIMITING and (index := _open_element(stack, name)) is not None:
            del stack[index:]  # a new <p> or <li> closes the one still open
        keep = len(stack) < MAX_DEPTH or name in _SELF_LIMITING
        stack.append((name, keep))
        return match.group(0) if keep else ""

    return _TAG.sub(keep_or_drop, html)


def _open_element(stack: list[tuple[str, bool]], name: str) -> int | None:
    """Where in `stack` the element an end tag `name` closes is, or None: the parser
    ignores an end tag whose element is not open, or open only outside a table or a cell
    (a scope boundary). (A page can pair every `<div>` with a `</span>` or a `</div>`
    the parser ignores, and nest as deep as it likes: counting end tags alone misses it.)
    Only the top of the stack is searched: a match below it counts as none, which can
    only make the depth look greater."""
    for index in range(len(stack) - 1, max(len(stack) - _SEARCHED, 0) - 1, -1):
        open_name = stack[index][0]
        if open_name == name:
            return index
        if open_name in _SCOPE_BOUNDARIES:
            return None
    return None
