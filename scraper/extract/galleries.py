"""A photo gallery's captions are its text.

A `<figcaption>` (or a box classed as a caption, a gallery or a slideshow) is boilerplate
beside a story: the photo's description and credit, not the reporter's text. A gallery's
page is the other way round: a dozen photos, each with a caption of a sentence or two,
and little prose beside them but a standfirst or a newsletter line. Its captions are what
it has to say, and dropping them would archive the newsletter line as its text, or
nothing. (Their counters, "1/12", and credits still go, by the line rules.)
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from . import dom
from .blockrules import PROSE_CHARS, weights_of
from .layout import CAPTION
from .page import Page
from .rules import Rules

__all__ = ["keep_captions", "read_page"]

GALLERY_CAPTIONS = 4  # a gallery shows this many photos with a caption in prose at least
GALLERY_SHARE = 4  # ... whose captions hold this many times the prose beside them


def read_page(root: LexborNode, rules: Rules) -> tuple[Page, bool]:
    """The page's blocks (`dom.read_blocks`), and whether it is a gallery: then read
    again with its captions walked (the walk reads each as one block of boilerplate).
    A gallery has several captions of a sentence or two, which hold more text than the
    prose beside them several times over."""
    page = dom.read_blocks(root, rules)
    captions = [b for b in page.blocks if page.rules[b.element] == CAPTION and not b.markdown]
    long = [len(b.text) for b in captions if len(b.text) >= PROSE_CHARS]
    if len(long) < GALLERY_CAPTIONS:  # (nearly every page)
        return page, False
    if sum(long) <= GALLERY_SHARE * sum(w for w in weights_of(page.blocks, rules) if w > 0):
        return page, False
    return dom.read_blocks(root, rules, CAPTION), True


def keep_captions(dropped: list[str | None]) -> None:
    """Keep a gallery's captions: clear their rule in `dropped`."""
    dropped[:] = [None if rule == CAPTION else rule for rule in dropped]
