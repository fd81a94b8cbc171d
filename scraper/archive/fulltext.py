"""Full-text search over the archive's articles (and their older versions): SQLite
FTS5 with bm25, a title term worth five in the text, and the query read as a person
writes one (`-word` excludes; a query that is no FTS5 syntax is read as its words)."""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass

from sqlite_utils import Database

from .records import Hit
from .rows import stored_hosts

__all__ = ["search"]

log = logging.getLogger(__name__)


def search(
    db: Database,
    query: str,
    *,
    limit: int = 20,
    all_versions: bool = False,
    sites: Collection[str] = (),
    since: str | None = None,
) -> list[Hit]:
    """Full-text search, best match first (bm25, a title term worth five in the text).

    `query` is FTS5 syntax (`climate AND "sea level"`, `prefix*`); if it is not valid
    syntax, its words are searched for as plain terms instead. With `sites` (hosts as
    the archive spells them), only the pages of those hosts and their subdomains; with
    `since`, only articles new or changed since then (as `iter_articles` takes them: a
    cron job's alert), or with `all_versions` the versions first seen since then.
    """
    if not query.strip():
        return []
    hosts = stored_hosts(db, sites) if sites else []
    on_sites = f"p.host IN ({','.join('?' * len(hosts))})" if sites else ""
    params: list[str] = [*hosts, *([since] if since is not None else [])]
    indexes = [_LATEST, _OLDER] if all_versions else [_LATEST]
    sql = " UNION ALL ".join(_hits(index, on_sites, since is not None) for index in indexes)
    for attempt in (_excluding(query), _as_terms(query)):
        part_params = [attempt, *params, limit]
        try:
            rows = db.execute(
                f"{sql} ORDER BY rank LIMIT ?", [*part_params * len(indexes), limit]
            ).fetchall()
        except sqlite3.OperationalError as error:  # FTS5 syntax error in the user's query
            log.warning("%r is no search syntax (%s); searched for its words: %s",
                        query, error, _as_terms(query))  # fmt: skip
            continue
        return [Hit(*row[:6]) for row in rows]
    return []


@dataclass(frozen=True, slots=True)
class _Index:
    """A full-text index, and how its hits are read."""

    fts: str
    table: str  # the rows it indexes (rowid = id), read as `r`, and as `t` in `_within`
    hit: str  # the hit's article id and version number in `table`
    seen_at: str  # when a row's text was first seen, in `_within`'s query
    seen_join: str = ""  # what that needs joined to `t`


_LATEST = _Index(
    "articles_fts", "articles", "r.id, r.version", "v.seen_at",
    " JOIN versions v ON v.article_id = t.id AND v.number = t.version",
)  # fmt: skip
_OLDER = _Index("versions_fts", "versions", "r.article_id, r.number", "t.seen_at")


def _hits(index: _Index, on_sites: str, since: bool) -> str:
    return (
        f"SELECT * FROM (SELECT {index.hit}, r.url, r.title, r.published, f.snippet, f.rank"
        f" FROM ({_ranked(index, on_sites, since)}) AS f"
        f" JOIN {index.table} r ON r.id = f.rowid)"
    )


# `ORDER BY rank LIMIT` inside the FTS5 query lets FTS5 rank all matches but build
# snippets only for the rows returned: ordering outside it snippets every match. So the
# conditions on sites and time go inside it too (filtered after, the best matches of
# other sites would leave fewer than `limit`), asked of each match: a list of the site's
# articles made first would read the whole archive for a search that matches ten.
def _ranked(index: _Index, on_sites: str, since: bool) -> str:
    fts = index.fts
    return (
        f"SELECT rowid, snippet({fts}, -1, '**', '**', '…', 16) AS snippet, rank"
        f" FROM {fts} WHERE {fts} MATCH ?{_within(index, on_sites, since)}"
        " ORDER BY rank LIMIT ?"
    )


def _within(index: _Index, on_sites: str, since: bool) -> str:
    """The condition a match's row must meet, or "" for none."""
    # A site's rows are listed once, by index (`IN`); asked of each match, a common
    # word would read every article row.
    within = (
        f" AND +{index.fts}.rowid IN (SELECT t.id FROM {index.table} t"
        f" JOIN pages p ON p.id = t.page_id WHERE {on_sites})"
        if on_sites
        else ""
    )
    if since:
        within += (
            f" AND EXISTS (SELECT 1 FROM {index.table} t{index.seen_join}"
            f" WHERE t.id = {index.fts}.rowid AND {index.seen_at} >= ?)"
        )
    return within


_WORD = re.compile(r"\w+")
_MINUS = re.compile(r"(\S)\s+-(\w+)")  # "ferry -bridge": a word after a term, excluded
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


def _excluding(query: str) -> str:
    """The query with a web search's "-word" written as FTS5 writes it: "ferry -bridge"
    is "ferry NOT bridge" (a leading "-word" excludes from nothing: left as it is)."""
    return _MINUS.sub(r"\1 NOT \2", query)


def _as_terms(query: str) -> str:
    """The query's words, each quoted, so FTS5 reads none of them as syntax; the words
    of its syntax that stand alone ("ferry OR") are dropped."""
    words = [word for word in _WORD.findall(query) if word not in _OPERATORS]
    return " ".join(f'"{word}"' for word in words) or '""'
