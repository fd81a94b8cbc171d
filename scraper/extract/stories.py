"""The `<article>`s a page marks (and its `itemprop="articleBody"` sections): which is
the page's story, which are parts of it, and which are other stories or teasers.

A page may hold several: the next stories of an endless scroll, teasers for other pages,
the text split around adverts into marked sections, or each content element of one story
wrapped in an `<article>` of its own by its CMS. `narrow_to_story` takes the body element
`content` found down to the one story it belongs to.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property
from itertools import compress
from typing import Final

from .layout import above, argmax, common, within
from .page import ARTICLE, MARKED, Page
from .storylines import next_labels, other_address, signed_lines
from .titles import text_key

__all__ = [
    "TEASER",
    "drop_teaser_articles",
    "enclosing_article",
    "narrow_to_story",
]

TEASER: Final = "teaser-article"  # the rule that drops a teaser `<article>`
_NEAR_LEVELS: Final = 3  # an <h1> outside every <article> titles one this close
_PARAGRAPHS: Final = 2  # a whole story has an intro and a paragraph at least


def narrow_to_story(
    page: Page,
    prose: list[int],
    score: list[int],
    size: list[int],
    dropped: list[str | None],
    best: int,
    title_key: str,
    runs: list[int],
) -> int:
    """`best`, or the element within it that holds the page's one story.

    The body never spans two stories: when `best` holds several self-contained pieces,
    it narrows to the one with the most prose (the others are teasers for other pages),
    unless another is the one under the page's headline. Sections of one article each
    marked as its text, the untitled `<article>`s after the titled one (and the headed
    ones beside them with no byline of their own: its sections), and those inside it
    under no linked headline (a live blog's posts), are parts of one story, not stories
    of their own: a body widened to hold them drops the other stories inside it as
    teasers (in `dropped`). So does a story told around its pieces (its longest run of
    paragraphs in none: they are teaser cards inside it), and a run of `<article>`s that
    read as the sections of one text is not narrowed at all (`_Outline.sections`).
    """
    if page.hints.count(0) == len(page.hints):  # most pages: no article marked
        return best
    outline = _Outline.of(page, size, prose, title_key)
    inner = range(best + 1, best + size[best])  # most have no hint: skipped in C
    pieces = [
        e
        for e in compress(inner, page.hints[inner.start : inner.stop])
        if piece(page, prose, size, e)
    ]
    if pieces and not _holds_main_run(pieces, runs, size, best):
        # Teaser cards in the story's own text, unless they are its headed sections (a
        # live blog's updates under its summary).
        if not outline.sections(pieces, headline_only=True):
            outline.drop_other_stories(dropped, best)
    elif pieces and not outline.sections(pieces):
        top = max(pieces, key=prose.__getitem__)
        story = dict(zip(pieces, outline.story_heads(pieces), strict=True))
        if any(
            not top <= e < top + size[top] and not one_body(page, top, e) and story[e] != story[top]
            for e in pieces
        ):
            best = argmax(score, top, top + size[top])
    titled = outline.titled_article(best)
    if titled != best:
        best = argmax(score, titled, titled + size[titled])
    if best < outline.article and outline.story_end < best + size[best]:
        outline.drop_other_stories(dropped, best)  # the titled story lies inside the body
    return best


def _holds_main_run(pieces: list[int], runs: list[int], size: list[int], best: int) -> bool:
    """Whether one of `pieces` holds the longest run of paragraphs in `best`. When none
    does, the story is told around them, and they are the teaser cards inside it ("More
    on this topic", each an `<article>`)."""
    others = runs[best : best + size[best]]
    main = best + others.index(max(others))
    return any(element <= main < element + size[element] for element in pieces)


@dataclass(frozen=True)
class _Outline:
    """Where a page's headings stand, for the questions asked of each of its `<article>`s
    (a listing may hold hundreds): sorted positions, not a pass over the blocks each."""

    page: Page
    size: list[int]
    prose: list[int]
    headings: list[int]  # the elements of the heading blocks, in order
    titles: list[int]  # ... of those that read as the page's title
    title_h1s: list[int]  # ... of those that are `<h1>`s
    links: list[int]  # ... of those that are links (a teaser's headline)
    h1s: list[int]  # ... of those that are `<h1>`s

    @classmethod
    def of(cls, page: Page, size: list[int], prose: list[int], title_key: str) -> _Outline:
        heads = [b for b in page.blocks if b.heading]
        titles = [b for b in heads if title_key and text_key(b.text) == title_key]
        return cls(
            page,
            size,
            prose,
            sorted(b.element for b in heads),
            sorted(b.element for b in titles),
            sorted(b.element for b in titles if b.heading == 1),
            sorted(b.element for b in heads if b.link_chars),
            sorted(b.element for b in heads if b.heading == 1),
        )

    def headed(self, element: int) -> bool:
        """Whether a heading stands in `element`."""
        return self._holds(self.headings, element)

    def titled(self, element: int) -> bool:
        """Whether a heading that reads as the page's title stands in `element`."""
        return self._holds(self.titles, element)

    def sections(self, pieces: list[int], *, headline_only: bool = False) -> bool:
        """Whether `pieces` (in page order) read as the sections of one text, each in an
        `<article>` of its own (a CMS's content elements: "Das Wichtigste in Kürze",
        then each question): most have a lesser heading than an `<h1>`, none is under
        the page's title, no heading of theirs is a link (a teaser's headline is), and
        the page's title `<h1>` stands above them, or (unless `headline_only`) none
        holds half of their prose: nothing then tells one of them apart as the story.
        (Untitled `<article>`s, each marked as an article's body, are separate stories.)"""
        if self.article >= 0 and self.prose[self.article] > 0:
            return False  # the story is the titled one (one with only the headline is not)
        if any(self._holds(self.titles, e) or self._holds(self.links, e) for e in pieces):
            return False
        outer, end = [], -1  # the pieces inside no other
        for element in pieces:
            if element >= end:
                outer.append(element)
                end = element + self.size[element]
        headed = sum(self._holds(self.headings, element) for element in outer)
        if headed * 2 < len(outer) or any(self._holds(self.h1s, e) for e in outer):
            return False
        page = self.page  # under the page's headline, which stands above them: however long
        if any(h1 < outer[0] and enclosing_article(page, h1) < 0 for h1 in self.title_h1s):
            return True
        prose = [self.prose[element] for element in outer]
        return not headline_only and max(prose) * 2 < sum(prose)

    def _holds(self, positions: list[int], element: int) -> bool:
        at = bisect_left(positions, element)
        return at < len(positions) and positions[at] < element + self.size[element]

    @cached_property
    def article(self) -> int:
        """The one `<article>` the title `<h1>`s stand in, or -1; on a page where no `<h1>`
        heads an `<article>` (a listing's "Latest articles" aside), the one its lesser
        headings that read as the title stand in. An `<h1>` outside every `<article>`
        titles the untitled one right after it (a page's header above the story's)."""
        page, h1s = self.page, self.title_h1s
        if not h1s and not any(enclosing_article(page, h1) >= 0 for h1 in self.h1s):
            h1s = self.titles  # no story's <h1>: the title in a lesser heading
        articles = {enclosing_article(page, h1) for h1 in h1s}
        if len(articles) != 1 or page.hints.count(ARTICLE) < 2:
            return -1
        article = articles.pop()
        if article >= 0:
            return article
        near = above(page.parents, h1s[0], _NEAR_LEVELS)
        for element in range(h1s[0] + self.size[h1s[0]], near + self.size[near]):
            if page.hints[element] == ARTICLE:
                return -1 if self.headed(element) else element
        return -1

    def story_heads(self, pieces: list[int]) -> list[int]:
        """Per piece (in page order), the piece that heads its story: the `<article>`
        whose heading is the page's title heads the `<article>`s with no heading that
        follow it (CMSs wrap each content element of a page in one: the intro under the
        headline, then the text, then a gallery), its sections and its posts (`_part`); a
        piece inside an `<article>` is of its story; any other is a story of its own."""
        heads: dict[int, int] = {}
        head, article = -1, self.article
        for piece in pieces:
            if self._part(piece):
                heads[piece] = head = article
                continue
            if self.page.hints[piece] != ARTICLE:
                outer = enclosing_article(self.page, piece)
                heads[piece] = heads.get(outer, piece)
                continue
            headed = self.headed(piece)
            if piece == self.article or self.titled(piece):
                head = piece
            elif headed:
                head = -1
            heads[piece] = piece if head < 0 or headed else head
        return [heads[piece] for piece in pieces]

    def _part(self, piece: int) -> bool:
        """Whether `piece` is a part of the titled story: the titled `<article>`, one
        after it up to its end (`story_end`), or one inside it whose heading is no link
        (a live blog's post; a teaser card's headline is a link)."""
        article = self.article
        if article < 0 or piece < article:
            return False
        inside = piece < article + self.size[article]
        return piece <= self.story_end or (inside and not self._holds(self.links, piece))

    def titled_article(self, best: int) -> int:
        """`best`, or the other `<article>` whose `<h1>` is the page's title (with the
        untitled parts that follow it: then the element holding them all).

        A page that loads the next stories below its own (an endless scroll) holds
        several whole `<article>`s, and one of the others may have more text; the page's
        own story is the one under its headline, an `<h1>` (teasers for it further down
        use lesser headings).
        """
        article, parents = self.article, self.page.parents
        if article < 0 or self.prose[article] <= 0:
            return best
        rival = enclosing_article(self.page, best)
        if rival < 0 or within(parents, rival, article) or within(parents, article, rival):
            return best  # the body is no other story, or it is this one
        end = self.story_end
        return article if end == article else common(parents, article, end)

    @cached_property
    def story_end(self) -> int:
        """The last `<article>` of the titled story: the untitled ones with prose that
        follow it up to the next headed one are its parts, and so are the headed ones
        beside them that read as its sections (`_section`); the titled `<article>` itself
        if it has none (or -1 when there is none)."""
        page, end = self.page, self.article
        if end < 0:
            return end
        for element in range(end + self.size[end], len(page.hints)):
            if not _outer_article(page, element):
                continue
            if self.headed(element) and not self._section(element, end):
                break
            if self.prose[element] > 0:
                end = element
        return end

    def _section(self, element: int, last: int) -> bool:
        """Whether a headed `<article>` right beside the titled story's last part is a
        section of it (a story split around its ads into one `<article>` a section): its
        headings are lesser than the title's, none is a link, and nothing makes it the
        next story of an endless scroll: a byline or dateline of its own, an address of
        its own (`data-url`), a label ("Up next") before it, or a whole story before it
        (`complete`). In doubt it is one: a lost section costs less than another story
        glued on (a new version each visit)."""
        page, titles = self.page, self.titles
        if page.parents[element] != page.parents[last] or not titles:
            return False
        level = min(self.levels[e] for e in titles)
        start, end = bisect_left(self.headings, element), element + self.size[element]
        stop = bisect_left(self.headings, end)
        if any(self.levels[e] <= level for e in self.headings[start:stop]):
            return False
        if (
            self._holds(self.links, element)
            or self._holds(self.signed, element)
            or other_address(page, element, self.article)
        ):
            return False
        labels = self.labels[bisect_left(self.labels, last + self.size[last]) :]
        return not (self.complete or (labels and labels[0] < self.headings[start]))

    @cached_property
    def complete(self) -> bool:
        """Whether the titled `<article>` is a whole story of its own, its title, a byline
        or dateline and paragraphs: what follows it under a heading is the next story
        (a story split into sections puts only its header in the titled one)."""
        article, page = self.article, self.page
        end = article + self.size[article]
        paragraphs = sum(
            not b.heading and self.prose[b.element] > 0
            for b in page.blocks
            if article <= b.element < end
        )
        signed = self._holds(self.signed, article)
        return paragraphs >= _PARAGRAPHS and signed and self._holds(self.titles, article)

    @cached_property
    def labels(self) -> list[int]:
        """(asked as `signed` is)"""
        return next_labels(self.page)

    @cached_property
    def levels(self) -> dict[int, int]:
        """The level of each heading block's element (its highest)."""
        levels: dict[int, int] = {}
        for block in self.page.blocks:
            if block.heading:
                levels[block.element] = min(block.heading, levels.get(block.element, 9))
        return levels

    @cached_property
    def signed(self) -> list[int]:
        """(asked only of a page whose story goes on in headed `<article>`s)"""
        return signed_lines(self.page)

    def drop_other_stories(self, dropped: list[str | None], body: int) -> None:
        """Mark as teasers the headed `<article>`s in `body` but the titled one: its
        untitled parts stay, the next stories and the teasers go."""
        page, size = self.page, self.size
        parts = range(self.article, self.story_end + 1)
        for article in range(body + 1, body + size[body]):
            if (
                page.hints[article] != ARTICLE
                or enclosing_article(page, page.parents[article]) > body
                or article in parts
            ):
                continue  # (an article inside another in the body goes with it)
            if self.headed(article) and not self.titled(article):
                for element in range(article, article + size[article]):
                    dropped[element] = dropped[element] or TEASER


def _outer_article(page: Page, element: int) -> bool:
    """Whether `element` is an `<article>` inside no other."""
    return page.hints[element] == ARTICLE and enclosing_article(page, page.parents[element]) < 0


def piece(page: Page, prose: list[int], size: list[int], element: int) -> bool:
    """Whether `element` is a self-contained piece the page marks as such, with prose:
    an `<article>` holds elements of its own, where a bare text box marked as the
    article's text (`<div itemprop="text">`, one of many) holds none. (A marked `<p>` is
    never a piece: `dom` does not count it as a hint.)"""
    return page.hints[element] > 0 and prose[element] > 0 and size[element] > 1


def one_body(page: Page, marked: int, other: int) -> bool:
    """Whether two elements marked as the article's text are parts of one body: a page
    may split its text into several `itemprop="articleBody"` sections around its ads.
    Separate stories are separate `<article>`s, so the parts must share the nearest one."""
    if not page.hints[marked] == page.hints[other] == MARKED:
        return False
    return enclosing_article(page, marked) == enclosing_article(page, other)


def enclosing_article(page: Page, element: int) -> int:
    """The nearest `<article>` around `element`, or -1."""
    while element >= 0 and page.hints[element] != ARTICLE:
        element = page.parents[element]
    return element


def drop_teaser_articles(
    page: Page, weights: list[int], dropped: list[str | None], size: list[int], title_key: str
) -> None:
    """Mark as teasers the `<article>`s of a page whose prose lies mostly outside them.

    A page that marks only its teasers ("More news") as `<article>`s, each with a summary,
    keeps its own text in a plain `<div>`: when the prose outside every `<article>` outweighs
    the largest one, none of them is the body, and their summaries must not pull it in.
    Unless they read as the sections of the story under the page's headline (a live
    blog's updates below its summary: `_Outline.sections`).
    """
    parents, hints = page.parents, page.hints
    if len(hints) - hints.count(0) < 2:  # most pages: no two articles to choose from
        return
    prose = [0] * len(parents)
    for block, weight in zip(page.blocks, weights, strict=True):
        if weight > 0 and not dropped[block.element]:
            prose[block.element] += weight
    for index in range(len(parents) - 1, 0, -1):
        prose[parents[index]] += prose[index]
    inside = [False] * len(parents)  # within an outer article
    articles = []
    for index, parent in enumerate(parents):
        inside[index] = parent >= 0 and (
            inside[parent] or (hints[parent] > 0 and prose[parent] > 0)
        )
        if hints[index] and prose[index] > 0 and not inside[index]:
            articles.append(index)
    if len(articles) < 2:
        return
    outside = prose[0] - sum(prose[a] for a in articles)
    if outside <= max(prose[a] for a in articles):
        return
    if _Outline.of(page, size, prose, title_key).sections(articles, headline_only=True):
        return
    teasers = set(articles)
    for index, parent in enumerate(parents):
        if dropped[index] is None and (
            index in teasers or (parent >= 0 and dropped[parent] == TEASER)
        ):
            dropped[index] = TEASER
