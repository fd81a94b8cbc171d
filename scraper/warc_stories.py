"""A story split over pages in a WARC file: its later pages read with its first.

This archive's `export --format warc` writes a story's later pages (2, 3, …) as responses
right after its first page's, as it stored them; a crawler that follows a pager does
much the same. `grouped` holds such pages with the response they follow (its address
with another page marker, `pagination.paged`, linked from a page held), and `Captured`
serves them to `multipage.follow` in place of the fetcher, so that an import joins a
story's pages by the rules a run does (`next_page`, `same_story`, repeats, walls) and a
round trip gives the same articles. A page the WARC has once for two versions (the export writes an
unchanged page 2 once) is the archive's: the one fetched from that address last before
the first page. A held page the story does not take is imported as a page of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .extract.pagination import paged
from .models import FetchOutcome, Page
from .urls import url_key
from .warc_read import Capture

if TYPE_CHECKING:  # (a WARC task reads stories with no storage and no HTTP client)
    from .archive import Archive
    from .fetch_body import Accept

__all__ = ["Captured", "Pages", "grouped"]


@dataclass(frozen=True)
class Pages:
    """A response and the responses after it that are later pages of its address."""

    first: Page
    later: tuple[Page, ...]


def grouped(captures: Iterable[Capture]) -> Iterator[Capture | Pages]:
    """`captures` in order, a story's later pages held with the first page they follow."""
    held: list[Page] = []
    for capture in captures:
        if held and isinstance(capture, Page) and _later_page(held, capture):
            held.append(capture)
            continue
        yield from _released(held)
        held = [capture] if isinstance(capture, Page) else []
        if not held:
            yield capture
    yield from _released(held)


def _released(held: list[Page]) -> Iterator[Page | Pages]:
    if len(held) == 1:
        yield held[0]
    elif held:
        yield Pages(held[0], tuple(held[1:]))


def _later_page(held: list[Page], page: Page) -> bool:
    """Whether `page`'s address is the first held page's (a page 1) with another page
    marker (`?page=1` is Drupal's page 2), and a held page links to it (`story-1.html`
    and `story-2.html` may be two stories)."""
    one, other = paged(held[0].url), paged(page.url)
    known = {url_key(earlier.url) for earlier in held}
    if one is None or other is None or one != (other[0], 1) or url_key(page.url) in known:
        return False
    parts = urlsplit(page.url)
    links = [f"{parts.path}?{parts.query}" if parts.query else parts.path]
    links += [f"?{parts.query}"] if parts.query else []
    return any(link.encode() in earlier.body for earlier in held for link in links)


class Captured:
    """A story's later pages as captured: among `pages` (read with its first page), else
    the `archive`'s page of the address fetched last at or before `at` (the first page's
    capture), if an archive is given."""

    def __init__(self, archive: Archive | None, pages: Sequence[Page], at: str) -> None:
        self.archive = archive
        self.pages = {url_key(page.url): page for page in pages}
        self.at = at

    async def fetch(self, url: str, *, accept: Accept = "html") -> FetchOutcome:
        key = url_key(url)
        page = self.pages.get(key)
        if page is None and self.archive is not None:
            page = self.archive.page_before((url, key), self.at)
        if page is None:
            return FetchOutcome(url, "error", reason="not in the WARC")
        return FetchOutcome(url, "ok", status=page.status, page=page)
