"""One pass over the parsed page, collecting every element metadata is read from.

A CSS query walks the whole tree, and on a large news page each walk costs about as
much as all the metadata logic together; so `scan` runs a single query for `<meta>`,
`<link>`, JSON-LD and an app's JSON data, `<h1>`, `<title>`, `<time>`, `<base>`, `itemprop`
and `rel=tag` elements and hAtom's dates (and, on a page nothing else dates, the stamps in
`data-date-time` attributes), and hands the rest of the extractor plain, bounded values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .dates import after_update_label

__all__ = ["Sources", "scan"]

_SELECTOR: Final = (
    'meta[content], link[rel~="canonical"], link[rel~="image_src"],'
    ' script[type*="json" i], h1, title, time[datetime], [itemprop], a[rel~="tag"], base[href],'
    " [title]:is(.published, .updated)"
)
# Lexbor walks the whole tree once for each selector of the list, so kinds that one
# selector finds (the two JSON scripts, the two hAtom dates) share it: 15% of the query.
# hAtom's date, as Blogger's classic layouts print it: `<abbr class="published"
# title="2026-11-24T07:45:00-06:00">7:45 AM</abbr>` (the time of day only there). Its
# selector tests the attribute first: Lexbor tests a compound's parts in the order
# written, and few elements have a title, where every one has to be tried for a class
# (`.published[title]` made the whole query 18% slower, `[title].published` nothing).
_HATOM_DATE: Final = re.compile(r"\d{4}-\d\d-\d\d")
# Naver's stamps: the visible "오후 2:05" drops the seconds these attributes hold. Looked
# for (one more walk of the tree) only on a page that nothing else dates.
_STAMPS: Final = "[data-date-time], [data-modify-date-time]"
_MAX_NODES: Final = 2000
_MAX_EACH: Final = 50  # values kept per key, per kind
_MAX_SCRIPTS: Final = 5
# The itemprops metadata reads, from an attribute or else as text (reading the others,
# "name" on every breadcrumb, or articleBody, was wasted work).
_ITEMPROPS: Final = {"author", "datepublished"}
_MAX_TEXT: Final = 300
_LABEL_CHARS: Final = 30  # the most text a label of its own before a `<time>` holds
_LINE_CHARS: Final = 200


@dataclass(frozen=True)
class Sources:
    """What the page offers for metadata, in page order; keys are lower-cased.

    Built by `scan` and read-only after it (the containers are filled while scanning).
    """

    meta: dict[str, list[str]] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)  # rel token → hrefs
    itemprops: dict[str, list[str]] = field(default_factory=dict)
    jsonld: list[str] = field(default_factory=list)
    # An app's data (`__NEXT_DATA__`), read only when the page's metadata is wanting.
    app_data: list[LexborNode] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    updated_times: list[str] = field(default_factory=list)  # labelled as an update
    # The line the first `<time>` stands in, where an update may be printed beside it
    # ("<time>2024年3月12日 14:05</time>（3月12日 18:30更新）").
    time_line: str | None = None
    tag_links: list[str] = field(default_factory=list)
    # WordPress's first category link (rel="category tag"): the story's section; its
    # other category links are tags, as its tag links are.
    categories: list[str] = field(default_factory=list)
    title: str | None = None
    lang: str | None = None
    base: str | None = None  # the first `<base href>`: what relative links resolve against
    heading: LexborNode | None = None  # the first `<h1>`, where the visible search starts

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
    base: str | None = None
    heading: LexborNode | None = None
    first_time: LexborNode | None = None
    # Lexbor lists an element once for each selector it matches (`<h1 itemprop>` twice).
    nodes = tree.css(_SELECTOR)
    for node in nodes[:_MAX_NODES]:
        tag, attrs = node.tag, node.attributes
        if tag == "meta":
            _add_meta(sources, attrs)
            continue
        if tag == "link":
            _add_link(sources, attrs)
        elif tag == "script":
            kind = (attrs.get("type") or "").lower()
            if "ld+json" in kind:
                sources.jsonld.append(node.text(deep=True))
            elif kind == "application/json":
                _append_node(sources.app_data, node)
        elif tag == "h1":
            heading = heading or node
            if len(sources.headings) < 3:
                sources.headings.append(node.text(separator=" ", strip=True))
        elif tag == "title":
            _append(titles, node.text(deep=True))
        elif tag == "time":
            times = sources.updated_times if _is_update(node, attrs) else sources.times
            first_time = first_time or node
            _append(times, attrs.get("datetime"))
        elif tag == "a" and "tag" in (attrs.get("rel") or ""):
            text = node.text(separator=" ", strip=True)
            rels = (attrs.get("rel") or "").lower().split()
            category = "category" in rels or _in_categories(node)
            _append(
                sources.tag_links if sources.categories or not category else sources.categories,
                text,
            )
        elif tag == "base":
            base = base or (attrs.get("href") or "").strip() or None
        elif "title" in attrs and _HATOM_DATE.match(attrs["title"] or ""):  # (few have one)
            times = sources.updated_times if _is_update(node, attrs) else sources.times
            _append(times, attrs.get("title"))
        if "itemprop" in attrs:
            _add_itemprop(sources, node, attrs)
    if not sources.times and not any("datePublished" in data for data in sources.jsonld):
        for node in tree.css(_STAMPS):
            _append(sources.times, node.attributes.get("data-date-time"))
            _append(sources.updated_times, node.attributes.get("data-modify-date-time"))
    heading = heading or next((node for node in nodes[_MAX_NODES:] if node.tag == "h1"), None)
    title = titles[0] if titles else None
    return replace(
        sources,
        title=title,
        base=base,
        heading=heading,
        time_line=_line_of(first_time) if first_time is not None else None,
    )


def _in_categories(link: LexborNode) -> bool:
    """Whether a tag link lists the post's categories, as WordPress's block themes print
    them (`<div class="taxonomy-category wp-block-post-terms"><a rel="tag">`)."""
    parent = link.parent
    return parent is not None and "taxonomy-category" in (parent.attributes.get("class") or "")


def _line_of(node: LexborNode) -> str | None:
    """The text of the element a `<time>` stands in, when that is a line, not a story."""
    parent = node.parent
    if parent is None:
        return None
    size = 0
    for part in parent.traverse(include_text=True):  # (a story's text is not read whole)
        if part.tag == "-text":
            size += len((part.text_content or "").strip())
            if size > _LINE_CHARS:
                return None
    return parent.text(separator=" ", strip=True)


def _is_update(node: LexborNode, attrs: dict[str, str | None]) -> bool:
    """Whether a `<time>` gives the story's last update, by its class (hAtom's "updated")
    or by the label before it ("Updated <time>…")."""
    names = (attrs.get("class") or "").lower()
    if "publish" in names:  # WordPress: "entry-date published updated", never updated since
        return False
    if "updated" in names or "modified" in names:
        return True
    before = node.prev
    while before is not None and before.tag == "-text" and not before.text().strip():
        before = before.prev
    if before is None:
        return False
    if before.tag == "-text":  # "Updated <time>", "Published: May 1 · Updated: <time>"
        return after_update_label(before.text())
    # "<span>Updated</span> <time>": a label of its own, not a paragraph's end
    label = before.text(deep=True)
    return len(label) <= _LABEL_CHARS and after_update_label(label)


def _add_meta(sources: Sources, attrs: dict[str, str | None]) -> None:
    content = (attrs.get("content") or "").strip()
    if not content:
        return
    for attr in ("property", "name", "itemprop", "http-equiv"):
        key = attrs.get(attr)
        if not key:
            continue
        key = key.strip().lower()
        if attr == "itemprop" and key == "author":  # (often a cited work's, not <meta name>)
            _append(sources.itemprops.setdefault(key, []), content)
        else:
            _append(sources.meta.setdefault(key, []), content)


def _add_link(sources: Sources, attrs: dict[str, str | None]) -> None:
    href = (attrs.get("href") or "").strip()
    for rel in (attrs.get("rel") or "").lower().split():
        _append(sources.links.setdefault(rel, []), href)


def _add_itemprop(sources: Sources, node: LexborNode, attrs: dict[str, str | None]) -> None:
    for prop in (attrs.get("itemprop") or "").lower().split():
        if prop not in _ITEMPROPS:
            continue
        value = attrs.get("content") or attrs.get("datetime") or _hatom_date(attrs)
        holder = node
        if not value and prop == "author":
            # The name inside a byline that also holds a handle, a date, a photo.
            holder = node.css_first('[itemprop~="name"]') or node
            value = holder.attributes.get("content")
        if not value:
            value = holder.text(separator=" ", strip=True)[:_MAX_TEXT]
        _append(sources.itemprops.setdefault(prop, []), value)


def _hatom_date(attrs: dict[str, str | None]) -> str | None:
    title = attrs.get("title")
    return title if title and _HATOM_DATE.match(title) else None


def _append_node(nodes: list[LexborNode], node: LexborNode) -> None:
    if len(nodes) < _MAX_SCRIPTS:
        nodes.append(node)


def _append(values: list[str], value: str | None) -> None:
    if value and len(values) < _MAX_EACH:
        values.append(value.strip())
