"""The sitemaps a source's sitemap index lists (`child_sitemaps`), and when each was read.

What lets a poll skip the sitemaps that have not changed (`scraper.poll`): per source and
sitemap, the index that lists it (`parent`), the date the index gives it now, the date
it gave when the sitemap was last read, and that read's validators.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager

from sqlite_utils import Database

from ..models import Discovered
from .records import ChildSitemap

__all__ = ["ChildSitemaps"]


class ChildSitemaps:
    """The `child_sitemaps` table; each write is one transaction of `write`."""

    def __init__(self, db: Database, write: Callable[[], AbstractContextManager[Database]]):
        self.db = db
        self._write = write

    def of(self, source_id: int) -> dict[str, ChildSitemap]:
        cursor = self.db.execute(
            "SELECT url, listed_lastmod, read_lastmod, read_at, etag, last_modified"
            " FROM child_sitemaps WHERE source_id = ?",
            [source_id],
        )
        return {row[0]: ChildSitemap(*row) for row in cursor.fetchall()}

    def note_listing(self, source_id: int, parent: str, listed: Iterable[Discovered]) -> None:
        listed = list(listed)
        with self._write() as db:
            db.conn.executemany(
                "INSERT INTO child_sitemaps (source_id, url, parent, listed_lastmod)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (source_id, url)"
                " DO UPDATE SET parent = excluded.parent, listed_lastmod = excluded.listed_lastmod",
                [(source_id, d.url, parent, d.lastmod) for d in listed],
            )
            before = db.execute(
                "SELECT url FROM child_sitemaps WHERE source_id = ? AND parent = ?",
                [source_id, parent],
            ).fetchall()
            gone = {url for (url,) in before} - {d.url for d in listed}
            db.conn.executemany(
                "DELETE FROM child_sitemaps WHERE source_id = ? AND url = ?",
                [(source_id, url) for url in gone],
            )

    def note_read(
        self, source_id: int, url: str, *, etag: str | None, last_modified: str | None, at: str
    ) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE child_sitemaps SET read_lastmod = listed_lastmod, read_at = ?,"
                " etag = ?, last_modified = ? WHERE source_id = ? AND url = ?",
                [at, etag, last_modified, source_id, url],
            )

    def forget(self, source_id: int, url: str) -> None:
        with self._write() as db:
            db.execute(
                "DELETE FROM child_sitemaps WHERE source_id = ? AND url = ?", [source_id, url]
            )
