"""The fetcher against servers that misbehave: it must answer with an outcome, in bounded
time and memory, and never hand on a partial or oversized body as a page.
"""

from __future__ import annotations

import gzip
import socket
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import zstandard
from test_fetch import HTML, fetch
from webserver import Exchange, WebServer

from scraper.fetch import FetchConfig
from scraper.models import FetchOutcome

LIMIT = 1_000_000
SMALL = FetchConfig(delay=0, retries=0, max_bytes=LIMIT, respect_robots=False)


def peak_memory(run: Callable[[], FetchOutcome]) -> tuple[FetchOutcome, int]:
    """The outcome of `run` and the peak of Python memory allocated while it ran."""
    tracemalloc.start()
    try:
        outcome = run()
        return outcome, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def streaming(chunks: Callable[[], Iterator[bytes]], headers: list[tuple[str, str]]) -> Any:
    """A handler sending a chunked body until the client hangs up or the chunks run out."""

    def handler(exchange: Exchange) -> None:
        exchange.start(200, [*headers, ("Transfer-Encoding", "chunked")])
        for chunk in chunks():
            exchange.write_chunk(chunk)  # OSError once the client gives up
        exchange.write_chunk(b"")

    return handler


# Redirects


def test_redirect_loop(server: WebServer) -> None:
    server.redirect("/a", "/b")
    server.redirect("/b", "/a")
    outcome = fetch(server.url("/a"), SMALL)
    assert outcome.outcome == "error"
    assert outcome.reason == (
        f"redirect loop: {server.url('/a')} -> {server.url('/b')} -> {server.url('/a')}"
    )
    assert server.paths() == ["/a", "/b"]


def test_long_redirect_chain(server: WebServer) -> None:
    for n in range(10):
        server.redirect(f"/{n}", f"/{n + 1}")
    server.page("/10", HTML)
    outcome = fetch(server.url("/0"), FetchConfig(delay=0, max_redirects=3, respect_robots=False))
    assert outcome.outcome == "error"
    assert outcome.reason.startswith("too many redirects (more than 3): ")
    assert server.paths() == ["/0", "/1", "/2", "/3"]


def test_redirect_without_location_is_an_error(server: WebServer) -> None:
    server.page("/a", status=302, content_type=None)
    outcome = fetch(server.url("/a"), SMALL)
    assert (outcome.outcome, outcome.reason) == ("error", "HTTP 302 Found")


def test_a_redirect_written_with_backslashes_is_read_as_browsers_read_it(
    server: WebServer,
) -> None:
    server.redirect("/a", "\\moved\\b.html")
    server.page("/moved/b.html", HTML)
    outcome = fetch(server.url("/a"), SMALL)
    assert outcome.outcome == "ok" and server.paths()[-1] == "/moved/b.html"


def test_a_malformed_redirect_is_an_error_at_once_not_a_connection_retried(
    server: WebServer,
) -> None:
    server.redirect("/a", "http://[::1")
    outcome = fetch(server.url("/a"), FetchConfig(delay=0, retries=3, backoff=0.01))
    assert outcome.outcome == "error" and outcome.reason.startswith("malformed redirect: ")
    assert server.paths().count("/a") == 1


@pytest.mark.parametrize("target", ["ftp://127.0.0.1/file", "file:///etc/passwd"])
def test_redirect_to_another_scheme_is_blocked(server: WebServer, target: str) -> None:
    server.redirect("/a", target)
    outcome = fetch(server.url("/a"), SMALL)
    assert outcome.outcome == "blocked"
    assert outcome.reason.startswith("unsupported scheme ")


def test_redirect_from_a_trusted_host_to_an_untrusted_private_one_is_blocked(
    server: WebServer,
) -> None:
    server.redirect("/a", server.url("/inside", host="localhost"))
    server.page("/inside", HTML)
    outcome = fetch(server.url("/a"), SMALL)  # 127.0.0.1 is trusted, localhost is not
    assert outcome.outcome == "blocked"
    assert outcome.reason.startswith("refused: localhost resolves to loopback address")
    assert outcome.reason.endswith(f"(redirected from {server.url('/a')})")
    assert server.paths() == ["/a"]


def test_redirect_to_a_private_address_is_blocked_without_sending(server: WebServer) -> None:
    server.redirect("/a", "http://10.0.0.5/admin")
    outcome = fetch(server.url("/a"), SMALL)
    assert outcome.outcome == "blocked"
    assert outcome.reason.startswith("refused: 10.0.0.5 is a private address")


# Time


def test_server_that_never_answers_times_out(server: WebServer) -> None:
    server.route("/a", lambda exchange: exchange.stall())
    config = FetchConfig(delay=0, retries=1, timeout=0.3, respect_robots=False)
    outcome = fetch(server.url("/a"), config)
    assert (outcome.outcome, outcome.reason) == ("error", "timed out after 0.3 s (after 1 retry)")
    assert len(server.requested("/a")) == 2


def test_trickling_body_hits_the_whole_request_deadline(server: WebServer) -> None:
    def trickle(exchange: Exchange) -> None:
        exchange.start(200, [("Content-Type", "text/html"), ("Content-Length", "1000")])
        for _ in range(1000):
            exchange.write(b"<")  # each read is quick; the whole never ends in time
            exchange.wait(0.05)

    server.route("/a", trickle)
    outcome = fetch(server.url("/a"), FetchConfig(delay=0, retries=0, timeout=0.5))
    assert (outcome.outcome, outcome.reason) == ("error", "timed out after 0.5 s")


# Broken connections


def test_truncated_body_is_an_error_and_retried(server: WebServer) -> None:
    def half(exchange: Exchange) -> None:
        exchange.start(200, [("Content-Type", "text/html"), ("Content-Length", "5000")])
        exchange.write(b"x" * 1200)
        exchange.close()

    server.route("/a", half)
    outcome = fetch(server.url("/a"), FetchConfig(delay=0, retries=2, respect_robots=False))
    assert outcome.outcome == "error"
    assert (
        outcome.reason == "truncated: connection closed after 1200 of 5000 bytes (after 2 retries)"
    )
    assert len(server.requested("/a")) == 3


def test_broken_chunked_body_is_truncated(server: WebServer) -> None:
    def broken(exchange: Exchange) -> None:
        exchange.start(200, [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")])
        exchange.write_chunk(b"<html>" * 100)
        exchange.close()

    server.route("/a", broken)
    outcome = fetch(server.url("/a"), SMALL)
    assert outcome.outcome == "error"
    assert outcome.reason.startswith("truncated: connection closed after ")


def test_truncated_gzip_stream_is_truncated(server: WebServer) -> None:
    packed = gzip.compress(HTML * 1000)
    server.page("/a", packed[: len(packed) // 2], headers=[("Content-Encoding", "gzip")])
    outcome = fetch(server.url("/a"), SMALL)
    assert outcome.outcome == "error"
    assert outcome.reason.startswith("truncated: compressed body ends early")


def test_reset_before_the_response_is_retried(server: WebServer) -> None:
    server.route("/a", lambda exchange: exchange.reset())
    config = FetchConfig(delay=0, retries=1, respect_robots=False)
    outcome = fetch(server.url("/a"), config)
    assert outcome.outcome == "error"
    assert outcome.reason.startswith("connection failed: ")
    assert outcome.reason.endswith(" (after 1 retry)")
    assert len(server.requested("/a")) == 2


def test_reset_in_the_middle_of_the_body_is_truncated(server: WebServer) -> None:
    def reset(exchange: Exchange) -> None:
        exchange.start(200, [("Content-Type", "text/html"), ("Content-Length", "100000")])
        exchange.write(b"<p>" * 1000)
        exchange.wait(0.2)  # a reset discards unread data: let the client read the headers
        exchange.reset()

    server.route("/a", reset)
    outcome = fetch(server.url("/a"), SMALL)
    assert outcome.outcome == "error"
    assert outcome.reason.startswith("truncated: connection ")


def test_connection_refused(server: WebServer) -> None:
    with socket.socket() as sock:  # a port nobody listens on once this closes
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    outcome = fetch(f"http://127.0.0.1:{port}/", SMALL)
    assert outcome.outcome == "error"
    assert outcome.reason.startswith("cannot connect: ")


def test_garbage_instead_of_http(server: WebServer) -> None:
    def garbage(exchange: Exchange) -> None:
        exchange.write(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")
        exchange.close()

    server.route("/a", garbage)
    outcome = fetch(server.url("/a"), SMALL)
    assert outcome.outcome == "error"
    assert outcome.reason.startswith("connection failed: ")


def test_endless_headers_are_refused(server: WebServer) -> None:
    def headers(exchange: Exchange) -> None:
        exchange.start(200, [(f"X-Junk-{n}", "y" * 1000) for n in range(1000)])

    server.route("/a", headers)
    outcome = fetch(server.url("/a"), SMALL)
    assert outcome.outcome == "error"
    assert outcome.reason.startswith("connection failed: ")


# Size


def test_declared_length_over_the_limit_is_refused_before_reading(server: WebServer) -> None:
    def huge(exchange: Exchange) -> None:
        exchange.start(200, [("Content-Type", "text/html"), ("Content-Length", "100000000")])
        for _ in range(1600):
            exchange.write(b"<" * 65536)

    server.route("/a", huge)
    outcome, peak = peak_memory(lambda: fetch(server.url("/a"), SMALL))
    assert outcome.outcome == "error"
    assert outcome.reason == (
        "body larger than 1 MB (after decompression): Content-Length is 100000000"
    )
    assert peak < 4 * LIMIT


def test_100_mb_streamed_body_is_refused_at_the_limit(server: WebServer) -> None:
    chunk = b"<p>" * 20_000
    server.route("/a", streaming(lambda: iter([chunk] * 1700), [("Content-Type", "text/html")]))
    outcome, peak = peak_memory(lambda: fetch(server.url("/a"), SMALL))
    assert (outcome.outcome, outcome.reason) == (
        "error",
        "body larger than 1 MB (after decompression)",
    )
    assert peak < 4 * LIMIT


BOMBS = {
    "gzip": gzip.compress,
    "deflate": zlib.compress,
    "zstd": lambda data: zstandard.ZstdCompressor(level=19).compress(data),
}


@pytest.mark.parametrize("coding", sorted(BOMBS))
def test_compression_bomb_is_refused_without_inflating_it(server: WebServer, coding: str) -> None:
    bomb = BOMBS[coding](bytes(50_000_000))  # 50 MB of zeros in some kB
    assert len(bomb) < 100_000
    server.page("/a", bomb, headers=[("Content-Encoding", coding)])
    outcome, peak = peak_memory(lambda: fetch(server.url("/a"), SMALL))
    assert (outcome.outcome, outcome.reason) == (
        "error",
        "body larger than 1 MB (after decompression)",
    )
    assert peak < 8 * LIMIT  # inflating a 64 kB network read whole would take ~50 MB


def endless_gzip() -> Iterator[bytes]:
    """A gzip stream of zeros that would inflate to 10 GB: each 1 MB costs ~1 kB to send."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    megabyte = bytes(1_000_000)
    yield packer.compress(megabyte) + packer.flush(zlib.Z_FULL_FLUSH)
    # After a full flush the packer forgets its history, so every next block is the same.
    block = packer.compress(megabyte) + packer.flush(zlib.Z_FULL_FLUSH)
    for _ in range(10_000):
        yield block * 64


def test_endless_streamed_gzip_bomb_is_refused(server: WebServer) -> None:
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]
    server.route("/a", streaming(endless_gzip, headers))
    outcome, peak = peak_memory(lambda: fetch(server.url("/a"), SMALL))
    assert (outcome.outcome, outcome.reason) == (
        "error",
        "body larger than 1 MB (after decompression)",
    )
    assert peak < 8 * LIMIT


def test_gzip_sitemap_file_bomb_is_refused(server: WebServer) -> None:
    bomb = gzip.compress(bytes(50_000_000))
    server.page("/sitemap.xml.gz", bomb, content_type="application/gzip")
    outcome = fetch(server.url("/sitemap.xml.gz"), SMALL, accept="feed")
    assert (outcome.outcome, outcome.reason) == ("error", "gzip file larger than 1 MB inflated")


def test_corrupt_gzip_is_an_error(server: WebServer) -> None:
    server.page("/a", b"\x1f\x8b\x08\x00garbage-garbage", headers=[("Content-Encoding", "gzip")])
    outcome = fetch(server.url("/a"), SMALL)
    assert outcome.outcome == "error"
    assert outcome.reason.startswith("corrupt gzip body: ")


def test_unsupported_content_encoding_is_an_error(server: WebServer) -> None:
    server.page("/a", b"\x0b\x02\x80", headers=[("Content-Encoding", "br")])
    outcome = fetch(server.url("/a"), SMALL)
    assert (outcome.outcome, outcome.reason) == ("error", "unsupported Content-Encoding: br")


# Bodies that are not what they claim


@pytest.mark.parametrize(
    ("body", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"PK\x03\x04\x14\x00\x00\x00", "a ZIP archive"),
        (b"<html>\x00\x00\x00\x01\x02", "binary data"),
    ],
)
def test_binary_served_as_html_is_skipped(server: WebServer, body: bytes, what: str) -> None:
    server.page("/a", body, content_type="text/html")
    outcome = fetch(server.url("/a"), SMALL)
    assert (outcome.outcome, outcome.reason) == (
        "skipped",
        f"not HTML: the body is {what} (served as text/html)",
    )


def test_utf16_html_is_not_mistaken_for_binary(server: WebServer) -> None:
    body = "\ufeff<html><body>héllo</body></html>".encode("utf-16-le")
    server.page("/a", body, content_type="text/html; charset=utf-16")
    outcome = fetch(server.url("/a"), SMALL)
    assert outcome.outcome == "ok"
