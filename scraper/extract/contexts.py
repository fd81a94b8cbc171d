"""What an open element passes down to the text inside it, for the walk (`dom`).

A page's thousands of elements pass down a few dozen different contexts: each is made
once per page (`Contexts`), and the one a tag opens inside a given context is looked up,
not worked out again, for every element but a marked one and a list item.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from selectolax.lexbor import LexborNode

from .elements import BLOCK_TAGS, HEADINGS
from .markdown import list_marker
from .rules import Rules

__all__ = ["Context", "Contexts", "list_item"]

_QUOTE_SOURCES: Final = frozenset({"footer"})  # tags no container rule takes inside a quote
_Key = tuple[str, bool, bool, int, str, int, bool, int]  # a `Context`'s fields but its rules


@dataclass(slots=True, eq=False)
class Context:
    """What an open element passes down to the text inside it; one object for all the
    elements of a page that pass down the same, so never changed once made. (Not
    frozen: a frozen dataclass is slower to make. Compared by identity: a key of the
    contexts its children open, by tag.)"""

    tag: str  # the innermost block-level tag
    block: bool = True  # this element is block-level itself
    article: bool = False  # inside <article>, <main> or itemprop=articleBody
    heading: int = 0
    item: str = ""
    quote: int = 0  # the block quotes it is in (a quote in a quote: 2)
    pre: bool = False
    # The table cells it is in, but a row's own (a table in a layout's cell: 1), whose
    # blocks are lines of them (`marks.INSIDE_CELL`).
    cells: int = 0
    # The container rules the tags of its children give (`Rules.tag_rules`): outside or
    # inside the article, and inside a quote, where a <footer> holds the quote's source
    # (HTML's own example: "<blockquote><p>…</p><footer>— Jane Roe</footer>"), not the
    # page's footer.
    tag_rules: Mapping[str, str] = field(default_factory=dict)

    def holds_lines(self) -> bool:
        """Whether a block opening in it is a line of a table's cell."""
        return self.cells > 0 or (self.tag == "tr" and not self.block)


class Contexts:
    """The contexts of one page's elements, each made once."""

    def __init__(self, rules: Rules) -> None:
        # The container rules by tag: outside and inside the page's article, and inside
        # a quote there.
        self.tag_rules = {
            (article, quote): {
                tag: rule
                for tag, rule in rules.tag_rules(in_article=article).items()
                if not (quote and tag in _QUOTE_SOURCES)
            }
            for article in (False, True)
            for quote in (False, True)
        }
        self.body = Context("body", tag_rules=self.tag_rules[False, False])
        self.shared: dict[_Key, Context] = {}
        self.children: dict[Context, dict[str, Context]] = {}  # by parent, then tag

    def opened(self, node: LexborNode, tag: str, parent: Context, marked: bool) -> Context:
        """The context the element `node` opens inside `parent`'s. It is the same each
        time a tag opens inside a context, but for a marked element's and a list item's
        (numbered or not by its own parent)."""
        children = self.children.get(parent)
        if children is None:
            children = self.children[parent] = {}
        context = None if marked or tag == "li" else children.get(tag)
        if context is None:
            context = self._made(node, tag, parent, marked)
            if not marked and tag != "li":
                children[tag] = context
        return context

    def _made(self, node: LexborNode, tag: str, parent: Context, marked: bool) -> Context:
        article = parent.article or marked or tag in ("article", "main")
        key: _Key
        if tag in BLOCK_TAGS:
            item = parent.item
            if tag == "li":  # (its parent is asked for only inside an <ol>: any <ol> is open)
                ol = node.parent if parent.tag == "ol" else None
                ordered = ol is not None and ol.tag == "ol"
                item = list_marker(item, ordered=ordered, start=_start(ol) if ordered else 1)
            key = (
                tag,
                True,
                article,
                HEADINGS.get(tag, parent.heading),
                item,
                parent.quote + (tag == "blockquote"),
                parent.pre or tag == "pre",
                parent.cells + (parent.tag == "tr" and not parent.block),  # (in a cell)
            )
        else:
            quote, pre, cells = parent.quote, parent.pre, parent.cells
            key = (parent.tag, False, article, parent.heading, parent.item, quote, pre, cells)
        context = self.shared.get(key)
        if context is None:  # (made once: a dataclass costs ten tuples to make)
            rules = self.tag_rules[key[2], key[5] > 0]  # (article, quote)
            context = self.shared[key] = Context(*key, tag_rules=rules)
        return context


def _start(ol: LexborNode | None) -> int:
    """The first number of an ordered list (`<ol start="5">`), 1 if it says none."""
    value = (ol.attributes.get("start") or "").strip() if ol is not None else ""
    return int(value) if value.isdigit() and len(value) < 7 else 1


def list_item(contexts: list[Context], elements: list[int], context: Context, element: int) -> int:
    """The innermost list item open around a block (in `contexts`, beside their
    `elements`), or closing (`context`, `element`): its element (the markdown's items)."""
    if not context.item:  # (most blocks)
        return -1
    if context.tag == "li" and context.block:  # (closing, no longer on the stack)
        return element
    for i in range(len(contexts) - 1, 0, -1):
        if contexts[i].tag == "li" and contexts[i].block:
            return elements[i]
    return -1
