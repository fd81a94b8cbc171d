"""Pipe tables for the markdown (`markdown.render`): the rows of a table, each with its
lines broken by `<br>` joined again, and its cells placed under the columns they sit in,
spanned cells (`colspan`, `rowspan`) followed by empty ones."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol, TypeVar

from .marks import CELL, ROW, TABLE, TALL, WIDE, opening, unopened

__all__ = ["RowBlock", "Rows", "pipe_table", "spans", "tables"]

LINE = "\n"  # a row's lines joined again: one cell's line break (a `<br>`)
_MOST_SPANNED = 50  # a "colspan=1000" of a layout is not a thousand columns
# Wider than this with its spans (and than its widest row without them), a table's spans
# are a layout's: cells pushed right past the rows above would make its markdown grow as
# rows x cells x spans. Its cells are then placed one a column, as many as the page has.
_MOST_COLUMNS = 64


class RowBlock(Protocol):
    """What a pipe table reads of a block (`page.Block`): a row of it, or not."""

    @property
    def markdown(self) -> str: ...
    @property
    def tag(self) -> str: ...
    @property
    def element(self) -> int: ...
    @property
    def line_end(self) -> bool: ...
    @property
    def pre(self) -> bool: ...


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
    cell ended a line: the row goes on in the next block, which no ROW mark starts."""
    rows: list[list[B]] = []  # the lines of each row
    for block in blocks:
        if block.tag == "tr" and not block.pre:
            opened = opening(block.markdown)
            if rows and rows[-1][-1].line_end and ROW not in opened:
                rows[-1].append(block)
                continue
            if CELL in block.markdown:
                if TABLE in opened:  # (one table's rows and the next table's are two tables)
                    yield from _table_or_lines(rows)
                    rows = []
                rows.append([block])
                continue
        yield from _table_or_lines(rows)
        rows = []
        yield block, None
    yield from _table_or_lines(rows)


def _table_or_lines(rows: list[list[B]]) -> Iterator[tuple[B, Rows | None]]:
    if len(rows) > 1 and any(sum(b.markdown.count(CELL) for b in row) > 1 for row in rows):
        yield rows[0][0], [LINE.join(block.markdown for block in row) for row in rows]
    else:
        yield from ((block, None) for row in rows for block in row)


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
