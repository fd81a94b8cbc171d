"""One run of the archiver: poll sources → queue new URLs → fetch → extract → archive.

The run never stops on one bad page: every outcome is recorded in the archive's fetch
log and counted in the `RunReport`. Each page is archived in its own transaction, and
the queue of URLs lives in the archive, so a run killed at any instant resumes where it
stopped. Which queued URLs a run takes, and in what order, is `worklist`'s. This module
does no HTTP itself (`fetch`) and no SQL (`archive`), and never prints: callers get
progress through an optional callback.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

import httpx

from .adding import add_sources
from .archive import Archive
from .clock_check import checked_now
from .cutoff import cut_off
from .deadline import Deadline
from .extract_pool import (
    EXTRACT_TIMEOUT,
    MIN_PAGES_FOR_WORKERS,
    ExtractorPool,
    archive_extractor,
    default_processes,
)
from .fetch import FetchConfig, Fetcher
from .models import Discovered, FetchOutcome, Page, RunReport, Source
from .multipage import follow, judge
from .notices import EXTRACTION_FAILED, Notice, front_it_sent
from .poll import poll_source
from .schedule import DEFAULT_SCHEDULE, next_visit, utc_now
from .urls import host_of, normalize_url
from .worklist import Job, queue_jobs

__all__ = ["RunOptions", "add_sources", "archive_urls", "fetch_page", "run"]

log = logging.getLogger(__name__)

MAX_FAILURES_REPORTED = 50
_FINISHING = 10.0  # seconds past --max-time to archive the pages already downloaded
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
    # Seconds one page's extraction may take before the page fails (a page takes
    # milliseconds): a worker still on it is ended; inline, the run stops waiting.
    extract_timeout: float | None = EXTRACT_TIMEOUT


async def run(
    archive: Archive,
    options: RunOptions = RunOptions(),
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    progress: Progress | None = None,
) -> RunReport:
    """Poll every source, then fetch, extract and archive what is new or due."""
    sources = archive.sources()
    hosts = archive.trusted_hosts() | archive.named_hosts()
    async with Fetcher(
        options.fetch, transport=transport, trusted_hosts=hosts, memory=archive
    ) as fetcher:
        current = _Run(archive, fetcher, options, progress)
        await current.poll_sources(sources)
        await current.fetch_queue()
    return current.finish()


async def archive_urls(
    archive: Archive,
    urls: Iterable[str],
    options: RunOptions = RunOptions(),
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> RunReport:
    """Fetch, extract and archive the given article URLs now (`scraper fetch`)."""
    normal = [u for u in (normalize_url(x) for x in urls) if u is not None]
    archive.enqueue([Discovered(u) for u in normal], source_id=None, at=utc_now())
    hosts = {host_of(u) for u in normal}
    async with Fetcher(
        options.fetch, transport=transport, trusted_hosts=hosts, memory=archive
    ) as fetcher:
        current = _Run(archive, fetcher, options, None)
        jobs = [Job(url) for url in normal]  # unconditional: asked for now
        await current.fetch_all(jobs, total=len(jobs))
    return current.finish()


class _Run:
    """One run's state: where it writes, how it fetches, and what it counted so far."""

    def __init__(
        self, archive: Archive, fetcher: Fetcher, options: RunOptions, progress: Progress | None
    ) -> None:
        self.archive = archive
        self.fetcher = fetcher
        self.options = options
        self.progress = progress
        # (Read before the run starts: rules this release refuses stop it before it does.)
        self.extractor = archive_extractor(archive)
        self.started = checked_now(archive, options.schedule)  # (says if behind the last run)
        self.run_id = archive.start_run(self.started)
        self.deadline = Deadline(options.max_time)
        self.cut_short = False  # polls left for the next run (their half of the time ran out)
        self.counts: dict[str, int] = defaultdict(int)
        self.tried = 0  # URLs fetched and recorded so far
        self.failures: list[tuple[str, str]] = []
        self.skipped_hosts: set[str] = set()  # left alone for the rest of the run

    def finish(self) -> RunReport:
        c = self.counts
        report = RunReport(
            run_id=self.run_id,
            started_at=self.started,
            finished_at=utc_now(),
            sources_polled=c["sources_polled"],
            sources_failed=c["sources_failed"],
            discovered=c["discovered"],
            fetched=c["fetched"],
            archived=c["archived"],
            new_versions=c["new_versions"],
            not_modified=c["not_modified"],
            unchanged=c["unchanged"],
            copies=c["copies"],
            failed=c["failed"],
            extracted=c["extracted"],
            extraction_errors=c["extraction_errors"],
            skipped=c["skipped"],
            gone=c["gone"],
            deferred=c["deferred"],
            waiting=tuple((h.host, h.until) for h in self.archive.host_holds(utc_now())),
            stopped_early=self.deadline.passed or self.cut_short,
            failures=tuple(self.failures),
        )
        self.archive.finish_run(self.run_id, report)
        return report

    # --- sources ---------------------------------------------------------------------

    async def poll_sources(self, sources: list[Source]) -> None:
        """Poll every source, in at most half the run's time (`--max-time`): a source
        that hangs must not leave no time to fetch what the others found. Those not
        polled in time are polled first next run."""
        remaining = self.deadline.remaining()
        polls_end = Deadline(None if remaining is None else remaining / 2)
        # Least recently polled first (never polled before all): a host's polls wait in
        # turn, and the ones a run has no time for are the first of the next run's.
        order = sorted(sources, key=lambda s: s.last_polled_at or "")
        tasks = {asyncio.create_task(self._poll(s, polls_end)): s for s in order}
        if not tasks:
            return
        done, late = await asyncio.wait(tasks, timeout=polls_end.remaining())
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)
        for task in late:
            source = tasks[task]
            assert source.id is not None
            self.archive.record_poll(
                source.id, outcome="not finished at --max-time; polled first next run",
                etag=source.etag, last_modified=source.last_modified, at=None,
            )  # fmt: skip
        self.cut_short = bool(late)
        for task in done:
            task.result()  # (an archive that cannot be written ends the run)

    async def _poll(self, source: Source, polls_end: Deadline) -> None:
        poll = await poll_source(self.archive, self.fetcher, source, lambda: polls_end.passed)
        self.counts["sources_polled"] += 1
        self.counts["sources_failed"] += poll.failed
        self.counts["discovered"] += poll.discovered

    # --- articles --------------------------------------------------------------------

    async def fetch_queue(self) -> None:
        """Fetch the queue until it is empty or the time is up."""
        jobs = queue_jobs(self.archive, self.skipped_hosts)
        await self.fetch_all(jobs, total=self.archive.queued(utc_now()))

    async def fetch_all(self, jobs: Iterable[Job], *, total: int) -> None:
        """Fetch, extract and archive `jobs` (`total` of them, or about: what the progress
        bar counts to, and what decides whether extraction gets a worker process)."""
        todo = iter(jobs)
        processes = self.options.extract_processes if total >= MIN_PAGES_FOR_WORKERS else 0
        timeout = self.options.extract_timeout
        extractor = ExtractorPool(processes, timeout=timeout, extractor=self.extractor)
        recording: set[asyncio.Task[None]] = set()  # workers with a page in hand

        async def worker() -> None:
            me = asyncio.current_task()
            assert me is not None
            for job in todo:  # shared iterator: each job is taken by exactly one worker
                if self.deadline.passed:
                    return
                if host_of(job.url) in self.skipped_hosts:  # waits, as the first of its host
                    self.counts["deferred"] += 1
                    continue
                outcome = await self._fetch(job)
                recording.add(me)
                await self._record(job, outcome, extractor)
                recording.discard(me)
                self.tried += 1
                if self.progress:
                    self.progress("fetch", self.tried, max(total, self.tried))

        workers = [asyncio.create_task(worker()) for _ in range(max(1, self.options.workers))]
        try:
            finished, _ = await asyncio.wait(
                workers, timeout=self.deadline.remaining(), return_when=asyncio.FIRST_EXCEPTION
            )
            # At --max-time, the pages downloaded are archived first (not fetched again
            # next run); a worker still waiting for the network stops at once.
            for task in set(workers) - recording - finished:
                task.cancel()
            if recording and self.deadline.passed:
                await asyncio.wait(set(recording), timeout=_FINISHING)
        finally:
            # At --max-time, or when one worker failed (e.g. the archive is unwritable),
            # the others stop too; their URLs stay queued for the next run.
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
            extractor.close()
        for task in finished:
            if not task.cancelled() and (error := task.exception()) is not None:
                raise error
        if len(finished) < len(workers):
            log.info("--max-time reached: stopping with %d of %d done", self.tried, total)

    async def _fetch(self, job: Job) -> FetchOutcome:
        """Fetch a job's URL, at the address it redirects to for good if it does (the
        story keeps its own: the outcome is `job.url`'s, as if redirected), and remember
        such an address for its next visits; where that address is gone, the story's own
        is asked (and the move forgotten) before the story is taken for gone."""
        address = job.moved_to or job.url
        outcome = await self.fetcher.fetch(
            address, etag=job.etag, last_modified=job.last_modified, accept="html"
        )
        target = outcome.moved_to if outcome.outcome in ("ok", "not_modified") else None
        if target and not front_it_sent(job.url, outcome.page):  # (a front: taken down)
            self.archive.note_moved(job.url, target)
        if address == job.url:
            return outcome
        if _lost(job.url, outcome):  # (the slug change undone?) its own address decides
            self.archive.note_moved(job.url, None)
            return await self._fetch(replace(job, moved_to=None))
        page = outcome.page and replace(outcome.page, url=job.url)
        return replace(outcome, url=job.url, page=page, moved_to=outcome.moved_to or address)

    async def _record(self, job: Job, outcome: FetchOutcome, extractor: ExtractorPool) -> None:
        """Write one fetch's outcome to the archive (one transaction) and count it."""
        archive, now, status = self.archive, utc_now(), outcome.status
        match outcome.outcome:
            case "ok" if front := front_it_sent(job.url, outcome.page):  # a story taken down
                self._gone(job, status or 200, f"redirected to a front page, {front}")
            case "ok":
                self.counts["fetched"] += 1
                await self._save(job, outcome, extractor)
            case "not_modified":
                self.counts["not_modified"] += 1
                archive.record_not_modified(
                    self.run_id,
                    job.url,
                    status=status or 304,
                    at=now,
                    next_visit_at=self._next_visit(job),
                )
            case "gone":
                self._gone(job, status or 410)
            case "deferred":  # not requested: it waits, with no attempt counted
                self.counts["deferred"] += 1
                self.skipped_hosts.add(host_of(job.url))  # (its other URLs wait unlogged)
                archive.record_deferral(self.run_id, job.url, reason=outcome.reason, at=now)
            case "skipped":
                self.counts["skipped"] += 1
                archive.record_skip(
                    self.run_id, job.url, reason=outcome.reason, status=status, at=now,
                    next_visit_at=self._next_visit(job),
                )  # fmt: skip
            case kind:
                self._fail(job, outcome.reason, status, retry=kind == "error", outcome=kind)

    async def _save(self, job: Job, outcome: FetchOutcome, extractor: ExtractorPool) -> None:
        page = outcome.page
        assert page is not None
        extracted = await extractor.article_or_reason(page)
        self.counts["extracted"] += 1
        if isinstance(extracted, str):  # (the page is kept: a better extractor may do)
            self.counts["extraction_errors"] += extracted.startswith(EXTRACTION_FAILED)
            self._fail(job, extracted, page.status, retry=False, page=page)
            return
        if isinstance(extracted, Notice):  # an archived story gone is taken down
            if extracted.gone and (job.revisit or self.archive.article(job.url)):
                self._gone(job, page.status, extracted.reason)
            else:  # (the page is kept: `reextract` restores a story taken for a notice)
                self._fail(job, extracted.reason, page.status, retry=not extracted.gone, page=page)
            return
        story = await follow(self.fetcher, extractor, page, extracted, lambda: self.deadline.passed)
        article = replace(story.article, url=job.url)  # the digests do not depend on the URL
        stored = self.archive.article(job.url)
        if stored and (cut := cut_off(stored.article, page, article, self.archive.page_at)):
            self._fail(job, cut.reason, page.status, retry=True)  # (tried again)
            return
        archived = (stored.article, self.archive.story_pages(stored.id)) if stored else None
        visit = judge(story, archived, last=self.archive.last_attempt(job.url))
        if visit.failed:  # (a page the archive has is missing: tried again)
            self._fail(job, visit.failed, page.status, retry=True)
            return
        await extractor.refresh_stale(self.archive, job.url)
        saved = self.archive.save_page(
            self.run_id, page, article, digests=story.digests, parts=story.parts,
            next_visit_at=utc_now() if visit.again else self._next_visit(job),  # (incomplete)
            note=story.note, summary=visit.summary, whole=not story.missing, lacks=visit.lacks,
        )  # fmt: skip
        kind = "archived" if saved.created else "new_versions" if saved.new_version else None
        self.counts[kind or ("unchanged" if saved.duplicate_of is None else "copies")] += 1

    def _gone(self, job: Job, status: int, reason: str | None = None) -> None:
        self.counts["gone"] += 1
        self.archive.record_gone(self.run_id, job.url, status=status, at=utc_now(), reason=reason)

    def _fail(
        self, job: Job, reason: str, status: int | None, *, retry: bool,
        outcome: str = "error", page: Page | None = None,
    ) -> None:  # fmt: skip
        self.counts["failed"] += 1
        if len(self.failures) < MAX_FAILURES_REPORTED:
            self.failures.append((job.url, reason))
        self.archive.record_failure(
            self.run_id, job.url, outcome=outcome, status=status, reason=reason, at=utc_now(),
            retry=retry, page=page,
            # (An archived story's visit that fails for good ends that visit, not the
            # story's revisits.)
            next_visit_at=self._next_visit(job),
        )  # fmt: skip

    def _next_visit(self, job: Job) -> str | None:
        """When to look at this URL again; revisit slots count from when it was first seen.

        `job.visits` counts every fetch so far, the first included, which is the number of
        revisits done once this one is; slots already past are skipped, not caught up on.
        """
        now, schedule = utc_now(), self.options.schedule
        if not job.revisit:
            return next_visit(now, 0, schedule)
        stored = self.archive.article(job.url)
        first_seen = stored.first_seen_at if stored else now
        return next_visit(first_seen, job.visits, schedule, after=now)


def _lost(url: str, outcome: FetchOutcome) -> bool:
    """Whether the address a story at `url` moved to answered that it is gone (404, 410,
    or a redirect to a front page)."""
    return outcome.outcome == "gone" or (
        outcome.outcome == "ok" and front_it_sent(url, outcome.page) is not None
    )


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
