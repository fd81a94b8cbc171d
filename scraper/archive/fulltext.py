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
from itertools import chain, islice, product
from typing import Any

from sqlite_utils import Database

from .records import Hit
from .rows import stored_hosts
from .searchquery import Terms, any_of, has_unspaced, other_spellings, quoted, read_query
from .snippets import LONG, long_snippet

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
    until: str | None = None,
    rows: Sequence[tuple[str, list[Any]]] = (),
) -> list[Hit]:
    """Full-text search, best match first (bm25, a title term worth five in the text).

    `query` is FTS5 syntax (`climate AND "sea level"`, `prefix*`), with a web search's
    `-word` and `-"phrase"` (`searchquery`); if it is not valid syntax, its words are
    searched for as plain terms instead. With `sites` (hosts as the archive spells them),
    only the pages of those hosts and their subdomains; with `since`, only articles new
    or changed since then (as `iter_articles` takes them: a cron job's alert), or with
    `all_versions` the versions first seen since then, and with `until` before then; with
    `rows`, only the rows that meet each of those SQL conditions and their parameters
    (`filters.row_conditions`: a language, a publication date, an author).
    """
    query = unicodedata.normalize("NFC", query)
    if not query.strip():
        return []
    hosts = stored_hosts(db, sites) if sites else []
    on_sites = f"p.host IN ({','.join('?' * len(hosts))})" if sites else ""
    on_rows = " AND ".join(where for where, _ in rows)
    times = [time for time in (since, until) if time is not None]
    params: list[Any] = [*hosts, *(param for _, params in rows for param in params), *times]
    # A query in Chinese, Japanese… is looked for in their own index too, of every three
    # characters, where any part of a clause is found; and still in the word index, as
    # it may mix scripts ("Samsung OR 삼성전자": the English story is only there).
    unspaced = has_unspaced(query)
    kept = 2 if all_versions else 1
    groups = [(_INDEXES[:kept], _spellings)]
    if unspaced:
        groups.append((_UNSPACED_INDEXES[:kept], _pieces))
    indexes = [index for group, _ in groups for index in group]
    within = _Within(on_sites, on_rows, since is not None, until is not None)
    sql = _merged([_hits(index, within) for index in indexes])
    _register_long_snippet(db)
    read = read_query(query)
    for written in (read.fts, read.words):
        # (A group's terms are looked up once, for its latest texts and older ones.)
        searched = [(written(terms(db, group)), group) for group, terms in groups]
        per_index = [[e, e, *params, limit] for e, group in searched for _ in group]
        try:
            rows = db.execute(sql, [*chain(*per_index), limit]).fetchall()
        except sqlite3.OperationalError as error:  # FTS5 syntax error in the user's query
            log.warning("%r is no search syntax (%s); searched for its words: %s",
                        query, error, read.words(str))  # fmt: skip
            continue
        short = [p.term for p in read.parts if p.term and len(p.term) < 3] if unspaced else []
        return [_hit(row, short) for row in rows]
    return []


def _register_long_snippet(db: Database) -> None:
    """`long_snippet` as the connection's SQL function, once: registering one makes SQLite
    prepare every statement anew (0.2 ms a search)."""
    if not db.execute("SELECT 1 FROM pragma_function_list WHERE name = 'long_snippet'").fetchone():
        db.conn.create_function("long_snippet", 5, long_snippet, deterministic=True)


def _merged(parts: list[str]) -> str:
    """The indexes' hits as one ranking: a story two indexes found, once, at its best."""
    union = " UNION ALL ".join(parts)
    return (
        "SELECT id, version, url, title, published, snippet, removed_at, min(rank) AS rank"
        f" FROM ({union}) GROUP BY id, version ORDER BY rank LIMIT ?"
    )


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
    common Chinese word) as the index's three characters that start with it (`_covering`)."""

    def terms(term: str) -> str:
        if len(term) >= 3:
            return quoted(term)
        prefix = term.lower()
        held = set().union(*(_covering(db, index, prefix) for index in indexes))
        return any_of(sorted(held)) if held else quoted(term)

    return terms


def _covering(db: Database, index: _Index, prefix: str) -> list[str]:
    """Of the index's terms starting with `prefix`, enough to find every row that holds
    one: the commonest first, each kept if it finds a row the ones before it do not."""
    # "中国" starts thousands of terms in a Chinese archive: bm25 takes half a second to
    # rank by all of them, and any few hundred chosen by their letters miss stories.
    rows = {
        term: set(map(int, held.split(",")))
        for term, held in db.execute(
            f"SELECT term, group_concat(DISTINCT doc)"
            f" FROM {_vocabulary_table(db, index, 'instance')}"
            " WHERE term >= ? AND term < ? GROUP BY term",
            [prefix, prefix + "\U0010ffff"],
        )
    }
    every = set().union(*rows.values())
    found: set[int] = set()
    kept: list[str] = []
    for term, held in sorted(rows.items(), key=lambda item: -len(item[1])):
        if len(found) == len(every):
            break
        if not held <= found:
            kept.append(term)
            found |= held
    return kept


def _vocabulary(db: Database, index: _Index, terms: Collection[str]) -> set[str]:
    """Which of `terms` the index holds."""
    rows = db.execute(
        f"SELECT term FROM {_vocabulary_table(db, index, 'row')}"
        f" WHERE term IN ({','.join('?' * len(terms))})",
        list(terms),
    )
    return {row[0] for row in rows}


def _vocabulary_table(db: Database, index: _Index, kind: str) -> str:
    """The index's terms as a table (FTS5's `fts5vocab`): by term ('row'), or each use."""
    table = f"temp.{index.fts}_{kind}"
    db.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5vocab(main, '{index.fts}', '{kind}')"
    )
    return table


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
    tokenize: str = "unicode61 remove_diacritics 2"  # as the index was made (`first_schema`)


_LATEST = _Index(
    "articles_fts", "articles", "r.id AS id, r.version AS version", "v.seen_at",
    " JOIN versions v ON v.article_id = t.id AND v.number = t.version", "r.removed_at",
)  # fmt: skip
_OLDER = _Index(
    "versions_fts", "versions", "r.article_id AS id, r.number AS version", "t.seen_at", "",
    "(SELECT a.removed_at FROM articles a WHERE a.id = r.article_id)",
)  # fmt: skip
_INDEXES = (_LATEST, _OLDER)
# The same rows' texts in Chinese, Japanese…: in an index of every three characters.
_UNSPACED_INDEXES = tuple(
    replace(
        index, fts=index.fts.replace("_fts", "_unspaced"), snippet_tokens=48, tokenize="trigram"
    )
    for index in _INDEXES
)


@dataclass(frozen=True, slots=True)
class _Within:
    """A search's conditions on a match: SQL on its page (`p`), on its row's own columns,
    and whether it asks for a first time and a last."""

    on_sites: str
    on_rows: str
    since: bool
    until: bool


def _hits(index: _Index, within: _Within) -> str:
    return (
        f"SELECT * FROM (SELECT {index.hit}, r.url, r.title, r.published, f.snippet,"
        f" {index.removed_at} AS removed_at, f.rank"
        f" FROM ({_ranked(index, within)}) AS f"
        f" JOIN {index.table} r ON r.id = f.rowid)"
    )


# `ORDER BY rank LIMIT` inside the FTS5 query lets FTS5 rank all matches but build
# snippets only for the rows returned: ordering outside it snippets every match. So the
# conditions on sites and time go inside it too (filtered after, the best matches of
# other sites would leave fewer than `limit`), asked of each match: a list of the site's
# articles made first would read the whole archive for a search that matches ten.
# A long text's snippet is made from its pieces (`snippets`): FTS5's takes minutes on a
# page of megabytes that repeats the word. (The query is its first parameter, and MATCH's;
# a text's bytes are counted as a blob's: its characters took a pass over it.)
def _ranked(index: _Index, within: _Within) -> str:
    fts, tokens = index.fts, index.snippet_tokens
    return (
        f"SELECT rowid, CASE WHEN length(CAST({fts}.text AS BLOB)) > {LONG}"
        f" THEN long_snippet({fts}.title, {fts}.text, ?, {tokens}, '{index.tokenize}')"
        f" ELSE snippet({fts}, -1, '**', '**', '…', {tokens}) END AS snippet, rank"
        f" FROM {fts} WHERE {fts} MATCH ?{_within(index, within)}"
        " ORDER BY rank LIMIT ?"
    )


def _within(index: _Index, asked: _Within) -> str:
    """The condition a match's row must meet, or "" for none."""
    # A site's rows are listed once, by index (`IN`); asked of each match, a common
    # word would read every article row. A language's, a date's and an author's too (a
    # pass over short columns).
    within = (
        f" AND +{index.fts}.rowid IN (SELECT t.id FROM {index.table} t"
        f" JOIN pages p ON p.id = t.page_id WHERE {asked.on_sites})"
        if asked.on_sites
        else ""
    )
    if asked.on_rows:
        within += (
            f" AND +{index.fts}.rowid IN (SELECT t.id FROM {index.table} t WHERE {asked.on_rows})"
        )
    times = [f"{index.seen_at} >= ?"] * asked.since + [f"{index.seen_at} < ?"] * asked.until
    if times:
        within += (
            f" AND EXISTS (SELECT 1 FROM {index.table} t{index.seen_join}"
            f" WHERE t.id = {index.fts}.rowid AND {' AND '.join(times)})"
        )
    return within


_WORD = re.compile(r"\w+")
