"""Checking an archive kept for years: is every stored byte still what was stored?

Four checks, each reporting what it finds rather than stopping at it:

- SQLite's own (`PRAGMA quick_check`): pages, b-trees and indexes of the file;
- every reference between rows (`PRAGMA foreign_key_check`): a version whose raw page
  is gone, an article a URL names that is not there;
- the full-text indexes against the text they index (FTS5 `integrity-check` with the
  content compared);
- every raw page: its body decompresses (with the dictionary it names) to as many bytes,
  with the same SHA-1, as were fetched.

All four read one snapshot of the file (a read transaction: WAL mode lets runs write
meanwhile), so a run's pages written during the check are neither seen half-written nor
counted. FTS5's check is an INSERT, which would hold the file's write lock for as long as
it reads (over 90 s of a 5.6 GB archive's): it runs instead on a copy of each index in the
connection's temporary schema, made from the snapshot, and reads the archive's text
through a temporary view; nothing of the archive is written, a read-only one included.
A temporary file that cannot be written (no room) ends SQLite's whole transaction, not
only the copy: the indexes are checked last, each one in a snapshot of its own after that.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database

from .pages import PageStore

__all__ = ["Problem", "Verification", "verify"]

_FTS = ("articles_fts", "versions_fts", "articles_unspaced", "versions_unspaced")
_SHADOWS = ("data", "idx", "docsize", "config")  # FTS5's own tables, `<index>_<shadow>`
# SQLite's temporary files full, or not to be made or written (the check writes nothing
# else: a write error is theirs): no fault of the archive's.
_NO_ROOM = ("SQLITE_FULL", "SQLITE_CANTOPEN", "SQLITE_IOERR_WRITE")
_COPY = "verify_index"  # the temporary copy's name, and its shadows' prefix
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
    progress: Callable[[str, int, int], None] | None = None,
) -> Verification:
    """Run every check on the archive; `progress(phase, done, total)` as pages are read.
    A file too damaged to read on is one more problem, after those found before it."""
    problems: list[Problem] = []
    skipped: list[str] = []
    checked = 0
    db.execute("BEGIN")  # (deferred: a snapshot from the first read, never a write lock)
    try:
        checked = _check(db, pages, problems, skipped, progress)
    except sqlite3.DatabaseError as error:
        problems.append(Problem("sqlite", f"{error} (the checks stopped there)"))
    finally:
        if db.conn.in_transaction:  # (a temporary file that failed may have ended it)
            db.execute("ROLLBACK")  # (the temporary copies go with it)
    return Verification(checked, tuple(problems), tuple(skipped))


def _check(
    db: Database,
    pages: PageStore,
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
    checked = _check_pages(db, pages, problems, progress)
    for fts in _FTS:
        _check_index(db, fts, problems, skipped)
    return checked


def _check_pages(
    db: Database,
    pages: PageStore,
    problems: list[Problem],
    progress: Callable[[str, int, int], None] | None,
) -> int:
    """Every raw page, adding its faults to `problems`; returns those found intact."""
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


def _check_index(db: Database, fts: str, problems: list[Problem], skipped: list[str]) -> None:
    """The index `fts`, on a copy; skipped, saying why, when the copy finds no room."""
    if not db.conn.in_transaction:  # (ended by a copy before that found no room)
        db.execute("BEGIN")
    db.execute("SAVEPOINT index_copy")
    try:
        _copy_index(db, fts)
        problems += _index_problems(db, fts)
    except sqlite3.OperationalError as error:
        if error.sqlite_errorname not in _NO_ROOM:  # (a table of it missing, say)
            raise
        skipped.append(f"{fts}: no room for its temporary copy ({error})")
    finally:  # (the copy goes: the next one reuses its room)
        if db.conn.in_transaction:
            db.execute("ROLLBACK TO index_copy")
            db.execute("RELEASE index_copy")


def _copy_index(db: Database, fts: str) -> None:
    """`temp.verify_index`: the index `fts` as the snapshot holds it, over the same text."""
    (sql,) = db.execute("SELECT sql FROM main.sqlite_master WHERE name = ?", [fts]).fetchone()
    content = re.search(r"content=(\w+)", sql)
    assert content is not None  # (every index of the schema reads an external table)
    db.execute(f"CREATE TEMP VIEW {_COPY}_text AS SELECT * FROM main.{content[1]}")
    definition = sql.replace(content[0], f"content={_COPY}_text")
    db.execute(
        re.sub(rf"^CREATE VIRTUAL TABLE {fts}\b", f"CREATE VIRTUAL TABLE temp.{_COPY}", definition)
    )
    for shadow in _SHADOWS:
        db.execute(f"DELETE FROM temp.{_COPY}_{shadow}")
        db.execute(f"INSERT INTO temp.{_COPY}_{shadow} SELECT * FROM main.{fts}_{shadow}")


def _index_problems(db: Database, fts: str) -> list[Problem]:
    """What is wrong with the index `fts` (copied to `temp.verify_index`), if anything."""
    try:
        # (rank 1: compare the index with the content it indexes, not only itself)
        db.execute(f"INSERT INTO temp.{_COPY} ({_COPY}, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as error:
        rebuild = f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')"
        return [Problem(fts, f"{error} (to rebuild the index: {rebuild})")]
    return []
