"""`Archive`: the one door to the SQLite file, and every write through it.

Each public write is one `BEGIN IMMEDIATE … COMMIT`, so a run killed at any instant
(WAL, `synchronous=NORMAL`) leaves the archive as it was after the last whole call:
nothing half-saved, nothing saved twice. Its reads are `reads.ArchiveReads`, over the
queries of `queries`; the sources' and hosts' writes are `fetch_state.FetchState`'s;
opening the file, and SQLite's errors put in words, `connection`.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from types import TracebackType

from sqlite_utils import Database

from ..errors import ArchiveError
from ..models import Article, Discovered, Page, RunReport
from .backfill import Placed, article_before, place
from .connection import explain, open_database
from .fetch_state import FetchState
from .fingerprints import refresh_fingerprints
from .frontier import Frontier, url_key
from .hosts import HostMemory
from .lock import lock_path, run_lock
from .pages import PageStore
from .reads import ArchiveReads, explaining
from .records import (
    Digests,
    FetchedAhead,
    Queued,
    Revisit,
    Saved,
    SiteRulesEdit,
    Tracked,
)
from .results import Results
from .site_rules import SiteRulesTable
from .sitemaps import ChildSitemaps
from .sources import Sources

__all__ = ["Archive", "open_archive"]


def open_archive(
    path: str | os.PathLike[str], *, read_only: bool = False, create: bool = True
) -> Archive:
    """Open the archive at `path`, migrating it (unless `read_only`), and creating it in
    a new or empty file (if `create` too)."""
    return Archive(Path(path), read_only=read_only, create=create)


def archive_files(path: str | os.PathLike[str]) -> frozenset[Path]:
    """Every file the archive at `path` is kept in, resolved: the database, SQLite's
    write-ahead log and shared memory beside it, and the run lock (`lock_path`). What
    may not be written over by anything else, an export for one."""
    database = Path(path).resolve()
    sides = (database.with_name(database.name + side) for side in ("-wal", "-shm"))
    return frozenset((database, *sides, lock_path(database)))


# Its methods' SQLite errors outside a transaction (a damaged page of the file, found by
# the queue's query) are `ArchiveError`s too, as the reads' are: one line, no traceback.
@explaining
class Archive(ArchiveReads, FetchState, AbstractContextManager["Archive"]):
    """An archive file: sources, the URL frontier, pages, articles and their versions."""

    def __init__(self, path: Path, *, read_only: bool = False, create: bool = True) -> None:
        self.path = path
        self.read_only = read_only
        self.db = open_database(path, read_only=read_only, create=create)
        self._pages = PageStore(self.db)
        self._frontier = Frontier(self.db, self._write)
        self._sources = Sources(self.db, self._write)
        self._sitemaps = ChildSitemaps(self.db, self._write)
        self._site_rules = SiteRulesTable(self.db, self._write)
        self._hosts = HostMemory(self.db, self._write)
        self._results = Results(self.db, self._write, self._pages, self._frontier)
        # Checked by the first writer that compares them (a run, under its lock), not at
        # every open: a search after an upgrade must not wait for the whole archive.
        self._fingerprints_current = read_only

    def close(self) -> None:
        self.db.close()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Archive {str(self.path)!r}>"

    @contextmanager
    def lock(self) -> Iterator[None]:
        """The run lock: raises `LockHeld` at once if another run holds it."""
        with run_lock(self.path):
            self._current_fingerprints()
            yield

    def _current_fingerprints(self) -> None:
        """Recompute stored change fingerprints, once, if `versions` now computes them
        differently (`refresh_fingerprints`): before anything compares with them."""
        if not self._fingerprints_current:
            refresh_fingerprints(self.db, self._write)
            self._fingerprints_current = True

    @contextmanager
    def _write(self) -> Iterator[Database]:
        """One write transaction; any SQLite failure becomes an `ArchiveError`."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise ArchiveError(explain(self.path, error)) from error
        try:
            yield self.db
            self.db.execute("COMMIT")
        except BaseException as error:
            if self.db.conn.in_transaction:
                self.db.execute("ROLLBACK")
            self._pages.codec.forget()  # a rolled-back dictionary's id will be reused
            if isinstance(error, sqlite3.Error):
                raise ArchiveError(explain(self.path, error)) from error
            raise

    # --- the frontier ------------------------------------------------------------------

    def enqueue(self, found: Iterable[Discovered], *, source_id: int | None, at: str) -> Queued:
        """Queue the unknown article URLs of `found`, and make due the archived ones it
        dates after their last fetch (see `Frontier.enqueue`); returns how many of each."""
        return self._frontier.enqueue(found, source_id=source_id, at=at)

    def pending(self, limit: int | None = None) -> list[str]:
        """URLs to fetch for the first time, or again after a transient failure; newest news
        first (by the date their source gives, else when they were found)."""
        return self._frontier.pending(limit)

    def due(self, now: str, limit: int | None = None) -> list[Revisit]:
        """Archived URLs whose revisit time (`next_visit_at`) is at or before `now`."""
        return self._frontier.due(now, limit)

    def iter_pending(self) -> Generator[str, None, None]:
        """`pending()` read as it is taken, for a queue of any length; close it (e.g.
        with `contextlib.closing`) when stopping early."""
        return self._frontier.iter_pending()

    def iter_due(self, now: str) -> Generator[Revisit, None, None]:
        """`due()` read as it is taken; close it when stopping early."""
        return self._frontier.iter_due(now)

    def tracked(self, url: str) -> Tracked | None:
        """The URL's state in the queue, last fetch and next revisit; None if unknown."""
        return self._frontier.tracked(url)

    def stale_extraction(self, url: str, extractor: str) -> int | None:
        """The raw page (its id) to extract again before a fresh fetch of `url` is
        compared with its article: the current version's, when another extractor than
        `extractor` (a revision, `scraper.extract.revision`) made it. None otherwise."""
        return self._frontier.stale_extraction(url, extractor)

    def named_hosts(self) -> set[str]:
        """The hosts of URLs queued or revisited that the user named, not a source."""
        return self._frontier.named_hosts()

    def queued(self, now: str) -> int:
        """How many URLs a run at `now` would fetch: pending ones and due revisits."""
        return self._frontier.queued(now)

    def is_due_or_pending_any(self, now: str) -> bool:
        """Whether a run would have anything to fetch at `now`."""
        return self._frontier.is_due_or_pending_any(now)

    def note_moved(self, url: str, target: str | None) -> None:
        """Remember that `url` redirects for good (301, 308) to `target`, where its
        revisits (`Revisit.moved_to`) then go straight; the story keeps its address.
        None forgets it: revisits go to `url` again."""
        self._frontier.note_moved(url, target)

    # --- site rules --------------------------------------------------------------------

    def site_rules(self) -> str:
        """The site rules in force (TOML text, `scraper.SiteRules.parse`); "" if none."""
        return self._site_rules.current()

    def site_rules_history(self) -> list[SiteRulesEdit]:
        """Every setting of the site rules, newest (the one in force) first."""
        return self._site_rules.history()

    def set_site_rules(self, rules: str) -> bool:
        """Put `rules` (TOML text, checked by the caller) in force; the earlier stay on
        record. Extractions they made stale are made again on their next revisit (or by
        `scraper reextract`). False if they were in force already (nothing recorded: a
        script may set them before every run)."""
        return self._site_rules.set(rules)

    # --- runs and results --------------------------------------------------------------

    def start_run(self, at: str) -> int:
        """Record the start of a run; returns its id (for the fetch log)."""
        with self._write() as db:
            cursor = db.execute("INSERT INTO runs (started_at) VALUES (?)", [at])
        return int(cursor.lastrowid or 0)

    def last_run_time(self) -> str | None:
        """When the latest run started or, if later, ended; None before the first run."""
        row = self.db.execute(
            "SELECT max(started_at, coalesce(finished_at, '')) FROM runs ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return None if row is None else str(row[0])

    def bring_forward(self, after: str, now: str, due: Callable[[FetchedAhead], str | None]) -> int:
        """Every URL last fetched after `after` (by a clock that ran fast) as fetched
        `now`, its next revisit at `due(it)`; how many there were."""
        with self._write() as db:
            rows = db.execute(
                "SELECT u.url, u.visits, u.next_visit_at, u.last_fetched_at, a.first_seen_at,"
                " u.removed_at FROM urls u LEFT JOIN articles a ON a.id = u.article_id"
                " WHERE u.last_fetched_at > ?",
                [after],
            ).fetchall()
            ahead = [FetchedAhead(*row) for row in rows]
            db.conn.executemany(
                "UPDATE urls SET last_fetched_at = ?, next_visit_at = ? WHERE url = ?",
                [(now, due(url), url.url) for url in ahead],
            )
        return len(ahead)

    def finish_run(self, run_id: int, report: RunReport) -> None:
        """Record the end of a run and its report."""
        with self._write() as db:
            db.execute(
                "UPDATE runs SET finished_at = ?, report = ? WHERE id = ?",
                [report.finished_at, json.dumps(report.to_dict(), ensure_ascii=False), run_id],
            )

    def save_page(
        self,
        run_id: int,
        page: Page,
        article: Article,
        *,
        next_visit_at: str | None,
        digests: Digests | None = None,
        parts: Sequence[Page] = (),
        note: str = "",
        summary: str | None = None,
        whole: bool = True,
        lacks: str = "",
    ) -> Saved:
        """Archive a fetched page and its article (see `results`); one transaction.

        `digests`: `records.digests(page.body, article)`, when the caller has them.
        `parts`: the pages after the first of a story split over pages, whose texts
        `article` holds joined; kept with the first. `note`: said in the fetch log (why
        the story is incomplete). `whole` false: a page of the story is missing (asked
        for again unconditionally). `summary`: a new version's, if not a diff's; `lacks`:
        what the story lacks, said after it ("cut at page 20 of 25")."""
        self._current_fingerprints()
        return self._results.save_page(
            run_id, page, article, next_visit_at=next_visit_at, digests=digests, parts=parts,
            note=note, summary=summary, whole=whole, lacks=lacks,
        )  # fmt: skip

    def earlier_room(self, url: str, at: str) -> bool:
        """Whether a capture of `url` at `at` would be an earlier version of its archived
        article: a version, or its latest text, was seen after `at`, and no version at
        `at` (`backfill`)."""
        return article_before(self.db, url_key(url), at) is not None

    def save_earlier(
        self, run_id: int, page: Page, article: Article, *, digests: Digests | None = None
    ) -> Placed | None:
        """Place an older capture of an archived story among its versions (`backfill`);
        one transaction. None when there is no room for it (`earlier_room`)."""
        self._current_fingerprints()
        key = url_key(page.url)
        with self._write() as db:
            article_id = article_before(db, key, page.fetched_at)
            if article_id is None:
                return None
            placed = place(db, self._pages, article_id, page, article, digests)
            self._frontier.log(run_id, key, at=page.fetched_at, status=page.status, outcome="ok")
        return placed

    def record_not_modified(
        self, run_id: int, url: str, *, status: int, at: str, next_visit_at: str | None
    ) -> None:
        """A 304 to a revisit: log it and schedule the next one; nothing else is stored."""
        self._results.record_not_modified(
            run_id, url, status=status, at=at, next_visit_at=next_visit_at
        )

    def record_gone(
        self, run_id: int, url: str, *, status: int, at: str, reason: str | None = None
    ) -> None:
        """A 404/410 (or a story redirected to the home page, `reason` saying so): the URL
        is never revisited; its article keeps its last version."""
        self._results.record_gone(run_id, url, status=status, at=at, reason=reason)

    def record_failure(
        self,
        run_id: int,
        url: str,
        *,
        outcome: str,
        status: int | None,
        reason: str,
        at: str,
        retry: bool,
        next_visit_at: str | None = None,
        page: Page | None = None,
    ) -> None:
        """Log a failure; `retry` allows MAX_ATTEMPTS attempts in all, else the URL fails.
        An archived article's URL never fails: after its attempts, or a failure not worth
        retrying, it is visited again at `next_visit_at`.

        `page`: the page fetched when no article came out of it; kept (for a URL with no
        article yet), so that `replace_extraction` can make one with a better extractor."""
        self._results.record_failure(
            run_id, url, outcome=outcome, status=status, reason=reason, at=at, retry=retry,
            next_visit_at=next_visit_at, page=page,
        )  # fmt: skip

    def record_skip(
        self,
        run_id: int,
        url: str,
        *,
        reason: str,
        status: int | None,
        at: str,
        next_visit_at: str | None = None,
    ) -> None:
        """Log a page we do not archive (not HTML); the URL is not fetched again, unless
        it is an archived article's (visited again at `next_visit_at`)."""
        self._results.record_skip(
            run_id, url, reason=reason, status=status, at=at, next_visit_at=next_visit_at
        )

    def record_deferral(self, run_id: int, url: str, *, reason: str, at: str) -> None:
        """Log a URL not requested because its host was left alone this run; it keeps its
        place in the queue (or its revisit), with no attempt counted."""
        self._results.record_deferral(run_id, url, reason=reason, at=at)

    def replace_extraction(
        self, page_id: int, article: Article, *, extractor: str | None = None
    ) -> bool:
        """Replace what was extracted from a stored page (or, for a page kept without an
        article, make its first one), by `extractor` (a revision, recorded); returns
        whether the article changed."""
        self._current_fingerprints()
        return self._results.replace_extraction(page_id, article, extractor=extractor)

    def fold_repeats(self) -> int:
        """Fold each version that reads as the one before it (after `replace_extraction`:
        what made it a version, the extractor no longer sees) into that one; how many."""
        return self._results.fold_repeats()
