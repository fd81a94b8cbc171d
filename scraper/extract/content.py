"""Find the article body: the container with the most article-like text, cleaned.

1. `elements.clean` removes what never holds text; `dom.read_blocks` reads the rest once as
   paragraph-level blocks.
2. Each block gets a weight (`blockrules`): its length when it reads like prose, minus
   twice its link text. Elements whose tag/role/class marks them as boilerplate
   (`rules.toml`, `[[container]]`), or a sign-up form's box (`boxes`), are dropped, unless
   they hold most of the page's prose or a main run of paragraphs: a `<body
   class="comments-open">` is not a comment.
3. The body is the element whose subtree weighs most, grown to the nearest ancestor
   that holds much more prose: it takes in every sibling paragraph worth more than the
   junk between them, and stops where junk outweighs text. It never spans two
   `<article>`s (and `<article>`s holding less prose than the page outside them are
   teasers; of several whole stories, the one under the page's `<h1>` is the page's);
   a grid of one-paragraph cards yields to the page's main run of paragraphs. It
   continues to the paragraphs just around it (a lead above a share bar, or in the
   page's hero) up to a heading or a boilerplate label (`continuation`).
4. Its blocks are then kept or dropped one by one (`blockrules`): metadata (headline,
   byline) that `find_metadata` already holds, `[[line]]` rules that judge a block by
   its shape, short fragments before the first paragraph (not its subheadings); then,
   over the decisions, caption boxes around a photo credit, an offer's box (`boxes`),
   teaser cards after the last paragraph, sections under a boilerplate heading ("Related
   articles"), and the name that signs the story on its last line (`signature`); the
   time opening each of a live blog's entries is kept, though a dateline (`entries`).
5. A page whose prose is all in its comments (a forum thread, a live ticker's
   commentary) gets them as its text: there is no article for them to be beside.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..models import Article, Removal
from . import blockrules, markdown
from .blockrules import PROSE_CHARS, block_rule, metadata_rule, normal, prompted, weights_of
from .boxes import drop_offer_boxes, mark_signup_boxes
from .continuation import continued
from .elements import clean
from .entries import keep_entry_times
from .galleries import keep_captions, read_page
from .layout import (
    ANCHOR_PROSE,
    argmax,
    article_beside,
    climb,
    paragraph_runs,
    subtree_sizes,
    toward_description,
    toward_main_run,
)
from .listings import keep_listed
from .page import Block, Page, join_initials
from .rules import Rules, default_rules
from .sections import (
    CREDIT_RULES,
    drop_boilerplate_sections,
    drop_caption_boxes,
    drop_contents_entries,
    drop_orphan_headings,
    drop_teaser_cards,
)
from .signature import SIGNATURE, find_signature, lead_reporter
from .standfirst import find_standfirst
from .stories import drop_teaser_articles, narrow_to_story
from .titles import text_key

__all__ = ["Body", "find_body"]

MOST_OF_PAGE: Final = 0.5  # a boilerplate container never holds this share of the prose
CORE_SHARE: Final = 0.5  # a holder of half as many paragraphs as the main one is article too
# A body with less prose than one long paragraph is weak (a list, a table): in the element the
# page marks as its article, that element is the body, with no paragraphs to mark its edges.
WEAK_PROSE: Final = PROSE_CHARS
# Rules decided here, not in rules.toml: they need the block's position (`blockrules`, metadata).
OUTSIDE: Final = "outside-article"
DUPLICATE: Final = "duplicate"
COMMENTS: Final = "comments"  # the container rule for comments
DISCUSSION_PROSE: Final = 2 * PROSE_CHARS  # comments with this much prose, and no article: the text
DROPPED_COST: Final = 1  # per link character of dropped text, against its container


@dataclass(frozen=True, slots=True)
class Body:
    text: str
    markdown: str
    removed: tuple[Removal, ...]
    signature: str | None = None  # the name that signs the story (its last line, a lead)


def find_body(
    tree: LexborHTMLParser,
    meta: Article,
    base_url: str | None = None,
    *,
    explain: bool = False,
    listed: Sequence[Sequence[str]] = (),
) -> Body:
    """The body of a parsed page (links resolved against `base_url`); `removed` if
    `explain`. `listed` are the lines of a recipe's lists, as its structured data gives
    them (`listings`)."""
    rules = default_rules()
    root = tree.body
    if root is None:
        return Body("", "", ())
    clean(tree, rules)
    page, gallery = read_page(root, rules)
    if page.forms:
        mark_signup_boxes(page)
    if page.initials:
        join_initials(page.blocks)
    if not page.blocks:
        return Body("", "", ())
    weights = weights_of(page.blocks, rules)
    size = subtree_sizes(page.parents)
    dropped = _boilerplate(page, weights, size, rules)
    if gallery:  # its captions are its text
        keep_captions(page, dropped)
    drop_teaser_articles(page, weights, dropped, size, text_key(meta.title or ""))
    runs = paragraph_runs(page, weights, dropped)  # read by two passes below
    best = _best_element(page, weights, dropped, runs, size, meta)
    decisions = _decide(page, weights, dropped, runs, best, meta, rules)
    if _discussion(page, weights, dropped, decisions):
        dropped = [None if rule == COMMENTS else rule for rule in dropped]
        runs = paragraph_runs(page, weights, dropped)
        best = _best_element(page, weights, dropped, runs, size, meta)
        decisions = _decide(page, weights, dropped, runs, best, meta, rules)
    if not any(rule is None for _, rule in decisions) and best != 0:
        # never empty a page
        decisions = _decide(page, weights, dropped, runs, 0, meta, rules)
    signature = _mark_edges(root, decisions, meta.description)
    if listed:  # (after the story's edges are found: a FAQ after it is not its last line)
        keep_listed(page, decisions, size, listed)
    kept = _kept(decisions)
    removed = (
        tuple(Removal(r, b.text) for b, r in _named(decisions, meta, rules) if r) if explain else ()
    )
    return Body(
        markdown.plain(kept),
        markdown.render(kept, base_url),
        removed,
        signature,
    )


def _mark_edges(
    root: LexborNode, decisions: list[tuple[Block, str | None]], description: str | None
) -> str | None:
    """Take the name signing the story out of it, and its standfirst in (both changing
    `decisions`); returns the name."""
    signed = find_signature(root, decisions)
    signature = lead_reporter(decisions)  # (a Korean wire's; the last line's name first)
    if signed is not None:
        block = decisions[signed][0]
        decisions[signed], signature = (block, SIGNATURE), block.text
    standfirst = find_standfirst(decisions, description)
    if standfirst is not None:
        index, block = standfirst
        if block is decisions[index][0]:
            decisions[index] = (block, None)
        else:  # the part of a longer block: which stays dropped, and is reported so
            decisions.insert(index + 1, (block, None))
    return signature


def _named(
    decisions: list[tuple[Block, str | None]], meta: Article, rules: Rules
) -> list[tuple[Block, str | None]]:
    """The decisions, with the text outside the body named better for `explain`: after
    every pass that reads rule names, so the names never change what is kept."""
    title, authors = _known(meta)
    return [
        (block, _outside_rule(block, title, authors, rules) if rule == OUTSIDE else rule)
        for block, rule in decisions
    ]


def _discussion(
    page: Page,
    weights: list[int],
    dropped: list[str | None],
    decisions: list[tuple[Block, str | None]],
) -> bool:
    """Whether the page's prose is all in its comments: a forum's thread, a live ticker's
    commentary, a question and its answers. Then the comments are the page's text, not
    boilerplate beside an article, which would have prose of its own."""
    kept = 0
    for (_, rule), weight in zip(decisions, weights, strict=True):
        if rule is None and weight > 0:
            kept += weight
            if kept >= WEAK_PROSE:  # (most pages, after their first paragraphs)
                return False
    said = sum(
        w
        for b, w in zip(page.blocks, weights, strict=True)
        if dropped[b.element] == COMMENTS and w > 0
    )
    return said >= DISCUSSION_PROSE


def _boilerplate(page: Page, weights: list[int], size: list[int], rules: Rules) -> list[str | None]:
    """Per element: the container rule that drops it (inherited by its descendants).

    A matching element is kept when it holds most of the page's prose, or holds the
    page's main run of paragraphs (the element whose own paragraphs weigh most), or has
    the class of one that does: class names describe layout as often as content
    ("sidebar-grid", "comments-open", "article-widget").
    """
    parents = page.parents
    prose = [0] * len(parents)
    for block, weight in zip(page.blocks, weights, strict=True):
        if weight > 0:
            prose[block.element] += weight
    paragraphs = paragraph_runs(page, weights)
    for index in range(len(parents) - 1, 0, -1):  # children come after their parents
        prose[parents[index]] += prose[index]
    protected = set()
    if parents:
        floor = CORE_SHARE * max(paragraphs)
        # Only the few holders of prose are read (the others, zero, are skipped in C).
        for holder in compress(range(len(paragraphs)), paragraphs):
            if paragraphs[holder] >= floor:
                while holder >= 0 and holder not in protected:
                    protected.add(holder)
                    holder = parents[holder]
    # A class the page gives its main run (`article-widget`) marks no boilerplate on it.
    # (Its class names must give the rule themselves: an id may have given it.)
    strict = rules.strict
    kept_classes = {c for e in protected if (c := _rule_class(page, rules, e))}
    limit = MOST_OF_PAGE * prose[0]  # the root holds every block
    hinted = compress(range(len(parents)), page.hints)
    articles = [index for index in hinted if prose[index] > 0]
    dropped: list[str | None] = [None] * len(parents)
    holding = rules.holding
    # Only elements with a rule are read (most have none); a dropped one's rule is given
    # to its whole subtree, where the rules of the elements inside no longer count.
    for index in compress(range(len(parents)), page.rules):
        rule = page.rules[index]
        if dropped[index]:
            continue
        most = prose[index] > limit and not article_beside(parents, prose, articles, index)
        kept_class = page.classes.get(index) in kept_classes and _rule_class(page, rules, index)
        keep = most or ((index in protected or bool(kept_class)) and rule not in strict)
        if not keep and rule in holding:  # (a box that is the page's own but for a line)
            keep = not prompted(page, rules, index, index + size[index], holding[rule])
        if not keep:
            dropped[index : index + size[index]] = [rule] * size[index]
    return dropped


def _rule_class(page: Page, rules: Rules, element: int) -> str | None:
    """The element's class attribute, when its class names alone give its rule."""
    classes = page.classes.get(element)
    return classes if classes and rules.container_by_class(classes) == page.rules[element] else None


def _best_element(
    page: Page,
    weights: list[int],
    dropped: list[str | None],
    runs: list[int],
    size: list[int],
    meta: Article,
) -> int:
    """The element whose blocks weigh most (the deepest on a tie), narrowed to the one
    story it holds (`stories`). A weak winner inside the page's `<article>` widens to it;
    a weaker one gives way to the paragraph the page's description quotes.
    """
    parents = page.parents
    count = len(parents)
    score, prose = [0] * count, [0] * count
    for block, weight in zip(page.blocks, weights, strict=True):
        if dropped[block.element]:  # never output: only its links speak against the container
            score[block.element] -= DROPPED_COST * block.link_chars
        else:
            score[block.element] += weight
            prose[block.element] += max(weight, 0)
    for index in range(count - 1, 0, -1):
        parent = parents[index]
        score[parent] += score[index]
        prose[parent] += prose[index]
    best = argmax(score, 0, count)
    best = climb(page, prose, score, best)
    best = toward_main_run(page, runs, size, best)
    best = narrow_to_story(
        page, prose, score, size, dropped, best, text_key(meta.title or ""), runs
    )
    if score[best] <= 0:
        return toward_description(page, dropped, size, 0, meta.description)
    if prose[best] < WEAK_PROSE:  # a list or a table has no prose, only a notice beside it
        marked = best
        while marked >= 0 and not page.hints[marked]:
            marked = parents[marked]
        if marked >= 0:
            best = marked
    if prose[best] < ANCHOR_PROSE:  # a short post may lose to a widget: see its excerpt
        best = toward_description(page, dropped, size, best, meta.description)
    return best


def _decide(
    page: Page,
    weights: list[int],
    dropped: list[str | None],
    runs: list[int],
    best: int,
    meta: Article,
    rules: Rules,
) -> list[tuple[Block, str | None]]:
    """Every block with the rule that removes it, or None to keep it."""
    blocks = page.blocks
    inside = continued(page, weights, dropped, best, rules)
    prose = [
        i for i, b in enumerate(blocks) if inside[i] and weights[i] > 0 and not dropped[b.element]
    ]
    if sum(weights[i] for i in prose) < WEAK_PROSE:
        prose = []
    first, last = (prose[0], prose[-1]) if prose else (0, len(blocks))  # no prose: no edges
    title, authors = _known(meta)
    decisions: list[tuple[Block, str | None]] = []
    previous, introduced = "", False  # the last text kept; whether it introduces a list
    for index, block in enumerate(blocks):
        if not inside[index]:
            rule: str | None = dropped[block.element] or OUTSIDE
            # A credit just before the body (by a caption taken as a lead): named, it
            # takes its caption box along. Only there: elsewhere it is outside anyway.
            beside = rule == OUTSIDE and block.element < best and index + 1 < len(blocks)
            if beside and inside[index + 1]:
                credit = rules.line_rule(block.text, block.link_share, after_article=False)
                rule = credit if credit in CREDIT_RULES else OUTSIDE
        else:
            rule = dropped[block.element] or block_rule(
                block, index, first, last, weights[index], title, authors, rules
            )
            if rule is None and block.text == previous:
                rule = DUPLICATE
            elif rule in blockrules.LINK_RULES and introduced and _listed(block):
                rule = None  # "The affected districts are:" and their links
        if rule is None:
            previous = block.text
            introduced = (introduced and bool(block.item)) or _introduces(block, weights[index])
        else:
            introduced = False
        decisions.append((block, rule))
    drop_caption_boxes(page, decisions, best)
    drop_offer_boxes(page, decisions, best)
    drop_teaser_cards(page, weights, runs, decisions)
    drop_boilerplate_sections(page, weights, dropped, decisions, best)
    drop_contents_entries(decisions)
    drop_orphan_headings(page, decisions)
    blockrules.keep_linked_headings(page, decisions, weights)
    keep_entry_times(page, weights, decisions, best)
    return decisions


# The words of a list's item that is a name (a place, a person, a document), not a headline.
_NAME_WORDS: Final = 6


def _introduces(block: Block, weight: int) -> bool:
    """Whether a paragraph kept introduces a list: words of a sentence ending in a colon,
    not a label ("Topics:")."""
    words = block.text.count(" ") + 1
    return not block.item and block.text.endswith(":") and words >= 3 and weight >= 0


def _listed(block: Block) -> bool:
    """Whether a block is a list's item that names something, as a story's list does: a
    list its text introduces ("The affected districts are:") is the story's, links or not;
    a list of headlines, after a label a rule took out, is another story's promotion."""
    return bool(block.item) and block.text.count(" ") < _NAME_WORDS


def _known(meta: Article) -> tuple[str, list[str]]:
    """The headline and the authors' names as the body's blocks are compared with them
    (a name of one or two letters would be found in any block)."""
    return normal(meta.title or ""), [a for a in meta.authors if len(a) > 2]


def _outside_rule(block: Block, title: str, authors: list[str], rules: Rules) -> str:
    """The rule that would also drop a block outside the body; the decision stays the same."""
    return metadata_rule(block, title, authors, near_start=True) or (
        rules.line_rule(block.text, block.link_share, after_article=False) or OUTSIDE
    )


def _kept(decisions: list[tuple[Block, str | None]]) -> list[Block]:
    """The blocks kept. A line whose next line was removed ends its paragraph: the lines
    kept around a photo credit are not one paragraph."""
    kept = []
    for index, (block, rule) in enumerate(decisions):
        if rule is None:
            if block.line_end and index + 1 < len(decisions) and decisions[index + 1][1]:
                block = block._replace(line_end=False)
            kept.append(block)
    return kept
