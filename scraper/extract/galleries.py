"""A photo gallery's captions are its text.

A `<figcaption>` (or a box classed as a caption, a gallery or a slideshow) is boilerplate
beside a story: the photo's description and credit, not the reporter's text. A gallery's
page is the other way round: a dozen photos, each with a caption of a sentence or two,
and little prose beside them but a standfirst or a newsletter line. Its captions are what
it has to say, and dropping them would archive the newsletter line as its text, or
nothing. (Their counters, "1/12", and credits still go, by the line rules.)

Only the story's captions count, and only they are kept: a sidebar's "Photos of the day"
carousel beside a brief is about other news, and changes with every visit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from selectolax.lexbor import LexborNode

from . import dom
from .blockrules import PROSE_CHARS, weights_of
from .layout import CAPTION
from .page import ARTICLE, Page
from .rules import Rules

__all__ = ["keep_captions", "read_page"]

GALLERY_CAPTIONS: Final = 4  # a gallery shows this many photos with a caption in prose at least
GALLERY_SHARE: Final = 4  # ... whose captions hold this many times the prose beside them


def read_page(root: LexborNode, rules: Rules) -> tuple[Page, bool]:
    """The page's blocks (`dom.read_blocks`), and whether it is a gallery: then read
    again with its captions walked (the walk reads each as one block of boilerplate).
    A gallery has several captions of a sentence or two in its story (`_in_story`),
    which hold more text than the prose beside them several times over."""
    page = dom.read_blocks(root, rules)
    captions = [
        b
        for b in page.blocks
        if page.rules[b.element] == CAPTION and not b.markdown and len(b.text) >= PROSE_CHARS
    ]
    if len(captions) < GALLERY_CAPTIONS:  # (nearly every page)
        return page, False
    in_story = _in_story(page)
    long = [len(b.text) for b in captions if in_story(b.element)]
    if len(long) < GALLERY_CAPTIONS:
        return page, False
    if sum(long) <= GALLERY_SHARE * sum(w for w in weights_of(page.blocks, rules) if w > 0):
        return page, False
    return dom.read_blocks(root, rules, CAPTION), True


def keep_captions(page: Page, dropped: list[str | None]) -> None:
    """Keep a gallery's captions, those in its story: clear their rule in `dropped`."""
    in_story = _in_story(page)
    dropped[:] = [
        None if rule == CAPTION and in_story(element) else rule
        for element, rule in enumerate(dropped)
    ]


def _in_story(page: Page) -> Callable[[int], bool]:
    """Whether an element is in the page's story: inside an `<article>` when the page has
    one, and in no box with a rule of its own but a caption's (an `<aside>`, a sidebar,
    a "most read" box around a carousel) inside it. (Around the `<article>`, a box's rule
    is no evidence: a template may wrap the story in one named for a share bar.)"""
    anywhere = ARTICLE not in page.hints
    rules, parents, hints = page.rules, page.parents, page.hints

    def inside(element: int) -> bool:
        while element > 0:
            if rules[element] not in (None, CAPTION):
                return False
            if hints[element] == ARTICLE:
                return True
            element = parents[element]
        return anywhere

    return inside
