"""Read a parsed page as a flat list of text blocks, in one pass over the tree.

`read_blocks` walks the DOM once (iteratively: a page may nest 100 000 elements) and
returns what the body finder needs and nothing more:

- `Block`s: paragraph-level runs of text (a `<p>`, a heading, a list item, the text of
  a `<div>` between its child blocks, a line ended by `<br>`), with their length of link
  text, their inline markdown, and the innermost element they sit in;
- for every element, in document order: its parent, the boilerplate container rule its
  tag/role/class/id matches (if any) and whether it hints at the article body: an
  `<article>` (`ARTICLE`), or an element marked as the article's text (`MARKED`,
  `itemprop="articleBody"`).

Subtrees that their tag or role marks as boilerplate (`<nav>`, a page's `<footer>`) are
not walked but measured in C (`node.text()`) and kept as one block; inline elements
(`<span>`, `<b>`...) get no element of their own. Everything later is arithmetic over
these lists, so no subtree is read twice.
"""

from __future__ import annotations

from typing import Final

from selectolax.lexbor import LexborNode

from .contexts import Context, Contexts, list_item
from .elements import (
    BLOCK_TAGS,
    BODY_HINTS,
    CELL_TAGS,
    HIDDEN_RULE,
    RULE_ATTRIBUTES,
    TEXT_NODE,
    after_parenthesis,
    attribute_names,
    attribute_rule,
    figure_content,
    heading_mark,
    in_page,
    signup_form,
    story_box,
)
from .inline import BOLD_TAGS, bold_paragraph, caption, note_mark, question, set_apart
from .markdown import CELL, LINK_CLOSE, LINK_MIDDLE, LINK_OPEN, link_target, spans
from .marks import INSIDE_CELL, OPENED, bolded, carry, end_cells
from .page import ARTICLE, MARKED, Block, Page, column
from .pruning import Pruner
from .rules import Rules
from .walkcodes import (
    BREAK,
    BUTTON,
    CELL_KIND,
    ELEMENT,
    FORM,
    INLINE,
    LINK,
    NAMED,
    OPEN,
    READING,
    SPAN,
    action_of,
)

__all__ = ["read_blocks"]

_BUTTON_CHARS: Final = 24  # the most text a button written as a link to nowhere holds
# Format characters that are not whitespace to `str.split`: zero-width spaces and joiners,
# word joiner, byte-order mark, soft hyphen.
_INVISIBLE: Final = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


_new_tuple = tuple.__new__


class _Walker:
    def __init__(self, rules: Rules, root: LexborNode, walked: str | None = None) -> None:
        self.rules = rules
        self.walked = walked  # a rule whose boxes are read as text all the same
        self.junk = frozenset(rules.junk_tags)
        self.root = root
        self.pruner = Pruner(root)
        self.page = page = Page()
        self.blocks, self.parents, self.hints = page.blocks, page.parents, page.hints
        self.page_contexts = Contexts(rules)
        # The contexts of the open elements: never empty, the walk closes only what it opened.
        self.contexts = [self.page_contexts.body]
        self.elements = [-1]  # the index of each open element, beside its context
        self.parts: list[str] = []
        self.markdown: list[str] = []
        self.link_chars = 0
        self.link: str | None = None  # the href of the link around the text, if any
        # The hrefs of the links open around the text, each with the link text before it.
        self.links: list[tuple[str | None, int]] = []
        # Per open element with a class or id: its names (class and id), its class
        # attribute, and the number of blocks read before it.
        self.named: dict[int, tuple[str, str | None, int]] = {}
        self.cells: dict[int, int] = {}  # per table cell: the number of blocks read before it
        # Tag names and actions by Lexbor's tag id (an int: no string built), per page:
        # custom elements get their ids in the order of use.
        self.actions: dict[int, tuple[str, int]] = {}
        self.bold = -2  # the paragraph set all in bold, read last (-2: none)

    def walk(self) -> Page:
        """Every node in document order, by `first_child` and `next`: one node object per
        step and no list of children. One loop, as it runs for every node of the page."""
        root = node = self.root
        ancestors: list[tuple[LexborNode, int]] = []  # whose children are read, and kind
        parts, markdown = self.parts, self.markdown
        contexts, elements = self.contexts, self.elements
        # (`self.enter`, not a bound method held in a local: compiled, a method of the
        # class is a direct call, a bound method a generic one through its wrapper.)
        actions = self.actions
        while True:
            tag_id = node.tag_id
            if tag_id == TEXT_NODE:  # the hot path, inlined
                if node.is_empty_text_node:  # markup's indentation: tested without decoding
                    if parts:  # a space between inline elements
                        text = node.text_content
                        if text:
                            parts.append(text)
                            markdown.append(text)
                else:
                    text = node.text_content
                    if text and (parts or not text.isspace()):
                        parts.append(text)
                        markdown.append(text)
                        if self.link is not None:
                            self.link_chars += len(text.strip())
            else:
                tag, action = actions[tag_id] if tag_id in actions else self.action(node, tag_id)
                if action == OPEN:
                    kind = self.enter(node, tag)  # None: pruned as boilerplate
                elif action == INLINE or (action == SPAN and not caption(node, self.rules)):
                    # No element of its own: its text joins the block.
                    kind = INLINE
                    if not parts:  # (opening a block)
                        if tag in BOLD_TAGS and bold_paragraph(node):
                            self.bold = elements[-1]
                    elif tag == "span" and set_apart(node, parts[-1]):  # (a word would run on)
                        parts.append(" ")
                        markdown.append(" ")
                elif action == READING:  # read only as a name's, in parentheses
                    kind = self.enter(node, tag) if after_parenthesis(node) else None
                elif action == BUTTON:  # junk, but for an accordion's question
                    kind = INLINE if question(node) else None
                elif action == SPAN:  # a caption: a box of its own, read as a <div> is
                    kind = self.enter(node, "div")
                elif action == FORM:
                    kind = self.enter(node, tag)
                    if kind is not None and signup_form(node):
                        self.page.forms.append(len(self.parents) - 1)
                else:
                    if action == BREAK:
                        self.line_break()
                    kind = None
                if kind is not None:
                    child = node.first_child
                    if child is not None:
                        ancestors.append((node, kind))
                        node = child
                        continue
                    if kind:
                        self.leave(kind)
            # On to the next node, closing the elements whose children are all read.
            while node is not root:
                following = node.next
                if following is not None:
                    node = following
                    break
                node, kind = ancestors.pop()
                if kind == LINK:
                    self.leave(kind)
                elif kind:  # `leave`, inlined for elements: the commonest
                    context, element = contexts.pop(), elements.pop()
                    if parts and (context.block or (kind & CELL_KIND and self.column(element))):
                        self.flush(context, element)
                    if kind & NAMED == NAMED:
                        self.name_rule(element)
            else:
                break
        if parts:
            self.flush()
        return self.page

    def action(self, node: LexborNode, tag_id: int) -> tuple[str, int]:
        """The tag name and what to do with it, for the first element with this id."""
        tag = node.tag or ""
        action = action_of(tag, self.junk)
        self.actions[tag_id] = tag, action
        return tag, action

    def enter(self, node: LexborNode, tag: str) -> int | None:
        """Open an element (or a link); None when its subtree is pruned."""
        if tag == "a":  # a link is no element of its own either, but it changes the text
            href = node.attrs.get("href")
            if (
                href
                and href[0] == "#"
                and (note_mark(node) or (self.contexts[-1].heading and heading_mark(node)))
            ):
                return None  # a footnote's number, a heading's "#": no word of the text
            self.links.append((self.link, self.link_chars))
            # A link to nowhere ("#", a script) with a button's few words is link text
            # still, but no markdown link ("": no target); one around more words (an
            # accordion's question) is text. A link to a place in the page (a footnote,
            # a table of contents) or an <a> with no href is in the text.
            self.link = link_target(href) or (None if in_page(href) else "")
            if self.link:
                self.markdown.append(LINK_OPEN)
            return LINK
        parent = self.contexts[-1]
        index = len(self.parents)
        self.parents.append(self.elements[-1])
        attrs = node.attributes
        rule = parent.tag_rules.get(tag)
        names = ""
        if rule is None and attrs:
            special = not RULE_ATTRIBUTES.isdisjoint(attrs)  # most have none: spare the calls
            if special:
                rule = attribute_rule(attrs, self.rules)
            if rule is None:
                names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
                if special and (given := attribute_names(attrs)):
                    names = f"{names} {given}"
        if rule and (
            (tag == "aside" and parent.article and story_box(node, attrs))
            or (tag == "figure" and figure_content(node))
        ):
            rule = None  # weighed as any text of the story
        self.page.rules.append(rule)
        # A subtree that its tag or role marks as boilerplate is skipped, its text one block
        # (`pruning.py`); class names, and hidden elements (a paywall may hide the article
        # itself), are weighed later, with the prose.
        if rule and rule != HIDDEN_RULE and rule != self.walked:
            cut = self.pruner.cut(node, self.parents[index], parent.article)
            if cut is not None:
                self.flush()
                self.blocks.append(Block(cut.text, "", index, tag, cut.link_chars))
                self.hints.append(0)
                return None
        itemprop = attrs.get("itemprop")
        marked = itemprop is not None and itemprop.lower() in BODY_HINTS
        # A paragraph marked as the article's body is one of several such, not an article.
        hint = ARTICLE if tag == "article" else MARKED if marked and tag != "p" else 0
        self.hints.append(hint)
        if hint == ARTICLE and attrs:
            self.page.article_attributes[index] = attrs
        cell = 0
        if tag in BLOCK_TAGS:
            if self.parts:
                self.flush()
            if CELL in self.markdown and (tag == "tr" or not parent.holds_lines()):  # (row ended)
                self.ended_cells()
            if tag in OPENED:  # an item, quote, table or row: marked where its text starts
                at = len(self.markdown) - (self.markdown[-1:] == [LINK_OPEN])  # (before a link)
                self.markdown.insert(at, OPENED[tag])
        elif tag in CELL_TAGS:  # keep the cells of a row apart (and mark them in markdown)
            self.parts.append(" ")
            self.markdown += (" ", CELL)
            if "colspan" in attrs or "rowspan" in attrs:
                self.markdown.append(spans(attrs.get("colspan"), attrs.get("rowspan")))
            self.cells[index], cell = len(self.blocks), CELL_KIND
        context = self.page_contexts.opened(node, tag, parent, marked)
        self.contexts.append(context)
        self.elements.append(index)
        if len(names) > 1:
            # Class names and id are weighed later, with the prose: only an element that
            # holds text needs their rule, looked up when it closes (a page brings dozens
            # of class names never seen, each a search).
            self.named[index] = names, attrs.get("class"), len(self.blocks)
            return NAMED | cell
        return ELEMENT | cell

    def leave(self, kind: int) -> None:
        if kind != LINK:
            context, element = self.contexts.pop(), self.elements.pop()
            if self.parts and (context.block or (kind & CELL_KIND and self.column(element))):
                self.flush(context, element)
            if kind & NAMED == NAMED:
                self.name_rule(element)
            return
        link, (self.link, before) = self.link, self.links.pop()
        if link == "" and self.link_chars - before > _BUTTON_CHARS:
            self.link_chars = before  # a script's link around a question, not a button
        if link and self.link != link:
            if self.markdown and self.markdown[-1] == LINK_OPEN:
                self.markdown.pop()  # a link with no text
            else:
                self.markdown.append(f"{LINK_MIDDLE}{link}{LINK_CLOSE}")

    def column(self, cell: int) -> bool:
        """Whether a closing table cell is a layout's column (`page.column`)."""
        return column(self.blocks, self.cells[cell])

    def ended_cells(self) -> None:
        """Put the marks of a row's last cells, which held no text, on its last block."""
        ended = end_cells(self.markdown)
        if self.blocks:
            self.blocks[-1] = self.blocks[-1]._replace(markdown=self.blocks[-1].markdown + ended)

    def name_rule(self, index: int) -> None:
        """The rule of a closed element's class names or id, if text was read in it."""
        names, classes, blocks_before = self.named.pop(index)
        if len(self.blocks) > blocks_before:
            rule = self.rules.container_by_class(names)
            if rule:
                self.page.rules[index] = rule
                if classes:
                    self.page.classes[index] = classes

    def line_break(self) -> None:
        """End a line (a <br>): the block read so far, as a line of its paragraph. A second
        <br> in a row ends the paragraph (an old CMS's way to write one)."""
        if self.parts:
            self.flush(line_end=True)
        elif self.blocks and self.blocks[-1].line_end:
            self.blocks[-1] = self.blocks[-1]._replace(line_end=False)

    def flush(
        self, context: Context | None = None, element: int | None = None, line_end: bool = False
    ) -> None:
        """End the block of text read so far. A link may wrap whole blocks (a teaser's
        headline and summary): each ends inside it, and the next starts inside it."""
        parts, markdown, link = self.parts, self.markdown, self.link
        if not parts:
            return
        opens = context is None  # (a block opens inside the open element: no text, its marks)
        if context is None or element is None:  # the open element's
            context, element = self.contexts[-1], self.elements[-1]
        pre = context.pre
        raw = "".join(parts)
        if pre:
            text = raw.strip("\n")
        elif raw.isprintable() and "  " not in raw and raw[:1] != " " and raw[-1:] != " ":
            # Nothing to collapse (most blocks): spaces, the only printable whitespace,
            # are single and inside. Cheaper than split and join.
            text = raw
        else:  # a block of only zero-width spaces (an editor's empty line) is none
            text = " ".join(raw.split()).strip(_INVISIBLE)
        if text:
            size = len(text)
            if size == 1:  # a drop cap, maybe (see `page.join_initials`)
                self.page.initials = True
            # The markdown holds the same parts plus link marks: no marks, the same text.
            if link or len(markdown) != len(parts):
                marked = "".join(markdown)
                if link:  # a block ended inside a link: close it
                    marked += f"{LINK_MIDDLE}{link}{LINK_CLOSE}"
                if not pre:
                    marked = " ".join(marked.split()).strip(_INVISIBLE)
            else:
                marked = raw if pre else text
            if element == self.bold:
                marked = bolded(marked)
            if context.cells:  # (a line of a cell, or a row of a table in one)
                marked = INSIDE_CELL * context.cells + marked
            # Made as a plain tuple is, all fields given: `Block(...)` runs Python code.
            self.blocks.append(
                _new_tuple(
                    Block,
                    (
                        text,
                        marked,
                        element,
                        context.tag,
                        min(self.link_chars, size),
                        context.heading,
                        context.item,
                        context.quote,
                        pre,
                        line_end,
                        list_item(self.contexts, self.elements, context, element)
                        if context.item
                        else -1,
                    ),
                )
            )
        parts.clear()
        if opens and not text:  # (a cell's space before its <p>: its marks go on)
            carry(markdown)
        else:
            markdown.clear()
        if link:
            markdown.append(LINK_OPEN)
        self.link_chars = 0


def read_blocks(root: LexborNode, rules: Rules, walked: str | None = None) -> Page:
    """Blocks and element facts for the subtree at `root` (usually `<body>`); the boxes
    of the `walked` rule read block by block, not pruned (a gallery's captions)."""
    return _Walker(rules, root, walked).walk()
