"""`extract` never crashes and never hangs: whatever the input, it returns an `Article`
or raises `ExtractionError`. Generated HTML, mutated fixture pages, hostile shapes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scraper.errors import ExtractionError
from scraper.extract import SiteRules, extract
from scraper.models import Article

PAGES = Path(__file__).parent / "pages"
FIXTURES = [p.read_bytes() for p in sorted(PAGES.glob("*.html"))]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TAGS = [
    "div",
    "p",
    "span",
    "a",
    "h1",
    "h2",
    "li",
    "ul",
    "ol",
    "table",
    "tr",
    "td",
    "article",
    "main",
    "nav",
    "aside",
    "footer",
    "header",
    "figure",
    "figcaption",
    "blockquote",
    "pre",
    "br",
    "img",
    "script",
    "style",
    "form",
    "b",
    "section",
    "noscript",
    "template",
]
CLASSES = [
    "",
    "share",
    "comments-open",
    "related",
    "sidebar-grid",
    "hidden",
    "article-body",
    "ad",
    "caption",
    "post tag-news",
    "newsletter",
    "nav",
]
TEXTS = st.sampled_from(
    [
        "By Jace Dela Cruz",
        "Jan 16, 2024 05:06 AM EST",
        "READ MORE: Something happens",
        "© 2024 VCPOST, All rights reserved.",
        "Join the Conversation",
        "SKOREA-NKOREA-SATELLITE",
        "A sentence of article prose that is long enough to count as a paragraph of text.",
    ]
) | st.text(max_size=80)


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, cls, attrs, inner: f'<{tag} class="{cls}"{attrs}>{"".join(inner)}</{tag}>',
        st.sampled_from(TAGS),
        st.sampled_from(CLASSES),
        st.sampled_from(
            [
                "",
                ' href="/x"',
                " hidden",
                ' style="display:none"',
                ' role="main"',
                ' itemprop="articleBody"',
                ' href="javascript:x"',
                " <broken",
            ]
        ),
        st.lists(children, max_size=5),
    )


HTML = st.recursive(TEXTS, _element, max_leaves=60)


def check(html: str | bytes, url: str | None = None) -> None:
    try:
        article = extract(html, url, explain=True)
    except ExtractionError:
        return
    assert article == extract(html, url), "explain changed the result"
    assert isinstance(article, Article)
    assert isinstance(article.text, str) and isinstance(article.markdown, str)
    if article.text:
        assert article.markdown


@FUZZ
@given(st.lists(HTML, max_size=6))
def test_generated_html(parts: list[str]) -> None:
    check("<html><body>" + "".join(parts) + "</body></html>")


@FUZZ
@given(st.text())
def test_any_text(text: str) -> None:
    check(text)


@FUZZ
@given(st.binary())
def test_any_bytes(data: bytes) -> None:
    check(data, "https://example.com/a")


@FUZZ
@given(st.sampled_from(FIXTURES), st.data())
def test_mutated_fixture_pages(page: bytes, data: st.DataObject) -> None:
    for _ in range(data.draw(st.integers(1, 8))):
        start = data.draw(st.integers(0, len(page)))
        end = data.draw(st.integers(start, min(len(page), start + 400)))
        action = data.draw(st.sampled_from(["delete", "duplicate", "insert"]))
        if action == "delete":
            page = page[:start] + page[end:]
        elif action == "duplicate":
            page = page[:end] + page[start:end] + page[end:]
        else:
            page = page[:start] + data.draw(st.binary(max_size=40)) + page[start:]
    check(page, "https://www.vcpost.com/articles/x.htm")


# Selectors a site rule may hold, the document's own elements among them: a rule can
# name the root, the body, the head, everything, or nothing there is.
SELECTORS = st.sampled_from(
    ["html", ":root", "body", "head", "*", "body > *", "div", "p", "a", "h1", "title",
     "script", "div p", "div:has(p)", "p:last-child", ".a", "#b", "template", "svg"]
)  # fmt: skip


RULE_KEYS = dict.fromkeys(("title", "authors", "tags", "body"), SELECTORS)


@FUZZ
@given(
    st.sampled_from(FIXTURES),
    st.fixed_dictionaries({}, optional=RULE_KEYS),
    st.lists(SELECTORS, max_size=4),
)
def test_any_site_rule_on_any_page(page: bytes, picks: dict[str, str], drop: list[str]) -> None:
    # A rule changes what is read, never whether a page can be read.
    said = [f'{key} = "{selector}"' for key, selector in picks.items()]
    drops = ", ".join(f'"{selector}"' for selector in drop)
    rules = SiteRules.parse("\n".join(["[[site]]", 'hosts = ["example.com"]', *said,
                                       f"drop = [{drops}]"]))  # fmt: skip
    article = extract(page, "https://example.com/a", sites=rules, explain=True)
    assert article == extract(page, "https://example.com/a", sites=rules)
    assert isinstance(article.text, str) and isinstance(article.title, str | None)


@pytest.mark.parametrize(
    "html",
    [
        "",
        b"",
        "\x00\x01\x02\x1b\x7f" * 1000,
        "<p>" + "\x00text\x0b\x0c with controls\ud800 " * 50 + "</p>",
        b"\xff\xfe\x00<\x00p\x00>",
        "<" * 100_000,
        "<a href='" + "x" * 100_000,
        "<p>" + "word " * 200_000 + "</p>",
        "<table>" + "<tr><td>cell</td>" * 20_000 + "</table>",
        "<ul>" + "<li>item" * 20_000,
        "<br>" * 100_000,
        # JSON-LD nested deeper than the JSON parser's stack, plain and after junk.
        '<script type="application/ld+json">' + "[" * 5_000 + "]" * 5_000 + "</script>",
        '<script type="application/ld+json">x' + '{"a":' * 5_000 + "1" + "}" * 5_000,
        # Nested just within it: names in lists of lists.
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": '
        + "[" * 900
        + '"Jane Roe"'
        + "]" * 900
        + "}</script>",
    ],
    ids=[
        "empty-str",
        "empty-bytes",
        "controls",
        "controls-in-text",
        "utf16-bom",
        "open-angles",
        "unclosed-attribute",
        "one-huge-paragraph",
        "wide-table",
        "unclosed-items",
        "brs",
        "deep-json-ld",
        "deep-json-ld-after-junk",
        "deep-json-ld-names",
    ],
)
@pytest.mark.timeout(60)
def test_hostile_shapes(html: str | bytes) -> None:
    check(html)


@pytest.mark.parametrize("value", [None, 42, ["<p>x</p>"], object()])
def test_not_a_document_is_an_extraction_error(value: object) -> None:
    with pytest.raises(ExtractionError):
        extract(value)  # type: ignore[arg-type]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("encode", [False, True])  # bytes: decoding counts the tags
def test_100_000_nested_divs(encode: bool) -> None:
    page = "<div>" * 100_000 + "<p>deep text of an article, far down the tree.</p>"
    article = extract(page.encode() if encode else page)
    assert article.text == "deep text of an article, far down the tree."


@pytest.mark.timeout(240)
def test_50_megabytes_of_distinct_paragraphs() -> None:
    sentence = "A sentence of article prose, repeated to fill the page. " * 8
    count = 50_000_000 // (len(sentence) + 20)
    html = "".join(f"<p>{n}: {sentence}</p>" for n in range(count))
    article = extract(f"<html><body><article>{html}</article></body></html>")
    assert article.text.count("\n\n") == count - 1
