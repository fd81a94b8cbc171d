"""A revisit that shows an archived story cut short by a paywall: a metered wall closed for
the crawler this time shows the story's opening, or a teaser, above its subscription
prompt. Archived, it would be a version "−300 words" and, at the next visit, a fake
restore "+300 words".

`cut_off` judges it from the two readings and the two pages (pure, as `notices`). It
needs a large loss of text *and* a wall that the archived story's own page did not show:
a site whose every page carries paywall markup or a subscription line, and an editor
who really cut a story, still make a version.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .extract import extract
from .models import Article, Page
from .notices import METER, Notice
from .versions import normalise_text

__all__ = ["WALL_RULES", "cut_off", "wall_signs"]

# The rules that take a subscription prompt out of a story's text.
WALL_RULES = frozenset(
    ("paywall-box", "paywall-prompt", "subscription-offer", "subscriber-notice", "subscribe-pitch")
)
_MARKUP = re.compile(rb"(?:pay|reg)[-_]?wall|piano-inline|tp-container", re.IGNORECASE)
_CUT_SHARE, _CUT_WORDS = 0.6, 50  # at most this share of the story shown, this many lost
_PROMPT_LINES = 3  # lines of a prompt the rules left below the opening


def cut_off(
    stored: Article | None,
    page: Page,
    fresh: Article,
    page_at: Callable[[str], Page | None] = lambda url: None,
) -> Notice | None:
    """A visit to the archived story `stored` that shows it cut off by a paywall (`page`,
    read as `fresh`): not a version of the story, a visit to try again. `page_at` reads
    the story's archived page at its address (`Archive.page_at`), only for a visit much
    shorter.

    The visit's text is the story's opening (its last line perhaps cut mid-way, a prompt
    the rules left below it), or another, short text (a teaser); the page shows a wall
    the story's page did not. A teaser needs a wall in the text (a meter's words, a
    prompt a rule removed): markup alone says too little of a page that is not the story.
    """
    if stored is None or not _much_shorter(fresh.text, stored.text):
        return None
    archived = page_at(page.url)
    walls = wall_signs(page, fresh.text) - wall_signs(archived, stored.text)
    if not (walls if _is_opening(fresh.text, stored.text) else walls - {"markup"}):
        return None
    shown, whole = len(fresh.text.split()), len(stored.text.split())
    return Notice(f"a paywall cut the story off ({shown} of its {whole} words shown)", False)


def _much_shorter(text: str, story: str) -> bool:
    shown, whole = len(text.split()), len(story.split())
    return shown <= _CUT_SHARE * whole and whole - shown >= _CUT_WORDS


def wall_signs(page: Page | None, text: str) -> frozenset[str]:
    """The signs of a wall that `page` (read as `text`) shows: its markup's ("markup"),
    a meter's words ("meter"), the rules that removed a subscription prompt."""
    if page is None:
        return frozenset()
    signs = {"markup"} if _MARKUP.search(page.body) else set()
    if METER.search(text):
        signs.add("meter")
    read = extract(page.body, page.final_url, content_type=page.content_type, explain=True)
    signs.update(WALL_RULES.intersection(removal.rule for removal in read.removed))
    return frozenset(signs)


def _is_opening(text: str, story: str) -> bool:
    """Whether `text` is the opening of `story`: its lines the story's first, the last of
    them perhaps cut mid-way, then at most a few lines of a prompt."""
    shown, whole = normalise_text(text), normalise_text(story)
    count = 0
    for line, original in zip(shown, whole, strict=False):
        if line != original:
            cut = line.rstrip(" .…")
            count += len(cut) > 20 and original.startswith(cut)
            break
        count += 1
    return 0 < count < len(whole) and len(shown) - count <= _PROMPT_LINES
