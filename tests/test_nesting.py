"""Deep nesting is flattened before parsing, keeping every word of text."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from scraper.extract.nesting import MAX_DEPTH, SAFE_TAG_COUNT, flatten_deep_nesting


def test_ordinary_pages_are_returned_unchanged() -> None:
    page = "<html><body>" + "<div><p>text <br> more</p></div>" * 100 + "</body></html>"
    assert flatten_deep_nesting(page) is page


def test_deep_nesting_is_cut_at_max_depth_and_text_is_kept() -> None:
    depth = SAFE_TAG_COUNT * 2
    page = "<div>" * depth + "deep text" + "</div>" * depth
    flat = flatten_deep_nesting(page)
    assert flat.count("<div>") == MAX_DEPTH
    assert flat.count("</div>") == MAX_DEPTH
    assert "deep text" in flat


def test_unclosed_deep_nesting_keeps_text_and_void_tags() -> None:
    page = "<span>z<br>" * (SAFE_TAG_COUNT + 10)
    flat = flatten_deep_nesting(page)
    assert flat.count("<span>") == MAX_DEPTH
    assert flat.count("<br>") == SAFE_TAG_COUNT + 10
    assert flat.count("z") == SAFE_TAG_COUNT + 10


def test_wide_but_shallow_big_pages_are_kept_whole() -> None:
    page = "<div><p>x</p><ul><li>a<li>b</ul><p>y</div>" * (SAFE_TAG_COUNT // 4)
    assert flatten_deep_nesting(page) is page  # (the same object: its bytes are parsed)


def _depth_of_marker(page: str) -> int:
    """How many elements hold `<p id="m">` once Lexbor has parsed the flattened page (a
    paragraph keeps its tag at any depth)."""
    node = LexborHTMLParser(flatten_deep_nesting(page)).css_first("#m")
    assert node is not None
    depth = 0
    while node.parent is not None:
        node, depth = node.parent, depth + 1
    return depth


@pytest.mark.parametrize(
    "unit",
    [
        "<div></span>",  # an end tag the parser ignores (no <span> is open) after each
        "<div><table></div></table>",  # </div> cannot close past the table: ignored too
        "<section><p></section></p><div>",  # closes that close nothing, and more
        "<span><div></span>",  # </span> does not close past the <div>: ignored
        "<b><div></b>",  # nor </b> (the adoption agency leaves the <div> open)
        "<p><div>",  # each <div> closes the <p> and nests in the one before
        "<li><section>",  # a new <li> does not close the one outside the <section>
    ],
)
def test_end_tags_the_parser_ignores_do_not_hide_deep_nesting(unit: str) -> None:
    count = SAFE_TAG_COUNT // 2
    page = "<body>" + unit * count + '<p id="m">deep</p>' + "</body>"
    assert _depth_of_marker(page) <= MAX_DEPTH + 8


def test_paragraphs_left_open_do_not_make_a_page_deep() -> None:
    # Each <p> closes the one before it: the divs after them keep their tags.
    page = "<body>" + "<p>para" * SAFE_TAG_COUNT + "<div><div>" * 100 + '<p id="m">x</p></body>'
    assert flatten_deep_nesting(page) == page
