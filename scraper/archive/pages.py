"""Raw pages in the `pages` table, compressed with their host's dictionary.

A host's first pages are compressed with plain zstd. After `TRAIN_AFTER` of them a
dictionary is built from its newest pages and those plain pages are recompressed with
it (in the same transaction, so a page and the dictionary it names always agree).
Every `RETRAIN_AFTER` pages a new dictionary is built for the pages that follow, so a
redesign stops costing after a while; older pages keep the dictionary they name.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterator, Sequence
from typing import Any

from sqlite_utils import Database

from ..models import Page
from ..urls import host_of
from .compress import RETRAIN_AFTER, TRAIN_AFTER, Codec, build_dictionary, pack_dictionary
from .rows import stored_hosts

__all__ = ["PageStore"]

_BATCH = 64  # pages read per query when streaming
_DIFFER = "size or SHA-1 differ"
_COLUMNS = "id, url, final_url, status, headers, fetched_at, http_version, dict_id, body"
# A page stored only as a story's page 2, 3, … (not as any version's page).
_PART = (
    "id IN (SELECT part_id FROM page_parts)"
    " AND NOT EXISTS (SELECT 1 FROM versions WHERE versions.page_id = pages.id)"
)


class PageStore:
    """Put and get raw pages; call `put` inside the caller's transaction."""

    def __init__(
        self, db: Database, *, train_after: int = TRAIN_AFTER, retrain_after: int = RETRAIN_AFTER
    ) -> None:
        self.db = db
        self.codec = Codec(self._load_dictionary)
        self.train_after = train_after
        self.retrain_after = retrain_after

    def put(self, page: Page, *, sha1: str | None = None, parts: Sequence[Page] = ()) -> int:
        """Store `page`; the id of an identical body already stored for its URL is reused.

        `sha1`: the body's SHA-1 hex digest, when the caller computed it already.
        `parts`: the pages that continue its story (2, 3, …), stored with it; such a first
        page is stored anew, as the same first page may have other pages after it."""
        if sha1 is None:
            sha1 = hashlib.sha1(page.body).hexdigest()
        same = self.db.execute(
            "SELECT id FROM pages WHERE url = ? AND sha1 = ?"
            " AND id NOT IN (SELECT page_id FROM page_parts) ORDER BY id DESC LIMIT 1",
            [page.url, sha1],
        ).fetchone()
        if same and not parts:
            return int(same[0])
        host = host_of(page.final_url) or host_of(page.url)
        dict_id = self._current_dictionary(host)
        cursor = self.db.execute(
            "INSERT INTO pages (url, final_url, host, status, headers, fetched_at, http_version,"
            " dict_id, body, raw_size, sha1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                page.url,
                page.final_url,
                host,
                page.status,
                json.dumps([list(h) for h in page.headers], ensure_ascii=False),
                page.fetched_at,
                page.http_version,
                dict_id,
                self.codec.compress(page.body, dict_id),
                len(page.body),
                sha1,
            ],
        )
        page_id = int(cursor.lastrowid or 0)
        self._maybe_build_dictionary(host, dict_id, page.fetched_at)
        for number, part in enumerate(parts, start=2):
            self.db.execute(
                "INSERT INTO page_parts (page_id, number, part_id) VALUES (?, ?, ?)",
                [page_id, number, self.put(part)],
            )
        return page_id

    def parts(self, page_id: int) -> list[Page]:
        """The pages that continue the story of first page `page_id`, in order."""
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM pages JOIN page_parts ON part_id = pages.id"
            " WHERE page_parts.page_id = ? ORDER BY number",
            [page_id],
        ).fetchall()
        return [self._page(row) for row in rows]

    def newest_at(self, urls: Sequence[str], at: str) -> Page | None:
        """The page last fetched from one of `urls` at or before `at`, a story's later
        page too."""
        row = self.db.execute(
            f"SELECT {_COLUMNS} FROM pages WHERE url IN ({','.join('?' * len(urls))})"
            " AND fetched_at <= ? ORDER BY fetched_at DESC, id DESC LIMIT 1",
            [*urls, at],
        ).fetchone()
        return self._page(row) if row else None

    def count(self, page_id: int) -> int:
        """How many pages the story of first page `page_id` has: 1 and its later ones."""
        query = "SELECT count(*) FROM page_parts WHERE page_id = ?"
        return 1 + int(self.db.execute(query, [page_id]).fetchone()[0])

    def is_part(self, page_id: int) -> bool:
        """Whether the page was stored as a story's page 2, 3, … (and as nothing else)."""
        found = self.db.execute(f"SELECT 1 FROM pages WHERE id = ? AND {_PART}", [page_id])
        return found.fetchone() is not None

    def get(self, page_id: int) -> Page | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM pages WHERE id = ?", [page_id]).fetchone()
        return self._page(row) if row else None

    def newest_of(self, hosts: Sequence[str], limit: int) -> list[Page]:
        """The newest page of each URL on `hosts` or their subdomains, newest first, at
        most `limit` of them."""
        names = stored_hosts(self.db, hosts)
        if not names:
            return []
        marks = ",".join("?" * len(names))
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM pages WHERE id IN"
            f" (SELECT max(id) FROM pages WHERE host IN ({marks}) GROUP BY url)"
            " ORDER BY id DESC LIMIT ?",
            [*names, limit],
        ).fetchall()
        return [self._page(row) for row in rows]

    def iter(
        self, *, since: str | None = None, hosts: Collection[str] = (), parts: bool = True
    ) -> Iterator[tuple[int, Page]]:
        """Every page (fetched at or after `since`; of `hosts` and their subdomains),
        oldest first, a batch at a time (writes between batches are fine). Without
        `parts`, not the pages that only continue a story (`put`)."""
        where, params = "fetched_at >= ?", [since or ""]
        if not parts:
            where += f" AND NOT ({_PART})"
        if hosts:
            names = stored_hosts(self.db, hosts)
            where += f" AND host IN ({','.join('?' * len(names))})"
            params += names
        for row in self._rows(_COLUMNS, where, params):
            yield row[0], self._page(row)

    def damage(self) -> Iterator[tuple[int, str | None]]:
        """Per page, oldest first: its id, and what is wrong with it, or None when its body
        decompresses to the size and SHA-1 it was fetched with."""
        for page_id, url, dict_id, blob, size, sha1 in self._rows(
            # (CAST: a body damaged into TEXT must not stop the check on a decode error)
            "id, url, dict_id, CAST(body AS BLOB), raw_size, sha1",
            "1",
            [],
        ):
            try:
                body = self.codec.decompress(blob, dict_id)
            except Exception as error:  # zstd and a missing dictionary raise their own
                yield page_id, f"{url}: cannot decompress: {error}"
                continue
            same = len(body) == size and hashlib.sha1(body).hexdigest() == sha1
            yield (
                page_id,
                None if same else f"{url}: the body is not what was fetched (size or SHA-1 differ)",
            )

    def _rows(self, columns: str, where: str, params: list[Any]) -> Iterator[tuple[Any, ...]]:
        """`columns` of the pages matching `where`, by id, `_BATCH` rows a query (the
        first column is the id)."""
        last = 0
        while rows := self.db.execute(
            f"SELECT {columns} FROM pages WHERE id > ? AND {where} ORDER BY id LIMIT ?",
            [last, *params, _BATCH],
        ).fetchall():
            yield from rows
            last = rows[-1][0]

    def _page(self, row: tuple[Any, ...]) -> Page:
        _, url, final_url, status, headers, fetched_at, http_version, dict_id, body = row
        return Page(
            url=url,
            final_url=final_url,
            status=status,
            headers=tuple((k, v) for k, v in json.loads(headers)),
            body=self.codec.decompress(body, dict_id),
            fetched_at=fetched_at,
            http_version=http_version,
        )

    def _current_dictionary(self, host: str) -> int | None:
        row = self.db.execute("SELECT max(id) FROM dictionaries WHERE host = ?", [host]).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def _load_dictionary(self, dict_id: int) -> bytes:
        row = self.db.execute("SELECT data FROM dictionaries WHERE id = ?", [dict_id]).fetchone()
        if row is None:
            raise LookupError(f"the archive has no compression dictionary {dict_id}")
        return bytes(row[0])

    def _maybe_build_dictionary(self, host: str, dict_id: int | None, at: str) -> None:
        # Pages compressed since the dictionary was made (not those recompressed with it).
        (count,) = self.db.execute(
            "SELECT count(*) FROM pages WHERE host = ? AND dict_id IS ? AND id > coalesce("
            " (SELECT newest_sample FROM dictionaries WHERE id = ?), 0)",
            [host, dict_id, dict_id],
        ).fetchone()
        if count < (self.train_after if dict_id is None else self.retrain_after):
            return
        newest = self.db.execute(
            "SELECT id FROM pages WHERE host = ? AND status < 300 ORDER BY id DESC LIMIT 2",
            [host],
        ).fetchall()
        data = build_dictionary([self._body(page_id) for (page_id,) in newest])
        if data is None:
            return
        new_id = self.db.execute(
            "INSERT INTO dictionaries (host, created_at, newest_sample, data) VALUES (?, ?, ?, ?)",
            [host, at, newest[0][0], pack_dictionary(data)],
        ).lastrowid
        if dict_id is None:
            self._recompress(host, int(new_id or 0))
        else:
            self.codec.retire(dict_id)

    def _recompress(self, host: str, dict_id: int) -> None:
        """Recompress the host's plain pages with its first dictionary."""
        plain = self.db.execute(
            "SELECT id, body FROM pages WHERE host = ? AND dict_id IS NULL", [host]
        ).fetchall()
        for page_id, blob in plain:
            body = self.codec.decompress(blob)
            self.db.execute(
                "UPDATE pages SET dict_id = ?, body = ? WHERE id = ?",
                [dict_id, self.codec.compress(body, dict_id), page_id],
            )

    def _body(self, page_id: int) -> bytes:
        blob, dict_id = self.db.execute(
            "SELECT body, dict_id FROM pages WHERE id = ?", [page_id]
        ).fetchone()
        return self.codec.decompress(blob, dict_id)
