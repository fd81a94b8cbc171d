"""One run of the archiver: poll sources → queue new URLs → fetch → extract → archive.

The run never stops on one bad page: every outcome is recorded in the archive's fetch
log and counted in the `RunReport`. Each page is archived in its own transaction, and
the queue of URLs lives in the archive, so a run killed at any instant resumes where it
stopped. This module does no HTTP itself (`fetch`) and no SQL (`archive`), and never
prints: callers get progress through an optional callback.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

import httpx

from .archive import Archive
from .discover import discover
from .errors import FeedError
from .extract import extract
from .extract_pool import MIN_PAGES_FOR_WORKERS, ExtractorPool, default_processes
from .fetch import FetchConfig, Fetcher
from .models import Discovered, FetchOutcome, Page, RunReport, Source
from .schedule import DEFAULT_SCHEDULE, next_visit, utc_now
from .urls import host_of, normalize_url

__all__ = ["RunOptions", "add_sources", "archive_urls", "fetch_page", "reextract", "run"]

log = logging.getLogger(__name__)

MAX_CHILD_SITEMAPS = 200  # per source and poll: a bound on runaway sitemap indexes
MAX_FAILURES_REPORTED = 50
Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass(frozen=True)
class RunOptions:
    """What one `scraper run` may do; the fetch settings are per host."""

    fetch: FetchConfig = field(default_factory=FetchConfig)
    max_time: float | None = None  # seconds; the run stops cleanly after this
    schedule: tuple[float, ...] = DEFAULT_SCHEDULE
    workers: int = 32  # fetches in flight over all hosts
    # Worker processes for extraction (used when a run has many pages); 0: inline.
    extract_processes: int = field(default_factory=default_processes)


class _Tally:
    """Mutable counters of one run, frozen into a `RunReport` at the end."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = defaultdict(int)
        self.failures: list[tuple[str, str]] = []

    def fail(self, url: str, reason: str) -> None:
        self.counts["failed"] += 1
        if len(self.failures) < MAX_FAILURES_REPORTED:
            self.failures.append((url, reason))


class _Deadline:
    def __init__(self, seconds: float | None) -> None:
        self.at = None if seconds is None else time.monotonic() + seconds

    @property
    def passed(self) -> bool:
        return self.at is not None and time.monotonic() >= self.at

    def remaining(self) -> float | None:
        return None if self.at is None else max(0.0, self.at - time.monotonic())


async def run(
    archive: Archive,
    options: RunOptions = RunOptions(),
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    progress: Progress | None = None,
) -> RunReport:
    """Poll every source, then fetch, extract and archive what is new or due."""
    started = utc_now()
    run_id = archive.start_run(started)
    tally = _Tally()
    deadline = _Deadline(options.max_time)
    sources = archive.sources()
    hosts = {host_of(s.url) for s in sources}
    async with Fetcher(options.fetch, transport=transport, trusted_hosts=hosts) as fetcher:
        await _poll_sources(archive, fetcher, sources, tally, deadline)
        urls = _work_list(archive)
        await _fetch_all(archive, fetcher, run_id, urls, options, tally, deadline, progress)
    report = _report(run_id, started, tally, stopped_early=deadline.passed)
    archive.finish_run(run_id, report)
    return report


def _report(run_id: int, started: str, tally: _Tally, *, stopped_early: bool) -> RunReport:
    c = tally.counts
    return RunReport(
        run_id=run_id,
        started_at=started,
        finished_at=utc_now(),
        sources_polled=c["sources_polled"],
        sources_failed=c["sources_failed"],
        discovered=c["discovered"],
        fetched=c["fetched"],
        archived=c["archived"],
        new_versions=c["new_versions"],
        not_modified=c["not_modified"],
        failed=c["failed"],
        skipped=c["skipped"],
        gone=c["gone"],
        stopped_early=stopped_early,
        failures=tuple(tally.failures),
    )


# --- sources -------------------------------------------------------------------------


async def _poll_sources(
    archive: Archive,
    fetcher: Fetcher,
    sources: list[Source],
    tally: _Tally,
    deadline: _Deadline,
) -> None:
    async def poll(source: Source) -> None:
        if deadline.passed:
            return
        outcome = await fetcher.fetch(
            source.url,
            etag=source.etag,
            last_modified=source.last_modified,
            accept="feed",
            trusted=True,
        )
        tally.counts["sources_polled"] += 1
        reason = outcome.reason or outcome.outcome
        if outcome.outcome == "ok" and outcome.page is not None:
            try:
                found = await _read_source(fetcher, source, outcome.page, deadline)
            except FeedError as error:
                found, reason = [], f"unreadable {source.kind}: {error}"
                tally.counts["sources_failed"] += 1
            else:
                new = archive.enqueue(found, source_id=source.id, at=utc_now())
                tally.counts["discovered"] += new
                reason = f"{len(found)} links, {new} new"
            etag, modified = _validators(outcome.page)
        else:
            if outcome.outcome != "not_modified":
                tally.counts["sources_failed"] += 1
            etag, modified = source.etag, source.last_modified
        assert source.id is not None
        archive.record_poll(
            source.id, outcome=reason, etag=etag, last_modified=modified, at=utc_now()
        )

    await asyncio.gather(*(poll(s) for s in sources))


async def _read_source(
    fetcher: Fetcher, source: Source, page: Page, deadline: _Deadline
) -> list[Discovered]:
    """Articles listed by a source; sitemap indexes are followed (each sitemap once)."""
    kind, found = discover(page.body, page.content_type, page.final_url)
    if kind != source.kind and "page" in (kind, source.kind):
        # A feed that turned into an HTML page (or the reverse) is a broken source: its
        # links would be a home page's, not the feed's items.
        raise FeedError(f"not a {source.kind}: the document is an HTML page", url=source.url)
    articles = [d for d in found if d.kind == "article"]
    children = deque(d.url for d in found if d.kind == "sitemap" and kind == "sitemap")
    seen = {normalize_url(source.url), normalize_url(page.final_url)}
    while children and len(seen) < MAX_CHILD_SITEMAPS and not deadline.passed:
        url = children.popleft()
        if normalize_url(url) in seen:
            continue  # an index that lists itself, or a sitemap listed twice
        seen.add(normalize_url(url))
        outcome = await fetcher.fetch(url, accept="feed")
        if outcome.page is None:
            log.info("sitemap %s: %s", url, outcome.reason)
            continue
        try:
            _, more = discover(outcome.page.body, outcome.page.content_type, url)
        except FeedError as error:
            log.info("sitemap %s: %s", url, error)
            continue
        articles.extend(d for d in more if d.kind == "article")
        children.extend(d.url for d in more if d.kind == "sitemap")
    return articles


def _validators(page: Page) -> tuple[str | None, str | None]:
    return page.header("etag"), page.header("last-modified")


# --- articles ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Job:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    revisit: bool = False
    visits: int = 0


def _work_list(archive: Archive) -> list[_Job]:
    """New URLs first, then due revisits, interleaved by host so no host starves the rest."""
    jobs = [_Job(url) for url in archive.pending()]
    jobs += [
        _Job(r.url, r.etag, r.last_modified, revisit=True, visits=r.visits)
        for r in archive.due(utc_now())
    ]
    return list(_interleave_by_host(jobs))


def _interleave_by_host(jobs: Iterable[_Job]) -> Iterator[_Job]:
    queues: dict[str, deque[_Job]] = defaultdict(deque)
    for job in jobs:
        queues[host_of(job.url)].append(job)
    while queues:
        for host in list(queues):
            yield queues[host].popleft()
            if not queues[host]:
                del queues[host]


async def _fetch_all(
    archive: Archive,
    fetcher: Fetcher,
    run_id: int,
    jobs: list[_Job],
    options: RunOptions,
    tally: _Tally,
    deadline: _Deadline,
    progress: Progress | None,
) -> None:
    todo = iter(jobs)
    done = 0
    processes = options.extract_processes if len(jobs) >= MIN_PAGES_FOR_WORKERS else 0
    extractor = ExtractorPool(processes)

    async def worker() -> None:
        nonlocal done
        for job in todo:  # shared iterator: each job is taken by exactly one worker
            if deadline.passed:
                return
            outcome = await fetcher.fetch(
                job.url, etag=job.etag, last_modified=job.last_modified, accept="html"
            )
            await _record(archive, extractor, run_id, job, outcome, options, tally)
            done += 1
            if progress:
                progress("fetch", done, len(jobs))

    workers = [asyncio.create_task(worker()) for _ in range(max(1, options.workers))]
    try:
        finished, _ = await asyncio.wait(
            workers, timeout=deadline.remaining(), return_when=asyncio.FIRST_EXCEPTION
        )
    finally:
        # At --max-time, or when one worker failed (e.g. the archive is unwritable), the
        # others stop too; their URLs stay queued for the next run.
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        extractor.close()
    for task in finished:
        if not task.cancelled() and (error := task.exception()) is not None:
            raise error
    if len(finished) < len(workers):
        log.info("--max-time reached: stopping with %d of %d done", done, len(jobs))


async def _record(
    archive: Archive,
    extractor: ExtractorPool,
    run_id: int,
    job: _Job,
    outcome: FetchOutcome,
    options: RunOptions,
    tally: _Tally,
) -> None:
    """Write one fetch's outcome to the archive (one transaction) and count it."""
    now = utc_now()
    status = outcome.status
    match outcome.outcome:
        case "ok":
            tally.counts["fetched"] += 1
            await _save(archive, extractor, run_id, job, outcome, options, tally)
        case "not_modified":
            tally.counts["not_modified"] += 1
            archive.record_not_modified(
                run_id,
                job.url,
                status=status or 304,
                at=now,
                next_visit_at=_next_visit(archive, job, options),
            )
        case "gone":
            tally.counts["gone"] += 1
            archive.record_gone(run_id, job.url, status=status or 410, at=now)
        case "skipped":
            tally.counts["skipped"] += 1
            archive.record_skip(run_id, job.url, reason=outcome.reason, status=status, at=now)
        case _:
            kind = outcome.outcome
            _fail(
                archive,
                tally,
                run_id,
                job.url,
                outcome.reason,
                status,
                retry=kind == "error",
                outcome=kind,
            )


async def _save(
    archive: Archive,
    extractor: ExtractorPool,
    run_id: int,
    job: _Job,
    outcome: FetchOutcome,
    options: RunOptions,
    tally: _Tally,
) -> None:
    page = outcome.page
    assert page is not None
    try:
        article = await extractor.extract(page)
    except Exception as error:  # ExtractionError, or a bug: either way the run goes on
        log.exception("extracting %s failed", job.url)
        problem = f"extraction failed: {type(error).__name__}: {error}"
    else:
        problem = (
            "" if article.text.strip() else "no article text (not an article, or an app shell)"
        )
    if problem:
        _fail(archive, tally, run_id, job.url, problem, page.status, retry=False)
        return
    article = replace(article, url=job.url)
    saved = archive.save_page(
        run_id, page, article, next_visit_at=_next_visit(archive, job, options)
    )
    if saved.created:
        tally.counts["archived"] += 1
    elif saved.new_version:
        tally.counts["new_versions"] += 1


def _fail(
    archive: Archive,
    tally: _Tally,
    run_id: int,
    url: str,
    reason: str,
    status: int | None,
    *,
    retry: bool,
    outcome: str = "error",
) -> None:
    tally.fail(url, reason)
    archive.record_failure(
        run_id, url, outcome=outcome, status=status, reason=reason, at=utc_now(), retry=retry
    )


def _next_visit(archive: Archive, job: _Job, options: RunOptions) -> str | None:
    """When to look at this URL again; revisit slots count from when it was first seen.

    `job.visits` counts every fetch so far, the first included, which is the number of
    revisits done once this one is; slots already past are skipped, not caught up on.
    """
    now = utc_now()
    if not job.revisit:
        return next_visit(now, 0, options.schedule)
    stored = archive.article(job.url)
    first_seen = stored.first_seen_at if stored else now
    return next_visit(first_seen, job.visits, options.schedule, after=now)


# --- one-off commands ----------------------------------------------------------------


async def fetch_page(
    url: str,
    config: FetchConfig | None = None,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> FetchOutcome:
    """Fetch one page the user named (its host is trusted)."""
    async with Fetcher(config or FetchConfig(), transport=transport) as fetcher:
        return await fetcher.fetch(url, accept="any", trusted=True)


async def add_sources(
    archive: Archive,
    urls: Iterable[str],
    config: FetchConfig | None = None,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> list[tuple[str, Source | None, str]]:
    """Register sources, detecting each one's kind; an HTML page's advertised feeds too.

    Returns (url, source or None, note) per URL given, plus one row per feed found.
    """
    results: list[tuple[str, Source | None, str]] = []
    async with Fetcher(config or FetchConfig(), transport=transport) as fetcher:
        for raw in urls:
            url = normalize_url(raw)
            if url is None:
                results.append((raw, None, "not an http(s) URL"))
                continue
            outcome = await fetcher.fetch(url, accept="feed", trusted=True)
            if outcome.page is None:
                results.append((url, None, outcome.reason or outcome.outcome))
                continue
            page = outcome.page
            try:
                kind, found = discover(page.body, page.content_type, page.final_url)
            except FeedError as error:
                results.append((url, None, str(error)))
                continue
            results.append((url, archive.add_source(url, kind), f"{kind}, {len(found)} links"))
            for feed in (d for d in found if d.kind == "feed" and kind == "page"):
                results.append((feed.url, archive.add_source(feed.url, "feed"), "feed on page"))
    return results


async def archive_urls(
    archive: Archive,
    urls: Iterable[str],
    options: RunOptions = RunOptions(),
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> RunReport:
    """Fetch, extract and archive the given article URLs now (`scraper fetch`)."""
    started = utc_now()
    run_id = archive.start_run(started)
    tally = _Tally()
    normal = [u for u in (normalize_url(x) for x in urls) if u is not None]
    archive.enqueue([Discovered(u) for u in normal], source_id=None, at=started)
    hosts = {host_of(u) for u in normal}
    jobs = [_Job(url) for url in normal]  # unconditional: the user asked for it now
    async with Fetcher(options.fetch, transport=transport, trusted_hosts=hosts) as fetcher:
        deadline = _Deadline(options.max_time)
        await _fetch_all(archive, fetcher, run_id, jobs, options, tally, deadline, None)
    report = _report(run_id, started, tally, stopped_early=False)
    archive.finish_run(run_id, report)
    return report


def reextract(archive: Archive, progress: Progress | None = None) -> tuple[int, int]:
    """Run the current extractor over every stored raw page; returns (pages, changed)."""
    pages = changed = 0
    for page_id, page in archive.iter_pages():
        article = extract(page.body, page.final_url, content_type=page.content_type)
        article = replace(article, url=page.url)
        changed += archive.replace_extraction(page_id, article)
        pages += 1
        if progress:
            progress("reextract", pages, 0)
    return pages, changed
