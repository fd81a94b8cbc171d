"""An archive as an older release left it, for the tests of an upgrade: what the later
migrations added taken back, its layout checked against a fresh archive of that version,
and its rows read without the columns the later schemas added."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from scraper.archive import Archive
from scraper.archive.schema import MIGRATIONS, SCHEMA_VERSION, migrate

TABLES = ("sources", "urls", "articles", "versions", "aliases", "pages", "fetch_log", "runs")
# What each migration added, by its version: the statements that take it back.
UNDO = {
    16: (
        "DROP TABLE host_holds",
        "DROP TABLE robots_txt",
        "ALTER TABLE urls DROP COLUMN moved_to",
        "ALTER TABLE articles DROP COLUMN rating",
        "ALTER TABLE versions DROP COLUMN rating",
    ),
    17: (
        "DROP TABLE source_addresses",
        "DROP INDEX urls_guid",
        "ALTER TABLE urls DROP COLUMN guid",
    ),
    18: ("ALTER TABLE source_addresses DROP COLUMN joined",),
}
# The columns those migrations added to tables an older archive has: no row compared
# across an upgrade holds them.
ADDED_COLUMNS = frozenset(
    {("urls", "moved_to"), ("articles", "rating"), ("versions", "rating"), ("urls", "guid")}
)
_MADE_AT = "2026-01-01T00:00:00+00:00"


def rows(db: Database, table: str) -> list[dict[str, Any]]:
    """Every row of `table`, but for the columns later schemas added."""
    cursor = db.execute(f"SELECT * FROM {table} ORDER BY rowid")
    names = [c[0] for c in cursor.description]
    return [
        {n: v for n, v in zip(names, row, strict=True) if (table, n) not in ADDED_COLUMNS}
        for row in cursor.fetchall()
    ]


def downgrade(path: Path, version: int) -> dict[str, list[dict[str, Any]]]:
    """The archive at `path` as schema `version` holds it (what later versions added taken
    back, newest first), checked to be laid out as a fresh archive of that version is;
    returns its rows."""
    db = sqlite3.connect(path, isolation_level=None)
    for newer in sorted((v for v in UNDO if v > version), reverse=True):
        for statement in UNDO[newer]:
            db.execute(statement)
        db.execute("DELETE FROM migrations WHERE version = ?", [newer])
    db.close()
    old, fresh = Database(path), Database(memory=True)
    migrate(fresh, _MADE_AT, MIGRATIONS[:version])
    assert set(old.table_names()) == set(fresh.table_names())
    for table in fresh.table_names():
        was, made = old.table(table), fresh.table(table)
        assert was.columns_dict == made.columns_dict, table
        assert {i.name for i in was.indexes} == {i.name for i in made.indexes}, table
    kept = {table: rows(old, table) for table in TABLES}
    old.close()
    return kept


def assert_upgraded(archive: Archive, before: dict[str, list[dict[str, Any]]]) -> None:
    """`archive`, opened (so upgraded), holds the rows `downgrade` returned, and still
    does after its first lock (which recomputes any stored fingerprint found stale)."""
    version = archive.db.execute("SELECT max(version) FROM migrations").fetchone()[0]
    assert version == SCHEMA_VERSION
    assert {table: rows(archive.db, table) for table in TABLES} == before
    with archive.lock():
        pass
    assert {table: rows(archive.db, table) for table in TABLES} == before
