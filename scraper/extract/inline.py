"""What the DOM walk (`dom.py`) asks of a few inline elements, looking only at them and
their nearest nodes: a footnote's mark, an accordion's question, spans that only the
page's style sets apart, a paragraph set all in bold (an interview's question), a
span classed as a photo's caption.
"""

from __future__ import annotations

import re
from typing import Final

from selectolax.lexbor import LexborNode

from .elements import INLINE_TAGS, TEXT_NODE
from .layout import CAPTION
from .rules import Rules

__all__ = ["BOLD_TAGS", "bold_paragraph", "caption", "note_mark", "question", "set_apart"]

BOLD_TAGS: Final = frozenset({"strong", "b"})


def note_mark(link: LexborNode) -> bool:
    """Whether a link into the page is a footnote's mark: a number, raised (`<sup>`)."""
    parent = link.parent
    if parent is None or parent.tag != "sup":
        return False
    mark = link.text(deep=True).strip()
    return len(mark) <= 5 and mark.strip("[]()").isdigit()


def question(button: LexborNode) -> bool:
    """Whether a button's text is a question of a few words: an accordion's (a FAQ's
    "Who pays for it?"), which its answer under it needs; not "Share" or "Load more"."""
    text = button.text(deep=True, strip=True)
    return text.endswith(("?", "？", "؟")) and text.count(" ") >= 2 and len(text) <= 200


def set_apart(span: LexborNode, before: str) -> bool:
    """Whether a span right after another, the text `before` it ending in a lower-case
    letter or a digit, is set apart only by the page's style (a row of facts: "Prep 20
    min", "Cook 45 min"; a label and its value, "Prep Time" "20 minutes"), so that its
    words would run into those before: "minCook", "Time20"."""
    last = before[-1]
    if not (last.islower() or last.isdigit()):  # (most: a space, a stop)
        return False
    previous, first = span.prev, span.first_child
    if previous is None or previous.tag != "span" or first is None or first.tag_id != TEXT_NODE:
        return False
    start = (first.text_content or "")[:1]
    return start.isupper() or (start.isdigit() and last.isalpha())


def bold_paragraph(bold: LexborNode) -> bool:
    """Whether a `<strong>` or `<b>` opening a block is the rest of its paragraph (all
    of it, or its last line): an interview's question, which markdown keeps apart from
    the answer."""
    parent = bold.parent
    return parent is not None and parent.tag == "p" and _filled(bold.next) is None


def _filled(node: LexborNode | None) -> LexborNode | None:
    """`node` or the first node after it that is not markup's whitespace."""
    while node is not None and node.is_empty_text_node:
        node = node.next
    return node


def caption(span: LexborNode, rules: Rules) -> bool:
    """Whether a `<span>` is a photo's caption, which the walk then reads as a box of its
    own (a `<div>`'s would be): classed as one (a caption or a credit), a line of its own,
    and said to be a photo's, by its class ("image-caption", "photoCaption") or by a
    picture beside it. A typography style's "caption" (`MuiTypography-caption`,
    `text-caption`: an editor's note, a correction) or a quote's credit is no photo's;
    and a span inside another inline element, or with words of its line on either side,
    is a part of its line, weighed whole (a credit ending a caption)."""
    classes = span.attributes.get("class")
    if classes is None or ("aption" not in classes and "redit" not in classes):
        return False
    if rules.container_by_class(classes) != CAPTION:
        return False
    parent = span.parent
    if parent is None or parent.tag in INLINE_TAGS:
        return False
    before, after = _beside(span.prev, backwards=True), _beside(span.next)
    if _words(before) or _words(after):
        return False
    if _PHOTO_NAMES.search(classes) or _picture(after):
        return True
    # After the picture, maybe after the caption's other lines (a credit after it).
    if _picture(_beside(before, backwards=True, spans=True)):
        return True
    # In a box of the caption's lines (with the credit's) beside the picture's box.
    return _lines_only(parent) and (
        _picture(_beside(parent.prev, backwards=True)) or _picture(_beside(parent.next))
    )


_PHOTO_NAMES: Final = re.compile(
    "image|img|photo|pic|media|figure|foto|bild|visual|video|youtube", re.IGNORECASE
)
_PICTURES: Final = frozenset({"img", "picture", "figure", "video", "iframe"})


def _beside(
    node: LexborNode | None, backwards: bool = False, spans: bool = False
) -> LexborNode | None:
    """`node` or the first node past it that is not markup's whitespace (nor a span, if
    `spans`)."""
    while node is not None and (node.is_empty_text_node or (spans and node.tag == "span")):
        node = node.prev if backwards else node.next
    return node


def _lines_only(box: LexborNode) -> bool:
    """Whether a box holds spans only (a caption's lines), a few."""
    node, spans = _beside(box.first_child), 0
    while node is not None and node.tag == "span" and spans < _CAPTION_LINES:
        node, spans = _beside(node.next), spans + 1
    return node is None


_CAPTION_LINES: Final = 4


def _words(node: LexborNode | None) -> bool:
    return node is not None and node.tag_id == TEXT_NODE


def _picture(node: LexborNode | None) -> bool:
    """Whether `node` is a picture (a video, an embedded player), or a box holding one
    (a link, a `<p>`)."""
    if node is None or node.tag_id == TEXT_NODE:
        return False
    return node.tag in _PICTURES or node.css_first("img, picture, video, iframe") is not None
