"""The class-name matcher gives what one search with all rules' patterns gives."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraper.extract import patterns
from scraper.extract.classnames import ClassMatcher
from scraper.extract.patterns import required_words
from scraper.extract.rules import default_rules


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        ("comment(?!ary)", {"comment"}),
        ("Newsletter", {"newsletter"}),  # compared with the lower-cased name
        ("x+y", {"x"}),
        # A run of parts with a few known spellings is one word, in every spelling.
        ("share|sharing|social", {"share", "sharing", "social"}),
        ("site-?header", {"siteheader", "site-header"}),
        ("^tags?$", {"tag", "tags"}),
        # No word every match holds:
        ("[a-z]+", None),
        ("share|[0-9]", None),
        ("(?:share)?", None),
    ],
)
def test_required_words(pattern: str, words: set[str] | None) -> None:
    found = required_words(pattern)
    assert (set(found) if found is not None else None) == words


@pytest.mark.parametrize(
    ("pattern", "matching"),
    [
        # Python's parser factors common prefixes out ("s" of "share|social"): the words
        # are then shorter, but every match still holds one.
        ("share|sharing|social", ["share", "sharing", "social", "x-social-y"]),
        ("(?:^|[-_])(?:ad|ads|adv)(?:$|[-_])", ["ad", "top-ads", "adv_1"]),
        ("(?:toc|table-?of-?contents)", ["toc", "table-of-contents", "tableofcontents"]),
        ("(?:^|[-_])(?:site-?header|masthead)(?:$|[-_])", ["site-header", "x_masthead-y"]),
    ],
)
def test_every_match_holds_a_required_word(pattern: str, matching: list[str]) -> None:
    words = required_words(pattern)
    assert words
    for name in matching:
        match = re.search(pattern, name)
        assert match is not None
        assert any(word in match.group() for word in words), (name, words)


def _one_search(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?P<r{i}>{p})" for i, p in enumerate(patterns)), re.I)


def _expected(search: re.Pattern[str], name: str) -> int | None:
    match = search.search(name)
    return int(match.lastgroup[1:]) if match and match.lastgroup else None


PATTERNS = [
    "(?:^|[-_])(?:nav|menu)(?:$|[-_])",
    "(?:^|[-_])(?:site-?header|header)(?:$|[-_])",
    "share|social",
    "(?:^|[-_])(?:ad|ads)(?:$|[-_\\s\\d])",
    "comment(?!ary)",
    "[a-z]+-only$",  # no word: always tried
]


@pytest.mark.parametrize(
    "name",
    [
        "site-header",
        "header-ad",  # "ad" inside "header" is not a word of its own here
        "ad-header",  # the leftmost match wins, whichever rule comes first
        "comment-share",
        "share-comment",
        "commentary",
        "sr-only",
        "menu",
        "ſhare",  # not ASCII: case folding makes it "share"
        "plain",
    ],
)
def test_matcher_agrees_with_one_search(name: str) -> None:
    matcher = ClassMatcher([re.compile(p, re.I) for p in PATTERNS])
    assert matcher.first(name) == _expected(_one_search(PATTERNS), name)


_PIECES = ["nav", "menu", "header", "site", "ad", "ads", "share", "comment", "ary", "only", "x"]


@given(st.lists(st.sampled_from([*_PIECES, "-", "_", "1", " "]), max_size=6).map("".join))
def test_matcher_agrees_on_generated_names(name: str) -> None:
    matcher = ClassMatcher([re.compile(p, re.I) for p in PATTERNS])
    assert matcher.first(name) == _expected(_one_search(PATTERNS), name)


def test_shipped_rules_agree_with_one_search() -> None:
    rules = default_rules()
    patterns = [r.classes.pattern for r in rules.containers if r.classes]
    names = [
        "post-footer",
        "entry-meta",
        "table-of-contents",
        "toc-wrapper",
        "related-posts",
        "ad-slot-2",
        "visually-hidden",
        "wp-caption",
        "field-label-above",
        "article-body",
        "shadow",
    ]
    matcher = ClassMatcher([r.classes for r in rules.containers if r.classes])
    search = _one_search(patterns)
    assert [matcher.first(n) for n in names] == [_expected(search, n) for n in names]
    assert matcher.first("article-body") is None


def test_without_pythons_parser_every_rule_is_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    # `required_words` reads a private module of `re`: were it gone, the matcher must
    # still give the same answers, only slower.
    monkeypatch.setattr(patterns, "_parser", None)
    assert required_words("share|social") is None
    matcher = ClassMatcher([re.compile(p, re.I) for p in PATTERNS])
    search = _one_search(PATTERNS)
    for name in ["site-header", "comment-share", "header-ad", "plain", "x-only"]:
        assert matcher.first(name) == _expected(search, name)
