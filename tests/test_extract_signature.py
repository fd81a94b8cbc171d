"""A story signed at its end: the name on the right of its last line is its author."""

from __future__ import annotations

import pytest
from prose import paragraphs  # tests/ is on sys.path (no __init__.py)

from scraper import extract

SIGNED = "<p style='text-align: right;'><strong>Lê Phương</strong></p>"


def page(last: str, *, author: str = "", site: str = "Tin Nhanh") -> str:
    byline = f"<meta name='author' content='{author}'>" if author else ""
    return (
        f"<html><head><title>Cảnh báo ung thư | {site}</title>"
        f"<meta property='og:site_name' content='{site}'>{byline}</head>"
        f"<body><article><h1>Cảnh báo ung thư</h1>{paragraphs('Đoạn', 4)}{last}</article>"
        "<footer><p>Liên hệ quảng cáo</p></footer></body></html>"
    )


def test_the_signature_is_the_author_when_the_metadata_names_only_the_publication() -> None:
    article = extract(page(SIGNED, author="Tin Nhanh"), explain=True)
    assert article.authors == ["Lê Phương"]
    assert article.text.endswith("prose.") and "Lê Phương" not in article.text
    assert ("signature", "Lê Phương") in {(r.rule, r.text) for r in article.removed}


def test_a_named_author_stays_and_the_signature_leaves_the_text() -> None:
    article = extract(page(SIGNED, author="Jane Roe"))
    assert article.authors == ["Jane Roe"]
    assert "Lê Phương" not in article.text


@pytest.mark.parametrize(
    "last",
    [
        "<p><strong>Lê Phương</strong></p>",  # not set apart: a line of the story
        "<p style='text-align:right'>Thanks for reading.</p>",  # a sentence
        "<p align='right'>Related Stories Today Online Now</p>",  # five words
        "<h3 style='text-align:right'>Related Stories</h3>",  # a heading
        "<p style='text-align:right'><a href='/people/lp'>Lê Phương</a></p>",  # a link
        "<p style='margin-right: 2em'>Lê Phương</p>",  # a margin, not the text's alignment
    ],
)
def test_other_last_lines_are_no_signature(last: str) -> None:
    article = extract(page(last))
    assert "Lê Phương" not in article.authors


def test_a_line_alone_signs_nothing() -> None:
    html = f"<html><body><div><p>Short notice of the board.</p>{SIGNED}</div></body></html>"
    assert extract(html).authors == []


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        ("<p>（鈴木花子）</p>", ["鈴木花子"]),  # a Japanese sign-off, wherever it is set
        ("<p>（中新社）</p>", []),  # an agency's, not a person's
    ],
)
def test_a_name_in_parentheses_signs_the_story(last: str, expected: list[str]) -> None:
    article = extract(page(last))
    assert article.authors == expected
    assert "鈴木花子" not in article.text
