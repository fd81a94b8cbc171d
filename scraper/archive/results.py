"""Writing what a fetch gave: pages, articles, versions, aliases and the URL's new state.

Every method is one transaction. An article is found again by the URL it was fetched
from, else as `aliases` matches it: a page that matches an article archived under another
URL becomes an alias of it (`Saved.duplicate_of`), never a second article.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import Any

from sqlite_utils import Database

from ..errors import ROBOTS_REFUSAL
from ..models import Article, Page
from ..versions import fingerprint, summarize_change
from .aliases import Aliases
from .frontier import MAX_ATTEMPTS, Frontier, url_key
from .merge import fold, foldable
from .pages import PageStore
from .records import (
    MIN_TEXT_FOR_MOVE,
    Digests,
    Saved,
    article_to_row,
    digests,
    refreshed,
    same_version,
    status_reason,
    superseded,
    text_hash,
)
from .reextraction import fold_repeats, rewrite
from .rows import insert_row, select_rows, update_row
from .sequence import following
from .takedowns import found_gone, moved_to, recheck_at

__all__ = ["Results"]


class Results:
    """The writes that record a fetch's outcome, each one transaction."""

    def __init__(
        self,
        db: Database,
        write: Callable[[], AbstractContextManager[Database]],
        pages: PageStore,
        frontier: Frontier,
    ) -> None:
        self.db = db
        self._write = write
        self._pages = pages
        self._urls = frontier
        self._aliases = Aliases(db)

    def save_page(
        self,
        run_id: int,
        page: Page,
        article: Article,
        *,
        next_visit_at: str | None,
        digests: Digests | None = None,
        parts: Sequence[Page] = (),
        note: str = "",
        summary: str | None = None,
        whole: bool = True,
        lacks: str = "",
    ) -> Saved:
        """Archive one fetched page and the article extracted from it; `digests`, if
        given, are `records.digests(page.body, article)` (else computed as needed).
        `parts`: the story's later pages, whose texts `article` holds joined; `whole`
        false: a page of its story is missing, which the next visit asks for whatever
        page 1's validators say. `summary`: a new version's, when the caller knows
        better than a diff (a story completed); `lacks`: what its story lacks, said after."""
        key = url_key(page.url)
        at = page.fetched_at  # (the URL's visit: when the clock says)
        with self._write():
            row = self._urls.ensure(key, at)
            moved = self._folded(row, page)
            page = following(self.db, row["article_id"], page)  # (its story's next capture)
            # The raw page is kept only with a new article or version: an unchanged
            # revisit (or a copy under another URL) adds a log row, not another page.
            if row["duplicate"]:
                saved = self._duplicate(row["article_id"])
            else:
                saved = self._save_article(
                    row["article_id"], key, page, article, digests, parts, summary=summary
                )
            if lacks and (saved.created or saved.new_version):
                self.db.execute(
                    "UPDATE versions SET summary = summary || '; ' || ?"
                    " WHERE article_id = ? AND number = ?",
                    [lacks, saved.article_id, saved.version],
                )
            if moved:  # revisited at its new address from now on
                saved = replace(saved, duplicate_of=saved.article_id)
            self._aliases.add(key, page, article, saved.article_id)
            self._urls.update(
                key,
                state="done",
                attempts=0,
                # (A story of pages is fetched whole again: page 1's 304 says nothing of 2.)
                etag=None if parts or not whole else page.header("etag"),
                last_modified=None if parts or not whole else page.header("last-modified"),
                last_fetched_at=at,
                # The article is revisited at its own URL; a copy elsewhere never makes a
                # version (an AMP page and the article would take turns "changing" it).
                next_visit_at=None if saved.duplicate_of is not None else next_visit_at,
                visits=row["visits"] + 1,
                article_id=saved.article_id,
                duplicate=saved.duplicate_of is not None,
                removed_at=None,
            )
            self._urls.log(run_id, key, at=at, status=page.status, outcome="ok", reason=note)
        return saved

    def record_not_modified(
        self, run_id: int, url: str, *, status: int, at: str, next_visit_at: str | None
    ) -> None:
        key = url_key(url)
        with self._write():
            row = self._urls.ensure(key, at)
            self._urls.update(
                key,
                state="done",  # (a story given up, that an import finds back)
                attempts=0,
                last_fetched_at=at,
                next_visit_at=next_visit_at,
                visits=row["visits"] + 1,
                removed_at=None,
            )
            if row["removed_at"]:  # a story taken down is back, as it was
                update_row(self.db, "articles", row["article_id"], removed_at=None)
            self._urls.log(run_id, key, at=at, status=status, outcome="not_modified")

    def record_gone(
        self, run_id: int, url: str, *, status: int, at: str, reason: str | None = None
    ) -> None:
        """A 404/410. An archived article was taken down (`found_gone`: looked at again
        before it is given up); a URL never archived is a failure (a broken link in a
        feed), so `fetch_log(failed_only=True)` lists it."""
        key = url_key(url)
        with self._write():
            row = self._urls.ensure(key, at)
            taken = row["article_id"] is not None and not self._moved(row["article_id"], at)
            self._urls.update(key, **found_gone(self.db, row, at, taken=taken))
            self._urls.log(
                run_id, key, at=at, status=status, outcome="gone",
                reason=reason or status_reason(status), failed=row["article_id"] is None,
            )  # fmt: skip

    def record_failure(
        self,
        run_id: int,
        url: str,
        *,
        outcome: str,
        status: int | None,
        reason: str,
        at: str,
        retry: bool,
        next_visit_at: str | None = None,
        page: Page | None = None,
    ) -> None:
        key = url_key(url)
        with self._write():
            row = self._urls.ensure(key, at)
            if page is not None and row["article_id"] is None:
                # Fetched, but no article came out of it: the raw page is kept, so that
                # a better extractor can still make one (`replace_extraction`).
                self._pages.put(page)
            attempts = row["attempts"] + 1
            if row["state"] == "done":
                # An archived story stays archived and revisited: due again at once while
                # the failure may pass, else at its next visit.
                if retry and attempts < MAX_ATTEMPTS:
                    self._urls.update(key, attempts=attempts, last_fetched_at=at)
                else:
                    self._next_visit(key, row, at, next_visit_at)
            elif outcome == "blocked" and reason.startswith(ROBOTS_REFUSAL):
                self._urls.refused(key, row, at)  # (tried again later: no attempt counted)
            else:
                state = "retry" if retry and attempts < MAX_ATTEMPTS else "failed"
                self._urls.update(key, state=state, attempts=attempts, last_fetched_at=at)
            self._urls.log(
                run_id, key, at=at, status=status, outcome=outcome, reason=reason, failed=True
            )

    def record_skip(
        self,
        run_id: int,
        url: str,
        *,
        reason: str,
        status: int | None,
        at: str,
        next_visit_at: str | None = None,
    ) -> None:
        key = url_key(url)
        with self._write():
            row = self._urls.ensure(key, at)
            if row["state"] == "done":  # an archived story's visit, not the story, failed
                self._next_visit(key, row, at, next_visit_at)
            else:
                self._urls.update(key, state="skipped", last_fetched_at=at)
            self._urls.log(run_id, key, at=at, status=status, outcome="skipped", reason=reason)

    def record_deferral(self, run_id: int, url: str, *, reason: str, at: str) -> None:
        key = url_key(url)
        with self._write():
            self._urls.ensure(key, at)
            self._urls.log(run_id, key, at=at, status=None, outcome="deferred", reason=reason)

    def _next_visit(self, key: str, row: dict[str, Any], at: str, next_at: str | None) -> None:
        """This visit of an archived URL is over: the next one is at `next_at`."""
        if row["removed_at"]:  # (a story taken down: at its next recheck)
            next_at = recheck_at(row["removed_at"], at)
        self._urls.update(
            key, attempts=0, last_fetched_at=at, next_visit_at=next_at, visits=row["visits"] + 1
        )

    def replace_extraction(
        self, page_id: int, article: Article, *, extractor: str | None = None
    ) -> bool:
        """Replace what was extracted from page `page_id` (after an extractor change), by
        `extractor` (its revision, recorded even where the article stays the same); a
        page kept without an article (none came out of it when fetched) gets one now if
        `article` has text. Whether an article changed."""
        with self._write():
            changed = rewrite(self.db, page_id, article, extractor)
            return self._adopt(page_id, article, extractor) if changed is None else changed

    def fold_repeats(self) -> int:
        """Fold the versions that read as the one before them into it (`fold_repeats`)."""
        with self._write():
            return fold_repeats(self.db)

    def _moved(self, article_id: int, at: str) -> bool:
        """Whether the article lives on at another address, which takes over its
        revisits from now (`moved_to`)."""
        url = moved_to(self.db, article_id)
        if url is not None:
            self._urls.update(url, duplicate=False, next_visit_at=at)
        return url is not None

    def _adopt(self, page_id: int, article: Article, extractor: str | None) -> bool:
        """The first article of a page kept without one, as if it had been extracted when
        the page was fetched; not if the URL has an article by now (fetched again)."""
        page = self._pages.get(page_id)
        if page is None or not article.text.strip() or self._pages.is_part(page_id):
            return False
        key = url_key(page.url)
        row = self._urls.ensure(key, page.fetched_at)
        if row["article_id"] is not None:
            return False
        known = digests(page.body, article, extractor)
        saved = self._save_article(None, key, page, article, known)
        self._aliases.add(key, page, article, saved.article_id)
        self._urls.update(
            key,
            state="done",
            attempts=0,
            article_id=saved.article_id,
            duplicate=saved.duplicate_of is not None,
        )
        return True

    # --- inside save_page's transaction ------------------------------------------------

    def _folded(self, row: dict[str, Any], page: Page) -> bool:
        """Whether an archived article's address now leads to another article's: a slug
        changed with the headline, and a run archived the new address first. The two are
        folded into one (the older), and the old address is one more alias of it."""
        if row["article_id"] is None or row["duplicate"] or page.final_url == page.url:
            return False
        other = self._aliases.article_named(url_key(page.final_url))
        if other is None or other == row["article_id"] or not foldable(self.db, other):
            return False
        keep, gone = sorted((row["article_id"], other))
        fold(self.db, keep, gone)
        row["article_id"] = keep
        return True

    def _save_article(
        self, article_id: int | None, key: str, page: Page, article: Article,
        known: Digests | None, parts: Sequence[Page] = (), *, summary: str | None = None,
    ) -> Saved:  # fmt: skip
        if article_id is not None:
            return self._revisit(article_id, page, article, known, parts, summary=summary)
        same = self._aliases.same_article(key, page, article, known)
        if same is not None:
            # Another address of an archived article. If what it shows differs (a headline
            # corrected along with its slug), that is the article's newest version.
            if len(article.text) < MIN_TEXT_FOR_MOVE:
                return self._duplicate(same)
            saved = self._revisit(same, page, article, known, parts, copy=True)
            return replace(saved, duplicate_of=same)
        page_id = self._pages.put(page, sha1=known.body_sha1 if known else None, parts=parts)
        digest = known.fingerprint if known else fingerprint(article)
        cursor = insert_row(
            self.db,
            "articles",
            {
                **article_to_row(article),
                "fetched_at": page.fetched_at,
                "first_seen_at": page.fetched_at,
                "version": 1,
                "fingerprint": digest,
                "text_hash": _text_hash(article, known),
                "page_id": page_id,
                "extractor": _extractor(known),
            },
        )
        new_id = int(cursor.lastrowid or 0)
        summary = summarize_change(None, article)
        self._add_version(new_id, 1, page, page_id, article, summary, digest, known)
        return Saved(new_id, created=True, new_version=False, version=1)

    def _duplicate(self, article_id: int) -> Saved:
        query = "SELECT version FROM articles WHERE id = ?"
        (version,) = self.db.execute(query, [article_id]).fetchone()
        return Saved(article_id, False, False, version=version, duplicate_of=article_id)

    def _revisit(
        self, article_id: int, page: Page, article: Article, known: Digests | None,
        parts: Sequence[Page] = (), *, copy: bool = False, summary: str | None = None,
    ) -> Saved:  # fmt: skip
        (current,) = select_rows(self.db, "SELECT * FROM articles WHERE id = ?", [article_id])
        number = current["version"]
        new_fingerprint = known.fingerprint if known else fingerprint(article)
        if same_version(current, article, new_fingerprint):
            # Only the current record learns what this reading says anew: a version is
            # what was seen when it was made (a later move of the site is not its).
            latest = {} if copy else refreshed(current, article)  # (a copy's is not its word)
            update_row(self.db, "articles", article_id, fetched_at=page.fetched_at, removed_at=None,
                       fingerprint=new_fingerprint, **latest)  # fmt: skip
            return Saved(article_id, created=False, new_version=False, version=number)
        page_id = self._pages.put(page, sha1=known.body_sha1 if known else None, parts=parts)
        # The superseded version gets its own copy of the text, which only `articles` held;
        # the change is summed up against it, as `diff` is (not what revisits refreshed).
        before = superseded(self.db, current, number)
        summary = summary or summarize_change(before, article)
        self._add_version(
            article_id, number + 1, page, page_id, article, summary, new_fingerprint, known
        )
        update_row(
            self.db,
            "articles",
            article_id,
            **article_to_row(article),
            fetched_at=page.fetched_at,
            removed_at=None,
            version=number + 1,
            fingerprint=new_fingerprint,
            text_hash=_text_hash(article, known),
            page_id=page_id,
            extractor=_extractor(known),
        )
        return Saved(article_id, created=False, new_version=True, version=number + 1)

    def _add_version(
        self,
        article_id: int,
        number: int,
        page: Page,
        page_id: int,
        article: Article,
        summary: str,
        digest: str,
        known: Digests | None,
    ) -> None:
        row = {
            **article_to_row(article),
            "text": None,  # the current version's text is in `articles`
            "markdown": None,
            "article_id": article_id,
            "number": number,
            "seen_at": page.fetched_at,
            "page_id": page_id,
            "fingerprint": digest,
            "summary": summary,
            "extractor": _extractor(known),
        }
        insert_row(self.db, "versions", row)


def _text_hash(article: Article, known: Digests | None) -> str | None:
    return known.text_hash if known else text_hash(article)


def _extractor(known: Digests | None) -> str | None:
    return known.extractor if known else None
