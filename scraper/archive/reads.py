"""The archive's reads, as methods of `Archive`: each a query of `queries` (or of the
page store), none of them writing. Kept apart from `store`, whose methods write."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar, Unpack

from sqlite_utils import Database

from ..clock import parse_since
from ..errors import ArchiveError, UsageError
from ..models import Page
from ..notices import EXTRACTION_FAILED
from ..urls import site_hosts
from . import fulltext, queries
from .connection import explain
from .counts import BREAKDOWNS, breakdown
from .filters import Filters, checked, row_conditions
from .frontier import MAX_ATTEMPTS, url_key
from .pages import PageStore
from .records import Change, Hit, LogEntry, StoredArticle, Version
from .takedowns import Takedown, takedowns
from .verify import Verification, verify

__all__ = ["ArchiveReads", "explaining"]

_C = TypeVar("_C", bound=type)


def explained(method: Callable[..., Any]) -> Callable[..., Any]:
    """`method`, its SQLite errors (a damaged file, a damaged index) turned into an
    `ArchiveError` that says so, in the call or as its iterator is read."""

    @functools.wraps(method)
    def read(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            result = method(self, *args, **kwargs)
        except sqlite3.Error as error:
            raise ArchiveError(explain(self.path, error)) from error
        return _explained_rows(self.path, result) if isinstance(result, Iterator) else result

    return read


def _explained_rows(path: Path, rows: Iterator[Any]) -> Iterator[Any]:
    try:
        yield from rows
    except sqlite3.Error as error:
        raise ArchiveError(explain(path, error)) from error


def explaining(cls: _C) -> _C:
    """`cls`, each of its public methods `explained`: SQLite's errors in any of them are
    one `ArchiveError` a person can read, never a traceback."""
    for name, method in list(vars(cls).items()):
        if callable(method) and not name.startswith("_"):
            setattr(cls, name, explained(method))
    return cls


@explaining
class ArchiveReads:
    """What `Archive` reads; the archive opens the file and gives these their fields.
    Each turns SQLite's errors into `ArchiveError` (`explaining`)."""

    db: Database
    path: Path
    read_only: bool
    _pages: PageStore

    def article(self, ref: str | int) -> StoredArticle | None:
        """The article with this id, or fetched from or known under this URL (any alias)."""
        return queries.article(self.db, ref)

    def versions(self, article_id: int) -> list[Version]:
        """Every version of an article, oldest first."""
        return queries.versions(self.db, article_id)

    def raw_page(self, page_id: int) -> Page:
        """A stored page, decompressed."""
        page = self._pages.get(page_id)
        if page is None:
            raise ArchiveError(f"{self.path} has no page {page_id}")
        return page

    def page_at(self, url: str, at: str | None = None) -> Page | None:
        """The raw page fetched from `url` as it was at `at` (ISO 8601; None: the latest):
        the page of the version of its article current then. None when the archive holds
        no page fetched from that address (the article may be known by it as an alias)."""
        page_id = queries.page_at(self.db, url, _since(at))
        page = self._pages.get(page_id) if page_id is not None else None
        if page is None or url_key(url) not in (url_key(page.url), url_key(page.final_url)):
            return None
        return page

    def page_count(self) -> int:
        """How many raw pages the archive holds."""
        return int(self.db.execute("SELECT count(*) FROM pages").fetchone()[0])

    def newest_pages(self, hosts: Sequence[str], limit: int) -> list[Page]:
        """The newest raw page of each URL on `hosts` (and their subdomains), newest
        first, at most `limit`: a sample of a site, to try rules on."""
        return self._pages.newest_of(hosts, limit)

    def iter_pages(
        self, *, since: str | None = None, sites: Collection[str] = (), parts: bool = True
    ) -> Iterator[tuple[int, Page]]:
        """Every raw page (fetched at or after `since`; of `sites` and their subdomains),
        oldest first, streamed. Without `parts`, not a story's pages after its first
        (`page_parts` gives them)."""
        return self._pages.iter(since=_since(since), hosts=site_hosts(sites), parts=parts)

    def page_parts(self, page_id: int) -> list[Page]:
        """The pages that continue the story whose first page is `page_id` (its page 2,
        3, …, as fetched with it), in order; none for a story of one page."""
        return self._pages.parts(page_id)

    def page_before(self, urls: Sequence[str], at: str) -> Page | None:
        """The page last fetched from one of `urls` (as asked for) at or before `at`,
        whatever it was to the archive: a story's page 2 too, which `page_at` is not."""
        return self._pages.newest_at(urls, at)

    def story_pages(self, article_id: int) -> int:
        """How many pages the article's current version was joined from (0: no such
        article; 1: a story of one page)."""
        row = self.db.execute("SELECT page_id FROM articles WHERE id = ?", [article_id]).fetchone()
        return self._pages.count(row[0]) if row and row[0] is not None else 0

    def last_attempt(self, url: str) -> bool:
        """Whether a fetch of `url` that fails now is its last attempt (`MAX_ATTEMPTS`)."""
        row = self.db.execute("SELECT attempts FROM urls WHERE url = ?", [url_key(url)]).fetchone()
        return (row[0] if row else 0) + 1 >= MAX_ATTEMPTS

    def verify(self, progress: Callable[[str, int, int], None] | None = None) -> Verification:
        """Check the file, its full-text indexes and every raw page (`verify`); reports
        what it finds, changes nothing. `progress(phase, done, total)` as pages are read."""
        try:
            return verify(self.db, self._pages, progress=progress)
        except sqlite3.DatabaseError as error:  # too damaged to walk at all
            raise ArchiveError(explain(self.path, error)) from error

    def read_by(self, page_id: int, extractor: str) -> bool:
        """Whether every version of page `page_id` is `extractor`'s reading (a revision)
        and it has one: a re-extraction has nothing to do there."""
        count, same = self.db.execute(
            "SELECT count(*), total(extractor = ?) FROM versions WHERE page_id = ?",
            [extractor, page_id],
        ).fetchone()
        return bool(count) and same == count

    def page_versions(self, page_id: int) -> list[tuple[int, Version]]:
        """(article id, version) for each version extracted from page `page_id`."""
        return queries.page_versions(self.db, page_id)

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        all_versions: bool = False,
        sites: Collection[str] = (),
        since: str | None = None,
        until: str | None = None,
        languages: Collection[str] = (),
        published_since: str | None = None,
        published_until: str | None = None,
        authors: Collection[str] = (),
    ) -> list[Hit]:
        """Full-text search, best first; bad FTS5 syntax falls back to plain terms (a query
        that only excludes with NOT, or a NEAR's bad distance, is a `UsageError`). `sites`:
        only pages of those hosts and their subdomains (`UsageError` for one that is no
        host name); `since`: only articles new or changed since then (`_since`), `until`:
        first seen before then; `languages`, `published_since`, `published_until` and
        `authors` as `iter_articles` takes them (`Filters`)."""
        filters = checked(
            {"languages": languages, "published_since": published_since,
             "published_until": published_until, "authors": authors}
        )  # fmt: skip
        return fulltext.search(
            self.db, query, limit=limit, all_versions=all_versions, sites=site_hosts(sites),
            since=_since(since), until=_since(until), rows=row_conditions(self.db, filters),
        )  # fmt: skip

    def changes(
        self, *, since: str, sites: Collection[str] = (), limit: int | None = None
    ) -> list[Change]:
        """What changed in archived articles since `since` (`_since`): their versions
        after the first, newest first; of `sites` (and their subdomains) if given."""
        hosts = site_hosts(sites)
        return queries.changes(self.db, since=parse_since(since), sites=hosts, limit=limit)

    def iter_articles(
        self,
        *,
        since: str | None = None,
        sites: Collection[str] = (),
        **filters: Unpack[Filters],
    ) -> Iterator[StoredArticle]:
        """Articles new or changed since `since` (see `queries.iter_articles`), of the
        pages of `sites` and their subdomains if given, as `filters` say (`until`,
        `languages`, `removed`, `changed`, `published_since`, `published_until`,
        `authors`: see `Filters`), streamed."""
        return queries.iter_articles(
            self.db, since=_since(since), sites=site_hosts(sites), **checked(filters)
        )

    def iter_versions(
        self,
        *,
        since: str | None = None,
        sites: Collection[str] = (),
        **filters: Unpack[Filters],
    ) -> Iterator[tuple[int, Version]]:
        """(article id, version) for every version first seen since `since`, of the pages
        of `sites` and their subdomains if given, as `filters` say, streamed."""
        return queries.iter_versions(
            self.db, since=_since(since), sites=site_hosts(sites), **checked(filters)
        )

    def top_sites(self, limit: int = 10) -> list[dict[str, Any]]:
        """The `limit` hosts with the most articles, with their articles, versions and
        stories taken down, most first."""
        return queries.top_sites(self.db, limit)

    def breakdown(self, by: str) -> dict[str, int]:
        """How many articles there are per language ("en" with "en-GB"; "und": none) or per
        month of publication ("2024-09", by the page's own day; "undated"), `by` "language"
        or "month"; `UsageError` for anything else."""
        if by not in BREAKDOWNS:
            raise UsageError(f"no breakdown by {by!r} (one of {', '.join(BREAKDOWNS)})")
        return breakdown(self.db, by)

    def recaptures(
        self, *, since: str | None = None, sites: Collection[str] = ()
    ) -> list[tuple[str, int, Version]]:
        """(page URL, article id, version) for the versions read from a page fetched
        before them (A, B, then A again), seen since `since`, of `sites`; oldest first."""
        return queries.recaptures(self.db, since=_since(since), sites=site_hosts(sites))

    def takedowns(
        self, *, since: str | None = None, sites: Collection[str] = ()
    ) -> list[tuple[int, str, str]]:
        """(article id, URL, when found gone) of the articles taken down since `since`, of
        `sites` and their subdomains if given, oldest first."""
        return queries.takedowns(self.db, since=_since(since), sites=site_hosts(sites))

    def takedown_history(self, article_id: int | None = None) -> dict[int, list[Takedown]]:
        """Per article ever taken down from its site (or `article_id` alone), each time it
        was: when a visit found it gone, and when one found it back (None: gone still),
        oldest first, as the fetch log tells (`takedowns`)."""
        return takedowns(self.db, article_id)

    def fetch_log(self, *, failed_only: bool = False, limit: int | None = None) -> list[LogEntry]:
        """The fetch log, newest first."""
        return list(queries.fetch_log(self.db, failed_only=failed_only, limit=limit))

    def iter_fetch_log(
        self, *, failed_only: bool = False, limit: int | None = None
    ) -> Iterator[LogEntry]:
        """`fetch_log()`, read as it is taken (it may hold millions of rows)."""
        return queries.fetch_log(self.db, failed_only=failed_only, limit=limit)

    def extractions_raised(self, last: int) -> bool:
        """Whether the archive's `last` extraction attempts, across runs, all raised (their
        reason `notices.EXTRACTION_FAILED`), none archived a page since: a broken
        installation, when a run's own attempts raised too."""
        return queries.extractions_raised(self.db, EXTRACTION_FAILED, last)

    def stats(self) -> dict[str, Any]:
        """Counts, raw vs stored bytes, database size and the last run."""
        return queries.stats(self.db, self.path)


def _since(since: str | None) -> str | None:
    """`since` as stored times are written, for comparing as strings: any ISO 8601 time
    (another offset, a bare date) or a duration back from now ("20m"); `UsageError`
    for anything else, rather than a comparison that selects the wrong rows."""
    return None if since is None else parse_since(since)
