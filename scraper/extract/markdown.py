"""Markdown for the article body: headings, lists, block quotes, code, links and bold
paragraphs.

The DOM walk (`dom.py`) keeps each block's text with its links marked by three control
characters (`LINK_OPEN` text `LINK_MIDDLE` href `LINK_CLOSE`), the start of each table
cell by a fourth (`CELL`) and a paragraph set all in bold by a fifth around it (`BOLD`);
`render` escapes only the blocks that are kept, turns the marks into `[text](href)` and
`**text**`, prefixes each block by its kind, writes consecutive table rows as a pipe
table and joins them with blank lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise
from typing import Protocol
from urllib.parse import urljoin

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
]

LINK_OPEN, LINK_MIDDLE, LINK_CLOSE, CELL = "\x01", "\x02", "\x03", "\x04"
BOLD = "\x05"  # around a paragraph set all in bold (an interview's question): `**`

# The characters `escape` marks, the backslash first: the others add backslashes.
_SPECIAL = "\\`*_[]<>"
_LINK = re.compile("\x02([^\x03]*)\x03")
_UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")
_SCHEME_CHARS = max(map(len, _UNSAFE_SCHEMES))
# An absolute web address that `urljoin` returns unchanged, whatever the base: no
# whitespace, no empty "?" or "#" and no ";" in the path (which it may drop), no IPv6
# or user in the host.
_PLAIN_ABSOLUTE = re.compile(r"https?://[^\s/?#\[\]@\\]+(?:/[^\s?#;]*)?(?:\?[^\s#]+)?(?:#\S+)?\Z")


class MarkdownBlock(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def markdown(self) -> str: ...
    @property
    def tag(self) -> str: ...
    @property
    def element(self) -> int: ...
    @property
    def line_end(self) -> bool: ...
    @property
    def heading(self) -> int: ...
    @property
    def item(self) -> str: ...
    @property
    def quote(self) -> bool: ...
    @property
    def pre(self) -> bool: ...


def escape(text: str) -> str:
    """Escape the characters that would turn plain text into markdown syntax."""
    # A test per character (a memchr in C) reads a paragraph faster than a regex scan,
    # and few texts hold any of them.
    for char in _SPECIAL:
        if char in text:
            text = text.replace(char, "\\" + char)
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
    if " " in href or "(" in href or ")" in href:
        href = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return href


def list_marker(outer: str, *, ordered: bool, start: int = 1) -> str:
    """A list item's marker, "1." (`start` of its list) or "-", indented under the item it
    is nested in (whose marker is `outer`, "" for none) as far as that item's text starts."""
    marker = f"{start}." if ordered else "-"
    return " " * (len(outer) + 1) + marker if outer else marker


def _prefix(block: MarkdownBlock, number: int) -> str:
    if block.heading:
        return "#" * block.heading + " "
    if block.item.endswith("."):  # the list's first number, then counted on
        first = block.item.lstrip()
        indent = block.item[: len(block.item) - len(first)]
        return f"{indent}{int(first[:-1]) + number - 1}. "
    if block.item:
        return block.item + " "
    return ""


_NUMBERED = re.compile(r"\d+(?=[.)]\s)")
_BACKTICKS = re.compile(r"`{3,}")


def _line_start(text: str) -> str:
    """Escape what markdown would read as a heading, list or quote at a line's start:
    "1984. That year…" is no list item ("1984\\. That year…")."""
    if text[:1] in "#>+-":
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


def render(blocks: Iterable[MarkdownBlock], base_url: str | None = None) -> str:
    """The blocks as one markdown document; relative links resolved against `base_url`.

    Blocks are separated by blank lines, except the lines of a paragraph (hard line
    breaks) and consecutive list items of one kind (a tight list); ordered items are
    numbered in sequence, and table rows make a pipe table.
    """
    out: list[str] = []
    previous_item, previous_quote = "", False
    previous: MarkdownBlock | None = None
    numbers: dict[str, int] = {}  # per marker of the list items open: the last number
    for block, rows in _tables(blocks):
        item, number = block.item, 0
        if item:
            if len(item) < len(previous_item):  # back out of nested lists
                numbers = {marker: n for marker, n in numbers.items() if len(marker) <= len(item)}
            number = numbers[item] = numbers.get(item, 0) + 1
        elif numbers:
            numbers = {}
        if rows:
            text = _pipe_table(rows, base_url)
        elif block.pre:  # (a fence longer than any run of backticks in the code)
            fence = "`" * max(3, max(map(len, _BACKTICKS.findall(block.text)), default=0) + 1)
            text = f"{fence}\n{block.text}\n{fence}"
        else:
            body = _links(escape(_uncelled(block.markdown)), base_url).replace(BOLD, "**")
            prefix = _prefix(block, number)
            text = prefix + (body if prefix else _line_start(body))
        if block.quote:
            text = "\n".join("> " + line for line in text.split("\n"))
        if previous is not None:
            broken = continues_line(previous, block) and not (rows or block.pre or block.heading)
            if broken and not item:
                out.append("\\\n")  # a backslash at a line's end: a hard line break
            else:  # (most blocks: a paragraph after a paragraph)
                quoted = block.quote and previous_quote
                out.append(_separator(item, previous_item, quoted) if item or quoted else "\n\n")
        out.append(text)
        previous, previous_item, previous_quote = block, item, block.quote
    return "".join(out)


_Rows = list[MarkdownBlock]


def _tables(blocks: Iterable[MarkdownBlock]) -> Iterator[tuple[MarkdownBlock, _Rows | None]]:
    """Each block, with the rows of the table it starts if it is a table's first row; the
    other rows of that table are not given again. A table is two rows or more in a row,
    one of two cells or more: a single row of cells is a layout's line."""
    rows: _Rows = []
    for block in blocks:
        if block.tag == "tr" and CELL in block.markdown and not block.pre:
            rows.append(block)
            continue
        yield from _table_or_lines(rows)
        rows = []
        yield block, None
    yield from _table_or_lines(rows)


def _table_or_lines(rows: _Rows) -> Iterator[tuple[MarkdownBlock, _Rows | None]]:
    if len(rows) > 1 and any(row.markdown.count(CELL) > 1 for row in rows):
        yield rows[0], rows
    else:
        yield from ((row, None) for row in rows)


def _pipe_table(rows: _Rows, base_url: str | None) -> str:
    """Rows as a pipe table, the first as its header (a pipe table always has one)."""
    table = []
    for row in rows:
        # (Pipes escaped in links too: a table's row ends at any bare one.)
        body = _links(escape(row.markdown).replace("|", "\\|"), base_url)
        cells = [cell.strip() for cell in body.split(CELL)]
        table.append(cells if cells[0] else cells[1:])  # (text before the first cell)
    width = max(map(len, table))
    lines = ["| " + " | ".join(cells + [""] * (width - len(cells))) + " |" for cells in table]
    lines.insert(1, "|" + " --- |" * width)
    return "\n".join(lines)


def _uncelled(markdown: str) -> str:
    """A block's markdown without the marks of the table cells it spans."""
    return " ".join(markdown.replace(CELL, " ").split()) if CELL in markdown else markdown


def _separator(item: str, previous_item: str, quoted: bool) -> str:
    """Between two blocks: a line break between items of one list, or an item and those
    nested in it (a tight list); a quoted blank line inside a quote; else a blank line."""
    if item and previous_item and (item == previous_item or _depth(item) != _depth(previous_item)):
        return "\n"
    return "\n>\n" if quoted else "\n\n"


def _depth(item: str) -> int:
    return len(item) - len(item.lstrip(" "))


def _links(text: str, base_url: str | None) -> str:
    if LINK_OPEN not in text and LINK_MIDDLE not in text:  # most blocks hold no link
        return text
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
