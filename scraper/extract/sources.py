"""One pass over the parsed page, collecting every element metadata is read from.

A CSS query walks the whole tree, and on a large news page each walk costs about as
much as all the metadata logic together; so `scan` runs a single query for `<meta>`,
`<link>`, JSON-LD, `<h1>`, `<title>`, `<time>`, `itemprop` and `rel=tag` elements, and
hands the rest of the extractor plain, bounded values.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["Sources", "scan"]

_SELECTOR = (
    'meta[content], link[rel~="canonical"], link[rel~="image_src"],'
    ' script[type="application/ld+json" i], h1, title, time[datetime], [itemprop], a[rel~="tag"]'
)
_MAX_NODES = 2000
_MAX_EACH = 50  # values kept per key, per kind
# itemprop values worth reading as text (others, like articleBody, can be huge).
_ITEMPROP_TEXT = {"author", "name", "headline", "datepublished", "datemodified", "keywords"}
_MAX_TEXT = 300


@dataclass(frozen=True)
class Sources:
    """What the page offers for metadata, in page order; keys are lower-cased.

    Built by `scan` and read-only after it (the containers are filled while scanning).
    """

    meta: dict[str, list[str]] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)  # rel token → hrefs
    itemprops: dict[str, list[str]] = field(default_factory=dict)
    jsonld: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    tag_links: list[str] = field(default_factory=list)
    title: str | None = None
    lang: str | None = None

    def first(self, *keys: str) -> str | None:
        """The first value of the first meta key present."""
        for key in keys:
            values = self.meta.get(key)
            if values:
                return values[0]
        return None

    def each(self, *keys: str) -> list[str]:
        """Every value of every key, key by key."""
        return [value for key in keys for value in self.meta.get(key, ())]

    def link(self, rel: str) -> str | None:
        values = self.links.get(rel)
        return values[0] if values else None


def scan(tree: LexborHTMLParser) -> Sources:
    """Collect the page's metadata elements in one walk over the tree."""
    root = tree.root
    attrs = root.attributes if root is not None else {}
    sources = Sources(lang=attrs.get("lang") or attrs.get("xml:lang"))
    titles: list[str] = []
    for node in tree.css(_SELECTOR)[:_MAX_NODES]:
        tag = node.tag
        if tag == "meta":
            _add_meta(sources, node)
        elif tag == "link":
            _add_link(sources, node)
        elif tag == "script":
            sources.jsonld.append(node.text(deep=True))
        elif tag == "h1":
            if len(sources.headings) < 3:
                sources.headings.append(node.text(separator=" ", strip=True))
        elif tag == "title":
            _append(titles, node.text(deep=True))
        elif tag == "time":
            _append(sources.times, node.attributes.get("datetime"))
        elif tag == "a" and "tag" in (node.attributes.get("rel") or ""):
            _append(sources.tag_links, node.text(separator=" ", strip=True))
        if tag != "meta" and "itemprop" in node.attributes:
            _add_itemprop(sources, node)
    return replace(sources, title=titles[0] if titles else None)


def _add_meta(sources: Sources, node: LexborNode) -> None:
    attrs = node.attributes
    content = (attrs.get("content") or "").strip()
    if not content:
        return
    for attr in ("property", "name", "itemprop", "http-equiv"):
        key = attrs.get(attr)
        if key:
            _append(sources.meta.setdefault(key.strip().lower(), []), content)


def _add_link(sources: Sources, node: LexborNode) -> None:
    attrs = node.attributes
    href = (attrs.get("href") or "").strip()
    for rel in (attrs.get("rel") or "").lower().split():
        _append(sources.links.setdefault(rel, []), href)


def _add_itemprop(sources: Sources, node: LexborNode) -> None:
    attrs = node.attributes
    for prop in (attrs.get("itemprop") or "").lower().split():
        value = attrs.get("content") or attrs.get("datetime")
        holder = node
        if not value and prop == "author":
            # The name inside a byline that also holds a handle, a date, a photo.
            holder = node.css_first('[itemprop~="name"]') or node
            value = holder.attributes.get("content")
        if not value and prop in _ITEMPROP_TEXT:
            value = holder.text(separator=" ", strip=True)[:_MAX_TEXT]
        _append(sources.itemprops.setdefault(prop, []), value)


def _append(values: list[str], value: str | None) -> None:
    if value and len(values) < _MAX_EACH:
        values.append(value.strip())
