"""Where on a page the article lies: the shapes that tell it from teasers.

Arithmetic over a `page.Page` (its elements in document order, each after its parent)
and the blocks' weights (positive for prose), used by `content` to choose the body:

- a *run* of paragraphs is the prose an element holds as its own paragraphs (its `<p>`s,
  or its lines between `<br>`s); an article's paragraphs share one parent, a teaser card
  holds one;
- a small box after the article's last paragraph with a linked headline and a summary
  is a teaser (`stories` tells the `<article>`s that are);
- a photo credit's small enclosing box is a caption;
- the body grows to an ancestor that holds much more prose (`climb`), and a weak body
  gives way to the paragraph the page's description quotes (`toward_description`).
"""

from __future__ import annotations

from .page import ARTICLE, Block, Page
from .titles import text_key

__all__ = [
    "ANCHOR_PROSE",
    "CAPTION",
    "CREDIT_RULES",
    "TEASER_CARD",
    "above",
    "argmax",
    "article_beside",
    "climb",
    "common",
    "drop_caption_boxes",
    "drop_teaser_cards",
    "marked",
    "paragraph_runs",
    "subtree_end",
    "subtree_sizes",
    "toward_description",
    "toward_main_run",
    "within",
]

TEASER_CARD = "teaser-card"  # the rule that drops a linked headline with its summary after
# the article
# A card: a linked headline of this share and length, a summary, at most a date or kicker.
TEASER_LINK_SHARE, TEASER_HEADLINE_CHARS, TEASER_CARD_CHARS = 0.8, 20, 400
TEASER_CARD_BLOCKS = 4
_MAIN_CANDIDATES = 8  # the runs looked at for the main one, most prose first
CARD_META_RULES = frozenset({"dateline", "byline"})  # a card's lines between headline and summary
CAPTION = "caption"  # the container rule for captions; a photo credit's box gets it too
# Line rules in rules.toml.
CREDIT_RULES = frozenset({"photo-credit", "agency-credit", "image-slug"})
CAPTION_BOX_CHARS = 400
CONTENTS_ENTRY = "contents-entry"  # the rule for a table of contents' lines
CONTENTS_ENTRIES = 2  # a table of contents lists several of the headings below it
PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"})
# A body with less prose than this gives way to the element whose first paragraph the
# page's description quotes, of at least ANCHOR_CHARS letters and digits.
ANCHOR_PROSE, ANCHOR_CHARS = 260, 20
CLIMB = 1.5  # the body grows to an ancestor that holds this many times its prose
CLIMB_LEVELS = 3
MAIN_RUN_CHARS = 260  # a run of paragraphs this long (two of prose) can be the article
MAIN_RUN_SHARE = 3  # ... when it outweighs every other run in the best element this many times
BESIDE_SHARE = 0.5  # an article beside a box, with this share of its prose, disowns it


def within(parents: list[int], element: int, ancestor: int) -> bool:
    while element > ancestor:  # an ancestor's index is always smaller
        element = parents[element]
    return element == ancestor


def above(parents: list[int], element: int, levels: int) -> int:
    """The element `levels` above `element`, or the root."""
    for _ in range(levels):
        element = parents[element] if parents[element] >= 0 else element
    return element


def marked(page: Page, element: int) -> bool:
    """Whether the page marks `element`, or an element around it, as its article."""
    while element >= 0 and not page.hints[element]:
        element = page.parents[element]
    return element >= 0


def subtree_sizes(parents: list[int]) -> list[int]:
    """Per element: how many elements its subtree holds, itself included. They are the
    ones right after it: the subtree of `e` is `range(e, e + size[e])`."""
    size = [1] * len(parents)
    for index in range(len(parents) - 1, 0, -1):  # children come after their parents
        size[parents[index]] += size[index]
    return size


def subtree_end(parents: list[int], ancestor: int) -> int:
    """The index after the last element inside `ancestor`: its elements come right after
    it, each with a parent among them, and the next one's parent comes before it."""
    end = ancestor + 1
    while end < len(parents) and parents[end] >= ancestor:
        end += 1
    return end


def argmax(score: list[int], start: int, stop: int) -> int:
    """The last index of the highest score in `start:stop` (searched in C)."""
    if start >= stop:
        return start
    scores = score[start:stop]
    return stop - 1 - scores[::-1].index(max(scores))


def article_beside(parents: list[int], prose: list[int], articles: list[int], box: int) -> bool:
    """Whether the page marks as its article (`<article>`, articleBody) an element beside
    `box`, neither inside nor around it, holding at least half as much prose: then the
    prose of `box` is not the article's, however long (a cookie dialog's notices)."""
    return any(
        prose[article] >= BESIDE_SHARE * prose[box]
        and not within(parents, article, box)
        and not within(parents, box, article)
        for article in articles
    )


def paragraph_runs(
    page: Page, weights: list[int], dropped: list[str | None] | None = None
) -> list[int]:
    """Per element: the prose of its own paragraphs (not of its descendants'), leaving out
    the blocks of `dropped` elements."""
    parents = page.parents
    runs = [0] * len(parents)
    for block, weight in zip(page.blocks, weights, strict=True):
        if weight > 0 and not (dropped and dropped[block.element]):
            runs[max(_holder(parents, block), 0)] += weight
    return runs


def toward_main_run(page: Page, runs: list[int], size: list[int], best: int) -> int:
    """The best element, or the page's main run of paragraphs when that is the article.

    A grid of teaser cards, each with a one-paragraph summary, can outweigh the article
    beside it, or pull the body up to a wrapper around both. When the page's longest run
    of paragraphs outweighs every other run in the winner (`size` elements from `best`)
    many times over, or lies outside it, that run is the body instead. Not inside the
    element the page marks as its article: there, shorter runs are its other sections.
    `runs` are the `paragraph_runs` of the blocks that are not dropped.
    """
    main = runs.index(max(runs))  # the first of the longest
    if main == best or runs[main] < MAIN_RUN_CHARS:
        return best
    inside = best <= main < best + size[best]
    if inside and marked(page, best):
        return best
    others = runs[best : best + size[best]]
    if inside:
        del others[main - best]
    if runs[main] < MAIN_RUN_SHARE * max(others, default=0):
        return best
    return main


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


def _holder(parents: list[int], block: Block) -> int:
    """The element whose paragraph `block` is: a <p> is one paragraph of its parent; a
    <div> split by <br>s holds its own."""
    return parents[block.element] if block.tag in PARAGRAPH_TAGS else block.element


def common(parents: list[int], one: int, other: int) -> int:
    """The nearest element holding both."""
    while one != other:
        if one > other:  # an ancestor's index is always smaller
            one = parents[one]
        else:
            other = parents[other]
    return one


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


def drop_caption_boxes(page: Page, decisions: list[tuple[Block, str | None]], body: int) -> None:
    """A photo credit's small enclosing box is a caption: drop the rest of its text too.

    Pages without `<figure>` still put the slug, the credit and the caption together
    in one small element; the caption itself reads like prose, so only its neighbour
    gives it away. The box stops below the `body` element: a short story is small too.
    Captions that are the body's text, with little else beside them, stay: a gallery's
    or a slideshow's page says what it has to say under its photos.
    """
    credits = [i for i, (_, rule) in enumerate(decisions) if rule in CREDIT_RULES]
    if not credits:
        return
    parents = page.parents
    chars = [0] * len(parents)
    for block in page.blocks:
        chars[block.element] += len(block.text)
    for index in range(len(parents) - 1, 0, -1):
        chars[parents[index]] += chars[index]
    captions: list[int] = []  # the blocks of the credits' boxes
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
        for side in (range(index - 1, -1, -1), range(index + 1, len(decisions))):
            for other in side:  # the box's blocks are contiguous around the credit
                block, rule = decisions[other]
                if not within(parents, block.element, box):
                    break
                if rule is None:
                    captions.append(other)
    rest = sum(len(block.text) for block, rule in decisions if rule is None)
    captioned = sum(len(decisions[index][0].text) for index in set(captions))
    if rest - captioned < min(captioned, ANCHOR_PROSE):
        return  # the captions are the text
    for index in captions:
        decisions[index] = (decisions[index][0], CAPTION)


def toward_description(
    page: Page, dropped: list[str | None], size: list[int], best: int, description: str | None
) -> int:
    """`best`, or the element whose first paragraph the page's description quotes: a
    short post (a quote, a photo with a line) may lose on prose to a sidebar's widget,
    but its excerpt is what the page describes itself with. For a weak `best` only, or
    the root (no element scored: the page is a player and its buttons). A caption holding
    that paragraph is no longer dropped (`dropped` is changed)."""
    key = text_key(description or "")
    if len(key) < ANCHOR_CHARS:
        return best
    end = best + size[best]  # the subtree: elements are in document order
    for block in page.blocks:
        if dropped[block.element] not in _DESCRIBED or 0 < best <= block.element < end:
            continue
        head = text_key(block.text)
        if len(head) >= ANCHOR_CHARS and (key.startswith(head) or head.startswith(key)):
            holder = _holder(page.parents, block)  # (a <p>'s parent: at least <body>)
            if dropped[block.element]:  # a video's page: its one paragraph is the caption
                end = holder + size[holder]
                dropped[holder:end] = [r if r != CAPTION else None for r in dropped[holder:end]]
            return holder
    return best


# Where the paragraph the description quotes may stand: in no boilerplate, or in a
# caption (a video's or a photo's page has no text but the one under it).
_DESCRIBED = frozenset({None, CAPTION})


def climb(page: Page, prose: list[int], score: list[int], best: int) -> int:
    """The nearest ancestor, a few levels up at most, that holds much more prose than
    `best` and more text than junk; then the same from there. Wrappers that add nothing
    (a header around the lead) do not stop the climb to the element around both. An
    `<article>` does: the prose beside it is another's."""
    parents, hints = page.parents, page.hints
    while True:
        ancestor = best
        for _ in range(CLIMB_LEVELS):
            if hints[ancestor] == ARTICLE:
                return best
            ancestor = parents[ancestor]
            if ancestor < 0:
                return best
            if prose[ancestor] >= CLIMB * prose[best] and score[ancestor] > 0:
                break
        else:
            return best
        best = ancestor
