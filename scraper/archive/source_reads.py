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
from ..urls import host_of
from .rows import select_rows

__all__ = ["find_source", "left_at", "source", "sources", "trusted_hosts"]


def source(db: Database, url: str) -> Source:
    (found,) = _sources(db, "WHERE url = ?", [url])
    return found


def find_source(db: Database, ref: str | int) -> Source | None:
    """The source with this id, or else at this (normalised) URL or moved from it (the
    one at it now, else the first one there: another may have been added since), removed
    or not; by URL, one that joined another (its feed redirects there) is that one."""
    if isinstance(ref, int):
        return next(iter(_sources(db, "WHERE id = ?", [ref])), None)
    left = (
        "SELECT source_id FROM source_addresses WHERE url = ?"
        if _addresses_kept(db)
        else "SELECT id FROM sources WHERE moved_from = ?"
    )
    # An active source before a removed one (a feed that joined another's names it).
    order = "(url = ?) + 2 * (removed_at IS NULL) DESC, id"
    found = _sources(db, f"WHERE url = ? OR id IN ({left}) ORDER BY {order}", [ref, ref, ref])
    return _reading(db, found[0]) if found else None


def trusted_hosts(db: Database) -> set[str]:
    """The hosts the user named the active sources on: where each trusted one is (1),
    and the one a source moved off to another host was named on (2)."""
    rows = db.execute(
        "SELECT iif(trusted = 1, url, coalesce(moved_from, url)) FROM sources"
        " WHERE removed_at IS NULL AND trusted > 0"
    )
    return {host_of(url) for (url,) in rows}


def left_at(db: Database, url: str) -> str | None:
    """When the source an address names stopped reading it there (moved or joined)."""
    if not _addresses_kept(db):
        return None
    row = db.execute("SELECT left_at FROM source_addresses WHERE url = ?", [url]).fetchone()
    return str(row[0]) if row else None


def _reading(db: Database, found: Source) -> Source:
    """The source reading `found`'s feed: the one it joined (its address names that
    one), and so on along a chain of joins (A -> B -> C: C's); else `found` itself."""
    seen = {found.id}
    while found.removed_at is not None and _addresses_kept(db):
        row = db.execute(
            "SELECT source_id FROM source_addresses WHERE url = ? AND source_id != ?",
            [found.url, found.id],
        ).fetchone()
        if row is None or row[0] in seen:
            break
        seen.add(row[0])
        (found,) = _sources(db, "WHERE id = ?", [row[0]])
    return found


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
            **{**row, "trusted": row["trusted"] == 1},  # (2: on another host than named)
            past_urls=past.get(row["id"], ()),
            read_for=joined.get(row["id"], ()),
        )
        for row in rows
    ]


def _joined(db: Database) -> dict[int, tuple[str, ...]]:
    """The addresses of the sources that joined each one (their feed redirects to it),
    and of those that joined them (A -> B -> C: C's source is read for B and A)."""
    if not _addresses_kept(db):
        return {}
    direct: dict[int, tuple[str, ...]] = {}
    for source_id, url in db.execute(
        f"SELECT source_id, url FROM source_addresses WHERE {_join(db)} ORDER BY left_at, rowid"
    ):
        direct[source_id] = (*direct.get(source_id, ()), url)
    # (A joiner the user added back at an address of its own has left the one it joined.)
    ids = dict(db.execute("SELECT url, id FROM sources").fetchall())

    def read_for(source_id: int, seen: frozenset[int]) -> tuple[str, ...]:
        urls = direct.get(source_id, ())
        joiners = [ids[u] for u in urls if u in ids and ids[u] not in seen]
        deeper = (read_for(joiner, seen | {joiner}) for joiner in joiners)
        return urls + tuple(u for more in deeper for u in more)

    return {source_id: read_for(source_id, frozenset({source_id})) for source_id in direct}


def _past_urls(db: Database) -> dict[int, tuple[str, ...]]:
    """The addresses each source left, in the order it left them (a table of the few
    sources that moved); an older archive's, the one each was added at."""
    query = (
        f"SELECT source_id, url FROM source_addresses WHERE NOT {_join(db)} ORDER BY left_at, rowid"
        if _addresses_kept(db)
        else "SELECT id, moved_from FROM sources WHERE moved_from IS NOT NULL"
    )
    past: dict[int, tuple[str, ...]] = {}
    for source_id, url in db.execute(query):
        past[source_id] = (*past.get(source_id, ()), url)
    return past


def _join(db: Database) -> str:
    """SQL: whether a row of `source_addresses` is a join's (a source that was at its
    address joined this one), not an address this one left; schema 17 did not mark them."""
    marked = "joined" in db["source_addresses"].columns_dict
    return "joined" if marked else "(url IN (SELECT url FROM sources))"


def _addresses_kept(db: Database) -> bool:
    """Whether the archive keeps every address a source left (schema 17 on)."""
    return bool(db["source_addresses"].exists())
