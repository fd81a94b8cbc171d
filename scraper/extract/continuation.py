"""Where the body continues beyond the element that holds most of it.

The best element (`content`) holds most of the article, but its lead often sits in the
article's header or the page's hero, and its last paragraphs after an inline advert,
in elements beside it. This module walks out from the best element's blocks, before and
after, and takes the paragraphs that belong to the story.
"""

from __future__ import annotations

from typing import Final

from .layout import above, subtree_end, within
from .page import Page
from .rules import Rules
from .stories import enclosing_article

__all__ = ["continued"]

REACH: Final = 2  # levels above the body element that still hold its continuation
# Further up, the paragraphs of one box before it continue it (a lead in a page hero above
# the body's grid cell), with at most FAR_GAP blocks left out between them (date, share bar).
FAR_REACH: Final = 6
FAR_GAP: Final = 4
FAR_LEADS: Final = 1
CUT: Final = ("...", "…")  # the end of a teaser's excerpt, not of a lead


def continued(
    page: Page, weights: list[int], dropped: list[str | None], best: int, rules: Rules
) -> list[bool]:
    """Per block: inside the body. That is the best element's blocks, and the paragraphs
    just before or after them under a close ancestor (a lead in the article's header, a
    last paragraph after an inline ad). The search stops at a heading, at a label of
    boilerplate ("Sign up for our newsletter"), and at another `<article>`.

    Before the body it reaches further up, for the paragraphs of one box close by: a
    page's hero or header holds the lead (or the story's first part, around an advert)
    apart from the grid cell that holds the rest.
    After the body, text that far is an author box or a promotion; the search stays in
    the body's `<article>`, and takes whole a list the last paragraph introduces ("…:")."""
    parents, hints = page.parents, page.hints
    end = subtree_end(parents, best)
    blocks = page.blocks
    inside = [best <= b.element < end for b in blocks]
    members = [i for i, flag in enumerate(inside) if flag]
    if not members:
        return inside
    near, far = above(parents, best, REACH), above(parents, best, FAR_REACH)
    # After the body, the text stays in its `<article>`; a lead before it may sit in the
    # page's hero, outside.
    own = enclosing_article(page, best)
    if own >= 0 and not within(parents, near, own):
        near = own
    before, after = range(members[0] - 1, -1, -1), range(members[-1] + 1, len(blocks))
    for side, reach in ((before, far), (after, near)):
        gap, leads, lead_box = 0, 0, -1
        # After the body, a list its last paragraph introduces ("… the following:") is
        # the story's, however short its items.
        listing = side is after and blocks[members[-1]].text.endswith(":")
        for index in side:
            block = blocks[index]
            element = block.element
            # The rest of the first far lead's box is as close: the story's first part.
            is_near = within(parents, element, near) or (
                lead_box >= 0 and within(parents, element, lead_box)
            )
            # Another story's text ends it; a teaser card (its text a link) set between
            # two parts of the story, as an advert is, is passed over.
            other = not _in_article(parents, hints, element, best)
            teaser = other and block.mostly_link
            if (
                not within(parents, element, reach)
                or (not is_near and (gap > FAR_GAP or leads >= FAR_LEADS))
                or (other and not teaser)
                # A heading ends it; not a lead set as one, nor a dropped box's (an ad's).
                or (block.heading and weights[index] <= 0 and not dropped[element] and not teaser)
                # So does a boilerplate label; above the body, not a share bar's button.
                or (
                    not (side is before and dropped[element])
                    and rules.section_line(block.text, block.link_share, after_article=True)
                )
            ):
                break
            listed = listing and bool(block.item) and weights[index] == 0
            listing = listed or (side is after and block.text.endswith(":"))
            taken = (weights[index] > 0 or listed) and not dropped[element] and not other
            if taken and (is_near or not block.text.endswith(CUT)):
                inside[index] = True
                if not is_near:
                    leads, lead_box = leads + 1, parents[element]
                gap = 0
            else:
                gap += 1
    return inside


def _in_article(parents: list[int], hints: list[int], element: int, best: int) -> bool:
    """Whether the nearest `<article>` (or articleBody) around `element`, if any, holds
    the body element `best`: the text of another one is another story."""
    while element >= 0 and not hints[element]:
        element = parents[element]
    return element < 0 or within(parents, best, element)
