"""A search hit's snippet from a long text, in a time bounded by its pieces' length.

FTS5's `snippet()` scores a window at each of the query's matches in a column against
every other match: time grows with the square of the matches one text holds (a 5 MB
page repeating a word took minutes). A text longer than `LONG` is cut into pieces of
`_PIECE` characters, each indexed in turn in a table in memory with the archive index's
tokenizer, until one matches: the snippet is FTS5's own in that piece."""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator

__all__ = ["LONG", "long_snippet"]

LONG = 50_000  # characters: FTS5's snippet of this many takes ~50 ms at worst
_PIECE = 5_000  # characters: a common word's first piece is read alone, at once


def long_snippet(title: str | None, text: str, query: str, tokens: int, tokenize: str) -> str:
    """The snippet of `tokens` tokens FTS5 gives for `query` in the first piece of `text`
    that matches it (each piece with `title`), or the text's start when no one piece does
    (a query's words far apart)."""
    db, table = _MEMORY.db, _table(tokenize)
    sql = f"SELECT snippet({table}, -1, '**', '**', '…', ?) FROM {table} WHERE {table} MATCH ?"
    try:
        for i, piece in enumerate(_pieces(text)):  # (a common word is in the first)
            db.execute(f"DELETE FROM {table}")
            db.execute(f"INSERT INTO {table} VALUES (?, ?)", [title, piece])
            if found := db.execute(sql, [tokens, query]).fetchone():
                snippet = str(found[0])  # (a later piece starts inside the text)
                return "…" + snippet if i and not snippet.startswith("…") else snippet
    finally:
        db.execute(f"DELETE FROM {table}")
    return " ".join(text[: tokens * 20].split()[:tokens]) + "…"


class _Memory(threading.local):
    """A thread's database in memory, and the tables made in it: made once, as making
    an FTS5 table takes longer (0.7 ms) than snippeting a piece."""

    def __init__(self) -> None:
        self.db = sqlite3.connect(":memory:", isolation_level=None)
        self.tables: set[str] = set()


_MEMORY = _Memory()


def _table(tokenize: str) -> str:
    """The table in memory whose tokenizer is `tokenize`."""
    table = "pieces_" + re.sub(r"\W", "_", tokenize)
    if table not in _MEMORY.tables:
        _MEMORY.db.execute(
            f"CREATE VIRTUAL TABLE {table} USING fts5 (title, text, tokenize='{tokenize}')"
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
