"""Pipe tables for the markdown (`markdown.render`): the rows of a table, each with its
lines (broken by `<br>`, or blocks of their own in a cell: paragraphs, list items) joined
again, and its cells placed under the columns they sit in, spanned cells (`colspan`,
`rowspan`) followed by empty ones."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol, TypeVar

from .marks import CELL, INSIDE_CELL, ITEM, MARKS, ROW, TABLE, TALL, WIDE, opening, unopened

__all__ = ["RowBlock", "Rows", "pipe_table", "spans", "tables"]

LINE = "\n"  # a row's lines joined again: one cell's line break (a `<br>`)
_LINE_CHARS = 80  # a paragraph's length, more than a line of a data cell holds
_MOST_SPANNED = 50  # a "colspan=1000" of a layout is not a thousand columns
# Wider than this with its spans (and than its widest row without them), a table's spans
# are a layout's: cells pushed right past the rows above would make its markdown grow as
# rows x cells x spans. Its cells are then placed one a column, as many as the page has.
_MOST_COLUMNS = 64


class RowBlock(Protocol):
    """What a pipe table reads of a block (`page.Block`): a row of it, or not."""

    @property
    def text(self) -> str: ...
    @property
    def markdown(self) -> str: ...
    @property
    def heading(self) -> int: ...
    @property
    def tag(self) -> str: ...
    @property
    def element(self) -> int: ...
    @property
    def line_end(self) -> bool: ...
    @property
    def pre(self) -> bool: ...
    @property
    def item(self) -> str: ...
    @property
    def quote(self) -> int: ...


Rows = list[str]  # the markdown of each row of a table
B = TypeVar("B", bound=RowBlock)


def spans(columns: str | None, rows: str | None) -> str:
    """The marks of a cell's `colspan` and `rowspan` attributes (each "1" if not a number)."""
    return WIDE * (_span(columns) - 1) + TALL * (_span(rows) - 1)


def _span(value: str | None) -> int:
    value = (value or "").strip()
    return min(int(value), _MOST_SPANNED) if value.isdigit() and int(value) > 0 else 1


def tables(blocks: Iterable[B]) -> Iterator[tuple[B, Rows | None]]:
    """Each block, with the rows of the table it starts if it is a table's first row; the
    other rows of that table are not given again. A table is two rows or more in a row,
    one of two cells or more: a single row of cells is a layout's line. A `<br>` in a
    cell ended a line, and a cell's paragraph or list item is a line of its own: the row
    goes on in the next block, which no ROW mark starts. A paragraph's length in a cell
    (or a heading) is a layout's column, not a line: it ends the table."""
    rows: list[list[B]] = []  # the lines of each row
    depth = 0  # the cells the table is in (a layout's)
    for block in blocks:
        markdown = block.markdown
        opened = opening(markdown)
        cells = len(opened) - len(opened.lstrip(INSIDE_CELL))  # (the cells it is in)
        row = block.tag == "tr" and not block.pre
        if not row and cells and len(block.text) < _LINE_CHARS and not block.heading:
            row, cells = True, cells - 1  # a line of a cell, in a row in one cell fewer
        if row:
            if rows and cells == depth and ROW not in opened and _goes_on(rows[-1][-1], block):
                rows[-1].append(block)
                continue
            if CELL in markdown and (block.tag == "tr" or ROW in opened):
                if TABLE in opened or cells != depth or not rows:  # (another table)
                    yield from _table_or_lines(rows)
                    rows, depth = [], cells
                rows.append([block])
                continue
        yield from _table_or_lines(rows)
        rows = []
        yield block, None
    yield from _table_or_lines(rows)


def _goes_on(line: RowBlock, block: RowBlock) -> bool:
    """Whether a row goes on in `block` after this line of it: a <br> ended the line, or
    `block` is a line of the cell the line left open (its next block in the cell, or its
    first), or starts the next cell. (A line the body left out takes its marks with it:
    a line after a row's whole last cell is no line of it.)"""
    if line.line_end:
        return True
    if block.tag == "tr":  # (the row's next cells, after a cell's lines)
        return line.tag != "tr"
    return line.tag != "tr" or CELL in block.markdown or _open_cell(line.markdown)


def _open_cell(markdown: str) -> bool:
    """Whether a row's line ends with a cell that holds no text yet (its blocks follow)."""
    return markdown.rstrip(WIDE + TALL + " ").endswith(CELL)


def _line(block: RowBlock) -> str:
    """A row's line as markdown: a list item in a cell marked "• ", as a cell holds no list."""
    markdown = block.markdown
    if block.tag == "tr":
        return markdown
    start = len(markdown) - len(markdown.lstrip(MARKS))
    if ITEM not in markdown[markdown.rfind(CELL, 0, start) + 1 : start]:
        return markdown  # (an item opened before the cell is the table's)
    return f"{markdown[:start]}• {markdown[start:]}"


def _columns(row: list[B]) -> int:
    return sum(line.markdown.count(CELL) + line.markdown.count(WIDE) for line in row)


def _table_or_lines(rows: list[list[B]]) -> Iterator[tuple[B, Rows | None]]:
    """A table (its first line's marks open it, and its lines' rows), or its lines; the
    block given with a table is a line of it in the lists and quotes the table is in. A
    table with lines of cells whose rows have not as many cells each (a cell's line that
    the body left out) is given as lines: its cells would stand under other columns."""
    if len(rows) < 2 or all(sum(line.markdown.count(CELL) for line in row) < 2 for row in rows):
        yield from ((block, None) for row in rows for block in row)
        return
    lines = [line for row in rows for line in row]
    if any(line.tag != "tr" for line in lines) and len(set(map(_columns, rows))) > 1:
        yield from ((block, None) for block in lines)
        return
    table = next((line for line in lines if line.tag == "tr"), None)
    yield table or min(lines, key=_nesting), [LINE.join(map(_line, row)) for row in rows]


def _nesting(line: RowBlock) -> tuple[int, int]:
    return line.quote, len(line.item)


def pipe_table(rows: Rows, cell_text: Callable[[str], str]) -> str:
    """Rows as a pipe table, the first as its header (a pipe table always has one);
    `cell_text` escapes a row's markdown and writes its links."""
    cells = [cell_text(unopened(row)).replace("|", "\\|").split(CELL) for row in rows]
    table = _placed(cells, max(_MOST_COLUMNS, *map(len, cells)))
    if table is None:
        table = _placed([[_unspanned(cell) for cell in row] for row in cells], None)
        assert table is not None  # (no spans: no limit)
    width = max(map(len, table))
    lines = ["| " + " | ".join(cells + [""] * (width - len(cells))) + " |" for cells in table]
    lines.insert(1, "|" + " --- |" * width)
    return "\n".join(lines)


def _placed(rows: Sequence[list[str]], most: int | None) -> list[list[str]] | None:
    """Each row's cells under their columns: a cell spanning columns is followed by empty
    cells, and one spanning rows leaves an empty cell in its column of the rows below.
    None if a row comes out wider than `most` columns."""
    below: dict[int, int] = {}  # per column: the rows a cell above still spans
    table = []
    for cells in rows:
        line: list[str] = []
        for index, cell in enumerate(cells):
            if index == 0 and not cell.strip():  # (text before the first cell)
                continue
            _covered(line, below)
            wide, tall = cell.count(WIDE), cell.count(TALL)
            if wide or tall:
                cell = _unspanned(cell)
                for column in range(len(line), len(line) + wide + 1):
                    below[column] = tall
            line.append(_cell(cell))
            line += [""] * wide
        end = max((column + 1 for column, left in below.items() if left), default=0)
        while len(line) < end:
            _covered(line, below)
            if len(line) < end:
                line.append("")
        if most is not None and len(line) > most:
            return None
        table.append(line)
    return table


def _unspanned(cell: str) -> str:
    return cell.replace(WIDE, "").replace(TALL, "") if WIDE in cell or TALL in cell else cell


def _cell(cell: str) -> str:
    """A cell's text, its lines apart by a `<br>` (one break, a markdown table's only way)."""
    if LINE not in cell:
        return cell.strip()
    return "<br>".join(filter(None, (line.strip() for line in cell.split(LINE))))


def _covered(line: list[str], below: dict[int, int]) -> None:
    """Empty cells where the cells of rows above span down into `line`."""
    while below.get(len(line)):
        below[len(line)] -= 1
        line.append("")
