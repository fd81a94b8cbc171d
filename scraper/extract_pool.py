"""Extraction beside the event loop: in worker processes when a run has enough pages.

Fetching, compressing and writing keep the event loop's core busy, and extraction is
pure Python on the page's bytes, so on a machine with a second core a big run nearly
doubles its throughput by extracting there. Small runs extract inline and never pay a
worker's start-up (a fresh interpreter, ~0.3 s).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import TypeVar

from .archive.records import Digests, digests
from .errors import ExtractionError
from .extract import extract
from .models import Article, Page

__all__ = ["MIN_PAGES_FOR_WORKERS", "ExtractorPool", "default_processes"]

log = logging.getLogger(__name__)
T = TypeVar("T")

MIN_PAGES_FOR_WORKERS = 50


def default_processes() -> int:
    """One worker beside the event loop when there is a core for it."""
    return 1 if (os.cpu_count() or 1) > 1 else 0


class ExtractorPool:
    """`await pool.extract(page)`; with `processes=0` it extracts inline."""

    def __init__(self, processes: int) -> None:
        self._processes = processes
        self._pool = self._start() if processes > 0 else None

    def _start(self) -> ProcessPoolExecutor:
        # spawn, not fork: the parent holds threads, sockets and an SQLite connection.
        context = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(self._processes, mp_context=context)

    def submit(self, page: Page) -> Future[Article]:
        """Extract `page` in a worker (inline with no workers); the future holds the result."""
        if self._pool is None:
            done: Future[Article] = Future()
            try:
                done.set_result(_extract(page.body, page.final_url, page.content_type))
            except Exception as error:  # carried by the future, as a worker's would be
                done.set_exception(error)
            return done
        return self._pool.submit(_extract, page.body, page.final_url, page.content_type)

    async def extract(self, page: Page) -> Article:
        return await self._wait(page, self.submit(page))

    async def extract_for_archive(self, page: Page) -> tuple[Article, Digests]:
        """The article and the hashes that archiving it needs, both made in the worker.

        The event loop's process is a run's bottleneck (fetching, writing); hashing the
        page and the article beside the extraction takes that work off it."""
        if self._pool is None:
            done: Future[tuple[Article, Digests]] = Future()
            try:
                done.set_result(_extract_for_archive(page.body, page.final_url, page.content_type))
            except Exception as error:  # carried by the future, as a worker's would be
                done.set_exception(error)
            return await self._wait(page, done)
        future = self._pool.submit(
            _extract_for_archive, page.body, page.final_url, page.content_type
        )
        return await self._wait(page, future)

    async def _wait(self, page: Page, future: Future[T]) -> T:
        pool = self._pool
        try:
            return await asyncio.wrap_future(future)
        except BrokenProcessPool as error:
            # The page killed the worker (a crash in the parser): the page fails, the run
            # goes on with a fresh worker.
            log.error("the extractor process died on %s; restarting it", page.url)
            self.restart(pool)
            raise ExtractionError("the extractor process crashed on this page") from error

    def restart(self, broken: ProcessPoolExecutor | None) -> None:
        """Replace the worker pool `broken`, unless that was done already (every page in
        flight when a worker dies sees its pool broken, but one new pool is enough)."""
        if broken is not None and broken is self._pool:
            broken.shutdown(wait=False, cancel_futures=True)
            self._pool = self._start()

    @property
    def pool(self) -> ProcessPoolExecutor | None:
        """The worker pool in use (None when extracting inline)."""
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> ExtractorPool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _extract(body: bytes, url: str, content_type: str | None) -> Article:
    return extract(body, url, content_type=content_type)


def _extract_for_archive(
    body: bytes, url: str, content_type: str | None
) -> tuple[Article, Digests]:
    article = extract(body, url, content_type=content_type)
    return article, digests(body, article)
