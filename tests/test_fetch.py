"""The fetcher against a real HTTP server on 127.0.0.1: the behaviour of well-run sites.

Misbehaving servers (bombs, resets, stalls, hostile redirects) are in test_hostile_fetch.py.
"""

from __future__ import annotations

import asyncio
import gzip
import itertools
import threading
import zlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
import zstandard
from webserver import Exchange, WebServer

from scraper.errors import UsageError
from scraper.fetch import FetchConfig, Fetcher
from scraper.fetch_body import human_size
from scraper.models import FetchOutcome
from scraper.netpolicy import address_refusal, host_key
from scraper.politeness import Sleep, parse_retry_after

HTML = b"<!doctype html><html><head><title>A</title></head><body><p>Hello.</p></body></html>"
# No politeness delay and quick back-off: the tests that are about waiting say so.
QUICK = FetchConfig(delay=0.0, backoff=0.01, timeout=5.0)


class FakeSleep:
    """Records every wait instead of waiting."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        await asyncio.sleep(0)


def fetch(
    url: str,
    config: FetchConfig = QUICK,
    *,
    sleep: FakeSleep | None = None,
    trusted: bool = True,
    **options: Any,
) -> FetchOutcome:
    """One fetch with a fresh Fetcher; the test server's host is trusted by default."""

    async def run() -> FetchOutcome:
        async with Fetcher(config, sleep=sleep or FakeSleep()) as fetcher:
            return await fetcher.fetch(url, trusted=trusted, **options)

    return asyncio.run(run())


def fetch_all(
    urls: Sequence[str], config: FetchConfig = QUICK, *, sleep: Sleep | None = None
) -> list[FetchOutcome]:
    """Several fetches at once through one Fetcher that trusts the test server's names."""

    async def run() -> list[FetchOutcome]:
        hosts = ["127.0.0.1", "localhost"]
        async with Fetcher(config, trusted_hosts=hosts, sleep=sleep or FakeSleep()) as fetcher:
            return list(await asyncio.gather(*(fetcher.fetch(url) for url in urls)))

    return asyncio.run(run())


def fetch_in_turn(urls: Sequence[str], config: FetchConfig = QUICK) -> list[FetchOutcome]:
    """Fetches one after the other through one Fetcher, as one worker of a run does."""

    async def run() -> list[FetchOutcome]:
        async with Fetcher(config, trusted_hosts=["127.0.0.1"], sleep=FakeSleep()) as fetcher:
            return [await fetcher.fetch(url) for url in urls]

    return asyncio.run(run())


# A plain page


def test_ok_page_keeps_body_headers_and_metadata(server: WebServer) -> None:
    server.page("/a", HTML, headers=[("ETag", '"v1"')])
    outcome = fetch(server.url("/a"))
    assert outcome.outcome == "ok"
    assert outcome.status == 200
    page = outcome.page
    assert page is not None
    assert page.body == HTML
    assert page.url == page.final_url == server.url("/a")
    assert page.header("etag") == '"v1"'
    assert page.content_type == "text/html; charset=utf-8"
    assert page.http_version == "HTTP/1.1"
    assert datetime.fromisoformat(page.fetched_at).utcoffset() == timedelta(0)


def test_request_says_who_we_are_and_what_we_accept(server: WebServer) -> None:
    server.page("/a", HTML)
    fetch(server.url("/a"))
    request = server.requested("/a")[0]
    assert (request.header("user-agent") or "").startswith("scraper/")
    assert "news archiver" in (request.header("user-agent") or "")
    assert "text/html" in (request.header("accept") or "")
    assert request.header("accept-encoding") == "gzip, deflate, zstd"
    assert request.header("if-none-match") is None


@pytest.mark.parametrize(
    ("contact", "says"),
    [("mailto:ops@example.org", "; +mailto:ops@example.org)"), ("", "no contact: set $SCRAPER_")],
)
def test_user_agent_gives_the_operators_contact(
    server: WebServer, monkeypatch: pytest.MonkeyPatch, contact: str, says: str
) -> None:
    monkeypatch.setenv("SCRAPER_CONTACT", contact)
    server.page("/a", HTML)
    fetch(server.url("/a"), FetchConfig(delay=0))
    assert says in (server.requested("/a")[0].header("user-agent") or "")


@pytest.mark.parametrize(
    ("coding", "compress"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),  # zlib-wrapped, as the spec says
        ("deflate", lambda data: zlib.compress(data, wbits=-15)),  # raw, as some servers do
        ("zstd", lambda data: zstandard.ZstdCompressor().compress(data)),
    ],
)
def test_compressed_bodies_are_decoded(server: WebServer, coding: str, compress: Any) -> None:
    server.page("/a", compress(HTML * 100), headers=[("Content-Encoding", coding)])
    outcome = fetch(server.url("/a"))
    assert outcome.page is not None
    assert outcome.page.body == HTML * 100


# Redirects


def test_redirect_chain_is_followed_to_the_final_url(server: WebServer) -> None:
    server.redirect("/old", "/moved", status=301)
    server.redirect("/moved", server.url("/new"), status=307)
    server.page("/new", HTML)
    outcome = fetch(server.url("/old"))
    assert outcome.outcome == "ok"
    assert outcome.page is not None
    assert outcome.page.url == server.url("/old")
    assert outcome.page.final_url == server.url("/new")
    assert server.paths() == ["/robots.txt", "/old", "/moved", "/new"]


def test_only_permanent_redirects_say_where_a_url_moved(server: WebServer) -> None:
    # 301 and 308 move an address for good (a feed reader keeps the new one); a 302 or
    # 307 does not, nor does a permanent redirect after one (from a passing address).
    server.redirect("/old", "/older", status=301)
    server.redirect("/older", "/new", status=308)
    server.redirect("/new", "/today", status=302)
    server.redirect("/today", "/final", status=301)
    server.page("/final", HTML)
    server.redirect("/passing", "/final", status=307)
    server.redirect("/gone-for-now", "/new", status=302)
    server.page("/stays", status=304, content_type=None)
    server.redirect("/moved", "/stays", status=308)
    assert fetch(server.url("/old")).moved_to == server.url("/new")
    assert fetch(server.url("/older")).moved_to == server.url("/new")
    assert fetch(server.url("/today")).moved_to == server.url("/final")
    assert fetch(server.url("/passing")).moved_to is None
    assert fetch(server.url("/gone-for-now")).moved_to is None
    assert fetch(server.url("/final")).moved_to is None
    unchanged = fetch(server.url("/moved"), etag='"v1"')
    assert (unchanged.outcome, unchanged.moved_to) == ("not_modified", server.url("/stays"))


def test_redirect_to_the_other_host_checks_its_robots(server: WebServer) -> None:
    server.redirect("/a", server.url("/b", host="localhost"))
    server.page("/b", HTML)
    outcome = fetch_all([server.url("/a")])[0]
    assert outcome.outcome == "ok"
    assert [(r.host, r.path) for r in server.requests] == [
        ("127.0.0.1", "/robots.txt"),
        ("127.0.0.1", "/a"),
        ("localhost", "/robots.txt"),
        ("localhost", "/b"),
    ]


# Statuses


@pytest.mark.parametrize("status", [404, 410])
def test_missing_pages_are_gone(server: WebServer, status: int) -> None:
    server.page("/a", b"no", status=status)
    outcome = fetch(server.url("/a"))
    assert (outcome.outcome, outcome.status) == ("gone", status)
    assert len(server.requested("/a")) == 1


def test_other_client_errors_are_errors_and_not_retried(server: WebServer) -> None:
    server.page("/a", b"no", status=403)
    outcome = fetch(server.url("/a"))
    assert (outcome.outcome, outcome.status, outcome.reason) == ("error", 403, "HTTP 403 Forbidden")
    assert len(server.requested("/a")) == 1


@pytest.mark.parametrize("status", [500, 502, 504])
def test_server_errors_are_retried_once_then_reported(server: WebServer, status: int) -> None:
    server.page("/a", b"oops", status=status)
    outcome = fetch(server.url("/a"), FetchConfig(delay=0, retries=3, backoff=0.5))
    assert (outcome.outcome, outcome.status) == ("error", status)
    assert outcome.reason.endswith("(after 1 retry)")
    assert len(server.requested("/a")) == 2  # not 4: a broken deploy is not mended in seconds


def flaky(failures: int, status: int, headers: Sequence[tuple[str, str]] = ()) -> Any:
    """A handler that fails `failures` times with `status`, then serves HTML."""
    count = 0

    def handler(exchange: Exchange) -> None:
        nonlocal count
        count += 1
        if count <= failures:
            exchange.send(b"busy", status=status, headers=headers)
        else:
            exchange.send(HTML)

    return handler


def test_backoff_is_exponential_with_full_jitter(server: WebServer) -> None:
    server.route("/a", flaky(3, 503))
    sleep = FakeSleep()
    outcome = fetch(server.url("/a"), FetchConfig(delay=0, retries=3, backoff=2.0), sleep=sleep)
    assert outcome.outcome == "ok"
    assert len(sleep.calls) <= 3  # a jitter of ~0 needs no sleep at all
    for wait, cap in zip(sleep.calls, (2.0, 4.0, 8.0), strict=False):
        assert wait <= cap


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_seconds_is_honoured(server: WebServer, status: int) -> None:
    server.route("/a", flaky(1, status, [("Retry-After", "7")]))
    sleep = FakeSleep()
    outcome = fetch(server.url("/a"), sleep=sleep)
    assert outcome.outcome == "ok"
    assert len(server.requested("/a")) == 2
    assert sleep.calls == [pytest.approx(7, abs=0.5)]


@pytest.mark.parametrize("value", ["\u00b2", "\u00b9\u00b2\u00b3"])
def test_retry_after_of_other_digits_is_no_retry_after(server: WebServer, value: str) -> None:
    server.route("/a", flaky(1, 503, [("Retry-After", value)]))  # (byte 0xB2: "²" in latin-1)
    sleep = FakeSleep()
    assert fetch(server.url("/a"), sleep=sleep).outcome == "ok"  # (raised ValueError)
    assert len(server.requested("/a")) == 2 and len(sleep.calls) <= 1  # (a back-off)


def test_retry_after_http_date_is_honoured(server: WebServer) -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    server.route("/a", flaky(1, 429, [("Retry-After", later)]))
    sleep = FakeSleep()
    assert fetch(server.url("/a"), sleep=sleep).outcome == "ok"
    assert sleep.calls == [pytest.approx(30, abs=2)]


def test_retry_after_beyond_the_cap_leaves_the_host_for_the_run(server: WebServer) -> None:
    server.route("/a", flaky(1, 503, [("Retry-After", "86400")]))
    server.page("/b", HTML)
    sleep = FakeSleep()
    config = FetchConfig(delay=0, max_retry_after=60)
    first, second = fetch_all([server.url("/a"), server.url("/b")], config, sleep=sleep)
    assert first.outcome == second.outcome == "deferred"  # no attempt counted
    assert first.reason == "asked to wait 86400 s (Retry-After); 127.0.0.1 skipped this run"
    assert first.asked_to_wait and second.asked_to_wait  # (a poll so deferred failed not)
    assert (server.paths(), sleep.calls) == (["/robots.txt", "/a"], [])  # no wait, no ask


def test_retry_after_on_the_last_attempt_still_holds_the_host(server: WebServer) -> None:
    server.page("/a", b"busy", status=429, headers=[("Retry-After", "9")])
    server.page("/b", HTML)
    sleep = FakeSleep()

    async def one_after_the_other() -> list[FetchOutcome]:
        async with Fetcher(FetchConfig(delay=0, retries=0), sleep=sleep) as fetcher:
            first = await fetcher.fetch(server.url("/a"), trusted=True)
            return [first, await fetcher.fetch(server.url("/b"), trusted=True)]

    first, second = asyncio.run(one_after_the_other())
    assert (first.status, second.outcome) == (429, "ok")
    assert sleep.calls == [pytest.approx(9, abs=0.5)]  # /b waited as the server asked


def test_a_host_failing_url_after_url_is_left_alone_for_the_run(server: WebServer) -> None:
    for n in range(6):
        server.page(f"/{n}", b"down", status=503)
    server.page("/robots.txt", b"", content_type="text/plain")
    config = FetchConfig(delay=0, retries=0, concurrency=1)
    outcomes = fetch_all([server.url(f"/{n}") for n in range(6)], config)
    assert [o.outcome for o in outcomes] == ["error"] * 3 + ["deferred"] * 3
    assert outcomes[-1].reason == "127.0.0.1 failed 3 URLs in a row; skipped this run"
    assert server.paths() == ["/robots.txt", "/0", "/1", "/2"]


def test_an_answer_between_failures_keeps_the_host_going(server: WebServer) -> None:
    for n in range(6):
        server.page(f"/{n}", HTML if n % 2 else b"down", status=200 if n % 2 else 503)
    config = FetchConfig(delay=0, retries=0, concurrency=1)
    outcomes = fetch_all([server.url(f"/{n}") for n in range(6)], config)
    assert [o.outcome for o in outcomes] == ["error", "ok"] * 3


@pytest.mark.parametrize("status", [500, 502, 504])
def test_a_site_erring_on_every_page_is_left_alone(server: WebServer, status: int) -> None:
    for n in range(10):
        server.page(f"/{n}", b"bad deploy", status=status)
    config = FetchConfig(delay=0, backoff=0.01)
    outcomes = fetch_in_turn([server.url(f"/{n}") for n in range(10)], config)
    assert [o.outcome for o in outcomes] == ["error"] * 3 + ["deferred"] * 7
    assert len(server.paths()) == 1 + 3 * 2  # robots.txt, then 3 URLs asked twice each
    # Fetched all at once (a run's workers): once 3 have failed, no URL is asked again.
    before = len(server.paths())
    outcomes = fetch_all([server.url(f"/{n}") for n in range(10)], config)
    assert [o.outcome for o in outcomes].count("error") == 3
    assert len(server.paths()) - before == 1 + 10 + 3  # robots.txt, one each, 3 retried


def test_a_page_erring_on_its_own_does_not_leave_the_host_alone(server: WebServer) -> None:
    for n in range(6):
        server.page(f"/{n}", HTML if n % 3 == 2 else b"bug", status=200 if n % 3 == 2 else 500)
    config = FetchConfig(delay=0, retries=0, concurrency=1)
    outcomes = fetch_all([server.url(f"/{n}") for n in range(6)], config)
    assert [o.outcome for o in outcomes] == ["error", "error", "ok"] * 2


def test_parse_retry_after() -> None:
    now = datetime(2024, 1, 1, tzinfo=UTC)
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Mon, 01 Jan 2024 00:01:00 GMT", now=now) == 60
    assert parse_retry_after("Sun, 31 Dec 2023 00:00:00 GMT", now=now) == 0
    assert parse_retry_after("soon") is None
    assert parse_retry_after("\u00b2") is None  # (not ASCII digits)
    assert parse_retry_after(None) is None


# Conditional GET


def test_conditional_get_sends_validators_and_reads_304(server: WebServer) -> None:
    server.page("/a", status=304, content_type=None, headers=[("ETag", '"v2"')])
    stamp = "Wed, 21 Oct 2015 07:28:00 GMT"
    outcome = fetch(server.url("/a"), etag='"v1"', last_modified=stamp)
    assert (outcome.outcome, outcome.status) == ("not_modified", 304)
    assert outcome.page is not None
    assert outcome.page.header("etag") == '"v2"'  # the fresh validator, to store
    request = server.requested("/a")[0]
    assert request.header("if-none-match") == '"v1"'
    assert request.header("if-modified-since") == stamp


def test_validators_beyond_ascii_are_not_sent_back(server: WebServer) -> None:
    # UTF-8 bytes in the headers (http.server writes the str as Latin-1 bytes).
    utf8 = "caf\u00e9".encode().decode("latin-1")
    stamp = f"Wed, 21 Oct 2015 07:28:00 GMT {utf8}"
    server.page("/a", HTML, headers=[("ETag", f'"{utf8}"'), ("Last-Modified", stamp)])
    first = fetch(server.url("/a"))
    assert first.page is not None
    etag, modified = first.page.header("etag"), first.page.header("last-modified")
    assert etag is not None and not etag.isascii()
    second = fetch(server.url("/a"), etag=etag, last_modified=modified)
    assert second.outcome == "ok"  # asked unconditionally, not an error for good
    request = server.requested("/a")[1]
    assert (request.header("if-none-match"), request.header("if-modified-since")) == (None, None)


def test_304_to_an_unconditional_request_is_an_error(server: WebServer) -> None:
    server.page("/a", status=304, content_type=None)
    outcome = fetch(server.url("/a"))
    assert (outcome.outcome, outcome.status) == ("error", 304)


# What the body is


@pytest.mark.parametrize(
    ("content_type", "reason"),
    [
        ("application/pdf", "not HTML: application/pdf"),
        ("image/png", "not HTML: image/png"),
        ("application/json; charset=utf-8", "not HTML: application/json"),
    ],
)
def test_html_fetch_skips_other_types(server: WebServer, content_type: str, reason: str) -> None:
    server.page("/a", b"%PDF-1.7 ...", content_type=content_type)
    outcome = fetch(server.url("/a"))
    assert (outcome.outcome, outcome.reason) == ("skipped", reason)


@pytest.mark.parametrize("content_type", ["application/xhtml+xml", "TEXT/HTML"])
def test_html_types(server: WebServer, content_type: str) -> None:
    server.page("/a", HTML, content_type=content_type)
    assert fetch(server.url("/a")).outcome == "ok"


def test_missing_content_type_is_sniffed(server: WebServer) -> None:
    server.page("/page", b"\n  <HTML><body>hi</body></HTML>", content_type=None)
    server.page("/text", b"just some words", content_type=None)
    assert fetch(server.url("/page")).outcome == "ok"
    outcome = fetch(server.url("/text"))
    assert outcome.outcome == "skipped"
    assert outcome.reason == "not HTML: no Content-Type and the body does not look like HTML"


def test_empty_page_is_an_error_for_html_but_fine_for_a_feed(server: WebServer) -> None:
    server.page("/a", b"")
    assert (fetch(server.url("/a")).reason) == "empty response"
    outcome = fetch(server.url("/a"), accept="feed")
    assert outcome.outcome == "ok"
    assert outcome.page is not None
    assert outcome.page.body == b""


@pytest.mark.parametrize(
    "content_type", ["application/rss+xml", "application/atom+xml", "text/xml", "text/html"]
)
def test_feed_fetch_takes_xml_and_html(server: WebServer, content_type: str) -> None:
    server.page("/feed", b"<?xml version='1.0'?><rss/>", content_type=content_type)
    outcome = fetch(server.url("/feed"), accept="feed")
    assert outcome.outcome == "ok"
    assert "application/rss+xml" in (server.requested("/feed")[0].header("accept") or "")


def test_feed_fetch_inflates_a_gzip_sitemap_file(server: WebServer) -> None:
    sitemap = b"<?xml version='1.0'?><urlset><url><loc>http://a/</loc></url></urlset>"
    server.page("/sitemap.xml.gz", gzip.compress(sitemap), content_type="application/x-gzip")
    outcome = fetch(server.url("/sitemap.xml.gz"), accept="feed")
    assert outcome.page is not None
    assert outcome.page.body == sitemap


def test_feed_fetch_skips_images(server: WebServer) -> None:
    server.page("/feed", b"\x89PNG\r\n", content_type="image/png")
    assert fetch(server.url("/feed"), accept="feed").reason == "not a feed: image/png"


def test_any_fetch_takes_anything(server: WebServer) -> None:
    server.page("/doc.pdf", b"%PDF-1.7\x00\x01", content_type="application/pdf")
    outcome = fetch(server.url("/doc.pdf"), accept="any")
    assert outcome.page is not None
    assert outcome.page.body == b"%PDF-1.7\x00\x01"


# robots.txt


ROBOTS = b"""User-agent: *
Disallow: /private/
Crawl-delay: 5

User-agent: otherbot
Disallow: /
"""


def test_robots_disallowed_urls_are_never_requested(server: WebServer) -> None:
    server.page("/robots.txt", ROBOTS, content_type="text/plain")
    server.page("/private/a", HTML)
    server.page("/public", HTML)
    blocked, allowed = fetch_all([server.url("/private/a"), server.url("/public")])
    assert (blocked.outcome, blocked.reason) == ("blocked", "disallowed by robots.txt")
    assert allowed.outcome == "ok"
    assert server.paths() == ["/robots.txt", "/public"]  # robots.txt once, /private never


def test_robots_starting_with_a_byte_order_mark_is_obeyed(server: WebServer) -> None:
    server.page("/robots.txt", b"\xef\xbb\xbf" + ROBOTS, content_type="text/plain")
    server.page("/public", HTML)
    sleep = FakeSleep()
    blocked, allowed = fetch_all([server.url("/private/a"), server.url("/public")], sleep=sleep)
    assert (blocked.reason, allowed.outcome) == ("disallowed by robots.txt", "ok")
    assert sleep.calls == [pytest.approx(5, abs=0.5)]  # its Crawl-delay too


def test_robots_rules_for_our_agent_win(server: WebServer) -> None:
    server.page("/robots.txt", b"User-agent: scraper\nDisallow: /\n", content_type="text/plain")
    assert fetch(server.url("/a")).reason == "disallowed by robots.txt"


def test_crawl_delay_spaces_requests(server: WebServer) -> None:
    server.page("/robots.txt", ROBOTS, content_type="text/plain")
    server.page("/a", HTML)
    sleep = FakeSleep()
    fetch_all([server.url("/a"), server.url("/a"), server.url("/a")], sleep=sleep)
    # robots.txt, then three pages: each waits the Crawl-delay, the first one too.
    assert sleep.calls == [pytest.approx(5, abs=0.5)] * 3


def test_crawl_delay_is_capped(server: WebServer) -> None:
    server.page("/robots.txt", b"User-agent: *\nCrawl-delay: 3600\n", content_type="text/plain")
    server.page("/a", HTML)
    sleep = FakeSleep()
    fetch_all([server.url("/a")] * 2, FetchConfig(delay=0, max_retry_after=10), sleep=sleep)
    assert sleep.calls == [pytest.approx(10, abs=0.5)] * 2


@pytest.mark.parametrize("status", [401, 403, 404])
def test_robots_client_errors_allow_everything(server: WebServer, status: int) -> None:
    server.page("/robots.txt", b"User-agent: *\nDisallow: /\n", status=status)
    server.page("/a", HTML)
    assert fetch(server.url("/a")).outcome == "ok"


def test_robots_server_error_skips_the_site_this_run(server: WebServer) -> None:
    server.page("/robots.txt", b"down", status=503)
    server.page("/a", HTML)
    first, second = fetch_all([server.url("/a"), server.url("/b")], FetchConfig(delay=0, retries=1))
    assert first.outcome == second.outcome == "deferred"  # no attempt counted
    assert first.reason == (
        "robots.txt unavailable: HTTP 503 Service Unavailable (after 1 retry); "
        "127.0.0.1 skipped this run"
    )
    assert server.paths() == ["/robots.txt", "/robots.txt"]  # tried with its retry, once


def test_robots_answering_wait_an_hour_is_asked_once(server: WebServer) -> None:
    server.page("/robots.txt", b"slow down", status=429, headers=[("Retry-After", "3600")])
    sleep = FakeSleep()
    first, second = fetch_all([server.url("/a"), server.url("/b")], sleep=sleep)
    assert first.outcome == second.outcome == "deferred"
    assert (server.paths(), sleep.calls) == (["/robots.txt"], [])  # not again 120 s later


def test_oversized_robots_is_read_up_to_500_kb(server: WebServer) -> None:
    rules = b"User-agent: *\nDisallow: /private/\n" + b"# padding\n" * 100_000  # 1 MB
    server.page("/robots.txt", rules, content_type="text/plain")
    assert fetch(server.url("/private/a")).reason == "disallowed by robots.txt"


def test_robots_can_be_ignored(server: WebServer) -> None:
    server.page("/robots.txt", b"User-agent: *\nDisallow: /\n", content_type="text/plain")
    server.page("/a", HTML)
    assert fetch(server.url("/a"), FetchConfig(delay=0, respect_robots=False)).outcome == "ok"
    assert server.paths() == ["/a"]


# Politeness


def test_requests_to_one_host_are_spaced_by_the_delay(server: WebServer) -> None:
    server.page("/a", HTML)
    fetch_all([server.url("/a")] * 3, FetchConfig(delay=0.25), sleep=asyncio.sleep)
    times = [r.at for r in server.requests]
    assert [r.path for r in server.requests] == ["/robots.txt", "/a", "/a", "/a"]
    # Starts are spaced by the delay; arrivals at the server by the delay give or take the
    # client's scheduling (ms, more on a loaded machine). The robots.txt request is left
    # out: it opened the connection, which takes longer than reusing it.
    assert all(later - earlier >= 0.2 for earlier, later in itertools.pairwise(times[1:]))


def counting(peak: list[int], *, hold: float) -> Any:
    """A handler that records the most requests it ever served at once."""
    lock = threading.Lock()
    current = 0

    def handler(exchange: Exchange) -> None:
        nonlocal current
        with lock:
            current += 1
            peak[0] = max(peak[0], current)
        exchange.wait(hold)
        with lock:
            current -= 1
        exchange.send(HTML)

    return handler


def test_one_request_at_a_time_per_host_by_default(server: WebServer) -> None:
    peak = [0]
    server.route("/a", counting(peak, hold=0.1))
    config = FetchConfig(delay=0, respect_robots=False)
    outcomes = fetch_all([server.url("/a")] * 4, config)
    assert [o.outcome for o in outcomes] == ["ok"] * 4
    assert peak == [1]


def meeting(parties: int) -> Any:
    """A handler that answers only once `parties` requests are in flight together."""
    barrier = threading.Barrier(parties, timeout=5)

    def handler(exchange: Exchange) -> None:
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            exchange.send(b"alone", status=409)  # the requests were not concurrent
        else:
            exchange.send(HTML)

    return handler


def test_concurrency_allows_requests_in_parallel_to_one_host(server: WebServer) -> None:
    server.route("/a", meeting(2))
    config = FetchConfig(delay=0, concurrency=2, respect_robots=False)
    outcomes = fetch_all([server.url("/a")] * 2, config)
    assert [o.outcome for o in outcomes] == ["ok", "ok"]


def test_different_hosts_proceed_in_parallel(server: WebServer) -> None:
    server.route("/a", meeting(2))
    config = FetchConfig(delay=5.0, concurrency=1)
    urls = [server.url("/a"), server.url("/a", host="localhost")]
    outcomes = fetch_all(urls, config, sleep=FakeSleep())
    assert [o.outcome for o in outcomes] == ["ok", "ok"]


# Address policy (the SSRF guard); the test server is on a loopback address


def test_untrusted_loopback_url_is_blocked_before_any_request(server: WebServer) -> None:
    server.page("/a", HTML)
    outcome = fetch(server.url("/a"), trusted=False)
    assert (outcome.outcome, outcome.reason) == (
        "blocked",
        "refused: 127.0.0.1 is a loopback address",
    )
    outcome = fetch(server.url("/a", host="localhost"), trusted=False)
    assert outcome.outcome == "blocked"
    assert outcome.reason.startswith("refused: localhost resolves to loopback address")
    assert server.requests == []


def test_trusted_hosts_may_be_private(server: WebServer) -> None:
    server.page("/a", HTML)

    async def run() -> list[str]:
        async with Fetcher(QUICK, trusted_hosts=["127.0.0.1"]) as fetcher:
            fetcher.trust("LocalHost")
            first = await fetcher.fetch(server.url("/a"))
            second = await fetcher.fetch(server.url("/a", host="localhost"))
            return [first.outcome, second.outcome]

    assert asyncio.run(run()) == ["ok", "ok"]


def fake_resolver(*addresses: str) -> Any:
    async def resolve(host: str, port: int) -> Sequence[str]:
        return addresses

    return resolve


@pytest.mark.parametrize(
    ("addresses", "reason"),
    [
        (["93.184.215.14"], None),
        (["2606:2800:21f:cb07:6820:80da:af6b:8b2c"], None),
        (["10.0.0.5"], "refused: example.net resolves to private address 10.0.0.5"),
        (
            ["93.184.215.14", "192.168.1.1"],
            "refused: example.net resolves to private address 192.168.1.1",
        ),
        (
            ["169.254.169.254"],
            "refused: example.net resolves to link-local address 169.254.169.254",
        ),
        (["::ffff:7f00:1"], "refused: example.net resolves to loopback address ::ffff:7f00:1"),
        (["fe80::1%eth0"], "refused: example.net resolves to link-local address fe80::1"),
        (["fd00::1"], "refused: example.net resolves to private address fd00::1"),
        (["224.0.0.1"], "refused: example.net resolves to multicast address 224.0.0.1"),
        (["0.0.0.0"], "refused: example.net resolves to unspecified address 0.0.0.0"),
        (["240.0.0.1"], "refused: example.net resolves to reserved address 240.0.0.1"),
        (["100.64.0.1"], "refused: example.net resolves to non-public address 100.64.0.1"),
    ],
)
def test_address_policy(addresses: list[str], reason: str | None) -> None:
    refusal = asyncio.run(address_refusal("example.net", 80, fake_resolver(*addresses)))
    assert refusal == reason


def test_address_policy_on_ip_literals_needs_no_lookup() -> None:
    async def no_dns(host: str, port: int) -> Sequence[str]:
        raise AssertionError("resolved an IP literal")

    assert (
        asyncio.run(address_refusal("[::1]", 80, no_dns)) == "refused: [::1] is a loopback address"
    )
    assert asyncio.run(address_refusal("8.8.8.8", 80, no_dns)) is None


# Bad URLs never raise


@pytest.mark.parametrize(
    ("url", "outcome"),
    [
        ("not a url", "error"),
        ("", "error"),
        ("http://[::1", "error"),
        ("http:///path-only", "error"),
        ("ftp://127.0.0.1/file", "blocked"),
        ("mailto:someone@example.com", "blocked"),
        ("javascript:alert(1)", "blocked"),
        ("file:///etc/passwd", "blocked"),
    ],
)
def test_bad_urls_give_outcomes(url: str, outcome: str) -> None:
    result = fetch(url, trusted=False)
    assert result.outcome == outcome
    assert result.reason


def test_mock_transport_replaces_the_network() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, html="<html><body>mocked</body></html>")

    async def run() -> FetchOutcome:
        transport = httpx.MockTransport(answer)
        config = FetchConfig(delay=0, respect_robots=False)
        async with Fetcher(config, transport=transport, trusted_hosts=["example.org"]) as fetcher:
            return await fetcher.fetch("https://example.org/a")

    outcome = asyncio.run(run())
    assert outcome.page is not None
    assert outcome.page.body == b"<html><body>mocked</body></html>"


def test_a_failure_of_ours_is_an_outcome_not_an_exception() -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        raise RuntimeError("bug")

    async def run() -> FetchOutcome:
        config = FetchConfig(delay=0, respect_robots=False)
        transport = httpx.MockTransport(broken)
        async with Fetcher(config, transport=transport, trusted_hosts=["example.org"]) as fetcher:
            return await fetcher.fetch("https://example.org/a")

    outcome = asyncio.run(run())
    assert (outcome.outcome, outcome.reason) == ("error", "unexpected error: RuntimeError('bug')")


def test_host_names_are_compared_as_the_network_sees_them() -> None:
    assert host_key(" Bücher.DE. ") == "xn--bcher-kva.de"
    assert host_key("[::1]") == host_key("::1") == "::1"


@pytest.mark.parametrize(
    "options", [{"timeout": 0}, {"max_bytes": -1}, {"concurrency": 0}, {"retries": -1}]
)
def test_impossible_config_is_refused(options: dict[str, Any]) -> None:
    with pytest.raises(UsageError):
        FetchConfig(**options)


def test_human_size() -> None:
    assert [human_size(n) for n in (20_000_000, 1_500_000, 512_000, 12)] == [
        "20 MB",
        "1.5 MB",
        "512 kB",
        "12 bytes",
    ]
