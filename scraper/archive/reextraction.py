"""What re-extraction writes: a page's versions as the current extractor reads them, and
the versions that then read the same as the one before folded into it.

A versions row holds what its page read; the article row is its current version's
reading plus what later captures of that version brought up to date (`refreshed`: they
kept no raw page of their own). The difference between the two is that refresh, and a
new reading of the page keeps it. Used inside a `Results` transaction, never opening one.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from ..models import Article
from ..versions import fingerprint, summarize_change
from .fingerprints import VERSIONS_WITH_TEXT
from .records import ARTICLE_COLUMNS, article_from_row, article_to_row, refreshed, text_hash
from .rows import select_rows, update_row

__all__ = ["fold_repeats", "rewrite"]


def rewrite(db: Database, page_id: int, article: Article, extractor: str | None) -> bool | None:
    """Make `article` (by `extractor`, a revision) what page `page_id`'s versions read;
    whether one of them changed (None: the page has none, kept without an article)."""
    rows = select_rows(db, VERSIONS_WITH_TEXT + " WHERE v.page_id = ?", [page_id])
    if not rows:
        return None
    changed = False
    for row in rows:
        if article_from_row(row) != article:
            changed = True
            _rewrite(db, row, article)
            _summarize(db, row["article_id"], row["number"])
        if row["extractor"] != extractor:  # (the same reading too: by this one now)
            update_row(db, "versions", row["id"], extractor=extractor)
            if row["current"]:
                update_row(db, "articles", row["article_id"], extractor=extractor)
    return changed


def _rewrite(db: Database, row: dict[str, Any], article: Article) -> None:
    columns = {**article_to_row(article), "fingerprint": fingerprint(article)}
    if not row["current"]:
        update_row(db, "versions", row["id"], **columns)
        return
    # The current version's text lives in `articles`.
    update_row(db, "versions", row["id"], **{**columns, "text": None, "markdown": None})
    (current,) = select_rows(db, "SELECT * FROM articles WHERE id = ?", [row["article_id"]])
    kept = _refresh_kept(current, row, article)
    update_row(
        db, "articles", row["article_id"], **{**columns, **kept}, text_hash=text_hash(article)
    )


def _refresh_kept(
    current: dict[str, Any], version: dict[str, Any], article: Article
) -> dict[str, Any]:
    """What later captures brought up to date in the article row (where it differs from
    its version's), kept over `article`'s reading as a refresh is: a field the extractor
    now reads otherwise on the version's page is its own (only a later modified time
    stands), as the refresh was the earlier extractor's reading."""
    new = article_to_row(article)
    later = {
        name: current[name]
        for name in ARTICLE_COLUMNS
        if current[name] != version[name] and (new[name] == version[name] or name == "modified")
    }
    return refreshed(new, article_from_row({**new, **later}))


def _summarize(db: Database, article_id: int, number: int) -> None:
    """Say anew what changed in version `number` and in the one after it."""
    rows = select_rows(
        db,
        VERSIONS_WITH_TEXT + " WHERE v.article_id = ? AND v.number BETWEEN ? AND ?",
        [article_id, number - 1, number + 1],
    )
    read = {row["number"]: article_from_row(row) for row in rows}
    for row in rows:
        if row["number"] >= number:
            summary = summarize_change(read.get(row["number"] - 1), read[row["number"]])
            update_row(db, "versions", row["id"], summary=summary)


def fold_repeats(db: Database) -> int:
    """Fold every version that reads as the one before it into that one (what made it a
    version, a box the extractor now leaves out, is no change of the story); how many.
    Its raw page stays, a capture of the story as it was then."""
    repeats = db.execute(
        "SELECT b.article_id, b.number FROM versions a JOIN versions b"
        " ON b.article_id = a.article_id AND b.number = a.number + 1"
        " WHERE b.fingerprint = a.fingerprint ORDER BY b.article_id, b.number DESC"
    ).fetchall()
    for article_id, number in repeats:  # (the later first: the earlier keep their numbers)
        _fold(db, article_id, number)
    return len(repeats)


def _fold(db: Database, article_id: int, number: int) -> None:
    (latest,) = db.execute("SELECT version FROM articles WHERE id = ?", [article_id]).fetchone()
    (earlier,) = select_rows(
        db, "SELECT id, page_id FROM versions WHERE article_id = ? AND number = ?",
        [article_id, number - 1],
    )  # fmt: skip
    db.execute("DELETE FROM versions WHERE article_id = ? AND number = ?", [article_id, number])
    if number == latest:  # the earlier is current again: its text lives in `articles`
        update_row(db, "versions", earlier["id"], text=None, markdown=None)
        update_row(db, "articles", article_id, version=number - 1, page_id=earlier["page_id"])
        return
    # Negative numbers first: (article_id, number) stays unique at every step.
    db.execute(
        "UPDATE versions SET number = 1 - number WHERE article_id = ? AND number > ?",
        [article_id, number],
    )
    db.execute(
        "UPDATE versions SET number = -number WHERE article_id = ? AND number < 0", [article_id]
    )
    update_row(db, "articles", article_id, version=latest - 1)
    _summarize(db, article_id, number)
