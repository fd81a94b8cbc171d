"""Where on a page the article lies: the shapes that tell it from teasers.

Arithmetic over a `page.Page` (its elements in document order, each after its parent)
and the blocks' weights (positive for prose), used by `content` to choose the body:

- a *run* of paragraphs is the prose an element holds as its own paragraphs (its `<p>`s,
  or its lines between `<br>`s); an article's paragraphs share one parent, a teaser card
  holds one;
- `<article>`s that hold less prose than the page outside them are teasers (`stories`);
  teaser cards and caption boxes are found later, among the blocks' decisions
  (`sections`);
- the body grows to an ancestor that holds much more prose (`climb`), and a weak body
  gives way to the paragraph the page's description quotes (`toward_description`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from .page import ARTICLE, Block, Page
from .titles import text_key

__all__ = [
    "ANCHOR_PROSE",
    "CAPTION",
    "PARAGRAPH_TAGS",
    "above",
    "argmax",
    "article_beside",
    "box_blocks",
    "climb",
    "common",
    "marked",
    "paragraph_runs",
    "subtree_end",
    "subtree_sizes",
    "take_boxes",
    "text_sizes",
    "toward_description",
    "toward_main_run",
    "within",
]

CAPTION: Final = "caption"  # the container rule for captions; a photo credit's box gets it too
PARAGRAPH_TAGS: Final = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"}
)
# A body with less prose than this gives way to the element whose first paragraph the
# page's description quotes, of at least ANCHOR_CHARS letters and digits.
ANCHOR_PROSE: Final = 260
ANCHOR_CHARS: Final = 20
CLIMB: Final = 1.5  # the body grows to an ancestor that holds this many times its prose
CLIMB_LEVELS: Final = 3
MAIN_RUN_CHARS: Final = 260  # a run of paragraphs this long (two of prose) can be the article
MAIN_RUN_SHARE: Final = (
    3  # ... when it outweighs every other run in the best element this many times
)
BESIDE_SHARE: Final = 0.5  # an article beside a box, with this share of its prose, disowns it


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


def text_sizes(page: Page) -> list[int]:
    """Per element: the characters of the text in it."""
    parents = page.parents
    chars = [0] * len(parents)
    for block in page.blocks:
        chars[block.element] += len(block.text)
    for index in range(len(parents) - 1, 0, -1):
        chars[parents[index]] += chars[index]
    return chars


def box_blocks(
    decisions: list[tuple[Block, str | None]], parents: list[int], index: int, box: int
) -> Iterator[int]:
    """The blocks kept so far (no rule) in `box` beside the block at `index`: a box's
    blocks are contiguous around any of its lines."""
    for side in (range(index - 1, -1, -1), range(index + 1, len(decisions))):
        for other in side:
            block, rule = decisions[other]
            if not within(parents, block.element, box):
                break
            if rule is None:
                yield other


def take_boxes(decisions: list[tuple[Block, str | None]], taken: dict[int, str]) -> None:
    """Give the `taken` blocks their rule, unless they are the text: with little else
    kept beside them (a gallery's captions, a short page in an offer's box)."""
    rest = sum(len(block.text) for block, rule in decisions if rule is None)
    boxed = sum(len(decisions[index][0].text) for index in taken)
    if rest - boxed < min(boxed, ANCHOR_PROSE):
        return
    for index, rule in taken.items():
        decisions[index] = (decisions[index][0], rule)


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
_DESCRIBED: Final = frozenset({None, CAPTION})


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
