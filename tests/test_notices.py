"""Walls and notices in an article's place (`scraper.notices`), told from stories."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from scraper.archive import open_archive
from scraper.models import Article, Page
from scraper.notices import front_it_sent, notice_in

STORY = "https://news.example/news/2024/03/01/harbour-plan-approved-by-council"
COOKIE_PROSE = (
    "We and our partners use cookies to show you personalised advertising. With your"
    " consent we may use tracking; some partners rely on legitimate interest. Accept all"
    " or Reject all, or change your choice in the privacy settings."
)


def page_of(title: str, text: str, **fields: object) -> Article:
    return Article(url=STORY, title=title, text=text, markdown=text, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("article", "reason", "gone"),
    [
        (page_of("Page not found", "The page may have been moved."), "soft 404", True),
        (page_of("Seite nicht gefunden", "Bitte prüfen Sie die Adresse."), "soft 404", True),
        (page_of("Error 404", "Sorry."), "soft 404", True),
        (
            page_of("Article removed", "This article has been removed for legal reasons."),
            "removed",
            True,
        ),
        (page_of("Hinweis", "Dieser Artikel ist nicht mehr verfügbar."), "removed", True),
        (page_of("Before you continue", COOKIE_PROSE), "consent wall", False),
        (
            page_of("Limit", "You have reached your limit of 5 free articles this month."),
            "subscription wall",
            False,
        ),
        (
            page_of("Politics", "One teaser.", canonical_url="https://news.example/politics"),
            "front page",
            True,
        ),
        (page_of("Home", "A teaser.", canonical_url="https://www.news.example/"), "front", True),
        # A CDN's or server's error page while the origin is down: tried again.
        (page_of("Error 503 Service Unavailable", "Guru Meditation: XID: 1"), "error", False),
        (page_of("news.example | 502: Bad gateway", "Try again."), "error page", False),
        (page_of("Service Unavailable - Zero size object", "Reference #1"), "error", False),
        (page_of("", "504 Gateway Time-out\n\nnginx"), "error page", False),
    ],
)
def test_a_notice_is_named(article: Article, reason: str, gone: bool) -> None:
    found = notice_in(article, STORY)
    assert found is not None and reason in found.reason and found.gone is gone


@pytest.mark.parametrize(
    "article",
    [
        # Stories about these things, or in the same words, stay stories.
        page_of("Page not found", "The page may have moved.", published="2024-03-01T09:00:00Z"),
        page_of("Cookie law", COOKIE_PROSE, authors=["Ana Ruiz"]),
        page_of("Council deletes post", "The post has been removed. " + "Word " * 200),
        page_of("Cookies, consent and partners", COOKIE_PROSE + " More words." * 120),
        page_of("Harbour plan", "The plan.", canonical_url=STORY + "?amp=1"),
        page_of("Harbour plan", "The plan.", canonical_url="https://news.example/harbour-plan"),
        page_of("Harbour plan", "The plan.", canonical_url="https://other.example/"),
        page_of("Harbour plan", "The plan.", canonical_url="https://news.example/?p=4101"),
        page_of("Harbour plan", "The council approved the plan on Tuesday."),
        # Undated, unsigned briefs (a desk's) whose words a notice also uses, in a sentence
        # or a headline of their own.
        page_of("Oops! Council sends 4,000 residents the wrong tax bill", "Bills went out."),
        page_of("Error 503: what readers saw when the CDN failed", "'Guru Meditation'."),
        page_of("Bad gateway - how a router bug took down the ferry site", "It is back."),
        page_of("500 jobs cut at harbour", "The port said."),
        page_of("404 errors hit NHS app as thousands try to book jabs", "It was fixed."),
        page_of("Page not found: the lost archive of the Riverside Gazette", "Pages are back."),
        page_of("Last bank branch closes", "Cash withdrawals are no longer available here."),
        page_of(
            "Council deletes post",
            "Visitors found only a message: 'This article has been removed.' It was online"
            " for a week.",
        ),
        page_of("TV advert withdrawn", "The video was removed from the brand's channel."),
        page_of("Card declined?", "If you have reached your credit limit, call your bank."),
        page_of(
            "EU tightens cookie consent rules",
            "Websites will have to offer a 'Reject all' button as prominent as 'Accept all'"
            " under new EU guidance on cookie consent. Regulators said partners relying on"
            " legitimate interest for tracking and personalised advertising must stop by June."
            " The privacy policy of every site must list its partners.",
        ),
        page_of(
            "Harbour plan approved",
            "The council approved the harbour plan on Tuesday by eight votes to three. " * 20,
            canonical_url="https://news.example/news",
        ),
    ],
)
def test_a_story_is_no_notice(article: Article) -> None:
    assert notice_in(article, STORY) is None


@pytest.mark.parametrize(
    ("final", "front"),
    [
        ("https://news.example/", True),
        ("https://news.example/local", False),  # (judged by the page there: `notice_in`)
        ("https://news.example/tag/harbour", True),
        ("https://news.example/?p=4101", False),  # WordPress's address of a post
        ("https://news.example/news/2024/03/01/harbour-plan-approved", False),  # a new slug
        ("https://news.example/harbour-plan", False),
        ("https://elsewhere.example/", False),
        (STORY, False),
    ],
)
def test_a_redirect_to_a_front_page_is_told(final: str, front: bool) -> None:
    page = Page(STORY, final, 200, (), b"<html></html>", "2024-03-02T00:00:00+00:00")
    assert (front_it_sent(STORY, page) == final) is front


def test_a_one_word_address_is_a_front_only_when_its_page_is_no_story() -> None:
    landed = "https://news.example/local"
    section = page_of("Local", "One teaser of the section.")
    assert notice_in(section, STORY, landed) is not None
    # WordPress's permalinks changed: the story at its new one-word address is the story.
    moved = page_of("Budget", "The budget was approved.", published="2024-03-06")
    assert notice_in(moved, STORY, "https://news.example/budget/") is None


def test_a_date_the_address_alone_gives_does_not_make_a_notice_a_story() -> None:
    # The extractor dates an undated page by its address, as a last resort: a notice at
    # a dated address has that date, and is a notice still.
    dated = "https://news.example/2026/11/28/harbour-plan"
    notice = page_of("Page not found", "Check the address.", published="2026-11-28")
    found = notice_in(notice, dated)
    assert found is not None and "not found" in found.reason
    assert notice_in(replace(notice, published="2026-11-27T09:00:00+00:00"), dated) is None


@pytest.mark.parametrize(
    ("asked", "landed"),
    [
        ("https://news.example/2026/11/28/budget/", "https://news.example/budget/"),
        ("https://news.example/2026/11/28/budget-2026-explained", "https://news.example/budget/"),
        ("https://news.example/?p=4812", "https://news.example/budget/"),
    ],
)
def test_a_brief_moved_to_a_one_word_address_is_the_story(asked: str, landed: str) -> None:
    # A permalink change (or a shortlink) leads to the story's own one-word address; its
    # canonical is that address. An undated, unsigned brief there is still the story.
    brief = page_of("Budget", "The council approved the budget on Monday.", canonical_url=landed)
    assert notice_in(brief, asked, landed) is None


# A theme's 404 template served with 200 (while a site moves, say): its top bar prints the
# day's date, which the extractor takes as the page's.
OOPS = page_of(
    "Page not found",
    "It looks like nothing was found at this location. Maybe try a search?",
    headline="Oops! That page can’t be found.",
    published="2027-01-06",
)


@pytest.mark.parametrize("at", ["2027-01-06T14:02:00+00:00", "2027-01-07T01:30:00+00:00"])
def test_the_day_a_notice_was_fetched_is_no_date_of_its_own(at: str) -> None:
    found = notice_in(OOPS, STORY, at=at)
    assert found is not None and "not found" in found.reason
    untitled = replace(OOPS, title=None)  # (the <h1> alone is its heading too)
    assert notice_in(untitled, STORY, at=at) is not None


def test_a_date_other_than_the_fetch_day_keeps_a_page_a_story() -> None:
    assert notice_in(OOPS, STORY, at="2027-01-09T14:02:00+00:00") is None
    assert notice_in(OOPS, STORY) is None  # (when it was fetched is not known)
    # A brief of the day in a notice's words, but in a headline of its own, stays a story.
    brief = replace(OOPS, title="Oops! Council page can't be found after website revamp")
    assert notice_in(replace(brief, headline=None), STORY, at="2027-01-06T09:00:00Z") is None
    signed = replace(OOPS, authors=["Ana Ruiz"])
    assert notice_in(signed, STORY, at="2027-01-06T09:00:00Z") is None


def test_a_section_front_with_a_long_lead_teaser_is_a_front() -> None:
    lead = "The harbour authority said container traffic had doubled this year. " * 12
    front = page_of("Business", lead, canonical_url="https://news.example/business")
    found = notice_in(front, STORY)
    assert found is not None and "front page" in found.reason
    home = page_of(
        "The Gazette", lead, site_name="The Gazette", canonical_url="https://news.example/"
    )
    assert notice_in(home, STORY) is not None
    # A story of its own headline whose canonical a template bug points at its section stays.
    assert notice_in(replace(front, title="Port profits soar"), STORY) is None
    assert notice_in(replace(front, published="2024-03-01T09:00:00Z"), STORY) is None


def test_a_notice_archived_at_a_story_s_new_address_is_never_folded_into_it(
    tmp_path: Path,
) -> None:
    # Archived before notices were told apart: a 404 template at the story's new address.
    # The old address's revisit, redirected there, finds the story: no fold, no version.
    old, new = STORY, STORY.replace("news.example", "www.news.example")
    story = page_of("Harbour plan approved", "The council approved the plan. " * 40)
    with open_archive(tmp_path / "archive.db") as archive:
        run = archive.start_run("2027-01-04T08:00:00+00:00")
        first = archive.save_page(run, _page(old, "2027-01-04"), story, next_visit_at=None)
        archive.save_page(run, _page(new, "2027-01-06"), replace(OOPS, url=new), next_visit_at=None)
        again = archive.save_page(run, _page(old, "2027-01-07", new), story, next_visit_at=None)
        assert again.article_id == first.article_id and not again.new_version
        assert [v.article.title for v in archive.versions(first.article_id)] == [story.title]


def _page(url: str, day: str, final: str | None = None) -> Page:
    return Page(url, final or url, 200, (), b"<html></html>", f"{day}T08:00:00+00:00")
