"""How one block of a page weighs as prose, and which rule drops it from the body.

A block reads as prose when it is long, or a sentence: ended by a full stop of its
script. In the body, a block is dropped when it repeats the metadata (the headline, the
byline), when a line rule (`rules.toml`) matches its shape, or when it is a short
fragment of the layout before the first paragraph. `content` decides the body; these are
the questions it asks of each block.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Final

from .marks import CELL, LINK_OPEN
from .page import Block, Page
from .rules import Rules

__all__ = [
    "BYLINE",
    "HEADLINE",
    "PROSE_CHARS",
    "STRAY",
    "block_rule",
    "keep_linked_headings",
    "metadata_rule",
    "normal",
    "weights_of",
]

PROSE_CHARS: Final = 130  # a block this long (or a shorter sentence) reads as prose
SENTENCE_CHARS: Final = 30
# The marks that end a sentence, in Latin, CJK and other scripts (Arabic's question mark,
# Urdu's full stop, the danda of Hindi and Bengali, Burmese, Khmer, Armenian, Ethiopic).
# Thai and Lao end a sentence with no mark: a line of their letters that long is one.
SENTENCE_ENDS: Final = (
    *(".", "!", "?", "…", '"', "”", "»", ":", ")", "。", "！", "？", "」", "』", "）"),
    *("؟", "۔", "।", "॥", "။", "។", "։", "።"),
)
UNMARKED_SCRIPTS: Final = ("\u0e00", "\u0eff")
# A line of date and time words alone is a dateline, but a table's row of them is data:
# the years and figures of a chart, the dates of a schedule (`_figures`). And a line that
# is mostly a link is a teaser, but a table's row with a cell of no link is data too: a
# council linked to its page, and its figures (`_data_row`).
DATELINE_RULE: Final = "dateline"
LINK_RULES: Final = frozenset({"link-line", "link-block"})
STRAY_CHARS: Final = 50  # shorter non-prose blocks before the first paragraph are fragments
FULL_STOPS: Final = (".", "!", "?", "…", "。", "！", "？", "؟", "۔", "।", "။", "។", "։", "።")
TITLE_WORDS_SHARE: Final = 0.8  # a heading this much made of the title's words restates it
_SIGNATURE_CHARS: Final = 60  # an author's name signing the story, alone on its line
_BIO_CHARS: Final = 300  # a note presenting the author after the story
_POINT_WORDS: Final = 5  # a list item this many words long before the story may be a key point
_WORD: Final = re.compile(r"\w+")
# After a byline's name, the words (or CJK characters) of a sentence: a wire's lead.
_LEAD_WORDS: Final = 6
_LEAD_CHARS: Final = 20
# Rules decided here rather than in rules.toml, because they need the metadata or the
# block's position rather than its text alone.
HEADLINE: Final = "headline"
BYLINE: Final = "byline"
AUTHOR_BIO: Final = "author-bio"
STRAY: Final = "stray-fragment"


def weights_of(blocks: list[Block], rules: Rules) -> list[int]:
    """Per block: positive for prose, negative for links; zero for other short text.

    Text that a rule marks as nobody's (`prose = false`: a server's error message,
    "Warning: … in /htdocs/plugin.php on line 928") is not prose however it reads: printed
    in a sidebar's widget, it would outweigh a short post.
    """
    weights, screen = [], rules.unwritten_needs
    for block in blocks:  # one loop, not a call per block: a page has hundreds
        text = block.text
        size = len(text)
        prose = size >= PROSE_CHARS or (
            size >= SENTENCE_CHARS
            and not block.heading
            and (
                text.endswith(SENTENCE_ENDS)
                or UNMARKED_SCRIPTS[0] <= text[-1] <= UNMARKED_SCRIPTS[1]
            )
        )
        if prose:
            for word in screen:  # (`written`'s own screen, without a call per paragraph)
                if word in text:
                    prose = rules.written(text)
                    break
        weights.append((size if prose else 0) - 2 * block.link_chars)
    return weights


def prompted(page: Page, rules: Rules, box: int, end: int, lines: frozenset[str]) -> bool:
    """Whether the box of elements `box` to `end` (its subtree) holds a block one of
    `lines` takes (after the story, where tail rules apply: a box's offer). Only its own
    blocks are read: a page may have a box named "summary" and hundreds of blocks."""
    return any(
        box <= block.element < end
        and rules.line_rule(block.text, block.link_share, after_article=True) in lines
        for block in page.blocks
    )


def block_rule(
    block: Block,
    index: int,
    first: int,
    last: int,
    weight: int,
    title: str,
    authors: list[str],
    rules: Rules,
) -> str | None:
    text = block.text
    if block.heading and index < first and (block.heading == 1 or _in_title(text, title)):
        return HEADLINE
    found = metadata_rule(block, title, authors, near_start=index <= first, after=index >= last)
    if found:
        return found
    found = rules.line_rule(text, block.link_share, after_article=index > last)
    if found and not (block.tag == "tr" and _data_row(found, block)):
        return found
    if weight > 0 or index >= first or len(text) >= STRAY_CHARS or block.heading:
        return None
    # A short bit before the first paragraph is a fragment of the layout, unless it is a
    # paragraph that is a sentence of two words or more ("It was a night.", "Why now?"),
    # or an item of a list that says something in words of its own: the story's key
    # points ("Ferries resume on Monday"), not a breadcrumb's or a tag list's links.
    sentence = block.tag == "p" and text.endswith(FULL_STOPS) and " " in text
    point = bool(block.item) and not block.link_chars and text.count(" ") >= _POINT_WORDS - 1
    return None if sentence or point else STRAY


def _data_row(rule: str, row: Block) -> bool:
    """Whether a table's row that a dateline or link rule takes is a data table's: its
    figures, or a cell of no link after a linked one (a council's page, then its figures;
    not a box's label, then its links)."""
    if rule == DATELINE_RULE:
        return _figures(row.text)
    cells = row.markdown.split(CELL)[1:]
    linked = [LINK_OPEN in cell for cell in cells if any(char.isalnum() for char in cell)]
    first = linked.index(True) if True in linked else len(linked)
    return rule in LINK_RULES and not all(linked[first:])


def _figures(row: str) -> bool:
    """Whether a table's row that reads as a dateline is figures: numbers alone (a year
    and its count, a result, a decimal), not a calendar's days (each of one or two
    digits, one more than the last) or a row with a month's or a weekday's name."""
    words = row.split()
    return all(_FIGURE.fullmatch(word) for word in words) and (
        any(not (word.isdigit() and len(word) <= 2) for word in words)
        or any(int(b) != int(a) + 1 for a, b in pairwise(words))
    )


_FIGURE: Final = re.compile(r"[-+−]?\d+(?:[.,:/]\d+)*%?")


def keep_linked_headings(
    page: Page, decisions: list[tuple[Block, str | None]], weights: list[int]
) -> None:
    """Keep the headings that a link rule took (in place) among the story's paragraphs,
    if two or more: each with the kept line before it and the prose after it in its own
    parent. A buying guide's picks, named by links to their reviews, head the paragraphs
    on them; a teaser's headline shares its box with its summary alone, and a promotion
    in the story is one."""
    found = [
        index
        for index, (block, rule) in enumerate(decisions[:-1])
        if rule in LINK_RULES and block.heading and _heads(page, decisions, weights, index)
    ]
    for index in found if len(found) > 1 else ():
        decisions[index] = (decisions[index][0], None)


def _heads(
    page: Page, decisions: list[tuple[Block, str | None]], weights: list[int], index: int
) -> bool:
    """Whether the heading at `index` has the kept line before it and the prose after it in
    its own parent."""
    parents = page.parents
    parent = parents[decisions[index][0].element]
    following, kept = decisions[index + 1]
    if kept is not None or weights[index + 1] <= 0 or parents[following.element] != parent:
        return False
    before = next((b for b, rule in reversed(decisions[:index]) if rule is None), None)
    return before is not None and parents[before.element] == parent


def metadata_rule(
    block: Block, title: str, authors: list[str], *, near_start: bool, after: bool = False
) -> str | None:
    """Headline and byline: text the metadata already holds. `after`: the block is the
    story's last paragraph or follows it, where its author may sign it ("MARTINA BERG")
    or be presented ("Jane Roe is a reporter covering transport.")."""
    # A block's whitespace is already collapsed (but in <pre>) and casefolding never
    # shortens text: a block longer than the title is not it, and costs no `normal`.
    maybe_title = title and (block.pre or len(block.text) <= len(title))
    if maybe_title and normal(block.text) == title:
        return HEADLINE
    named = near_start and len(block.text) <= 120 and any(a in block.text for a in authors)
    if named and not _lead_after_byline(block.text, authors):
        return BYLINE
    if after and len(block.text) <= _SIGNATURE_CHARS and normal(block.text) in map(normal, authors):
        return BYLINE
    if after and len(block.text) <= _BIO_CHARS and _presents(block.text, authors):
        return AUTHOR_BIO
    return None


def _lead_after_byline(text: str, authors: list[str]) -> bool:
    """Whether a paragraph that names an author goes on, after the name, with a sentence
    of the story: a wire's lead opens with its dateline and byline ("(서울=연합뉴스) 홍길동
    기자 = 서울시는 …했다.", "【ソウル=山田太郎】韓国政府は…発表した。")."""
    if not text.endswith(FULL_STOPS):
        return False
    end = max(text.rfind(name) + len(name) for name in authors if name in text)
    rest = text[end:]
    # (Words in lower case: the date after a name is mostly numbers and names.)
    words = sum(word.isalpha() and word.islower() for word in rest.split())
    return words >= _LEAD_WORDS or sum(_dense(char) for char in rest) >= _LEAD_CHARS


def _dense(char: str) -> bool:
    """A character that is a word's worth of text: Chinese, Japanese or Korean."""
    return "\u3040" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af"


def _presents(text: str, authors: list[str]) -> bool:
    """Whether a paragraph starts with an author's full name, as a note about the author
    does: a name of one word ("Reuters") may start a sentence of the story."""
    return any(" " in name and text.startswith((f"{name} ", f"{name},")) for name in authors)


def _in_title(heading: str, title: str) -> bool:
    """Whether a heading restates the title: most of its words are the title's (a kicker
    and the headline in one `<h2>`, a second wording of the headline for social media)."""
    words = _WORD.findall(heading.casefold())
    if not title or not words:
        return False
    known = set(_WORD.findall(title))
    return sum(word in known for word in words) >= TITLE_WORDS_SHARE * len(words)


def normal(text: str) -> str:
    return " ".join(text.split()).casefold()
