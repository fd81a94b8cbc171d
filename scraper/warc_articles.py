"""What `import-warc` makes of a WARC file's records, as functions a Dask or Ray task can
be handed: the README's scale-out recipe and the importer apply the same rules, here.

`read_stories` reads a file's responses as the importer does, a story's later pages held
with its first (`Pages`); `stories` gives what the importer would archive of one such
record: the story its first page begins, joined with its later pages as a run joins them
(`multipage.follow`), each later page it does not take on its own, and, for a page that
gives no article, why (not archivable, no text, a notice such as a soft 404 or a consent
wall in the article's place, a failed extraction). The importer runs `story_or_reason`
itself, with its extraction workers and the archive (which also serves a later page an
export wrote once for two versions). Nothing here loads the storage or an HTTP client.
"""

from __future__ import annotations

import hashlib
from collections.abc import Coroutine, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import IO, Any, TypeVar

from .digests import Digests, digests
from .errors import UsageError
from .extract import extract
from .extractors import Extractor, revision_of
from .fetch_config import FetchConfig
from .models import Article, Page
from .multipage import Fetches, Reads, Story, follow
from .notices import EXTRACTION_FAILED, Notice, judged
from .warc_read import not_archivable, read_responses
from .warc_stories import Captured, Pages, grouped

__all__ = [
    "MAX_BYTES", "Pages", "Story", "checked", "read_stories", "stories", "story_or_reason"
]  # fmt: skip

MAX_BYTES = FetchConfig().max_bytes  # the importer's (and a run's) limit on a body
_T = TypeVar("_T")


def read_stories(stream: IO[bytes], *, max_bytes: int = MAX_BYTES) -> Iterator[Page | Pages]:
    """The HTTP responses of a WARC file (`read_responses`), a story's later pages held
    with the first page they follow: each one record for `stories`."""
    for record in grouped(read_responses(stream, max_bytes=max_bytes)):
        if isinstance(record, Page | Pages):  # (responses only: always)
            yield record


def stories(
    record: Page | Pages, *, extractor: Extractor = extract, max_bytes: int = MAX_BYTES
) -> list[tuple[Page, Story | str]]:
    """What `import-warc` archives of `record`, each with its page: the story its first
    page begins (`Story.article`, its later pages joined, `Story.parts` those taken), then
    each later page the story does not take, on its own; or why a page gives no article.
    Pure and synchronous: no storage, no network, no event loop."""
    first, later = (record.first, record.later) if isinstance(record, Pages) else (record, ())
    reader = _Inline(extractor)
    found = [(first, _story(reader, first, later, max_bytes))]
    joined = found[0][1].parts if isinstance(found[0][1], Story) else ()
    found += [(page, _story(reader, page, (), max_bytes)) for page in later if page not in joined]
    return found


def checked(pair: object) -> tuple[Page, Story | str | None]:
    """A `(page, result)` pair `stories` gave, as `import_stories` takes it: the result a
    `Story` of that very page (its URL, the digest of its body), a non-empty reason, or
    None (missing: extracted again). Anything else is a `UsageError` naming the page: a
    gather that paired results with the wrong pages would archive one story as another."""
    if not (isinstance(pair, tuple | list) and len(pair) == 2 and isinstance(pair[0], Page)):
        raise UsageError(f"not a (Page, Story | str | None) pair: {pair!r:.100}")
    page, result = pair
    if result is None or (isinstance(result, str) and result.strip()):
        return page, result
    if not isinstance(result, Story):
        raise UsageError(f"{page.url}: no story, reason or None: {result!r:.100}")
    body = hashlib.sha1(page.body).hexdigest()
    if result.article.url != page.url or result.digests.body_sha1 != body:
        raise UsageError(f"{page.url}: its story is another page's ({result.article.url})")
    return page, result


async def story_or_reason(reader: Reads, page: Page, pages: Fetches) -> Story | str:
    """The story `page` begins, its later pages got from `pages` and joined as a run
    joins them; or why the page gives no article (a notice's reason among them)."""
    extracted = await reader.article_or_reason(page)
    if isinstance(extracted, Notice):  # a wall or a notice: no article here
        return extracted.reason
    if isinstance(extracted, str):
        return extracted
    return await follow(pages, reader, page, extracted, lambda: False)


def _story(reader: Reads, page: Page, later: Sequence[Page], max_bytes: int) -> Story | str:
    refusal = not_archivable(page, max_bytes=max_bytes)
    if refusal:
        return refusal
    story = _finished(story_or_reason(reader, page, Captured(None, later, page.fetched_at)))
    if isinstance(story, str):
        return story
    return replace(story, article=replace(story.article, url=page.url))  # (as archived)


def _finished(work: Coroutine[Any, Any, _T]) -> _T:
    """The result of `work`, a coroutine that never waits (its pages are at hand): run
    without an event loop, so it works in any worker, one with a loop running too."""
    try:
        work.send(None)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    work.close()
    raise RuntimeError("a WARC record's story waited on I/O")


@dataclass(frozen=True)
class _Inline:
    """Extraction in this process, judged as the importer's workers judge it."""

    extractor: Extractor

    async def article_or_reason(self, page: Page) -> tuple[Article, Digests] | str | Notice:
        try:
            article = self.extractor(page.body, page.final_url, content_type=page.content_type)
        except Exception as error:  # (a task goes on with the next record, as the importer)
            return f"{EXTRACTION_FAILED}: {type(error).__name__}: {error}"
        hashes = digests(page.body, article, revision_of(self.extractor, page.final_url))
        return judged(article, page) or (article, hashes)
