"""Fingerprints ignore page noise but not edits; summaries say what changed."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraper.models import Article
from scraper.versions import (
    diff_articles,
    fingerprint,
    normalise_text,
    render_text,
    summarize_change,
)

BODY = """\
Updated 5 mins ago

The city council voted on Tuesday to close the old harbour bridge to cars.

"It's a decision we didn't take lightly," the mayor said – after a three-hour debate.

1,234 views

Work on the new bridge is expected to start next spring.
"""

ARTICLE = Article(
    url="https://news.example/bridge",
    title="Council closes harbour bridge",
    authors=["Jane Doe", "Max Mustermann"],
    modified="2024-01-16T10:05:00+00:00",
    image="https://cdn.example/bridge.jpg?w=1200&sig=abc",
    text=BODY,
)


def edit(old: str, new: str) -> Article:
    assert old in BODY, old
    return replace(ARTICLE, text=BODY.replace(old, new))


SAME = {
    "relative time": edit("Updated 5 mins ago", "Updated 2 hours ago"),
    "German timestamp": edit("Updated 5 mins ago", "Aktualisiert am 16.01.2024, 10:05 Uhr"),
    "timestamp removed": edit("Updated 5 mins ago\n", ""),
    "counter": edit("1,234 views", "12,345 views"),
    "counter became comments": edit("1,234 views", "12 comments"),
    "whitespace": edit("voted on Tuesday", "voted  on\u00a0Tuesday"),
    "line breaks": replace(ARTICLE, text=BODY.replace("\n\n", "\n")),
    "straight quotes": edit("\"It's a decision we didn't", "“It’s a decision we didn’t"),
    "dash": edit("said – after", "said — after"),
    "zero-width": edit("harbour", "har\u00adbour"),
    "promo line": edit("1,234 views", "Read more: Ferry prices rise again"),
    "modified date": replace(ARTICLE, modified="2024-01-17T08:00:00+00:00"),
    "image query string": replace(ARTICLE, image="https://cdn.example/bridge.jpg?w=800"),
    "author order and case": replace(ARTICLE, authors=["max mustermann", "Jane Doe"]),
    "title spacing": replace(ARTICLE, title=" Council  closes harbour bridge"),
}

DIFFERENT = {
    "a word": edit("next spring", "next summer"),
    "a number": edit("three-hour", "four-hour"),
    "a paragraph added": edit(
        "next spring.\n", "next spring.\n\nThe ferry will run every 20 minutes.\n"
    ),
    "a paragraph removed": edit("Work on the new bridge is expected to start next spring.\n", ""),
    "headline": replace(ARTICLE, title="Council closes harbour bridge for good"),
    "author added": replace(ARTICLE, authors=[*ARTICLE.authors, "Ann Other"]),
    "text pulled": replace(ARTICLE, text=""),
    "a sentence that mentions time": edit(
        "next spring.", "next spring.\n\nThe vote took 3 hours on Tuesday in the old town hall."
    ),
}


@pytest.mark.parametrize("changed", SAME.values(), ids=SAME.keys())
def test_noise_keeps_the_fingerprint(changed: Article) -> None:
    assert fingerprint(changed) == fingerprint(ARTICLE)


@pytest.mark.parametrize("changed", DIFFERENT.values(), ids=DIFFERENT.keys())
def test_edits_change_the_fingerprint(changed: Article) -> None:
    assert fingerprint(changed) != fingerprint(ARTICLE)


def test_fingerprint_is_a_stable_hex_digest() -> None:
    digest = fingerprint(ARTICLE)
    assert digest == fingerprint(replace(ARTICLE))
    assert len(digest) == 32
    int(digest, 16)
    assert fingerprint(Article()) != digest


@given(st.text(), st.sampled_from([" ", "  ", "\t", " \u00a0 "]))
def test_fingerprint_ignores_spacing_of_any_text(text: str, space: str) -> None:
    respaced = replace(ARTICLE, text=text.replace(" ", space) + "\n\n")
    assert fingerprint(respaced) == fingerprint(replace(ARTICLE, text=text))


NOISE_LINES = [
    "Updated 5 mins ago",
    "3 hours ago",
    "vor 5 Minuten",
    "il y a 3 heures",
    "hace 2 horas",
    "Aktualisiert am 16.01.2024, 10:05 Uhr",
    "Stand: 16.01.2024 10:05 Uhr",
    "Mis à jour le 16/01/2024 à 10h05",
    "Published January 16, 2024 10:05 AM ET",
    "Monday 16 January 2024 10.05 GMT",
    "2024-01-16T10:05:00Z",
    "Last updated: 10:05 GMT",
    "1,234 views",
    "12 comments",
    "Comments (12)",
    "Updated 16 Jan 2024 | 1.2K shares",
    "Updated 2 hours ago · 5 min read",
    "Read more: Ferry prices rise again",
    "Lesen Sie auch: Neue Fähre",
    # Counters and relative times as widgets and timeago libraries write them.
    "Viewed 2,011 times",
    "Shared 120 times",
    "👁 1,234",
    "💬 12",
    "Leave a comment (12)",
    "503 people are reading this now",
    "Read by 1,203 people",
    "Updated a few seconds ago",
    "Updated an hour ago",
    "Aggiornato 5 minuti fa",
    "Atualizado há 3 horas",
    "5 分钟前",
    "5분 전",
]
KEPT_LINES = [
    "The minister resigned.",
    "By Jane Doe",
    "3 - 1",
    "2024",
    "Rain is expected for 3 days in the north.",
    "He spoke for 40 minutes to reporters.",
    "Updated guidance for drivers",
    "The minister said 3 people died.",
    "1,200 people",  # a box of figures: an update to it is news
    "☎ 0800 123 456",
    "⚽ 2-1",
    "📈 +5.2%",
    "Are you ready for 2025?",
    "★ Editor's pick",
]


@pytest.mark.parametrize("line", NOISE_LINES)
def test_noise_lines_are_dropped(line: str) -> None:
    assert normalise_text(f"Before.\n{line}\nAfter.") == ["Before.", "After."]


@pytest.mark.parametrize("line", KEPT_LINES)
def test_substantive_lines_are_kept(line: str) -> None:
    assert normalise_text(f"Before.\n{line}\nAfter.") == ["Before.", line, "After."]


def test_long_lines_are_never_noise() -> None:
    line = "Updated " + " ".join(["5 minutes ago"] * 20)
    assert normalise_text(line) == [line]


SUMMARIES = [
    (None, ARTICLE, "first version"),
    (ARTICLE, SAME["relative time"], "no substantive change"),
    (ARTICLE, DIFFERENT["a word"], "text: +1/−1 words"),
    (ARTICLE, DIFFERENT["a paragraph added"], "text: +7/−0 words"),
    (ARTICLE, DIFFERENT["headline"], "title changed; +2/−0 words"),
    (
        ARTICLE,
        replace(DIFFERENT["a word"], title="Council shuts harbour bridge"),
        "title changed; +2/−2 words",
    ),
    (ARTICLE, DIFFERENT["author added"], "metadata changed (authors)"),
    (
        ARTICLE,
        DIFFERENT["text pulled"],
        "text removed (−40 words)",
    ),  # (its counter line not counted)
    (
        ARTICLE,
        replace(DIFFERENT["a word"], tags=["transport"], section="Local"),
        "text: +1/−1 words; metadata changed (section, tags)",
    ),
    (ARTICLE, SAME["image query string"], "no substantive change"),
    # Another size of the picture is the picture; another month's upload is another one.
    *(
        (
            replace(ARTICLE, image=f"https://n.example/{a}"),
            replace(ARTICLE, image=f"https://n.example/{b}"),
            same,
        )
        for a, b, same in [
            (
                "up/2024/03/fire-1024x683.jpg",
                "up/2024/03/fire-768x512.jpg",
                "no substantive change",
            ),
            ("news/976/cps/fire.jpg", "news/1024/cps/fire.jpg", "no substantive change"),
            ("up/2024/03/fire.jpg", "up/2024/04/fire.jpg", "metadata changed (image)"),
        ]
    ),
]


# The headline readers see, when it is not the title: its rewrite is an edit; the title's
# own rewrite is said once; one not recorded (archives older than the field) is no edit.
_SEO = replace(ARTICLE, headline="Harbour bridge to close to cars")
SUMMARIES += [
    (_SEO, replace(_SEO, headline="Old harbour bridge shut to cars"), "headline changed"),
    (
        replace(ARTICLE, headline=ARTICLE.title),
        replace(ARTICLE, title="Bridge closed", headline="Bridge closed"),
        "title changed; +2/−4 words",
    ),
    (ARTICLE, _SEO, "no substantive change"),
    # What a live page's <h1> counts or times changes on every request (today2a QA F08)
    *(
        (replace(_SEO, headline=f"Bridge shut {a}"), replace(_SEO, headline=f"Bridge shut {b}"),
         "no substantive change")
        for a, b in [
            ("1,203 people reading now", "2,410 people reading now"),
            ("Updated 5 minutes ago", "Updated 12 minutes ago"),
            ("· 12,345 views", "· 12,901 views"),
        ]
    ),
    (replace(_SEO, headline="Vote moved to 5 May"), replace(_SEO, headline="Vote moved to 9 May"),
     "headline changed"),
]  # fmt: skip


def test_a_headline_counts_only_when_it_is_not_the_title() -> None:
    assert fingerprint(replace(ARTICLE, headline=ARTICLE.title)) == fingerprint(ARTICLE)
    assert fingerprint(_SEO) != fingerprint(ARTICLE)
    assert fingerprint(replace(_SEO, headline=_SEO.headline + " ")) == fingerprint(_SEO)


@pytest.mark.parametrize(("old", "new", "expected"), SUMMARIES)
def test_summaries(old: Article | None, new: Article, expected: str) -> None:
    assert summarize_change(old, new) == expected


def test_noise_is_neither_counted_nor_shown_beside_a_real_edit() -> None:
    # A counter the fingerprint ignores must not inflate the edit it comes with.
    old = replace(ARTICLE, text="16,455 views · 231 comments\n\nThey waited twenty minutes.")
    new = replace(ARTICLE, text="18,255 views · 245 comments\n\nThey waited twenty-five minutes.")
    assert summarize_change(old, new) == "text: +1/−1 words"
    d = diff_articles(old, new, from_version=1, to_version=2, from_seen_at="", to_seen_at="")
    assert "views" not in render_text(d) and (d.added_words, d.removed_words) == (1, 1)


def test_a_diff_shows_no_headline_change_that_is_only_a_counter() -> None:
    old = replace(_SEO, headline="Bridge shut 1,203 people reading now", text="A.")
    new = replace(_SEO, headline="Bridge shut 2,410 people reading now", text="B.")
    shown = diff_articles(old, new, from_version=1, to_version=2, from_seen_at="", to_seen_at="")
    assert "headline" not in [field for field, *_ in shown.metadata]
