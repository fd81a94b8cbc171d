"""Generate K news sites × M articles from an article-extraction corpus, for the throughput bench.

    python bench/sitegen.py CORPUS_DIR OUT_DIR [--n 1000] [--sites 20] [--port 8360] [--seed 1]

Sites look like real ones: each keeps ONE corpus page's markup (its template) and fills the
article paragraphs with OTHER pages' stories (their ground-truth `articleBody`, split into
paragraphs and mixed), so the pages of a site share their boilerplate and differ in their
story, title, description and URL. Each site also gets a home page, an RSS feed, a sitemap and
a robots.txt that allows everything.

Sites are told apart by host: site `s` lives on `127.0.0.{s+1}:PORT` (all of 127.0.0.0/8 is
loopback on Linux), so per-host politeness applies to each as it would to real sites.

Every file is written gzip-compressed only (`name.gz`): `bench/server.py` serves the bytes as
they are to clients that accept gzip. `OUT_DIR/manifest.json` lists the sites, their article
URLs and the raw and gzip sizes. The output is corpus-derived: keep it out of the repository
(`bench/out/` is gitignored).
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import random
import re
import shutil
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import lxml.html

MIN_SLOTS = 3  # fewer matched paragraphs: the page keeps its article in markup we can't swap
MIN_COVERAGE = 0.8  # share of the page's own story that the slots hold; less leaves it visible
MARKER = re.compile(r'<bench-slot data-i="(\d+)"></bench-slot>|@@(TITLE|DESC|URL)@@')
BASE_DATE = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
GENERATOR_VERSION = 4  # bump when the output changes: sites generated before are rebuilt
GZIP_LEVEL = 6  # what a site pre-compressing its pages would pick


@dataclass(frozen=True)
class Template:
    """One corpus page turned into a fill-in form: literal parts alternate with markers."""

    page_id: str
    parts: tuple[str, ...]  # literal, marker, literal, marker, ..., literal
    slot_tags: tuple[str, ...]  # the opening tag of each article paragraph, attributes kept


@dataclass(frozen=True)
class Story:
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class SiteSpec:
    index: int
    host: str  # "127.0.0.3:8360"
    template: Template
    stories: tuple[Story, ...]


def normalise(text: str) -> str:
    return " ".join(text.split())


def paragraphs_of(body: str) -> list[str]:
    return [normalise(line) for line in body.split("\n") if normalise(line)]


def make_template(page_id: str, raw: bytes, article_body: str) -> Template | None:
    """The page's markup with its story's paragraphs, title and description as markers.

    The story's paragraphs are the `<p>`s whose whole text occurs in the ground-truth body;
    a page where they hold too little of it is no usable template (None).
    """
    doc = lxml.html.document_fromstring(raw)
    body = normalise(article_body)
    slots = []
    for element in doc.iter("p"):
        text = normalise(element.text_content())
        if len(text) >= 30 and text in body:
            slots.append(element)
    covered = sum(len(normalise(e.text_content())) for e in slots)
    if len(slots) < MIN_SLOTS or covered < MIN_COVERAGE * len(body):
        return None
    # The story goes into the container holding most of it; the rest of it is dropped, so a
    # short story does not end up scattered over sidebars and teasers.
    by_parent: dict[lxml.html.HtmlElement, list[lxml.html.HtmlElement]] = {}
    for element in slots:
        by_parent.setdefault(element.getparent(), []).append(element)
    main = max(by_parent.values(), key=lambda group: sum(len(e.text_content()) for e in group))
    if len(main) < MIN_SLOTS:
        return None
    for element in slots:
        if element not in main:
            element.drop_tree()  # keeps the tail text
    slot_tags = []
    for i, element in enumerate(main):
        attrs = "".join(f' {k}="{html.escape(v)}"' for k, v in element.attrib.items())
        slot_tags.append(f"<p{attrs}>")
        tail = element.tail
        element.clear()  # drops attributes, children and tail
        element.tag = "bench-slot"
        element.set("data-i", str(i))
        element.tail = tail
    _mark_metadata(doc)
    text = lxml.html.tostring(doc, encoding="unicode", doctype="<!DOCTYPE html>")
    return Template(page_id, tuple(_split_markers(text)), tuple(slot_tags))


def _mark_metadata(doc: lxml.html.HtmlElement) -> None:
    """Point title, description and URL fields at markers; drop what would contradict them."""
    for element in doc.xpath('//script[@type="application/ld+json"] | //base'):
        element.drop_tree()
    for title in doc.xpath("//title")[:1]:
        title.text = "@@TITLE@@"
    for h1 in doc.xpath("//body//h1")[:1]:
        for child in list(h1):
            h1.remove(child)
        h1.text = "@@TITLE@@"
    for meta in doc.xpath("//meta[@property or @name]"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key in {"og:title", "twitter:title", "title", "headline", "dc.title"}:
            meta.set("content", "@@TITLE@@")
        elif key in {"description", "og:description", "twitter:description", "dc.description"}:
            meta.set("content", "@@DESC@@")
        elif key in {"og:url", "twitter:url"}:
            meta.set("content", "@@URL@@")
    for link in doc.xpath('//link[@rel="canonical"]'):
        link.set("href", "@@URL@@")


def _split_markers(text: str) -> Iterator[str]:
    position = 0
    for match in MARKER.finditer(text):
        yield text[position : match.start()]
        yield match.group(1) if match.group(1) is not None else match.group(2)
        position = match.end()
    yield text[position:]


def render(template: Template, story: Story, url: str) -> str:
    """The page for one story: its paragraphs fill the slots, the last slot takes the rest."""
    values = {
        "TITLE": html.escape(story.title),
        "DESC": html.escape(story.paragraphs[0][:160]),
        "URL": html.escape(url),
    }
    last = len(template.slot_tags) - 1
    out = []
    for i, part in enumerate(template.parts):
        if i % 2 == 0:
            out.append(part)
        elif part in values:
            out.append(values[part])
        else:
            slot = int(part)
            chunk = story.paragraphs[slot : None if slot == last else slot + 1]
            tag = template.slot_tags[slot]
            out.extend(f"{tag}{html.escape(p)}</p>\n" for p in chunk)
    return "".join(out)


def make_story(rng: random.Random, bodies: list[list[str]], taken: set[object]) -> Story:
    """A story mixed from two other pages: most of one, a few paragraphs of another.

    `taken` holds the titles and texts made so far: each story differs from all of them.
    """
    paragraphs: list[str] = []
    while not paragraphs or tuple(paragraphs) in taken:
        main, extra = rng.sample(bodies, 2)
        keep = [p for p in main if rng.random() > 0.15] or main[:1]
        start = rng.randrange(len(extra))
        insert_at = rng.randrange(len(keep) + 1)
        mixed_in = extra[start : start + rng.randint(1, 3)]
        paragraphs = keep[:insert_at] + mixed_in + keep[insert_at:]
    taken.add(tuple(paragraphs))
    words = " ".join(paragraphs).split()
    offset = rng.randrange(max(1, len(words) - 10))
    title = " ".join(words[offset : offset + rng.randint(6, 10)]).strip(" ,.;:—-\"'“”")
    title = title[:1].upper() + title[1:]
    while title in taken:
        title += f" ({rng.randint(2, 999)})"
    taken.add(title)
    return Story(title, tuple(paragraphs))


def slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:60].rstrip("-") or "story"


def article_path(n: int, story: Story) -> str:
    published = BASE_DATE - timedelta(minutes=37 * n)
    return f"/news/{published:%Y/%m/%d}/{slugify(story.title)}-{n}.html"


def write_gz(path: Path, data: bytes) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    packed = gzip.compress(data, GZIP_LEVEL, mtime=0)
    path.with_name(path.name + ".gz").write_bytes(packed)
    return len(packed)


def build_site(spec: SiteSpec, out: Path) -> dict[str, object]:
    """Write one site's files; returns its manifest entry."""
    root = out / f"site-{spec.index:03d}"
    base = f"http://{spec.host}"
    raw_bytes = gz_bytes = 0
    articles = []
    for n, story in enumerate(spec.stories):
        url = base + article_path(n, story)
        page = render(spec.template, story, url).encode()
        raw_bytes += len(page)
        gz_bytes += write_gz(root / url.removeprefix(base).lstrip("/"), page)
        articles.append((url, story, BASE_DATE - timedelta(minutes=37 * n)))
    name = f"Bench Site {spec.index}"
    write_gz(root / "feed.xml", rss(name, base, articles).encode())
    write_gz(root / "sitemap.xml", sitemap(articles).encode())
    write_gz(root / "index.html", home(name, base, articles).encode())
    robots = f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n"
    write_gz(root / "robots.txt", robots.encode())
    return {
        "index": spec.index,
        "host": spec.host,
        "dir": root.name,
        "template": spec.template.page_id,
        "home": base + "/",
        "feed": base + "/feed.xml",
        "sitemap": base + "/sitemap.xml",
        "articles": [url for url, _, _ in articles],
        "raw_bytes": raw_bytes,
        "gzip_bytes": gz_bytes,
    }


Listed = list[tuple[str, Story, datetime]]


def rss(name: str, base: str, articles: Listed) -> str:
    items = "".join(
        f"<item><title>{xml_escape(s.title)}</title><link>{xml_escape(u)}</link>"
        f'<guid isPermaLink="true">{xml_escape(u)}</guid>'
        f"<pubDate>{format_datetime(d)}</pubDate>"
        f"<description>{xml_escape(s.paragraphs[0][:200])}</description></item>\n"
        for u, s, d in articles
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{name}</title><link>{base}/</link><description>{name} news</description>\n"
        f"{items}</channel></rss>\n"
    )


def sitemap(articles: Listed) -> str:
    urls = "".join(
        f"<url><loc>{xml_escape(u)}</loc><lastmod>{d.isoformat()}</lastmod></url>\n"
        for u, _, d in articles
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'
    )


def home(name: str, base: str, articles: Listed) -> str:
    links = "".join(
        f'<li><a href="{html.escape(u)}">{html.escape(s.title)}</a></li>\n'
        for u, s, _ in articles[:50]
    )
    return (
        f"<!DOCTYPE html><html><head><title>{name}</title>"
        f'<link rel="alternate" type="application/rss+xml" href="{base}/feed.xml">'
        f"</head><body><h1>{name}</h1><ul>\n{links}</ul></body></html>\n"
    )


def load_corpus(corpus: Path) -> tuple[list[Template], dict[str, list[str]]]:
    """Usable templates and every page's story paragraphs, by page id."""
    truth = json.loads((corpus / "ground-truth.json").read_text())
    templates, bodies = [], {}
    for page_id in sorted(truth):
        body = truth[page_id].get("articleBody") or ""
        if len(paragraphs_of(body)) >= 3:
            bodies[page_id] = paragraphs_of(body)
        raw = gzip.decompress((corpus / "html" / f"{page_id}.html.gz").read_bytes())
        template = make_template(page_id, raw, body)
        if template is not None:
            templates.append(template)
    if not templates:
        raise SystemExit(f"{corpus}: no page is usable as a site template")
    return templates, bodies


def plan_sites(
    templates: list[Template],
    bodies: dict[str, list[str]],
    n: int,
    sites: int,
    port: int,
    seed: int,
) -> list[SiteSpec]:
    """`n` stories spread over `sites` sites, each on its own loopback address."""
    if not 1 <= sites <= 250:
        raise SystemExit("--sites must be between 1 and 250 (one loopback address each)")
    rng = random.Random(seed)
    order = rng.sample(templates, len(templates))
    taken: set[object] = set()
    specs = []
    for s in range(sites):
        template = order[s % len(order)]
        others = [b for page_id, b in bodies.items() if page_id != template.page_id]
        count = n // sites + (1 if s < n % sites else 0)
        stories = tuple(make_story(rng, others, taken) for _ in range(count))
        specs.append(SiteSpec(s, f"127.0.0.{s + 1}:{port}", template, stories))
    return specs


def generate(
    corpus: Path, out: Path, n: int, sites: int, port: int, seed: int = 1
) -> dict[str, Any]:
    """Write the sites under `out` (reused when already generated with the same parameters)."""
    params = {
        "corpus": str(corpus.resolve()),
        "n": n,
        "sites": sites,
        "port": port,
        "seed": seed,
        "generator": GENERATOR_VERSION,
    }
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        manifest: dict[str, Any] = json.loads(manifest_path.read_text())
        if manifest.get("params") == params:
            return manifest
        shutil.rmtree(out)  # sites of other parameters: their files would linger unused
    templates, bodies = load_corpus(corpus)
    specs = plan_sites(templates, bodies, n, sites, port, seed)
    out.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(max_workers=2) as pool:
        entries = list(pool.map(build_site, specs, [out] * len(specs)))
    manifest = {
        "params": params,
        "templates_usable": len(templates),
        "raw_bytes": sum(e["raw_bytes"] for e in entries),
        "gzip_bytes": sum(e["gzip_bytes"] for e in entries),
        "sites": entries,
    }
    manifest_path.write_text(json.dumps(manifest, indent=1))
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=1000, help="articles in all (default 1000)")
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--port", type=int, default=8360)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    start = time.perf_counter()
    manifest = generate(args.corpus, args.out, args.n, args.sites, args.port, args.seed)
    print(
        f"{args.n} articles on {args.sites} sites in {args.out} "
        f"({manifest['templates_usable']} usable templates; "
        f"{manifest['raw_bytes'] / 1e6:.1f} MB raw, {manifest['gzip_bytes'] / 1e6:.1f} MB gzip; "
        f"{time.perf_counter() - start:.1f} s)",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
