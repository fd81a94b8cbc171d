"""Full-text search over the archive's articles (and their older versions): SQLite
FTS5 with bm25, a title term worth five in the text, and the query read as a person
writes one (`-word` excludes; a query that is no FTS5 syntax is read as its words)."""

from __future__ import annotations

import logging
import re
import sqlite3
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from itertools import islice, product
from typing import Any

from sqlite_utils import Database

from .records import Hit
from .rows import stored_hosts
from .searchquery import Terms, any_of, has_unspaced, other_spellings, quoted, read_query

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

    `query` is FTS5 syntax (`climate AND "sea level"`, `prefix*`), with a web search's
    `-word` and `-"phrase"` (`searchquery`); if it is not valid syntax, its words are
    searched for as plain terms instead. With `sites` (hosts as the archive spells them),
    only the pages of those hosts and their subdomains; with `since`, only articles new
    or changed since then (as `iter_articles` takes them: a cron job's alert), or with
    `all_versions` the versions first seen since then.
    """
    query = unicodedata.normalize("NFC", query)
    if not query.strip():
        return []
    hosts = stored_hosts(db, sites) if sites else []
    on_sites = f"p.host IN ({','.join('?' * len(hosts))})" if sites else ""
    params: list[str] = [*hosts, *([since] if since is not None else [])]
    # A query in Chinese, Japanese… is looked for in their own index, of every three
    # characters: any part of a clause is found.
    unspaced = has_unspaced(query)
    indexes = (_UNSPACED_INDEXES if unspaced else _INDEXES)[: 2 if all_versions else 1]
    terms = _pieces(db, indexes) if unspaced else _spellings(db, indexes)
    sql = " UNION ALL ".join(_hits(index, on_sites, since is not None) for index in indexes)
    read = read_query(query)
    for attempt in (read.fts(terms), read.words(terms)):
        part_params = [attempt, *params, limit]
        try:
            rows = db.execute(
                f"{sql} ORDER BY rank LIMIT ?", [*part_params * len(indexes), limit]
            ).fetchall()
        except sqlite3.OperationalError as error:  # FTS5 syntax error in the user's query
            log.warning("%r is no search syntax (%s); searched for its words: %s",
                        query, error, read.words(terms))  # fmt: skip
            continue
        short = [p.term for p in read.parts if p.term and len(p.term) < 3] if unspaced else []
        return [_hit(row, short) for row in rows]
    return []


def _hit(row: tuple[Any, ...], short: list[str]) -> Hit:
    article_id, version, url, title, published, snippet, removed_at, _rank = row
    return Hit(article_id, version, url, title, published, _marked(snippet, short), removed_at)


def _marked(snippet: str, short: list[str]) -> str:
    """The snippet with a term shorter than the trigram index's pieces marked alone:
    "**渡轮**服", not the piece it was found by ("**渡轮服**")."""
    if not short:
        return snippet
    terms = "|".join(map(re.escape, sorted(short, key=len, reverse=True)))
    return re.sub(rf"\*\*({terms})([^*]+)\*\*", r"**\1**\2", snippet, flags=re.IGNORECASE)


def _spellings(db: Database, indexes: Sequence[_Index]) -> Terms:
    """A term as it is, or with the other spellings of its words that the indexes hold
    (`other_spellings`: "γεφυρα" finds "γέφυρα", "Da Nang" "Đà Nẵng")."""

    def spellings(word: str) -> list[str]:
        # (Only the others are looked up: the index counts a common word's every use.)
        others = other_spellings(word)
        held = set().union(*(_vocabulary(db, index, others) for index in indexes))
        return [word, *(s for s in others if s in held)]

    def terms(term: str) -> str:
        words = _WORD.findall(term)
        phrases = islice(product(*map(spellings, words)), _MAX_PHRASES)
        return any_of([" ".join(p) for p in phrases] if len(words) > 1 else spellings(term))

    return terms


_MAX_PHRASES = 16


def _pieces(db: Database, indexes: Sequence[_Index]) -> Terms:
    """A term as the trigram index reads it: one of two characters or one ("大桥", a
    common Chinese word) as the index's three characters that start with it."""

    def terms(term: str) -> str:
        if len(term) >= 3:
            return quoted(term)
        prefix = term.lower()
        held = set().union(*(_vocabulary(db, index, prefix=prefix) for index in indexes))
        return any_of(sorted(held)) if held else quoted(term)

    return terms


def _vocabulary(
    db: Database, index: _Index, terms: Collection[str] = (), *, prefix: str = ""
) -> set[str]:
    """Which of `terms`, or of the terms starting with `prefix`, the index holds."""
    vocabulary = f"temp.{index.fts}_vocabulary"
    db.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {vocabulary}"
        f" USING fts5vocab(main, '{index.fts}', 'row')"
    )
    if prefix:
        rows = db.execute(
            f"SELECT term FROM {vocabulary} WHERE term >= ? AND term < ? LIMIT ?",
            [prefix, prefix + "\U0010ffff", _MAX_PIECES],
        )
    else:
        rows = db.execute(
            f"SELECT term FROM {vocabulary} WHERE term IN ({','.join('?' * len(terms))})",
            list(terms),
        )
    return {row[0] for row in rows}


# A character alone starts hundreds of the index's terms: the commonest are enough.
_MAX_PIECES = 300


@dataclass(frozen=True, slots=True)
class _Index:
    """A full-text index, and how its hits are read."""

    fts: str
    table: str  # the rows it indexes (rowid = id), read as `r`, and as `t` in `_within`
    hit: str  # the hit's article id and version number in `table`
    seen_at: str  # when a row's text was first seen, in `_within`'s query
    seen_join: str  # what that needs joined to `t`

    removed_at: str  # when the hit's article was taken down from its site, in `_hits`
    snippet_tokens: int = 16  # a snippet's length: words, or characters in a trigram index


_LATEST = _Index(
    "articles_fts", "articles", "r.id, r.version", "v.seen_at",
    " JOIN versions v ON v.article_id = t.id AND v.number = t.version", "r.removed_at",
)  # fmt: skip
_OLDER = _Index(
    "versions_fts", "versions", "r.article_id, r.number", "t.seen_at", "",
    "(SELECT a.removed_at FROM articles a WHERE a.id = r.article_id)",
)  # fmt: skip
_INDEXES = (_LATEST, _OLDER)
# The same rows' texts in Chinese, Japanese…: in an index of every three characters.
_UNSPACED_INDEXES = tuple(
    replace(index, fts=index.fts.replace("_fts", "_unspaced"), snippet_tokens=48)
    for index in _INDEXES
)


def _hits(index: _Index, on_sites: str, since: bool) -> str:
    return (
        f"SELECT * FROM (SELECT {index.hit}, r.url, r.title, r.published, f.snippet,"
        f" {index.removed_at}, f.rank"
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
        f"SELECT rowid, snippet({fts}, -1, '**', '**', '…', {index.snippet_tokens})"
        " AS snippet, rank"
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
