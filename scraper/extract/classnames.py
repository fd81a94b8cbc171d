"""Which container rule a class name matches: `ClassMatcher.first`.

The answer is the one a single search with every rule's pattern as an alternative would
give (the match furthest left, the first rule's there), but found faster. A page brings
dozens of class names never seen before, and that search costs ~4 µs a name in Python's
`re`, which tries every alternative at every position. Most names hold none of the words
the patterns need ("menu", "share", "sidebar"), so a search for those words alone (an
Aho-Corasick automaton, `ahocorasick_rs`) tells which few rules can match, and only those
are tried. The words are
read from the patterns (`required_words`): a rule in `rules.toml` keeps no list of them.
They keep the boundaries the patterns ask for ("-ad" in "-top-ad-", the name wrapped in
"-"), so that a short word inside a longer one ("header") calls no rule in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from ahocorasick_rs import AhoCorasick, Implementation

from .patterns import lower_ascii, required_words

__all__ = ["ClassMatcher", "class_words"]

# camelCase and PascalCase word starts: "inlineAd", "DonateBox" (CSS Modules, React).
_WORD_START: Final = re.compile(r"(?<=[a-z])(?=[A-Z])")
# A part a person named: words of a capital and lower-case letters ("sidebarRight"), no
# digit, no run of capitals ("jbcAD", "XaGPt", "adEHVE" are a build's hashes).
_CAMEL: Final = re.compile(r"[A-Za-z][a-z]+(?:[A-Z][a-z]+)+")
_VOWEL: Final = re.compile("[aeiouy]", re.IGNORECASE)
# Longer than a generated hash: styled-components' and CSS Modules' ([hash:base64:5]) have
# 5 or 6 letters, and as many of them as there are classes on the Web read as "fooBar".
_HASH_CHARS: Final = 6
_PART: Final = re.compile(r"[^-_]+")  # a name's parts, as "-" and "_" part them


def class_words(name: str) -> str:
    """A class name as the rules read it: lower-cased, its camelCase words apart as words
    joined by "-" are ("DonateBox-module_root" as "donate-box-module_root",
    "StoryBody_inlineAd__9kLm2" as "story-body_inline-ad__9klm2")."""
    lowered = name.lower()
    if lowered == name:  # (nearly every name)
        return name
    return _PART.sub(_words, name).lower()


def _words(part: re.Match[str]) -> str:
    """A part of a name, its camelCase words apart; not a hash's ("myTOc", "relAd",
    "gptHWz"), whose letters apart would spell short words ("-ad-", "-toc-"): a part
    of 6 letters or fewer, one not shaped as words, one ending the name after "__" (CSS
    Modules' "[local]__[hash]"), or one with two words under three letters."""
    text = part[0]
    if len(text) <= _HASH_CHARS or not _CAMEL.fullmatch(text) or _is_hash(part):
        return text
    words = _WORD_START.split(text)
    if sum(len(word) < 3 for word in words) > 1 or not all(map(_VOWEL.search, words)):
        return text
    return "-".join(words)


def _is_hash(part: re.Match[str]) -> bool:
    """Whether `part` ends its name after "__", as CSS Modules' hash does."""
    return part.end() == len(part.string) and part.string.endswith("__", 0, part.start())


class ClassMatcher:
    """The first of `patterns` (case-insensitive, or lower-case ASCII) matching a name."""

    def __init__(self, patterns: Sequence[re.Pattern[str] | None]) -> None:
        numbered = [(i, p) for i, p in enumerate(patterns) if p is not None]
        source = "|".join(f"(?P<r{i}>{p.pattern})" for i, p in numbered) or "(?!)"
        # Names that are not ASCII take one search with all patterns, ignoring case as
        # the rules file asks (Unicode case folding puts "ſ" in "share").
        self._any = re.compile(source, re.IGNORECASE)
        # Lower-case ASCII names match lower-case ASCII patterns alike without IGNORECASE,
        # which makes Python's re much faster.
        self._ascii = {i: _case_free(p) for i, p in numbered}
        owners: dict[str, set[int]] = {}
        always = set()
        for i, pattern in numbered:
            words = _boundary_words(pattern.pattern)
            if words is None:
                always.add(i)
            for word in words or ():
                owners.setdefault(word, set()).add(i)
        self._always: frozenset[int] = frozenset(always)  # rules whose words are unknown
        known = sorted(owners)
        # (Overlapping: every word in a name is found, "ad" in "-ad-" too.)
        # (A contiguous NFA: compact, so it stays in cache between names; see linetables.)
        self._words = (
            AhoCorasick(known, implementation=Implementation.ContiguousNFA) if known else None
        )
        self._rules_of = tuple(frozenset(owners[word]) for word in known)

    def first(self, name: str) -> int | None:
        """Index of the pattern matching furthest left in lower-cased `name` (the first
        pattern on a tie), or None."""
        if not name.isascii() or self._words is None:
            match = self._any.search(name)
            return int(match.lastgroup[1:]) if match and match.lastgroup else None
        wrapped = f"-{name.replace('_', '-')}-"  # as `_boundary_words` reads the patterns
        found = self._words.find_matches_as_indexes(wrapped, overlapping=True)
        if not found and not self._always:  # most names
            return None
        candidates = set(self._always)
        for word, _, _ in found:
            candidates |= self._rules_of[word]
        best: tuple[int, int] | None = None
        for index in candidates:
            match = self._ascii[index].search(name)
            if match is not None and (best is None or (match.start(), index) < best):
                best = match.start(), index
        return None if best is None else best[1]


def _case_free(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` without IGNORECASE when that changes nothing on lower-case ASCII text."""
    if not pattern.flags & re.IGNORECASE or not lower_ascii(pattern.pattern):
        return pattern
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


def _boundary_words(pattern: str) -> frozenset[str] | None:
    """`required_words` for a class-name pattern, as found in the name wrapped in "-" with
    its "_" written "-": a boundary written `(?:^|[-_])` or `(?:$|[-_])` is then a "-"
    too, and a short word at one ("-ad") is found in far fewer names than the word alone
    ("ad" is in "header", "shadow", "badge")."""
    bounded = pattern.replace("(?:^|[-_])", "-").replace("(?:$|[-_])", "-")
    words = required_words(bounded)
    return None if words is None else frozenset(w.replace("_", "-") for w in words)
