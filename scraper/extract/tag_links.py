"""Tags printed as links under the story, for pages with no keywords in their metadata.

The links in a box classed as tags or topics, or whose address names a tag page
("/tag/…", "/thema/…"), after the headline (the `<h1>`; else the heading that gives the
headline, as Joomla's `<h2>` does, and then only in the story's box: "More from …" boxes
after it list other stories' topics), outside the site's menus, not in a box a heading
of its own heads after the story ("More from Transport", "Latest news"; but "Tags",
"Topics"), and not in a sentence of the story or a teaser's headline (sites link names
in their text to topic pages too).
"""

from __future__ import annotations

import re
from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .titles import text_key

__all__ = ["tag_link_texts"]

# The boxes and link addresses that name tags (the addresses also end "All topics" links).
_TAG_BOXES: Final = '[class*="tags" i], [class*="topics" i]'
_TAG_INDEXES: Final = ("/tag/", "/tags/", "/topic/", "/topics/", "/thema/", "/themen/")
# A link to a tag page that is not a tag: a sentence in the story ("All the news on the
# election."), a way back ("Zur Startseite", "Back to Politics"), "Show all tags", or
# the share buttons beside the tags ("WhatsApp", "E-Mail", "Drucken").
_NOT_TAG_LINK: Final = re.compile(
    r"[.!?…]$|^(?:zur|zum|back to|go to|all|alle|more|mehr|see|show|view|mostrar|voir)\b"
    r"|^(?:whatsapp|facebook|twitter|linkedin|pinterest|telegram|xing|e-?mail|mail|print"
    r"|drucken|artikel drucken|share|teilen)$",
    re.I,
)
_MAYBE_TAG_HREFS: Final = 'a[href*="/t"]'  # every link to a tag page, and a few more
_PARAGRAPH_DEPTH: Final = 3  # <p><strong><a>: a link this deep in a paragraph is in its text
_WORD_CHARS: Final = re.compile(r"\w")
_LINK_LABEL_CHARS: Final = (
    30  # "Weitere Artikel zu diesen Themen:" beside tag links; a sentence is longer
)
_MAX_LISTED: Final = 60
_HEADINGS: Final = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_ANY_HEADING: Final = "h1, h2, h3, h4, h5, h6"
_SUBHEADS: Final = ("h2", "h3")  # where a template with no `<h1>` prints the headline
# A heading that names the story's tag list; any other heading over links after the story
# heads another box, whose links tag other stories or the site.
_TAG_LABEL: Final = re.compile(
    r"^(?:(?:related )?(?:tags?|topics?)|tagged(?: with)?|markiert mit|themen|schlagw[oö]rte?r?"
    r"|stichw[oö]rter|etiquetas|temas(?: relacionados)?|mots[- ]cl[ée]s|sujets|argomenti"
    r"|tagi|tematy|onderwerpen|trefwoorden)\W*$",
    re.I,
)
_BOX_PARAGRAPHS: Final = 3  # a box holding this many paragraphs holds the story's text
_LIST_SEPARATORS: Final = " ,;|·•/\n\t"
_NAVIGATION_TAGS: Final = frozenset({"nav", "header", "footer", "aside", "menu"})
_PARTS: Final = ("header", "footer")  # the site's, or an `<article>`'s
_MENU_CLASSES: Final = ("nav", "menu", "burger", "drawer")
_NAVIGATION_CLASSES: Final = (*_MENU_CLASSES, *_PARTS)
_MAX_DEPTH: Final = 30


def tag_link_texts(tree: LexborHTMLParser, headline: str | None = None) -> list[str]:
    """The texts of the links that tag the story, in page order."""
    # Only links after the headline: the ones before it are the site's menus.
    nodes = _tag_link_candidates(tree, ("h1",))[:100]
    start = next((i for i, node in enumerate(nodes) if node.tag == "h1"), len(nodes))
    story = None
    if start == len(nodes) and nodes and headline:  # (one more query, on few pages)
        nodes = _tag_link_candidates(tree, _SUBHEADS)[:100]
        key = text_key(headline)
        heads = (i for i, node in enumerate(nodes) if node.tag in _SUBHEADS and _keyed(node, key))
        start = next(heads, len(nodes))
        story = _story_box(nodes[start]) if start < len(nodes) else None
    links = [
        node
        for node in nodes[start + 1 :]
        if node.tag == "a"
        and (story is None or _inside(node, story))
        and not (node.attributes.get("href") or "").endswith(_TAG_INDEXES)
        and not _in_navigation(node)
        and not _in_running_text(node)
    ]
    if story is None and links:
        links = _outside_other_boxes(nodes[start], links)
    # Lexbor keeps the spaces around a link's text even with `strip`, and the patterns
    # are anchored.
    texts = (" ".join(node.text(separator=" ").split()) for node in links[:30])
    return [text for text in texts if not _NOT_TAG_LINK.search(text)]


def _story_box(heading: LexborNode) -> LexborNode | None:
    """The box a sub-heading headline heads: its nearest ancestor that holds a paragraph."""
    node = heading.parent
    for _ in range(_MAX_DEPTH):
        if node is None or node.tag in ("body", "html"):
            return None
        if node.css_first("p") is not None:
            return node
        node = node.parent
    return None


def _outside_other_boxes(headline: LexborNode, links: list[LexborNode]) -> list[LexborNode]:
    """`links` but those in a box that a heading of its own heads after the story."""
    story = set()  # the boxes holding the headline
    node = headline.parent
    while node is not None:
        story.add(node.mem_id)
        node = node.parent
    # A tag list's links share their boxes and headings: each is looked at once.
    seen: dict[int, LexborNode | None] = {}
    headed: dict[tuple[int, int], bool] = {}
    return [link for link in links if not _in_headed_box(link, story, seen, headed)]


def _in_headed_box(
    link: LexborNode,
    story: set[int],
    seen: dict[int, LexborNode | None],
    headed: dict[tuple[int, int], bool],
) -> bool:
    """Whether the nearest heading above a link heads a box holding it ("More from
    Transport", "Latest news"): a box that holds neither the headline nor the story's
    paragraphs, under a heading that names no tag list."""
    node = link
    for _ in range(_MAX_DEPTH):
        box = node.parent
        if box is None or box.mem_id in story:
            return False
        heading = _heading_before(node, seen)
        if heading is not None:
            key = (box.mem_id, heading.mem_id)
            if key not in headed:
                headed[key] = _heads(box, heading)
            return headed[key]
        node = box
    return False


def _heads(box: LexborNode, heading: LexborNode) -> bool:
    return (
        not _TAG_LABEL.match(" ".join(heading.text(separator=" ").split()))
        and len(box.css("p")) < _BOX_PARAGRAPHS
        and not _in_tag_box(heading)
    )


def _heading_before(node: LexborNode, seen: dict[int, LexborNode | None]) -> LexborNode | None:
    """The last heading in the elements before a node in its box; `seen` holds, for each
    element walked, the last heading in it or before it."""
    walked = []
    heading = None
    sibling = node.prev
    while sibling is not None:
        if sibling.mem_id in seen:
            heading = seen[sibling.mem_id]
            break
        walked.append(sibling.mem_id)
        heading = _last_heading(sibling)
        if heading is not None:
            break
        sibling = sibling.prev
    seen.update(dict.fromkeys(walked, heading))
    return heading


def _last_heading(node: LexborNode) -> LexborNode | None:
    if node.tag in _HEADINGS:
        return node
    inner = node.css(_ANY_HEADING) if node.is_element_node else None
    return inner[-1] if inner else None


def _in_tag_box(node: LexborNode) -> bool:
    """Whether a heading is a tag box's own ("Related Topics" over `div.tags-list`)."""
    parent = node.parent
    for _ in range(_MAX_DEPTH):
        if parent is None:
            return False
        if _names_tags(parent.attributes.get("class")):
            return True
        parent = parent.parent
    return False


def _inside(node: LexborNode, box: LexborNode) -> bool:
    parent = node.parent
    while parent is not None and parent.mem_id != box.mem_id:
        parent = parent.parent
    return parent is not None


def _keyed(node: LexborNode, key: str) -> bool:
    return text_key(node.text(separator=" ")) == key


def _tag_link_candidates(tree: LexborHTMLParser, heads: tuple[str, ...]) -> list[LexborNode]:
    """The headings of `heads` (the `<h1>`s), and the links in a box classed as tags or
    whose address names a tag, in page order: what `h1, [class*="tags" i] a,
    [class*="topics" i] a, a[href*="/tag/"], …` (one selector for each of
    `_TAG_INDEXES`) finds.

    Lexbor matches `.tags a` by climbing from every link, and each `[href*=…]` by a
    search in every link's address: that query cost as much as all the rest of the
    metadata. One cheap query finds the boxes and the links whose address might name a
    tag, and each box's links are read from its own, small, subtree (most pages have no
    box). Lexbor lists a node once for each selector it matches, and the cut at 100
    candidates counts every listing: a link in a box keeps that count, one for each
    kind of box around it and one for each tag address in its own.
    """
    headings = ", ".join(heads)
    nodes = tree.css(f"{headings}, {_TAG_BOXES}, {_MAYBE_TAG_HREFS}")
    if not any(_names_tags(node.attrs.get("class")) for node in nodes):
        return [node for node in nodes if node.tag in heads or _names_tag_page(node)]
    found: dict[int, LexborNode] = {}  # by node, in page order
    around: dict[int, set[str]] = {}  # a link → the kinds of box it is in
    for node in {node.mem_id: node for node in nodes}.values():
        if node.tag in heads or (node.tag == "a" and _names_tag_page(node)):
            found.setdefault(node.mem_id, node)
        kinds = _box_kinds(node)
        # The box's links follow the box in page order, and the query matches the
        # box itself too when it is a link or a heading.
        for inner in node.css(f"{headings}, a") if kinds else ():
            if inner.mem_id != node.mem_id:
                found.setdefault(inner.mem_id, inner)
                if inner.tag == "a":
                    around.setdefault(inner.mem_id, set()).update(kinds)
    return [
        node
        for key, node in found.items()
        for _ in range(1 if node.tag in heads else len(around.get(key, ())) + _tag_addresses(node))
    ]


def _names_tag_page(link: LexborNode) -> bool:
    """Whether a link's address names a tag page: `a[href*="/tag/"]`, …"""
    href = link.attrs.get("href") or ""
    return any(part in href for part in _TAG_INDEXES)


def _tag_addresses(link: LexborNode) -> int:
    """How many of `_TAG_INDEXES` a link's address holds."""
    href = link.attrs.get("href") or ""
    return sum(part in href for part in _TAG_INDEXES)


def _names_tags(classes: str | None) -> bool:
    """Whether `[class*="tags" i], [class*="topics" i]` matches these classes."""
    return classes is not None and any(name in classes.lower() for name in ("tags", "topics"))


def _box_kinds(node: LexborNode) -> set[str]:
    """Which of `[class*="tags" i]` and `[class*="topics" i]` match the node."""
    classes = (node.attrs.get("class") or "").lower()
    return {kind for kind in ("tags", "topics") if kind in classes}


def _in_navigation(node: LexborNode) -> bool:
    """Whether a link sits in the site's menus, whose "topics" are the site's, not the
    story's; a header or footer inside an `<article>` is the story's own (its tags)."""
    for _ in range(_MAX_DEPTH):
        parent = node.parent
        if parent is None:
            return False
        node = parent
        classes = (node.attributes.get("class") or "").lower()
        if node.tag in _NAVIGATION_TAGS or any(word in classes for word in _NAVIGATION_CLASSES):
            return not (_story_part(node.tag, classes) and _in_article(node))
    return False


def _story_part(tag: str | None, classes: str) -> bool:
    """Whether a box is a header or footer, not a menu."""
    if tag in _NAVIGATION_TAGS:
        return tag in _PARTS
    return not any(word in classes for word in _MENU_CLASSES)


def _in_article(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None and parent.tag != "article":
        parent = parent.parent
    return parent is not None


def _in_running_text(node: LexborNode) -> bool:
    """Whether a link sits in a paragraph of the story ("… said <a>Vladimir Putin</a> …")
    or in a heading (a teaser's headline, "Topic: War in Ukraine"): sites link names in
    the text to their topic pages, but the story's tags are the box of links under it.
    A paragraph that is only links ("Tags: A, B, C") is such a box."""
    parent = node.parent
    for _ in range(_PARAGRAPH_DEPTH):
        if parent is None:
            return False
        if parent.tag in _HEADINGS:
            return True
        if parent.tag == "p":
            words = len(_WORD_CHARS.findall(parent.text(separator=" ")))
            links = sum(len(_WORD_CHARS.findall(a.text(separator=" "))) for a in parent.css("a"))
            return words - links > _LINK_LABEL_CHARS and not _after_label(node)
        parent = parent.parent
    return False


def _after_label(link: LexborNode) -> bool:
    """Whether a link follows a label ("… | Topic: <a>", "Tags: <a>A</a>, <a>B</a>"),
    passing over the links and separators of the same list."""
    node = link.prev
    for _ in range(_MAX_LISTED):
        if node is None:
            return False
        if node.tag == "-text":
            text = (node.text_content or "").rstrip()
            if text.endswith(":"):
                return True
            if text.strip(_LIST_SEPARATORS):
                return False
        elif node.tag != "a":
            return False
        node = node.prev
    return False
