"""The author and date a CMS marks up in RDFa, for pages with no other metadata.

Drupal's core RDF module marks the "Submitted by Jane Doe on Tue, 06/18/2024 - 16:45" line
of every node: `<span rel="schema:author"><span property="schema:name">Jane Doe</span>`
and `<span property="schema:dateCreated" content="2024-06-18T20:45:00+00:00">`, whose
`content` holds the time with its offset where the text shows only the local time.
Drupal 7 says the same in SIOC, FOAF and Dublin Core terms. Its comments are marked up
the same way, and a theme may print the node's line without it: mark-up in a comment
is a reader's, and a login ("human", "jdoe") names no one.
"""

from __future__ import annotations

from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .authors import clean_authors
from .dates import parse_date

__all__ = ["rdfa_author", "rdfa_created"]

_AUTHOR: Final = (
    '[rel~="schema:author"] [property~="schema:name"],'
    ' [rel~="sioc:has_creator"] [property~="foaf:name"]'
)
_CREATED: Final = '[property~="schema:dateCreated"][content], [property~="dc:created"][content]'
_MAX_NODES: Final = 5
_DEPTH: Final = 12  # ancestors looked at for a comment


def rdfa_author(tree: LexborHTMLParser) -> list[str]:
    """The author's name, as the page prints it (or as its `content` gives it)."""
    node = _first(tree, _AUTHOR)
    if node is None:
        return []
    names = clean_authors([node.attributes.get("content") or node.text(separator=" ")])
    return [name for name in names if " " in name]


def rdfa_created(tree: LexborHTMLParser) -> str | None:
    """The creation date's `content`: a full ISO 8601 time, with its offset."""
    node = _first(tree, _CREATED)
    content = node.attributes.get("content") if node is not None else None
    return parse_date(content) if content else None


def _first(tree: LexborHTMLParser, selector: str) -> LexborNode | None:
    return next((n for n in tree.css(selector)[:_MAX_NODES] if not _in_comment(n)), None)


def _in_comment(node: LexborNode) -> bool:
    parent = node.parent
    for _ in range(_DEPTH):
        if parent is None:
            return False
        if "comment" in (parent.attributes.get("class") or "").lower():
            return True
        parent = parent.parent
    return False
