"""What the archive keeps of each host for the runs after this one (`host_holds`,
`robots_txt`): until when it asked us to wait, and its robots.txt as last read.

A Retry-After of an hour outlives a 15-minute cron run, and a robots.txt is good for a
day (RFC 9309): without these, every run would ask again. The fetcher decides what they
mean (`scraper.robots`, `scraper.fetch`); this only stores them. A hold asked for "in
the future" (the clock was fast: `clock_check`) holds nothing: its `until` is as wrong,
and would leave the host alone for as long as the clock was ahead (a year, not an hour).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from sqlite_utils import Database

from ..fetch_memory import Hold, RobotsCopy
from .rows import select_rows

__all__ = ["HostMemory"]

_ROBOTS = (
    "url", "checked_at", "status", "body", "etag", "last_modified", "fetched_at", "error",
    "unreachable_since",
)  # fmt: skip


class HostMemory:
    """The `host_holds` and `robots_txt` tables; each write is one transaction of `write`."""

    def __init__(self, db: Database, write: Callable[[], AbstractContextManager[Database]]):
        self.db = db
        self._write = write

    def holds(self, now: str) -> list[Hold]:
        rows = self.db.execute(
            "SELECT host, until, reason FROM host_holds WHERE until > ? AND asked_at <= ?"
            " ORDER BY host",
            [now, now],
        ).fetchall()
        return [Hold(*row) for row in rows]

    def hold(self, hold: Hold, at: str) -> None:
        with self._write() as db:
            # (Over, or asked "in the future": forgotten.)
            db.execute("DELETE FROM host_holds WHERE until <= ? OR asked_at > ?", [at, at])
            db.execute(
                "INSERT INTO host_holds (host, until, reason, asked_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (host) DO UPDATE SET until = max(until, excluded.until),"
                " reason = iif(excluded.until > until, excluded.reason, reason),"
                " asked_at = excluded.asked_at",
                [hold.host, hold.until, hold.reason, at],
            )

    def robots(self, url: str) -> RobotsCopy | None:
        rows = select_rows(
            self.db, f"SELECT {', '.join(_ROBOTS)} FROM robots_txt WHERE url = ?", [url]
        )
        return RobotsCopy(**rows[0]) if rows else None

    def keep_robots(self, copy: RobotsCopy) -> None:
        values = [getattr(copy, name) for name in _ROBOTS]
        with self._write() as db:
            db.execute(
                f"INSERT OR REPLACE INTO robots_txt ({', '.join(_ROBOTS)})"
                f" VALUES ({', '.join('?' for _ in _ROBOTS)})",
                values,
            )
