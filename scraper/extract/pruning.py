"""Which boxes the DOM walk (`dom.py`) skips unread: those whose tag or role marks them
as boilerplate (a `<nav>`, a page's `<footer>`), unless they hold the story after all.
A skipped box is measured in C (`node.text()`) and becomes one block of its own.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from selectolax.lexbor import LexborNode

__all__ = ["Cut", "Pruner"]

_ALL_OF: Final = 0.9  # the share of its parent's text that makes a boilerplate tag the content


class Cut(NamedTuple):
    """A skipped box's text, and how much of it counts as link text."""

    text: str
    link_chars: int


class Pruner:
    """Decides on the boxes of one page, whose text lengths it measures once each."""

    def __init__(self, root: LexborNode) -> None:
        self.root = root
        # The text lengths pruning compares with, by element (-1: the root), when needed.
        self.text_lengths: dict[int, int] = {}

    def cut(self, node: LexborNode, parent: int, in_article: bool) -> Cut | None:
        """The box `node` (in element `parent`) skipped, or None when it holds most of
        the page's text, or nearly all of the text of the `<main>` or `<article>` it
        stands in (an `<aside>` a template wraps the story in)."""
        text = node.text(deep=True, separator=" ")
        # Measured by its words, one space apart: a mega-menu's indentation outweighs them.
        # (One read of the box's text: a second, without whitespace-only text nodes, cost
        # a third of the pruning.)
        words = " ".join(text.split())
        chars = len(words)
        if chars * 2 > self.text_chars(self.root, -1):
            return None
        around = node.parent if in_article and chars else None
        if (
            around is not None
            and around.tag in ("main", "article")
            and chars >= _ALL_OF * self.text_chars(around, parent)
        ):
            return None  # the story's wrapper, not a box beside it
        # Weighed as half link text, measured with the whitespace of its markup (menus
        # and footers are mostly links): it speaks against a container holding it.
        return Cut(words, len(text) // 2)

    def text_chars(self, node: LexborNode, index: int) -> int:
        """The length of the text in `node` (element `index`), measured once: a page or a
        `<main>` may hold thousands of boxes that each ask."""
        chars = self.text_lengths.get(index)
        if chars is None:
            chars = self.text_lengths[index] = len(node.text(deep=True, skip_empty=True))
        return chars
