"""The frontier: every URL the archive knows (`urls`), its state and revisit schedule.

```
new ──fetch ok──▶ done ──due again──▶ (revisit) ──ok / 304──▶ done
 │                 │                      └──404/410──▶ done, taken down: rechecked 1 d and 7 d on
 │                 │                           (back: done; still gone at 7 d ──▶ gone, never again)
 │                 └──transient failure × MAX_ATTEMPTS──▶ failed
 ├──transient failure──▶ retry ──(pending again)──▶ … ──after MAX_ATTEMPTS──▶ failed
 ├──permanent failure──▶ failed
 ├──disallowed by robots.txt──▶ retry, after 1 h, 2 h, 4 h … (robots.txt is read again daily)
 │                                  └──still disallowed after waiting a week──▶ failed
 └──not HTML──▶ skipped
```
URLs are stored normalised (`scraper.urls.normalize_url`), so one page has one row, and
a link to a twin of a known address (http/https, www, a trailing slash) queues nothing.
A transient failure of an archived URL's revisit keeps it `done` (and due), so the next
run revisits it with its validators instead of fetching it as new. A URL that redirects
for good (301, 308) keeps where to (`moved_to`), and is revisited there.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Generator, Iterable
from contextlib import AbstractContextManager, closing
from datetime import timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from sqlite_utils import Database

from ..clock import parse_iso, to_iso, utc_now
from ..errors import UsageError
from ..models import Discovered
from ..urls import host_of, normalize_url, url_key
from .guids import keep_guid, new_address
from .records import Queued, Revisit, Tracked

__all__ = ["MAX_ATTEMPTS", "MAX_CHANGED", "Frontier", "url_key"]

MAX_ATTEMPTS = 3
MAX_CHANGED = 100  # archived URLs one document may call updated before it is disbelieved
_SAME_DATES = 5  # entries that, all dated alike, show a document stamped when generated
_CHUNK = 500  # URLs per query (SQLite's limit on parameters is 999 in old builds)
# A URL robots.txt disallows waits this long to be tried again, twice as long each time,
# and fails once it would wait longer than `_ROBOTS_PATIENCE`: a section closed to
# crawlers for a day is fetched when it opens, one closed for good costs a dozen tries.
_ROBOTS_RECHECK = timedelta(hours=1)
_ROBOTS_PATIENCE = timedelta(days=7)


class Frontier:
    """The `urls` table: queueing, what to fetch next, and per-URL state updates."""

    def __init__(self, db: Database, write: Callable[[], AbstractContextManager[Database]]):
        self.db = db
        self._write = write

    def enqueue(self, found: Iterable[Discovered], *, source_id: int | None, at: str) -> Queued:
        """Queue the unknown article URLs of `found` (state `new`), and make the archived
        ones it dates after their last fetch due at `at`; returns how many of each.

        Feeds and sitemaps found by a source are sources, not articles: they are skipped
        here. A source removed while a run polled it queues nothing.

        A story the site dates anew, at any of its addresses, is revisited now, not at
        its next slot (or never, past the schedule's last one); each claim once (a date
        in the future would stay "after" the revisit). Dates that say nothing are not
        believed: all of a document's entries dated alike (stamped when it was
        generated), or more than `MAX_CHANGED` archived URLs at once (no site updates
        that many between polls). A new address a feed lists under the guid of a story
        it listed before is that story's (`guids`): queued as its, not as another."""
        items = [item for item in found if item.kind == "article"]
        added, moved, known = 0, 0, []
        with self._write() as db:
            if source_id is not None and _removed(db, source_id):
                return Queued(0)
            for item in items:
                key = normalize_url(item.url)
                if key is None:
                    continue
                key = _known_spelling(db, key)
                listed = source_id if item.guid else None  # (under a guid, by this source)
                if listed is not None and new_address(db, key, item, listed, at):
                    moved += 1  # (a known story's new address)
                    continue
                cursor = db.execute(
                    "INSERT OR IGNORE INTO urls (url, source_id, state, discovered_at, lastmod,"
                    " guid) VALUES (?, ?, 'new', ?, ?, ?)",
                    [key, source_id, at, item.lastmod, item.guid],
                )
                added += cursor.rowcount
                if not cursor.rowcount and listed is not None:
                    keep_guid(db, key, item, listed)
                if not cursor.rowcount and item.lastmod:
                    known.append((key, item.lastmod))
            dates = [item.lastmod for item in items if item.lastmod]
            alike = len(dates) >= _SAME_DATES and len(set(dates)) == 1
            changed = [] if alike else self._updated(known, at)
            revisited = {own for _, own, _ in changed}
            if len(revisited) > MAX_CHANGED:
                changed, revisited = [], set()
            db.conn.executemany(
                "UPDATE urls SET lastmod = ? WHERE url = ?",
                [(written, url) for url, _, written in changed],
            )
            # (A story taken down that its source dates anew is back: visited again.)
            db.conn.executemany(
                "UPDATE urls SET next_visit_at = ?, state = 'done' WHERE url = ?",
                [(at, own) for own in revisited],
            )
        return Queued(added, len(revisited) + moved)

    def _updated(self, known: list[tuple[str, str]], at: str) -> list[tuple[str, str, str]]:
        """Of the (URL, date as written) of known URLs, the (URL, address revisited, date)
        of the archived ones (taken down ones too) whose date is after their article's
        last fetch, by a claim not acted on yet, and not due sooner anyway. A date given
        for another address of an article (its new slug or host) counts for the article:
        it is revisited at its own address, which leads there."""
        dated = {}
        for url, written in known:
            try:
                dated[url] = to_iso(parse_iso(written)), written
            except UsageError:  # a date the source wrote some other way: no claim
                continue
        changed = []
        keys = list(dated)
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            rows = self.db.execute(
                "SELECT u.url, u.lastmod, own.url, own.last_fetched_at,"
                " iif(own.state = 'done', own.next_visit_at, NULL)"
                " FROM urls u JOIN urls own ON own.url = u.url"
                " OR u.duplicate AND own.article_id = u.article_id AND NOT own.duplicate"
                " WHERE (own.state = 'done' OR own.state = 'gone' AND own.article_id IS NOT NULL)"
                f" AND NOT own.duplicate AND u.url IN ({marks})",
                chunk,
            )
            for url, claimed, own, fetched, due in rows:
                when, written = dated[url]
                if fetched and when > fetched and written != claimed and not (due and due <= at):
                    changed.append((url, own, written))
        return changed

    def pending(self, limit: int | None = None) -> list[str]:
        """URLs never fetched, or to retry after a transient failure; newest news first.

        A URL is as new as its source dates it (a feed item's date, a sitemap's lastmod),
        else as the poll that found it, and never newer than that poll (sitemaps that
        date pages in the future exist). So a sitemap's years of backlog, queued in one
        poll, wait behind today's articles instead of holding them up for days; within
        one date, the order the sources listed them."""
        with closing(self.iter_pending()) as urls:
            return list(itertools.islice(urls, limit))

    def iter_pending(self) -> Generator[str, None, None]:
        """`pending()`, read as it is taken (a queue may hold millions of URLs). Close
        it when done with it early: an open read holds the database's snapshot."""
        # (The index `urls_pending` is in this order: schema v4. Change both, or neither.)
        query = (
            f"SELECT url {_PENDING}"
            " ORDER BY min(coalesce(lastmod, discovered_at), discovered_at) DESC, rowid"
        )
        return _rows(self.db.execute(query, [utc_now()]), lambda row: str(row[0]))

    def due(self, now: str, limit: int | None = None) -> list[Revisit]:
        """Archived URLs whose revisit time has come, soonest first."""
        with closing(self.iter_due(now)) as revisits:
            return list(itertools.islice(revisits, limit))

    def iter_due(self, now: str) -> Generator[Revisit, None, None]:
        """`due()`, read as it is taken (close it when done with it early)."""
        query = (
            f"SELECT url, etag, last_modified, article_id, visits, moved_to {_DUE}"
            " ORDER BY next_visit_at"
        )
        return _rows(self.db.execute(query, [now]), lambda row: Revisit(*row))

    def note_moved(self, url: str, target: str | None) -> None:
        """Remember that `url` redirects for good (301, 308) to `target`: its revisits go
        there, the story keeping its address (log, aliases, versions) as it was."""
        with self._write() as db:
            db.execute("UPDATE urls SET moved_to = ? WHERE url = ?", [target, url_key(url)])

    def tracked(self, url: str) -> Tracked | None:
        row = self.db.execute(
            "SELECT state, last_fetched_at, next_visit_at FROM urls WHERE url = ?", [url_key(url)]
        ).fetchone()
        return Tracked(*row) if row else None

    def stale_extraction(self, url: str, extractor: str) -> int | None:
        """The page of the URL's article's current version, if another extractor than
        `extractor` made what is stored of it (or no one recorded which)."""
        row = self.db.execute(
            "SELECT a.page_id FROM urls u JOIN articles a ON a.id = u.article_id"
            " WHERE u.url = ? AND NOT u.duplicate AND a.extractor IS NOT ?",
            [url_key(url), extractor],
        ).fetchone()
        return int(row[0]) if row else None

    def named_hosts(self) -> set[str]:
        """The hosts of the URLs queued or revisited that no source listed: the user
        named them (`scraper fetch`, `import-warc`), and trusts them as a source's."""
        query = (
            "SELECT url FROM urls WHERE state IN ('new', 'retry') AND source_id IS NULL UNION"
            " SELECT url FROM urls WHERE state = 'done' AND next_visit_at IS NOT NULL"
            " AND source_id IS NULL"
        )
        return {host_of(url) for (url,) in self.db.execute(query)}

    def queued(self, now: str) -> int:
        """How many URLs are pending or due."""
        query = f"SELECT (SELECT count(*) {_PENDING}) + (SELECT count(*) {_DUE})"
        return int(self.db.execute(query, [now, now]).fetchone()[0])

    def is_due_or_pending_any(self, now: str) -> bool:
        query = f"SELECT EXISTS (SELECT 1 {_PENDING}) OR EXISTS (SELECT 1 {_DUE})"
        return bool(self.db.execute(query, [now, now]).fetchone()[0])

    # --- used inside a Results transaction ---------------------------------------------

    def row(self, key: str) -> dict[str, Any] | None:
        cursor = self.db.execute("SELECT * FROM urls WHERE url = ?", [key])
        row = cursor.fetchone()
        return dict(zip([c[0] for c in cursor.description], row, strict=True)) if row else None

    def ensure(self, key: str, at: str) -> dict[str, Any]:
        """The URL's row, created if it was fetched without being queued first."""
        self.db.execute(
            "INSERT OR IGNORE INTO urls (url, state, discovered_at) VALUES (?, 'new', ?)",
            [key, at],
        )
        row = self.row(key)
        assert row is not None
        return row

    def refused(self, key: str, row: dict[str, Any], at: str) -> None:
        """robots.txt disallows the URL, never archived: that is a state of the site's
        rules (a section closed for a day), not of the page. It waits to be tried again,
        twice as long as it last waited, and fails past `_ROBOTS_PATIENCE`."""
        waited = row["state"] == "retry" and row["next_visit_at"] and row["last_fetched_at"]
        last = parse_iso(at) - parse_iso(row["last_fetched_at"]) if waited else timedelta()
        wait = max(_ROBOTS_RECHECK, 2 * last)
        if wait > _ROBOTS_PATIENCE:
            self.update(key, state="failed", last_fetched_at=at, next_visit_at=None)
        else:
            next_try = to_iso(parse_iso(at) + wait)
            self.update(key, state="retry", last_fetched_at=at, next_visit_at=next_try)

    def update(self, key: str, **values: Any) -> None:
        assignments = ", ".join(f"{name} = ?" for name in values)
        self.db.execute(f"UPDATE urls SET {assignments} WHERE url = ?", [*values.values(), key])

    def log(
        self,
        run_id: int | None,
        url: str,
        *,
        at: str,
        status: int | None,
        outcome: str,
        reason: str = "",
        failed: bool = False,
    ) -> None:
        self.db.execute(
            "INSERT INTO fetch_log (run_id, url, at, status, outcome, reason, failed)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [run_id, url, at, status, outcome, reason, int(failed)],
        )


# (A URL robots.txt refused waits until `next_visit_at`: `refused`.)
_PENDING = "FROM urls WHERE state IN ('new', 'retry') AND coalesce(next_visit_at, '') <= ?"
_DUE = "FROM urls WHERE state = 'done' AND next_visit_at <= ?"
_T = TypeVar("_T")


def _known_spelling(db: Database, key: str) -> str:
    """The address the archive knows `key`'s page by: `key` itself, or else its twin
    (`_twins`) queued or archived, so a feed listing a story under http and https, www
    and bare host, with and without a slash, has it fetched once, not once per address.
    (A twin that failed or is no HTML proves nothing of this one.)"""
    if db.execute("SELECT 1 FROM urls WHERE url = ?", [key]).fetchone():
        return key  # (the common case, a source polled again: no twin to look for)
    twins = _twins(key)
    marks = ", ".join("?" * len(twins))
    query = f"SELECT url, state FROM urls WHERE url IN ({marks})"
    states = dict(db.execute(query, twins).fetchall())
    return next((t for t in twins if states.get(t) not in (None, "failed", "skipped")), key)


def _twins(key: str) -> list[str]:
    """The other spellings of a normalised URL that name the same page on every news
    site: the other scheme of http/https, the host with or without `www.`, the path with
    or without a trailing slash."""
    parts = urlsplit(key)
    bare = parts.netloc.removeprefix("www.")
    hosts = {bare, f"www.{bare}"}
    path = parts.path.rstrip("/")
    paths = {parts.path} if not path else {path, f"{path}/"}
    spellings = {
        urlunsplit((scheme, host, route, parts.query, ""))
        for scheme, host, route in itertools.product(("http", "https"), hosts, paths)
    }
    return sorted(spellings - {key})


def _rows(
    cursor: sqlite3.Cursor, make: Callable[[tuple[Any, ...]], _T]
) -> Generator[_T, None, None]:
    """The cursor's rows as they are read; closing the generator closes the cursor."""
    try:
        for row in cursor:
            yield make(row)
    finally:
        cursor.close()


def _removed(db: Database, source_id: int) -> bool:
    row = db.execute("SELECT removed_at FROM sources WHERE id = ?", [source_id]).fetchone()
    return row is not None and row[0] is not None
