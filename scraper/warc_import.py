"""Import pages from WARC files: Common Crawl's news crawl (CC-NEWS), another crawler's
WARCs, or this archive's own `scraper export --format warc`.

Every HTML response (2xx) is extracted and archived as if fetched when it was captured
(its `WARC-Date`): a new article, a new version of one, or nothing new. So importing a
file twice, or again after a killed import, adds nothing. A capture no newer than the
archive's last fetch of its URL is passed over, so an article's versions stay in the
order they were seen. An imported URL is not revisited by `scraper run` (a crawl of
2019 is not a list of pages to watch), unless a source had already queued it.

A crawler that deduplicates writes a `revisit` record, with no body, for a capture
whose page was the same as an earlier one's (`WARC-Refers-To-Target-URI` and `-Date`
name it; the same URL, latest capture, when they are not given). Where the archive
holds that page, the revisit is archived as a capture of it: the story was still
there, unchanged, at that time (or, under another URL, the same story).

Only this module reads WARC; the pages go through the same extraction workers and the
same archive calls as fetched ones.
"""

from __future__ import annotations

import asyncio
import zlib
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader

from .archive import Archive, Tracked
from .clock import parse_iso, to_iso, utc_now
from .errors import UsageError
from .extract_pool import EXTRACT_TIMEOUT, ExtractorPool, archive_extractor, default_processes
from .fetch import FetchConfig
from .fetch_body import body_refusal, decode_content, type_refusal
from .models import TRANSFER_HEADERS, Page, RunReport
from .notices import Notice
from .schedule import DEFAULT_SCHEDULE, next_visit
from .urls import normalize_url, on_hosts, site_hosts

__all__ = ["ImportReport", "Revisit", "import_warcs", "read_captures", "read_responses"]


MAX_FAILURES_REPORTED = 50
_IN_FLIGHT = 8  # pages handed to the extraction workers at a time
_HEAD = 4096  # bytes read to tell a WARC file (gzipped or not) from something else
_FIRST_WEB = datetime(1991, 1, 1, tzinfo=UTC)  # no capture of a web page is older
Progress = Callable[[str, int, int], None]  # (phase, done, total): bytes of the files
_COUNTS = (
    "responses", "revisits", "archived", "new_versions", "unchanged", "older", "failed", "skipped"
)  # fmt: skip


@dataclass(frozen=True)
class ImportReport:
    """What one import did, as `scraper import-warc --json` prints it."""

    run_id: int
    responses: int = 0  # HTTP response records read
    revisits: int = 0  # revisit records read: archived as captures of a page it holds
    archived: int = 0  # new articles
    new_versions: int = 0  # articles that changed since the archive last saw them
    unchanged: int = 0  # the archive has this text already
    older: int = 0  # captures no newer than the archive's last fetch of their URL
    failed: int = 0  # no article text, or extraction failed
    skipped: int = 0  # not 2xx, not HTML, or too large
    failures: tuple[tuple[str, str], ...] = ()  # (url, reason), capped
    bad_files: tuple[tuple[str, str], ...] = ()  # (path, reason): read in part or not at all

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["failures"] = [{"url": u, "reason": r} for u, r in self.failures]
        data["bad_files"] = [{"path": p, "reason": r} for p, r in self.bad_files]
        return data


@dataclass(frozen=True)
class Revisit:
    """A revisit record: `url` captured at `captured`, its page the same as the capture of
    `refers_to` at `refers_at` (None: not said, so the latest)."""

    url: str
    captured: str
    refers_to: str
    refers_at: str | None = None


def read_captures(stream: IO[bytes], *, max_bytes: int) -> Iterator[Page | Revisit]:
    """The HTTP responses (as pages fetched at their capture time) and revisits of a WARC
    file (gzipped or not), in order. A body longer than `max_bytes` is cut at `max_bytes
    + 1` bytes, so the caller can tell. Raises `UsageError` when the file is not a WARC,
    or once it ends in the middle of a record (the records before it have been given)."""
    _check_warc(stream)
    for record in ArchiveIterator(stream):
        if record.rec_type == "revisit":
            yield _revisit(record)
            continue
        if record.rec_type != "response" or record.http_headers is None:
            continue
        page = _page(record, max_bytes)
        # (warcio ends a record cut short quietly: what it could not read is left over)
        if len(page.body) <= max_bytes and record.raw_stream.limit > 0:
            raise UsageError(f"the file ends in the middle of the record of {page.url}")
        yield page


def read_responses(stream: IO[bytes], *, max_bytes: int) -> Iterator[Page]:
    """The HTTP responses of a WARC file, as `read_captures` gives them: the pages to
    extract, for a cluster mapping `extract` over WARC files."""
    return (page for page in read_captures(stream, max_bytes=max_bytes) if isinstance(page, Page))


def _check_warc(stream: IO[bytes]) -> None:
    """Whether the file starts as a WARC does, after gunzip (warcio reads any text as an
    old ARC file, without a word)."""
    head = stream.read(_HEAD)
    stream.seek(0)
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 16)
        except zlib.error as error:
            raise UsageError(f"not a WARC file: broken gzip ({error})") from error
    if not head.startswith(b"WARC/"):
        raise UsageError("not a WARC file: it does not start with a WARC record")


def _page(record: Any, max_bytes: int) -> Page:
    http = record.http_headers
    url = _address(record.rec_headers.get_header("WARC-Target-URI") or "")
    captured = _time(record, "WARC-Date") or ""  # (none: `take` says so)
    try:
        status = int(http.get_statuscode())
    except (TypeError, ValueError):
        status = 0
    headers = tuple(
        (name, value) for name, value in http.headers if name.lower() not in TRANSFER_HEADERS
    )
    if (http.get_header("Transfer-Encoding") or "").strip().lower() == "chunked":
        http.replace_header("Transfer-Encoding", "chunked")  # (warcio wants it lower-case)
    body = record.content_stream().read(max_bytes + 1)
    coding = (http.get_header("Content-Encoding") or "identity").strip().lower()
    if coding not in BufferedReader.get_supported_decompressors() and coding != "identity":
        try:  # (zstd, which warcio leaves as it is)
            body = decode_content(body, coding, max_bytes)
        except ValueError:  # kept, so `take` can say why the page is not archived
            headers += (("Content-Encoding", coding),)
    return Page(url, url, status, headers, body, captured, http.protocol or "HTTP/1.1")


def _revisit(record: Any) -> Revisit:
    url = _address(record.rec_headers.get_header("WARC-Target-URI") or "")
    refers_to = record.rec_headers.get_header("WARC-Refers-To-Target-URI")
    return Revisit(
        url,
        _time(record, "WARC-Date") or "",
        _address(refers_to) if refers_to else url,
        _time(record, "WARC-Refers-To-Date"),
    )


def _address(url: str) -> str:
    """The URL as a run would have fetched it: normalised, without its fragment."""
    return normalize_url(url) or url


def _time(record: Any, header: str) -> str | None:
    """The record's time, if it has one that a capture of the web can have."""
    try:
        moment = parse_iso(record.rec_headers.get_header(header) or "")
    except UsageError:
        return None
    if not _FIRST_WEB <= moment <= datetime.now(UTC) + timedelta(days=1):
        return None  # "0001-01-01", "2099-…": a crawler's placeholder, not a time
    return to_iso(moment)


async def import_warcs(
    archive: Archive,
    paths: Iterable[Path],
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
    `UsageError`, before anything is read."""
    hosts = site_hosts(sites)
    importer = _Import(archive, archive.start_run(utc_now()), hosts)
    captures = importer.read(list(paths), progress)
    workers = default_processes() if processes is None else processes
    try:
        with ExtractorPool(workers, timeout=timeout, extractor=archive_extractor(archive)) as pool:

            async def work() -> None:
                for capture in captures:  # shared iterator: each is taken by one task
                    await importer.take(capture, pool)

            async with asyncio.TaskGroup() as tasks:
                for _ in range(_IN_FLIGHT):
                    tasks.create_task(work())
    finally:  # (the run is closed with what was done, even when the archive failed)
        report = importer.finish()
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

    def read(self, files: list[Path], progress: Progress | None) -> Iterator[Page | Revisit]:
        """The captures of every file in turn; a file that fails is noted in
        `bad_files`, and the next is read."""
        total = sum(path.stat().st_size for path in files if path.is_file())
        done = 0
        for path in files:
            try:
                with path.open("rb") as stream:
                    for capture in read_captures(stream, max_bytes=self.max_bytes):
                        yield capture
                        if progress:
                            progress("import", done + stream.tell(), total)
                    done += stream.tell()
            # (The caller reports `bad_files`; a log line as well would say it twice.)
            except UsageError as error:
                self.bad_files.append((str(path), str(error)))
            except (OSError, EOFError, zlib.error) as error:
                # (warcio reads a file cut short as gzip or EOF errors)
                self.bad_files.append((str(path), f"{type(error).__name__}: {error}"))
            except Exception as error:  # warcio's own, on a malformed record: any type
                reason = f"malformed record ({type(error).__name__}: {error})"
                self.bad_files.append((str(path), reason))

    async def take(self, capture: Page | Revisit, pool: ExtractorPool) -> None:
        if isinstance(capture, Revisit):
            self.counts["revisits"] += 1
            if _key(capture.refers_to) != _key(capture.url):
                async with self._turn(capture.refers_to):
                    pass  # the capture it refers to (read earlier) is archived first
        else:
            self.counts["responses"] += 1
            if coding := _undecoded(capture):
                self.counts["failed"] += 1
                self._note(capture.url, f"Content-Encoding {coding}: cannot decode it")
                return
            if _passed_over(capture, self.max_bytes):
                self.counts["skipped"] += 1
                return
        if not (capture.fetched_at if isinstance(capture, Page) else capture.captured):
            # Without its time a capture cannot be placed among the story's versions.
            self.counts["failed"] += 1
            self._note(capture.url, "no WARC-Date that a capture can have")
            return
        if self.sites and not on_hosts(capture.url, self.sites):
            self.counts["skipped"] += 1
            return
        # Captures of one URL are archived one at a time, in the files' order: a later
        # one waits for the earlier (its version comes after it, or it is older).
        async with self._turn(capture.url):
            page = self._revisited(capture) if isinstance(capture, Revisit) else capture
            if page is None:
                self.counts["skipped"] += 1
                return
            await self._archive(page, pool)

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
        key = _key(url)
        self.busy[key] += 1
        try:
            async with self.locks.setdefault(key, asyncio.Lock()):
                yield
        finally:
            self.busy[key] -= 1
            if not self.busy[key]:
                del self.busy[key], self.locks[key]

    async def _archive(self, page: Page, pool: ExtractorPool) -> None:
        # (Under the URL's lock: no other capture of it is archived until this returns.)
        tracked = self.archive.tracked(page.url)
        if _seen_since(tracked, page.fetched_at):
            self.counts["older"] += 1
            return
        extracted = await pool.article_or_reason(page)
        if isinstance(extracted, Notice):  # a wall or a notice: no article here
            extracted = extracted.reason
        if isinstance(extracted, str):
            self._fail(page, extracted, tracked)
            return
        article, digests = extracted
        if tracked is None or tracked.state not in ("new", "retry"):
            revisit = tracked.next_visit_at if tracked else None  # a run's schedule stays
        else:  # queued by a source: watched from now on, as if a run had fetched it
            revisit = next_visit(utc_now(), 0, DEFAULT_SCHEDULE)
        article = replace(article, url=page.url)  # (the digests do not depend on the URL)
        await pool.refresh_stale(self.archive, page.url)
        saved = self.archive.save_page(
            self.run_id, page, article, next_visit_at=revisit, digests=digests
        )
        self.counts[
            "archived" if saved.created else "new_versions" if saved.new_version else "unchanged"
        ] += 1

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

    def finish(self) -> ImportReport:
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
                fetched=c["responses"] + c["revisits"] - c["skipped"] - c["older"],
                archived=c["archived"],
                new_versions=c["new_versions"],
                not_modified=c["unchanged"],
                failed=c["failed"],
                skipped=c["skipped"],
                failures=tuple(self.failures),
            ),
        )
        return report


def _seen_since(tracked: Tracked | None, captured: str) -> bool:
    """Whether the archive fetched the URL at or after `captured`."""
    last = tracked.last_fetched_at if tracked else None
    return last is not None and parse_iso(last) >= parse_iso(captured)


def _undecoded(page: Page) -> str | None:
    """The Content-Encoding a response's body is still in (`_page` could not decode it)."""
    return next((v for k, v in page.headers if k.lower() == "content-encoding"), None)


def _passed_over(page: Page, max_bytes: int) -> bool:
    """Whether a response is no page to archive: not 2xx, too large, or not HTML."""
    if not 200 <= page.status < 300 or len(page.body) > max_bytes:
        return True
    content_type = page.content_type
    refusal = type_refusal("html", content_type) or body_refusal("html", content_type, page.body)
    return refusal is not None


def _key(url: str) -> str:
    return normalize_url(url) or url
