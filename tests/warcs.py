"""Writing WARC files for the import tests: responses and revisits as Common Crawl's
CC-NEWS writes them, one gzip member per record."""

from __future__ import annotations

import asyncio
import gzip
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import zstandard
from newssite import Story, story
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper.archive import Archive
from scraper.warc_import import ImportReport, import_warcs

HTML = "text/html; charset=utf-8"
T1, T2, T3 = "2019-08-26T10:00:00Z", "2019-08-27T10:00:00Z", "2019-08-28T10:00:00Z"


def url(n: int) -> str:
    return f"https://news.example/2019/story-{n}.html"


def html(n: int, item: Story | None = None) -> bytes:
    return (item or story(n)).render(url(n))


@dataclass(frozen=True)
class Again:
    """A revisit record, as a deduplicating crawler writes one: `url` captured at `date`,
    its page the same as the capture of `refers_to` at `refers_at` (None: not said)."""

    url: str
    date: str
    refers_to: str | None = None
    refers_at: str | None = None


Response = tuple[str, str, int, str, bytes]  # (url, WARC-Date, status, Content-Type, body)


def write_warc(
    path: Path, records: list[Response | Again], *, gzip_body: bool = False, coding: str = ""
) -> Path:
    """A gzipped WARC of responses and revisits; `coding` the bodies' Content-Encoding
    (zstd, or br as unreadable bytes), or "Chunked" for a Transfer-Encoding."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for item in records:
            if isinstance(item, Again):
                writer.write_record(_revisit_record(writer, item))
                continue
            address, date, status, content_type, body = item
            headers = [("Content-Type", content_type)]
            if gzip_body:  # as sent: the reader must undo it
                body = gzip.compress(body)
                headers.append(("Content-Encoding", "gzip"))
            if coding == "zstd":
                body = zstandard.ZstdCompressor().compress(body)
            elif coding == "br":
                body = b"\x1b\x8f\x02\x00" + bytes(range(256))  # (no brotli here: any bytes)
            elif coding == "Chunked":
                body = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in (body[:99], body[99:]))
                body += b"0\r\n\r\n"
                headers.append(("Transfer-Encoding", coding))
            if coding in ("zstd", "br"):
                headers.append(("Content-Encoding", coding))
            headers.append(("Content-Length", str(len(body))))
            http = StatusAndHeaders(f"{status} X", headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(
                address,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(record)
    return path


def _revisit_record(writer: WARCWriter, again: Again) -> Any:
    headers = {
        "WARC-Date": again.date,
        "WARC-Profile": "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest",
        "WARC-Payload-Digest": "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ",
    }
    if again.refers_to:
        headers["WARC-Refers-To-Target-URI"] = again.refers_to
    if again.refers_at:
        headers["WARC-Refers-To-Date"] = again.refers_at
    http = StatusAndHeaders("200 OK", [("Content-Type", HTML)], protocol="HTTP/1.1")
    return writer.create_warc_record(
        again.url, "revisit", http_headers=http, warc_headers_dict=headers
    )


def run_import(archive: Archive, *paths: Path, processes: int = 0) -> ImportReport:
    return asyncio.run(import_warcs(archive, paths, processes=processes))
