"""Re-extraction: the current extractor over every raw page the archive kept.

When the extractor improves, an archive's texts and metadata are brought up to date from
its raw pages, without fetching anything. Reading and writing pages is cheap (~3% of the
time), so pages are extracted in one worker process per core, a bounded window of pages
ahead: memory stays flat however many pages the archive holds.
A page the new extractor fails on keeps what was extracted from it before. A story split
over pages is extracted from all of them and joined, as `multipage` joined them when
they were fetched. A page this extractor has read already is passed over, so a pass
stopped half-way goes on where it stopped. Versions that now read as the one before
them are folded into it at the end: the extractor made them, not the site.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace

from .archive import Archive
from .errors import ExtractionError
from .extract_pool import EXTRACT_TIMEOUT, Extractor, ExtractorPool, archive_extractor
from .models import Article, Page
from .multipage import continues, join

__all__ = ["ReextractReport", "reextract"]

log = logging.getLogger(__name__)

WINDOW = 64  # pages in flight to the worker: enough to keep it busy, few to hold
Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass(frozen=True)
class ReextractReport:
    pages: int = 0  # pages read
    changed: int = 0  # pages whose extraction changed
    failed: int = 0  # pages the current extractor failed on (their old extraction stays)
    current: int = 0  # pages this extractor had read already (a pass stopped half-way)
    folded: int = 0  # versions that read as the one before them now, folded into it


@dataclass(frozen=True)
class _Pending:
    page_id: int
    page: Page
    future: Future[Article]
    parts: tuple[tuple[Page, Future[Article]], ...] = ()  # the story's later pages


def reextract(
    archive: Archive,
    *,
    processes: int | None = None,
    progress: Progress | None = None,
    timeout: float | None = EXTRACT_TIMEOUT,
    extractor: Extractor | None = None,
    everything: bool = False,
) -> ReextractReport:
    """Re-extract every stored page that another extractor read (`everything`: this one
    too); `processes` workers (default: one per core on a machine with several; 0
    extracts inline). A page a worker spends more than `timeout` seconds on fails (its
    old extraction stays), and the worker is replaced. `extractor` is what the workers
    run: by default `scraper.extract` with the archive's site rules, or one of your own.
    `progress` counts the pages passed over too."""
    total = archive.page_count()
    report = ReextractReport()
    if processes is None:
        processes = cores if (cores := os.cpu_count() or 1) > 1 else 0
    if extractor is None:
        extractor = archive_extractor(archive)
    with ExtractorPool(processes, timeout=timeout, extractor=extractor) as pool:
        pending: deque[_Pending] = deque()
        for page_id, page in archive.iter_pages(parts=False):
            if not everything and archive.read_by(page_id, pool.revision_for(page.final_url)):
                report = replace(report, current=report.current + 1)
                _tell(progress, report, total)
                continue
            pending.append(_submit(pool, page_id, page, archive.page_parts(page_id)))
            if len(pending) >= WINDOW:
                report = _apply(archive, pool, pending, report)
                _tell(progress, report, total)
        while pending:
            report = _apply(archive, pool, pending, report)
            _tell(progress, report, total)
    return replace(report, folded=archive.fold_repeats())


def _apply(
    archive: Archive, pool: ExtractorPool, pending: deque[_Pending], report: ReextractReport
) -> ReextractReport:
    """Store the oldest pending page's new extraction."""
    item = pending.popleft()
    report = replace(report, pages=report.pages + 1)
    try:
        # (The oldest page in the window is the one a worker is on, or has done.)
        article = item.future.result(timeout=pool.timeout)
    except TimeoutError:
        log.error("re-extracting %s took too long; restarting the worker", item.page.url)
        pool.kill()
        _resubmit(pool, pending, restart=False)
        return replace(report, failed=report.failed + 1)
    except BrokenProcessPool:
        log.error("the extractor process died on %s; restarting it", item.page.url)
        _resubmit(pool, pending)
        return replace(report, failed=report.failed + 1)
    except Exception as error:  # a bug in a new extractor must not stop the whole pass
        log.warning("re-extracting %s failed: %s", item.page.url, _describe(error))
        return replace(report, failed=report.failed + 1)
    article = replace(_joined(article, item.parts, pool), url=item.page.url)
    revision = pool.revision_for(item.page.final_url)
    changed = archive.replace_extraction(item.page_id, article, extractor=revision)
    return replace(report, changed=report.changed + changed)


def _resubmit(pool: ExtractorPool, pending: deque[_Pending], *, restart: bool = True) -> None:
    """A worker died: the pages queued behind the one it died on go to a fresh worker."""
    if restart:
        pool.restart(pool.pool)
    for _ in range(len(pending)):
        item = pending.popleft()
        pending.append(_submit(pool, item.page_id, item.page, [p for p, _ in item.parts]))


def _submit(pool: ExtractorPool, page_id: int, page: Page, parts: list[Page]) -> _Pending:
    parted = tuple((part, pool.submit(part)) for part in parts)
    return _Pending(page_id, page, pool.submit(page), parted)


def _joined(
    first: Article, parts: tuple[tuple[Page, Future[Article]], ...], pool: ExtractorPool
) -> Article:
    """`first` joined with its later pages' articles, up to one that gives no text (as
    `multipage.follow` stopped there)."""
    articles = [first]
    for page, future in parts:
        try:
            article = future.result(timeout=pool.timeout)
        except Exception as error:  # (the story is cut there, as when it was fetched)
            log.warning("re-extracting %s failed: %s", page.url, _describe(error))
            break
        if not continues(articles, article, page):
            break
        articles.append(article)
    return join(articles)


def _describe(error: Exception) -> str:
    if isinstance(error, ExtractionError):
        return str(error)
    return f"{type(error).__name__}: {error}"


def _tell(progress: Progress | None, report: ReextractReport, total: int) -> None:
    if progress is not None:
        progress("reextract", report.pages + report.current, total)
