"""A story taken down from its site: when to look at it again, and its takedowns read back.

A visit that finds an archived story gone (a 404 or 410, a notice in its place, a redirect
to the front page) marks it removed at once. But one run of 404s (a bad deploy) is no
takedown, so the story is looked at again a day and a week later (`GONE_RECHECKS`), and
given up only when it is still gone then; a visit that finds it back ends the takedown.
The takedowns are not stored apart: the fetch log keeps every visit's outcome and time
(`gone`, `ok`, `not_modified`), and each story's are read from it.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlite_utils import Database

from ..schedule import next_visit
from ..urls import on_hosts
from .records import Change

__all__ = [
    "BACK",
    "GONE_RECHECKS",
    "REMOVED",
    "Takedown",
    "found_gone",
    "moved_to",
    "recheck_at",
    "takedown_changes",
    "takedowns",
    "touched_since",
]

# After the visit that found a story gone, seconds to the ones that look again: two
# requests a story, however many a bad deploy's 404s touched.
GONE_RECHECKS = (86400.0, 7 * 86400.0)

# The changes that are no versions (`takedown_changes`).
REMOVED = "removed from the site"
BACK = "back on the site"


@dataclass(frozen=True, slots=True)
class Takedown:
    """A time a story was off its site: from the visit that found it gone to the one
    that found it back (None: it is gone still)."""

    removed_at: str
    back_at: str | None = None


def recheck_at(removed_at: str, at: str) -> str | None:
    """When to look again at a story found gone at `removed_at`, after a visit at `at`
    found it gone (`GONE_RECHECKS`); None: it is given up."""
    return next_visit(removed_at, 0, GONE_RECHECKS, after=at)


def found_gone(db: Database, row: dict[str, Any], at: str, *, taken: bool) -> dict[str, Any]:
    """The new columns of a URL's `row` that a visit at `at` found gone. Its article, if
    `taken` down (not moved: `moved_to`), is removed from the first such visit on, and
    looked at again while it was watched (revisits due); given up (`gone`) after that."""
    since = (row["removed_at"] or at) if taken else None
    recheck = recheck_at(since, at) if since and row["next_visit_at"] else None
    if taken:
        db.execute(
            "UPDATE articles SET removed_at = coalesce(removed_at, ?) WHERE id = ?",
            [at, row["article_id"]],
        )
    return {
        "state": "done" if recheck else "gone", "next_visit_at": recheck, "removed_at": since,
        "last_fetched_at": at, "attempts": 0,
    }  # fmt: skip


def moved_to(db: Database, article_id: int) -> str | None:
    """The other address an article lives on at, which takes over its revisits when its
    own is gone (a slug changed with the headline, the old address now a 404)."""
    row = db.execute(
        "SELECT url FROM urls WHERE article_id = ? AND duplicate = 1 AND state = 'done'"
        " ORDER BY last_fetched_at DESC LIMIT 1",
        [article_id],
    ).fetchone()
    return str(row[0]) if row else None


def takedowns(db: Database, article_id: int | None = None) -> dict[int, list[Takedown]]:
    """The takedowns of each article taken down at some time (or of `article_id`'s
    alone), oldest first, read from the fetch log: from a visit that found it gone to
    the next that found it there."""
    one, params = ("= ?", [article_id]) if article_id is not None else ("IS NOT NULL", [])
    gone = dict(
        db.execute(
            f"SELECT id, removed_at FROM articles WHERE removed_at IS NOT NULL AND id {one}", params
        )
    )
    watched, first = _watched(db, article_id)
    visits = db.execute(
        "SELECT url, at, outcome FROM fetch_log WHERE id >= ? AND outcome IN ('ok', 'not_modified',"
        " 'gone') AND url IN (SELECT value FROM json_each(?)) ORDER BY at, id",
        [first, json.dumps(sorted(watched))],
    )
    by_article = sorted(
        ((watched[url], at, outcome) for url, at, outcome in visits), key=itemgetter(0)
    )
    found = {
        key: _spells(((at, outcome) for _, at, outcome in rows), gone.get(key))
        for key, rows in itertools.groupby(by_article, key=itemgetter(0))
    }
    for key, at in gone.items():  # (an archive's takedown that its log does not tell)
        found.setdefault(key, [Takedown(at)])
    return {key: spells for key, spells in found.items() if spells}


def _watched(db: Database, article_id: int | None) -> tuple[dict[str, int], int]:
    """The addresses (and their article) that the articles a visit found gone (or
    `article_id`) are revisited at (not their copies, nor an old address one moved from:
    `moved_to`), and the first such visit's row in the log (no takedown starts before)."""
    if article_id is not None:  # (its addresses by index, and its first gone visit)
        watched = dict(db.execute(_ADDRESSES + " = ?", [article_id]))
        (first,) = db.execute(
            "SELECT min(id) FROM fetch_log WHERE outcome = 'gone' AND NOT failed"
            " AND url IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted(watched))],
        ).fetchone()
        return watched, first or 0
    firsts = dict(
        db.execute(
            "SELECT url, min(id) FROM fetch_log WHERE outcome = 'gone' AND NOT failed GROUP BY url"
        )
    )
    pick = " IN (SELECT article_id FROM urls WHERE url IN (SELECT value FROM json_each(?)))"
    watched = dict(db.execute(_ADDRESSES + pick, [json.dumps(sorted(firsts))]))
    return watched, min((firsts[url] for url in watched if url in firsts), default=0)


_ADDRESSES = (
    "SELECT url, article_id FROM urls WHERE NOT duplicate"
    " AND NOT (state = 'gone' AND removed_at IS NULL) AND article_id"
)


def _spells(visits: Iterable[tuple[str, str]], removed_at: str | None) -> list[Takedown]:
    """The takedowns that `visits` (time, outcome; in order) tell, of an article marked
    removed at `removed_at` (None: it is not now, so an open one was no takedown)."""
    spells, down = [], None
    for at, outcome in visits:
        if outcome == "gone":
            down = down or at
        elif down:
            spells.append(Takedown(down, at))
            down = None
    if removed_at:
        spells.append(Takedown(down or removed_at))
    return spells


def touched_since(db: Database, since: str) -> set[int]:
    """The articles taken down, or back on their site, at or after `since`."""
    return {
        key
        for key, spells in takedowns(db).items()
        if any(t.removed_at >= since or (t.back_at or "") >= since for t in spells)
    }


def takedown_changes(db: Database, since: str, sites: Collection[str] = ()) -> list[Change]:
    """Each takedown (`REMOVED`) and return (`BACK`) at or after `since`, as a change of
    the version current then; of the articles on `sites` (and subdomains) if given."""
    events = [
        (key, at, summary)
        for key, spells in takedowns(db).items()
        for t in spells
        for at, summary in ((t.removed_at, REMOVED), (t.back_at, BACK))
        if at is not None and at >= since
    ]
    found = []
    for key, at, summary in events:
        url, title = _named(db, key)
        if not sites or on_hosts(url or "", sites):
            found.append(Change(key, _version_at(db, key, at), at, url, title, summary))
    return found


def _named(db: Database, article_id: int) -> tuple[Any, Any]:
    url, title = db.execute("SELECT url, title FROM articles WHERE id = ?", [article_id]).fetchone()
    return url, title


def _version_at(db: Database, article_id: int, at: str) -> int:
    """The number of the article's version current at `at`."""
    (number,) = db.execute(
        "SELECT coalesce(max(number), 1) FROM versions WHERE article_id = ? AND seen_at <= ?",
        [article_id, at],
    ).fetchone()
    return int(number)
