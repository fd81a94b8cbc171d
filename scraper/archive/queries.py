"""Reading the archive: articles and versions, what changed, the fetch log, statistics
(full-text search is `fulltext`'s).

Iterators page through the table by id (keyset pagination), so they stream any number of
rows, hold no read transaction open between batches, and tolerate writes in between.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any, Unpack

from sqlite_utils import Database

from ..urls import on_hosts
from .filters import Filters, filtered
from .frontier import url_key
from .records import (
    Change,
    LogEntry,
    SourceYield,
    StoredArticle,
    Version,
    article_from_row,
)
from .rows import host_condition, select_rows, stored_hosts
from .takedowns import takedown_changes, touched_since

__all__ = [
    "article",
    "extractions_raised",
    "fetch_log",
    "iter_articles",
    "iter_versions",
    "page_versions",
    "recaptures",
    "source_yields",
    "stats",
    "takedowns",
    "top_sites",
    "versions",
]


_BATCH = 200

_MAX_ID = 2**63 - 1


def source_yields(db: Database) -> dict[int, SourceYield]:
    """Per source id, what it has brought (one pass over the URLs)."""
    rows = db.execute(
        "SELECT source_id, count(*), count(article_id), max(discovered_at) FROM urls"
        " WHERE source_id IS NOT NULL GROUP BY source_id"
    ).fetchall()
    return {source_id: SourceYield(*counts) for source_id, *counts in rows}


def article(db: Database, ref: str | int) -> StoredArticle | None:
    """The article with id `ref`, or fetched from (or known under) the URL `ref`."""
    article_id = ref if isinstance(ref, int) else _article_id(db, ref)
    if article_id is None:
        return None
    rows = select_rows(db, "SELECT * FROM articles WHERE id = ?", [article_id])
    if not rows:
        return None
    return _stored(rows[0])


def _stored(row: dict[str, Any]) -> StoredArticle:
    return StoredArticle(
        id=row["id"],
        article=article_from_row(row),
        fetched_at=row["fetched_at"],
        first_seen_at=row["first_seen_at"],
        versions=row["version"],
        removed_at=row["removed_at"],
        extractor=row.get("extractor"),
    )


def _article_id(db: Database, url: str) -> int | None:
    if url.isascii() and url.isdigit():
        number = int(url)
        return number if number <= _MAX_ID else None  # (SQLite's integers are 64-bit)
    for key in dict.fromkeys((url_key(url), url)):
        row = db.execute(
            "SELECT article_id FROM urls WHERE url = ? AND article_id IS NOT NULL"
            " UNION ALL SELECT article_id FROM aliases WHERE url = ? LIMIT 1",
            [key, key],
        ).fetchone()
        if row:
            return int(row[0])
    return None


def page_at(db: Database, url: str, at: str | None) -> int | None:
    """The page that the version of `url`'s article current at `at` (None: now) was
    read from, if the archive kept it."""
    article_id = _article_id(db, url)
    if article_id is None:
        return None
    row = db.execute(
        "SELECT page_id FROM versions WHERE article_id = ? AND page_id IS NOT NULL"
        " AND seen_at <= ? ORDER BY number DESC LIMIT 1",
        [article_id, at or "9999"],  # (after every ISO 8601 date)
    ).fetchone()
    return int(row[0]) if row else None


def versions(db: Database, article_id: int) -> list[Version]:
    """Every version of an article, oldest first (an older crawl imported later inserts
    earlier ones: by number, not row id)."""
    rows = _versions(db, "v.article_id = ?", [article_id])
    return sorted((version for _, _, version in rows), key=lambda version: version.number)


def page_versions(db: Database, page_id: int) -> list[tuple[int, Version]]:
    """(article id, version) for the versions extracted from page `page_id`."""
    return [(aid, version) for _, aid, version in _versions(db, "v.page_id = ?", [page_id])]


def iter_versions(
    db: Database,
    *,
    since: str | None = None,
    sites: Collection[str] = (),
    **filters: Unpack[Filters],
) -> Iterator[tuple[int, Version]]:
    """(article id, version) for every version first seen at or after `since`, and the
    current one of each article taken down from its site or back on it since then (an
    incremental export learns of it: `touched_since`); of the pages of `sites` (and their
    subdomains) if given; and as `filters` say."""
    picks = [_ids(db, "SELECT id FROM versions WHERE seen_at >= ?", [since])] if since else []
    if since:
        picks[0] |= _ids(db, _CURRENT_OF, [json.dumps(sorted(touched_since(db, since)))])
    picks += [_on_sites(db, "versions", sites)] if sites else []
    picks += filtered(db, "versions", filters)
    for where, params in _batches(db, "versions", picks, "v.id"):
        yield from ((aid, version) for _, aid, version in _versions(db, where, params))


def _versions(db: Database, where: str, params: list[Any]) -> list[tuple[int, int, Version]]:
    """(versions row id, article id, version) for the matching rows, by row id."""
    # The current version's text lives in `articles` (its versions row holds NULL).
    rows = select_rows(
        db,
        "SELECT v.*, coalesce(v.text, a.text) AS text, coalesce(v.markdown, a.markdown)"
        " AS markdown FROM versions v JOIN articles a ON a.id = v.article_id"
        f" WHERE {where} ORDER BY v.id",
        params,
    )
    return [
        (
            row["id"],
            row["article_id"],
            Version(
                number=row["number"],
                seen_at=row["seen_at"],
                article=article_from_row(row),
                page_id=row["page_id"],
                summary=row["summary"],
                extractor=row.get("extractor"),
            ),
        )
        for row in rows
    ]


def recaptures(
    db: Database, *, since: str | None = None, sites: Collection[str] = ()
) -> list[tuple[str, int, Version]]:
    """(page URL, article id, version) for each version seen after its page was first
    fetched (the story went back to a text it had shown: A, B, A), seen at or after
    `since`, of `sites` if given; in the order seen."""
    urls = dict(
        db.execute(
            "SELECT v.id, p.url FROM versions v JOIN pages p ON p.id = v.page_id"
            " WHERE v.seen_at > p.fetched_at"
        ).fetchall()
    )
    picks = [set(urls)]
    picks += [_ids(db, "SELECT id FROM versions WHERE seen_at >= ?", [since])] if since else []
    picks += [_on_sites(db, "versions", sites)] if sites else []
    found = [
        (urls[row_id], aid, version)
        for where, params in _batches(db, "versions", picks, "v.id")
        for row_id, aid, version in _versions(db, where, params)
    ]
    return sorted(found, key=lambda item: item[2].seen_at)


def iter_articles(
    db: Database,
    *,
    since: str | None = None,
    sites: Collection[str] = (),
    **filters: Unpack[Filters],
) -> Iterator[StoredArticle]:
    """Each article new or changed at or after `since`, as it is now; of the pages of
    `sites` (and their subdomains) if given; and as `filters` say.

    `since` compares with the time the article's current version was first seen, so an
    incremental export gets new and changed articles, not ones merely fetched again
    unchanged (`iter_versions` gives every version), and with when it was taken down from
    its site or found back on it (`touched_since`), so it learns of a deletion too.
    """
    picks = [_ids(db, _CURRENT_SINCE, [since]) | touched_since(db, since)] if since else []
    picks += [_on_sites(db, "articles", sites)] if sites else []
    picks += filtered(db, "articles", filters)
    for where, params in _batches(db, "articles", picks, "id"):
        rows = select_rows(db, f"SELECT * FROM articles WHERE {where} ORDER BY id", params)
        yield from map(_stored, rows)


def takedowns(
    db: Database, *, since: str | None = None, sites: Collection[str] = ()
) -> list[tuple[int, str, str]]:
    """(article id, URL, when found gone) of each article taken down at or after `since`,
    of `sites` (and their subdomains) if given, oldest first."""
    rows = db.execute(
        "SELECT id, url, removed_at FROM articles WHERE removed_at >= ? ORDER BY removed_at, id",
        [since or ""],
    )
    return [(i, url, at) for i, url, at in rows if not sites or on_hosts(url or "", sites)]


def _ids(db: Database, select: str, params: list[Any]) -> set[int]:
    return {row[0] for row in db.execute(select, params)}


def _on_sites(db: Database, table: str, sites: Collection[str]) -> set[int]:
    """The ids of the rows of `table` whose page is on one of `sites` or a subdomain,
    found by the pages' host index and the table's page index."""
    hosts = stored_hosts(db, sites)
    select = f"SELECT t.id FROM {table} t JOIN pages p ON p.id = t.page_id WHERE p.host IN"
    return _ids(db, f"{select} ({','.join('?' * len(hosts))})", hosts)


def _batches(
    db: Database, table: str, picks: list[set[int]], column: str
) -> Iterator[tuple[str, list[Any]]]:
    """Conditions on `column` that take, `_BATCH` at a time and in id order, the ids of
    `table` in every set of `picks` (found by index: a week or a site of a big archive
    is small), or all of them when there are none (listed from an index, not the table:
    an export then takes the rows as they were when it began)."""
    if picks:
        ids = sorted(set.intersection(*picks))
    else:
        ids = sorted(row[0] for row in db.execute(f"SELECT id FROM {table}"))
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        yield f"{column} IN ({','.join('?' * len(chunk))})", chunk


_CURRENT_SINCE = (
    "SELECT v.article_id FROM versions v JOIN articles a ON a.id = v.article_id"
    " AND v.number = a.version WHERE v.seen_at >= ?"
)
# The current versions (row ids) of the articles listed in a JSON array.
_CURRENT_OF = (
    "SELECT v.id FROM versions v JOIN articles a ON a.id = v.article_id"
    " AND v.number = a.version WHERE a.id IN (SELECT value FROM json_each(?))"
)


def changes(
    db: Database, *, since: str, sites: Collection[str] = (), limit: int | None = None
) -> list[Change]:
    """The versions after the first seen at or after `since`, and the articles taken
    down from their sites or back on them since then (`takedown_changes`), newest
    first, of the pages of `sites` (and their subdomains) if given."""
    on_sites, params = host_condition(sites, "p.host") if sites else ("1", [])
    pages = " JOIN pages p ON p.id = v.page_id" if sites else ""
    rows = db.execute(
        "SELECT v.article_id, v.number, v.seen_at, v.url, v.title, v.summary"
        f" FROM versions v{pages} WHERE v.seen_at >= ? AND v.number > 1 AND {on_sites}"
        " ORDER BY v.seen_at DESC, v.id DESC LIMIT ?",
        [since, *params, -1 if limit is None else limit],
    ).fetchall()
    found = [Change(*row) for row in rows] + takedown_changes(db, since, sites)
    # (Stable: a visit that found a story back and changed tells the version first.)
    found.sort(key=lambda change: change.seen_at, reverse=True)
    return found[:limit]


def fetch_log(
    db: Database, *, failed_only: bool = False, limit: int | None = None
) -> Iterator[LogEntry]:
    """The fetch log, newest first, read as it is taken (it may hold millions of rows)."""
    where = "WHERE failed" if failed_only else ""
    rows = db.execute(
        "SELECT url, at, status, outcome, reason, run_id FROM fetch_log"
        f" {where} ORDER BY id DESC LIMIT ?",
        [-1 if limit is None else limit],
    )
    return (LogEntry(*row) for row in rows)


def extractions_raised(db: Database, prefix: str, last: int) -> bool:
    """Whether the `last` extractions the fetch log tells of, across runs, all raised:
    the newest `last` of its rows that are an archived page or a failure whose reason
    begins with `prefix` (read newest first: it stops at the `last`th)."""
    rows = db.execute(
        "SELECT outcome = 'ok' FROM fetch_log WHERE outcome = 'ok'"
        " OR (failed AND substr(reason, 1, ?) = ?) ORDER BY id DESC LIMIT ?",
        [len(prefix), prefix, last],
    ).fetchall()
    return len(rows) == last and not any(ok for (ok,) in rows)


def stats(db: Database, path: Path) -> dict[str, Any]:
    """Counts, sizes (raw pages vs stored) and the last run."""

    def count(table: str, where: str = "") -> int:
        return int(db.execute(f"SELECT count(*) FROM {table} {where}").fetchone()[0])

    raw, stored = db.execute(
        "SELECT coalesce(sum(raw_size), 0), coalesce(sum(length(body)), 0) FROM pages"
    ).fetchone()
    (dictionaries,) = db.execute(
        "SELECT coalesce(sum(length(data)), 0) FROM dictionaries"
    ).fetchone()
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    page_count = db.execute("PRAGMA page_count").fetchone()[0]
    last_run = select_rows(db, "SELECT * FROM runs ORDER BY id DESC LIMIT 1", [])
    if last_run and last_run[0]["report"]:
        last_run[0]["report"] = json.loads(last_run[0]["report"])
    return {
        "sources": count("sources", "WHERE removed_at IS NULL"),  # the ones polled
        "removed_sources": count("sources", "WHERE removed_at IS NOT NULL"),
        "urls": dict(db.execute("SELECT state, count(*) FROM urls GROUP BY state").fetchall()),
        "articles": count("articles"),
        "versions": count("versions"),
        "aliases": count("aliases"),
        "pages": count("pages"),
        "dictionaries": count("dictionaries"),
        "runs": count("runs"),
        "raw_bytes": raw,
        "stored_bytes": stored + dictionaries,
        "db_bytes": page_size * page_count,
        "last_run": last_run[0] if last_run else None,
    }


def top_sites(db: Database, limit: int) -> list[dict[str, Any]]:
    """The `limit` hosts with the most articles (by their current page): each one's
    articles, versions and stories taken down, most articles first."""
    return select_rows(
        db,
        "SELECT p.host, count(*) AS articles, sum(a.version) AS versions,"
        " count(a.removed_at) AS removed FROM articles a JOIN pages p ON p.id = a.page_id"
        " GROUP BY p.host ORDER BY articles DESC, p.host LIMIT ?",
        [limit],
    )
