"""A revisit cut off by a metered paywall is no version; a story its editors cut is one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from scraper.cutoff import cut_off
from scraper.models import Article, Page

_PARAS = [
    f"Paragraph {n} of the harbour story: the council met again on Tuesday evening and "
    "heard from residents, engineers and the port authority about the bridge's future."
    for n in range(1, 7)
]
_STORY = Article(title="Harbour bridge vote delayed", text="\n\n".join(_PARAS))
_URL = "https://n.example/a"


def _page(paragraphs: list[str], after: str = "") -> Page:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = f"<html><body><article><h1>Harbour bridge vote delayed</h1>{body}{after}</article>"
    return Page(_URL, _URL, 200, (), html.encode(), "T")


def _visit(paragraphs: list[str], after: str = "") -> tuple[Page, Article]:
    return _page(paragraphs, after), replace(_STORY, text="\n\n".join(paragraphs))


def _archived(after: str = "") -> Callable[[str], Page | None]:
    """`Archive.page_at` of an archive holding the whole story, under `after`."""
    return lambda url: _page(_PARAS, after) if url == _URL else None


@pytest.mark.parametrize(
    ("shown", "after"),
    [
        (_PARAS[:2], '<div class="paywall" id="piano-inline"><h3>Subscribe</h3></div>'),
        (_PARAS[:1], ""),  # with the prompt as a paragraph the rules leave
        ([_PARAS[0], _PARAS[1][:60] + "…"], '<div class="regwall">Log in to read on</div>'),
        # no wall in the markup: the rule that took its prompt out says so
        (_PARAS[:2], "<p>Subscribe to continue reading for £1 a week.</p>"),
    ],
)
def test_a_story_cut_off_by_a_paywall_is_no_version(shown: list[str], after: str) -> None:
    if not after:
        shown = [*shown, "You have reached your limit of free articles. Subscribe now."]
    page, fresh = _visit(shown, after)
    for archived in (_archived(), lambda url: None):
        notice = cut_off(_STORY, page, fresh, archived)
        assert notice is not None and not notice.gone
        assert notice.reason.startswith("a paywall cut the story off (")


def test_a_teaser_above_a_meter_is_no_version() -> None:
    teaser = ["The council has put off its vote on the harbour bridge until March.",
              "You have reached your limit of free articles."]  # fmt: skip
    page, fresh = _visit(teaser, '<div class="paywall"></div>')
    assert cut_off(_STORY, page, fresh) is not None
    # Markup alone says too little of a text that is not the story's opening.
    page, fresh = _visit(teaser[:1], '<div class="paywall"></div>')
    assert cut_off(_STORY, page, fresh) is None


@pytest.mark.parametrize(
    ("shown", "after"),
    [
        (_PARAS[:2], ""),  # cut by its editors: no paywall in sight
        (_PARAS, '<div class="paywall"></div>'),  # whole, under a hidden wall's markup
        (_PARAS[:5], '<div class="paywall"></div>'),  # a paragraph dropped: an edit
        (["A new first paragraph.", *_PARAS[1:2]], '<div class="paywall"></div>'),
    ],
)
def test_other_shorter_visits_are_no_paywall(shown: list[str], after: str) -> None:
    assert cut_off(_STORY, *_visit(shown, after)) is None
    assert cut_off(None, *_visit(shown, after)) is None


@pytest.mark.parametrize(
    "wall",
    [
        '<link rel="stylesheet" href="/wp-content/plugins/leaky-paywall/css/style.css">',
        "<p>Subscribe to continue reading for £1 a week.</p>",
    ],
)
def test_a_site_whose_every_page_shows_the_wall_still_gets_its_cuts_archived(wall: str) -> None:
    # The story's own page showed the same wall: it says nothing of this visit.
    page, fresh = _visit(_PARAS[:2], wall)
    assert cut_off(_STORY, page, fresh, _archived(wall)) is None
    assert cut_off(_STORY, page, fresh) is not None  # (its page unknown: a wall it is)
