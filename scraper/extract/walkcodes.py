"""The codes the DOM walk (`dom.py`) works with: what it does with an element, by its tag,
and what closing an element it opened does.

Each is a `Final` int: compiled, a use is the number itself, not a look-up.
"""

from __future__ import annotations

from typing import Final

from .elements import INLINE_TAGS

__all__ = [
    "BREAK",
    "BUTTON",
    "CELL_KIND",
    "ELEMENT",
    "FORM",
    "INLINE",
    "LINK",
    "NAMED",
    "OPEN",
    "READING",
    "SKIP",
    "SPAN",
    "action_of",
]

# The kinds of node the walk reads the children of, by what closing one does: nothing
# (an inline element), close an element, close a link, or close an element and look up
# the rule its class names or id give, if text was read in it (`_Walker.enter`). A table
# cell's kind has `CELL_KIND` added: a cell that ended a paragraph (with a <br>, a <p>) is a
# layout's column, not a field of a data row, and ends its last one too.
INLINE: Final = 0
ELEMENT: Final = 1
LINK: Final = 2
NAMED: Final = 3
CELL_KIND: Final = 4

# What the walk does with an element, by its tag (`action_of`).
SKIP: Final = -1
OPEN: Final = -2
BREAK: Final = -3
READING: Final = -4
BUTTON: Final = -5
SPAN: Final = -6
FORM: Final = -7


def action_of(tag: str, junk: frozenset[str]) -> int:
    """What the walk does with an element: read it as inline (`INLINE`), skip it (junk,
    comments), open it (`_Walker.enter` then tells its kind), end a line (<br>), open it
    only if it is a ruby's reading in parentheses (`<rt>`, `after_parenthesis`), read it
    as inline only if it is a question (an accordion's `<button>`, `question`), open a
    `<span>` only if it is classed as a caption (`inline.caption`), or open a `<form>`
    and note whether it asks for an e-mail address (`Page.forms`)."""
    if tag == "br":
        return BREAK
    if tag == "rt":
        return READING
    if tag in INLINE_TAGS:  # looked through even if the rules call it junk
        return SPAN if tag == "span" else INLINE
    if tag == "button" and tag in junk:
        return BUTTON
    if tag == "form" and tag not in junk:
        return FORM
    if tag in junk or not tag or tag[0] == "-":  # comments, doctype
        return SKIP
    return OPEN
