"""Which archived article a fetched page is a copy of, and the URLs that name an article.

A page is matched, in this order, by an alias (a URL an article was fetched from or
redirected to, or its canonical URL) and by its text on the same site: a match makes the
page's URL one more alias of that article (`Saved.duplicate_of`), never a second article. Kept apart
from `results`, which writes what the match decides: the rules for calling two pages one
article are an idea of their own, shaped by what sites get wrong (a canonical URL that is
the home page, or the same on every page).
"""

from __future__ import annotations

from sqlite_utils import Database

from ..models import Article, Page
from ..urls import host_of, is_home_page, normalize_url, same_site
from .frontier import url_key
from .records import Digests, text_hash

__all__ = ["Aliases"]


class Aliases:
    """The `aliases` table; used inside a `Results` transaction, never opening one."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, key: str, page: Page, article: Article, article_id: int) -> None:
        """Note the URLs that name the article: the page's, where it led, its canonical."""
        for alias in _alias_keys(key, page, article):
            self.db.execute(
                "INSERT OR IGNORE INTO aliases (url, article_id) VALUES (?, ?)",
                [alias, article_id],
            )

    def same_article(
        self, key: str, page: Page, article: Article, known: Digests | None
    ) -> int | None:
        """An article archived under another URL that this page is a copy of."""
        for alias in (key, url_key(page.final_url)):
            found = self.article_named(alias)
            if found is not None:
                return found
        canonical = _canonical_key(article)
        if canonical is not None:
            found = self.article_named(canonical)
            # A canonical URL alone is not trusted: some sites give every page the same one.
            if found is not None and self._same_title(found, article):
                return found
        digest = known.text_hash if known else text_hash(article)
        if digest is None:
            return None
        # The same text on another site is that site's printing of it (wire copy: its
        # own headline, byline and page), not a copy of this one. On the same site it is
        # the story under another address (its headline corrected with its slug, say)
        # when the headline or the publication time is the same; else a blurb two pages
        # share (two podcast episodes', two videos').
        site, title = host_of(page.url), _fold(article.title)
        rows = self.db.execute(
            "SELECT id, url, title, published FROM articles WHERE text_hash = ? ORDER BY id",
            [digest],
        )
        copies = (
            int(i)
            for i, url, headline, published in rows
            if same_site(host_of(url or ""), site)
            and (_fold(headline) == title or (published and published == article.published))
        )
        return next(copies, None)

    def article_named(self, key: str) -> int | None:
        """The article a URL (`url_key`) names, if any."""
        row = self.db.execute("SELECT article_id FROM aliases WHERE url = ?", [key]).fetchone()
        return int(row[0]) if row else None

    def _same_title(self, article_id: int, article: Article) -> bool:
        (title,) = self.db.execute(
            "SELECT title FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        return _fold(title) == _fold(article.title)


def _alias_keys(key: str, page: Page, article: Article) -> list[str]:
    keys = [key, url_key(page.final_url)]
    canonical = _canonical_key(article)
    if canonical is not None:
        keys.append(canonical)
    return list(dict.fromkeys(keys))


def _canonical_key(article: Article) -> str | None:
    """The normalised canonical URL, unless it is a site's home page (a common mistake)."""
    canonical = normalize_url(article.canonical_url) if article.canonical_url else None
    if canonical is None or is_home_page(canonical):
        return None
    return canonical


def _fold(title: str | None) -> str:
    return " ".join((title or "").split()).casefold()
