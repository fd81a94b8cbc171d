"""A search hit's snippet from a long text, in a time bounded by its pieces' length.

FTS5's `snippet()` scores a window at each of the query's matches in a column against
every other match: time grows with the square of the matches one text holds (a 5 MB
page repeating a word took minutes). A text longer than `LONG` bytes is cut into pieces of
`_PIECE` characters, indexed in a table in memory with the archive index's tokenizer:
the snippet is FTS5's own in the first piece that matches."""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator

__all__ = ["LONG", "long_snippet"]

LONG = 50_000  # bytes (UTF-8): FTS5's snippet of so long a text takes ~50 ms at worst
_PIECE = 5_000  # characters: FTS5's snippet of a piece all of one word takes ~5 ms


def long_snippet(title: str | None, text: str, query: str, tokens: int, tokenize: str) -> str:
    """The snippet of `tokens` tokens FTS5 gives for `query` in the first piece of `text`
    that matches it (each piece with `title`), or the text's start when no one piece does
    (a query's words far apart)."""
    db, table = _MEMORY.db, _table(tokenize)
    pieces = [(i, title, piece) for i, piece in enumerate(_pieces(text))]
    with db:  # (one transaction: indexing piece by piece took 10 times as long)
        db.executemany(f"INSERT INTO {table}_text VALUES (?, ?, ?)", pieces)
        db.executemany(f"INSERT INTO {table} (rowid, title, text) VALUES (?, ?, ?)", pieces)
        found = db.execute(
            f"SELECT rowid, snippet({table}, -1, '**', '**', '…', ?) FROM {table}"
            f" WHERE {table} MATCH ? ORDER BY rowid LIMIT 1",
            [tokens, query],
        ).fetchone()
        db.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")
        db.execute(f"DELETE FROM {table}_text")
    if not found:
        return " ".join(text[: tokens * 20].split()[:tokens]) + "…"
    piece, snippet = found  # (a later piece starts inside the text)
    return "…" + snippet if piece and not snippet.startswith("…") else str(snippet)


class _Memory(threading.local):
    """A thread's database in memory, and the tables made in it: made once, as making
    an FTS5 table takes longer (0.7 ms) than snippeting a piece."""

    def __init__(self) -> None:
        self.db = sqlite3.connect(":memory:")
        self.tables: set[str] = set()


_MEMORY = _Memory()


def _table(tokenize: str) -> str:
    """The index in memory whose tokenizer is `tokenize`, of a table of pieces (its
    content, so that emptying it is one statement: FTS5's 'delete-all')."""
    table = "pieces_" + re.sub(r"\W", "_", tokenize)
    if table not in _MEMORY.tables:
        _MEMORY.db.execute(f"CREATE TABLE {table}_text (id INTEGER PRIMARY KEY, title, text)")
        _MEMORY.db.execute(
            f"CREATE VIRTUAL TABLE {table} USING fts5 (title, text, content={table}_text,"
            f" content_rowid=id, tokenize='{tokenize}')"
        )
        _MEMORY.tables.add(table)
    return table


def _pieces(text: str) -> Iterator[str]:
    """`text` in pieces of at most `_PIECE` characters, cut after a space where one is near."""
    start = 0
    while start < len(text):
        end = start + _PIECE
        if end < len(text):
            space = max(text.rfind(c, start + _PIECE // 2, end) for c in " \n")
            end = space + 1 or end
        yield text[start:end]
        start = end
