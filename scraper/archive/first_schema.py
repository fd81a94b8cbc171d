"""The archive's first schema (version 1): its tables, indexes and full-text indexes, as
`schema.MIGRATIONS[0]` creates them; and how a full-text index is made (`fts`), which
later migrations use too. Never edited: archives in the wild were made by it.
"""

from __future__ import annotations

from sqlite_utils import Database

__all__ = ["fts", "v1_initial"]

_ARTICLE_FIELDS = """
    url TEXT,
    canonical_url TEXT,
    title TEXT,
    authors TEXT NOT NULL DEFAULT '[]',   -- JSON array
    published TEXT,
    modified TEXT,
    language TEXT,
    site_name TEXT,
    section TEXT,
    tags TEXT NOT NULL DEFAULT '[]',      -- JSON array
    image TEXT,
    description TEXT,
    text TEXT,
    markdown TEXT"""

_V1 = [
    """CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('feed', 'sitemap', 'page')),
        added_at TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        last_polled_at TEXT,
        last_outcome TEXT
    )""",
    """CREATE TABLE dictionaries (
        id INTEGER PRIMARY KEY,
        host TEXT NOT NULL,
        created_at TEXT NOT NULL,
        newest_sample INTEGER NOT NULL,       -- pages.id: made of pages up to this one
        data BLOB NOT NULL                    -- zstd-compressed raw-content dictionary
    )""",
    """CREATE TABLE pages (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL,
        final_url TEXT NOT NULL,
        host TEXT NOT NULL,
        status INTEGER NOT NULL,
        headers TEXT NOT NULL,                -- JSON array of [name, value]
        fetched_at TEXT NOT NULL,
        http_version TEXT NOT NULL,
        dict_id INTEGER REFERENCES dictionaries(id),   -- NULL: plain zstd
        body BLOB NOT NULL,                   -- zstd frame
        raw_size INTEGER NOT NULL,
        sha1 TEXT NOT NULL                    -- of the raw body
    )""",
    f"""CREATE TABLE articles (
        id INTEGER PRIMARY KEY,{_ARTICLE_FIELDS},
        fetched_at TEXT NOT NULL,
        first_seen_at TEXT NOT NULL,
        removed_at TEXT,
        version INTEGER NOT NULL,
        fingerprint TEXT NOT NULL,
        text_hash TEXT,
        page_id INTEGER REFERENCES pages(id)
    )""",
    f"""CREATE TABLE versions (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        number INTEGER NOT NULL,
        seen_at TEXT NOT NULL,
        page_id INTEGER REFERENCES pages(id),
        fingerprint TEXT NOT NULL,
        summary TEXT,{_ARTICLE_FIELDS},
        UNIQUE (article_id, number)
    )""",
    """CREATE TABLE urls (
        url TEXT PRIMARY KEY,                 -- normalised
        source_id INTEGER REFERENCES sources(id),
        state TEXT NOT NULL
            CHECK (state IN ('new', 'retry', 'done', 'failed', 'gone', 'skipped')),
        discovered_at TEXT NOT NULL,
        lastmod TEXT,                         -- as the feed or sitemap gave it
        attempts INTEGER NOT NULL DEFAULT 0,
        etag TEXT,
        last_modified TEXT,
        last_fetched_at TEXT,
        next_visit_at TEXT,
        visits INTEGER NOT NULL DEFAULT 0,
        article_id INTEGER REFERENCES articles(id),
        duplicate INTEGER NOT NULL DEFAULT 0, -- 1: another address of article_id
        removed_at TEXT
    )""",
    """CREATE TABLE aliases (
        url TEXT PRIMARY KEY,                 -- normalised
        article_id INTEGER NOT NULL REFERENCES articles(id)
    )""",
    """CREATE TABLE settings (
        name TEXT PRIMARY KEY,                -- e.g. fingerprint_version
        value TEXT NOT NULL
    )""",
    """CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        report TEXT                           -- JSON RunReport
    )""",
    """CREATE TABLE fetch_log (
        id INTEGER PRIMARY KEY,
        run_id INTEGER REFERENCES runs(id),
        url TEXT NOT NULL,
        at TEXT NOT NULL,
        status INTEGER,
        outcome TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        failed INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX urls_pending ON urls (discovered_at) WHERE state IN ('new', 'retry')",
    "CREATE INDEX urls_due ON urls (next_visit_at) WHERE state = 'done'",
    "CREATE INDEX urls_article ON urls (article_id)",
    "CREATE INDEX aliases_article ON aliases (article_id)",
    "CREATE INDEX articles_text_hash ON articles (text_hash)",
    "CREATE INDEX articles_fetched_at ON articles (fetched_at)",
    "CREATE INDEX versions_page ON versions (page_id)",
    "CREATE INDEX pages_host ON pages (host, dict_id)",
    "CREATE INDEX pages_url ON pages (url)",
    "CREATE INDEX dictionaries_host ON dictionaries (host)",
    "CREATE INDEX fetch_log_failed ON fetch_log (id) WHERE failed",
]


def fts(
    fts: str,
    table: str,
    content: str,
    when: str = "",
    *,
    tokenize: str = "unicode61 remove_diacritics 2",
    triggers: str = "",
) -> list[str]:
    """An external-content FTS5 index on `table`(title, text), kept in sync by triggers.

    The index stores no copy of the text: it reads it from `content` (the table, or a view
    of the rows `when` selects). The update trigger fires only when an indexed column
    changes, so bumping `fetched_at` does not reindex an article. `rank` is bm25 with a
    term in the title worth five in the text. The triggers are named `triggers` (default:
    `table`) with `_ai`, `_ad`, `_au`.
    """
    triggers = triggers or table

    def indexed(row: str) -> str:
        return f" WHERE {when.format(row=row)}" if when else ""

    delete = (
        f"INSERT INTO {fts} ({fts}, rowid, title, text)"
        f" SELECT 'delete', old.id, old.title, old.text{indexed('old')}"
    )
    insert = (
        f"INSERT INTO {fts} (rowid, title, text) SELECT new.id, new.title, new.text{indexed('new')}"
    )
    return [
        f"""CREATE VIRTUAL TABLE {fts} USING fts5 (title, text, content={content},
            content_rowid=id, tokenize='{tokenize}')""",
        f"INSERT INTO {fts} ({fts}, rank) VALUES ('rank', 'bm25(5.0, 1.0)')",
        f"CREATE TRIGGER {triggers}_ai AFTER INSERT ON {table} BEGIN {insert}; END",
        f"CREATE TRIGGER {triggers}_ad AFTER DELETE ON {table} BEGIN {delete}; END",
        f"CREATE TRIGGER {triggers}_au AFTER UPDATE OF title, text ON {table}"
        f" BEGIN {delete}; {insert}; END",
    ]


def v1_initial(db: Database) -> None:
    statements = [
        *_V1,
        *fts("articles_fts", "articles", "articles"),
        # Only superseded versions: the current one is indexed in `articles_fts`.
        "CREATE VIEW superseded_versions AS"
        " SELECT id, title, text FROM versions WHERE text IS NOT NULL",
        *fts("versions_fts", "versions", "superseded_versions", "{row}.text IS NOT NULL"),
    ]
    for statement in statements:
        db.execute(statement)
