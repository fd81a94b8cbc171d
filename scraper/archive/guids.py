"""A feed item's guid across polls (`urls.guid`): the story a source listed under a guid
before is the one a new address under it leads to (its slug changed with the headline).

Within one poll, items under one guid are one story already (`discover_json.one_per_story`,
which keeps no guid that names none: one on many items, or the site's address). Across
polls, the URLs a source listed under a guid are one story by their article (or, not
fetched yet, the one URL); a guid under two stories ties nothing more. Only for a while:
a slug changes with the headline within days of a story's first listing, while a CMS
gives an id again much later (restored, re-imported, its counter restarted), to a story
that has nothing to do with the first, which would replace its text as a "new version".
"""

from __future__ import annotations

from datetime import timedelta

from sqlite_utils import Database

from ..clock import parse_iso
from ..models import Discovered

__all__ = ["SAME_STORY", "keep_guid", "new_address"]

# How long after a guid was first listed with an address a new address under it is that
# story's: a week covers a story that develops over days (its headline, and slug, rewritten
# as it does); an id a CMS reuses comes weeks or years on (QA new29 F01: 30 days).
SAME_STORY = timedelta(days=7)


def new_address(db: Database, key: str, item: Discovered, source_id: int, at: str) -> bool:
    """Whether the unknown URL `key` (`item`, which the source lists under a guid) is the
    new address of a story the source listed under that guid before, its latest address
    first listed less than `SAME_STORY` ago (later, the guid is taken from it: it names
    the new story from now on). If so it is queued as that story's: an archived story is
    visited there now, and revisited there from then on (its old address one more of its
    own, as a copy's is); one not fetched yet is fetched there instead."""
    if db.execute("SELECT 1 FROM urls WHERE url = ?", [key]).fetchone():
        return False
    stories = db.execute(
        "SELECT coalesce(article_id, url), article_id, max(discovered_at) FROM urls"
        " WHERE guid = ? AND source_id = ? AND (article_id IS NOT NULL OR state IN ('new',"
        " 'retry')) GROUP BY 1 LIMIT 2",
        [item.guid, source_id],
    ).fetchall()
    if len(stories) != 1:  # (none, or a guid two stories share: no identity)
        return False
    ((story, article_id, listed),) = stories
    if parse_iso(at) - parse_iso(listed) > SAME_STORY:  # (an id given again: a new story's)
        db.execute(
            "UPDATE urls SET guid = NULL WHERE guid = ? AND source_id = ?", [item.guid, source_id]
        )
        return False
    if article_id is None:  # queued, not fetched yet: fetched at its new address
        db.execute(
            "UPDATE urls SET url = ?, lastmod = coalesce(?, lastmod) WHERE url = ?",
            [key, item.lastmod, story],
        )
        return True
    own = db.execute(
        "SELECT visits FROM urls WHERE article_id = ? AND NOT duplicate", [article_id]
    ).fetchone()
    db.execute(
        "UPDATE urls SET duplicate = 1, next_visit_at = NULL"
        " WHERE article_id = ? AND NOT duplicate",
        [article_id],
    )
    db.execute(
        "INSERT INTO urls (url, source_id, state, discovered_at, lastmod, guid, article_id,"
        " visits, next_visit_at) VALUES (?, ?, 'done', ?, ?, ?, ?, ?, ?)",
        [key, source_id, at, item.lastmod, item.guid, article_id, own[0] if own else 0, at],
    )
    return True


def keep_guid(db: Database, key: str, item: Discovered, source_id: int) -> None:
    """Note the guid the source lists its known URL `key` under (one it found before this
    was recorded), unless another source found it."""
    db.execute(
        "UPDATE urls SET guid = ? WHERE url = ? AND source_id = ? AND guid IS NULL",
        [item.guid, key, source_id],
    )
