"""The hashes that archiving a page and its article needs, made beside the extraction.

Pure hashing, outside `archive/`: an extraction worker (a run's, or a Dask or Ray task
reading WARC records) makes them without loading the storage.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .models import Article
from .versions import fingerprint

__all__ = ["MIN_TEXT_FOR_DUPLICATE", "Digests", "digests", "text_hash"]

# A shorter text ("Page not found", a teaser that every page of a site carries and the
# extractor took for the story) is too likely to be shared by different articles to call
# two URLs the same article.
MIN_TEXT_FOR_DUPLICATE = 200


@dataclass(frozen=True, slots=True)
class Digests:
    """The hashes that archiving a page and its article needs (`digests`).

    A run computes them in the extraction worker, beside the extraction: the event loop's
    process is the run's bottleneck, the worker has time to spare. Given to `save_page`,
    they must be those of the very body and article saved (the article's URL aside).
    """

    body_sha1: str  # of the raw page, to find an identical body already stored
    fingerprint: str  # versions.fingerprint(article)
    text_hash: str | None  # text_hash(article)
    # The revision of the extractor that made the article (`scraper.extract.revision`):
    # stored beside it, it tells an extraction an earlier release made.
    extractor: str | None = None


def digests(body: bytes, article: Article, extractor: str | None = None) -> Digests:
    return Digests(
        hashlib.sha1(body).hexdigest(), fingerprint(article), text_hash(article), extractor
    )


def text_hash(article: Article) -> str | None:
    """A hash of the article's text with whitespace collapsed, for duplicate detection.

    None for texts too short to tell one article from another.
    """
    text = " ".join(article.text.split())  # str.split: several times faster than a regex
    if len(text) < MIN_TEXT_FOR_DUPLICATE:
        return None
    return hashlib.sha1(text.encode("utf-8")).hexdigest()
