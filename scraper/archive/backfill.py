"""A capture of an archived story older than its latest version, found after it (last
month's crawl imported after this month's): placed among the story's versions by the time
it was seen, so the order of imports does not decide which texts are kept.

The current version stays the current one; an older text becomes an earlier version (the
ones after it renumbered), or, where it is the text of the version that follows it, that
version was first seen earlier. A text captured after the latest version, which a later
fetch still showed (A, C, A again), is a version, and the latest text a version again, seen
at that fetch: the last one the archive knows of (an import in between moves it back).
"""

from __future__ import annotations

from typing import Any, Literal

from sqlite_utils import Database

from ..models import Article, Page
from ..versions import fingerprint, summarize_change
from .pages import PageStore
from .records import Digests, article_from_row, article_to_row
from .rows import insert_row, select_rows, update_row

__all__ = ["Placed", "article_before", "place"]

Placed = Literal["new_version", "earlier", "unchanged"]


def article_before(db: Database, key: str, at: str) -> int | None:
    """The article archived from URL `key` (not as a copy) with a version seen after
    `at`, or its latest text seen after `at`, and no version seen at `at`: where a capture
    at `at` would be an earlier version."""
    row = db.execute(
        "SELECT u.article_id FROM urls u JOIN articles a ON a.id = u.article_id"
        " WHERE u.url = ? AND NOT u.duplicate AND (a.fetched_at > ?"
        " OR EXISTS (SELECT 1 FROM versions v WHERE v.article_id = u.article_id"
        " AND v.seen_at > ?)) AND NOT EXISTS (SELECT 1 FROM versions v"
        " WHERE v.article_id = u.article_id AND v.seen_at = ?)",
        [key, at, at, at],
    ).fetchone()
    return int(row[0]) if row else None


def place(
    db: Database,
    pages: PageStore,
    article_id: int,
    page: Page,
    article: Article,
    known: Digests | None,
) -> Placed:
    """Place `article`, read from `page` (fetched before the article's latest version),
    among the versions of `article_id`; inside the caller's transaction."""
    rows = select_rows(
        db,
        "SELECT v.*, coalesce(v.text, a.text) AS text, coalesce(v.markdown, a.markdown)"
        " AS markdown FROM versions v JOIN articles a ON a.id = v.article_id"
        " WHERE v.article_id = ? ORDER BY v.number",
        [article_id],
    )
    at = page.fetched_at
    before = [row for row in rows if row["seen_at"] < at]
    digest = known.fingerprint if known else fingerprint(article)
    if before and before[-1]["fingerprint"] == digest:
        return "unchanged"  # still the text it had then
    after = rows[len(before)] if len(before) < len(rows) else None
    if after is not None and after["fingerprint"] == digest:  # that text was up already
        update_row(db, "versions", after["id"], seen_at=at)
        if not before:
            update_row(db, "articles", article_id, first_seen_at=at)
        return "earlier"
    previous = article_from_row(before[-1]) if before else None
    row = _version(pages, page, article, known, previous)
    if after is None:  # after the latest version, whose text came back
        _between(db, article_id, rows[-1], row, article)
        return "new_version"
    _shift(db, article_id, after["number"])
    insert_row(db, "versions", {**row, "article_id": article_id, "number": after["number"]})
    update_row(db, "versions", after["id"], summary=_summary(article, after))
    first = {} if before else {"first_seen_at": at}
    db.execute("UPDATE articles SET version = version + 1 WHERE id = ?", [article_id])
    if first:
        update_row(db, "articles", article_id, **first)
    return "new_version"


def _version(
    pages: PageStore, page: Page, article: Article, known: Digests | None, previous: Article | None
) -> dict[str, Any]:
    """The versions row of `article`, read from `page`, after the text `previous` (its
    article and number left to the caller); the page is stored."""
    return {
        **article_to_row(article),  # (not the current version: its text is its own)
        "seen_at": page.fetched_at,
        "page_id": pages.put(page, sha1=known.body_sha1 if known else None),
        "fingerprint": known.fingerprint if known else fingerprint(article),
        "summary": summarize_change(previous, article),
        "extractor": known.extractor if known else None,
    }


def _between(
    db: Database, article_id: int, latest: dict[str, Any], row: dict[str, Any], article: Article
) -> None:
    """Add `row` (of `article`) after the `latest` version, then that version's text
    again, seen when the article was last fetched (it showed the latest text then)."""
    (seen,) = db.execute("SELECT fetched_at FROM articles WHERE id = ?", [article_id]).fetchone()
    number = latest["number"]
    # The latest version gets its own copy of the text, which only `articles` held.
    update_row(db, "versions", latest["id"], text=latest["text"], markdown=latest["markdown"])
    insert_row(db, "versions", {**row, "article_id": article_id, "number": number + 1})
    again = {key: value for key, value in latest.items() if key != "id"}
    insert_row(db, "versions", {
        **again, "number": number + 2, "seen_at": seen, "text": None, "markdown": None,
        "summary": _summary(article, latest),
    })  # fmt: skip
    db.execute("UPDATE articles SET version = version + 2 WHERE id = ?", [article_id])


def _shift(db: Database, article_id: int, number: int) -> None:
    """Make room at `number`: it and the versions after it move up one (in two steps, as
    (article_id, number) is unique)."""
    db.execute(
        "UPDATE versions SET number = -number - 1 WHERE article_id = ? AND number >= ?",
        [article_id, number],
    )
    db.execute(
        "UPDATE versions SET number = -number WHERE article_id = ? AND number < 0", [article_id]
    )


def _summary(earlier: Article, row: dict[str, Any]) -> str:
    return summarize_change(earlier, article_from_row(row))
