"""Reading WARC files (gzipped per record, gzipped whole, or not at all) as captures: the
HTTP responses as pages fetched at their capture time, the revisit records, and the
records that are no whole capture (`Damaged`).

A record whose length is wrong, or that warcio cannot parse, is one damaged record, not
the end of the file: reading goes on at the next record (the next gzip member, or the
next line starting "WARC/1."), as every record of a CC-NEWS file is its own gzip member.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import IO, Any, cast

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader

from .body import body_refusal, decode_content, type_refusal
from .clock import parse_iso, to_iso
from .errors import UsageError
from .models import TRANSFER_HEADERS, Article, Page
from .urls import url_key

__all__ = [
    "BACK", "SEEN_AGAIN", "TAKEDOWN", "Capture", "Damaged", "Revisit", "SeenAgain", "Takedown",
    "not_archivable", "read_captures",
    "read_responses",
]  # fmt: skip

_HEAD = 4096  # bytes read to tell a WARC file (gzipped or not) from something else
_SCAN = 1 << 20  # bytes read at a time when looking for the next record
_FIRST_WEB = datetime(1991, 1, 1, tzinfo=UTC)  # no capture of a web page is older


@dataclass(frozen=True)
class Revisit:
    """A revisit record: `url` captured at `captured`, its page the same as the capture of
    `refers_to` at `refers_at` (None: not said, so the latest)."""

    url: str
    captured: str
    refers_to: str
    refers_at: str | None = None


@dataclass(frozen=True)
class Damaged:
    """A record at `offset` in the file that is no whole capture, and why: cut short, its
    length wrong, unparsable ("" for `url` when not even that could be read), or, with
    `truncated`, cut by the crawler itself (`WARC-Truncated`: the file is sound)."""

    url: str
    offset: int
    reason: str
    truncated: bool = False


@dataclass(frozen=True)
class Takedown:
    """A story found taken down from its site at `at` (with `back`: found back on it), as
    this archive's export records it (a metadata record of JSON whose `event` is
    `TAKEDOWN`, or `BACK`): the WARC holds no capture of a 404, a notice or a redirect,
    nor of a 304, but the archive knew."""

    url: str
    at: str
    back: bool = False


@dataclass(frozen=True)
class SeenAgain:
    """A story captured again at `at` with the text of its latest version, as this
    archive's export records it (a metadata record of JSON whose `event` is `SEEN_AGAIN`):
    the archive kept no page of that capture, only what it brought up to date, which
    `article` holds (a later modified time, a new description…; not the text)."""

    url: str
    at: str
    article: Article


Capture = Page | Revisit | Damaged | Takedown | SeenAgain
TAKEDOWN = "removed from the site"
BACK = "back on the site"
SEEN_AGAIN = "seen again"
_MAX_METADATA = 65_536  # bytes of a metadata record read to find an event


def read_captures(stream: IO[bytes], *, max_bytes: int) -> Iterator[Capture]:
    """The HTTP responses (as pages fetched at their capture time), revisits and damaged
    records of a WARC file, in order. A body longer than `max_bytes` is cut at `max_bytes
    + 1` bytes, so the caller can tell. Raises `UsageError` when the file is not a WARC."""
    gzipped = _check_warc(stream)
    source, given = stream, 0
    offset: int | None = 0
    while offset is not None:
        try:
            reading = _read_from(source, offset, max_bytes, gzipped)
            while True:
                capture = next(reading)
                given += 1
                yield capture
        except StopIteration as end:
            offset = end.value
        except _WholeGzip:
            # `gzip file.warc` makes one gzip member of the whole file: read as one stream,
            # past what was given already.
            if source is not stream or offset:
                raise UsageError("gzipped as a whole and in part: unreadable") from None
            stream.seek(0)
            source, gzipped = cast(IO[bytes], gzip.GzipFile(fileobj=stream, mode="rb")), False
            reading = _read_from(source, 0, max_bytes, gzipped)
            for _ in range(given):
                next(reading, None)
            offset = yield from reading


def read_responses(stream: IO[bytes], *, max_bytes: int) -> Iterator[Page]:
    """The HTTP responses of a WARC file, as `read_captures` gives them (damaged records
    left out): the pages to extract, for a cluster mapping `extract` over WARC files.
    Filter them with `not_archivable`, as the importer does."""
    return (page for page in read_captures(stream, max_bytes=max_bytes) if isinstance(page, Page))


def not_archivable(page: Page, *, max_bytes: int) -> str | None:
    """Why a response is no page to extract and archive (None: it is one): its status
    is not 2xx, its body is longer than `max_bytes` (cut), still in a Content-Encoding
    that could not be decoded, or not HTML (a PDF, an image, JSON)."""
    if not 200 <= page.status < 300:
        return f"HTTP {page.status}"
    if len(page.body) > max_bytes:
        return f"larger than {max_bytes} bytes"
    if coding := page.header("content-encoding"):
        return f"Content-Encoding {coding}: cannot decode it"
    content_type = page.content_type
    return type_refusal("html", content_type) or body_refusal("html", content_type, page.body)


class _WholeGzip(Exception):
    """The file is one gzip member, not one per record."""


class _Records(ArchiveIterator):  # type: ignore[misc]  # (warcio has no types)
    INC_RECORD = ""  # (a wrong length is told as `Damaged`, not written to stderr)

    def _raise_invalid_gzip_err(self) -> None:
        raise _WholeGzip


def _read_from(
    source: IO[bytes], offset: int, max_bytes: int, gzipped: bool
) -> Generator[Capture, None, int | None]:
    """The captures from `offset` on; returns where to go on after a damaged record
    (None: the end of the file)."""
    source.seek(offset)
    records = _Records(source)
    at = offset
    try:
        for record in records:
            at = records.offset
            capture = _capture(record, max_bytes, at)
            records.read_to_end()
            if problem := _length_problem(record, records):
                url = capture.url if capture is not None else ""
                yield Damaged(url, at, f"record at offset {at} {problem}")
                return _next_start(source, at + 1, gzipped)
            if capture is not None:
                yield capture
    except _WholeGzip:
        raise
    except Exception as error:  # warcio's own, on a malformed record: any type
        at = records.offset  # (where the record it could not parse starts)
        yield Damaged("", at, f"record at offset {at} unreadable ({type(error).__name__})")
        return _next_start(source, at + 1, gzipped)
    return None


def _length_problem(record: Any, records: _Records) -> str | None:
    if getattr(record.raw_stream, "limit", 0) > 0:  # (warcio ends one cut short quietly)
        return "is cut short: its Content-Length runs past the end of the file or gzip member"
    if records.err_count:
        return "does not end where its Content-Length says"
    return None


def _capture(record: Any, max_bytes: int, offset: int) -> Capture | None:
    if record.rec_type == "revisit":
        return _revisit(record)
    if record.rec_type == "metadata":
        return _event(record)
    if record.rec_type != "response" or record.http_headers is None:
        return None
    page = _page(record, max_bytes)
    if cut := record.rec_headers.get_header("WARC-Truncated"):
        return Damaged(page.url, offset, f"truncated in the WARC: {cut}", truncated=True)
    return page


def _next_start(source: IO[bytes], after: int, gzipped: bool) -> int | None:
    """Where the next record starts at or after `after`: a gzip member that begins as a
    WARC record does, or a line "WARC/1.…"."""
    mark = b"\x1f\x8b\x08" if gzipped else b"\nWARC/1."
    position = after
    while True:
        source.seek(position)
        chunk = source.read(_SCAN + _HEAD)
        found = chunk.find(mark)
        while found >= 0:
            if not gzipped:
                return position + found + 1
            if _opens_warc(chunk[found : found + _HEAD]):
                return position + found
            found = chunk.find(mark, found + 1)
        if len(chunk) <= _HEAD:
            return None
        position += _SCAN


def _opens_warc(data: bytes) -> bool:
    try:
        return zlib.decompressobj(wbits=31).decompress(data, 16).startswith(b"WARC/")
    except zlib.error:
        return False


def _check_warc(stream: IO[bytes]) -> bool:
    """Whether the file is gzipped; `UsageError` unless it starts as a WARC does, after
    gunzip (warcio reads any text as an old ARC file, without a word)."""
    head = stream.read(_HEAD)
    stream.seek(0)
    gzipped = head.startswith(b"\x1f\x8b")
    if gzipped:
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 16)
        except zlib.error as error:
            raise UsageError(f"not a WARC file: broken gzip ({error})") from error
    if not head.startswith(b"WARC/"):
        raise UsageError("not a WARC file: it does not start with a WARC record")
    return gzipped


def _page(record: Any, max_bytes: int) -> Page:
    http = record.http_headers
    url = url_key(record.rec_headers.get_header("WARC-Target-URI") or "")
    captured = _time(record, "WARC-Date") or ""  # (none: the importer says so)
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
        except ValueError:  # kept, so `not_archivable` can say why
            headers += (("Content-Encoding", coding),)
    return Page(url, url, status, headers, body, captured, http.protocol or "HTTP/1.1")


def _revisit(record: Any) -> Revisit:
    url = url_key(record.rec_headers.get_header("WARC-Target-URI") or "")
    refers_to = record.rec_headers.get_header("WARC-Refers-To-Target-URI")
    return Revisit(
        url,
        _time(record, "WARC-Date") or "",
        url_key(refers_to) if refers_to else url,
        _time(record, "WARC-Refers-To-Date"),
    )


def _event(record: Any) -> Takedown | SeenAgain | None:
    """The takedown or later capture a metadata record of this archive's export states,
    if it is one."""
    if "json" not in (record.rec_headers.get_header("Content-Type") or ""):
        return None
    try:
        data = json.loads(record.content_stream().read(_MAX_METADATA))
    except ValueError:  # (UnicodeDecodeError too: a record that is not ours)
        return None
    at = _time(record, "WARC-Date")
    if not isinstance(data, dict) or at is None:
        return None
    url = url_key(record.rec_headers.get_header("WARC-Target-URI") or "")
    if data.get("event") in (TAKEDOWN, BACK):
        return Takedown(url, at, back=data["event"] == BACK)
    if data.get("event") == SEEN_AGAIN:
        try:
            return SeenAgain(url, at, Article.from_dict(data))  # (its rating too)
        except TypeError:  # (not the fields an export writes)
            return None
    return None


def _time(record: Any, header: str) -> str | None:
    """The record's time, if it has one that a capture of the web can have."""
    try:
        moment = parse_iso(record.rec_headers.get_header(header) or "")
    except UsageError:
        return None
    if not _FIRST_WEB <= moment <= datetime.now(UTC) + timedelta(days=1):
        return None  # "0001-01-01", "2099-…": a crawler's placeholder, not a time
    return to_iso(moment)
