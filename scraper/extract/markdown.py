"""Markdown for the article body: headings, lists, block quotes, code, links and bold
paragraphs.

The DOM walk (`dom.py`) keeps each block's text with marks (`marks.py`): its links
(`LINK_OPEN` text `LINK_MIDDLE` href `LINK_CLOSE`), the start of each table cell (`CELL`,
with its spans), a paragraph set all in bold (`BOLD`), and the list item, block quote or
table row it starts. `render` escapes only the blocks that are kept, turns the marks into
`[text](href)` and `**text**`, prefixes each block by its kind and by the quotes and list
items it is in, writes consecutive table rows as a pipe table (`pipetables.py`) and joins
them with blank lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import Final, NamedTuple, Protocol
from urllib.parse import urljoin

from .marks import (
    BOLD,
    CELL,
    ITEM,
    LINK_CLOSE,
    LINK_MIDDLE,
    LINK_OPEN,
    LIST,
    QUOTE,
    opening,
    unmarked,
    unopened,
)
from .pipetables import RowBlock, Rows, pipe_table, spans, tables

__all__ = [
    "BOLD",
    "CELL",
    "LINK_CLOSE",
    "LINK_MIDDLE",
    "LINK_OPEN",
    "continues_line",
    "escape",
    "link_target",
    "list_marker",
    "plain",
    "render",
    "spans",
]

# The characters `escape` marks, the backslash first: the others add backslashes.
_SPECIAL: Final = "\\`*_[]<>"
_LINK: Final = re.compile("\x02([^\x03]*)\x03")
_REFERENCE: Final = re.compile(r"&(?=#?\w+;)")  # a character reference: "&amp;", "&#39;"
_URL_BLANKS: Final = str.maketrans(dict.fromkeys("\t\n\r"))
_UNSAFE_SCHEMES: Final = ("javascript:", "data:", "vbscript:")
_SCHEME_CHARS: Final = max(map(len, _UNSAFE_SCHEMES))
# An absolute web address that `urljoin` returns unchanged, whatever the base: no
# whitespace, no empty "?" or "#" and no ";" in the path (which it may drop), no IPv6
# or user in the host.
_PLAIN_ABSOLUTE: Final = re.compile(
    r"https?://[^\s/?#\[\]@\\]+(?:/[^\s?#;]*)?(?:\?[^\s#]+)?(?:#\S+)?\Z"
)


class MarkdownBlock(RowBlock, Protocol):
    """What the renderer reads of a block (`page.Block`): a table's row's facts, and more."""

    @property
    def list_item(self) -> int: ...
    def _replace(self, *, item: str = "", list_item: int = -1) -> MarkdownBlock: ...


def escape(text: str) -> str:
    """Escape the characters that would turn plain text into markdown syntax."""
    # A test per character (a memchr in C) reads a paragraph faster than a regex scan,
    # and few texts hold any of them.
    for char in _SPECIAL:
        if char in text:
            text = text.replace(char, "\\" + char)
    if "&" in text:  # "&amp;" as the page shows it: a renderer would read "&"
        text = _REFERENCE.sub(r"\\&", text)
    return text


def link_target(href: str | None) -> str | None:
    """The href to write in a markdown link, or None for no link (empty, `#`, scripts)."""
    if not href:
        return None
    href = href.strip()
    # Lowered only as far as a scheme reaches, and copied only to escape: the walk reads
    # every link of a page, and their addresses are long. (Lowering never makes text
    # shorter, so the prefix of the lowered address is the lowered prefix.)
    if not href or href[0] == "#" or href[:_SCHEME_CHARS].lower().startswith(_UNSAFE_SCHEMES):
        return None
    if "\n" in href or "\t" in href or "\r" in href:  # a browser drops those of a wrapped href
        href = href.translate(_URL_BLANKS)
    if " " in href or "(" in href or ")" in href:
        href = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return href


def list_marker(outer: str, *, ordered: bool, start: int = 1) -> str:
    """A list item's marker, "1." (`start` of its list) or "-", indented under the item it
    is nested in (whose marker is `outer`, "" for none) as far as that item's text starts."""
    marker = f"{start}." if ordered else "-"
    return " " * (len(outer) + 1) + marker if outer else marker


_NUMBERED: Final = re.compile(r"\d+(?=[.)]\s)")
_BACKTICKS: Final = re.compile(r"`{3,}")


def _line_start(text: str) -> str:
    """Escape what markdown would read as a heading, list, quote or code fence at a line's
    start: "1984. That year…" is no list item ("1984\\. That year…")."""
    if text[:1] in "#>+-" or text.startswith("~~~"):
        return "\\" + text
    if text[:1].isdigit() and (number := _NUMBERED.match(text)):
        return f"{number.group()}\\{text[number.end() :]}"
    return text


def continues_line(previous: MarkdownBlock, block: MarkdownBlock) -> bool:
    """Whether `block` is the next line of the paragraph `previous` ends a line of."""
    return previous.line_end and previous.element == block.element


def plain(blocks: Sequence[MarkdownBlock]) -> str:
    """The blocks' text: paragraphs apart by a blank line, a paragraph's lines by a newline."""
    if not any(block.line_end for block in blocks):  # (most pages)
        return "\n\n".join(block.text for block in blocks)
    parts = [blocks[0].text]  # (a block has a line's end: there are blocks)
    for previous, block in pairwise(blocks):
        parts.append("\n" if continues_line(previous, block) else "\n\n")
        parts.append(block.text)
    return "".join(parts)


def render(blocks: Sequence[MarkdownBlock], base_url: str | None = None) -> str:
    """The blocks as one markdown document; relative links resolved against `base_url`.

    Blocks are separated by blank lines, except the lines of a paragraph (hard line
    breaks) and consecutive list items of one kind (a tight list); ordered items are
    numbered in sequence, the blocks of an item after its first are indented under it,
    and table rows make a pipe table.
    """
    out: list[str] = []
    items: list[_Item] = []  # the list items open, outermost first
    previous: MarkdownBlock | None = None
    for block, rows in tables(_unlisted(blocks)):
        opened = opening(rows[0] if rows else block.markdown)  # (a table's first line's)
        starts = _enter(items, block, opened)
        first, other = _prefixes(items, block.quote, starts)
        if previous is not None:
            if continues_line(previous, block) and not (rows or block.pre or block.heading):
                out.append("\\\n")  # a backslash at a line's end: a hard line break
                first = other
            elif starts and previous.item and _tight(previous.item, block.item):
                out.append("\n")
            elif items or previous.quote:
                quotes = min(previous.quote, block.quote - opened.count(QUOTE))
                out.append(f"\n{_blank(items, quotes, starts)}\n")
            else:  # (most blocks: a paragraph after a paragraph)
                out.append("\n\n")
        text = _written(block, rows, block.markdown[len(opened) :], base_url)
        out.append(_prefixed(text, first, other) if first or other else text)
        previous = block
    return "".join(out)


def _unlisted(blocks: Sequence[MarkdownBlock]) -> Sequence[MarkdownBlock]:
    """The blocks, those of a list item alone in its list and holding over half the text
    out of it: a template's one-item list around the story (its headline, its paragraphs)
    is no list, and would make the story one bullet."""
    sizes: dict[int, int] = {}  # per item of a list in no other: its own blocks' text
    total = 0
    for block in blocks:
        total += len(block.text)
        if block.item and block.item[0] != " ":
            sizes[block.list_item] = sizes.get(block.list_item, 0) + len(block.text)
    element, size = max(sizes.items(), key=lambda pair: pair[1], default=(-1, 0))
    if 2 * size <= total:  # (most pages: no item holds half the text)
        return blocks
    first = next(i for i, block in enumerate(blocks) if block.list_item == element)
    last = max(i for i, block in enumerate(blocks) if block.list_item == element)
    while last + 1 < len(blocks) and blocks[last + 1].item[:1] == " ":  # its nested lists
        last += 1
    before, after = blocks[first - 1 : first], blocks[last + 1 : last + 2]
    if (before and before[0].item and not _first_item(opening(blocks[first].markdown))) or (
        after and after[0].item and not _first_item(opening(after[0].markdown))
    ):
        return blocks  # an item of a list of more
    indent = len(blocks[first].item) + 1  # (nested items are indented under it)
    return [
        *blocks[:first],
        *(
            block._replace(item="", list_item=-1)
            if block.list_item == element
            else block._replace(item=block.item[indent:])
            for block in blocks[first : last + 1]
        ),
        *blocks[last + 1 :],
    ]


def _written(block: MarkdownBlock, rows: Rows | None, markdown: str, base_url: str | None) -> str:
    """A block (or the table it starts) as markdown, without the quotes and items it is in."""
    if rows:
        return pipe_table(rows, lambda row: _links(escape(row), base_url))
    if block.pre:  # (a fence longer than any run of backticks in the code)
        fence = "`" * max(3, max(map(len, _BACKTICKS.findall(block.text)), default=0) + 1)
        return f"{fence}\n{block.text}\n{fence}"
    markdown = unopened(markdown)  # (blocks joined: marks inside)
    body = _links(escape(_uncelled(markdown)), base_url).replace(BOLD, "**")
    return "#" * block.heading + " " + body if block.heading else _line_start(body)


class _Item(NamedTuple):
    """A list item open: its blocks' `item` (its list's first marker, indented by its
    depth) and `list_item` (its element), the block quotes its list is in, and its own
    marker as written ("10. ")."""

    item: str
    element: int
    quotes: int
    marker: str


def _enter(items: list[_Item], block: MarkdownBlock, opened: str) -> bool:
    """Close the list items `block` is not in and open the one it starts, if it starts
    one (in `items`); whether it does. The blocks of one item after its first
    (paragraphs, code, quotes, lines after a nested list) go on in it."""
    if not block.item:
        items.clear()
        return False
    level = next((i for i in range(len(items) - 1, -1, -1) if items[i].item == block.item), -1)
    if level >= 0:
        del items[level + 1 :]  # back out of the lists nested in it
        item = items[level]
        if block.list_item == item.element:
            return False
        if _first_item(opened):  # a list of its own, which CommonMark would join on
            marker = _other_marker(item.marker, block.item)
        elif item.marker[0] in "-*":
            marker = item.marker
        else:
            marker = f"{int(item.marker[:-2]) + 1}{item.marker[-2:]}"
        items[level] = item._replace(element=block.list_item, marker=marker)
        return True
    depth = _depth(block.item)
    while items and _depth(items[-1].item) >= depth:
        items.pop()
    # The quotes opened after the item are inside it; those before, around its list.
    inside = opened[opened.rindex(ITEM) :].count(QUOTE) if ITEM in opened else 0
    first = block.item.lstrip()
    marker = f"{first} " if first[-1] == "." else "- "
    items.append(_Item(block.item, block.list_item, max(0, block.quote - inside), marker))
    return True


def _first_item(opened: str) -> bool:
    """Whether the list item a block starts is its list's first (a list opened with it)."""
    marks = opened.replace(" ", "")
    return marks.rfind(LIST + ITEM) == marks.rfind(ITEM) - 1 >= 0


def _other_marker(marker: str, item: str) -> str:
    """A list's first marker, unlike that of the list of one kind before it ("- " then
    "* ", "1. " then "1) "): CommonMark starts a new list only where the marker changes."""
    if marker[0] in "-*":
        return "* " if marker[0] == "-" else "- "
    return item.lstrip()[:-1] + (")" if marker[-2] == "." else ".") + " "


def _prefixes(items: Sequence[_Item], quotes: int, starts: bool) -> tuple[str, str]:
    """What comes before a block's first line and before its others: the quotes and list
    items it is in, its own item's marker if it starts it."""
    if not items:
        return ("> " * quotes,) * 2
    first, other, depth = "", "", 0
    for item in items:
        if item.quotes > depth:
            quoted = "> " * (item.quotes - depth)
            first, other, depth = first + quoted, other + quoted, item.quotes
        indent = " " * len(item.marker)
        first += item.marker if starts and item is items[-1] else indent
        other += indent
    inner = "> " * max(0, quotes - depth)
    return first + inner, other + inner


def _blank(items: Sequence[_Item], quotes: int, starts: bool) -> str:
    """The blank line before a block: inside the quotes (`quotes` deep) and items it
    goes on in, not those it opens (two quotes in a row are two)."""
    if starts:
        items, quotes = items[:-1], min(quotes, items[-1].quotes)
    return _prefixes(items, max(0, quotes), False)[1].rstrip()


def _prefixed(text: str, first: str, other: str) -> str:
    lines = text.split("\n")
    rest = [other + line if line else other.rstrip() for line in lines[1:]]
    return "\n".join([first + lines[0], *rest])


def _tight(previous: str, item: str) -> bool:
    """Whether an item goes on a list (or one nested in it) right after an item's line:
    an ordered list and a bullet list after it are two lists."""
    return item == previous or _depth(item) != _depth(previous)


def _uncelled(markdown: str) -> str:
    """A block's markdown without the marks of the table cells it spans."""
    if CELL not in markdown:
        return markdown
    return " ".join(unmarked(markdown.replace(CELL, " ")).split())


def _depth(item: str) -> int:
    return len(item) - len(item.lstrip(" "))


def _links(text: str, base_url: str | None) -> str:
    if LINK_OPEN not in text and LINK_MIDDLE not in text:  # most blocks hold no link
        return text
    if "!" + LINK_OPEN in text:  # "Jeopardy!" before a link is no image's "!["
        text = text.replace("!" + LINK_OPEN, "\\!" + LINK_OPEN)
    if base_url:
        text = _LINK.sub(lambda m: f"]({_resolve(base_url, m.group(1))})", text)
    else:
        text = _LINK.sub(r"](\1)", text)
    return text.replace(LINK_OPEN, "[")


def _resolve(base: str, href: str) -> str:
    if _PLAIN_ABSOLUTE.match(href):  # most links: `urljoin` would give them back as they are
        return href
    try:
        return urljoin(base, href)
    except ValueError:  # a malformed base or href: keep it as written
        return href
