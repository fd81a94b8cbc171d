"""Discovery: characters XML cannot hold (half an emoji a CMS cut in two, a control
character pasted from Word) read as U+FFFD, never a whole feed or sitemap lost."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from webserver import WebServer

from scraper import open_archive, poll
from scraper.archive import Archive
from scraper.clock import utc_now
from scraper.discover import parse_feed, parse_sitemap
from scraper.discover_feed import read_feed
from scraper.fetch import FetchConfig, Fetcher
from scraper.models import Article, Page
from scraper.xmlsafe import xml_characters

SITE = "https://news.example"
# References to half of a UTF-16 pair (in hex and decimal), a NUL, beyond Unicode.
REFERENCES = ["&#xD83D;", "&#55357;", "&#xdc00;", "&#0;", "&#x110000;", "&#99999999999;"]
CONTROLS = ["\x0b", "\x1b", "\x00"]  # (a vertical tab pasted from Word, an escape, a NUL)


def rss(title: str, description: str = "") -> bytes:
    items = "".join(
        f"<item><title>{title if n == 2 else f'Story {n}'}</title>"
        f"<description>{description}</description><link>{SITE}/news/{n}.html</link>"
        f"<pubDate>Sun, 29 Nov 2026 0{n}:00:00 GMT</pubDate></item>"
        for n in (1, 2, 3)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()


def news_sitemap(title: str, lastmod: str = "2026-11-29T08:00:00Z") -> bytes:
    entries = "".join(
        f"<url><loc>{SITE}/news/{n}.html</loc><lastmod>{date}</lastmod><news:news>"
        f"<news:publication_date>{date}</news:publication_date>"
        f"<news:title>{title if n == 1 else 'Quiet day'}</news:title></news:news></url>"
        for n, date in ((1, lastmod), (2, "2026-11-28T08:00:00Z"))
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset'
        ' xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        f' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{entries}</urlset>'
    ).encode()


def test_what_xml_cannot_hold_is_a_replacement_character() -> None:
    assert xml_characters("a\x00b\x0bc\x1bd\ufffe") == "a b c d\ufffd"
    assert (
        xml_characters("&#xD83D;&#xDE00; &#0; &#x110000; &#1114112;")
        == "\ufffd\ufffd \ufffd \ufffd \ufffd"
    )
    kept = "&#x1F600; &#128512; &#8217; &#x000041; &amp;#xD83D; &#9;\t\n\r"
    assert xml_characters(kept) == kept


@pytest.mark.parametrize("bad", REFERENCES + CONTROLS)
def test_a_feed_item_with_a_bad_character_keeps_the_feed(bad: str) -> None:
    items, damage = read_feed(rss(f"Ferry plan {bad} passes"), f"{SITE}/feed")
    title = "Ferry plan passes" if bad in CONTROLS else "Ferry plan \ufffd passes"
    assert [item.title for item in items] == ["Story 1", title, "Story 3"]
    assert damage is None  # read whole, as well-formed XML
    assert all(item.lastmod for item in items)


@pytest.mark.parametrize("bad", ["&#xD83D;", "&#x110000;"])
def test_a_teaser_cut_mid_emoji_and_an_atom_title_keep_the_feed(bad: str) -> None:
    teaser = rss("Ferry plan passes", f"The council voted 5-2 \U0001f389 and then cut {bad}")
    assert len(parse_feed(teaser, f"{SITE}/feed")) == 3
    atom = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>G</title>'
        f'<entry><title>Ferry {bad}</title><link href="{SITE}/news/1.html"/></entry></feed>'
    ).encode()
    assert [item.title for item in parse_feed(atom, f"{SITE}/atom")] == ["Ferry \ufffd"]


def test_half_an_emoji_escaped_in_a_json_feed_is_a_replacement_character() -> None:
    item = {"id": "1", "url": f"{SITE}/news/caf\\ud83d", "title": "Ferry \\ud83d \\ud83d\\ude00"}
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [item]})
    (found,) = parse_feed(body.replace("\\\\u", "\\u").encode(), f"{SITE}/feed.json")
    assert found.title == "Ferry \ufffd \U0001f600"
    assert found.url == f"{SITE}/news/caf%EF%BF%BD"


@pytest.mark.parametrize("bad", REFERENCES + CONTROLS)
def test_a_news_sitemap_title_with_a_bad_character_keeps_its_dates(bad: str) -> None:
    found = parse_sitemap(news_sitemap(f"Ferry plan{bad}passes"), f"{SITE}/sitemap.xml")
    title = "Ferry plan passes" if bad in CONTROLS else "Ferry plan\ufffdpasses"
    assert [(item.url, item.lastmod, item.title) for item in found] == [
        (f"{SITE}/news/1.html", "2026-11-29T08:00:00+00:00", title),
        (f"{SITE}/news/2.html", "2026-11-28T08:00:00+00:00", "Quiet day"),
    ]


def test_a_sitemap_broken_otherwise_is_read_entry_by_entry_with_its_dates() -> None:
    """A bare `&` in one URL, a `<` in one title: still broken XML, read by pattern,
    but each entry keeps its own dates and title (an image's title is none)."""
    body = (
        news_sitemap("Ferry plan passes")
        .replace(b"/news/1.html", b"/news/1.html?a=1&b=2")
        .replace(b"Quiet day", b"Quiet day &lt; <b>dull</b>")
        .replace(b"</news:news>", b"</news:news><image:image><image:title>Pic</image:title>", 1)
        .replace(b"</url>", b"</image:image></url>", 1)
    )
    found = parse_sitemap(body, f"{SITE}/sitemap.xml")
    assert [(item.url, item.lastmod, item.title) for item in found] == [
        (f"{SITE}/news/1.html?a=1&b=2", "2026-11-29T08:00:00+00:00", "Ferry plan passes"),
        (f"{SITE}/news/2.html", "2026-11-28T08:00:00+00:00", None),
    ]


# --- end to end: polled from a server on 127.0.0.1 -------------------------------------------


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with open_archive(tmp_path / "archive.db") as opened:
        yield opened


def poll_once(archive: Archive) -> str | None:
    (source,) = archive.sources()

    async def go() -> None:
        config = FetchConfig(delay=0, timeout=5, retries=0)
        async with Fetcher(config, trusted_hosts={"127.0.0.1"}) as fetcher:
            await poll.poll_source(archive, fetcher, source, lambda: False)

    asyncio.run(go())
    (source,) = archive.sources()
    return source.last_outcome


def test_a_feed_that_gains_half_an_emoji_is_still_polled(
    archive: Archive, server: WebServer
) -> None:
    server.page("/feed.xml", rss("Ferry plan passes").decode(), content_type="application/rss+xml")
    archive.add_source(server.url("/feed.xml"), "feed")
    assert poll_once(archive) == "3 links, 3 new"
    server.page(
        "/feed.xml", rss("Ferry plan &#xD83D;").decode(), content_type="application/rss+xml"
    )
    assert poll_once(archive) == "3 links, 0 new"


def test_a_sitemap_announcing_an_edit_under_a_bad_title_brings_the_revisit(
    archive: Archive, server: WebServer
) -> None:
    """The sitemap's new lastmod makes the archived story due at once, though its title
    holds a vertical tab (the revisit schedule is over: only the date can bring it)."""
    story = f"{SITE}/news/1.html"
    fetched = "2026-11-29T08:30:00+00:00"
    run = archive.start_run(fetched)
    text = "The harbour council met on Tuesday to weigh the ferry plan. " * 4
    page = Page(story, story, 200, (("Content-Type", "text/html"),), b"<p>story</p>", fetched)
    archive.save_page(
        run, page, Article(url=story, title="Ferry", text=text, markdown=text), next_visit_at=None
    )
    assert archive.due(utc_now()) == []
    edited = news_sitemap("Ferry plan\x0bpasses", lastmod="2026-11-29T11:00:00Z")
    server.page("/sitemap.xml", edited.decode(), content_type="application/xml")
    archive.add_source(server.url("/sitemap.xml"), "sitemap")
    assert poll_once(archive) == "2 links, 1 new, 1 updated"
    assert [revisit.url for revisit in archive.due(utc_now())] == [story]
