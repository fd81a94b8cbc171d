"""What the DOM walk (`dom.read_blocks`) gives the body finder: the page's text as
`Block`s, and per element its parent, boilerplate rule and body hint (`Page`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = ["ARTICLE", "MARKED", "Block", "Page"]

MARKED, ARTICLE = 1, 2  # the hints: not every piece of marked text is an article


class Block(NamedTuple):
    """A paragraph-level run of text. A named tuple rather than a frozen dataclass: a
    page makes hundreds, and a tuple is built four times faster."""

    text: str  # whitespace collapsed
    markdown: str  # the text with its links marked (see markdown.LINK_OPEN)
    element: int  # index of the innermost element holding the block
    tag: str  # the innermost block-level tag (p, h2, li, div, td, ...)
    link_chars: int
    heading: int = 0  # 1-6 inside <h1>…<h6>
    item: str = ""  # "-" or "1." inside a list item
    quote: bool = False
    pre: bool = False

    @property
    def link_share(self) -> float:
        return min(1.0, self.link_chars / len(self.text)) if self.text else 0.0


@dataclass(slots=True)
class Page:
    """The walk's result: blocks, and per-element parent, rule and body hint."""

    blocks: list[Block] = field(default_factory=list)
    parents: list[int] = field(default_factory=list)
    rules: list[str | None] = field(default_factory=list)
    hints: list[int] = field(default_factory=list)  # 0, MARKED or ARTICLE
    # The class attribute of each element whose rule its class names or id gave.
    classes: dict[int, str] = field(default_factory=dict)
