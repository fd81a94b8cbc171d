"""A story's captures keep the order they were made in, whatever the clock said.

A system clock can step back between two captures (an NTP step; a board that boots on a
saved time until it syncs). A capture dated before the one it follows would sort before
it: `history` would list v3 before v2, and a WARC export, dated by capture, would make
the older text the current one on import. So a capture is dated one second after the
article's last one when the clock puts it earlier: never before what it follows.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlite_utils import Database

from ..clock import parse_iso, to_iso
from ..models import Page

__all__ = ["following"]


def following(db: Database, article_id: int | None, page: Page) -> Page:
    """`page`, dated after the last capture of article `article_id` (None: a new one)."""
    if article_id is None:
        return page
    row = db.execute("SELECT fetched_at FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None or parse_iso(page.fetched_at) >= parse_iso(row[0]):
        return page
    return replace(page, fetched_at=to_iso(parse_iso(row[0]) + timedelta(seconds=1)))
