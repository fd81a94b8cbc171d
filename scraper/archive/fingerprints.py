"""Keeping stored change fingerprints current with how `versions` computes them.

A revisit compares a fresh fingerprint with the stored one: after a change of
normalisation (`versions.FINGERPRINT_VERSION`), stale ones would make every article look
changed, so the archive recomputes them once: before the first write that compares with
them (a run, under its lock), not at every open.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from sqlite_utils import Database

from ..versions import FINGERPRINT_VERSION, fingerprint
from .records import ARTICLE_COLUMNS, article_from_row
from .rows import select_rows, update_row

__all__ = ["VERSIONS_WITH_TEXT", "refresh_fingerprints"]

# Every version with its text (the current one's lives in `articles`) and whether it is
# the current one.
VERSIONS_WITH_TEXT = (
    "SELECT v.id, v.article_id, v.number, v.number = a.version AS current, v.extractor,"
    " coalesce(v.text, a.text) AS text, coalesce(v.markdown, a.markdown) AS markdown,"
    f" {', '.join('v.' + c for c in ARTICLE_COLUMNS if c not in ('text', 'markdown'))}"
    " FROM versions v JOIN articles a ON a.id = v.article_id"
)


def refresh_fingerprints(
    db: Database, write: Callable[[], AbstractContextManager[Database]]
) -> int:
    """Recompute stored fingerprints if `versions` now computes them differently, in one
    transaction of `write`; how many versions were recomputed (0 when they are current)."""
    if _fingerprint_version(db) == str(FINGERPRINT_VERSION):
        return 0
    count = 0
    with write():
        if _fingerprint_version(db) == str(FINGERPRINT_VERSION):
            return 0  # another process did it meanwhile
        last = 0
        while batch := select_rows(
            db, VERSIONS_WITH_TEXT + " WHERE v.id > ? ORDER BY v.id LIMIT 500", [last]
        ):
            for version in batch:
                digest = fingerprint(article_from_row(version))
                update_row(db, "versions", version["id"], fingerprint=digest)
                if version["current"]:
                    update_row(db, "articles", version["article_id"], fingerprint=digest)
            count += len(batch)
            last = batch[-1]["id"]
        db.execute(
            "INSERT OR REPLACE INTO settings (name, value) VALUES ('fingerprint_version', ?)",
            [str(FINGERPRINT_VERSION)],
        )
    return count


def _fingerprint_version(db: Database) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE name = 'fingerprint_version'").fetchone()
    return str(row[0]) if row else None
