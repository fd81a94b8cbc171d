"""What the DOM walk (`dom.read_blocks`) gives the body finder: the page's text as
`Block`s, and per element its parent, boilerplate rule and body hint (`Page`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, NamedTuple

__all__ = ["ARTICLE", "MARKED", "Block", "Page", "column", "join_initials"]

MARKED: Final = 1  # the hints: not every piece of marked text is an article
ARTICLE: Final = 2
_COLUMN_CHARS: Final = 80  # a paragraph's length, more than a data cell holds


class Block(NamedTuple):
    """A paragraph-level run of text. A named tuple rather than a frozen dataclass: a
    page makes hundreds, and a tuple is built four times faster."""

    text: str  # whitespace collapsed
    markdown: str  # the text with its links marked (see markdown.LINK_OPEN)
    element: int  # index of the innermost element holding the block
    tag: str  # the innermost block-level tag (p, h2, li, div, td, ...)
    link_chars: int
    heading: int = 0  # 1-6 inside <h1>…<h6>
    item: str = ""  # "-" or "1." inside a list item, indented when nested in another
    quote: int = 0  # the block quotes it is in
    pre: bool = False
    # Ended by one <br>: its paragraph goes on in the next block of the same element.
    line_end: bool = False
    list_item: int = -1  # index of the list item element it is in (-1: none)

    @property
    def link_share(self) -> float:
        return min(1.0, self.link_chars / len(self.text)) if self.text else 0.0

    @property
    def mostly_link(self) -> bool:
        """Whether half the text or more is link text: a teaser's headline or card."""
        return 2 * self.link_chars >= len(self.text)


@dataclass(slots=True)
class Page:
    """The walk's result: blocks, and per-element parent, rule and body hint."""

    blocks: list[Block] = field(default_factory=list)
    parents: list[int] = field(default_factory=list)
    rules: list[str | None] = field(default_factory=list)
    hints: list[int] = field(default_factory=list)  # 0, MARKED or ARTICLE
    # The class attribute of each element whose rule its class names or id gave.
    classes: dict[int, str] = field(default_factory=dict)
    # The attributes of each `<article>` that has any (`storylines.other_address`).
    article_attributes: dict[int, dict[str, str | None]] = field(default_factory=dict)
    initials: bool = False  # whether a block is one character (`join_initials`)
    forms: list[int] = field(default_factory=list)  # the `<form>`s asking for an e-mail


def join_initials(blocks: list[Block]) -> None:
    """Join each drop cap to its paragraph again, in place. A page that sets a story's
    first letter in an element of its own (`<div class="dropcap">T</div><p>urkey, …`)
    splits it into a block of one capital and a paragraph that starts in lower case.
    (Called only for a page with a block of one character: `Page.initials`.)"""
    for index in range(len(blocks) - 2, -1, -1):
        initial, block = blocks[index], blocks[index + 1]
        if (
            len(initial.text) == 1
            and initial.text.isupper()
            and block.text[:1].islower()
            and not block.heading
        ):
            blocks[index + 1] = block._replace(
                text=initial.text + block.text, markdown=initial.text + block.markdown
            )
            del blocks[index]


def column(blocks: list[Block], start: int) -> bool:
    """Whether a closing table cell, whose blocks start at `start`, ended a paragraph of
    text before its last: then it is a layout's column (a data row's cells break lines,
    if at all, in a name). (Most cells ended none: a data table's, and a page may have
    thousands.)"""
    return start < len(blocks) and any(
        len(blocks[i].text) >= _COLUMN_CHARS for i in range(start, len(blocks))
    )
