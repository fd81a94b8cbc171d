"""A story split over pages, archived whole: its later pages followed and joined.

`extract` reports where a page's story continues (`Article.next_page`: the same address
with the next page's number). The pipeline, the one place that fetches, has `follow`
fetch those pages through the run's own fetcher (robots.txt, per-host delay, retries),
and archives the first page with the others (`Archive.save_page(parts=...)`). The story
keeps the first page's metadata, and its text and markdown are every page's in order
(`join`). A "next page" headed as another story (a related story's address that looks
like the next page's) is none of it (`same_story`): the story ends before it. A page
that fails, or shows a wall in its place, ends the story there: what was fetched is
archived, with the reason the rest is missing in the fetch log; the next visit fetches
every page again. A story past `MAX_PAGES` is cut there, and says where ("cut at page 20 of
25"). Re-extraction joins the stored pages by the same rules (`continues`), so it makes
the same story again.

What a fetched story is to the one archived at its address is `judge`'s: a revisit that
misses a page the archive has is a failed visit, tried again, not a cut and a restore
(but on its last attempt, when the pages that came changed, a version marked incomplete:
an edit of page 1 is not held back by page 2's outage); a story that lacks a page that
may answer is due again at the next run; and one that completes what the archive held
says so rather than read as an editor's addition.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from .cutoff import wall_signs
from .digests import Digests, digests
from .extract.pagination import MAX_PAGES, pages_shown
from .extract.titles import text_key
from .models import Article, FetchOutcome, Page
from .notices import Notice, notice_in
from .urls import url_key
from .versions import normalise_text

if TYPE_CHECKING:
    from .fetch_body import Accept

__all__ = [
    "MAX_PAGES",
    "Fetches",
    "Reads",
    "Story",
    "Visit",
    "continues",
    "follow",
    "join",
    "judge",
    "readable",
    "reassemble",
    "same_story",
]

log = logging.getLogger(__name__)


class Fetches(Protocol):
    """Where `follow` gets a story's later pages: the run's `Fetcher`, or a WARC's
    captures (`warc_stories`)."""

    async def fetch(self, url: str, *, accept: Accept = "html") -> FetchOutcome: ...


class Reads(Protocol):
    """What extracts a story's pages: a run's `ExtractorPool`, or a WARC task's own
    extractor (`warc_articles`)."""

    async def article_or_reason(self, page: Page) -> tuple[Article, Digests] | str | Notice: ...


@dataclass(frozen=True)
class Story:
    """A story as fetched: its article (the pages joined), the digests archiving it
    needs, its pages after the first, and what the fetch log says of them ("3 pages",
    and why it is incomplete when a page is missing)."""

    article: Article
    digests: Digests
    parts: tuple[Page, ...] = ()
    note: str = ""
    # Why a page that may answer next time is missing ("page 3 (URL): HTTP 500 …"); ""
    # when the story is whole, or only capped at `MAX_PAGES` (the same next time).
    missing: str = ""
    cut: str = ""  # where a story past `MAX_PAGES` was cut ("cut at page 20 of 25")

    @property
    def pages(self) -> int:
        return len(self.parts) + 1


async def follow(
    fetcher: Fetches,
    pool: Reads,
    page: Page,
    first: tuple[Article, Digests],
    stop: Callable[[], bool],
) -> Story:
    """The story that `page` (extracted as `first`) begins: its later pages fetched, at
    most `MAX_PAGES` in all, never one address twice. `stop()` true: the run's time is
    up, and the story is archived as far as it was fetched."""
    article, known = first
    seen = {url_key(page.url), url_key(page.final_url)}
    parts: list[Page] = []
    articles = [article]
    address, incomplete, missing, cut = article.next_page, "", "", ""
    while address and url_key(address) not in seen:
        number = len(articles) + 1
        if number > MAX_PAGES:
            cut = _cut((page, *parts)[-1])
            break
        if stop():
            incomplete = missing = f"page {number} not fetched: the run's time ran out"
            break
        got = await _page(fetcher, pool, address, seen, (page, articles))
        if not isinstance(got, tuple):
            incomplete = missing = got and f"page {number} ({address}): {got}"
            break
        part, later = got
        seen |= {url_key(address), url_key(part.final_url)}
        parts.append(part)
        articles.append(later)
        address = later.next_page
    said = cut or (incomplete and f"incomplete: {incomplete}")
    if said:
        log.warning("%s: story %s", page.url, said)
    if not parts:
        return Story(article, known, note=said, missing=missing)
    joined = join(articles)
    note = "; ".join(filter(None, (f"{len(articles)} pages", said)))
    known = digests(page.body, joined, known.extractor)
    return Story(joined, known, tuple(parts), note, missing, cut)


def _cut(last: Page) -> str:
    """Where a story past `MAX_PAGES` is cut: at `last`, of as many pages as its pager
    shows (a pager of "Next" alone shows one more: it goes on)."""
    shown = pages_shown(last.body, last.final_url)
    total = f"of {shown} (" if shown > MAX_PAGES + 1 else "(it goes on; "
    return f"cut at page {MAX_PAGES} {total}{MAX_PAGES} pages at most)"


@dataclass(frozen=True)
class Visit:
    """What a fetched story is to the version archived at its address (`judge`)."""

    failed: str = ""  # why it is no version: a page the archive has is missing (tried again)
    again: bool = False  # due at the next run: a page that may answer is missing
    summary: str | None = None  # the new version's, when it completes the archived text
    lacks: str = ""  # what the version lacks, said after its summary ("cut at page 20 of 25")


def judge(story: Story, archived: tuple[Article, int] | None, *, last: bool = False) -> Visit:
    """What `story` is to the story archived at its address (its current version and how
    many pages that was joined from), or to none. A visit that misses a page the archive
    has is a failed one: archived, a blip on page 2 would read as a cut, then a restore;
    but not on its `last` attempt when the pages that came were edited, which are then
    a version marked incomplete, due again at the next run. One that misses a page that
    may answer is due at the next run if it brought pages the archive lacked (a page that
    fails for good is tried once more, not every run). One that adds pages after the
    archived text, left as it was, completes it."""
    had = archived[1] if archived else 0
    lacks = story.cut or (story.missing and f"incomplete: {story.missing}")
    if story.missing and story.pages < had:
        if last and archived and _edited(story.article, archived[0]):
            return Visit(again=True, lacks=lacks)
        return Visit(failed=f"incomplete: {story.missing} (archived with {had} pages)")
    again = bool(story.missing) and story.pages > had
    if archived is None or story.pages <= had or not _extends(story.article, archived[0]):
        return Visit(again=again, lacks=lacks)
    added = f"page {had + 1}" if story.pages == had + 1 else f"pages {had + 1}–{story.pages}"
    done = f"{added} added" if story.missing else f"completed: {added} added"
    return Visit(again=again, summary=done, lacks=lacks)


def _edited(came: Article, archived: Article) -> bool:
    """Whether the pages that `came` of a story differ from `archived`'s: its headline, or
    a text that is no beginning of the archived one."""
    heads = [(a.title, a.headline) for a in (came, archived)]
    return heads[0] != heads[1] or not _extends(archived, came, or_equals=True)


def _extends(story: Article, archived: Article, *, or_equals: bool = False) -> bool:
    """Whether `story`'s text is `archived`'s with more after it (or the same)."""
    lines, old = normalise_text(story.text), normalise_text(archived.text)
    return len(lines) >= len(old) + (not or_equals) and lines[: len(old)] == old


async def _page(
    fetcher: Fetches,
    pool: Reads,
    address: str,
    seen: set[str],
    fetched: tuple[Page, list[Article]],
) -> tuple[Page, Article] | str:
    """The story's page at `address` and its article, `fetched` its first page and its
    pages' articles so far; or why it is missing (a wall in front of it too), "" when the
    story ends before it: a redirect back to one of its pages, a text it has already (a
    site that ignores the page number serves page 1 again), or another story."""
    first, story = fetched
    outcome = await fetcher.fetch(address, accept="html")
    part = outcome.page
    if part is None:
        return outcome.reason or outcome.outcome
    if url_key(part.final_url) in seen:
        return ""
    extracted = await pool.article_or_reason(part)
    if isinstance(extracted, Notice):
        return extracted.reason
    if isinstance(extracted, str):  # no text, or the extraction failed
        return extracted
    later = extracted[0]
    if _walled(part, later, (first, story[0])):
        return "a paywall stands in front of the page"
    return "" if _repeats(later, story) or not same_story(story[0], later) else (part, later)


_SHORT = 0.5  # of page 1's words: a later page as short may be a wall's teaser


def _walled(part: Page, later: Article, first: tuple[Page, Article]) -> bool:
    """Whether `part` (read as `later`) shows a wall instead of the story's page: it is
    much shorter than page 1 and shows in its text a wall page 1 does not (a meter's
    words, a subscription prompt a rule removed; not markup alone, which a site may
    carry on every page, and a story's last page is often short)."""
    page, article = first
    if len(later.text.split()) > _SHORT * len(article.text.split()):
        return False
    signs = wall_signs(part, later.text) - {"markup"}  # (page 1 read again only then)
    return bool(signs and signs - wall_signs(page, article.text))


_NEW = 0.1  # of a later page's words: in fewer new lines than this, it repeats the story


def _repeats(later: Article, story: Sequence[Article]) -> bool:
    """Whether `later` is the story's text again, as a site that ignores the page number
    serves it: its lines, as the fingerprint reads them (a per-request counter, "1,203
    people are reading this now", is noise), almost all the story's already."""
    known = {line for article in story for line in normalise_text(article.text)}
    lines = normalise_text(later.text)
    new = sum(len(line.split()) for line in lines if line not in known)
    return new <= _NEW * sum(len(line.split()) for line in lines)


def readable(article: Article, page: Page) -> bool:
    """Whether a later page gives the story text, as `ExtractorPool.article_or_reason`
    judges: some, and no notice (a soft 404, a wall) in its place."""
    notice = notice_in(article, page.url, page.final_url, at=page.fetched_at)
    return bool(article.text.strip()) and notice is None


async def reassemble(pool: Reads, first: Article, parts: Sequence[Page]) -> Article:
    """`first` joined again with its stored later pages, as `follow` joined them."""
    articles = [first]
    for part in parts:
        extracted = await pool.article_or_reason(part)
        if not isinstance(extracted, tuple) or not continues(articles, extracted[0], part):
            break
        articles.append(extracted[0])
    return join(articles)


def continues(story: Sequence[Article], later: Article, page: Page) -> bool:
    """Whether `later` (read from `page`) goes on with `story`'s pages, as `follow` joins
    them: readable, headed as the story, and no repeat of it (a page an older release
    joined by rules less strict is not joined again)."""
    return readable(later, page) and same_story(story[0], later) and not _repeats(later, story)


def same_story(first: Article, later: Article) -> bool:
    """Whether `later` is headed as `first` is, by its title or its headline: a story's
    pages repeat its headline ("… - Page 2"), another story has its own."""
    pairs = ((first.title, later.title), (first.headline, later.headline))
    known = [(one, other) for one, other in pairs if one and other]
    return not known or any(_alike(one, other) for one, other in known)


_SHARED = 0.5  # of the shorter headline's words: "Windows 10 …" and "Windows 11 …" share one


def _alike(one: str, other: str) -> bool:
    """Whether two headlines are one: the one holds the other ("Headline (2)",
    "Seite 2: Headline"), or they share most words."""
    keys = text_key(one), text_key(other)
    if keys[0] in keys[1] or keys[1] in keys[0]:
        return True
    words = [set(filter(None, map(text_key, h.split()))) for h in (one, other)]
    return len(words[0] & words[1]) >= _SHARED * min(map(len, words))


def join(pages: Sequence[Article]) -> Article:
    """The story's pages as one article: the first page's metadata, and every page's
    text and markdown in order (less a lead that a later page repeats)."""
    first = pages[0]
    if len(pages) == 1:
        return first
    return replace(
        first,
        text=_joined([p.text for p in pages]),
        markdown=_joined([p.markdown for p in pages]),
        next_page=pages[-1].next_page,
    )


def _joined(texts: list[str]) -> str:
    lead = texts[0].split("\n\n", 1)[0]
    rest = [t.split("\n\n", 1)[1] if t.startswith(lead + "\n\n") else t for t in texts[1:]]
    return "\n\n".join(t for t in (texts[0], *rest) if t)
