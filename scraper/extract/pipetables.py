"""Pipe tables for the markdown (`markdown.render`): the rows of a table, each with its
lines (broken by `<br>`, or blocks of their own in a cell: paragraphs, list items) joined
again, and its cells placed under the columns they sit in, spanned cells (`colspan`,
`rowspan`) followed by empty ones; a table in a cell, its rows as lines of that cell."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Final, Protocol, TypeVar

from .marks import CELL, INSIDE_CELL, ITEM, MARKS, ROW, TABLE, TALL, WIDE, opening, unopened

__all__ = ["RowBlock", "Rows", "pipe_table", "spans", "tables"]

LINE: Final = "\n"  # a row's lines joined again: one cell's line break (a `<br>`)
_LINE_CHARS: Final = 80  # a paragraph's length, more than a line of a data cell holds
_MOST_SPANNED: Final = 50  # a "colspan=1000" of a layout is not a thousand columns
# Wider than this with its spans (and than its widest row without them), a table's spans
# are a layout's: cells pushed right past the rows above would make its markdown grow as
# rows x cells x spans. Its cells are then placed one a column, as many as the page has.
_MOST_COLUMNS: Final = 64


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


def tables(blocks: Iterable[B], nest: bool = True) -> Iterator[tuple[B, Rows | None]]:
    """Each block, with the rows of the table it starts if it is a table's first row; the
    other rows of that table are not given again. A table is two rows or more of two cells
    or more (`_data_rows`): a single row of cells is a layout's line. A `<br>` in a
    cell ended a line, and a cell's paragraph or list item is a line of its own: the row
    goes on in the next block, which no ROW mark starts. A paragraph's length in a cell
    (or a heading) is a layout's column, not a line: it ends the table. The rows of a
    table in a cell are lines of that cell, unless the table around is a layout's (lines):
    they are then read again as a table of their own (`nest` False)."""
    rows: list[list[B]] = []  # the lines of each row
    depth = 0  # the cells the table is in (a layout's)
    inner = False  # whether the last line is (or opens) a table in a cell of the row
    for block in blocks:
        opened = opening(block.markdown)
        row, cells = (
            _row(block, opened, nest) if opened else (block.tag == "tr" and not block.pre, 0)
        )
        inside = nest and cells > depth  # (a row of a table in a cell of the row, or its line)
        same = cells == depth and ROW not in opened  # (the row's next cell, or its cell's line)
        if row and rows and (inside or (same and (inner or _goes_on(rows[-1][-1], block)))):
            rows[-1].append(block)
            inner = inside or _inner(block.markdown) >= 0
            continue
        if row and CELL in block.markdown and (block.tag == "tr" or ROW in opened):
            if TABLE in opened or cells != depth or not rows:  # (another table)
                yield from _table_or_lines(rows, depth, nest)
                rows, depth = [], cells
            rows.append([block])
            inner = _inner(block.markdown) >= 0
            continue
        if rows:
            yield from _table_or_lines(rows, depth, nest)
            rows, inner = [], False
        yield block, None
    yield from _table_or_lines(rows, depth, nest)


def _row(block: RowBlock, opened: str, nest: bool) -> tuple[bool, int]:
    """Whether a block is a line of a table's row, and the cells that row is in: a cell's
    short paragraph or item is a line of the row of its cell, one cell out; and a table's
    row is its outer row's line (`nest`) where that table opened in a cell of the block."""
    cells = len(opened) - len(opened.lstrip(INSIDE_CELL))  # (the cells it is in)
    row = block.tag == "tr" and not block.pre
    if not cells:
        return row, 0
    if not row and len(block.text) < _LINE_CHARS and not block.heading:
        row, cells = True, cells - 1
    if nest and (start := _inner(block.markdown)) >= 0:
        cells -= block.markdown.count(TABLE, start)
    return row, max(cells, 0)  # (a caption's: in a table, in none of its cells)


def _nested(line: RowBlock, depth: int) -> bool:
    """Whether a line of a row is a row of a table in a cell of it (or a line of one)."""
    return _row(line, opening(line.markdown), True)[1] > depth


def _inner(markdown: str) -> int:
    """Where a table opened in a cell of the block starts (its first row's marks), or -1."""
    if TABLE not in markdown or (cell := markdown.find(CELL)) < 0:
        return -1
    return markdown.find(TABLE, cell)


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


def _line(block: RowBlock, depth: int, nest: bool) -> str:
    """A row's line as markdown: a list item in a cell marked "• ", as a cell holds no list;
    the rows of a table in a cell as lines of it (`_flat`); a table of its own opened in
    a cell of an outer table's (lines) without that cell's marks."""
    markdown = block.markdown
    if nest and _nested(block, depth):
        return _flat(markdown)
    if (start := _inner(markdown)) >= 0:
        before = markdown[:start]
        return before + _flat(markdown[start:]) if nest else opening(before) + markdown[start:]
    if block.tag == "tr":
        return markdown
    start = len(markdown) - len(markdown.lstrip(MARKS))
    if ITEM not in markdown[markdown.rfind(CELL, 0, start) + 1 : start]:
        return markdown  # (an item opened before the cell is the table's)
    return f"{markdown[:start]}• {markdown[start:]}"


def _flat(markdown: str) -> str:
    """A table's rows in a cell, or a line of them: a line each, cells apart by " | "."""
    rows = (row.split(CELL) for row in _unspanned(markdown).split(ROW))
    lines = (" | ".join(filter(None, (unopened(cell).strip() for cell in row))) for row in rows)
    return LINE.join(filter(None, lines))


def _table_or_lines(rows: list[list[B]], depth: int, nest: bool) -> Iterator[tuple[B, Rows | None]]:
    """A table (its first line's marks open it, and its lines' rows), or its lines; the
    block given with a table is a line of it in the lists and quotes the table is in. A
    table with lines of cells whose rows have not as many cells each (a cell's line that
    the body left out) is given as lines: its cells would stand under other columns.
    Lines that hold a table of a cell are read again, for that table (`nest` False)."""
    lines = [line for row in rows for line in row]
    texts = [LINE.join(_line(line, depth, nest) for line in row) for row in rows]
    if _data_rows(texts) < 2 or (
        any(line.tag != "tr" for line in lines) and len(set(map(_columns, texts))) > 1
    ):
        if nest and any(_nested(line, depth) or _inner(line.markdown) >= 0 for line in lines):
            yield from tables(lines, nest=False)
        else:
            yield from ((block, None) for block in lines)
        return
    table = next((line for line in lines if line.tag == "tr"), None)
    yield table or min(lines, key=_nesting), texts


def _data_rows(rows: Rows) -> int:
    """The rows of two cells or more, or of one below a cell spanning rows."""
    count, tall = 0, False
    for row in rows:
        cells = row.count(CELL)
        count += cells >= 2 or (cells == 1 and tall)
        tall = tall or TALL in row
    return count


def _columns(row: str) -> int:
    return row.count(CELL) + row.count(WIDE)


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
