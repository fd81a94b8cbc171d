"""Read a parsed page as a flat list of text blocks, in one pass over the tree.

`read_blocks` walks the DOM once (iteratively: a page may nest 100 000 elements) and
returns what the body finder needs and nothing more:

- `Block`s: paragraph-level runs of text (a `<p>`, a heading, a list item, the text of
  a `<div>` between its child blocks, a line ended by `<br>`), with their length of link
  text, their inline markdown, and the innermost element they sit in;
- for every element, in document order: its parent, the boilerplate container rule its
  tag/role/class/id matches (if any) and whether it hints at the article body.

Subtrees that their tag or role marks as boilerplate (`<nav>`, a page's `<footer>`) are
not walked but measured in C (`node.text()`) and kept as one block; inline elements
(`<span>`, `<b>`...) get no element of their own. Everything later is arithmetic over
these lists, so no subtree is read twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .markdown import LINK_CLOSE, LINK_MIDDLE, LINK_OPEN, link_target
from .rules import Rules

__all__ = ["Block", "Page", "clean", "read_blocks"]

# Elements that start a new block of text; everything else is inline.
_BLOCK_TAG_NAMES = """address article aside blockquote body caption center dd details dialog dir div
dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu
nav ol p pre section summary table tbody tfoot thead tr ul"""
BLOCK_TAGS = frozenset(_BLOCK_TAG_NAMES.split())
# Table cells are inline so that a row reads as one line (a cell alone is a fragment).
CELL_TAGS = frozenset({"td", "th"})
# Inline elements the walk looks through: their text joins the enclosing block, and
# their class or id is not worth reading (a share bar is a <div>, <ul> or <p>).
_INLINE_TAG_NAMES = """abbr b bdi bdo cite code data del dfn em font i ins kbd mark q s samp small
span strong sub sup time u var wbr"""
INLINE_TAGS = frozenset(_INLINE_TAG_NAMES.split())
# Junk whose content is text to the parser, and so to every text measure.
RAW_TEXT_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "math", "title"})
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BODY_HINTS = frozenset({"articlebody", "articletext", "text", "reviewbody"})
HIDDEN_RULE = "hidden"  # the container rule for elements a browser would not show


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
    hints: list[bool] = field(default_factory=list)


def clean(tree: LexborHTMLParser, rules: Rules) -> None:
    """Remove the junk elements whose content parses as text (scripts, styles), so that
    no text measure counts it. The other junk tags (media, controls) are only skipped by
    the walk: one pass over the tree per tag name costs more than skipping them."""
    tree.strip_tags([tag for tag in rules.junk_tags if tag in RAW_TEXT_TAGS])


@dataclass(slots=True)
class _Context:
    """What an open element passes down to the text inside it."""

    element: int
    tag: str  # the innermost block-level tag
    block: bool = True  # this element is block-level itself
    article: bool = False  # inside <article>, <main> or itemprop=articleBody
    heading: int = 0
    item: str = ""
    quote: bool = False
    pre: bool = False
    link: str | None = None


_ROOT = _Context(-1, "body")
_EXIT = None  # stack marker: the element on top of the context stack is closed


class _Walker:
    def __init__(self, rules: Rules, page_chars: int) -> None:
        self.rules = rules
        self.junk = frozenset(rules.junk_tags)
        self.page_chars = page_chars
        self.page = Page()
        self.contexts = [_ROOT]  # never empty: the walk closes only what it opened
        self.parts: list[str] = []
        self.markdown: list[str] = []
        self.link_chars = 0

    def walk(self, root: LexborNode) -> Page:
        stack: list[LexborNode | None] = [root]
        parts, markdown, contexts = self.parts, self.markdown, self.contexts
        push, pop, junk = stack.append, stack.pop, self.junk  # bound once: the loop is hot
        while stack:
            node = pop()
            if node is _EXIT:
                self.leave()
                continue
            tag = node.tag
            if tag == "-text":  # the hot path, inlined
                text = node.text_content
                if text and (parts or not text.isspace()):
                    parts.append(text)
                    markdown.append(text)
                    if contexts[-1].link is not None:
                        self.link_chars += len(text.strip())
                continue
            if tag == "br":
                self.flush()
                continue
            if tag in INLINE_TAGS:
                pass  # no element of its own: its text joins the enclosing block
            elif tag in junk:
                continue
            elif tag and tag[0] != "-" and tag[0] != "!":
                if not self.enter(node, tag):
                    continue  # pruned: boilerplate by its tag, read no further
                push(_EXIT)
            else:
                continue  # comments, doctype
            # Children in reverse, so the first is popped first; iterated in C.
            stack.extend(list(node.iter(include_text=True))[::-1])
        self.flush()
        return self.page

    def enter(self, node: LexborNode, tag: str) -> bool:
        """Open an element; False when its subtree is pruned."""
        parent = self.contexts[-1]
        if tag == "a":  # a link is no element of its own either, but it changes the text
            link = link_target(node.attrs.get("href"))
            if link:
                self.markdown.append(LINK_OPEN)
            self.contexts.append(
                _Context(
                    parent.element,
                    parent.tag,
                    False,
                    parent.article,
                    parent.heading,
                    parent.item,
                    parent.quote,
                    parent.pre,
                    link,
                )
            )
            return True
        page = self.page
        index = len(page.parents)
        page.parents.append(parent.element)
        attrs = node.attributes
        rule, by_class = self.container_rule(tag, attrs, parent.article)
        page.rules.append(rule)
        if rule and not by_class and rule != HIDDEN_RULE and self.prune(node, index):
            page.hints.append(False)
            return False
        itemprop = attrs.get("itemprop") if attrs else None
        hint = tag == "article" or (itemprop is not None and itemprop.lower() in BODY_HINTS)
        page.hints.append(hint)
        article = parent.article or hint or tag == "main"
        if tag in BLOCK_TAGS:
            self.flush()
            context = _Context(
                index,
                tag,
                True,
                article,
                HEADINGS.get(tag, parent.heading),
                ("1." if node.parent and node.parent.tag == "ol" else "-")
                if tag == "li"
                else parent.item,
                parent.quote or tag == "blockquote",
                parent.pre or tag == "pre",
                parent.link,  # a link may wrap whole blocks: a teaser's headline and summary
            )
        else:
            context = _Context(
                index,
                parent.tag,
                False,
                article,
                parent.heading,
                parent.item,
                parent.quote,
                parent.pre,
                parent.link,
            )
            if tag in CELL_TAGS:  # keep the cells of a row apart
                self.parts.append(" ")
                self.markdown.append(" ")
        self.contexts.append(context)
        return True

    def prune(self, node: LexborNode, index: int) -> bool:
        """Skip a subtree that its tag or role marks as boilerplate (a <nav>, a page's
        <footer>) unless it holds most of the page's text; its text becomes one block.
        Class names, and hidden elements (a paywall may hide the article itself), are
        weighed later, with the prose."""
        text = node.text(deep=True, separator=" ")
        if len(text) * 2 > self.page_chars:
            return False
        self.flush()
        # Weighed as half link text, measured with the whitespace of its markup (menus
        # and footers are mostly links): it speaks against a container holding it.
        link_chars = len(text) // 2
        text = " ".join(text.split())
        self.page.blocks.append(Block(text, "", index, node.tag or "", link_chars))
        return True

    def container_rule(
        self, tag: str, attrs: dict[str, str | None], in_article: bool
    ) -> tuple[str | None, bool]:
        """The container rule the element matches, and whether by class/id only."""
        rules = self.rules
        found = rules.container_by_tag(tag, in_article=in_article)
        if found or not attrs:
            return found, False
        role = attrs.get("role")
        if role and (found := rules.container_by_role(role)):
            return found, False
        if "hidden" in attrs or attrs.get("aria-hidden") == "true":
            return HIDDEN_RULE, False
        style = attrs.get("style")
        if style and "none" in style and "display:none" in style.replace(" ", "").lower():
            return HIDDEN_RULE, False
        names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        return (rules.container_by_class(names) if len(names) > 1 else None), True

    def leave(self) -> None:
        context = self.contexts.pop()
        if context.block:
            self.flush(context)
        elif context.link and self.contexts[-1].link != context.link:
            if self.markdown and self.markdown[-1] == LINK_OPEN:
                self.markdown.pop()  # a link with no text
            else:
                self.markdown.append(f"{LINK_MIDDLE}{context.link}{LINK_CLOSE}")

    def flush(self, context: _Context | None = None) -> None:
        if not self.parts:
            return
        context = context or self.contexts[-1]
        raw = "".join(self.parts)
        text = raw.strip("\n") if context.pre else " ".join(raw.split())
        if text:
            # The markdown holds the same parts plus link marks: no marks, the same text.
            plain = len(self.markdown) == len(self.parts) and not context.link
            markdown = raw if plain else "".join(self.markdown)
            if context.link:  # a block ended inside a link: close it
                markdown += f"{LINK_MIDDLE}{context.link}{LINK_CLOSE}"
            if not context.pre:
                markdown = text if plain else " ".join(markdown.split())
            self.page.blocks.append(
                Block(
                    text,
                    markdown,
                    context.element,
                    context.tag,
                    min(self.link_chars, len(text)),
                    context.heading,
                    context.item,
                    context.quote,
                    context.pre,
                )
            )
        self.parts.clear()
        self.markdown.clear()
        if context.link:
            self.markdown.append(LINK_OPEN)
        self.link_chars = 0


def read_blocks(root: LexborNode, rules: Rules) -> Page:
    """Blocks and element facts for the subtree at `root` (usually `<body>`)."""
    page_chars = len(root.text(deep=True, separator=" "))
    return _Walker(rules, page_chars).walk(root)
