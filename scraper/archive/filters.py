"""Which articles and versions a reader keeps besides a time and sites: `Filters`, as the
id sets `queries` intersects, and the language condition `fulltext` asks of a match."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any, TypedDict

from sqlite_utils import Database

from ..clock import parse_since
from ..errors import UsageError

__all__ = ["Filters", "checked", "filtered", "language_codes", "language_condition"]


class Filters(TypedDict, total=False):
    """What `iter_articles` and `iter_versions` keep besides `since` and `sites`: what
    was first seen before `until` (an article's current version; each version); what is
    in one of `languages` ("en" takes "en-GB" too); with `removed`, the stories taken down
    from their site (and not back); with `changed`, those of more than one version."""

    until: str | None
    languages: Collection[str]
    removed: bool
    changed: bool


def checked(filters: Filters) -> Filters:
    """`filters` with `until` as stored times are written (`parse_since`) and the
    languages checked (`language_codes`); `UsageError` for either that is wrong."""
    until, languages = filters.get("until"), filters.get("languages", ())
    return {
        **filters,
        "until": None if until is None else parse_since(until),
        "languages": language_codes(languages),
    }


def language_codes(codes: Collection[str]) -> frozenset[str]:
    """`codes` as BCP 47 tags ("en", "pt-BR", "zh-Hant"), lower case; `UsageError` for
    anything else (a name such as "English" would match nothing, silently)."""
    for code in codes:
        if not _TAG.fullmatch(code):
            raise UsageError(f"not a language code: {code!r} (e.g. en, de, pt-BR)")
    return frozenset(code.lower() for code in codes)


_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def filtered(db: Database, table: str, filters: Filters) -> list[set[int]]:
    """The ids of `table` ("articles", or "versions": row ids) each filter keeps, each
    found by an index or a pass over the rows' short columns (40 000 articles: 30 ms)."""
    picks = []
    if until := filters.get("until"):
        picks.append(_ids(db, _FILTERS["until"][table], [until]))
    if languages := filters.get("languages"):
        either, params = language_condition(languages)
        picks.append(_ids(db, f"SELECT id FROM {table} WHERE {either}", params))
    for name in ("removed", "changed"):
        if filters.get(name):
            picks.append(_ids(db, _FILTERS[name][table], []))
    return picks


# Each filter's SQL, for articles (their ids) and for versions (their row ids).
_FILTERS = {
    "until": {
        "articles": "SELECT v.article_id FROM versions v JOIN articles a"
        " ON a.id = v.article_id AND v.number = a.version WHERE v.seen_at < ?",
        "versions": "SELECT id FROM versions WHERE seen_at < ?",
    },
    "removed": {
        "articles": "SELECT id FROM articles WHERE removed_at IS NOT NULL",
        "versions": "SELECT v.id FROM versions v JOIN articles a ON a.id = v.article_id"
        " WHERE a.removed_at IS NOT NULL",
    },
    "changed": {
        "articles": "SELECT id FROM articles WHERE version > 1",
        "versions": "SELECT v.id FROM versions v JOIN articles a ON a.id = v.article_id"
        " WHERE a.version > 1",
    },
}


def language_condition(
    languages: Collection[str], column: str = "language"
) -> tuple[str, list[str]]:
    """SQL true for a `column` in one of `languages` (any case), or a variant of one
    ("en" takes "en-GB", not "eng"), and its parameters."""
    codes = sorted({code.lower() for code in languages})
    either = " OR ".join(f"lower({column}) = ? OR lower({column}) LIKE ?" for _ in codes)
    return f"({either})", [value for code in codes for value in (code, f"{code}-%")]


def _ids(db: Database, select: str, params: list[Any]) -> set[int]:
    return {row[0] for row in db.execute(select, params)}
