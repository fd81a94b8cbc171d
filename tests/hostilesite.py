"""A news site on the test WebServer that is hostile in every way at once.

Its feed (/feed.xml) and sitemap (/sitemap.xml) list one URL per `Case`: good pages in
awkward encodings and markup, which must be archived with their text intact, and bad ones
(errors, hang-ups, bombs, redirects to places we must not go), which must end up in the
fetch log with a reason. Beside them, /bad/*.xml are hostile *sources* (entity bombs, XXE,
broken XML, HTML posing as a feed, garbage links, a sitemap index that lists itself). They
serve a harmless empty feed until `turn_sources_bad()`, as real feeds break after being
added. `CASES` says what should become of each URL; tests and `bench/hostile.py` share it.

Nothing here holds a big body in memory: the 100 MB page is streamed and the gzip bomb is
built once, small.
"""

from __future__ import annotations

import functools
import html
import itertools
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from webserver import Exchange, WebServer

__all__ = ["CASES", "SOURCES", "Case", "HostileSite", "Source", "article"]

Expect = Literal["archived", "failed", "gone", "skipped"]
HTML_TYPE = "text/html; charset=utf-8"
PRIVATE_HOST = "10.1.2.3"  # never connected to: the address guard refuses it first


@dataclass(frozen=True)
class Case:
    """One URL of the site and what a run must make of it."""

    name: str
    path: str  # on the site, or "//host:{port}/path" for URLs on other hosts
    expect: Expect
    reason: str = ""  # how the logged reason starts, for all but archived cases
    words: str = ""  # text the archived article must contain, for archived cases


PARAGRAPHS = (
    "The café on Harbour Street reopened on Tuesday after a winter of repairs, and the "
    "regulars were back before the coffee machine had warmed up. “It feels like coming home,” "
    "said one of them, who has taken the corner table every morning for twenty years.",
    "The owners kept the old zinc counter and the photographs of the quay, but replaced the "
    "roof, the wiring and the kitchen. Prices stay as they were, they said, at least until "
    "the summer, when the terrace opens again and the tourists return to the old town.",
    "Neighbours had feared the building would be sold to a chain. The council’s heritage "
    "officer said the façade was listed and could not be changed, which left the owners a "
    "choice between restoring it and selling it, and they chose to restore it slowly.",
)
CAFE = "The café on Harbour Street reopened"  # in every article: café, “smart quotes”
QUOTE = "“It feels like coming home,”"


def article(title: str, *, charset: str | None = "utf-8", extra: str = "") -> str:
    """A short, realistic article page; `charset` goes in a <meta> tag (None: no tag)."""
    meta = f'<meta charset="{charset}">' if charset else ""
    own = f"This copy of the story is the one headed “{title}”, kept apart from the others."
    body = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in (*PARAGRAPHS, own))
    return f"""<!doctype html>
<html lang="en"><head>{meta}<title>{html.escape(title)} | Harbour Gazette</title>
<meta property="article:published_time" content="2024-03-05T08:00:00+00:00">
</head><body>
<nav><a href="/">Home</a> <a href="/town/">Town</a></nav>
<article><h1>{html.escape(title)}</h1>
<p class="byline">By Rosa Keller</p>
{body}
{extra}
</article>
<footer>© 2024 Harbour Gazette</footer>
</body></html>"""


def _with_controls() -> bytes:
    page = article("Control characters").replace("reopened", "re\x01opened\x0b")
    page = page.replace("regulars", "regu\x07lars\x1b").replace("kept apart", "kept a\x00part")
    return page.encode()


def _unclosed() -> bytes:
    page = article("Unclosed tags")
    for closing in ("</p>", "</article>", "</body>", "</html>"):
        page = page.replace(closing, "")
    return page.replace("<h1>", "<h1><b><i><span>", 1).encode()


def _deep() -> bytes:
    depth = 100_000
    return article("Deep nesting", extra="<div>" * depth + "<p>Deep inside.</p>").encode()


def _app_shell() -> bytes:
    return b"""<!doctype html><html><head><meta charset="utf-8"><title>Gazette</title>
<script src="/static/app.4f2a.js" defer></script></head>
<body><div id="root"></div>
<noscript>You need to enable JavaScript to run this app.</noscript>
<script>window.__STATE__ = {"route": "/story/42", "user": null};</script></body></html>"""


@functools.cache
def gzip_bomb() -> bytes:
    """40 MB of zeros as ~40 kB of gzip."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return packer.compress(bytes(40_000_000)) + packer.flush()


def _stream_100_mb(exchange: Exchange) -> None:
    block = b"<p>" + b"All work and no play makes a very long page. " * 1400 + b"</p>\n"
    exchange.start(200, [("Content-Type", HTML_TYPE), ("Transfer-Encoding", "chunked")])
    exchange.write_chunk(b"<!doctype html><html><body>")
    for _ in range(100_000_000 // len(block)):
        exchange.write_chunk(block)  # OSError once the client hangs up: the handler ends
    exchange.write_chunk(b"")


def _truncated(exchange: Exchange) -> None:
    body = article("Cut short").encode()
    exchange.start(200, [("Content-Type", HTML_TYPE), ("Content-Length", str(len(body)))])
    exchange.write(body[: len(body) // 3])
    exchange.close()


def _fails_once(status: int) -> Callable[[Exchange], None]:
    """Answer `status` with Retry-After: 1 to the first request, then the article."""
    calls = itertools.count()

    def handler(exchange: Exchange) -> None:
        if next(calls) == 0:
            exchange.send(b"busy", status=status, headers=[("Retry-After", "1")])
        else:
            exchange.send(article(f"After a {status}").encode())

    return handler


CASES: tuple[Case, ...] = (
    # Good pages, awkwardly served: archived with their text intact.
    Case("plain", "/good/plain.html", "archived", words=QUOTE),
    Case("cp1252 in <meta> only", "/good/cp1252-meta.html", "archived", words=QUOTE),
    Case("UTF-8 header over cp1252", "/good/cp1252-lie.html", "archived", words=QUOTE),
    Case("UTF-16 with BOM", "/good/utf16.html", "archived", words=QUOTE),
    Case("control characters", "/good/controls.html", "archived", words="reopened on Tuesday"),
    Case("unclosed tags", "/good/unclosed.html", "archived", words=QUOTE),
    Case("100 000 nested elements", "/good/deep.html", "archived", words=QUOTE),
    Case("503, Retry-After: 1", "/good/busy-503.html", "archived", words=QUOTE),
    Case("429, Retry-After: 1", "/good/busy-429.html", "archived", words=QUOTE),
    Case("3 redirects", "/good/moved/0", "archived", words=QUOTE),
    # Bad pages: a failure (or skip) with a reason.
    Case("404", "/bad/404.html", "gone", "HTTP 404 Not Found"),
    Case("410", "/bad/410.html", "gone", "HTTP 410 Gone"),
    Case("500", "/bad/500.html", "failed", "HTTP 500 Internal Server Error (after 1 retry)"),
    Case("never answers", "/bad/silent.html", "failed", "timed out after "),
    Case("stops mid-body", "/bad/truncated.html", "failed", "truncated: connection closed"),
    Case("connection reset", "/bad/reset.html", "failed", "connection failed: "),
    Case("redirect loop", "/bad/loop/a", "failed", "redirect loop: "),
    Case("15 redirects", "/bad/chain/0", "failed", "too many redirects (more than 10): "),
    Case("redirect to ftp:", "/bad/to-ftp.html", "failed", "unsupported scheme ftp: "),
    Case("redirect to file:", "/bad/to-file.html", "failed", "unsupported scheme file: "),
    Case(
        "redirect to a private address",
        "/bad/to-private.html",
        "failed",
        f"refused: {PRIVATE_HOST} is a private address (redirected from ",
    ),
    Case(
        "untrusted host on loopback",
        "//localhost:{port}/good/plain.html",
        "failed",
        "refused: localhost resolves to loopback address",
    ),
    Case("IPv6 loopback", "//[::1]:{port}/good/plain.html", "failed", "refused: ::1 is a loopback"),
    Case(
        "private address",
        f"//{PRIVATE_HOST}/admin",
        "failed",
        f"refused: {PRIVATE_HOST} is a private address",
    ),
    Case("gzip bomb", "/bad/bomb.html", "failed", "body larger than 20 MB (after decompression)"),
    Case("100 MB page", "/bad/huge.html", "failed", "body larger than 20 MB (after decompression)"),
    Case(
        "binary as text/html",
        "/bad/binary.html",
        "skipped",
        "not HTML: the body is binary data (served as text/html)",
    ),
    Case("PDF", "/bad/report.pdf", "skipped", "not HTML: application/pdf"),
    Case("empty 200", "/bad/empty.html", "failed", "empty response"),
    Case(
        "JavaScript app shell",
        "/bad/app.html",
        "failed",
        "no article text (not an article, or an app shell)",
    ),
)


@dataclass(frozen=True)
class Source:
    """A hostile feed or sitemap, once `turn_sources_bad()` was called."""

    name: str
    path: str
    reason: str  # how its recorded poll outcome starts


SOURCES: tuple[Source, ...] = (
    Source("billion laughs", "/bad/laughs.xml", "unreadable feed: "),
    Source("external entity (XXE)", "/bad/xxe.xml", "unreadable feed: "),
    Source("malformed XML", "/bad/broken.xml", "unreadable feed: "),
    Source("HTML posing as a feed", "/bad/html-feed.xml", "unreadable feed: not a feed"),
    Source("relative and garbage links", "/bad/links.xml", "2 links, "),  # (new at add)
    Source("sitemap index listing itself", "/bad/index.xml", "1 links, 1 new"),
)

_RSS = '<?xml version="1.0" encoding="utf-8"?>\n{doctype}<rss version="2.0"><channel>'
_RSS += "<title>Gazette</title><link>{home}</link>{items}</channel></rss>"
_BILLION_LAUGHS = """<!DOCTYPE rss [
<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""
GARBAGE_LINKS = (
    "javascript:alert(1)",
    "http://",
    "ht tp://example.org/a",
    "mailto:desk@example.org",
    "http://exa mple.org/a",
    "http://[::1",
    "//" + "x" * 5000,
)  # "ht tp://…" is a relative reference (a path), as browsers read it: it ends as a 404
XXE_PROBE = "/bad/xxe-probe"


class HostileSite:
    """Serve every `Case` and `Source` on `server`; see the module docstring."""

    def __init__(self, server: WebServer, cases: tuple[Case, ...] = CASES) -> None:
        self.server = server
        self.cases = cases
        self.sources_bad = False
        server.page("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
        server.route("/feed.xml", lambda ex: self._send_feed(ex, self._case_links()))
        server.route("/sitemap.xml", self._sitemap)
        self._good_pages()
        self._bad_pages()
        self._sources()

    # Addresses

    def url(self, path: str) -> str:
        """The absolute URL of a case or source path."""
        if path.startswith("//"):
            return "http:" + path.format(port=self.server.port)
        return self.server.url(path)

    @property
    def feed_url(self) -> str:
        return self.server.url("/feed.xml")

    @property
    def sitemap_url(self) -> str:
        return self.server.url("/sitemap.xml")

    def turn_sources_bad(self) -> None:
        self.sources_bad = True

    def hosts_seen(self) -> Counter[str]:
        """How many requests arrived per Host header (a refused URL must not be one)."""
        return Counter(r.host for r in self.server.requests)

    # Pages

    def _good_pages(self) -> None:
        page = self.server.page
        page("/good/plain.html", article("Plain"))
        cp1252 = article("Windows-1252", charset="windows-1252").encode("cp1252")
        page("/good/cp1252-meta.html", cp1252, content_type="text/html")
        lie = article("Header says UTF-8", charset=None).encode("cp1252")
        page("/good/cp1252-lie.html", lie, content_type=HTML_TYPE)
        utf16 = "\ufeff" + article("UTF-16", charset=None)
        page("/good/utf16.html", utf16.encode("utf-16-le"), content_type="text/html")
        page("/good/controls.html", _with_controls())
        page("/good/unclosed.html", _unclosed())
        page("/good/deep.html", _deep())
        self.server.route("/good/busy-503.html", _fails_once(503))
        self.server.route("/good/busy-429.html", _fails_once(429))
        for n in range(3):
            self.server.redirect(f"/good/moved/{n}", f"/good/moved/{n + 1}", status=301)
        page("/good/moved/3", article("Moved three times"))
        page("/good/relative.html", article("Linked relatively"))
        page("/good/from-index.html", article("Listed by a sitemap index"))

    def _bad_pages(self) -> None:
        server, page = self.server, self.server.page
        page("/bad/404.html", "<h1>Not found</h1>", status=404)
        page("/bad/410.html", "<h1>Gone</h1>", status=410)
        page("/bad/500.html", "<h1>Oops</h1>", status=500)
        server.route("/bad/silent.html", lambda exchange: exchange.stall(60))
        server.route("/bad/truncated.html", _truncated)
        server.route("/bad/reset.html", lambda exchange: exchange.reset())
        server.redirect("/bad/loop/a", "/bad/loop/b")
        server.redirect("/bad/loop/b", "/bad/loop/a")
        for n in range(15):
            server.redirect(f"/bad/chain/{n}", f"/bad/chain/{n + 1}")
        page("/bad/chain/15", article("Too far"))
        server.redirect("/bad/to-ftp.html", f"ftp://127.0.0.1:{server.port}/pub/story.txt")
        server.redirect("/bad/to-file.html", "file:///etc/passwd")
        server.redirect("/bad/to-private.html", f"http://{PRIVATE_HOST}/admin")
        bomb = [("Content-Encoding", "gzip")]
        server.route("/bad/bomb.html", lambda ex: ex.send(gzip_bomb(), headers=bomb))
        server.route("/bad/huge.html", _stream_100_mb)
        page("/bad/binary.html", bytes(range(256)) * 16, content_type="text/html")
        page(
            "/bad/report.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
            content_type="application/pdf",
        )
        page("/bad/empty.html", b"")
        page("/bad/app.html", _app_shell())

    # Sources

    def _case_links(self) -> list[str]:
        return [self.url(case.path) for case in self.cases]

    def _send_feed(self, exchange: Exchange, links: list[str], doctype: str = "") -> None:
        items = "".join(f"<item><link>{html.escape(u)}</link></item>" for u in links)
        body = _RSS.format(doctype=doctype, home=self.server.url("/"), items=items)
        exchange.send(body.encode(), content_type="application/rss+xml")

    def _sitemap(self, exchange: Exchange) -> None:
        exchange.send(_urlset(self._case_links()), content_type="application/xml")

    def _sources(self) -> None:
        bad: dict[str, Callable[[Exchange], None]] = {
            "/bad/laughs.xml": lambda ex: self._send_feed(ex, ["&lol9;"], doctype=_BILLION_LAUGHS),
            "/bad/xxe.xml": self._xxe,
            "/bad/broken.xml": lambda ex: ex.send(
                b'<?xml version="1.0"?><rss version="2.0"><channel><<<&&&>>></rss',
                content_type="application/rss+xml",
            ),
            "/bad/html-feed.xml": lambda ex: ex.send(
                article("Not a feed").encode(), content_type="application/rss+xml"
            ),
        }
        for path, handler in bad.items():
            self.server.route(path, self._unless_healthy(handler))
        links = ["../good/relative.html", *GARBAGE_LINKS]
        self.server.route("/bad/links.xml", lambda ex: self._send_feed(ex, links))
        self.server.route("/bad/index.xml", self._self_index)
        self.server.route("/bad/index-2.xml", self._self_index)
        self.server.page(
            "/bad/child.xml",
            _urlset([self.server.url("/good/from-index.html")]),
            content_type="application/xml",
        )

    def _unless_healthy(self, hostile: Callable[[Exchange], None]) -> Callable[[Exchange], None]:
        def handler(exchange: Exchange) -> None:
            if self.sources_bad:
                hostile(exchange)
            else:
                self._send_feed(exchange, [])

        return handler

    def _xxe(self, exchange: Exchange) -> None:
        doctype = (
            f'<!DOCTYPE rss [<!ENTITY probe SYSTEM "{self.server.url(XXE_PROBE)}">'
            '<!ENTITY secret SYSTEM "file:///etc/hostname">]>\n'
        )
        self._send_feed(exchange, ["&probe;", "&secret;"], doctype=doctype)

    def _self_index(self, exchange: Exchange) -> None:
        """/bad/index.xml lists itself and index-2, which lists index and the child."""
        children = ["/bad/index.xml", "/bad/index-2.xml"]
        if exchange.request.path.startswith("/bad/index-2"):
            children = ["/bad/index.xml", "/bad/child.xml"]
        entries = "".join(f"<sitemap><loc>{self.server.url(c)}</loc></sitemap>" for c in children)
        body = (
            '<?xml version="1.0"?><sitemapindex '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'
        )
        exchange.send(body.encode(), content_type="application/xml")


def _urlset(urls: list[str]) -> bytes:
    entries = "".join(f"<url><loc>{html.escape(u)}</loc></url>" for u in urls)
    return (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{entries}</urlset>"
    ).encode()
