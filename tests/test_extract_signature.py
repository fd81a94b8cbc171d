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


def korean_wire(lead: str, *, author: str = "연합뉴스") -> str:
    """A Korean portal's copy of a wire story: the agency as author, the reporter's name
    bare in the info line and in the lead."""
    story = "".join(
        f"<p>금통위는 이날 회의를 열고 금리를 동결했다. 이로써 {n}회 연속 같은 수준이다.</p>"
        for n in range(2, 5)
    )
    return (
        f"<html lang='ko'><head><title>기준금리 동결</title>"
        f"<meta property='og:article:author' content='{author}'></head><body><main>"
        "<h3>기준금리 동결</h3><div class='info'><span>김민수</span> <span>입력 2024. 3. 12."
        f"</span></div><section><p>{lead} 한국은행은 12일 기준금리를 동결했다.</p>{story}"
        "</section></main></body></html>"
    )


@pytest.mark.parametrize(
    ("lead", "authors"),
    [
        ("(서울=연합뉴스) 김민수 기자 =", ["김민수"]),
        ("[서울=뉴시스]김민수·이영희 기자 =", ["김민수", "이영희"]),
        ("(워싱턴=연합뉴스) 박지훈 특파원 =", ["박지훈"]),
        ("(서울=연합뉴스) 기자들은 =", []),  # no name: a sentence
        ("김민수 기자는", []),  # a sentence about a reporter
    ],
)
def test_a_korean_wires_lead_names_its_reporter(lead: str, authors: list[str]) -> None:
    article = extract(korean_wire(lead), "https://v.daum.example/v/20240312140531123")
    assert article.authors == authors
    assert article.text.startswith(lead)  # the lead stays


def test_a_named_author_stays_beside_a_korean_lead() -> None:
    html = korean_wire("(서울=연합뉴스) 김민수 기자 =").replace(
        "</head>", "<meta name='author' content='이영희'></head>"
    )
    assert extract(html, "https://news.example.kr/a/1").authors == ["이영희"]
