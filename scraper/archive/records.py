"""What the archive hands back, and how an `Article` maps to a row and back.

Every `Article` field is its own column; `authors` and `tags` are JSON arrays, so
Datasette shows them and SQLite's JSON functions can query them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from http import HTTPStatus
from typing import Any

from sqlite_utils import Database

from ..digests import Digests, digests, text_hash
from ..models import Article, Source
from ..versions import fingerprint
from .rows import select_rows

__all__ = [
    "ARTICLE_COLUMNS",
    "ChildSitemap",
    "Digests",
    "FetchedAhead",
    "Hit",
    "LogEntry",
    "Queued",
    "Removal",
    "Revisit",
    "Saved",
    "SourceYield",
    "StoredArticle",
    "Version",
    "article_from_row",
    "article_to_row",
    "digests",
    "refreshed",
    "same_version",
    "status_reason",
    "superseded",
    "text_hash",
]

# `rating` too, which `Article.to_dict` gives only for a review that has one.
ARTICLE_COLUMNS: tuple[str, ...] = (*Article.FIELDS, "rating")
_LIST_COLUMNS = frozenset({"authors", "tags"})
# Only a long shared text makes another address's different headline a new version of
# the article (a correction that moved it): a short one may be a site-wide teaser that the
# extractor took for two different stories.
MIN_TEXT_FOR_MOVE = 800


@dataclass(frozen=True, slots=True)
class Saved:
    """What `Archive.save_page` did with one page."""

    article_id: int
    created: bool  # a new article
    new_version: bool  # the article changed (a created article is version 1, not "new")
    version: int  # the article's current version number
    duplicate_of: int | None = None  # set when the URL turned out to be an alias


@dataclass(frozen=True, slots=True)
class Queued:
    """What `Archive.enqueue` did: URLs queued, and archived ones made due because their
    source dates them after their last fetch (an updated story)."""

    new: int
    updated: int = 0


@dataclass(frozen=True, slots=True)
class ChildSitemap:
    """A sitemap that a source's sitemap index lists, and when it was last read."""

    url: str
    listed_lastmod: str | None  # the index's <lastmod> for it
    read_lastmod: str | None = None  # the same, when it was last read
    read_at: str | None = None  # None: not read yet
    etag: str | None = None
    last_modified: str | None = None

    @property
    def stale(self) -> bool:
        """Whether to fetch it: never read, undated (only a conditional GET tells), or
        dated anew by the index since it was read."""
        return (
            self.read_at is None
            or not self.listed_lastmod
            or (self.listed_lastmod != self.read_lastmod)
        )


@dataclass(frozen=True, slots=True)
class SourceYield:
    """What a source has brought: the article URLs first found through it, how many of
    them are archived, and when the newest was found (a feed that went quiet shows)."""

    found: int = 0
    archived: int = 0
    newest_found_at: str | None = None


@dataclass(frozen=True, slots=True)
class Removal:
    """What `Archive.remove_source` did: the source as it now is, how many of the URLs it
    found and no run had fetched yet left the queue, and how many archived articles'
    revisits were called off (only when asked: by default their history goes on)."""

    source: Source
    dropped: int
    revisits_stopped: int = 0


@dataclass(frozen=True, slots=True)
class Revisit:
    """An archived URL that is due to be fetched again, with its validators."""

    url: str
    etag: str | None
    last_modified: str | None
    article_id: int | None
    visits: int
    moved_to: str | None = None  # where it redirects for good: fetched there directly


@dataclass(frozen=True, slots=True)
class Tracked:
    """What the archive's queue holds of one URL."""

    state: str  # new, retry, done, failed, gone, skipped
    last_fetched_at: str | None
    next_visit_at: str | None  # when a run revisits it (None: never)


@dataclass(frozen=True, slots=True)
class FetchedAhead:
    """A URL last fetched at a time still ahead of the clock (`Archive.bring_forward`)."""

    url: str
    visits: int  # fetches made, the first included
    next_visit_at: str | None
    last_fetched_at: str
    first_seen_at: str | None  # its article's (None: no article)
    removed_at: str | None  # when it was found taken down (None: it is up)


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as archived: its latest version and when it was seen."""

    id: int
    article: Article
    fetched_at: str
    first_seen_at: str
    versions: int
    removed_at: str | None  # when a visit found it taken down from its site
    extractor: str | None = None  # the revision of the extractor that made `article`


@dataclass(frozen=True, slots=True)
class Version:
    """One version of an article; `summary` says what changed from the one before."""

    number: int
    seen_at: str
    article: Article
    page_id: int | None
    summary: str | None
    extractor: str | None = None  # the revision of the extractor that made `article`


@dataclass(frozen=True, slots=True)
class Hit:
    """A search result; `snippet` marks the matched terms with `**`."""

    article_id: int
    version: int
    url: str | None
    title: str | None
    published: str | None
    snippet: str
    removed_at: str | None = None  # when the article was found taken down from its site


@dataclass(frozen=True, slots=True)
class Change:
    """A new version of an archived article: when it was seen, and what changed."""

    article_id: int
    version: int
    seen_at: str
    url: str | None
    title: str | None
    summary: str | None  # "title changed; +12/−3 words"


@dataclass(frozen=True, slots=True)
class SiteRulesEdit:
    """One setting of the site rules (`scraper sites FILE`); "" cleared them."""

    number: int  # counts the edits from 1, as `scraper sites --history` shows them
    set_at: str
    rules: str  # the TOML text as it was set


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One line of the fetch log."""

    url: str
    at: str
    status: int | None
    outcome: str
    reason: str
    run_id: int | None


def article_to_row(article: Article) -> dict[str, Any]:
    """The article's columns (lists as JSON text)."""
    row: dict[str, Any] = {}
    for name in ARTICLE_COLUMNS:
        value = getattr(article, name)
        row[name] = json.dumps(list(value), ensure_ascii=False) if name in _LIST_COLUMNS else value
    return row


# The metadata a revisit with the same fingerprint brings up to date: what the fingerprint
# leaves out, and a page may change without a new version (a later modified time, a moved
# canonical URL, a rewritten description), so the record never pairs a fresh fetch with it
# as it was.
_REFRESHED = (
    "modified", "canonical_url", "description", "section", "tags", "image", "site_name",
    "headline",  # (only ever unknown before: a new one is a new fingerprint)
    "rating",  # (never in a fingerprint: a rating given or changed is no new version)
)  # fmt: skip


def refreshed(row: dict[str, Any], article: Article) -> dict[str, Any]:
    """The columns of `row` (an article's) that `article`, a later reading of the same
    version, says anew: a value it gives that differs (a modified time only when later),
    never one it lacks (a page served without its description keeps the one known)."""
    new = article_to_row(article)
    changed = {}
    for name in _REFRESHED:
        value, old = new[name], row.get(name)
        if value in (None, "", "[]") or value == old:
            continue
        if name == "modified" and old and not _later(value, old):
            continue
        changed[name] = value
    return changed


def superseded(db: Database, current: dict[str, Any], number: int) -> Article:
    """Give version `number` of the article whose row is `current` (the version it holds)
    its own copy of the text, which only `articles` held; returns that version as it was
    recorded, not as revisits since refreshed the record (the record's value where an
    older archive's version has none)."""
    (version,) = select_rows(
        db,
        "UPDATE versions SET text = ?, markdown = ? WHERE article_id = ? AND number = ?"
        " RETURNING *",
        [current["text"], current["markdown"], current["id"], number],
    )
    return article_from_row({**current, **{k: v for k, v in version.items() if v is not None}})


def same_version(row: dict[str, Any], article: Article, digest: str) -> bool:
    """Whether `article` (of fingerprint `digest`) reads as the version in `row` does:
    the same fingerprint, or one that differs only by a headline the version never
    recorded (an archive older than the field), which is no rewrite."""
    if digest == row["fingerprint"]:
        return True
    unrecorded = row.get("headline") is None and article.headline
    return bool(unrecorded) and fingerprint(replace(article, headline=None)) == row["fingerprint"]


def status_reason(status: int) -> str:
    """The reason a page of HTTP `status` gives: "HTTP 410 Gone"."""
    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def _later(new: str, old: str) -> bool:
    try:
        return datetime.fromisoformat(new) > datetime.fromisoformat(old)
    except (ValueError, TypeError):  # (a date beside a time, naive beside aware: as written)
        return new > old


def article_from_row(row: dict[str, Any]) -> Article:
    """Rebuild an `Article` from a row holding (at least) its columns."""
    values: dict[str, Any] = {}
    for name in ARTICLE_COLUMNS:
        value = row.get(name)
        if name in _LIST_COLUMNS:
            value = json.loads(value) if value else []
        elif name in ("text", "markdown"):
            value = value or ""
        values[name] = value
    return Article(**values)
