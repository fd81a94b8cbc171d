"""The archive's tables, as numbered migrations.

`MIGRATIONS[n - 1]` takes an archive from schema version n - 1 to n; each runs in its own
transaction together with the row that records it in `migrations`, so a migration is
applied entirely or not at all. A new schema version is one more function appended to
the list; old migrations are never edited (archives in the wild went through them).

The layout is made for Datasette: foreign keys between tables, lists as JSON arrays,
`articles_fts` found by naming convention. The text and markdown of an article's
*current* version live only in `articles`; its `versions` row holds them as NULL until a
newer version supersedes it, so each text is stored (and indexed, in `articles_fts` or
`versions_fts`) once.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Sequence

from sqlite_utils import Database

from ..errors import ArchiveError
from .first_schema import fts, v1_initial

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "UNSPACED", "check_known", "migrate", "schema_version"]

log = logging.getLogger(__name__)


def _v2_source_removal(db: Database) -> None:
    # A removed source is kept, not deleted: the URLs it found still name it, and adding
    # it again resumes where it stopped (its validators, its poll history).
    db.execute("ALTER TABLE sources ADD COLUMN removed_at TEXT")


def _v3_child_sitemaps(db: Database) -> None:
    # The sitemaps a source's sitemap index lists: a child read since the index last
    # dated it is not fetched again, and one fetched again is asked for conditionally.
    # Kept for the ones not read yet too (a failure, the per-poll bound), so that an
    # index answering 304 still has them read.
    db.execute(
        """CREATE TABLE child_sitemaps (
            source_id INTEGER NOT NULL REFERENCES sources(id),
            url TEXT NOT NULL,                    -- normalised
            parent TEXT NOT NULL,                 -- the index that lists it
            listed_lastmod TEXT,                  -- the index's <lastmod> for it, if any
            read_lastmod TEXT,                    -- the same, when it was last read
            read_at TEXT,                         -- NULL: listed, not read yet
            etag TEXT,
            last_modified TEXT,
            PRIMARY KEY (source_id, url)
        )"""
    )


def _v4_newest_first(db: Database) -> None:
    # The queue is read newest news first, a batch at a time (`Frontier.pending`): an
    # index in that order makes each batch a short walk, not a sort of the whole queue.
    db.execute("DROP INDEX urls_pending")
    db.execute(
        "CREATE INDEX urls_pending ON urls"
        " (min(coalesce(lastmod, discovered_at), discovered_at) DESC)"
        " WHERE state IN ('new', 'retry')"
    )


def _v5_extractor_revision(db: Database) -> None:
    # Which extractor made each stored extraction (`scraper.extract.revision`): a revisit
    # compares a fresh extraction with the stored one, which an earlier release made
    # differently must be made again first. NULL: made before this was recorded.
    db.execute("ALTER TABLE articles ADD COLUMN extractor TEXT")
    db.execute("ALTER TABLE versions ADD COLUMN extractor TEXT")


def _v6_site_rules(db: Database) -> None:
    # The user's per-site rules (TOML, `scraper sites FILE`), every edit kept: the newest
    # row is in force, and older ones say how earlier extractions were made.
    db.execute(
        """CREATE TABLE site_rules (
            id INTEGER PRIMARY KEY,
            rules TEXT NOT NULL,
            set_at TEXT NOT NULL
        )"""
    )


def _v7_versions_by_time(db: Database) -> None:
    # What changed since a time (`scraper changes`, `--since`): found by an index walk,
    # not a scan of every version and its text.
    db.execute("CREATE INDEX versions_seen_at ON versions (seen_at)")


def _v8_source_trust(db: Database) -> None:
    # Whether the user named the source's host: its address may then be private (their
    # intranet). A feed another site's page advertised is not, or that page could point
    # runs at the user's network. Sources added before this were all named by the user.
    db.execute("ALTER TABLE sources ADD COLUMN trusted INTEGER NOT NULL DEFAULT 1")


def _v9_site_exports(db: Database) -> None:
    # One site's articles and pages (`export --site`, `search --site`) found by index,
    # not by reading every article; the pages fetched since a time (`export --since`).
    db.execute("CREATE INDEX articles_page ON articles (page_id)")
    db.execute("CREATE INDEX pages_fetched_at ON pages (fetched_at)")


def _v10_visible_headline(db: Database) -> None:
    # The headline readers see (`Article.headline`), beside the one the page gives for
    # sharing and search. NULL: read before this was recorded, not a page without one.
    db.execute("ALTER TABLE articles ADD COLUMN headline TEXT")
    db.execute("ALTER TABLE versions ADD COLUMN headline TEXT")


def _v11_story_pages(db: Database) -> None:
    # A story split over pages is archived whole: the pages after the first, in order,
    # beside the first page (the one its version names), so that re-extraction joins the
    # same pages again and a WARC export carries them all. A first page with pages of its
    # own is never shared with another version (its pages may differ).
    db.execute(
        """CREATE TABLE page_parts (
            page_id INTEGER NOT NULL REFERENCES pages(id),  -- the story's first page
            number INTEGER NOT NULL,                        -- 2, 3, …: the page's place
            part_id INTEGER NOT NULL REFERENCES pages(id),  -- the page that continues it
            PRIMARY KEY (page_id, number)
        )"""
    )
    db.execute("CREATE INDEX page_parts_part ON page_parts (part_id)")


# The scripts written without spaces between words (and Hangul, whose particles join the
# word), which `_v12_unspaced_search` indexes: as archives were indexed by it, never edit.
UNSPACED = (
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Han
    "\uac00-\ud7af"  # Hangul
    "\uff66-\uff9f"  # half-width Katakana
)


def _v12_unspaced_search(db: Database) -> None:
    # Chinese, Japanese, Thai…, written without spaces, are one "word" a clause to the
    # index's tokenizer: a word inside a sentence could not be found. Their texts get an
    # index of every three characters (FTS5's trigram) as well, which finds any part of
    # a clause; the texts of spaced scripts stay out of it (`fulltext`).
    unspaced = "coalesce({row}.title, '') || coalesce({row}.text, '') GLOB '*[" + UNSPACED + "]*'"
    db.execute(
        "CREATE VIEW unspaced_articles AS SELECT id, title, text FROM articles"
        f" WHERE {unspaced.format(row='articles')}"
    )
    db.execute(
        "CREATE VIEW unspaced_versions AS SELECT id, title, text FROM superseded_versions"
        f" WHERE {unspaced.format(row='superseded_versions')}"
    )
    for index, table, content, when in (
        ("articles_unspaced", "articles", "unspaced_articles", unspaced),
        (
            "versions_unspaced",
            "versions",
            "unspaced_versions",
            f"{{row}}.text IS NOT NULL AND {unspaced}",
        ),
    ):
        for statement in fts(
            index, table, content, when, tokenize="trigram", triggers=f"{table}_unspaced"
        ):
            db.execute(statement)
        db.execute(f"INSERT INTO {index} ({index}) VALUES ('rebuild')")


def _v13_source_health(db: Database) -> None:
    # How a source has fared beyond its last poll (`scraper sources`): the failed polls in
    # a row and the last good one, the entries its document listed when last read (a feed
    # emptied shows), and the address it has redirected to since when (a feed that moved).
    for column in (
        "failures INTEGER NOT NULL DEFAULT 0",
        "last_ok_at TEXT",
        "listed INTEGER",
        "moved_to TEXT",
        "moved_since TEXT",
    ):
        db.execute(f"ALTER TABLE sources ADD COLUMN {column}")


def _v14_takedown_visits(db: Database) -> None:
    # The visits that found a story gone, by address: where each story's takedowns start
    # (`takedowns`), found without reading the whole fetch log. A partial index: it holds
    # those few rows only, where one over every visit's address would double the log.
    db.execute(
        "CREATE INDEX fetch_log_gone ON fetch_log (url, id) WHERE outcome = 'gone' AND NOT failed"
    )


def _v15_source_moves(db: Database) -> None:
    # A feed that redirects for good (301, 308) is moved to its new address after a few
    # polls in a row (`sources`): the polls that found it so, and the address it left.
    for column in ("moved_polls INTEGER NOT NULL DEFAULT 0", "moved_from TEXT", "moved_at TEXT"):
        db.execute(f"ALTER TABLE sources ADD COLUMN {column}")


def _v16_host_memory(db: Database) -> None:
    # What a run learns of a host that the next runs need (`hosts`): until when it asked
    # us to wait (a Retry-After longer than a run sits out), and its robots.txt with its
    # validators, reused for a day (RFC 9309) rather than fetched at every run.
    db.execute(
        """CREATE TABLE host_holds (
            host TEXT PRIMARY KEY,
            until TEXT NOT NULL,                  -- no request to it before then
            reason TEXT NOT NULL,                 -- what it said, in words
            asked_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE robots_txt (
            url TEXT PRIMARY KEY,                 -- scheme://host[:port]/robots.txt
            status INTEGER,                       -- the copy's: 2xx, or 4xx (allow all)
            body BLOB,                            -- a 2xx's, as fetched (500 KiB at most)
            etag TEXT,
            last_modified TEXT,
            fetched_at TEXT,                      -- the copy fetched or confirmed (304)
            checked_at TEXT NOT NULL,             -- asked last
            error TEXT,                           -- why the last ask found it unreachable
            unreachable_since TEXT                -- the first of those asks in a row
        )"""
    )
    # Where a story's address redirects for good (301, 308): its revisits go there.
    db.execute("ALTER TABLE urls ADD COLUMN moved_to TEXT")
    # A review's own rating (`Article.rating`), kept as the other metadata is. NULL: none,
    # or read before this was recorded (the fingerprint never held it: none changes).
    db.execute("ALTER TABLE articles ADD COLUMN rating TEXT")
    db.execute("ALTER TABLE versions ADD COLUMN rating TEXT")
    # (No data fix for a source moved to another host by schema 15's first code, which
    # kept its trust: that code ran an hour, a move takes polls over a day, so no archive
    # holds one; a trusted source moved across hosts is one the user named anew, `add NEW`.)


def _v17_story_and_source_addresses(db: Database) -> None:
    # Every address a source moved from, not only the one it was added at (`moved_from`):
    # one it passed through (A, then B, then C) still names it for `remove` and `add`.
    db.execute(
        """CREATE TABLE source_addresses (
            url TEXT NOT NULL,                    -- normalised: an address it left
            source_id INTEGER NOT NULL REFERENCES sources(id),
            left_at TEXT,                         -- when it moved on (before 17: its last move)
            PRIMARY KEY (url, source_id)
        )"""
    )
    db.execute("CREATE INDEX source_addresses_source ON source_addresses (source_id)")
    db.execute(
        "INSERT INTO source_addresses (url, source_id, left_at)"
        " SELECT moved_from, id, moved_at FROM sources WHERE moved_from IS NOT NULL"
    )
    # The guid (RSS guid, Atom or JSON Feed id) its source listed a URL under: a later
    # poll listing a new address under it is the same story's (a slug changed), not
    # another. NULL: none, an id many items share, or found before this was recorded.
    db.execute("ALTER TABLE urls ADD COLUMN guid TEXT")
    db.execute("CREATE INDEX urls_guid ON urls (guid) WHERE guid IS NOT NULL")


def _v18_source_joins(db: Database) -> None:
    # An address in `source_addresses` is one a source that joined this one was at (its
    # feed redirects here: `read_for`), or one this source left (`past_urls`). Schema 17
    # told them apart by the joiner being at it still, which it is not once the user adds
    # it back at an address of its own: the address would then read as one this left.
    db.execute("ALTER TABLE source_addresses ADD COLUMN joined INTEGER NOT NULL DEFAULT 0")
    db.execute("UPDATE source_addresses SET joined = url IN (SELECT url FROM sources)")


MIGRATIONS: list[Callable[[Database], None]] = [
    v1_initial,
    _v2_source_removal,
    _v3_child_sitemaps,
    _v4_newest_first,
    _v5_extractor_revision,
    _v6_site_rules,
    _v7_versions_by_time,
    _v8_source_trust,
    _v9_site_exports,
    _v10_visible_headline,
    _v11_story_pages,
    _v12_unspaced_search,
    _v13_source_health,
    _v14_takedown_visits,
    _v15_source_moves,
    _v16_host_memory,
    _v17_story_and_source_addresses,
    _v18_source_joins,
]
SCHEMA_VERSION = len(MIGRATIONS)

# What the migrations that take long on an archive of stories do, said before they start:
# the first command after an upgrade would sit silent for a minute.
_SLOW: dict[Callable[[Database], None], str] = {
    _v12_unspaced_search: "building the search index for Chinese/Japanese/Korean/Thai"
    " text (half a minute for 40 000 stories)",
}


def schema_version(db: Database) -> int:
    """The archive's schema version: 0 for an empty database."""
    # One query, so one snapshot: another process creating the archive meanwhile must not
    # be seen half-way (its tables, but not yet its `migrations`).
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "migrations" not in tables:
        if tables:
            raise ArchiveError("the database has tables but is not a scraper archive")
        return 0
    row = db.execute("SELECT max(version) FROM migrations").fetchone()
    return int(row[0] or 0)


def migrate(
    db: Database, at: str, migrations: Sequence[Callable[[Database], None]] = MIGRATIONS
) -> int:
    """Apply every migration the archive lacks; returns the schema version.

    The version is read again inside each migration's write transaction, so two processes
    opening a new archive at once do not both create it; one that finds another upgrading
    the archive waits for it, however long (minutes, on a big archive), saying so.
    """
    check_known(schema_version(db), len(migrations))
    since, said = time.monotonic(), None
    while schema_version(db) < len(migrations):
        if not _begin(db):
            said = _waiting(schema_version(db), migrations, since, said)
            continue
        try:
            current = schema_version(db)
            check_known(current, len(migrations))
            if current < len(migrations):
                _apply(db, current + 1, migrations[current], at)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    return schema_version(db)


def _begin(db: Database) -> bool:
    """BEGIN IMMEDIATE, or False if another process keeps the write lock a second."""
    (timeout,) = db.execute("PRAGMA busy_timeout").fetchone()
    db.execute("PRAGMA busy_timeout = 1000")
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if "locked" not in str(error) and "busy" not in str(error):
            raise
        return False
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(timeout)}")
    return True


def _waiting(
    current: int, migrations: Sequence[Callable[[Database], None]], since: float, said: object
) -> tuple[int, int]:
    """Say, while another process holds an older archive's write lock (upgrading it, as a
    rule), how far the archive is: when it gets further, and once a minute. Returns what
    it said, to be passed back as `said`."""
    minutes = int(time.monotonic() - since) // 60
    if said != (current, minutes):
        step = _SLOW.get(migrations[current], "") if current < len(migrations) else ""
        log.warning(
            "the archive is being upgraded (or written) by another process: at schema %d"
            " of %d%s%s; waiting for it…",
            current, len(migrations), f", {step}" if step else "",
            f" ({minutes} min so far)" if minutes else "",
        )  # fmt: skip
    return current, minutes


def _apply(db: Database, number: int, migration: Callable[[Database], None], at: str) -> None:
    if number == 1:
        db.execute(
            "CREATE TABLE migrations"
            " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
    if migration in _SLOW and db.execute("SELECT EXISTS (SELECT 1 FROM articles)").fetchone()[0]:
        log.warning("upgrading the archive: %s…", _SLOW[migration])
    migration(db)
    db.execute(
        "INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)",
        [number, migration.__name__.lstrip("_"), at],
    )


def check_known(current: int, known: int = SCHEMA_VERSION) -> None:
    if current > known:
        raise ArchiveError(
            f"the archive has schema version {current}, newer than this scraper knows "
            f"({known}): upgrade scraper"
        )
