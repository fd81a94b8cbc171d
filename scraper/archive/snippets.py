"""A search hit's snippet from a long text, in a time bounded by its pieces' length.

FTS5's `snippet()` scores a window at each of the query's matches in a column against
every other match: time grows with the square of the matches one text holds (a 5 MB
page repeating a word took minutes). A text longer than `LONG` is cut into pieces of
about that length, indexed in a table in memory with the archive index's tokenizer, and
the snippet is FTS5's own in the piece that matches best."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing

__all__ = ["LONG", "long_snippet"]

LONG = 20_000  # characters: FTS5's snippet of this many takes ~15 ms at worst


def long_snippet(title: str | None, text: str, query: str, tokenize: str, tokens: int) -> str:
    """The snippet of `tokens` tokens FTS5 gives for `query` in the piece of `text` it
    ranks best (each piece with `title`), or the text's start when no one piece matches
    (a query's words far apart)."""
    with closing(sqlite3.connect(":memory:")) as db:
        db.execute(f"CREATE VIRTUAL TABLE s USING fts5 (title, text, tokenize='{tokenize}')")
        db.executemany("INSERT INTO s VALUES (?, ?)", ((title, piece) for piece in _pieces(text)))
        best = db.execute(
            "SELECT snippet(s, -1, '**', '**', '…', ?) FROM s WHERE s MATCH ?"
            " ORDER BY rank LIMIT 1",
            [tokens, query],
        ).fetchone()
    return best[0] if best else " ".join(text[: tokens * 20].split()[:tokens]) + "…"


def _pieces(text: str) -> Iterator[str]:
    """`text` in pieces of at most `LONG` characters, cut after a space where one is near."""
    start = 0
    while start < len(text):
        end = start + LONG
        if end < len(text):
            space = max(text.rfind(c, start + LONG // 2, end) for c in " \n")
            end = space + 1 or end
        yield text[start:end]
        start = end
