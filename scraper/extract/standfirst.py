"""The story's standfirst: the summary between its headline and its first paragraph.

Newsrooms set the standfirst (the "dek", the "Vorspann") apart from the text: in the
page's header beside the headline, in a box of its own, in a `<h2>`. So the body, found
as the run of paragraphs, starts below it. But the reporter wrote it as the story's first
lines, and the page says so itself: its description (`og:description`) is most often the
standfirst word for word. A block between the headline and the body that is the page's
description is taken into the body, at the top; so is the description's text in the
page's `<header>` (read as one block with the headline).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from .blockrules import BYLINE, HEADLINE
from .page import Block
from .titles import text_key

__all__ = ["find_standfirst"]

_MIN_CHARS: Final = 20  # letters and digits: a description this short could match a label
_MIN_PART_CHARS: Final = 50  # a description found inside a longer block: a sentence at least
_READ_AS_ONE: Final = "page-header"  # a page's <header>: its text is one block (`dom.prune`)
# Rules under which a standfirst may have been dropped: outside the body, in the page's
# header or a box beside it, or taken for a byline ("Ein Kommentar von Jane Roe").
_SET_APART: Final = frozenset(
    {"outside-article", "page-header", "sidebar", BYLINE, "byline-box", "page-footer"}
)


def find_standfirst(
    decisions: Sequence[tuple[Block, str | None]], description: str | None
) -> tuple[int, Block] | None:
    """The dropped block above the body that is the page's description, by index, with
    the block to keep in its place: itself, or the description's part of a page header
    that was read as one block (`dom`)."""
    key = text_key(description or "")
    if len(key) < _MIN_CHARS or description is None:
        return None
    first = next((i for i, (_, rule) in enumerate(decisions) if rule is None), None)
    if first is None:
        return None
    line = " ".join(description.split())
    for index in range(first - 1, -1, -1):
        block, rule = decisions[index]
        if block.heading == 1 or rule == HEADLINE:
            return None  # above the headline, the description's text is another's teaser
        part = rule == _READ_AS_ONE and len(line) >= _MIN_PART_CHARS and line in block.text
        whole = (
            rule in _SET_APART
            and not block.link_chars
            and len(key) <= len(block.text) <= 2 * len(line)  # (a menu read as one block)
            and text_key(block.text) == key
        )
        if (part or whole) and not _kept(decisions, first, key):
            return index, block if whole else Block(line, line, block.element, "p", 0)
    return None


def _kept(decisions: Sequence[tuple[Block, str | None]], first: int, key: str) -> bool:
    """Whether the body holds the description already (as its first paragraph, often)."""
    return any(rule is None and text_key(b.text) == key for b, rule in decisions[first:])
