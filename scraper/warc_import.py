"""Import pages from WARC files: Common Crawl's news crawl (CC-NEWS), another crawler's
WARCs, or this archive's own `scraper export --format warc`.

Every HTML response (2xx) is extracted and archived as if fetched when it was captured
(its `WARC-Date`): a new article, a new version of one, or nothing new. So importing a
file twice, or again after a killed import, adds nothing. An article's versions stay in
the order they were seen: a capture older than an archived story's latest version (an
older crawl imported after a newer one) is placed among them (`archive.backfill`); one
seen already, or no newer than the archive's last fetch of its URL, is passed over. An
imported URL is not revisited by `scraper run` (a crawl of
2019 is not a list of pages to watch), unless a source had already queued it.

A crawler that deduplicates writes a `revisit` record, with no body, for a capture
whose page was the same as an earlier one's (`WARC-Refers-To-Target-URI` and `-Date`
name it; the same URL, latest capture, when they are not given). Where the archive
holds that page, the revisit is archived as a capture of it: the story was still
there, unchanged, at that time (or, under another URL, the same story).

A 404/410 capture of an archived story takes it down then, as a run's visit does. The
records themselves are read by `warc_read` (damaged ones skipped, reading going on);
the pages go through the same extraction workers and the
same archive calls as fetched ones.
"""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace

from .archive import Archive, Tracked
from .clock import utc_now
from .extract_pool import EXTRACT_TIMEOUT, ExtractorPool, archive_extractor, default_processes
from .fetch import FetchConfig
from .models import Page, RunReport
from .multipage import Story, Visit, judge
from .notices import EXTRACTION_FAILED
from .schedule import DEFAULT_SCHEDULE, next_visit
from .urls import on_hosts, site_hosts, url_key
from .warc_articles import checked, story_or_reason
from .warc_events import came_back, seen_since, taken_down
from .warc_files import ImportReport, Progress, as_paths, read_files
from .warc_read import (
    Capture,
    Damaged,
    Revisit,
    SeenAgain,
    Takedown,
    not_archivable,
    read_captures,
    read_responses,
)  # fmt: skip
from .warc_stories import Captured, Pages

__all__ = [
    "Damaged",
    "ImportReport",
    "Revisit",
    "import_stories",
    "import_warcs",
    "not_archivable",
    "read_captures",
    "read_responses",
]


MAX_FAILURES_REPORTED = 50
_IN_FLIGHT = 8  # pages handed to the extraction workers at a time
_GONE = frozenset({404, 410})  # a capture that says the story was taken down
# What an older capture placed among a story's versions counts as (None: no room).
_PLACED = {"new_version": "new_versions", "earlier": "unchanged", "unchanged": "unchanged",
           None: "older"}  # fmt: skip
# What a capture with the same text brings up to date: what an export's `SeenAgain` gives.
_REFRESHED = (
    "modified", "canonical_url", "description", "section", "tags", "image", "site_name", "rating"
)  # fmt: skip
_COUNTS = (
    "responses", "revisits", "takedowns", "archived", "new_versions", "unchanged", "older",
    "removed", "failed", "extracted", "extraction_errors", "skipped",
)  # fmt: skip


async def import_warcs(
    archive: Archive,
    paths: Iterable[str | os.PathLike[str]],
    *,
    processes: int | None = None,
    timeout: float | None = EXTRACT_TIMEOUT,
    sites: Iterable[str] = (),
    progress: Progress | None = None,
) -> ImportReport:
    """Extract and archive the HTML responses of the WARC files at `paths`, in order;
    `processes` extraction workers (default: one beside this process on a machine with
    two cores or more). With `sites` (hosts such as "bbc.co.uk"), only pages of those
    sites and their subdomains are archived, the rest counted as skipped. A file that
    cannot be read (missing, not a WARC, cut short) is reported and the import goes on
    with the next; what was read of it is kept. A site that is no host name is a
    `UsageError`, before anything is read, as is a path that is no str or PathLike."""
    files, hosts = as_paths(paths), site_hosts(sites)
    importer = _Import(archive, archive.start_run(utc_now()), hosts)
    captures = read_files(files, importer.max_bytes, importer.bad_files, progress)
    workers = default_processes() if processes is None else processes
    return await _imported(importer, captures, workers, timeout)


async def import_stories(
    archive: Archive,
    results: Iterable[tuple[Page, Story | str | None]],
    *,
    processes: int = 0,
    timeout: float | None = EXTRACT_TIMEOUT,
    sites: Iterable[str] = (),
) -> ImportReport:
    """Archive what `warc_articles.stories` made of WARC records elsewhere (a cluster's
    workers), in order, by the importer's rules: each page with its story or the reason
    it gave none, extracted again here only for a page whose result is missing and for an
    archived version an older extractor made (`processes` workers for those; 0: this
    process). Give the workers the archive's site rules (`extractor=`), as the importer
    extracts with them. Otherwise as `import_warcs`, and a `UsageError`, before anything
    is written, for a result that is not its page's (`warc_articles.checked`)."""
    pairs = [checked(pair) for pair in results]
    importer = _Import(archive, archive.start_run(utc_now()), site_hosts(sites))

    def captures() -> Iterator[Page]:
        for page, story in pairs:
            if story is not None:
                importer.made[(url_key(page.url), page.fetched_at)] = story
            yield page

    return await _imported(importer, captures(), processes, timeout)


async def _imported(
    importer: _Import, captures: Iterator[Capture | Pages], workers: int, timeout: float | None
) -> ImportReport:
    """The import of `captures`, its run closed with what was done."""
    archive, whole = importer.archive, False
    try:
        with ExtractorPool(workers, timeout=timeout, extractor=archive_extractor(archive)) as pool:

            async def work() -> None:
                for capture in captures:  # shared iterator: each is taken by one task
                    await importer.take(capture, pool)

            async with asyncio.TaskGroup() as tasks:
                for _ in range(_IN_FLIGHT):
                    tasks.create_task(work())
        whole = True
    finally:  # (the run is closed with what was done, even when stopped or failed)
        report = importer.finish(stopped=not whole)
    return report


class _Import:
    def __init__(self, archive: Archive, run_id: int, sites: frozenset[str]) -> None:
        self.archive = archive
        self.run_id = run_id
        self.sites = sites  # hosts to keep, with their subdomains (empty: all)
        self.started = utc_now()
        self.counts: Counter[str] = Counter()
        self.failures: list[tuple[str, str]] = []
        self.max_bytes = FetchConfig().max_bytes
        self.locks: dict[str, asyncio.Lock] = {}
        self.busy: Counter[str] = Counter()  # tasks holding or awaiting each URL's lock
        self.bad_files: list[tuple[str, str]] = []
        self.made: dict[tuple[str, str], Story | str] = {}  # (URL key, time): made elsewhere

    async def take(self, capture: Capture | Pages, pool: ExtractorPool) -> None:
        """Archive a capture; a story's first page with its later pages (those it does
        not take as pages of their own)."""
        first, later = (
            (capture.first, capture.later) if isinstance(capture, Pages) else (capture, ())
        )
        joined = await self._take(first, pool, later)
        self.counts["responses"] += len(joined)
        for page in later:
            if page not in joined:
                await self._take(page, pool)

    async def _take(
        self, capture: Capture, pool: ExtractorPool, later: Sequence[Page] = ()
    ) -> Sequence[Page]:
        """Archive a capture (a page with the `later` pages of its story read with it);
        the later pages joined to its story."""
        if isinstance(capture, Damaged):  # not a whole capture: never a version
            self.counts["responses"] += bool(capture.url)  # (a response, as far as it goes)
            if self.sites and capture.url and not on_hosts(capture.url, self.sites):
                self.counts["skipped"] += 1
                return ()
            self.counts["failed"] += 1
            self._note(capture.url or "(unknown)", capture.reason)
            return ()
        if isinstance(capture, Takedown):  # (as this archive's export records one)
            self.counts["takedowns"] += 1
            async with self._turn(capture.url):
                if capture.back:
                    self.counts[came_back(self.archive, self.run_id, capture.url, capture.at)] += 1
                else:
                    self._gone(capture.url, capture.at, 410)
            return ()
        if isinstance(capture, SeenAgain):  # (as this archive's export records one)
            self.counts["revisits"] += 1
            async with self._turn(capture.url):
                await self._seen_again(capture, pool)
            return ()
        if isinstance(capture, Revisit):
            self.counts["revisits"] += 1
            if url_key(capture.refers_to) != url_key(capture.url):
                async with self._turn(capture.refers_to):
                    pass  # the capture it refers to (read earlier) is archived first
        else:
            self.counts["responses"] += 1
            refusal = not_archivable(capture, max_bytes=self.max_bytes)
            if refusal and refusal.startswith("Content-Encoding"):
                self.counts["failed"] += 1
                self._note(capture.url, refusal)
                return ()
            if refusal and capture.status in _GONE and capture.fetched_at:
                async with self._turn(capture.url):
                    self._gone(capture.url, capture.fetched_at, capture.status)
                return ()
            if refusal:
                self.counts["skipped"] += 1
                return ()
        if not (capture.fetched_at if isinstance(capture, Page) else capture.captured):
            # Without its time a capture cannot be placed among the story's versions.
            self.counts["failed"] += 1
            self._note(capture.url, "no WARC-Date that a capture can have")
            return ()
        if self.sites and not on_hosts(capture.url, self.sites):
            self.counts["skipped"] += 1
            return ()
        # Captures of one URL are archived one at a time, in the files' order: a later
        # one waits for the earlier (its version comes after it, or it is older).
        async with self._turn(capture.url):
            page = self._revisited(capture) if isinstance(capture, Revisit) else capture
            if page is None:
                self.counts["skipped"] += 1
                return ()
            return await self._archive(page, pool, later)

    def _revisited(self, revisit: Revisit) -> Page | None:
        """The page a revisit says was captured again, as captured then: the one the
        archive holds of the capture it refers to, if it holds it."""
        page = self.archive.page_at(revisit.refers_to, revisit.refers_at)
        if page is None:
            return None
        return replace(page, url=revisit.url, final_url=revisit.url, fetched_at=revisit.captured)

    @asynccontextmanager
    async def _turn(self, url: str) -> AsyncIterator[None]:
        """Hold the URL's lock: each of its captures is archived in the order read."""
        key = url_key(url)
        self.busy[key] += 1
        try:
            async with self.locks.setdefault(key, asyncio.Lock()):
                yield
        finally:
            self.busy[key] -= 1
            if not self.busy[key]:
                del self.busy[key], self.locks[key]

    async def _archive(
        self, page: Page, pool: ExtractorPool, later: Sequence[Page] = ()
    ) -> Sequence[Page]:
        """Archive the story `page` begins (its pages in `later`, or archived); those joined."""
        # (Under the URL's lock: no other capture of it is archived until this returns.)
        tracked = self.archive.tracked(page.url)
        earlier = seen_since(tracked, page.fetched_at)  # (an older crawl, imported after)
        if earlier and not self.archive.earlier_room(page.url, page.fetched_at):
            self.counts["older"] += 1  # seen then already, or after its last version
            return later  # (as its pages)
        story = self.made.pop((url_key(page.url), page.fetched_at), None)
        if story is None:  # (what a WARC task's `stories` gives)
            pages = Captured(self.archive, later, page.fetched_at)
            story = await story_or_reason(pool, page, pages)
        self.counts["extracted"] += 1
        if isinstance(story, str):
            self.counts["extraction_errors"] += story.startswith(EXTRACTION_FAILED)
            self._fail(page, story, tracked)
            return ()
        article, digests = story.article, story.digests
        if earlier:  # placed among the story's versions by its time
            article = replace(article, url=page.url)
            await pool.refresh_stale(self.archive, page.url)
            placed = self.archive.save_earlier(self.run_id, page, article, digests=digests)
            self.counts[_PLACED[placed]] += 1
            return story.parts
        if tracked is None or tracked.state not in ("new", "retry"):
            revisit = tracked.next_visit_at if tracked else None  # a run's schedule stays
        else:  # queued by a source: watched from now on, as if a run had fetched it
            revisit = next_visit(utc_now(), 0, DEFAULT_SCHEDULE)
        article = replace(article, url=page.url)  # (the digests do not depend on the URL)
        await pool.refresh_stale(self.archive, page.url)
        visit = self._judged(story, page.url)
        saved = self.archive.save_page(
            self.run_id, page, article, next_visit_at=revisit, digests=digests,
            parts=story.parts, note=story.note, summary=visit.summary, lacks=visit.lacks,
        )  # fmt: skip
        self.counts[
            "archived" if saved.created else "new_versions" if saved.new_version else "unchanged"
        ] += 1
        return story.parts

    def _judged(self, story: Story, url: str) -> Visit:
        """What a new version's summary says where the story completes the archived one
        ("completed: page 3 added") or lacks a page, as a run's visit says it."""
        stored = self.archive.article(url)
        archived = (stored.article, self.archive.story_pages(stored.id)) if stored else None
        return judge(story, archived)

    async def _seen_again(self, seen: SeenAgain, pool: ExtractorPool) -> None:
        """A story captured again with its latest version's text, as an export records
        it (no page: the archive kept none): its page seen again then, with what that
        capture brought up to date (`records.refreshed` takes what is new of it)."""
        tracked, page = self.archive.tracked(seen.url), self.archive.page_at(seen.url)
        if tracked is None or page is None or seen_since(tracked, seen.at):
            self.counts["older" if page else "skipped"] += 1
            return
        await pool.refresh_stale(self.archive, seen.url)
        stored = self.archive.article(seen.url)
        if stored is None:  # (its page is archived: never so)
            self.counts["skipped"] += 1
            return
        article = replace(stored.article, **{k: getattr(seen.article, k) for k in _REFRESHED})
        saved = self.archive.save_page(
            self.run_id, replace(page, fetched_at=seen.at), article,
            next_visit_at=tracked.next_visit_at,
        )  # fmt: skip
        self.counts["new_versions" if saved.new_version else "unchanged"] += 1

    def _gone(self, url: str, at: str, status: int) -> None:
        """A 404/410 capture (or an export's takedown): see `taken_down`."""
        self.counts[taken_down(self.archive, self.run_id, url, at, status)] += 1

    def _note(self, url: str, reason: str) -> None:
        if len(self.failures) < MAX_FAILURES_REPORTED:
            self.failures.append((url, reason))

    def _fail(self, page: Page, reason: str, tracked: Tracked | None) -> None:
        self.counts["failed"] += 1
        self._note(page.url, reason)
        # Recorded (with the raw page, for a better extractor) for a URL new to the
        # archive; one it knows keeps its state: its article, or its place in the queue.
        if tracked is None:
            self.archive.record_failure(
                self.run_id, page.url, outcome="error", status=page.status, reason=reason,
                at=page.fetched_at, retry=False, page=page,
            )  # fmt: skip

    def finish(self, *, stopped: bool = False) -> ImportReport:
        """Record the import's run, `stopped` before the end of its files (interrupted,
        or an error): what it did is kept, and the same import again goes on."""
        c = self.counts
        report = ImportReport(
            self.run_id,
            **{name: c[name] for name in _COUNTS},
            failures=tuple(self.failures),
            bad_files=tuple(self.bad_files),
        )
        self.archive.finish_run(
            self.run_id,
            RunReport(
                run_id=self.run_id,
                started_at=self.started,
                finished_at=utc_now(),
                kind="import",
                fetched=c["responses"] + c["revisits"] + c["takedowns"] - c["skipped"] - c["older"],
                archived=c["archived"],
                new_versions=c["new_versions"],
                not_modified=c["unchanged"],
                failed=c["failed"],
                extracted=c["extracted"],
                extraction_errors=c["extraction_errors"],
                skipped=c["skipped"],
                gone=c["removed"],
                stopped_early=stopped,
                failures=tuple(self.failures),
            ),
        )
        return report
