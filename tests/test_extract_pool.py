"""The extraction workers' watchdog: a page that keeps a worker busy too long fails with
a reason, the pages beside it are extracted by a fresh worker, and closing the pool never
waits on a stuck worker. Real worker processes; the extractor they run is injected."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from scraper import extract, open_archive
from scraper.archive.records import digests
from scraper.errors import ExtractionError
from scraper.extract_pool import Extractor, ExtractorPool, revision_of
from scraper.models import Article, Page

# A page that hangs outlasts the generous bounds below (a broken watchdog fails the test,
# pytest's own timeout at worst, and never hangs it), which outlast the timeouts (about the
# only waits here). A page that does not hang takes milliseconds of its timeout, counted
# from when a worker is up: no test depends on how fast the machine starts one.
HANG = 600
BOUND = 120
TIMEOUT = 5

STORY = b"<article><h1>Harbour</h1><p>" + b"The ferries run again from Monday. " * 9 + b"</p>"


def hanging_extract(html: bytes, url: str, *, content_type: str | None) -> Article:
    """`extract`, except that a page asking for it never ends. (Module level: a spawned
    worker imports it.)"""
    if b"hang" in html:
        time.sleep(HANG)
    if html == b"broken":
        raise ValueError("broken page")
    return extract(html, url, content_type=content_type)


def slow_to_start() -> Extractor:
    """`hanging_extract`, in a worker that takes longer to start than the timeout (as
    one may on a busy machine): unpickled there as it starts."""
    time.sleep(2 * TIMEOUT)
    return hanging_extract


class SlowToStart:
    def __reduce__(self) -> tuple[Any, ...]:
        return slow_to_start, ()

    def __call__(self, html: bytes, url: str, *, content_type: str | None) -> Article:
        return hanging_extract(html, url, content_type=content_type)


def page(url: str, body: bytes) -> Page:
    headers = (("Content-Type", "text/html; charset=utf-8"),)
    return Page(url, url, 200, headers, body, "2026-11-28T12:00:00Z")


async def hang_then_ok(pool: ExtractorPool) -> list[object]:
    """A page that hangs and one that does not, submitted together."""
    pages = [page("https://a.example/hang", b"hang"), page("https://a.example/ok", STORY)]
    tasks = [pool.extract_for_archive(p) for p in pages]
    return await asyncio.gather(*tasks, return_exceptions=True)


def test_an_overdue_page_fails_and_the_pages_beside_it_are_extracted() -> None:
    start = time.monotonic()
    with ExtractorPool(1, timeout=TIMEOUT, extractor=hanging_extract) as pool:
        stuck, done = asyncio.run(hang_then_ok(pool))
    assert time.monotonic() - start < BOUND  # (not the page's HANG)
    assert isinstance(stuck, ExtractionError) and f"longer than {TIMEOUT} s" in str(stuck)
    assert isinstance(done, tuple) and done[0].title == "Harbour"


def test_a_workers_start_up_is_not_counted_against_its_first_page() -> None:
    with ExtractorPool(1, timeout=TIMEOUT, extractor=SlowToStart()) as pool:
        article, _ = asyncio.run(pool.extract_for_archive(page("https://a.example/1", STORY)))
    assert article.title == "Harbour"


def test_closing_the_pool_ends_a_worker_stuck_on_a_page() -> None:
    async def run(pool: ExtractorPool) -> None:
        work = asyncio.ensure_future(pool.extract_for_archive(page("https://a.example/h", b"hang")))
        await asyncio.sleep(1)
        work.cancel()  # as at --max-time: the run stops waiting, the worker does not

    pool = ExtractorPool(1, timeout=2, extractor=hanging_extract)
    asyncio.run(run(pool))
    start = time.monotonic()
    pool.close()
    assert time.monotonic() - start < BOUND


@pytest.mark.parametrize("processes", [0, 1])
def test_without_a_hanging_page_the_work_is_done_as_before(processes: int) -> None:
    with ExtractorPool(processes, timeout=30, extractor=hanging_extract) as pool:
        article, hashes = asyncio.run(pool.extract_for_archive(page("https://a.example/1", STORY)))
    assert article == extract(STORY, "https://a.example/1", content_type="text/html; charset=utf-8")
    assert hashes == digests(STORY, article, revision_of(hanging_extract, "https://a.example/1"))
    assert hashes.extractor == f"{__name__}.hanging_extract"


def test_the_watchdog_watches_in_each_event_loop_the_pool_serves() -> None:
    with ExtractorPool(1, timeout=TIMEOUT, extractor=hanging_extract) as pool:
        ok = asyncio.run(pool.extract_for_archive(page("https://a.example/1", STORY)))
        assert ok[0].title == "Harbour"
        with pytest.raises(ExtractionError, match=f"longer than {TIMEOUT} s"):
            asyncio.run(pool.extract_for_archive(page("https://a.example/h", b"hang")))


def test_inline_an_overdue_page_fails_and_the_next_pages_are_extracted() -> None:
    """Without workers (a small run, one core) the page runs in a thread the run stops
    waiting for; one page at a time, as before, and in any event loop."""

    start = time.monotonic()
    with ExtractorPool(0, timeout=TIMEOUT, extractor=hanging_extract) as pool:
        stuck, done = asyncio.run(hang_then_ok(pool))
        assert isinstance(stuck, ExtractionError) and f"longer than {TIMEOUT} s" in str(stuck)
        assert isinstance(done, tuple) and done[0].title == "Harbour"
        again = asyncio.run(pool.extract_for_archive(page("https://a.example/2", STORY)))
        assert again[0].title == "Harbour"
        with pytest.raises(ValueError, match="broken"):  # the extractor's own error
            asyncio.run(pool.extract_for_archive(page("https://a.example/b", b"broken")))
    assert time.monotonic() - start < BOUND


def test_the_extractors_revision_is_a_digest_of_its_sources(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = sys.modules["scraper.extract"]
    first = module.revision()
    assert len(first) == 16 and int(first, 16) >= 0
    assert revision_of(extract, "https://a.example/") == first
    module._code_revision.cache_clear()
    try:
        assert module.revision() == first  # the same sources, the same revision

        def unreadable(self: Path) -> Any:
            raise PermissionError(13, "no sources here")

        monkeypatch.setattr(Path, "iterdir", unreadable)  # a frozen application
        module._code_revision.cache_clear()
        frozen = module.revision()
        assert len(frozen) == 16 and frozen != first
    finally:
        monkeypatch.undo()
        module._code_revision.cache_clear()


def test_after_a_page_outlasts_its_thread_the_pages_go_to_a_worker() -> None:
    # Inline, an overdue page's thread cannot be ended: it spins on. The pages after it
    # go to a worker process, so that a second such page is ended, not left spinning.
    async def run(pool: ExtractorPool) -> list[object]:
        first = await asyncio.gather(
            pool.extract_for_archive(page("https://a.example/hang-1", b"hang")),
            return_exceptions=True,
        )
        assert pool.pool is not None  # a worker from now on
        rest = [page("https://a.example/hang-2", b"hang"), page("https://a.example/ok", STORY)]
        later = [pool.extract_for_archive(p) for p in rest]
        return [*first, *await asyncio.gather(*later, return_exceptions=True)]

    start = time.monotonic()
    with ExtractorPool(0, timeout=TIMEOUT, extractor=hanging_extract) as pool:
        assert pool.pool is None
        first, second, done = asyncio.run(run(pool))
    assert time.monotonic() - start < BOUND
    assert isinstance(first, ExtractionError) and isinstance(second, ExtractionError)
    assert isinstance(done, tuple) and done[0].title == "Harbour"


def test_a_stored_page_that_cannot_be_read_leaves_its_extraction_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Before a revisit is compared, a stale extraction is made again from the stored page.
    # A damaged page must not stop the run: the stored extraction stays, with a warning.
    url = "https://a.example/1"
    stored = page(url, STORY)
    with open_archive(tmp_path / "a.db") as archive:
        run = archive.start_run(stored.fetched_at)
        old = extract(STORY, url)
        archive.save_page(
            run, stored, old, next_visit_at=None, digests=digests(STORY, old, "an-old-one")
        )

        def damaged(page_id: int) -> Page:
            raise ValueError("Could not decompress: corrupted frame")

        monkeypatch.setattr(archive, "raw_page", damaged)
        with ExtractorPool(0) as pool:
            asyncio.run(pool.refresh_stale(archive, url))
        assert archive.stale_extraction(url, pool.revision_for(url)) is not None  # left as it was
    assert "cannot be read: Could not decompress" in caplog.text


class CountedExtractor:
    """`extract`, counting how often it is pickled (in this process: the parent's)."""

    pickled = 0

    def __call__(self, html: bytes, url: str, *, content_type: str | None) -> Article:
        return extract(html, url, content_type=content_type)

    def __reduce__(self) -> tuple[type[CountedExtractor], tuple[()]]:
        CountedExtractor.pickled += 1
        return CountedExtractor, ()


def test_the_extractor_crosses_to_a_worker_once_not_with_every_page() -> None:
    # Site rules pickle to ~100 bytes a rule: sent with every page, a thousand rules
    # would cost a page more than its extraction.
    CountedExtractor.pickled = 0
    with ExtractorPool(1, timeout=30, extractor=CountedExtractor()) as pool:
        for n in range(8):
            article, _ = asyncio.run(
                pool.extract_for_archive(page(f"https://a.example/{n}", STORY))
            )
            assert article.title == "Harbour"
        assert pool.submit(page("https://a.example/9", STORY)).result(timeout=30).title == "Harbour"
    assert CountedExtractor.pickled == 1


def _ended(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status  # a zombie nobody reaps in a container is ended too


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_a_worker_ends_when_the_run_that_started_it_is_killed() -> None:
    # SIGKILL gives the run no time to end its workers: each ends itself.
    script = (
        "import os, time\n"
        "from scraper.extract_pool import ExtractorPool\n"
        "pool = ExtractorPool(1)\n"
        "assert pool.pool is not None\n"
        "print(pool.pool.submit(os.getpid).result(), flush=True)\n"
        "time.sleep(60)\n"
    )
    run = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert run.stdout is not None
        worker = int(run.stdout.readline())
        assert not _ended(worker)
        run.kill()
        run.wait()
        deadline = time.monotonic() + BOUND  # (it looks each second)
        while not _ended(worker):
            assert time.monotonic() < deadline, "the worker outlived the run"
            time.sleep(0.1)
    finally:
        run.kill()
