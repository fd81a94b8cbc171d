"""Extraction beside the event loop: in worker processes when a run has enough pages.

Fetching, compressing and writing keep the event loop's core busy, and extraction is
pure Python on the page's bytes, so on a machine with a second core a big run nearly
doubles its throughput by extracting there. Small runs (and one-core machines) extract
in this process and never pay a worker's start-up (a fresh interpreter, ~0.3 s).

A page that takes longer than `timeout` (a page no test foresaw, on which the
extractor's work grows out of bounds) must not hold up a cron run. In workers, a
watchdog kills the worker, that page fails with a reason, and the pages it was queued
with go to a fresh worker. In this process, pages are extracted in a thread, which the
run stops waiting for: the page fails the same way (the thread, which nothing can end,
is left to finish; a daemon, it does not hold up the exit). The pages after it go to a
worker process: another such page would leave another thread spinning, and a worker
can be ended.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from types import TracebackType
from typing import TYPE_CHECKING

from .digests import Digests, digests
from .errors import ExtractionError
from .extract import extract
from .extractors import Extractor, WithSiteRules, archive_extractor, revision_of
from .models import Article, Page
from .multipage import reassemble
from .notices import EXTRACTION_FAILED, NO_TEXT, Notice, judged

if TYPE_CHECKING:  # (a worker process imports this module: it loads no storage)
    from .archive import Archive

__all__ = [
    "EXTRACT_TIMEOUT",
    "MIN_PAGES_FOR_WORKERS",
    "NO_TEXT",
    "Extractor",
    "ExtractorPool",
    "WithSiteRules",
    "archive_extractor",
    "default_processes",
    "revision_of",
]

log = logging.getLogger(__name__)

MIN_PAGES_FOR_WORKERS = 50
EXTRACT_TIMEOUT = 60.0  # seconds a worker may spend on a page (pages take milliseconds)
_WATCH_INTERVAL = 1.0  # seconds between the watchdog's looks at the pages in work


def default_processes() -> int:
    """One worker beside the event loop when there is a core for it."""
    return 1 if (os.cpu_count() or 1) > 1 else 0


class ExtractorPool:
    """`await pool.extract_for_archive(page)`, or `pool.submit(page)`; with `processes=0`
    it extracts in this process (in a thread when there is a `timeout`, the seconds one
    page may take)."""

    def __init__(
        self, processes: int, *, timeout: float | None = None, extractor: Extractor = extract
    ) -> None:
        self._processes = processes
        self._timeout = timeout
        self._extractor = extractor
        self._up: Future[None] | None = None  # (see `_start`)
        self._pool = self._start() if processes > 0 else None
        self._watched: dict[Future[tuple[Article, Digests]], float | None] = {}  # → since
        self._overdue: set[Future[tuple[Article, Digests]]] = set()
        self._killed: set[ProcessPoolExecutor] = set()
        self._watchdog: asyncio.Task[None] | None = None
        # One inline extraction at a time, per event loop the pool serves.
        self._inline_turn: tuple[asyncio.AbstractEventLoop, asyncio.Semaphore] | None = None

    def _start(self) -> ProcessPoolExecutor:
        # spawn, not fork: the parent holds threads, sockets and an SQLite connection.
        context = multiprocessing.get_context("spawn")
        # The extractor crosses to each worker once, as it starts, not with every page:
        # site rules pickle to ~100 bytes a rule, which a page would pay for every time.
        pool = ProcessPoolExecutor(
            self._processes,
            mp_context=context,
            initializer=_install,
            initargs=(self._extractor, os.getpid()),
        )
        with _spawning():
            self._up = pool.submit(_up)  # done once a worker has started and imported
        return pool

    def submit(self, page: Page) -> Future[Article]:
        """Extract `page` in a worker (inline with no workers); the future holds the result."""
        if self._pool is None:
            done: Future[Article] = Future()
            try:
                done.set_result(
                    _extract(self._extractor, page.body, page.final_url, page.content_type)
                )
            except Exception as error:  # carried by the future, as a worker's would be
                done.set_exception(error)
            return done
        with _spawning():
            return self._pool.submit(_extract, None, page.body, page.final_url, page.content_type)

    async def extract_for_archive(self, page: Page) -> tuple[Article, Digests]:
        """The article and the hashes that archiving it needs, both made in the worker.

        The event loop's process is a run's bottleneck (fetching, writing); hashing the
        page and the article beside the extraction takes that work off it."""
        if self._pool is None:
            if self._timeout is None:
                return _extract_for_archive(
                    self._extractor, page.body, page.final_url, page.content_type
                )
            return await self._inline(page, self._timeout)
        for retry in (False, True):
            pool, future = self._pool, None
            try:
                with _spawning():
                    future = pool.submit(
                        _extract_for_archive, None, page.body, page.final_url, page.content_type
                    )
                return await self._watch(future)
            except BrokenProcessPool as error:
                if future in self._overdue:
                    log.error("extracting %s took too long; restarting the worker", page.url)
                    raise ExtractionError(
                        f"extraction took longer than {self._timeout:g} s"
                    ) from error
                if pool in self._killed and not retry:
                    continue  # queued beside an overdue page: a fresh worker takes it
                log.error("the extractor process died on %s; restarting it", page.url)
                self.restart(pool)
                raise ExtractionError("the extractor process crashed on this page") from error
        raise ExtractionError("the extractor process was restarted twice beside this page")

    async def article_or_reason(self, page: Page) -> tuple[Article, Digests] | str | Notice:
        """`extract_for_archive`, or why the page gives nothing to archive: the
        extraction failed (a timeout, a crash, a bug: the error is named), its article
        has no text (`NO_TEXT`), or the page is a wall or notice in the article's place
        (`Notice`). Either way the caller records the page and goes on."""
        try:
            article, hashes = await self.extract_for_archive(page)
        except Exception as error:
            log.exception("extracting %s failed", page.url)
            return f"{EXTRACTION_FAILED}: {type(error).__name__}: {error}"
        return judged(article, page) or (article, hashes)

    async def _inline(self, page: Page, timeout: float) -> tuple[Article, Digests]:
        """Extract in a thread of this process, one page at a time, waiting at most
        `timeout`. A thread cannot be ended: one still on an overdue page is left to
        finish (a daemon, so it never holds up the exit) and the next page gets a new
        one, and every page after it goes to a worker process, which can be ended. The
        page fails with a reason and the run goes on, as with workers."""
        loop = asyncio.get_running_loop()
        if self._inline_turn is None or self._inline_turn[0] is not loop:
            self._inline_turn = loop, asyncio.Semaphore(1)  # (a semaphore serves one loop)
        async with self._inline_turn[1]:
            result: asyncio.Future[tuple[Article, Digests]] = loop.create_future()
            work = (self._extractor, page.body, page.final_url, page.content_type)
            threading.Thread(
                target=_extract_into, args=(loop, result, work), name="extract", daemon=True
            ).start()
            try:
                return await asyncio.wait_for(result, timeout)
            except TimeoutError:
                log.error(
                    "extracting %s took too long; left to a thread of its own, and the"
                    " pages after it go to a worker process",
                    page.url,
                )
                if self._pool is None:
                    self._processes = 1
                    self._pool = self._start()
                raise ExtractionError(f"extraction took longer than {timeout:g} s") from None

    async def _watch(self, future: Future[tuple[Article, Digests]]) -> tuple[Article, Digests]:
        """The future's result, watched by the watchdog while a worker runs it."""
        if self._timeout is None:
            return await asyncio.wrap_future(future)
        if self._watchdog is None or self._watchdog.done():  # (a new event loop's first page)
            self._watchdog = asyncio.create_task(self._watch_all(self._timeout))
        self._watched[future] = None
        try:
            return await asyncio.wrap_future(future)
        finally:
            self._watched.pop(future, None)

    async def _watch_all(self, timeout: float) -> None:
        """Kill the workers when a page has run longer than `timeout`. (A future counts
        as running once the pool hands it to a worker's queue, and the clock starts then
        if a worker is up: a fresh worker's start-up, seconds on a busy machine, is not
        the page's. With more workers, a later one's start-up may count.)"""
        while True:
            await asyncio.sleep(min(_WATCH_INTERVAL, timeout / 4))
            now = time.monotonic()
            up = self._up is not None and self._up.done()
            for future, since in list(self._watched.items()):
                if since is None and up and future.running():
                    self._watched[future] = since = now
                if since is not None and now - since > timeout and not future.done():
                    self._overdue.add(future)
                    self.kill()
                    break

    @property
    def timeout(self) -> float | None:
        return self._timeout

    def kill(self) -> None:
        """End the current workers (busy with an overdue page) and start fresh ones: the
        futures they held fail with `BrokenProcessPool`."""
        pool = self._pool
        if pool is None:
            return
        self._killed.add(pool)
        # (No public way: shutdown() waits for the running call, which may never end.)
        for process in list(pool._processes.values()):
            process.kill()
        self.restart(pool)

    def restart(self, broken: ProcessPoolExecutor | None) -> None:
        """Replace the worker pool `broken`, unless that was done already (every page in
        flight when a worker dies sees its pool broken, but one new pool is enough)."""
        if broken is not None and broken is self._pool:
            broken.shutdown(wait=False, cancel_futures=True)
            self._pool = self._start()

    def revision_for(self, url: str) -> str:
        """The extractor's revision for `url`'s page, as recorded beside what it extracts
        from it (`revision_of`)."""
        return revision_of(self._extractor, url)

    async def refresh_stale(self, archive: Archive, url: str) -> None:
        """Before a fresh fetch of `url` is compared with its archived article: extract
        the stored page again if another extractor (an earlier release) made what is
        stored of it. Otherwise every change to the extractor would show as a new
        version of every story a run revisits. A page this extractor makes nothing of
        keeps what was extracted from it."""
        current = self.revision_for(url)
        page_id = archive.stale_extraction(url, current)
        if page_id is None:
            return
        try:
            stored = archive.raw_page(page_id)
        except Exception as error:  # a damaged page (`scraper verify` lists them) or blob
            log.warning("the archived page of %s cannot be read: %s", url, error)
            return
        extracted = await self.article_or_reason(stored)
        if isinstance(extracted, str | Notice):
            log.warning("the archived page of %s: %s", url, extracted)
            return
        whole = await reassemble(self, extracted[0], archive.page_parts(page_id))
        article = replace(whole, url=stored.url)
        archive.replace_extraction(page_id, article, extractor=current)

    @property
    def pool(self) -> ProcessPoolExecutor | None:
        """The worker pool in use (None when extracting inline)."""
        return self._pool

    def close(self) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if self._timeout is None:
            pool.shutdown(wait=True, cancel_futures=True)
            return
        # A worker still on an overdue page would hold up shutdown for ever: wait for
        # the workers at most `timeout`, then end them.
        processes = list(pool._processes.values())
        pool.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + self._timeout
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()

    def __enter__(self) -> ExtractorPool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _extract_into(
    loop: asyncio.AbstractEventLoop,
    result: asyncio.Future[tuple[Article, Digests]],
    work: tuple[Extractor, bytes, str, str | None],
) -> None:
    """Run `_extract_for_archive` on `work` and hand its outcome to `result`, in `loop`
    (if it still waits: the page may have timed out, the loop ended)."""
    try:
        outcome: tuple[Article, Digests] | BaseException = _extract_for_archive(*work)
    except BaseException as error:  # carried to the loop, as a worker's would be
        outcome = error

    def settle() -> None:
        if result.done():
            return
        if isinstance(outcome, BaseException):
            result.set_exception(outcome)
        else:
            result.set_result(outcome)

    with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits
        loop.call_soon_threadsafe(settle)


# In a worker process: the extractor its pool was started with (`_install`). A task
# names no extractor (None) to mean this one.
_installed: Extractor = extract


@contextlib.contextmanager
def _spawning() -> Iterator[None]:
    """Workers a pool spawns meanwhile start with Ctrl-C and SIGHUP blocked, inherited,
    so before any of their code runs: a terminal sends them to the whole process group,
    and the parent ends its workers itself, where each would print a traceback of its
    own (or die before the parent is done with them). Blocked, not ignored, here: one
    that comes meanwhile waits, rather than being lost. SIGTERM stays: the pool ends a
    broken pool's workers with it."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _GROUP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


_GROUP_SIGNALS = (signal.SIGINT, signal.SIGHUP)  # what a terminal sends its process group


def _install(extractor: Extractor, parent: int) -> None:
    global _installed
    _installed = extractor
    for signum in _GROUP_SIGNALS:  # ignored, then let through: one waiting is dropped
        signal.signal(signum, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _GROUP_SIGNALS)
    threading.Thread(target=_end_with, args=(parent,), daemon=True).start()


def _end_with(parent: int) -> None:
    """End this worker when the run that started it is gone: killed (SIGKILL, the OOM
    killer), it had no time to end its workers, which would live on, holding its
    output pipes open for whoever reads them."""
    while os.getppid() == parent:
        time.sleep(_WATCH_INTERVAL)
    os._exit(1)


def _up() -> None:
    """Nothing: a worker that returns it has started."""


def _extract(
    extractor: Extractor | None, body: bytes, url: str, content_type: str | None
) -> Article:
    return (_installed if extractor is None else extractor)(body, url, content_type=content_type)


def _extract_for_archive(
    extractor: Extractor | None, body: bytes, url: str, content_type: str | None
) -> tuple[Article, Digests]:
    extractor = _installed if extractor is None else extractor
    article = extractor(body, url, content_type=content_type)
    return article, digests(body, article, revision_of(extractor, url))
