"""Decoding a response body within a limit, and deciding whether it is what we asked for:
what fetching (`fetch_body`) and WARC reading (`warc_read`) share, with no HTTP client, so
a worker that reads WARC records loads none.

httpx's own decoders inflate each network chunk in one go, so 64 KiB of gzip can become
64 MB before any size check sees it. We inflate the raw bytes ourselves in bounded pieces,
counting the size *after* decompression as it grows.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Literal, Protocol

import zstandard

from .sniff import binary_kind

__all__ = [
    "Accept",
    "Decoder",
    "Zlib",
    "body_refusal",
    "decode_content",
    "decoder",
    "human_size",
    "media_type",
    "type_refusal",
]

Accept = Literal["html", "feed", "any"]

_PIECE = 64 * 1024  # largest piece inflated at a time
_ZSTD_SLICE = 128  # compressed bytes per zstd call: bounds its output to ~4 MiB
_ZSTD_MAX_WINDOW = 8 * 1024 * 1024  # RFC 9659: HTTP zstd windows are at most 8 MB
_SNIFF = 1024


class Decoder(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...

    @property
    def complete(self) -> bool: ...


class _Identity:
    complete = True

    def feed(self, data: bytes) -> Iterator[bytes]:
        yield data


class Zlib:
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
    for piece in decoder(content_encoding).feed(body):
        out += piece
        if len(out) > limit:
            break
    return bytes(out[: limit + 1])


def decoder(content_encoding: str | None) -> Decoder:
    coding = (content_encoding or "identity").strip().lower()
    if coding in ("identity", ""):
        return _Identity()
    if coding in ("gzip", "x-gzip", "deflate"):
        return Zlib("gzip" if coding == "x-gzip" else coding)
    if coding == "zstd":
        return _Zstd()
    raise ValueError(f"unsupported Content-Encoding: {content_encoding}")


def human_size(size: int) -> str:
    """20_000_000 -> "20 MB" (decimal units, as people read download sizes)."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"


# What the body is: the HTTP type, then a look at the first bytes.

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_BINARY_FAMILIES = ("image/", "audio/", "video/", "font/", "model/")
_BINARY_TYPES = frozenset({"application/pdf", "application/zip", "application/msword"})


def media_type(content_type: str | None) -> str | None:
    """The media type of a Content-Type ("text/html"), or None when absent or empty."""
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


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
