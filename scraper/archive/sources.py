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

__all__ = ["MOVE_AFTER_DAYS", "MOVE_AFTER_POLLS", "Sources"]

# A source redirected for good this many polls in a row, over this many days at least,
# is moved: one poll could be a misconfigured server, soon put right.
MOVE_AFTER_POLLS = 3
MOVE_AFTER_DAYS = 1


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
        for_good: bool = False,
    ) -> None:
        """`moved_to`: where the source's URL redirected, `for_good` by 301s and 308s only.
        A failed poll brings no validators: the last good ones are kept. No time: the
        source was not polled after all (the run's time was up), and keeps its turn."""
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
            # says nothing of where the source redirects: that stays as it was. A redirect
            # to another address, or of the other kind, is a new one since this poll.
            db.execute(
                "UPDATE sources SET failures = iif(:failed, failures + 1, 0),"
                " last_ok_at = iif(:failed, last_ok_at, :at), listed = coalesce(:listed, listed),"
                " moved_since = iif(:failed, moved_since, iif(:moved IS NULL, NULL,"
                " iif(moved_to IS :moved AND (moved_polls > 0) = :good, moved_since, :at))),"
                " moved_polls = iif(:failed, moved_polls,"
                " iif(:good, iif(moved_to IS :moved, moved_polls + 1, 1), 0)),"
                " moved_to = iif(:failed, moved_to, :moved) WHERE id = :id",
                {"failed": failed, "at": at, "listed": listed, "moved": moved_to,
                 "good": for_good and moved_to is not None, "id": source_id},
            )  # fmt: skip
            # As feed readers do: its id, history and trust go along to the new address
            # (one the fetcher let it redirect to: public, or a host the user named),
            # unless another source is at that address already.
            db.execute(
                "UPDATE sources SET url = moved_to, moved_from = url, moved_at = :at,"
                " moved_to = NULL, moved_since = NULL, moved_polls = 0"
                " WHERE id = :id AND moved_polls >= :polls"
                " AND julianday(:at) - julianday(moved_since) >= :days"
                " AND moved_to NOT IN (SELECT url FROM sources)",
                {"at": at, "id": source_id, "polls": MOVE_AFTER_POLLS, "days": MOVE_AFTER_DAYS},
            )
