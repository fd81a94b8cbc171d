"""The text around a page's headline: where a byline or a dateline printed for readers is
looked for (`visible`, `datelines`) when the page's metadata names none.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["NEAR", "Window", "headline_window"]

_WINDOW_CHARS: Final = 4000  # climb from the <h1> while the ancestor's text stays under this
_MAX_CLIMB: Final = 5
_MAX_HEADINGS: Final = 50
_READ_CHARS: Final = 5 * _WINDOW_CHARS  # read this much to keep a window's worth without code
_NOT_TEXT: Final = "script, style, noscript, template"
_MAX_CODE: Final = 100
NEAR: Final = 1500  # characters after the headline searched for its dateline


class Window(NamedTuple):
    """The text around the headline, and the element it is the text of (None: the page's)."""

    text: str
    box: LexborNode | None


def headline_window(
    tree: LexborHTMLParser, first_h1: LexborNode | None, title: str | None = None
) -> Window:
    """The text around the page's first `<h1>`, or around the lesser heading that shows
    the `title` (the top of the body when there is neither), and the element it is
    read from: the headline's, climbed from while that stays short, at least its parent.

    The text from the headline on comes first, so that the first date or byline
    found is the one under the headline, not one in a menu above it.
    """
    heading = first_h1 or _heading_showing(tree, title)
    if heading is None:
        body = tree.body
        return Window(_readable_text(body)[:_WINDOW_CHARS] if body is not None else "", None)
    node: LexborNode = heading
    text = _readable_text(node)
    head = heading.text(separator="\n", strip=True)[:100]
    for _ in range(_MAX_CLIMB):
        parent = node.parent
        if parent is None or parent.tag in ("html", "#document"):
            break
        parent_text = _readable_text(parent)
        if len(parent_text) > _WINDOW_CHARS:
            if node is heading:  # the headline opens the whole story: read on after it
                text = parent_text[max(0, parent_text.find(head)) :][:NEAR]
                node = parent
            break
        node, text = parent, parent_text
    start = text.find(head)
    return Window(text[start:] + "\n" + text[:start] if start > 0 else text, node)


def _heading_showing(tree: LexborHTMLParser, title: str | None) -> LexborNode | None:
    """The `<h2>`–`<h3>` that holds the title: pages with no `<h1>` (a logo-less template,
    a teaser module reused for the story) still print the headline in a heading."""
    if not title:
        return None
    for node in tree.css("h2, h3")[:_MAX_HEADINGS]:
        if title in " ".join(node.text(separator=" ").split()):
            return node
    return None


def _readable_text(node: LexborNode) -> str:
    """The node's text without its scripts and styles (whose dates are not the story's).

    Lexbor's text includes them, and the tree must not be changed, so their text is
    cut out of the first part of the result instead.
    """
    text = node.text(separator="\n", strip=True)[:_READ_CHARS]
    for code in node.css(_NOT_TEXT)[:_MAX_CODE]:
        snippet = code.text(separator="\n", strip=True)
        if snippet:
            text = text.replace(snippet, "", 1)
    return text
