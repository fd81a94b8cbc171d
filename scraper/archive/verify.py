"""Checking an archive kept for years: is every stored byte still what was stored?

Four checks, each reporting what it finds rather than stopping at it:

- SQLite's own (`PRAGMA quick_check`): pages, b-trees and indexes of the file;
- every reference between rows (`PRAGMA foreign_key_check`): a version whose raw page
  is gone, an article a URL names that is not there;
- the full-text indexes against the text they index (FTS5 `integrity-check` with the
  content compared, which needs a writable archive: it is skipped on a read-only one);
- every raw page: its body decompresses (with the dictionary it names) to as many bytes,
  with the same SHA-1, as were fetched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database

from .pages import PageStore

__all__ = ["Problem", "Verification", "verify"]

_FTS = ("articles_fts", "versions_fts", "articles_unspaced", "versions_unspaced")
_PROGRESS_EVERY = 64  # pages between progress reports


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
    """Run every check on the archive; `progress(phase, done, total)` as pages are read.
    A file too damaged to read on is one more problem, after those found before it."""
    problems: list[Problem] = []
    skipped: list[str] = []
    checked = 0
    try:
        checked = _check(db, pages, writable, problems, skipped, progress)
    except sqlite3.DatabaseError as error:
        problems.append(Problem("sqlite", f"{error} (the checks stopped there)"))
    return Verification(checked, tuple(problems), tuple(skipped))


def _check(
    db: Database,
    pages: PageStore,
    writable: bool,
    problems: list[Problem],
    skipped: list[str],
    progress: Callable[[str, int, int], None] | None,
) -> int:
    """The checks, adding to `problems` and `skipped`; returns the pages found intact."""
    checks = db.execute("PRAGMA quick_check")
    problems += [Problem("sqlite", detail) for (detail,) in checks if detail != "ok"]
    problems += [
        Problem(f"{table} row {row}", f"names {parent} row that is not there")
        for table, row, parent, _ in db.execute("PRAGMA foreign_key_check")
    ]
    index_problems = _index_problems(db) if writable else None
    if index_problems is None:  # (the check writes to the index: SQLite's design)
        skipped.append("full-text indexes: the archive is read-only")
    else:
        problems += index_problems
    total = int(db.execute("SELECT count(*) FROM pages").fetchone()[0])
    checked = 0
    for page_id, fault in pages.damage():
        if fault is not None:
            problems.append(Problem(f"page {page_id}", fault))
            continue
        checked += 1
        if progress is not None and checked % _PROGRESS_EVERY == 0:
            progress("verifying", checked, total)
    return checked


def _index_problems(db: Database) -> list[Problem] | None:
    """The full-text indexes' problems; None when the file cannot be written to check."""
    found = []
    for fts in _FTS:
        try:
            # (rank 1: compare the index with the content it indexes, not only itself)
            db.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as error:
            if "readonly" in str(error):  # a file we may read, not write
                return None
            rebuild = f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')"
            found.append(Problem(fts, f"{error} (to rebuild the index: {rebuild})"))
    return found
