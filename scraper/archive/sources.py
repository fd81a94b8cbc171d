"""The sources a run polls (`sources`): adding and removing them, and noting each poll.

A source's row is never deleted: the URLs it found still name it (`urls.source_id`), so
removing one only sets `removed_at`, and adding its URL again clears it. A source moved
(after permanent redirects) is still named by every address it left (`source_addresses`),
the one it was added at (`moved_from`) and any it passed through. Reads of the
table are in `source_reads`; what a source's sitemap index lists is in `sitemaps`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from sqlite_utils import Database

from ..clock import utc_now
from ..models import Source, SourceKind
from ..urls import host_of, normalize_url
from .records import Removal
from .source_reads import find_source, source

__all__ = ["MOVE_AFTER_DAYS", "MOVE_AFTER_POLLS", "Sources"]

# `sources.trusted`: 1, trusted where it is (the user named it, or a page on its host
# advertised it); 0, not; this, trusted only back on the host of the address it was
# added at, as it was, having moved to another host since.
TRUSTED_AT_HOME = 2

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
        """Add (or bring back) the source at `url`; its old address brings back the source
        that moved from it, not a second one polling a redirect."""
        url = normalize_url(url) or url
        with self._write() as db:
            known = find_source(db, url)
            if known is not None and known.url != url:
                # Naming its old address names the old host: trusted only on that one.
                trusted = trusted and host_of(url) == host_of(known.url)
                url = known.url
            db.execute(
                "INSERT INTO sources (url, kind, added_at, trusted) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (url) DO UPDATE SET removed_at = NULL,"
                " trusted = iif(excluded.trusted, 1, trusted)",  # once named, trusted
                [url, kind, utc_now(), int(trusted)],
            )
            # The feeds that joined the one at `url` before it moved on redirect here still:
            # split off from it as a source of its own, this one reads them.
            db.execute(
                "UPDATE source_addresses SET source_id = (SELECT id FROM sources WHERE url = ?)"
                " WHERE joined AND url IN (SELECT url FROM sources WHERE moved_to = ?"
                " AND removed_at IS NOT NULL)",
                [url, url],
            )
        return source(self.db, url)

    def remove(self, ref: str | int, *, stop_revisits: bool) -> Removal | None:
        """Stop polling the active source `ref` (URL or id); drop the URLs it found that
        no run fetched yet and, with `stop_revisits`, the revisits of those archived. An
        address that joined another source (or moved to one that did) does not name it
        here: the user added that one under another address, and may read it still."""
        ref = _ref(ref)
        found = find_source(self.db, ref)
        if found is None or found.id is None or found.removed_at is not None:
            return None
        if isinstance(ref, str) and ref != found.url and ref not in found.past_urls:
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
        return Removal(find_source(self.db, found.id) or found, dropped, stopped)

    def reclaim(self, url: str, at: str, *, split: bool = False) -> None:
        """`url`, which names a source elsewhere, serves its own document again (the user
        added it): a source that moved from there is moved back (its validators the
        other address's), unless `split`: it reads a document of its own where it is too.
        Else `url` names none, to be a source of its own: the one that joined another
        from there again, or a new one (that one left it since), never a live feed left
        unread."""
        with self._write() as db:
            row = db.execute(
                "SELECT id, s.url FROM sources AS s JOIN source_addresses AS a ON a.source_id = id"
                " WHERE a.url = :url AND NOT a.joined AND NOT :split"
                " AND NOT EXISTS (SELECT 1 FROM sources WHERE url = :url)"
                " ORDER BY removed_at IS NULL DESC, id",
                {"url": url, "split": split},
            ).fetchone()
            if row is None:
                db.execute("DELETE FROM source_addresses WHERE url = ?", [url])
                return
            db.execute(
                "UPDATE sources SET moved_to = ?, etag = NULL, last_modified = NULL WHERE id = ?",
                [url, row[0]],
            )
            _relocate(db, row[0], row[1], url, at)

    def find(self, ref: str | int) -> Source | None:
        """The source with this id, or at this URL or moved from it; removed or not."""
        return find_source(self.db, _ref(ref))

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
            _move(db, source_id, at)


def _ref(ref: str | int) -> str | int:
    """A source's id, or its normalised URL."""
    if isinstance(ref, str):
        return int(ref) if ref.isdigit() else normalize_url(ref) or ref
    return ref


def _move(db: Database, source_id: int, at: str) -> None:
    """As feed readers do, move the source to where it redirected for good long enough:
    its id, finds and history go along (an address the fetcher let it redirect to:
    public, or a host the user named); onto another source's address, it joins that."""
    row = db.execute(
        "SELECT url, moved_to, (SELECT id FROM sources WHERE url = s.moved_to)"
        " FROM sources AS s WHERE id = ? AND moved_polls >= ?"
        " AND julianday(?) - julianday(moved_since) >= ?",
        [source_id, MOVE_AFTER_POLLS, at, MOVE_AFTER_DAYS],
    ).fetchone()
    if row is None:
        return
    old, new, reader = row
    if reader is not None:
        _join(db, source_id, old, reader, at)
    else:
        _relocate(db, source_id, old, new, at)


def _join(db: Database, source_id: int, old: str, reader: int, at: str) -> None:
    """Two feeds that came to redirect to one: the source `reader` at that address reads
    it, so this one is removed (it says where it redirects) and its address names
    `reader`. A `reader` the user removed is polled again (never a redirect polled for
    ever), at its own address again (it may have joined another before)."""
    db.execute("UPDATE sources SET removed_at = ? WHERE id = ?", [at, source_id])
    db.execute(
        "INSERT INTO source_addresses (url, source_id, left_at, joined) VALUES (?, ?, ?, 1)"
        " ON CONFLICT DO UPDATE SET left_at = excluded.left_at, joined = 1",
        [old, reader, at],
    )
    db.execute("UPDATE sources SET removed_at = NULL WHERE id = ?", [reader])
    db.execute(
        "DELETE FROM source_addresses WHERE source_id != ?"
        " AND url = (SELECT url FROM sources WHERE id = ?)",
        [reader, reader],
    )


def _relocate(db: Database, source_id: int, old: str, new: str, at: str) -> None:
    """Move the source from `old` to `new` (its `moved_to`), keeping `old` as a name."""
    # The user named the old host, not the new one: trusted there as a feed a page
    # advertises on another host is, not at all (a public address now may be a private
    # one later), until back on the host it was added at. `moved_from` stays the address
    # it was added at (the one a user types), unless it moved back there.
    (home,) = db.execute(
        "SELECT coalesce(moved_from, url) FROM sources WHERE id = ?", [source_id]
    ).fetchone()
    db.execute(
        "UPDATE sources SET url = moved_to, trusted = CASE WHEN trusted = 0 THEN 0"
        " WHEN :home OR (trusted = 1 AND :same_host) THEN 1 ELSE :away END,"
        " moved_from = nullif(coalesce(moved_from, url), moved_to),"
        " moved_at = iif(coalesce(moved_from, url) = moved_to, NULL, :at),"
        " moved_to = NULL, moved_since = NULL, moved_polls = 0 WHERE id = :id",
        {"home": host_of(home) == host_of(new), "same_host": host_of(old) == host_of(new),
         "away": TRUSTED_AT_HOME, "at": at, "id": source_id},
    )  # fmt: skip
    # Every address it left still names it (`find`), but one it joined another from:
    # that one reads what it serves. The one it is at now is its own.
    db.execute(
        "INSERT INTO source_addresses (url, source_id, left_at) SELECT ?, ?, ?"
        " WHERE NOT EXISTS (SELECT 1 FROM source_addresses WHERE url = ? AND joined)"
        " ON CONFLICT DO UPDATE SET left_at = excluded.left_at",
        [old, source_id, at, old],
    )
    db.execute("DELETE FROM source_addresses WHERE url = ? AND source_id = ?", [new, source_id])
