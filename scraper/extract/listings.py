"""Lists the page's structured data names as its content, which templates print apart
from its prose: a recipe's ingredients and steps, a how-to's, a FAQ's questions and
answers, a review's pros and cons.

A recipe page's prose (the introduction, often the method) is one box and its
ingredients another: short lines, each a link to a shop's product, beside the article.
To the general rules that is a list of links outside the story, which they drop. But the
page's structured data (schema.org `Recipe`, `HowTo`, `FAQPage` in JSON-LD) lists those
lines as its content: the blocks it lists are kept, and so are the words of the smallest
box that holds them (the list's own headings: "Ingredients", "For the dough:").
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Any, Final

from .elements import HIDDEN_RULE
from .layout import common
from .page import Block, Page
from .titles import text_key

__all__ = ["keep_listed", "listed_texts"]

# The lists of a recipe, how-to or FAQ, each one group: its lines are found in one box.
_LIST_KEYS: Final = (
    "recipeIngredient", "ingredients", "recipeInstructions", "step", "supply", "tool",
    "mainEntity",  # a FAQ's questions
    "positiveNotes", "negativeNotes",  # a review's pros and cons
)  # fmt: skip
_TAG: Final = re.compile(r"<[^>]*>")
_MAX_ITEMS: Final = 200  # lines read from one list
_MAX_GROUPS: Final = 12  # lists read from one page
_MAX_DEPTH: Final = 4  # sections of steps of steps
_MIN_KEY: Final = 3  # letters and digits: "Ei" (egg) is in any text
_FOUND_SHARE: Final = 1 / 3  # of a list's lines, found on the page for its box to be trusted
_LOOSE_KEY: Final = 12  # a line this long is also found inside a block with a little more
_MORE: Final = 1.5  # ... a block at most this many times longer ("Gelatine fix: …")
# A box holds its lines and a few more (headings, amounts): a larger one is most of the
# page, whose other text the list does not vouch for.
_BOX_SHARE: Final = 2
_BOX_EXTRA: Final = 8
_HEADING_LEVELS: Final = 2  # an ingredient group's box, and the box of the groups
_OUTSIDE: Final = "outside-article"
# A line's first part that is its own block only by the page's layout: an amount ("2
# gestr. TL"), a step's number. (Longer, it is a paragraph of a step the data joins.)
_SPLIT_CHARS: Final = 16


def listed_texts(objects: Sequence[dict[str, Any]]) -> list[list[str]]:
    """Per list of the page's `Recipe`, `HowTo` or `FAQPage` objects (`LinkedData.listings`:
    ingredients, steps, questions and answers), its lines."""
    lists = (
        list(islice(_lines(obj.get(key), 0), _MAX_ITEMS)) for obj in objects for key in _LIST_KEYS
    )
    # (Read lazily: a page of recipes lists hundreds of ingredients.)
    return list(islice((lines for lines in lists if lines), _MAX_GROUPS))


def _lines(value: Any, depth: int) -> Iterator[str]:
    """The text lines of a list: strings (one with line breaks is several), `HowToStep`s
    (their `text`, else `name`), `HowToSection`s (their `itemListElement`)."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, str):
        if "<" in value:  # an answer written in HTML: its paragraphs
            value = html.unescape(_TAG.sub("\n", value))
        yield from (line.strip() for line in value.splitlines() if line.strip())
    elif isinstance(value, list):
        for item in value[:_MAX_ITEMS]:
            yield from _lines(item, depth + 1)
    elif isinstance(value, dict):
        inner = value.get("itemListElement")
        if inner is not None:
            yield from _lines(inner, depth + 1)
        elif "acceptedAnswer" in value:  # a FAQ's question, and its answer
            yield from _lines(value.get("name"), depth + 1)
            yield from _lines(value["acceptedAnswer"], depth + 1)
        else:
            yield from _lines(value.get("text") or value.get("name"), depth + 1)


def keep_listed(
    page: Page,
    decisions: list[tuple[Block, str | None]],
    size: list[int],
    groups: Sequence[Sequence[str]],
) -> None:
    """Keep, in place, the blocks a list of the page's structured data holds, and the
    words outside the article in the smallest box that holds them; a line split in two
    blocks ("135 g", "Butter") becomes one again."""
    keys_of = [text_key(block.text) for block, _ in decisions]
    counts = Counter(keys_of)
    split: list[int] = []  # the first blocks of lines split in two
    for lines in groups:
        keys = {key for key in map(text_key, lines) if len(key) >= _MIN_KEY}
        found, halves = _found(keys_of, keys)
        if len(found) < 2 or len(found) < _FOUND_SHARE * len(keys):
            continue  # a line or two that happen to be in the text
        # The box is found from the lines the page prints once: a table of contents
        # may repeat a FAQ's questions far from it.
        once = [i for i in found if counts[keys_of[i]] == 1]
        anchors = once if len(once) >= 2 else found
        elements = [decisions[i][0].element for i in anchors]
        box = common(page.parents, min(elements), max(elements))  # (in document order)
        inside = _inside(decisions, box, size)
        if box < 0 or len(inside) > _BOX_SHARE * len(found) + _BOX_EXTRA:
            inside = found  # the box is most of the page: only the lines themselves
        else:
            inside = _heading_box(page.parents, decisions, size, box, set(found)) or inside
        _keep(decisions, keys_of, inside, set(found), {i + 1 for i in halves} | set(halves))
        split += halves
    for i in sorted(set(split), reverse=True):
        (first, rule), (second, next_rule) = decisions[i], decisions[i + 1]
        if rule is None and next_rule is None and len(first.text) <= _SPLIT_CHARS:
            decisions[i : i + 2] = [(_joined(first, second), None)]


def _keep(
    decisions: list[tuple[Block, str | None]],
    keys_of: list[str],
    inside: list[int],
    listed: set[int],
    parts: set[int],
) -> None:
    """Keep the blocks `inside` a list's box that are its lines (`listed`, or `parts` of
    one), and the box's own words."""
    # A line the text holds already (a table of contents repeating a FAQ's headings that
    # are kept) is not kept twice, nor a list the page prints twice; a part of a line
    # ("1 pinch") may be in many.
    kept = {keys_of[i] for i, (_, rule) in enumerate(decisions) if rule is None}
    for i in inside:
        block, rule = decisions[i]
        line = i in listed and rule != HIDDEN_RULE and (keys_of[i] not in kept or i in parts)
        # The box's own words, not its buttons ("Add to shopping list") or a step's number.
        words = rule == _OUTSIDE and not block.mostly_link and not keys_of[i].isdigit()
        if rule is not None and (line or words):
            decisions[i] = (block, None)
            kept.add(keys_of[i])


def _found(keys_of: list[str], keys: set[str]) -> tuple[list[int], list[int]]:
    """The blocks (by their `text_key`) that are lines of the list: each one, or two in
    a row (an amount and its ingredient, each in a cell of its own: "135 g", "Butter");
    and the first of each such two."""
    found = {i for i, key in enumerate(keys_of) if key and _holds(key, keys)}
    halves = [
        i
        for i in range(len(keys_of) - 1)
        if i not in found and keys_of[i] and keys_of[i] + keys_of[i + 1] in keys
    ]
    found.update(i + half for i in halves for half in (0, 1))
    return sorted(found), halves


def _joined(first: Block, second: Block) -> Block:
    return first._replace(
        text=f"{first.text} {second.text}",
        markdown=f"{first.markdown} {second.markdown}",
        link_chars=first.link_chars + second.link_chars,
    )


def _holds(key: str, keys: set[str]) -> bool:
    """Whether a block (its `text_key`) is one of the lines, give or take a little: a
    step's number, a note beside an ingredient ("Gelatine fix: z.B. …")."""
    if key in keys:
        return True
    return len(key) >= _LOOSE_KEY and any(
        (line in key and len(key) <= _MORE * len(line))
        or (key in line and len(line) <= _MORE * len(key))
        for line in keys
        if len(line) >= _LOOSE_KEY
    )


def _inside(decisions: list[tuple[Block, str | None]], box: int, size: list[int]) -> list[int]:
    """The blocks in element `box` (none in the page itself, -1)."""
    if box < 0:
        return []
    return [i for i, (block, _) in enumerate(decisions) if box <= block.element < box + size[box]]


def _heading_box(
    parents: list[int],
    decisions: list[tuple[Block, str | None]],
    size: list[int],
    box: int,
    listed: set[int],
) -> list[int]:
    """The blocks of the box a few levels around the list's own box that holds its
    headings ("Ingredients", "For the dough:"), if one does: no more than a few more
    blocks, none of them the article's."""
    found: list[int] = []
    for _ in range(_HEADING_LEVELS):
        box = parents[box]
        if box < 0:
            break
        inside = _inside(decisions, box, size)
        more = [i for i in inside if i not in listed]
        if len(more) > _BOX_EXTRA or any(decisions[i][1] is None for i in more):
            break
        found = inside
    return found
