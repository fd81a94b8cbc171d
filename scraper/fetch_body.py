"""Reading a response body within limits, and deciding whether it is what we asked for.

httpx's own decoders inflate each network chunk in one go, so 64 KiB of gzip can become
64 MB before any size check sees it. We read the raw bytes and inflate them ourselves in
bounded pieces, counting the size *after* decompression as it grows: a gzip bomb is
refused having inflated little more than the limit.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Iterator
from typing import Literal, Protocol

import httpx
import zstandard

from .errors import FetchError, HTTPStatusError, TooLarge, Truncated
from .sniff import binary_kind

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

Accept = Literal["html", "feed", "any"]

# The Accept header of each kind of fetch.
ACCEPT_HEADERS = {
    "html": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    "feed": "application/rss+xml,application/atom+xml,application/xml;q=0.9,"
    "text/xml;q=0.9,*/*;q=0.5",
    "any": "*/*",
}

# Only codings we can inflate in bounded pieces (brotli's Python API cannot).
ACCEPT_ENCODING = "gzip, deflate, zstd"

_PIECE = 64 * 1024  # largest piece inflated at a time
_ZSTD_SLICE = 128  # compressed bytes per zstd call: bounds its output to ~4 MiB
_ZSTD_MAX_WINDOW = 8 * 1024 * 1024  # RFC 9659: HTTP zstd windows are at most 8 MB
_SNIFF = 1024


class _Decoder(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...

    @property
    def complete(self) -> bool: ...


class _Identity:
    complete = True

    def feed(self, data: bytes) -> Iterator[bytes]:
        yield data


class _Zlib:
    """gzip or deflate; "deflate" is zlib-wrapped by the spec, but raw from some servers."""

    def __init__(self, coding: str) -> None:
        self._coding = coding
        self._inflater: zlib._Decompress | None = None

    @property
    def complete(self) -> bool:
        return self._inflater is not None and self._inflater.eof

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._inflater is None:
            self._inflater = zlib.decompressobj(self._wbits(data))
        inflater = self._inflater
        while data and not inflater.eof:  # bytes after the end of the stream are ignored
            try:
                yield inflater.decompress(data, _PIECE)
            except zlib.error as exc:
                raise ValueError(f"corrupt {self._coding} body: {exc}") from None
            data = inflater.unconsumed_tail

    def _wbits(self, head: bytes) -> int:
        if self._coding == "gzip":
            return 16 + zlib.MAX_WBITS
        zlib_header = len(head) >= 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0
        return zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS


class _Zstd:
    """zstandard has no output cap per call, so feed it small slices of input instead."""

    def __init__(self) -> None:
        decompressor = zstandard.ZstdDecompressor(max_window_size=_ZSTD_MAX_WINDOW)
        self._inflater = decompressor.decompressobj()

    @property
    def complete(self) -> bool:
        return bool(self._inflater.eof)

    def feed(self, data: bytes) -> Iterator[bytes]:
        for start in range(0, len(data), _ZSTD_SLICE):
            if self._inflater.eof:
                return
            try:
                yield self._inflater.decompress(data[start : start + _ZSTD_SLICE])
            except zstandard.ZstdError as exc:
                raise ValueError(f"corrupt zstd body: {exc}") from None


def decode_content(body: bytes, content_encoding: str, limit: int) -> bytes:
    """`body` decoded as its Content-Encoding says, cut at `limit + 1` bytes (so the
    caller can tell it was too large); ValueError for a coding we cannot decode or a
    corrupt body."""
    out = bytearray()
    for piece in _decoder(content_encoding).feed(body):
        out += piece
        if len(out) > limit:
            break
    return bytes(out[: limit + 1])


def _decoder(content_encoding: str | None) -> _Decoder:
    coding = (content_encoding or "identity").strip().lower()
    if coding in ("identity", ""):
        return _Identity()
    if coding in ("gzip", "x-gzip", "deflate"):
        return _Zlib("gzip" if coding == "x-gzip" else coding)
    if coding == "zstd":
        return _Zstd()
    raise ValueError(f"unsupported Content-Encoding: {content_encoding}")


def human_size(size: int) -> str:
    """20_000_000 -> "20 MB" (decimal units, as people read download sizes)."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"


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
        decoder = _decoder(response.headers.get("content-encoding"))
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
    decoder = _Zlib("gzip")
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


# What the body is: the HTTP type, then a look at the first bytes.

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_BINARY_FAMILIES = ("image/", "audio/", "video/", "font/", "model/")
_BINARY_TYPES = frozenset({"application/pdf", "application/zip", "application/msword"})


def media_type(content_type: str | None) -> str | None:
    """The media type of a Content-Type ("text/html"), or None when absent or empty."""
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


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


def type_refusal(accept: Accept, content_type: str | None) -> str | None:
    """Why a response of this Content-Type is not worth reading for `accept`, or None."""
    kind = media_type(content_type)
    if accept == "any" or kind is None:
        return None
    if accept == "html" and kind not in _HTML_TYPES:
        return f"not HTML: {kind}"
    if accept == "feed" and (kind.startswith(_BINARY_FAMILIES) or kind in _BINARY_TYPES):
        return f"not a feed: {kind}"
    return None


def body_refusal(accept: Accept, content_type: str | None, body: bytes) -> str | None:
    """Why this body, whatever its declared type, is not what `accept` wants, or None."""
    if accept == "any":
        return None
    kind = media_type(content_type)
    label = "not HTML" if accept == "html" else "not a feed"
    binary = binary_kind(body[:_SNIFF])
    if binary:
        return f"{label}: the body is {binary} (served as {kind or 'no type'})"
    if accept == "html" and kind is None and body and not _looks_like_html(body[:_SNIFF]):
        return "not HTML: no Content-Type and the body does not look like HTML"
    return None


def _looks_like_html(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    markers = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title")
    return text.startswith(markers) or b"<html" in text


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
