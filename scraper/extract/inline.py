"""What the DOM walk (`dom.py`) asks of a few inline elements, looking only at them and
their nearest nodes: a footnote's mark, an accordion's question, spans that only the
page's style sets apart, a paragraph set all in bold (an interview's question), a
span classed as a photo's caption.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from .elements import INLINE_TAGS, TEXT_NODE
from .layout import CAPTION
from .rules import Rules

__all__ = ["BOLD_TAGS", "bold_paragraph", "caption", "note_mark", "question", "set_apart"]

BOLD_TAGS = frozenset({"strong", "b"})


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
    min", "Cook 45 min"), so that its words would run into those before: "minCook"."""
    last = before[-1]
    if not (last.islower() or last.isdigit()):  # (most: a space, a stop)
        return False
    previous, first = span.prev, span.first_child
    return (
        previous is not None
        and previous.tag == "span"
        and first is not None
        and first.tag_id == TEXT_NODE
        and (first.text_content or "")[:1].isupper()
    )


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
    """Whether a `<span>` is classed as a photo's caption, which the walk then reads as
    a box of its own (a `<div>`'s would be). One inside another inline element is a part
    of the line it stands in (a credit ending a caption), which is weighed whole."""
    classes = span.attributes.get("class")
    # Named so ("imageCaption", "c-caption", "photo-credit"): spans the rule's other
    # names fit (a gallery's counter) are parts of a line.
    if classes is None or ("aption" not in classes and "redit" not in classes):
        return False
    if rules.container_by_class(classes) != CAPTION:
        return False
    parent = span.parent
    return parent is None or parent.tag not in INLINE_TAGS
