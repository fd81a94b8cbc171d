"""Flatten pathologically deep nesting before Lexbor sees it.

Lexbor's tree builder checks the stack of open elements for every new element, so a
page nesting 100 000 `<div>`s takes about half a minute to parse (quadratic), while
Lexbor stays fast for anything under a few thousand tags. Real pages nest fewer than a
hundred deep and 99.5% of news pages have under 8 000 tags, so only bigger documents
are walked, and every tag below `MAX_DEPTH` is dropped, which keeps all the text.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["MAX_DEPTH", "flatten_deep_nesting"]

MAX_DEPTH: Final = 256
SAFE_TAG_COUNT: Final = 8000  # below this, even the worst nesting parses in a fraction of a second
# Elements the HTML parser closes when the same kind opens again.
_SELF_LIMITING: Final = frozenset(["a", "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "option"])
# Elements whose end tags HTML leaves out: a container's end tag closes them too.
_IMPLIED_ENDS: Final = frozenset(
    ["dd", "dt", "li", "optgroup", "option", "p", "rb", "rp", "rt", "rtc"]
)
_IMPLIED_SEARCHED: Final = 4  # (a few such elements left open inside one container, at most)
# The elements whose end tag closes them when such elements are open inside: those HTML
# parses with "has an element in scope" (the others' end tags stop at them).
_CONTAINERS: Final = frozenset(
    [
        *("address", "article", "aside", "blockquote", "button", "center", "details"),
        *("dialog", "dir", "div", "dl", "fieldset", "figcaption", "figure", "footer"),
        *("form", "header", "hgroup", "listing", "main", "menu", "nav", "ol", "pre"),
        *("search", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("li", "dd", "dt", "p"),
    ]
)
# A start tag closes the current element when that is one of its kind ("<p>a<p>b",
# "<li>a<li>b", "<h2>a<h3>b"): by kind, the names that close one another.
_SIBLINGS: Final = {
    **dict.fromkeys(["p", "li", "option", "a"]),
    **dict.fromkeys(["dd", "dt"], "dd"),
    **dict.fromkeys(["h1", "h2", "h3", "h4", "h5", "h6"], "h"),
}
_TAG: Final = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^<>]*?(/?)>")
_VOID: Final = frozenset(
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


def flatten_deep_nesting(html: str, tags: int | None = None) -> str:
    """`html` unchanged, unless it nests deeper than `MAX_DEPTH`: then the deep containers go.

    Below that depth only links, paragraphs and headings keep their tags: the parser
    closes those by itself when they repeat, so they cannot nest deep again. `tags` is
    the number of "<" in `html`, if known (decoding counts them).
    """
    if (html.count("<") if tags is None else tags) <= SAFE_TAG_COUNT:
        return html
    # The open elements, as many as the parser will hold or more: each tag's name, and
    # whether it is kept. An end tag closes only what the parser would surely close.
    stack: list[tuple[str, bool]] = []
    dropped = False

    def keep_or_drop(match: re.Match[str]) -> str:
        nonlocal dropped
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or self_closing:
            return match.group(0)
        if closing:
            if stack and stack[-1][0] == name:  # (the current element: the common case)
                kept = stack.pop()[1]
            elif (index := _closed(stack, name)) is not None:
                kept = stack[index][1]
                del stack[index:]
            else:
                return match.group(0)
            return match.group(0) if kept else ""  # (a dropped element's end goes with it)
        if stack and name in _SIBLINGS and _kind(stack[-1][0]) == _kind(name):
            stack.pop()  # (the parser closes it for this one)
        keep = len(stack) < MAX_DEPTH or name in _SELF_LIMITING
        stack.append((name, keep))
        dropped = dropped or not keep
        return match.group(0) if keep else ""

    flat = _TAG.sub(keep_or_drop, html)
    return flat if dropped else html  # (the same object: the caller may parse its bytes)


def _kind(name: str) -> str:
    return _SIBLINGS.get(name) or name


def _closed(stack: list[tuple[str, bool]], name: str) -> int | None:
    """Where in `stack` the element an end tag `name` surely closes is, or None.

    The current element, or a container with only elements whose end tags HTML leaves
    out (`<p>`, `<li>`) open inside it: "<div><p>text</div>" closes both. Any other end
    tag may be one the parser ignores ("<div></span>", "<span><div></span>", a `</div>`
    past a table), and a page can pair every start tag with such an end tag to nest as
    deep as it likes: so those close nothing here, which can only make the depth look
    greater.
    """
    index = len(stack) - 1
    if name not in _CONTAINERS:
        return index if index >= 0 and stack[index][0] == name else None
    while index >= 0 and len(stack) - index <= _IMPLIED_SEARCHED:
        open_name = stack[index][0]
        if open_name == name:
            return index
        if open_name not in _IMPLIED_ENDS:
            return None
        index -= 1
    return None
