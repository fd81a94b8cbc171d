"""Checking an archive kept for years: is every stored byte still what was stored?

Three checks, each reporting what it finds rather than stopping at it:

- SQLite's own (`PRAGMA quick_check`): pages, b-trees and indexes of the file;
- the full-text indexes against the text they index (FTS5 `integrity-check` with the
  content compared, which needs a writable archive: it is skipped on a read-only one);
- every raw page: its body decompresses (with the dictionary it names) to as many bytes,
  with the same SHA-1, as were fetched.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlite_utils import Database

from .pages import PageStore

__all__ = ["Problem", "Verification", "verify"]

_FTS = ("articles_fts", "versions_fts")
_BATCH = 64


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing found wrong: where (`sqlite`, an index's name, `page 12`) and what."""

    where: str
    detail: str


@dataclass(frozen=True, slots=True)
class Verification:
    pages: int  # raw pages checked
    problems: tuple[Problem, ...]
    skipped: tuple[str, ...] = ()  # checks not run, and why

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(
    db: Database,
    pages: PageStore,
    *,
    writable: bool,
    progress: Callable[[str, int, int], None] | None = None,
) -> Verification:
    """Run every check on the archive; `progress(phase, done, total)` as pages are read."""
    problems = [Problem("sqlite", row[0]) for row in db.execute("PRAGMA quick_check")]
    problems = [p for p in problems if p.detail != "ok"]
    skipped: list[str] = []
    if writable:
        problems += _index_problems(db)
    else:
        skipped.append("full-text indexes: the archive is read-only")
    total = int(db.execute("SELECT count(*) FROM pages").fetchone()[0])
    checked = 0
    for problem in _page_problems(db, pages):
        if problem is None:
            checked += 1
            if progress is not None and checked % _BATCH == 0:
                progress("verifying", checked, total)
        else:
            problems.append(problem)
    return Verification(checked, tuple(problems), tuple(skipped))


def _index_problems(db: Database) -> list[Problem]:
    found = []
    for fts in _FTS:
        try:
            # (rank 1: compare the index with the content it indexes, not only itself)
            db.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as error:
            found.append(
                Problem(fts, f"{error} (rebuild it: INSERT INTO {fts} ({fts}) VALUES ('rebuild'))")
            )
    return found


def _page_problems(db: Database, pages: PageStore) -> Iterator[Problem | None]:
    """None for each page that is sound, a `Problem` for each that is not."""
    last = 0
    while True:
        rows = db.execute(
            "SELECT id, url, dict_id, body, raw_size, sha1 FROM pages WHERE id > ?"
            " ORDER BY id LIMIT ?",
            [last, _BATCH],
        ).fetchall()
        if not rows:
            return
        for page_id, url, dict_id, blob, size, sha1 in rows:
            last = page_id
            yield _page_problem(pages, page_id, url, dict_id, blob, size, sha1)


def _page_problem(
    pages: PageStore, page_id: int, url: str, dict_id: int | None, blob: bytes, size: int, sha1: str
) -> Problem | None:
    where = f"page {page_id}"
    try:
        body = pages.codec.decompress(blob, dict_id)
    except Exception as error:  # zstd and a missing dictionary raise their own
        return Problem(where, f"{url}: cannot decompress: {error}")
    if len(body) != size or hashlib.sha1(body).hexdigest() != sha1:
        return Problem(where, f"{url}: the body is not what was fetched (size or SHA-1 differ)")
    return None
