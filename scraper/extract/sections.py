"""The passes over the body's decisions that judge a block by the blocks around it.

`content` decides every block on its own first (kept, or the rule that drops it); these
passes then change those decisions, in this order, where a block's neighbours give it
away:

- a photo credit's small box is a caption, a promo line's the promo: the rest of its
  text goes too (`drop_caption_boxes`);
- a linked headline with a summary in a box of their own, around the story, is a teaser
  for another page (`drop_teaser_cards`);
- a heading dropped as boilerplate ("Related articles") takes its section with it
  (`drop_boilerplate_sections`);
- lines that repeat the headings below them are a table of contents
  (`drop_contents_entries`);
- a heading left last, over a section that went, heads nothing (`drop_orphan_headings`).
"""

from __future__ import annotations

from typing import Final

from .blockrules import FULL_STOPS, PROSE_CHARS
from .layout import (
    CAPTION,
    PARAGRAPH_TAGS,
    above,
    box_blocks,
    common,
    take_boxes,
    text_sizes,
    within,
)
from .page import MARKED, Block, Page
from .rules import SECTION_RULES

__all__ = [
    "CREDIT_RULES",
    "drop_boilerplate_sections",
    "drop_caption_boxes",
    "drop_contents_entries",
    "drop_orphan_headings",
    "drop_teaser_cards",
]

# The rules these passes give a block.
TEASER_CARD: Final = "teaser-card"  # a linked headline with its summary, around the article
CONTENTS_ENTRY: Final = "contents-entry"  # a table of contents' lines
ORPHAN: Final = "orphan-heading"  # a heading left over a section that went
# Line rules of rules.toml that these passes read.
SECTION_LABEL: Final = "section-label"  # a label over a section ("Weitere Informationen")
CREDIT_RULES: Final = frozenset({"photo-credit", "agency-credit", "image-slug"})
PROMO: Final = "app-interstitial"  # a promo's line ("E-Paper und News in einer App"), in its box
CAPTION_BOX_CHARS: Final = 400
# A card: a linked headline of this share and length, a summary, at most a date or kicker.
TEASER_LINK_SHARE: Final = 0.8
TEASER_HEADLINE_CHARS: Final = 20
TEASER_CARD_CHARS: Final = 400
TEASER_CARD_BLOCKS: Final = 4
_MAIN_CANDIDATES: Final = 8  # the runs looked at for the main one, most prose first
CARD_META_RULES: Final = frozenset(
    {"dateline", "byline"}
)  # a card's lines between headline and summary
CONTENTS_ENTRIES: Final = 2  # a table of contents lists several of the headings below it
# Container rules that name a place in the layout rather than a kind of content: a heading
# in the body styled like one ("widget-title") labels a section of the article.
LAYOUT_RULES: Final = frozenset({"sidebar"})


def drop_caption_boxes(page: Page, decisions: list[tuple[Block, str | None]], body: int) -> None:
    """A photo credit's small enclosing box is a caption, a promo line's is the promo
    ("Sie lesen gerade auf die zweitbeste Art!", "Nein danke"): drop the rest of its text.

    Pages without `<figure>` still put the slug, the credit and the caption together
    in one small element; the caption itself reads like prose, so only its neighbour
    gives it away. The box stops below the `body` element: a short story is small too.
    Captions that are the body's text, with little else beside them, stay: a gallery's
    or a slideshow's page says what it has to say under its photos.
    """
    credits = [i for i, (_, rule) in enumerate(decisions) if rule in CREDIT_RULES or rule == PROMO]
    if not credits:
        return
    parents, chars = page.parents, text_sizes(page)
    captions: dict[int, str] = {}  # the blocks of the credits' boxes, and their rule
    for index in credits:
        box = decisions[index][0].element
        if chars[box] > CAPTION_BOX_CHARS:  # a credit line in the text, not in a caption box
            continue
        while (
            parents[box] >= 0
            and chars[parents[box]] <= CAPTION_BOX_CHARS
            and not within(parents, body, parents[box])
        ):
            box = parents[box]
        if within(parents, body, box):
            continue
        rule = PROMO if decisions[index][1] == PROMO else CAPTION
        captions.update(dict.fromkeys(box_blocks(decisions, parents, index, box), rule))
    take_boxes(decisions, captions)  # (not a gallery's captions, the text)


def drop_teaser_cards(
    page: Page, weights: list[int], runs: list[int], decisions: list[tuple[Block, str | None]]
) -> None:
    """A linked headline with a summary under it (its date between them, maybe), in a box
    of their own, is a teaser for another page: before the article's first paragraph (a
    list of them, or one under a heading) or after its last ("More on this topic"), or
    alone between two of its paragraphs (a card linking another story: between cards, it
    may be an item of the story's own list). `runs` are the `paragraph_runs` of the
    blocks that are not dropped; the story's run is the greatest that is not a card's
    (`_main_run`)."""
    parents = page.parents
    holders = [  # (`_holder`, inlined: this runs over every block of every page)
        parents[block.element] if block.tag in PARAGRAPH_TAGS else block.element
        for block, _ in decisions
    ]
    main = _main_run(page, weights, runs, decisions, holders)
    story = {
        index
        for index, (_, rule) in enumerate(decisions)
        if rule is None and holders[index] == main and weights[index] > 0
    }
    if not story:
        return
    first, last = min(story), max(story)
    cards: list[tuple[int, int]] = []  # (headline, summary)
    for index in range(len(decisions) - 1):
        head = decisions[index][0]
        if head.link_chars < TEASER_LINK_SHARE * len(head.text):
            continue  # no linked headline (most blocks: tested here, without a call)
        after = _summary(decisions, index)
        if first < index < last and not (index - 1 in story and after + 1 in story):
            continue
        card = _card(page, weights, decisions, index, after)
        if card >= 0 and card != main and holders[after] != main:
            cards.append((index, after))
    # Before the story, a linked line over its lead may be a kicker's links ("Interviews ·
    # Europe"): only a card under a heading, or one of a list of cards, is a teaser.
    listed = sum(1 for index, _ in cards if index < first) > 1
    for index, after in cards:
        head, head_rule = decisions[index]
        if index < first and not (head.heading or listed):
            continue
        decisions[index] = (head, head_rule or TEASER_CARD)
        decisions[after] = (decisions[after][0], TEASER_CARD)


def _main_run(
    page: Page,
    weights: list[int],
    runs: list[int],
    decisions: list[tuple[Block, str | None]],
    holders: list[int],
) -> int:
    """The element holding the story's main run of paragraphs: the most prose, but not
    a teaser card's summary (a long one outweighs a short story's two lines)."""
    main = runs.index(max(runs))
    if not runs[main] or not _card_run(page, weights, runs, decisions, holders, main):
        return main
    # (Rare: only then are the others sorted.)
    ranked = sorted(range(len(runs)), key=runs.__getitem__, reverse=True)[1:_MAIN_CANDIDATES]
    for candidate in ranked:
        if runs[candidate] and not _card_run(page, weights, runs, decisions, holders, candidate):
            return candidate
    return main


def _card_run(
    page: Page,
    weights: list[int],
    runs: list[int],
    decisions: list[tuple[Block, str | None]],
    holders: list[int],
    holder: int,
) -> bool:
    """Whether the run of `holder` is one paragraph, a teaser card's summary."""
    if holder not in holders:
        return False
    first = holders.index(holder)  # (found in C: this runs on every page)
    while first < len(holders) and (
        holders[first] != holder or weights[first] <= 0 or decisions[first][1]
    ):
        first += 1  # (to its first paragraph of prose)
    if not 0 < first < len(holders) or runs[holder] != weights[first]:
        return False
    head = first - 1  # its headline, before the card's date or byline line
    while head > 0 and decisions[head][1] in CARD_META_RULES:
        head -= 1
    return _card(page, weights, decisions, head, first) >= 0


def _summary(decisions: list[tuple[Block, str | None]], head: int) -> int:
    """The index of the summary under a card's headline, past its date or byline line."""
    after = head + 1
    while after < len(decisions) - 1 and decisions[after][1] in CARD_META_RULES:
        after += 1
    return after


def _card(
    page: Page,
    weights: list[int],
    decisions: list[tuple[Block, str | None]],
    index: int,
    after: int,
) -> int:
    """The box of a teaser card whose linked headline is block `index` and summary block
    `after`, or -1 when they are no such card."""
    (head, _), (summary, rule) = decisions[index], decisions[after]
    if not (
        rule is None
        and weights[after] > 0
        # A linked line set as a paragraph may be the story's own ("Harry made …").
        and (head.heading > 0 or head.tag not in PARAGRAPH_TAGS)
        and head.link_share >= TEASER_LINK_SHARE
        and len(head.text) >= TEASER_HEADLINE_CHARS
        and len(head.text) + len(summary.text) <= TEASER_CARD_CHARS
    ):
        return -1
    card = common(page.parents, head.element, summary.element)
    return card if _blocks_in(page, card) <= TEASER_CARD_BLOCKS else -1


def _blocks_in(page: Page, element: int) -> int:
    return sum(within(page.parents, block.element, element) for block in page.blocks)


def drop_orphan_headings(page: Page, decisions: list[tuple[Block, str | None]]) -> None:
    """Headings that end the text and whose own section went ("Similar articles" over a
    list of links, "More about" over tags) head nothing. A heading stays when what
    follows it is no part of its section (the element around the heading and its
    wrapper), or is a picture (a listicle's last item), or when it reads as a sentence:
    text a page set in a heading's tag."""
    kept = [index for index, (_, rule) in enumerate(decisions) if rule is None]
    while len(kept) > 1 and _heads(decisions[kept[-1]][0]):
        last = kept.pop()
        heading = decisions[last][0]
        if last + 1 == len(decisions) or not _is_label(heading.text):
            return
        following, rule = decisions[last + 1]
        section = above(page.parents, heading.element, 2)
        if rule in _PICTURE_RULES or not within(page.parents, following.element, section):
            return
        decisions[last] = (heading, ORPHAN)


def _heads(block: Block) -> bool:
    """Whether a block is a heading, or set as one: in capitals ("SOCIAL MEDIA SEITEN";
    not a book's "ISBN 978…" under a review), or a line that introduces what follows
    ("Lue seuraavaksi:", "Weitere Links:")."""
    text = block.text
    if block.heading or (len(text) <= _SHORT_LABEL_CHARS and text.endswith(":")):
        return True
    return len(text) <= _SHORT_LABEL_CHARS and text.isupper() and not any(map(str.isdigit, text))


def _resumes(
    decisions: list[tuple[Block, str | None]], weights: list[int], index: int, count: int = 2
) -> bool:
    """Whether the `count` blocks from `index` on are paragraphs of a story."""
    run = decisions[index : index + count]
    return len(run) == count and all(
        _story(block, weights[index + i]) for i, (block, _) in enumerate(run)
    )


def _story(block: Block, weight: int) -> bool:
    """Whether a block reads as a paragraph of a story: prose, long or a sentence ended;
    not a label ("Merkmale:"), nor a source cited ("₁ WWF (2020): Report, https://…")."""
    text = block.text
    return (
        not block.heading
        and weight > 0
        and (len(text) >= PROSE_CHARS or text.endswith(FULL_STOPS))
        and (text[0].isalpha() or text[0] in _QUOTES)
        and "://" not in text
    )


_QUOTES: Final = "\"“„«‘‚'"


_PICTURE_RULES: Final = CREDIT_RULES | {CAPTION}
_LABEL_CHARS: Final = 80
_SHORT_LABEL_CHARS: Final = 40  # (a longer line ending in ":" may be the story's, over a video)


def _subheading(block: Block) -> bool:
    """Whether a block can be a story's subheading: a heading or a short line, no link."""
    return (
        not block.link_chars
        and not block.item
        and len(block.text) <= _LABEL_CHARS
        and not block.text.endswith(FULL_STOPS)
    )


def _is_label(text: str) -> bool:
    """Whether a heading reads as a label ("Similar Articles"), not as a sentence of text
    that a page set in a heading's tag ("… und ihre Besucher.")."""
    return len(text) <= _LABEL_CHARS and not text.endswith(".")


def drop_boilerplate_sections(
    page: Page,
    weights: list[int],
    dropped: list[str | None],
    decisions: list[tuple[Block, str | None]],
    best: int,
) -> None:
    """A heading dropped as boilerplate ("Related articles") takes its section with it:
    the blocks after it in the same parent element, up to the next heading of its rank
    that is no link (the teasers listed under "Related" may have greater ones).
    In the article's own text element, a paragraph of it after a boilerplate box also
    ends the section: "Related" and its list of links may stand between two paragraphs
    of the story. So do two paragraphs after a lone linked line ("Read also" over the
    headline it points to); one may be the summary of a teaser. A generic label's heading
    right above two paragraphs of the story is the story's own subheading, kept.
    A section label that is not a heading takes the headings after it, up to prose.
    A heading only dropped for a class of layout (`LAYOUT_RULES`) takes nothing.
    """
    parents = page.parents
    # The labels are the blocks their own rule names so: a block a label's section takes
    # takes no section of its own (a paragraph of the story after it would take the rest).
    labels = [
        (index, label, rule)
        for index, (label, rule) in enumerate(decisions)
        if rule == SECTION_LABEL or (label.heading and rule in SECTION_RULES)
    ]
    for index, label, rule in labels:
        if dropped[label.element] in LAYOUT_RULES:
            continue
        section = parents[label.element]
        in_text, boxed, linked = section == best or page.hints[section] == MARKED, False, False
        carded = False  # the linked line stands in a box of its own (a card)
        heads: list[int] = []  # the unlinked lines taken since the box: a subheading?
        generic = rule == SECTION_LABEL  # (not a comments' or an author's heading)
        if generic and in_text and label.heading and _resumes(decisions, weights, index + 1):
            # The story's own subheading in the words of a label ("Weitere Informationen
            # zur Sperrung"): two paragraphs of the story follow it, not a list of links.
            decisions[index] = (label, None)
            continue
        for other in range(index + 1, len(decisions)):
            block, other_rule = decisions[other]
            if not within(parents, block.element, section):
                break
            teaser = block.mostly_link  # (a headline that is a link)
            if block.heading and not teaser and block.heading <= (label.heading or 6):
                break  # (a label set in bold stops at the story's next subheading)
            prose = not block.heading and weights[other] > 0
            # After a lone linked line, two story paragraphs (one after a card) end it.
            resumed = linked and prose and _resumes(decisions, weights, other, 1 if carded else 2)
            ends = boxed or resumed
            if prose and (not label.heading or (ends and parents[block.element] == section)):
                if ends:  # the story resumes: the subheading just above it is its own
                    for line in heads:
                        decisions[line] = (decisions[line][0], None)
                break
            # (a bare list of links, with no class to drop it by, is such a box too)
            listed = bool(block.item) and teaser
            boxed = boxed or (in_text and (dropped[block.element] is not None or listed))
            # So is a lone linked line or headline, when the story resumes after it (a
            # teaser's summary would stand in its card, or after its line).
            if in_text and teaser:
                linked, carded = True, carded or parents[block.element] != section
            if other_rule is None:
                decisions[other] = (block, rule)
                heads = [*heads, other] if (boxed or linked) and _subheading(block) else []


def drop_contents_entries(decisions: list[tuple[Block, str | None]]) -> None:
    """A table of contents: a run of lines of the text that repeat, word for word and
    each once, headings after them. (Its links lead to places in the page, which the walk
    reads as plain text.) Only a run of two or more: a single line may quote a
    subheading, and a label repeated in each box of a list ("Material") lists nothing."""
    kept = [block for block, rule in decisions if rule is None]
    headings = {block.text for block in kept if block.heading}
    if len(headings.intersection([b.text for b in kept if not b.heading])) < CONTENTS_ENTRIES:
        return  # (most pages: no line repeats a heading; found without the loop below)
    later: set[str] = set()  # the texts of the headings after the block looked at
    run: list[int] = []  # the kept lines just looked at that repeat one, last first
    for index in range(len(decisions) - 1, -1, -1):
        block, rule = decisions[index]
        if rule is not None:
            continue
        if not block.heading and block.text in later:
            run.append(index)
            continue
        _drop_contents(decisions, run)
        run = []
        if block.heading:
            later.add(block.text)
    _drop_contents(decisions, run)


def _drop_contents(decisions: list[tuple[Block, str | None]], run: list[int]) -> None:
    texts = {decisions[index][0].text for index in run}
    if len(run) >= CONTENTS_ENTRIES and len(texts) == len(run):
        for index in run:
            decisions[index] = (decisions[index][0], CONTENTS_ENTRY)
