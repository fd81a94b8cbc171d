"""Every error the library raises, as one tree.

```
ScraperError
├── FetchError(url)             a page could not be fetched
│   ├── HTTPStatusError(status) the server answered 4xx/5xx (after retries)
│   ├── TooLarge                body over the size limit (counted after decompression)
│   ├── Truncated               the connection closed before the declared length
│   ├── Blocked(reason)         robots.txt, private address, or a scheme we refuse
│   ├── HostSkipped             the host is left alone for the rest of this run
│   └── NotHTML(content_type)   the response is not an HTML page
├── ExtractionError             input that cannot be read as a document at all
├── FeedError(url)              a feed or sitemap that cannot be parsed
├── ArchiveError                the archive cannot be opened or written
│   └── LockHeld                another run holds the archive's lock
└── UsageError                  a bad argument from the caller
    └── SiteRulesError          a site rules file that cannot work (says which rule)
```

Each `FetchError` carries the URL it was about, so a log line can always say which page
failed and why (`str(error)` is that reason, written for a person).
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ROBOTS_REFUSAL",
    "ArchiveError",
    "Blocked",
    "ExtractionError",
    "FeedError",
    "FetchError",
    "HTTPStatusError",
    "HostSkipped",
    "LockHeld",
    "NotHTML",
    "ScraperError",
    "SiteRulesError",
    "TooLarge",
    "Truncated",
    "UsageError",
]


class ScraperError(Exception):
    """Base of every error raised on purpose by scraper."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's own __reduce__ rebuilds with cls(*args), and args holds only the
        # message: the keyword-only fields (url=, status=...) would be missing, so an
        # error raised in a worker process could not cross back to the parent.
        return (_rebuilt, (type(self), self.args), self.__dict__)


def _rebuilt(cls: type[ScraperError], args: tuple[Any, ...]) -> ScraperError:
    """An error of `cls` with `args`, its fields set after by pickle (from __dict__)."""
    return cls.__new__(cls, *args)


class FetchError(ScraperError):
    """A page could not be fetched; `url` says which."""

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(message)
        self.url = url


class HostSkipped(FetchError):
    """Not requested: the host is left alone for the rest of this run (its robots.txt
    could not be read, it failed URL after URL, or it `asked` us to wait longer than a
    run sits out). No attempt is counted: the URL waits for the next run."""

    def __init__(self, message: str, *, url: str, asked: bool = False) -> None:
        super().__init__(message, url=url)
        self.asked = asked


class HTTPStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, message: str, *, url: str, status: int) -> None:
        super().__init__(message, url=url)
        self.status = status


class TooLarge(FetchError):
    """The body went over the size limit (after decompression)."""


class Truncated(FetchError):
    """The body ended before the length the server announced."""


# Why a URL robots.txt disallows was not fetched (the start of the reason logged).
ROBOTS_REFUSAL = "disallowed by robots.txt"


class Blocked(FetchError):
    """We refused to fetch: robots.txt, a private address, or a scheme we do not speak."""

    def __init__(self, message: str, *, url: str, reason: str) -> None:
        super().__init__(message, url=url)
        self.reason = reason


class NotHTML(FetchError):
    """The response is not an HTML document (PDF, image, ...)."""

    def __init__(self, message: str, *, url: str, content_type: str) -> None:
        super().__init__(message, url=url)
        self.content_type = content_type


class ExtractionError(ScraperError):
    """The input cannot be read as a document at all (e.g. not text, or not a str/bytes)."""


class FeedError(ScraperError):
    """A feed or sitemap could not be parsed."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class ArchiveError(ScraperError):
    """The archive cannot be opened, migrated or written."""


class LockHeld(ArchiveError):
    """Another run holds the archive's lock."""


class UsageError(ScraperError):
    """The caller passed an argument that cannot work."""


class SiteRulesError(UsageError):
    """A site rules file is malformed: not TOML, an unknown key, a bad selector or host.
    Raised when the rules are read, never while extracting."""
