"""The values that cross from one pipeline stage to the next.

All are frozen dataclasses with no I/O, so a stage can be run, tested or distributed
(e.g. `extract` mapped over WARC records by Dask) on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

__all__ = [
    "Article",
    "Discovered",
    "FetchOutcome",
    "Page",
    "Removal",
    "RunReport",
    "Source",
    "SourceKind",
]


@dataclass(frozen=True, slots=True)
class Removal:
    """One piece of text the extractor dropped, and the rule that dropped it."""

    rule: str
    text: str


@dataclass(frozen=True)
class Article:
    """An extracted article: body text plus metadata.

    Dates are ISO 8601 strings: with a UTC offset when the page gives a time, a bare
    date (`2024-01-16`) when it gives only a date. `authors` and `tags` are lists (for
    JSON and for equality with plain lists); treat them as read-only: an Article hashes
    by its fields, so it is a set member or dict key.
    """

    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    # The headline readers see (the page's `<h1>`), which may differ from `title`, the one
    # it gives for sharing and search: sites rewrite one without the other.
    headline: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    language: str | None = None
    site_name: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    description: str | None = None
    text: str = ""
    markdown: str = ""
    # Filled only with extract(..., explain=True): what was removed and by which rule.
    removed: tuple[Removal, ...] = field(default=(), compare=False, repr=False)
    # The address of the page that continues the story (its page 2, 3, …), as `extract`
    # sees it; the pipeline follows it. Not archived: an archived story is joined whole.
    next_page: str | None = field(default=None, compare=False)
    # A review's own rating, as its JSON-LD `reviewRating` gives it: "3/5" (the value out
    # of the best, 5 unless said). Archived (schema 16), but in no change fingerprint.
    rating: str | None = None

    FIELDS = (
        "url",
        "canonical_url",
        "title",
        "headline",
        "authors",
        "published",
        "modified",
        "language",
        "site_name",
        "section",
        "tags",
        "image",
        "description",
        "text",
        "markdown",
    )

    def __hash__(self) -> int:
        # Over what equality compares, lists as tuples: a set or dict key, `distinct()`.
        return hash(tuple(_hashable(getattr(self, name)) for name in self.FIELDS))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Article:
        """The article `to_dict` gave, from it or its JSON (a line of `export --format
        jsonl` too: the archive's own keys, `id`, `versions`, …, and unknown ones ignored).
        Read leniently, as JSON from another tool or a hand-fixed line comes: a string
        `authors` or `tags` is one author or tag (not a list of letters), and a null
        `text` or `markdown` is ""."""
        names = {f.name for f in fields(cls)}
        values = {name: value for name, value in data.items() if name in names}
        for name in ("authors", "tags"):
            value = values.get(name) or ()
            values[name] = [value] if isinstance(value, str) else list(value)
        for name in ("text", "markdown"):
            values[name] = values.get(name) or ""
        removed = values.get("removed") or ()
        values["removed"] = tuple(r if isinstance(r, Removal) else Removal(**r) for r in removed)
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields (lists, strings, None); `removed` only when it was asked for,
        `next_page` only when the story continues on another page, `rating` only for a
        review that gives one."""
        data: dict[str, Any] = {name: getattr(self, name) for name in self.FIELDS}
        data["authors"] = list(self.authors)
        data["tags"] = list(self.tags)
        if self.removed:
            data["removed"] = [asdict(r) for r in self.removed]
        if self.next_page:
            data["next_page"] = self.next_page
        if self.rating:
            data["rating"] = self.rating
        return data


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


SourceKind = Literal["feed", "sitemap", "page"]


@dataclass(frozen=True, slots=True)
class Source:
    """A place articles are discovered from: a feed, a sitemap or an HTML page."""

    url: str
    kind: SourceKind
    id: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_polled_at: str | None = None
    last_outcome: str | None = None
    removed_at: str | None = None  # no longer polled (`scraper remove`); None while active
    # The user named its host, which may then have a private address (`netpolicy`); not so
    # a feed advertised by a page on another host.
    trusted: bool = True
    failures: int = 0  # polls failed in a row (0: the last one did not)
    last_ok_at: str | None = None  # the last poll that did not fail
    listed: int | None = None  # entries its document listed when last read
    moved_to: str | None = None  # where it redirects to (normalised), if elsewhere
    moved_since: str | None = None  # the first poll that found it redirecting there so
    moved_from: str | None = None  # the address it was moved from, after permanent redirects
    moved_at: str | None = None  # when it was
    # Every address it moved from, in order (the first: `moved_from`); each still names it.
    past_urls: tuple[str, ...] = ()
    # The sources whose feeds came to redirect to its own, read by it now (they are removed).
    read_for: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Discovered:
    """A URL found in a feed, sitemap or page, with what the source said of it."""

    url: str
    kind: Literal["article", "feed", "sitemap"] = "article"
    lastmod: str | None = None  # ISO 8601, as the source gave it
    title: str | None = None
    # A feed item's RSS guid (Atom, JSON Feed id) when it names one story: one address a
    # later poll lists under it is that story's new one (a slug changed).
    guid: str | None = None


# Headers that describe a body as it was sent (compressed, chunked, its length then). A
# Page's body is stored decoded, so they no longer describe it: a WARC writer renames
# them, a WARC reader (whose bodies warcio decodes) drops them.
TRANSFER_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


@dataclass(frozen=True, slots=True)
class Page:
    """One HTTP response as fetched: enough to re-extract it or write it as WARC."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: str  # ISO 8601 UTC
    http_version: str = "HTTP/1.1"

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None

    @property
    def content_type(self) -> str | None:
        return self.header("content-type")


Outcome = Literal[
    "ok",  # a 2xx with a body (page set)
    "not_modified",  # 304 to a conditional request
    "gone",  # 404/410
    "error",  # anything else: HTTP error after retries, timeout, too large, ...
    "blocked",  # robots.txt or address policy
    "deferred",  # not requested: the host is left alone this run; tried next run
    "skipped",  # not HTML
]


@dataclass(frozen=True, slots=True)
class FetchOutcome:
    """What happened when a URL was fetched; `reason` is for a person to read."""

    url: str
    outcome: Outcome
    status: int | None = None
    reason: str = ""
    page: Page | None = None
    moved_to: str | None = None  # where 301s and 308s (and no other redirect) led from `url`
    # Deferred because the host asked us to wait (a long Retry-After): no failure of ours.
    asked_to_wait: bool = False


@dataclass(frozen=True, slots=True)
class RunReport:
    """The summary of one run, as `scraper run --json` prints it."""

    run_id: int
    started_at: str
    finished_at: str
    kind: Literal["crawl", "import"] = "crawl"  # `scraper run`, or `scraper import-warc`
    sources_polled: int = 0
    sources_failed: int = 0
    discovered: int = 0
    fetched: int = 0
    archived: int = 0
    new_versions: int = 0
    not_modified: int = 0  # answered 304
    unchanged: int = 0  # fetched again, the same story: no new version
    copies: int = 0  # a known story at another address (its AMP or print page): an alias
    failed: int = 0
    # Pages given to the extractor, and of those the ones whose extraction raised: all of
    # them, run after run, is a broken installation, not the pages (`scraper run` exits 1).
    extracted: int = 0
    extraction_errors: int = 0
    skipped: int = 0
    gone: int = 0
    deferred: int = 0  # not requested: their host was left alone this run (`HostSkipped`)
    # (host, until): the hosts that asked (a Retry-After) to be left alone past the run.
    waiting: tuple[tuple[str, str], ...] = ()
    stopped_early: bool = False
    failures: tuple[tuple[str, str], ...] = ()  # (url, reason), capped

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["failures"] = [{"url": u, "reason": r} for u, r in self.failures]
        data["waiting"] = [{"host": h, "until": t} for h, t in self.waiting]
        return data
