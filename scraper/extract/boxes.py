"""Boxes told by what they hold, whatever their class says (a CSS-in-JS site's hash says
nothing): a newsletter's sign-up box by its form asking for an e-mail address, and an
offer's box by its line that offers a subscription, asks for money or bids the reader
sign up (QA heldout31 F01, F02). Either box's title, pitch and legal line go with it."""

from __future__ import annotations

from typing import Final

from .layout import box_blocks, take_boxes, text_sizes, within
from .page import Block, Page

__all__ = ["OFFER_RULES", "SIGNUP", "drop_offer_boxes", "mark_signup_boxes"]

SIGNUP: Final = "signup-form"  # the container rule of a sign-up form's box
# The line rules of rules.toml whose line gives its box away.
OFFER_RULES: Final = frozenset(
    {"price-offer", "reader-offer", "support-appeal", "subscribe-pitch", "newsletter-prompt"}
)
# The most text such a box holds: a title, a pitch, a list of newsletters, a legal line.
BOX_CHARS: Final = 600


def mark_signup_boxes(page: Page) -> None:
    """Give each sign-up form's box the `SIGNUP` rule (`Page.forms` are the forms): the
    smallest element around the form that holds other text too, if that is little, or
    else the form; never the page's `<article>` nor its body. A box named by a rule of
    its own keeps that rule. Not a strict rule: a box holding the story's paragraphs (a
    brief's) keeps them."""
    parents, hints, rules = page.parents, page.hints, page.rules
    chars = text_sizes(page)
    for box in page.forms:
        while (parent := parents[box]) > 0 and chars[parent] == chars[box] and not hints[parent]:
            box = parent  # (wrappers around the form alone)
        if parent > 0 and chars[parent] <= BOX_CHARS and not hints[parent]:
            box = parent
        # (A form of more text is a page in one form, as ASP.NET's are.)
        if chars[box] <= BOX_CHARS and rules[box] is None and not hints[box]:
            rules[box] = SIGNUP


def drop_offer_boxes(page: Page, decisions: list[tuple[Block, str | None]], body: int) -> None:
    """Drop the rest of each offer line's box, with the line's rule: the smallest element
    around the line that holds other text too, if that is little, and below the `body`
    element (a short story is small too). One step only: the paragraph beside an offer's
    box in a small section is the story's. Not when the boxes hold most of the text."""
    offers = [index for index, (_, rule) in enumerate(decisions) if rule in OFFER_RULES]
    if not offers:
        return
    parents, chars = page.parents, text_sizes(page)
    taken: dict[int, str] = {}  # the blocks of the offers' boxes, and their rule
    for index in offers:
        line, rule = decisions[index]
        box = line.element
        while (parent := parents[box]) >= 0 and chars[parent] == chars[box]:
            box = parent  # (wrappers around the line alone)
        if parent < 0 or chars[parent] > BOX_CHARS or within(parents, body, parent):
            continue
        if rule:
            taken.update(dict.fromkeys(box_blocks(decisions, parents, index, parent), rule))
    take_boxes(decisions, taken)
