"""What a `Fetcher` may do (`FetchConfig`), and the User-Agent it says it is."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

from .errors import UsageError

__all__ = ["CONTACT_ENV", "FetchConfig", "default_user_agent"]

try:
    _VERSION = version("scraper")
except PackageNotFoundError:  # running from a source tree that is not installed
    _VERSION = "0"

CONTACT_ENV = "SCRAPER_CONTACT"  # the operator's address or page, for site owners


def default_user_agent(contact: str | None = None) -> str:
    """Who is crawling, with a way for a site owner to reach the operator: `contact`, or
    $SCRAPER_CONTACT (a mailto: or web address), or a note that none was given."""
    contact = (contact or os.environ.get(CONTACT_ENV) or "").strip()
    reach = f"+{contact}" if contact else f"operator gave no contact: set ${CONTACT_ENV}"
    return f"scraper/{_VERSION} (news archiver; python-httpx; {reach})"


@dataclass(frozen=True)
class FetchConfig:
    """Limits and manners of a `Fetcher`; the defaults suit a nightly cron run."""

    # Read when the config is made, so $SCRAPER_CONTACT set for a cron job counts.
    user_agent: str = field(default_factory=default_user_agent)
    timeout: float = 30.0  # seconds per request: connect, each read, and the whole exchange
    max_bytes: int = 20_000_000  # counted after decompression
    max_redirects: int = 10
    delay: float = 1.0  # min seconds between request starts to one host
    concurrency: int = 1  # simultaneous requests per host
    retries: int = 3  # for timeouts, resets, truncation, 429 and 503 (500, 502, 504: once)
    backoff: float = 1.0  # base seconds of exponential back-off with full jitter
    # Cap on a Crawl-delay; a Retry-After beyond it leaves the host alone for the run.
    max_retry_after: float = 120.0
    respect_robots: bool = True

    def __post_init__(self) -> None:
        if self.timeout <= 0 or self.max_bytes <= 0 or self.concurrency < 1:
            raise UsageError("timeout, max_bytes and concurrency must be positive")
        if min(self.max_redirects, self.delay, self.retries, self.backoff) < 0:
            raise UsageError("max_redirects, delay, retries and backoff cannot be negative")
