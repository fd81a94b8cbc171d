"""Folding two articles that turn out to be one story into one.

A story's slug often changes with its headline: the old address then redirects to the new
one. A run that finds the new address first (a feed lists it) archives it as a new
article, since nothing yet ties it to the old one; the old address's next revisit, led
to the new one, shows they are one story. `fold` then makes them one article: the versions
of both, in the order they were seen, under the older article's id, and every URL and
alias of the younger one naming it. Used inside a `Results` transaction, never opening one.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from sqlite_utils import Database

from ..notices import reads_as_notice
from ..versions import summarize_change
from .records import ARTICLE_COLUMNS, article_from_row
from .rows import select_rows, update_row

__all__ = ["fold", "foldable"]

# What the article row takes from whichever of the two was fetched last.
_CURRENT = (
    *ARTICLE_COLUMNS, "fetched_at", "removed_at", "fingerprint", "text_hash", "page_id", "extractor"
)  # fmt: skip


def foldable(db: Database, article_id: int) -> bool:
    """Whether the article at a story's new address may be the story's: not a notice's
    page (a 404 template served with 200 there while the site moved, taken for an article
    then), which would stand in the story's history as an edit and its revert."""
    rows = select_rows(db, "SELECT * FROM articles WHERE id = ?", [article_id])
    return not any(reads_as_notice(article_from_row(row)) for row in rows)


def fold(db: Database, keep: int, gone: int) -> None:
    """Make article `gone` part of article `keep`: its versions, URLs and aliases."""
    rows = {row["id"]: row for row in select_rows(
        db, "SELECT * FROM articles WHERE id IN (?, ?)", [keep, gone]
    )}  # fmt: skip
    for row in rows.values():  # the current versions' text, kept only in `articles` so far
        db.execute(
            "UPDATE versions SET text = ?, markdown = ? WHERE article_id = ? AND number = ?",
            [row["text"], row["markdown"], row["id"], row["version"]],
        )
    versions = select_rows(
        db,
        "SELECT * FROM versions WHERE article_id IN (?, ?) ORDER BY seen_at, id",
        [keep, gone],
    )
    _renumber(db, keep, versions)
    latest = max(rows.values(), key=lambda row: (row["fetched_at"], row["id"]))
    update_row(
        db,
        "articles",
        keep,
        **{name: latest[name] for name in _CURRENT},
        first_seen_at=min(row["first_seen_at"] for row in rows.values()),
        version=len(versions),
    )
    db.execute(
        "UPDATE versions SET text = NULL, markdown = NULL WHERE article_id = ? AND number = ?",
        [keep, len(versions)],
    )
    db.execute("UPDATE urls SET article_id = ? WHERE article_id = ?", [keep, gone])
    db.execute("UPDATE aliases SET article_id = ? WHERE article_id = ?", [keep, gone])
    db.execute("DELETE FROM articles WHERE id = ?", [gone])


def _renumber(db: Database, keep: int, versions: list[dict[str, Any]]) -> None:
    """Number the versions of both articles in the order seen, as `keep`'s; a version
    that follows one of the other article says what changed from it."""
    # Negative numbers first: (article_id, number) stays unique at every step.
    for number, version in enumerate(versions, start=1):
        db.execute(
            "UPDATE versions SET article_id = ?, number = ? WHERE id = ?",
            [keep, -number, version["id"]],
        )
    db.execute("UPDATE versions SET number = -number WHERE article_id = ?", [keep])
    for before, version in pairwise(versions):
        if before["article_id"] != version["article_id"]:
            summary = summarize_change(article_from_row(before), article_from_row(version))
            db.execute("UPDATE versions SET summary = ? WHERE id = ?", [summary, version["id"]])
