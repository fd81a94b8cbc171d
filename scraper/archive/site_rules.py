"""The user's per-site rules (`scraper sites`), with every earlier setting kept.

The newest row of `site_rules` is in force; the older ones say how earlier extractions
were made, and any can be put back. The TOML text is stored as given: the extractor
parses it (`scraper.SiteRules.parse`), the archive only keeps it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from sqlite_utils import Database

from ..clock import utc_now
from .records import SiteRulesEdit

__all__ = ["SiteRulesTable"]


class SiteRulesTable:
    """The `site_rules` table; each setting is one transaction of `write`."""

    def __init__(self, db: Database, write: Callable[[], AbstractContextManager[Database]]):
        self.db = db
        self._write = write

    def current(self) -> str:
        row = self.db.execute("SELECT rules FROM site_rules ORDER BY id DESC LIMIT 1").fetchone()
        return str(row[0]) if row else ""

    def history(self) -> list[SiteRulesEdit]:
        rows = self.db.execute("SELECT id, set_at, rules FROM site_rules ORDER BY id DESC")
        return [SiteRulesEdit(int(n), str(at), str(rules)) for n, at, rules in rows]

    def set(self, rules: str) -> bool:
        with self._write() as db:
            if self.current() == rules:  # (read in the write: no one sets them between)
                return False
            db.execute("INSERT INTO site_rules (rules, set_at) VALUES (?, ?)", [rules, utc_now()])
        return True
