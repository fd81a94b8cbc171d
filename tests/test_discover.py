"""Discovery: feeds, sitemaps and pages → Discovered URLs, and hostile input refused."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from scraper.discover import detect_kind, discover, parse_feed, parse_page, parse_sitemap
from scraper.errors import FeedError
from scraper.models import Discovered
from scraper.xmlsafe import MAX_DECOMPRESSED_BYTES, decode_xml, gunzip_capped

FEEDS = Path(__file__).parent / "feeds"
GAZETTE = "https://www.harbourgazette.example/feed/"
NORTHSTAR = "https://www.northstar-daily.example/"


def fixture(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


def urls(items: list[Discovered]) -> list[str]:
    return [item.url for item in items]


# --- feeds ---------------------------------------------------------------------------------


def test_rss2_items_are_normalized_deduplicated_and_in_order() -> None:
    items = parse_feed(fixture("rss2.xml"), GAZETTE)
    assert urls(items) == [
        "https://www.harbourgazette.example/2024/01/16/ferry-timetable-changes/",
        "https://www.harbourgazette.example/2024/01/15/lifeboat-crew-honoured/",
        "https://www.harbourgazette.example/2024/01/14/market-square-repairs/",  # permalink guid
        "https://www.harbourgazette.example/tides/2024-january-tide-tables",  # relative link
    ]
    assert all(item.kind == "article" for item in items)


def test_rss2_dates_and_titles() -> None:
    first, second, *_ = parse_feed(fixture("rss2.xml"), GAZETTE)
    assert first.title == "Ferry timetable changes from Monday"  # markup removed
    assert first.lastmod == "2024-01-16T08:30:00+00:00"
    assert second.lastmod == "2024-01-15T16:05:00+00:00"  # +0100 converted to UTC


def test_atom_resolves_relative_links_against_xml_base() -> None:
    items = parse_feed(fixture("atom.xml"), "https://blog.fieldnotes.example/atom.xml")
    assert items == [
        Discovered(
            "https://blog.fieldnotes.example/posts/counting-swifts-over-the-estuary",
            "article",
            "2024-02-03T08:30:00+00:00",  # <updated> wins over <published>
            "Counting swifts over the estuary",
            "tag:blog.fieldnotes.example,2024:counting-swifts",  # its id: the story's
        ),
        Discovered(
            "https://blog.fieldnotes.example/posts/winter-moth-survey-results",
            "article",
            "2023-12-20T18:00:00+00:00",
            "Winter moth survey",
            "tag:blog.fieldnotes.example,2023:moths",
        ),
        Discovered(  # no <link>: the id is a URL
            "https://blog.fieldnotes.example/posts/notes-from-the-hide",
            "article",
            "2023-12-01T12:00:00+00:00",
            "Notes without a link",
            "https://blog.fieldnotes.example/posts/notes-from-the-hide",
        ),
    ]


def test_rss1_rdf_in_latin1() -> None:
    items = parse_feed(fixture("rss1.rdf"), "http://www.valleyherald.example/rss")
    assert urls(items) == [
        "http://www.valleyherald.example/news/caf-opens-12345.html",
        "http://www.valleyherald.example/news/bridge-vote-12346.html",
    ]
    assert items[0].title == "Café opens on the old mill site"
    assert items[0].lastmod == "2024-03-05T07:00:00+00:00"


def test_feed_with_undeclared_html_entities_is_read_leniently() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Caf&eacute;&nbsp;news</title>'
        b"<item><title>Ten&nbsp;things</title><link>https://news.example/ten-things-to-do-now"
        b"</link></item></channel></rss>"
    )
    [item] = parse_feed(body, "https://news.example/rss")
    assert item.url == "https://news.example/ten-things-to-do-now"
    assert item.title == "Ten\u00a0things".replace("\u00a0", " ")


def test_truncated_feed_keeps_the_items_before_the_cut() -> None:
    body = fixture("rss2.xml")
    cut = body.index(b"<title>Duplicate")
    items = parse_feed(body[:cut], GAZETTE)
    assert len(items) == 2


def test_feed_cut_off_in_its_first_item_is_malformed_not_empty() -> None:
    body = fixture("rss2.xml")
    cut = body.index(b"<item>") + len(b"<item><title>Break")
    with pytest.raises(FeedError, match="malformed feed"):
        parse_feed(body[:cut], GAZETTE)


def test_feed_that_is_really_html_raises() -> None:
    with pytest.raises(FeedError, match="HTML page") as caught:
        parse_feed(fixture("homepage.html"), NORTHSTAR)
    assert caught.value.url == NORTHSTAR


@pytest.mark.parametrize(
    "body",
    [b"", b"   \n", b"\x00\x01\x02binary", b"just some words", b'{"version": "jsonfeed"}'],
)
def test_not_a_feed_raises_feed_error(body: bytes) -> None:
    with pytest.raises(FeedError, match="not a feed"):
        parse_feed(body, GAZETTE)


def test_feedparser_crash_becomes_feed_error() -> None:
    # feedparser 6.0.x lets a ValueError out of its SAX handler on this namespace declaration.
    with pytest.raises(FeedError, match="feedparser failed"):
        parse_feed(b'<?A?><A A=""\txmlns:n--s="!\xa0!"><n--s:A>', GAZETTE)


def test_feed_quoting_an_entity_declaration_without_a_dtd_is_read() -> None:
    body = (
        b'<rss version="2.0"><channel><item><title>XXE explained</title>'
        b"<link>https://sec.example/2024/xxe-explained</link><description><![CDATA["
        b'<pre>&lt;!ENTITY x SYSTEM "file:///etc/passwd"&gt;</pre> <!ENTITY in prose]]>'
        b"</description></item></channel></rss>"
    )
    assert urls(parse_feed(body, "https://sec.example/feed")) == [
        "https://sec.example/2024/xxe-explained"
    ]


def test_feed_given_as_bytes_that_look_like_a_path_is_not_opened(tmp_path: Path) -> None:
    # feedparser.parse(bytes) opens a file of that name; ours must only ever read the bytes.
    (tmp_path / "feed.xml").write_bytes(fixture("rss2.xml"))
    with pytest.raises(FeedError):
        parse_feed(str(tmp_path / "feed.xml").encode(), GAZETTE)


# --- sitemaps ------------------------------------------------------------------------------


def test_google_news_sitemap() -> None:
    items = parse_sitemap(fixture("news-sitemap.xml"), NORTHSTAR + "news-sitemap.xml")
    assert items == [
        Discovered(
            NORTHSTAR + "world/2024/05/02/summit-ends-without-deal",
            "article",
            "2024-05-02T16:45:00+00:00",  # <news:publication_date> (no <lastmod>), in UTC
            "Summit ends without a deal",  # not the <image:title>
        ),
        Discovered(
            NORTHSTAR + "business/2024/05/02/rates-held?ref=home",
            "article",
            "2024-05-02T16:00:00+00:00",  # <lastmod> wins
            "Central bank holds rates & signals patience",
        ),
        Discovered(NORTHSTAR + "sport/2024/05/01/cup-final-report"),  # CDATA; bad date dropped
    ]


def test_sitemap_index_lists_sitemaps_including_itself() -> None:
    index_url = NORTHSTAR + "sitemap_index.xml"
    items = parse_sitemap(fixture("sitemap-index.xml"), index_url)
    assert [(item.url, item.kind, item.lastmod) for item in items] == [
        (NORTHSTAR + "sitemaps/news.xml", "sitemap", "2024-05-02T18:50:00+00:00"),
        (NORTHSTAR + "sitemaps/2024-04.xml.gz", "sitemap", "2024-05-01"),
        (index_url, "sitemap", None),  # the self-reference, normalised so the caller sees it
        (NORTHSTAR + "sitemaps/video.xml", "sitemap", None),  # relative loc resolved
    ]


def test_gzip_sitemap_is_decompressed() -> None:
    plain = fixture("news-sitemap.xml")
    assert parse_sitemap(gzip.compress(plain), NORTHSTAR) == parse_sitemap(plain, NORTHSTAR)


def test_multi_member_gzip() -> None:
    text = b"https://a.example/one-long-story-here\nhttps://a.example/two-long-story-here\n"
    body = gzip.compress(text[:40]) + gzip.compress(text[40:])
    assert len(parse_sitemap(body, "https://a.example/sitemap.txt")) == 2


def test_gzip_bomb_is_refused_at_the_cap() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * (2 * 1024 * 1024))
    with pytest.raises(FeedError, match="larger than 1 MB"):
        gunzip_capped(bomb, NORTHSTAR, limit=1024 * 1024)
    assert MAX_DECOMPRESSED_BYTES == 50 * 1024 * 1024


def test_corrupt_gzip_raises_feed_error() -> None:
    with pytest.raises(FeedError, match="gzip"):
        parse_sitemap(b"\x1f\x8b\x08\x00garbage-garbage", NORTHSTAR)


def test_text_sitemap() -> None:
    body = b"https://a.example/first-story-of-the-day\n\nnot a url\nhttps://a.example/second\n"
    assert urls(parse_sitemap(body, "https://a.example/sitemap.txt")) == [
        "https://a.example/first-story-of-the-day",
        "https://a.example/second",
    ]


def test_sitemap_with_bare_ampersands_is_recovered() -> None:
    body = (
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://a.example/story?id=1&lang=en</loc></url>"
        b"<url><loc>https://a.example/story?id=2&amp;lang=en</loc></url></urlset>"
    )
    assert urls(parse_sitemap(body, "https://a.example/sitemap.xml")) == [
        "https://a.example/story?id=1&lang=en",
        "https://a.example/story?id=2&lang=en",
    ]


def test_one_bad_entry_does_not_lose_the_rest() -> None:
    entries = [f"https://a.example/story-{i}?id={i}&amp;x=1" for i in range(5)]
    entries[2] = entries[2].replace("&amp;", "&")  # the bare & that breaks the XML
    body = "<urlset>" + "".join(f"<url><loc>{loc}</loc></url>" for loc in entries) + "</urlset>"
    items = parse_sitemap(body.encode(), "https://a.example/sitemap.xml")
    assert urls(items) == [f"https://a.example/story-{i}?id={i}&x=1" for i in range(5)]


def test_broken_sitemap_keeps_entries_before_the_break() -> None:
    body = fixture("news-sitemap.xml")
    cut = body.index(b"<url>\n    <loc><![CDATA[")
    assert len(parse_sitemap(body[:cut] + b"<url><loc>oops</lo", NORTHSTAR)) == 2


def test_empty_urlset_is_not_an_error() -> None:
    body = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>'
    assert parse_sitemap(body, NORTHSTAR) == []


def test_feed_accepted_as_sitemap() -> None:
    assert parse_sitemap(fixture("rss2.xml"), GAZETTE) == parse_feed(fixture("rss2.xml"), GAZETTE)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty"),
        (b"<html><body>Not found</body></html>", "HTML page"),
        (b"<?xml version='1.0'?><catalog><book/></catalog>", "<catalog>"),
        (b"<urlset><url><loc>", "malformed XML"),
        (b"<<<>>>", "no XML element"),
        (b"nothing here", "neither XML nor a list of URLs"),
    ],
)
def test_unreadable_sitemap_raises_feed_error(body: bytes, reason: str) -> None:
    with pytest.raises(FeedError, match=reason) as caught:
        parse_sitemap(body, NORTHSTAR)
    assert caught.value.url == NORTHSTAR


@pytest.mark.parametrize(("count", "warned"), [(3, False), (10, True)])
def test_sitemap_entries_are_capped(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, count: int, warned: bool
) -> None:
    monkeypatch.setattr("scraper.discover_sitemap.MAX_SITEMAP_ENTRIES", 3)
    body = (
        b"<urlset>"
        + b"".join(b"<url><loc>https://a.example/story-%d</loc></url>" % i for i in range(count))
        + b"</urlset>"
    )
    assert len(parse_sitemap(body, NORTHSTAR)) == 3
    assert ("more than 3 entries" in caplog.text) is warned


# --- hostile XML ---------------------------------------------------------------------------

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>\n"
)
QUADRATIC = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "' + b"A" * 50_000 + b'">]>\n'
# feedparser reads DTDs with regular expressions: a declaration inside a comment counts.
COMMENTED = (
    b'<?xml version="1.0"?>\n<!DOCTYPE rss>\n<!--\n<!ENTITY a "' + b"A" * 50_000 + b'">\n-->\n'
)


def rss_using(prolog: bytes, entity: bytes) -> bytes:
    return prolog + (
        b'<rss version="2.0"><channel><item><title>' + entity * 1000 + b"</title>"
        b"<link>https://a.example/a-story-about-laughs</link></item></channel></rss>"
    )


def urlset_using(prolog: bytes, entity: bytes) -> bytes:
    return (
        prolog + b"<urlset><url><loc>https://a.example/" + entity * 1000 + b"</loc></url></urlset>"
    )


@pytest.mark.parametrize(
    ("prolog", "entity"),
    [(BILLION_LAUGHS, b"&lol9;"), (QUADRATIC, b"&a;"), (COMMENTED, b"&a;")],
    ids=["billion-laughs", "quadratic", "commented-declaration"],
)
@pytest.mark.parametrize("parser", [parse_feed, parse_sitemap, discover], ids=lambda p: p.__name__)
def test_entity_expansion_is_refused(prolog: bytes, entity: bytes, parser: object) -> None:
    for body in (rss_using(prolog, entity), urlset_using(prolog, entity)):
        with pytest.raises(FeedError, match="refused"):
            if parser is discover:
                discover(body, "application/xml", "https://a.example/x.xml")
            else:
                parser(body, "https://a.example/x.xml")  # type: ignore[operator]


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("TOP-SECRET-CANARY-7731")
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-7"])
def test_external_entities_are_refused(secret_file: Path, encoding: str) -> None:
    doctype = f'<!DOCTYPE r [<!ENTITY x SYSTEM "{secret_file.as_uri()}">]>'
    for root in (
        "<rss version='2.0'><channel><item><title>&x;</title>"
        "<link>https://a.example/s?&x;</link></item></channel></rss>",
        "<urlset><url><loc>https://a.example/&x;</loc></url></urlset>",
    ):
        body = f'<?xml version="1.0" encoding="{encoding}"?>{doctype}{root}'.encode(encoding)
        for parser in (parse_feed, parse_sitemap):
            try:
                result = repr(parser(body, "https://a.example/x.xml"))
            except FeedError as error:
                result = str(error)
            assert "TOP-SECRET" not in result


def test_defusedxml_refuses_entities_the_screen_missed() -> None:
    # Second line of defence: _parse_xml is what runs after the screen.
    from scraper.discover_sitemap import _parse_xml

    with pytest.raises(FeedError, match="refused"):
        _parse_xml(decode_xml(urlset_using(QUADRATIC, b"&a;")), NORTHSTAR)


def test_plain_doctype_without_entities_is_accepted() -> None:
    netscape = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC '
        b'"-//Netscape Communications//DTD RSS 0.91//EN" '
        b'"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
    )
    body = netscape + fixture("rss2.xml").split(b"?>", 1)[1]
    assert len(parse_feed(body, GAZETTE)) == 4


# --- pages ---------------------------------------------------------------------------------


def test_homepage_links() -> None:
    items = parse_page(fixture("homepage.html"), NORTHSTAR)
    assert [(item.kind, item.url) for item in items] == [
        ("feed", NORTHSTAR + "feed/"),
        ("feed", NORTHSTAR + "world/atom.xml"),
        ("sitemap", NORTHSTAR + "sitemap_index.xml"),
        ("article", NORTHSTAR + "world/2024/05/02/summit-ends-without-deal"),
        ("article", NORTHSTAR + "business/central-bank-holds-rates-and-signals-patience"),
        ("article", NORTHSTAR + "news/harbour-fire-investigation-98765.html"),
        (
            "article",
            "https://live.northstar-daily.example/sport/cup-final-live-reaction-and-analysis",
        ),
        ("feed", NORTHSTAR + "rss.xml"),
        ("sitemap", NORTHSTAR + "news-sitemap.xml"),
    ]
    assert items[0].title == "Northstar Daily » Feed"
    assert items[3].title == "Summit ends without a deal"


def test_page_links_resolve_against_base_href() -> None:
    body = (
        b'<html><head><base href="https://static.example.com/en/"></head><body>'
        b'<a href="politics/parliament-passes-the-housing-bill">Housing bill</a></body></html>'
    )
    [item] = parse_page(body, "https://www.example.com/")
    assert item.url == "https://static.example.com/en/politics/parliament-passes-the-housing-bill"


def test_page_title_comes_from_a_later_duplicate_link() -> None:
    body = (
        b'<a href="/2024/05/02/budget-passes"><img src="x.jpg"></a>'
        b'<a href="/2024/05/02/budget-passes">Budget passes</a>'
    )
    [item] = parse_page(body, "https://www.example.com/")
    assert item.title == "Budget passes"


def test_pathologically_deep_page_is_flattened_and_its_links_kept() -> None:
    # Lexbor is quadratic in this depth; 100 000 nested <div> would take it ~20 s.
    body = b"<div>" * 100_000 + b'<a href="/2024/05/02/budget-passes">Budget passes</a>'
    [item] = parse_page(body, "https://www.example.com/")
    assert item.url == "https://www.example.com/2024/05/02/budget-passes"


def test_feed_too_large_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("scraper.discover_feed.MAX_FEED_CHARS", 1000)
    with pytest.raises(FeedError, match="too large"):
        parse_feed(fixture("rss2.xml"), GAZETTE)


@pytest.mark.parametrize("body", [b"", b"\x00\xff\xfe", b"<html", b"<a href=>x</a>" * 100])
def test_page_without_links_gives_nothing(body: bytes) -> None:
    assert parse_page(body, NORTHSTAR) == []


# --- kinds and dispatch --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content_type", "kind"),
    [
        ("rss2.xml", "text/html", "feed"),  # the body wins over a wrong header
        ("atom.xml", None, "feed"),
        ("rss1.rdf", "application/rdf+xml", "feed"),
        ("news-sitemap.xml", "text/xml", "sitemap"),
        ("sitemap-index.xml", "application/xml", "sitemap"),
        ("homepage.html", "text/xml", "page"),
    ],
)
def test_detect_kind_from_the_body(name: str, content_type: str | None, kind: str) -> None:
    assert detect_kind(fixture(name), content_type, "https://a.example/x") == kind


@pytest.mark.parametrize(
    ("body", "content_type", "url", "kind"),
    [
        (gzip.compress(b"<urlset></urlset>"), None, "https://a.example/s.xml.gz", "sitemap"),
        (gzip.compress(b"<rss></rss>"), None, "https://a.example/feed.gz", "feed"),
        (b"\x1f\x8b broken gzip", None, "https://a.example/s.gz", "sitemap"),
        (
            b"https://a.example/a\nhttps://a.example/b\n",
            "text/plain",
            "https://a.example/s",
            "sitemap",
        ),
        (b"https://a.example/a\n", None, "https://a.example/sitemap.txt", "sitemap"),
        (b"<weird/>", "application/atom+xml; charset=utf-8", "https://a.example/x", "feed"),
        (b"<weird/>", None, "https://a.example/sitemap-posts.xml", "sitemap"),
        (b"<!doctype html><title>x</title>", None, "https://a.example/sitemap.xml", "page"),
        (b"hello", "text/plain", "https://a.example/", "page"),
        (b"", None, "https://a.example/", "page"),
    ],
)
def test_detect_kind_fallbacks(body: bytes, content_type: str | None, url: str, kind: str) -> None:
    assert detect_kind(body, content_type, url) == kind


def test_discover_dispatches() -> None:
    assert discover(fixture("rss2.xml"), None, GAZETTE) == (
        "feed",
        parse_feed(fixture("rss2.xml"), GAZETTE),
    )
    kind, items = discover(fixture("homepage.html"), "text/html; charset=utf-8", NORTHSTAR)
    assert kind == "page"
    assert items == parse_page(fixture("homepage.html"), NORTHSTAR)
    kind, items = discover(fixture("sitemap-index.xml"), None, NORTHSTAR + "sitemap_index.xml")
    assert (kind, len(items)) == ("sitemap", 4)


@pytest.mark.parametrize(
    ("lastmod", "stored"),
    [
        ("2024-01-16T10:00:00-05:00", "2024-01-16T15:00:00+00:00"),  # compared in UTC
        ("2024-01-16T10:00:00Z", "2024-01-16T10:00:00+00:00"),
        ("2024-01-16 10:00:00", "2024-01-16T10:00:00+00:00"),  # no offset: UTC, as in feeds
        ("2024-01-16", "2024-01-16"),
        ("2024-01", "2024-01"),
        ("Tue, 16 Jan 2024 10:00:00 +0100", "2024-01-16T09:00:00+00:00"),  # RFC 822
        ("2024/01/16", "2024-01-16"),
        ("2024-13-45", None),
        ("yesterday", None),
        ("0001-01-01T00:00:00+05:00", None),  # before UTC's first moment: no crash
    ],
)
def test_a_sitemaps_dates_are_stored_in_utc(lastmod: str, stored: str | None) -> None:
    namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
    entry = f"<url><loc>/a</loc><lastmod>{lastmod}</lastmod></url>"
    xml = f'<urlset xmlns="{namespace}">{entry}</urlset>'
    (entry,) = parse_sitemap(xml.encode(), "https://news.example/sitemap.xml")
    assert entry.lastmod == stored


def test_a_json_feed_gives_its_items() -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Town Herald",
        "items": [
            {
                "id": "4101",
                "url": "/2024/01/16/harbour-vote",
                "title": " Harbour vote ",
                "date_published": "2024-01-16T10:00:00+01:00",
                "date_modified": "2024-01-16T12:30:00+01:00",
            },
            {"id": "https://town.example/2024/01/15/ferry", "title": "Ferry"},
            {"id": "4099"},  # neither url nor a URL for an id: nothing to fetch
        ],
    }
    kind, items = discover(json.dumps(feed).encode(), "application/json", "https://town.example/f")
    assert kind == "feed"
    assert items == [
        Discovered(
            "https://town.example/2024/01/16/harbour-vote",
            "article",
            "2024-01-16T11:30:00+00:00",
            "Harbour vote",
            "4101",
        ),
        Discovered(
            "https://town.example/2024/01/15/ferry",
            "article",
            None,
            "Ferry",
            "https://town.example/2024/01/15/ferry",
        ),
    ]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"User-agent: *\nDisallow: /private/\n", "text/plain"),
        (b'{"status": "ok", "items": []}', "application/json"),
    ],
)
def test_a_document_that_is_no_feed_sitemap_or_page_is_refused(
    body: bytes, content_type: str
) -> None:
    with pytest.raises(FeedError, match="not a feed, sitemap or HTML page"):
        discover(body, content_type, "https://town.example/robots.txt")


def test_a_page_advertises_its_json_feed() -> None:
    link = '<link rel="alternate" type="application/feed+json" href="/feed.json">'
    _, items = discover(
        f"<html><head>{link}</head></html>".encode(), "text/html", "https://t.example/"
    )
    assert items == [Discovered("https://t.example/feed.json", "feed")]


def test_a_page_served_as_anything_is_still_a_page() -> None:
    body = b"<html><body><a href='/2024/01/16/harbour-vote-delayed-again'>Vote</a></body></html>"
    kind, items = discover(body, "application/octet-stream", "https://town.example/")
    assert kind == "page" and len(items) == 1


def test_a_feedburner_items_original_link_is_its_page() -> None:
    rss = (
        '<rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">'
        "<channel><title>Town</title><item><title>Vote</title>"
        "<link>https://feeds.feedburner.com/~r/town/~3/abc/</link>"
        "<feedburner:origLink>https://town.example/2024/01/16/vote</feedburner:origLink>"
        "</item></channel></rss>"
    )
    (item,) = parse_feed(rss.encode(), "https://feeds.feedburner.com/town")
    assert item.url == "https://town.example/2024/01/16/vote"


# --- one story per guid --------------------------------------------------------------------

HERALD = "https://town-herald.example"


def _rss(*items: tuple[str, str | None, str]) -> bytes:
    """An RSS feed of (link, guid, pubDate) items."""
    body = "".join(
        f"<item><link>{HERALD}{link}</link>"
        + (f"<guid isPermaLink='false'>{guid}</guid>" if guid else "")
        + f"<pubDate>{date}</pubDate></item>"
        for link, guid, date in items
    )
    return f"<rss version='2.0'><channel><title>H</title>{body}</channel></rss>".encode()


MON, TUE = "Mon, 15 Jan 2024 10:00:00 GMT", "Tue, 16 Jan 2024 10:00:00 GMT"


@pytest.mark.parametrize("newer_first", [True, False])
def test_two_items_with_one_guid_are_one_story_at_its_newer_address(newer_first: bool) -> None:
    # The slug changed with the headline, and the feed lists the story at both addresses
    # under one guid: one story (at the address of the later item), not two.
    old, new = ("/2024/01/15/vote", "?p=4101", MON), ("/2024/01/15/vote-delayed", "?p=4101", TUE)
    other = ("/2024/01/15/ferry", "?p=4102", MON)
    items = parse_feed(_rss(*((new, old) if newer_first else (old, new)), other), HERALD + "/f")
    assert urls(items) == [HERALD + "/2024/01/15/vote-delayed", HERALD + "/2024/01/15/ferry"]


def test_one_address_under_two_guids_is_one_story() -> None:
    items = parse_feed(_rss(("/a", "1", MON), ("/a", "2", TUE), ("/b", None, MON)), HERALD)
    assert urls(items) == [HERALD + "/a", HERALD + "/b"]


def test_a_guid_every_item_shares_is_no_story_id() -> None:
    # A CMS that writes one guid for every item: the items stay apart.
    links = ["/2024/01/15/a", "/2024/01/15/b", "/2024/01/15/c"]
    items = parse_feed(_rss(*((link, HERALD + "/", MON) for link in links)), HERALD + "/f")
    assert urls(items) == [HERALD + link for link in links]


def test_a_malformed_address_as_a_guid_loses_no_item() -> None:
    # urllib refuses "http://]…" (an IPv6 bracket unclosed): asking whether such a guid is
    # the site's address made reading the whole feed fail.
    items = parse_feed(_rss(("/a", "http://]]>www.town-herald.example/a", MON)), HERALD)
    assert urls(items) == [HERALD + "/a"]


def test_two_json_feed_items_with_one_id_are_one_story() -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "items": [
            {"id": "4101", "url": "/vote", "date_modified": "2024-01-15T10:00:00Z"},
            {"id": "4101", "url": "/vote-delayed", "date_modified": "2024-01-16T10:00:00Z"},
        ],
    }
    _, items = discover(json.dumps(feed).encode(), "application/feed+json", HERALD + "/f")
    assert urls(items) == [HERALD + "/vote-delayed"]


def test_a_story_s_guid_goes_with_it_unless_it_names_no_story() -> None:
    # The site's address as the guid of two items (a CMS's) ties neither them nor, in a
    # later poll, another address: it is kept for none.
    items = parse_feed(
        _rss(("/a", "?p=1", MON), ("/b", HERALD + "/", MON), ("/c", HERALD + "/", TUE)), HERALD
    )
    assert [(i.url, i.guid) for i in items] == [
        (HERALD + "/a", "?p=1"), (HERALD + "/b", None), (HERALD + "/c", None)
    ]  # fmt: skip
    shared = parse_feed(_rss(*((f"/{n}", "7", MON) for n in "xyz")), HERALD)
    assert [i.guid for i in shared] == [None, None, None]
