"""The sources a run polls (`sources`): adding and removing them, and noting each poll.

A source's row is never deleted: the URLs it found still name it (`urls.source_id`), so
removing one only sets `removed_at`, and adding its URL again clears it. Reads of the
table are in `queries`; what a source's sitemap index lists is in `sitemaps`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from sqlite_utils import Database

from ..clock import utc_now
from ..models import Source, SourceKind
from ..urls import normalize_url
from . import queries
from .records import Removal

__all__ = ["Sources"]


class Sources:
    """The `sources` table's writes; each is one transaction of `write`."""

    def __init__(self, db: Database, write: Callable[[], AbstractContextManager[Database]]):
        self.db = db
        self._write = write

    def add(self, url: str, kind: SourceKind, *, trusted: bool = True) -> Source:
        url = normalize_url(url) or url
        with self._write() as db:
            db.execute(
                "INSERT INTO sources (url, kind, added_at, trusted) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (url) DO UPDATE SET removed_at = NULL,"
                " trusted = max(trusted, excluded.trusted)",  # once named, trusted
                [url, kind, utc_now(), int(trusted)],
            )
        return queries.source(self.db, url)

    def remove(self, ref: str | int, *, stop_revisits: bool) -> Removal | None:
        """Stop polling the active source `ref` (URL or id); drop the URLs it found that
        no run fetched yet and, with `stop_revisits`, the revisits of those archived."""
        found = self._find(ref)
        if found is None or found.id is None or found.removed_at is not None:
            return None
        stopped = 0
        with self._write() as db:
            db.execute("UPDATE sources SET removed_at = ? WHERE id = ?", [utc_now(), found.id])
            dropped = db.execute(
                "DELETE FROM urls WHERE source_id = ? AND state IN ('new', 'retry')", [found.id]
            ).rowcount
            if stop_revisits:
                stopped = db.execute(
                    "UPDATE urls SET next_visit_at = NULL"
                    " WHERE source_id = ? AND next_visit_at IS NOT NULL",
                    [found.id],
                ).rowcount
        return Removal(queries.find_source(self.db, found.id) or found, dropped, stopped)

    def _find(self, ref: str | int) -> Source | None:
        if isinstance(ref, str):
            ref = int(ref) if ref.isdigit() else normalize_url(ref) or ref
        return queries.find_source(self.db, ref)

    def record_poll(
        self,
        source_id: int,
        *,
        outcome: str,
        etag: str | None,
        last_modified: str | None,
        at: str | None,
        failed: bool = False,
        listed: int | None = None,
        moved_to: str | None = None,
    ) -> None:
        # A failed poll brings no validators: the last good ones are kept. No time: the
        # source was not polled after all (the run's time was up), and keeps its turn.
        with self._write() as db:
            db.execute(
                "UPDATE sources SET last_outcome = ?, last_polled_at = coalesce(?, last_polled_at),"
                " etag = coalesce(?, etag), last_modified = coalesce(?, last_modified)"
                " WHERE id = ?",
                [outcome, at, etag, last_modified, source_id],
            )
            if at is None:
                return
            # (SQLite reads every column's old value in the assignments.) A failed poll
            # says nothing of where the source redirects: that stays as it was.
            db.execute(
                "UPDATE sources SET failures = iif(:failed, failures + 1, 0),"
                " last_ok_at = iif(:failed, last_ok_at, :at), listed = coalesce(:listed, listed),"
                " moved_since = iif(:failed, moved_since, iif(:moved IS NULL, NULL,"
                " iif(moved_to IS :moved, moved_since, :at))),"
                " moved_to = iif(:failed, moved_to, :moved) WHERE id = :id",
                {"failed": failed, "at": at, "listed": listed, "moved": moved_to, "id": source_id},
            )
