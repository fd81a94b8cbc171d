"""scraper: discover, fetch, extract and archive news articles.

The library is the product; `scraper.cli` is a thin shell over it.
"""

from typing import TYPE_CHECKING, Any

from .errors import (
    ArchiveError,
    Blocked,
    ExtractionError,
    FeedError,
    FetchError,
    HTTPStatusError,
    LockHeld,
    NotHTML,
    ScraperError,
    SiteRulesError,
    TooLarge,
    Truncated,
    UsageError,
)
from .extract import SiteRule, SiteRules, extract
from .models import Article, Discovered, FetchOutcome, Page, Removal, RunReport, Source

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .archive import Archive, open_archive


def __getattr__(name: str) -> Any:
    # The archive (and sqlite-utils) loads only when asked for, so workers that only
    # extract (e.g. mapped over WARC records) import nothing they do not use.
    if name in ("Archive", "open_archive"):
        from . import archive

        return getattr(archive, name)
    raise AttributeError(f"module 'scraper' has no attribute {name!r}")


__all__ = [
    "Archive",
    "ArchiveError",
    "Article",
    "Blocked",
    "Discovered",
    "ExtractionError",
    "FeedError",
    "FetchError",
    "FetchOutcome",
    "HTTPStatusError",
    "LockHeld",
    "NotHTML",
    "Page",
    "Removal",
    "RunReport",
    "ScraperError",
    "SiteRule",
    "SiteRules",
    "SiteRulesError",
    "Source",
    "TooLarge",
    "Truncated",
    "UsageError",
    "__version__",
    "extract",
    "open_archive",
]
