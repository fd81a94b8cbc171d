"""A small news site served by the test WebServer: a feed, a sitemap, robots.txt and
article pages with ETags, whose content tests can change between runs."""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass, field

from webserver import Exchange, WebServer

PARAGRAPH = (
    "The council met on {day} to discuss the {topic} plan, which has divided residents "
    "of the town for months. Supporters say it will bring jobs and investment, while "
    "critics warn of rising costs and a loss of green space near the river."
)


@dataclass
class Story:
    title: str
    paragraphs: list[str]
    status: int = 200
    delay: float = 0.0  # seconds before the server answers
    stamp: str = "Updated 2 minutes ago"  # noise that must not make a new version
    updated: str | None = None  # the feed item's <pubDate> (RFC 822), when set
    headline: str | None = None  # the <h1>, when not the title

    def render(self, url: str) -> bytes:
        body = "\n".join(f"<p>{html.escape(p)}</p>" for p in self.paragraphs)
        return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(self.title)} | Town Herald</title>
<link rel="canonical" href="{url}">
<meta property="og:site_name" content="Town Herald">
<meta property="article:published_time" content="2024-01-16T05:06:00-05:00">
</head><body>
<nav><a href="/">Home</a> <a href="/news/">News</a> <a href="/sport/">Sport</a></nav>
<article>
<h1>{html.escape(self.headline or self.title)}</h1>
<p class="byline">By Ann Writer</p>
<p class="stamp">{self.stamp}</p>
{body}
</article>
<footer>© 2024 Town Herald, All rights reserved.</footer>
</body></html>""".encode()


def story(n: int) -> Story:
    topics = ["harbour", "school", "bridge", "library", "market", "tram", "park", "housing"]
    topic = topics[n % len(topics)]
    return Story(
        title=f"Town debates the {topic} plan, part {n}",
        paragraphs=[PARAGRAPH.format(day=f"day {n}.{i}", topic=topic) for i in range(4)],
    )


@dataclass
class NewsSite:
    """Serve `stories` at /news/<n>.html, listed in /feed.xml and /sitemap.xml."""

    server: WebServer
    stories: dict[str, Story] = field(default_factory=dict)
    disallowed: str = "/private/"

    def __post_init__(self) -> None:
        self.server.page(
            "/robots.txt",
            f"User-agent: *\nDisallow: {self.disallowed}\n",
            content_type="text/plain",
        )
        self.server.route("/feed.xml", self._feed)
        self.server.route("/sitemap.xml", self._sitemap)

    def add(self, path: str, item: Story) -> str:
        self.stories[path] = item
        self.server.route(path, lambda ex: self._article(ex, path))
        return self.server.url(path)

    @property
    def feed_url(self) -> str:
        return self.server.url("/feed.xml")

    def _feed(self, exchange: Exchange) -> None:
        items = "".join(
            f"<item><title>{html.escape(s.title)}</title><link>{self.server.url(p)}</link>"
            + (f"<pubDate>{s.updated}</pubDate>" if s.updated else "")
            + "</item>"
            for p, s in self.stories.items()
        )
        body = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Town Herald</title>'
            f"<link>{self.server.url('/')}</link>{items}</channel></rss>"
        ).encode()
        _send_with_etag(exchange, body, "application/rss+xml")

    def _sitemap(self, exchange: Exchange) -> None:
        urls = "".join(f"<url><loc>{self.server.url(p)}</loc></url>" for p in self.stories)
        body = (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{urls}</urlset>"
        ).encode()
        _send_with_etag(exchange, body, "application/xml")

    def _article(self, exchange: Exchange, path: str) -> None:
        item = self.stories[path]
        if item.delay:
            exchange.wait(item.delay)
        if item.status != 200:
            exchange.send(b"gone", status=item.status)
            return
        _send_with_etag(exchange, item.render(self.server.url(path)), "text/html; charset=utf-8")


def _send_with_etag(exchange: Exchange, body: bytes, content_type: str) -> None:
    etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
    if exchange.request.header("if-none-match") == etag:
        exchange.send(b"", status=304, content_type=None, headers=[("ETag", etag)])
        return
    exchange.send(body, content_type=content_type, headers=[("ETag", etag)])


@dataclass
class LiveStory(Story):
    """A story whose page also says when it was last touched and how often it was read:
    what a real site re-renders on every request, which must never make a new version."""

    modified: str = "2024-01-16T10:05:00Z"
    views: int = 1204

    def render(self, url: str) -> bytes:
        page = super().render(url).decode()
        touched = f'<meta property="article:modified_time" content="{self.modified}">\n</head>'
        counter = f"<p>{self.views:,} views</p>\n</article>"
        return page.replace("</head>", touched, 1).replace("</article>", counter, 1).encode()
