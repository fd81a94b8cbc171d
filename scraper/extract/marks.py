"""The marks the DOM walk (`dom.py`) writes into a block's markdown for the renderer
(`markdown.py`, `pipetables.py`): control characters no page's text holds once read, and
none of them whitespace to `str.split`, which collapses a block's spaces."""

from __future__ import annotations

from typing import Final

__all__ = [
    "BOLD",
    "CARRIED",
    "CELL",
    "INSIDE_CELL",
    "ITEM",
    "LINK_CLOSE",
    "LINK_MIDDLE",
    "LINK_OPEN",
    "LIST",
    "MARKS",
    "OPENED",
    "QUOTE",
    "ROW",
    "TABLE",
    "TALL",
    "WIDE",
    "bolded",
    "carry",
    "end_cells",
    "opening",
    "unmarked",
    "unopened",
]

# A link: LINK_OPEN text LINK_MIDDLE href LINK_CLOSE.
LINK_OPEN: Final = "\x01"
LINK_MIDDLE: Final = "\x02"
LINK_CLOSE: Final = "\x03"
CELL: Final = "\x04"  # where a table cell starts
BOLD: Final = "\x05"  # around a paragraph set all in bold (an interview's question): `**`
# Where a list, a list item, a block quote, a table and a table row start, before the
# text of the first block in them, in the order they open: which list follows another,
# which quote follows another, which quotes an item is in, which rows are another table's,
# which line of a row broken by a <br> goes on with its row.
LIST: Final = "\x12"
ITEM: Final = "\x06"
QUOTE: Final = "\x07"
TABLE: Final = "\x11"
ROW: Final = "\x0e"
# After a cell's CELL, one per further column (WIDE) and row (TALL) the cell spans.
WIDE: Final = "\x0f"
TALL: Final = "\x10"
# Before a block of its own inside a table cell (a <p>, a list's item): a line of the cell.
INSIDE_CELL: Final = "\x13"
# By their tags.
OPENED: Final = {"ul": LIST, "ol": LIST, "li": ITEM, "blockquote": QUOTE, "table": TABLE, "tr": ROW}
_OPENINGS: Final = INSIDE_CELL + LIST + ITEM + QUOTE + TABLE + ROW
# The marks a block of no text passes on to the next (a cell's space before a <ul> in it).
MARKS: Final = _OPENINGS + CELL + WIDE + TALL
CARRIED: Final = frozenset(MARKS)
_CELLS: Final = frozenset(CELL + WIDE + TALL)


def bolded(marked: str) -> str:
    """A paragraph set all in bold: BOLD around its text, inside the marks it opens with."""
    start = len(marked) - len(marked.lstrip(MARKS))
    return f"{marked[:start]}{BOLD}{marked[start:]}{BOLD}"


def carry(markdown: list[str]) -> None:
    """Keep only the marks of a block's markdown read so far: no text came (a cell's space
    before a <p> in it), and the next block starts the cell, the row or the list."""
    markdown[:] = [part for part in markdown if part[:1] in CARRIED]


def end_cells(markdown: list[str]) -> str:
    """Take the marks of cells with no text (the last of a row) out of `markdown`; none
    at a table opened in a cell (its first row), which the cell holds: it goes on."""
    if markdown[-1] == TABLE:
        return ""
    ended = "".join(part for part in markdown if part[:1] in _CELLS)
    markdown[:] = [part for part in markdown if part[:1] not in _CELLS]
    return ended


def opening(markdown: str) -> str:
    """The marks (and spaces) a block's markdown starts with: the elements it starts."""
    if markdown[:1] > " ":  # (most blocks: every mark is a control character)
        return ""
    return markdown[: len(markdown) - len(markdown.lstrip(_OPENINGS + " "))]


def unopened(text: str) -> str:
    """`text` without marks of openings (a test per mark: a memchr, faster than translate)."""
    for mark in _OPENINGS:
        if mark in text:
            text = text.replace(mark, "")
    return text


def unmarked(text: str) -> str:
    """`text` without marks of openings and spans."""
    text = unopened(text)
    return text.replace(WIDE, "").replace(TALL, "") if WIDE in text or TALL in text else text
