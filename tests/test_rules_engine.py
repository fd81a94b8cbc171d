"""How the rules engine matches (scraper/extract/rules.py): case, `needs` words, the
section question the continuation asks, class-name lookups and the loader's errors.
What each rule in rules.toml drops is tested in test_rules.py.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraper.extract.linetables import line_tables
from scraper.extract.rules import SECTION_RULES, RuleError, default_rules, parse_rules

RULES = default_rules()


def test_a_case_insensitive_pattern_with_capitals_still_ignores_case() -> None:
    rules = parse_rules(
        "[[line]]\nname = 'agency'\npattern = '^Getty Images$'\nmax_chars = 40\n"
        "[[line]]\nname = 'agency-lower'\npattern = '^shutterstock$'\nmax_chars = 40\n"
    )
    assert rules.line_rule("GETTY IMAGES", 0.0, after_article=False) == "agency"
    assert rules.line_rule("ShutterStock", 0.0, after_article=False) == "agency-lower"
    assert rules.line_rule("Getty", 0.0, after_article=False) is None


def test_a_rule_that_needs_a_word_is_not_tried_without_it() -> None:
    rules = parse_rules(
        "[[line]]\nname = 'js'\npattern = 'enable \\w+'\nmax_chars = 40\nneeds = ['JavaScript']\n"
    )
    assert rules.line_rule("Please enable JavaScript", 0.0, after_article=False) == "js"
    assert rules.line_rule("Please enable cookies", 0.0, after_article=False) is None


def test_needs_words_are_found_where_they_overlap_or_nest() -> None:
    # All needs words are found in one pass: one inside another ("ap" in "app"), one that
    # starts inside another ("ab" and "bc" in "abc"), and an empty word (always met).
    rules = parse_rules(
        "[[line]]\nname = 'short'\npattern = '.'\nmax_chars = 40\nneeds = ['ap', 'zz']\n"
        "[[line]]\nname = 'long'\npattern = '.'\nmax_chars = 40\nneeds = ['app', 'zz']\n"
        "[[line]]\nname = 'inner'\npattern = '.'\nmax_chars = 40\nneeds = ['bc', 'zz']\n"
        "[[line]]\nname = 'outer'\npattern = '.'\nmax_chars = 40\nneeds = ['abx', 'zz']\n"
        "[[line]]\nname = 'any'\npattern = 'q'\nmax_chars = 40\nneeds = ['', 'zz']\n"
    )
    assert rules.line_rule("An APP", 0.0, after_article=False) == "short"
    assert rules.line_rule("abc", 0.0, after_article=False) == "inner"
    assert rules.line_rule("abxz", 0.0, after_article=False) == "outer"
    assert rules.line_rule("q", 0.0, after_article=False) == "any"
    assert rules.line_rule("a b p x", 0.0, after_article=False) is None


def test_section_line_is_whether_the_first_rule_matched_is_a_section_rule() -> None:
    for text, share in [
        ("Related articles", 0.0),
        ("Related articles", 1.0),  # a link line first: not a section label
        ("Newsletter", 0.0),
        ("Subscribe to read the full story", 0.0),
        ("The council approved the budget.", 0.0),
    ]:
        found = RULES.line_rule(text, share, after_article=True)
        expected = found in SECTION_RULES
        assert RULES.section_line(text, share, after_article=True) is expected


def _first_rule_plainly(text: str, link_share: float, after_article: bool) -> str | None:
    """`line_rule` without its shortcuts: every rule in order, as rules.toml reads."""
    lowered = text.lower()
    for rule in RULES.lines:
        if len(text) > rule.max_chars or link_share < rule.min_link_share:
            continue
        if rule.tail and not after_article:
            continue
        if rule.needs and not any(word in lowered for word in rule.needs):
            continue
        if rule.pattern.search(lowered if rule.lowered else text):
            return rule.name
    return None


_LINE_PIECES = [
    "Photo: Jane Roe",
    "(AP)",
    "about the app",
    "Abo",
    "im Abo als E-Paper",
    "Related articles",
    "Subscribe to our newsletter",
    "to read the full story",
    "Follow us on Twitter",
    "Jan 16, 2024",
    "Advertisement",
    "© 2024",
    "The council approved the budget.",
    " ",
    "...",
    "ſ",
    # Rules that match only at the text's start, which run joined into one pattern.
    "Read more:",
    "Comments",
    "Share",
    "By Jane Roe",
    "AB-CD-EF",
    "<img src=x>",
    "https://example.com/a",
    "Lesezeit: 5 Min.",
    "Impressum | Datenschutz",
    "Author:",
    "dpa/tmn",
    "Suggested citation",
]


@given(
    st.lists(st.sampled_from(_LINE_PIECES), min_size=1, max_size=5).map(" ".join),
    st.sampled_from([0.0, 0.3, 0.7, 0.9]),
    st.booleans(),
)
def test_line_rule_is_the_first_rule_that_applies(
    text: str, link_share: float, after_article: bool
) -> None:
    expected = _first_rule_plainly(text, link_share, after_article)
    assert RULES.line_rule(text, link_share, after_article=after_article) == expected
    section = RULES.section_line(text, link_share, after_article=after_article)
    assert section is (expected in SECTION_RULES)


def test_a_rule_without_needs_is_gated_by_the_words_of_its_pattern() -> None:
    # Every match of r"^\W*(?:read more|related)\s*:" holds "read more" or "related": a
    # text with neither is not tried against it (the table for texts that hold no gating
    # word leaves it out), and one with either still is, in the rules' order.
    rules = parse_rules(
        "[[line]]\nname = 'promo'\npattern = '^\\W*(?:read more|related)\\s*:'\n"
        "max_chars = 40\n"
        "[[line]]\nname = 'any'\npattern = '^\\W*\\w'\nmax_chars = 40\n"
    )
    _, tables, _ = line_tables(rules.lines, frozenset())
    assert [names for *_, names in tables[0].ungated] == [("any",)]
    assert rules.line_rule("Read more: x", 0.0, after_article=False) == "promo"
    assert rules.line_rule("Related: y", 0.0, after_article=False) == "promo"
    assert rules.line_rule("Readers: z", 0.0, after_article=False) == "any"


def test_rules_matching_at_the_start_keep_their_order_when_joined() -> None:
    # Consecutive rules anchored at the text's start are tried as one pattern: the first
    # listed that matches is still the one found, not the one with the longer match.
    rules = parse_rules(
        "[[line]]\nname = 'short'\npattern = '^ab'\nmax_chars = 40\n"
        "[[line]]\nname = 'long'\npattern = '^abc|^x'\nmax_chars = 40\n"
        "[[line]]\nname = 'grouped'\npattern = '^(y)'\nmax_chars = 40\n"  # (joins none)
        "[[line]]\nname = 'anywhere'\npattern = 'z'\nmax_chars = 40\n"
        "[[line]]\nname = 'last'\npattern = '^\\W*z'\nmax_chars = 40\n"
    )
    assert rules.line_rule("abc", 0.0, after_article=False) == "short"
    assert rules.line_rule("xabc", 0.0, after_article=False) == "long"
    assert rules.line_rule("yab", 0.0, after_article=False) == "grouped"
    assert rules.line_rule("-z", 0.0, after_article=False) == "anywhere"
    assert rules.line_rule("b abc", 0.0, after_article=False) is None


def test_class_rule_lookups_are_stable_when_repeated() -> None:
    for _ in range(3):  # the second and third answers come from the memo
        assert RULES.container_by_class("post-comments main") == "comments"
        assert RULES.container_by_class("post-body main") is None


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("[[line]]\nname = 'x'\npattern = '('\nmax_chars = 5", "rule 'x': bad pattern"),
        ("[[line]]\nname = 'x'\nmax_chars = 5", "bad rules file"),
        (
            "[[line]]\nname = 'x'\npattern = 'a'\nmax_chars = 5\n[[container]]\nname = 'x'",
            "unique: x",
        ),
        ("junk_tags = [", "bad rules file"),
        (
            "[[line]]\nname = 'x'\npattern = 'a'\nmax_chars = 5\nprose = false",
            "rule 'x': a rule with prose = false needs `needs` words",
        ),
        (
            "[[container]]\nname = 'x'\nclasses = 'x'\nholds = ['y']",
            "`holds` names no line rule: y",
        ),
    ],
)
def test_malformed_rules_say_what_is_wrong(source: str, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        parse_rules(source)


@pytest.mark.parametrize("names", ["sidebar", "Right-Sidebar", "ſidebar", "sıdebar-x rail"])
def test_class_names_match_case_blind_ascii_or_not(names: str) -> None:
    # ASCII names take a fast case-sensitive path on lower-cased text; the others keep
    # Unicode case folding ("ſ" folds to "s"), so both paths must agree.
    assert RULES.container_by_class(names) == "sidebar"


def test_ignored_class_names_are_ignored_on_both_paths() -> None:
    assert RULES.container_by_class("has-sidebar") is None
    assert RULES.container_by_class("HAS-SIDEBAR") is None
    assert RULES.container_by_class("has-ſidebar") is None


def test_text_a_rule_marks_as_nobodys_is_not_written() -> None:
    # The `needs` words screen the text as it prints them (here ".php"): a substring test
    # for every paragraph of a page, before any pattern is tried.
    rules = parse_rules(
        "[[line]]\nname = 'fatal'\npattern = '^fatal error:'\nmax_chars = 400\n"
        "needs = ['.php']\nprose = false\n"
        "[[line]]\nname = 'promo'\npattern = '^read more:'\nmax_chars = 400\n"
    )
    assert not rules.written("Fatal error: Uncaught Error: Call to a member in /app/x.php:12")
    assert rules.written("The fatal error in index.php took the site down for an hour.")
    assert rules.written("Read more: the council's plan")  # boilerplate, but written
    assert not RULES.written("Warning: Undefined index: id in /www/page.php on line 12")
