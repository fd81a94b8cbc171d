"""The never-crash promises of discovery, checked on arbitrary and mutated input."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scraper.discover import discover, parse_feed, parse_page, parse_sitemap
from scraper.errors import FeedError
from scraper.models import Discovered
from scraper.urls import is_probably_article, normalize_url

FEEDS = Path(__file__).parent / "feeds"
FIXTURES = [path.read_bytes() for path in sorted(FEEDS.iterdir()) if path.is_file()]
BASE = "https://www.example.com/feed/"

# Deadlines are generous (CI machines are slow and shared); they catch hangs, not slowness.
fuzz = settings(max_examples=1000, deadline=2000, suppress_health_check=[HealthCheck.too_slow])

URL_PIECES = [
    *"abcXYZ019-._~:/?#[]@!$&'()*+,;=% \t\n\\<>\"{}|^`",
    *["é", "ß", "新", "\u200b", "\x00", "\ud800", "xn--", "..", "%2e", "%zz", "%C3%A9"],
]
url_chars = st.sampled_from(URL_PIECES)
url_like = st.builds(
    lambda scheme, rest: scheme + rest,
    st.sampled_from(["http://", "https://", "HTTP://", "//", "", "javascript:", "http:", "ftp://"]),
    st.lists(url_chars, max_size=40).map("".join),
)


@fuzz
@given(st.one_of(st.text(max_size=200), url_like))
def test_normalize_url_never_raises_and_is_idempotent(url: str) -> None:
    once = normalize_url(url)
    if once is not None:
        assert once.startswith(("http://", "https://"))
        assert normalize_url(once) == once


@fuzz
@given(url_like, st.sampled_from([BASE, "https://münchen.de/a/b?c", "http://[::1]:8080/x/"]))
def test_normalize_url_with_base_is_idempotent(url: str, base: str) -> None:
    once = normalize_url(url, base)
    if once is not None:
        assert normalize_url(once) == once
        assert normalize_url(once, base) == once


@fuzz
@given(st.one_of(st.text(max_size=200), url_like))
def test_is_probably_article_never_raises(url: str) -> None:
    assert is_probably_article(url, "www.example.com") in (True, False)


PARSERS: list[Callable[[bytes, str], list[Discovered]]] = [parse_feed, parse_sitemap, parse_page]


def _check(parser: Callable[[bytes, str], list[Discovered]], body: bytes) -> None:
    try:
        items = parser(body, BASE)
    except FeedError as error:
        assert str(error)
        assert error.url == BASE
        return
    assert isinstance(items, list)
    assert all(isinstance(item, Discovered) for item in items)
    urls = [item.url for item in items]
    assert len(urls) == len(set(urls))
    assert all(normalize_url(url) == url for url in urls)


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
@fuzz
@given(body=st.binary(max_size=2000))
def test_parsers_on_arbitrary_bytes(
    parser: Callable[[bytes, str], list[Discovered]], body: bytes
) -> None:
    _check(parser, body)


# Bytes that break XML and HTML in the ways real documents break.
INSERTS = [b"<", b">", b"&", b"&amp;", b"]]>", b"<![CDATA[", b"\x00", b"\xff\xfe", b"\xc3"]
INSERTS += [b"<!DOCTYPE x>", b"</item>", b"<url>", b"<loc>", b"&nbsp;", b"<!--"]


@st.composite
def mutated_fixture(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(FIXTURES)))
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data)))
        operation = draw(st.sampled_from(["insert", "delete", "replace", "truncate"]))
        if operation == "insert":
            data[position:position] = draw(st.sampled_from(INSERTS))
        elif operation == "delete":
            del data[position : position + draw(st.integers(1, 50))]
        elif operation == "replace" and position < len(data):
            data[position] = draw(st.integers(0, 255))
        else:
            del data[position:]
    return bytes(data)


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
@fuzz
@given(body=mutated_fixture())
def test_parsers_on_mutated_fixtures(
    parser: Callable[[bytes, str], list[Discovered]], body: bytes
) -> None:
    _check(parser, body)


@fuzz
@given(body=mutated_fixture(), gzipped=st.booleans(), content_type=st.sampled_from(
    [None, "text/html", "application/rss+xml", "text/xml", "text/plain", "application/x-gzip"]
))  # fmt: skip
def test_discover_on_mutated_fixtures(body: bytes, gzipped: bool, content_type: str | None) -> None:
    if gzipped:
        body = gzip.compress(body)[: len(body) // 2 or None] if body[:1] == b"<" else body
    try:
        kind, items = discover(body, content_type, BASE)
    except FeedError:
        return
    assert kind in ("feed", "sitemap", "page")
    assert isinstance(items, list)
