"""Deep nesting is flattened before parsing, keeping every word of text."""

from __future__ import annotations

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
    page = "<p>x</p>" * (SAFE_TAG_COUNT + 1)
    assert flatten_deep_nesting(page) == page
