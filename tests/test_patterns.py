"""What `patterns.required_words` reads from patterns outside ASCII, how telling a set
of words is, and which patterns match only at the text's start. (The ASCII cases and the
searches are in test_classnames.py.)"""

from __future__ import annotations

import re

import pytest

from scraper.extract.patterns import anchored, required_words, telling_size


@pytest.mark.parametrize(
    ("pattern", "ignore_case", "words"),
    [
        # Characters without case are themselves either way.
        ("会員限定|続きを", True, {"会員限定", "続きを"}),
        ("©\\s*\\d{4}|저작권자", True, {"©", "저작권자"}),
        # Ignoring case, "s" also matches "ſ" and Cyrillic "в" matches "ᲀ", which stay
        # themselves in lower-cased text: only the ASCII part of a word is sure.
        ("подписка", True, None),
        ("news", True, {"news"}),
        # A lower-case pattern matched with case in lower-cased text: every character is.
        ("подписка|рассылка", False, {"подписка", "рассылка"}),
        ("kļūda rakstā", False, {"kļūda rakstā"}),
    ],
)
def test_required_words_outside_ascii(
    pattern: str, ignore_case: bool, words: set[str] | None
) -> None:
    found = required_words(pattern, ignore_case=ignore_case)
    assert (set(found) if found is not None else None) == words


def test_telling_size_counts_bytes() -> None:
    assert telling_size(["abo", "kiosk"]) == 3
    assert telling_size(["会員"]) == 6  # two CJK characters are rarer than "abo"
    assert telling_size([]) == 0


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("^read more", True),
        ("^\\W*(?:read|see)\\s*:|^\\W*related\\s*:", True),  # every alternative
        ("(?:^a|^b)c", True),
        ("\\Aabc", True),
        ("^a|b", False),  # "b" anywhere
        ("a^", False),
        ("(?:^)?a", False),
        ("(?=x)^x", False),  # (only the simple openings are read: never a wrong yes)
        ("(?m)^a", False),  # a line's start, not the text's
        ("(?m:^a)", False),
    ],
)
def test_anchored_is_whether_every_match_starts_at_the_start(pattern: str, expected: bool) -> None:
    assert anchored(re.compile(pattern)) is expected
    if expected:  # then a match at the start finds what a search finds
        for text in ["read more", "x read more", "bc", "abc", "\nabc"]:
            assert (re.match(pattern, text) is None) == (re.search(pattern, text) is None)
