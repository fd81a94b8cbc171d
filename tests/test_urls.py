"""URL normalisation, hosts, and the article-link guess."""

from __future__ import annotations

import pytest

from scraper.urls import (
    host_of,
    is_home_page,
    is_probably_article,
    normalize_url,
    on_hosts,
    same_site,
)

NORMALIZED = [
    # scheme and host case, default ports, empty path
    ("HTTP://Example.COM", "http://example.com/"),
    ("https://EXAMPLE.com:443/a", "https://example.com/a"),
    ("http://example.com:80/a", "http://example.com/a"),
    ("https://example.com:80/a", "https://example.com:80/a"),
    ("http://example.com:8080/a", "http://example.com:8080/a"),
    ("http://example.com:/a", "http://example.com/a"),
    ("http://example.com./a", "http://example.com/a"),
    # fragments and empty queries
    ("https://example.com/a#section-2", "https://example.com/a"),
    ("https://example.com/a?#x", "https://example.com/a"),
    ("https://example.com/a?", "https://example.com/a"),
    ("https://example.com/a?b=1&&c=2&", "https://example.com/a?b=1&c=2"),
    # tracking parameters go, others keep their order and case
    ("https://example.com/a?utm_source=rss&utm_medium=feed", "https://example.com/a"),
    ("https://example.com/a?z=1&UTM_Campaign=x&a=2", "https://example.com/a?z=1&a=2"),
    ("https://example.com/a?id=7&fbclid=IwAR0abc&gclid=xyz", "https://example.com/a?id=7"),
    ("https://example.com/a?xtor=RSS-3208&CMP=share_btn_tw&smid=tw-share", "https://example.com/a"),
    ("https://example.com/a?mc_cid=1&mc_eid=2&igshid=3&ref_src=twsrc", "https://example.com/a"),
    ("https://example.com/a?_ga=2.1&Page=3", "https://example.com/a?Page=3"),
    ("https://example.com/a?utm%5Fsource=x&q=1", "https://example.com/a?q=1"),
    ("https://example.com/a?ref=home&utm_content=b", "https://example.com/a?ref=home"),
    # dot segments
    ("https://example.com/a/./b/../c", "https://example.com/a/c"),
    ("https://example.com/../../a", "https://example.com/a"),
    ("https://example.com/a/b/..", "https://example.com/a/"),
    ("https://example.com/a/.", "https://example.com/a/"),
    ("https://example.com/a/%2E%2E/b", "https://example.com/b"),
    ("https://example.com/a//b", "https://example.com/a//b"),
    # percent-encoding: upper-case hex, unreserved decoded, unsafe encoded
    ("https://example.com/caf%c3%a9", "https://example.com/caf%C3%A9"),
    ("https://example.com/%7Euser/%41b", "https://example.com/~user/Ab"),
    ("https://example.com/a%2Fb", "https://example.com/a%2Fb"),
    ("https://example.com/a b", "https://example.com/a%20b"),
    ("https://example.com/100%", "https://example.com/100%25"),
    ("https://example.com/%zz", "https://example.com/%25zz"),
    ("https://example.com/a?q=x y&r=%e2%82%ac", "https://example.com/a?q=x%20y&r=%E2%82%AC"),
    ("https://example.com/a?q=a+b", "https://example.com/a?q=a+b"),
    # unicode paths and IDN hosts
    ("https://example.com/café", "https://example.com/caf%C3%A9"),
    ("https://example.com/新闻/报道", "https://example.com/%E6%96%B0%E9%97%BB/%E6%8A%A5%E9%81%93"),
    ("https://münchen.de/", "https://xn--mnchen-3ya.de/"),
    ("https://MÜNCHEN.de/", "https://xn--mnchen-3ya.de/"),
    ("https://xn--mnchen-3ya.de/", "https://xn--mnchen-3ya.de/"),
    (
        "https://новости.рф/статья",
        "https://xn--b1amnebsh.xn--p1ai/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F",
    ),
    # IP literals
    ("http://[2001:DB8::0:1]:8080/x", "http://[2001:db8::1]:8080/x"),
    ("http://127.0.0.1:80/", "http://127.0.0.1/"),
    # credentials are dropped; whitespace and controls as browsers treat them
    ("https://user:secret@example.com/a", "https://example.com/a"),
    ("  https://example.com/a\n", "https://example.com/a"),
    ("https://exam\tple.com/a\nb", "https://example.com/ab"),
    ("https:\\\\example.com\\a\\b", "https://example.com/a/b"),
    # garbage
    ("", None),
    ("   ", None),
    ("not a url", None),
    ("javascript:alert(1)", None),
    ("JavaScript:void(0)", None),
    ("mailto:tips@example.com", None),
    ("ftp://example.com/file", None),
    ("data:text/html,hi", None),
    ("//example.com/a", None),  # protocol-relative without a base
    ("/relative/path", None),
    ("http://", None),
    ("http:///path", None),
    ("http://[::1", None),
    ("http://example.com:99999/", None),
    ("http://example.com:port/", None),
    ("http://exa mple.com/", None),
    ("http://ex<am>ple.com/", None),
    ("http://-example-.com/", None),
    ("http://" + "a" * 64 + ".com/", None),
    ("https://example.com/" + "a" * 5000, None),
]


@pytest.mark.parametrize(("url", "expected"), NORMALIZED)
def test_normalize_url(url: str, expected: str | None) -> None:
    assert normalize_url(url) == expected


@pytest.mark.parametrize(("url", "expected"), [pair for pair in NORMALIZED if pair[1]])
def test_normalized_urls_are_fixed_points(url: str, expected: str) -> None:
    assert normalize_url(expected) == expected


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        ("b", "https://example.com/a/", "https://example.com/a/b"),
        ("../x?y=1#z", "https://example.com/a/b/c", "https://example.com/a/x?y=1"),
        ("/root", "https://example.com/a/b", "https://example.com/root"),
        ("//cdn.example.com/i.js", "https://example.com/", "https://cdn.example.com/i.js"),
        ("?page=2", "https://example.com/news?page=1", "https://example.com/news?page=2"),
        ("#top", "https://example.com/a?b=1", "https://example.com/a?b=1"),
        ("", "https://example.com/a", "https://example.com/a"),
        ("https://other.example/x", "https://example.com/", "https://other.example/x"),
        ("mailto:x@example.com", "https://example.com/", None),
        ("javascript:void(0)", "https://example.com/", None),
        ("b", "not a base", None),
        ("b", "ftp://example.com/", None),
    ],
)
def test_normalize_url_joins_with_base(url: str, base: str, expected: str | None) -> None:
    assert normalize_url(url, base) == expected


@pytest.mark.parametrize("junk", [None, 42, b"https://example.com/"])
def test_normalize_url_returns_none_for_non_strings(junk: object) -> None:
    assert normalize_url(junk) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://WWW.Example.com:8443/a", "www.example.com"),
        ("https://example.com./", "example.com"),
        ("http://[::1]/", "::1"),
        ("/relative", ""),
        ("http://[broken", ""),
    ],
)
def test_host_of(url: str, host: str) -> None:
    assert host_of(url) == host


@pytest.mark.parametrize(
    ("host", "site", "expected"),
    [
        ("www.example.com", "example.com", True),
        ("live.example.com", "www.example.com", True),
        ("news.bbc.co.uk", "www.bbc.co.uk", True),
        ("www.abc.net.au", "abc.net.au", True),
        ("evil.co.uk", "www.bbc.co.uk", False),
        ("example.org", "example.com", False),
        ("", "example.com", False),
        # Hosting domains where anyone has a site (the list's private part)
        ("bob.blogspot.com", "alice.blogspot.com", False),
        ("www.alice.blogspot.com", "alice.blogspot.com", True),
        ("bob.github.io", "alice.github.io", False),
        ("news.example.test", "www.example.test", True),  # a domain the list does not know
        ("127.0.0.1", "127.0.0.2", False),
        ("localhost", "localhost", True),
    ],
)
def test_same_site(host: str, site: str, expected: bool) -> None:
    assert same_site(host, site) is expected


SITE = "www.example.com"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.com/2024/01/16/council-approves-budget",
        "https://www.example.com/news/2024/01/16/budget/",
        "https://www.example.com/2024-01-16/budget",
        "https://www.example.com/world/europe/story-12345.html",
        "https://www.example.com/politics/67890123",
        "https://www.example.com/opinion/why-the-harbour-needs-a-new-bridge",
        "https://example.com/sport/cup-final-ends-in-penalties",
        "https://live.example.com/sport/cup-final-live-reaction",
        "https://www.example.com/a/b/story.php?id=123456",
        "https://www.example.com/magazine/archive/2024/01/the-quiet-harbour/677123/",
        "https://www.example.com/news/articles/c4ng5v9kq9xo",  # BBC's ids
        "https://www.example.com/business/2024/jan/16/ftse-100",  # a month by its name
        "https://www.example.com/?p=4101",  # WordPress's default address for a post
        "https://www.example.com/sections/world/2024/01/16/harbour",  # dated, in a section
    ],
)
def test_article_links(url: str) -> None:
    assert is_probably_article(url, SITE)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.com/",
        "https://www.example.com/world/",
        "https://www.example.com/world/europe",
        "https://www.example.com/tag/elections/",
        "https://www.example.com/category/sport/cup-final-ends-in-penalties",
        "https://www.example.com/author/maria-okafor-smith-jones/",
        "https://www.example.com/search?q=long-query-with-many-words",
        "https://www.example.com/login?next=/2024/01/16/story",
        "https://www.example.com/news/page/2/",
        "https://www.example.com/news/council-approves-new-budget?page=2",
        "https://www.example.com/2024/01/",
        "https://www.example.com/2024/01/16/",
        "https://www.example.com/feed/",
        "https://www.example.com/wp-content/uploads/2024/01/photo-of-the-harbour.jpg",
        "https://www.example.com/media/interview-with-the-mayor-12345.mp3",
        "https://www.example.com/static/app-bundle-12345.js",
        "https://www.example.com/about-us/",
        "https://www.example.com/privacy-policy/",
        "https://www.example.com/staff/ann-marie-writer-reporter",
        "https://www.example.com/series/the-long-read-essays-series",
        "https://www.example.com/podcasts/the-daily-news-podcast-show",
        "https://www.example.com/2024/01/16/story/attachment/photo-of-the-harbour/",
        "https://www.example.com/?s=harbour&p=4101",
        "https://www.example.com/news/articles/",
        "https://elsewhere.example/2024/01/16/council-approves-budget",
        "mailto:desk@example.com",
        "not a url",
    ],
)
def test_not_article_links(url: str) -> None:
    assert not is_probably_article(url, SITE)


def test_is_probably_article_without_a_site_accepts_any_host() -> None:
    assert is_probably_article("https://elsewhere.example/2024/01/16/council-approves-budget")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://bbc.co.uk/news/1", True),
        ("https://www.BBC.co.uk:8443/news/1", True),  # any case, any port
        ("https://bbc.co.uk./news/1", True),
        ("https://notbbc.co.uk/news/1", False),  # a host that only ends alike
        ("https://bbc.co.uk.evil.example/1", False),
        ("https://co.uk/1", False),  # a parent domain is not the site
        ("https://xn--bcher-kva.example/1", True),
        ("https://bücher.example/1", True),
        ("not a url", False),
        ("", False),
    ],
)
def test_on_hosts_takes_a_host_and_its_subdomains(url: str, expected: bool) -> None:
    assert on_hosts(url, {"bbc.co.uk", "xn--bcher-kva.example"}) is expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/", True),
        ("https://example.com", True),
        ("https://example.com/news/a.html", False),
        # urllib raises on an unbalanced IPv6 bracket: a feed's guid such as this one
        # made reading the whole feed fail.
        ("http://]]>www.example.com/news/a.html", False),
        ("http://[::1/", False),
    ],
)
def test_is_home_page(url: str, expected: bool) -> None:
    assert is_home_page(url) is expected
