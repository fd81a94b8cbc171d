"""Reading the sources (`sources`, `source_addresses`): the ones a run polls, and the one
an address names, whichever of its addresses that is.

A source moved (after permanent redirects) keeps every address it left: A, then B, then
C still answers to A and B. An archive older than schema 17, read as it is, knows only
the address a source was added at (`moved_from`).
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from ..models import Source
from .rows import select_rows

__all__ = ["find_source", "source", "sources"]


def source(db: Database, url: str) -> Source:
    (found,) = _sources(db, "WHERE url = ?", [url])
    return found


def find_source(db: Database, ref: str | int) -> Source | None:
    """The source with this id, or else at this (normalised) URL or moved from it (the
    one at it now, else the first one there: another may have been added since), removed
    or not."""
    if isinstance(ref, int):
        found = _sources(db, "WHERE id = ?", [ref])
    else:
        left = (
            "SELECT source_id FROM source_addresses WHERE url = ?"
            if _addresses_kept(db)
            else "SELECT id FROM sources WHERE moved_from = ?"
        )
        # An active source before a removed one (a feed that joined another's names it).
        order = "(url = ?) + 2 * (removed_at IS NULL) DESC, id"
        found = _sources(db, f"WHERE url = ? OR id IN ({left}) ORDER BY {order}", [ref, ref, ref])
    return found[0] if found else None


def sources(db: Database, *, removed: bool = False) -> list[Source]:
    """The sources a run polls, in the order added; with `removed`, removed ones too."""
    return _sources(db, "ORDER BY id" if removed else "WHERE removed_at IS NULL ORDER BY id", [])


def _sources(db: Database, where: str, params: list[Any]) -> list[Source]:
    rows = select_rows(
        db,
        "SELECT url, kind, id, etag, last_modified, last_polled_at, last_outcome, removed_at,"
        " trusted, failures, last_ok_at, listed, moved_to, moved_since, moved_from, moved_at"
        f" FROM sources {where}",
        params,
    )
    past, joined = _past_urls(db), _joined(db)
    return [
        Source(
            **{**row, "trusted": bool(row["trusted"])},
            past_urls=past.get(row["id"], ()),
            read_for=joined.get(row["id"], ()),
        )
        for row in rows
    ]


def _joined(db: Database) -> dict[int, tuple[str, ...]]:
    """The addresses of the sources that joined each one (their feed redirects to it)."""
    if not _addresses_kept(db):
        return {}
    joined: dict[int, tuple[str, ...]] = {}
    for source_id, url in db.execute(
        "SELECT source_id, url FROM source_addresses WHERE url IN (SELECT url FROM sources)"
        " ORDER BY left_at, rowid"
    ):
        joined[source_id] = (*joined.get(source_id, ()), url)
    return joined


def _past_urls(db: Database) -> dict[int, tuple[str, ...]]:
    """The addresses each source left, in the order it left them (a table of the few
    sources that moved); an older archive's, the one each was added at."""
    query = (
        "SELECT source_id, url FROM source_addresses"
        " WHERE url NOT IN (SELECT url FROM sources) ORDER BY left_at, rowid"
        if _addresses_kept(db)
        else "SELECT id, moved_from FROM sources WHERE moved_from IS NOT NULL"
    )
    past: dict[int, tuple[str, ...]] = {}
    for source_id, url in db.execute(query):
        past[source_id] = (*past.get(source_id, ()), url)
    return past


def _addresses_kept(db: Database) -> bool:
    """Whether the archive keeps every address a source left (schema 17 on)."""
    return bool(db["source_addresses"].exists())
