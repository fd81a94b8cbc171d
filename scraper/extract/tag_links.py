"""Tags printed as links under the story, for pages with no keywords in their metadata.

The links in a box classed as tags or topics, or whose address names a tag page
("/tag/…", "/thema/…"), after the headline, outside the site's menus, and not in a
sentence of the story or a teaser's headline (sites link names in their text to topic
pages too).
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["tag_link_texts"]

# The boxes and link addresses that name tags.
_TAG_BOXES = '[class*="tags" i], [class*="topics" i]'
_TAG_BOX_LINKS = '[class*="tags" i] a, [class*="topics" i] a'
_TAG_HREFS = (
    'a[href*="/tag/"], a[href*="/tags/"], a[href*="/topic/"], a[href*="/topics/"],'
    ' a[href*="/thema/"], a[href*="/themen/"]'
)
_TAG_INDEXES = ("/tag/", "/tags/", "/topic/", "/topics/", "/thema/", "/themen/")  # "All topics"
# A link to a tag page that is not a tag: a sentence in the story ("All the news on the
# election."), a way back ("Zur Startseite", "Back to Politics"), "Show all tags", or
# the share buttons beside the tags ("WhatsApp", "E-Mail", "Drucken").
_NOT_TAG_LINK = re.compile(
    r"[.!?…]$|^(?:zur|zum|back to|go to|all|alle|more|mehr|see|show|view|mostrar|voir)\b"
    r"|^(?:whatsapp|facebook|twitter|linkedin|pinterest|telegram|xing|e-?mail|mail|print"
    r"|drucken|artikel drucken|share|teilen)$",
    re.I,
)
_MAYBE_TAG_HREFS = 'a[href*="/t"]'  # every link `_TAG_HREFS` matches, and a few more
_PARAGRAPH_DEPTH = 3  # <p><strong><a>: a link this deep in a paragraph is in its text
_WORD_CHARS = re.compile(r"\w")
_LINK_LABEL_CHARS = 30  # "Weitere Artikel zu diesen Themen:" beside tag links; a sentence is longer
_MAX_LISTED = 60
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LIST_SEPARATORS = " ,;|·•/\n\t"
_NAVIGATION_TAGS = frozenset({"nav", "header", "footer", "aside", "menu"})
_NAVIGATION_CLASSES = ("nav", "menu", "footer", "header", "burger", "drawer")
_MAX_DEPTH = 30


def tag_link_texts(tree: LexborHTMLParser) -> list[str]:
    """The texts of the links that tag the story, in page order."""
    # Only links after the headline: the ones before it are the site's menus.
    nodes = _tag_link_candidates(tree)[:100]
    start = next((i for i, node in enumerate(nodes) if node.tag == "h1"), len(nodes))
    links = [
        node
        for node in nodes[start + 1 :]
        if node.tag == "a"
        and not (node.attributes.get("href") or "").endswith(_TAG_INDEXES)
        and not _in_navigation(node)
        and not _in_running_text(node)
    ]
    # Lexbor keeps the spaces around a link's text even with `strip`, and the patterns
    # are anchored.
    texts = (" ".join(node.text(separator=" ").split()) for node in links[:30])
    return [text for text in texts if not _NOT_TAG_LINK.search(text)]


def _tag_link_candidates(tree: LexborHTMLParser) -> list[LexborNode]:
    """The `<h1>`s, and the links in a box classed as tags or whose address names a tag.

    Lexbor matches `.tags a` by climbing from every link, and each `[href*=…]` by a
    search in every link's address: one cheap query finds the boxes and the links whose
    address might name a tag, and those are sorted out here (most pages have no box).
    """
    nodes = tree.css(f"h1, {_TAG_BOXES}, {_MAYBE_TAG_HREFS}")
    if any(_names_tags(node.attrs.get("class")) for node in nodes):
        return tree.css(f"h1, {_TAG_BOX_LINKS}, {_TAG_HREFS}")
    return [
        node
        for node in nodes
        if node.tag == "h1" or any(part in (node.attrs.get("href") or "") for part in _TAG_INDEXES)
    ]


def _names_tags(classes: str | None) -> bool:
    """Whether `[class*="tags" i], [class*="topics" i]` matches these classes."""
    return classes is not None and any(name in classes.lower() for name in ("tags", "topics"))


def _in_navigation(node: LexborNode) -> bool:
    """Whether a link sits in the site's menus, whose "topics" are the site's, not the story's."""
    for _ in range(_MAX_DEPTH):
        parent = node.parent
        if parent is None:
            return False
        node = parent
        if node.tag in _NAVIGATION_TAGS:
            return True
        classes = (node.attributes.get("class") or "").lower()
        if any(word in classes for word in _NAVIGATION_CLASSES):
            return True
    return False


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
