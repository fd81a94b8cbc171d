"""Reading a response body within limits, and deciding whether it is what we asked for.

httpx's own decoders inflate each network chunk in one go, so 64 KiB of gzip can become
64 MB before any size check sees it. We read the raw bytes and inflate them ourselves in
bounded pieces (`body`, shared with WARC reading), counting the size *after*
decompression as it grows: a gzip bomb is refused having inflated little more than the limit.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx

from .body import Accept, Zlib, body_refusal, human_size, type_refusal
from .body import decoder as body_decoder
from .errors import FetchError, HTTPStatusError, TooLarge, Truncated

__all__ = [
    "ACCEPT_ENCODING",
    "ACCEPT_HEADERS",
    "Accept",
    "body_refusal",
    "conditional",
    "describe_failure",
    "gunzip",
    "human_size",
    "read_body",
    "status_error",
    "type_refusal",
]

# The Accept header of each kind of fetch.
ACCEPT_HEADERS = {
    "html": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    "feed": "application/rss+xml,application/atom+xml,application/xml;q=0.9,"
    "text/xml;q=0.9,*/*;q=0.5",
    "any": "*/*",
}

# Only codings we can inflate in bounded pieces (brotli's Python API cannot).
ACCEPT_ENCODING = "gzip, deflate, zstd"


async def read_body(response: httpx.Response, limit: int, *, truncate: bool = False) -> bytes:
    """The decoded body, refused (`TooLarge`) as soon as it passes `limit` bytes.

    With `truncate=True` the first `limit` bytes are returned instead (for robots.txt).
    Raises `Truncated` when the stream ends early, `FetchError` for a coding we cannot read.
    """
    url = str(response.request.url)
    declared = _content_length(response)
    too_large = f"body larger than {human_size(limit)} (after decompression)"
    if declared is not None and declared > limit and not truncate:
        raise TooLarge(f"{too_large}: Content-Length is {declared}", url=url)
    try:
        decoder = body_decoder(response.headers.get("content-encoding"))
    except ValueError as exc:
        raise FetchError(str(exc), url=url) from None
    parts: list[bytes] = []
    size = received = 0
    try:
        async for chunk in _raw_chunks(response):
            received += len(chunk)
            for piece in decoder.feed(chunk):
                parts.append(piece)
                size += len(piece)
                if size > limit:
                    if truncate:
                        return b"".join(parts)[:limit]
                    raise TooLarge(too_large, url=url)
    except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
        raise Truncated(_truncated(received, declared, exc), url=url) from None
    except ValueError as exc:
        raise FetchError(str(exc), url=url) from None
    if declared is not None and received < declared:
        raise Truncated(_truncated(received, declared, None), url=url)
    if received and not decoder.complete:
        raise Truncated(f"truncated: compressed body ends early, after {received} bytes", url=url)
    return b"".join(parts)


def _raw_chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    """The body as sent, still encoded."""
    if response.is_stream_consumed and isinstance(response.stream, httpx.AsyncByteStream):
        # Content built in memory (e.g. by httpx.MockTransport) was read on creation.
        return aiter(response.stream)
    return response.aiter_raw()


def _content_length(response: httpx.Response) -> int | None:
    try:
        value = int(response.headers.get("content-length", ""))
    except ValueError:
        return None
    return value if value >= 0 else None


def _truncated(received: int, declared: int | None, exc: Exception | None) -> str:
    how = "reset" if isinstance(exc, httpx.ReadError) else "closed"
    if declared is None:
        return f"truncated: connection {how} after {received} bytes, before the body's end"
    return f"truncated: connection {how} after {received} of {declared} bytes"


def gunzip(body: bytes, limit: int, *, url: str) -> bytes:
    """Inflate a gzip *file* (e.g. sitemap.xml.gz served as application/gzip) within `limit`."""
    decoder = Zlib("gzip")
    parts: list[bytes] = []
    size = 0
    try:
        for piece in decoder.feed(body):
            parts.append(piece)
            size += len(piece)
            if size > limit:
                raise TooLarge(f"gzip file larger than {human_size(limit)} inflated", url=url)
    except ValueError as exc:
        raise FetchError(str(exc), url=url) from None
    if not decoder.complete:
        raise FetchError("corrupt gzip file: it ends early", url=url)  # as served: no retry
    return b"".join(parts)


def conditional(etag: str | None, last_modified: str | None) -> dict[str, str]:
    """The headers that make a request conditional on a copy with these validators. One
    with bytes beyond ASCII cannot be sent back as it came (its decoding was a guess), and
    httpx refuses it: ask without it."""
    headers = {}
    if etag and etag.isascii():
        headers["If-None-Match"] = etag
    if last_modified and last_modified.isascii():
        headers["If-Modified-Since"] = last_modified
    return headers


def status_error(url: httpx.URL, status: int) -> HTTPStatusError:
    phrase = httpx.codes.get_reason_phrase(status)
    return HTTPStatusError(f"HTTP {status} {phrase}".rstrip(), url=str(url), status=status)


def describe_failure(exc: Exception, timeout: float) -> str:
    """A transient failure in words."""
    if isinstance(exc, TimeoutError | httpx.TimeoutException):
        return f"timed out after {timeout:g} s"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect: {str(exc) or 'connection refused'}"
    if isinstance(exc, httpx.TransportError):
        return f"connection failed: {str(exc) or type(exc).__name__}"
    return str(exc) or type(exc).__name__
