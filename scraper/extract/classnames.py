"""Which container rule a class name matches: `ClassMatcher.first`.

The answer is the one a single search with every rule's pattern as an alternative would
give (the match furthest left, the first rule's there), but found faster. A page brings
dozens of class names never seen before, and that search costs ~4 µs a name in Python's
`re`, which tries every alternative at every position. Most names hold none of the words
the patterns need ("menu", "share", "sidebar"), so a search for those words alone (a
trie, ~0.5 µs) tells which few rules can match, and only those are tried. The words are
read from the patterns (`required_words`): a rule in `rules.toml` keeps no list of them.
They keep the boundaries the patterns ask for ("-ad" in "-top-ad-", the name wrapped in
"-"), so that a short word inside a longer one ("header") calls no rule in.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from typing import Any

_parser: Any
_constants: Any
try:  # private modules of Python's re (see `required_words`)
    _parser = importlib.import_module("re._parser")
    _constants = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - a future Python
    _parser = _constants = None

__all__ = ["ClassMatcher", "required_words", "screen_pattern", "trie_pattern"]


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
        # A word found in a name holds the shorter words inside it: their rules apply too.
        self._rules_of = {
            word: frozenset(i for other, rules in owners.items() if other in word for i in rules)
            for word in owners
        }
        self._words = re.compile(trie_pattern(owners)) if owners else None

    def first(self, name: str) -> int | None:
        """Index of the pattern matching furthest left in lower-cased `name` (the first
        pattern on a tie), or None."""
        if not name.isascii() or self._words is None:
            match = self._any.search(name)
            return int(match.lastgroup[1:]) if match and match.lastgroup else None
        wrapped = f"-{name.replace('_', '-')}-"  # as `_boundary_words` reads the patterns
        found = self._words.search(wrapped)
        if found is None and not self._always:  # most names
            return None
        candidates = set(self._always)
        while found is not None:
            candidates |= self._rules_of[found.group()]
            found = self._words.search(wrapped, found.start() + 1)
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


def lower_ascii(pattern: str) -> bool:
    """Whether `pattern`'s letters (escapes aside) are all lower-case ASCII: then it
    matches lower-case ASCII text alike with or without IGNORECASE."""
    if _CODE_ESCAPE.search(pattern):  # "\x41" is an "A"
        return False
    letters = _ESCAPE.sub("", pattern)
    return letters.isascii() and letters == letters.lower()


_ESCAPE = re.compile(r"\\.")
_CODE_ESCAPE = re.compile(r"\\[xuUN0-7]")  # a character written by its code


def required_words(pattern: str) -> frozenset[str] | None:
    """Lower-case ASCII words one of which every match of `pattern` holds, or None when
    no such words can be told (the pattern may match without any).

    Read from the parse tree of Python's own `re` (a private module: were it ever to
    change shape, every rule would simply be tried, as without this)."""
    if _parser is None:
        return None
    try:
        return _sequence_words(_parser.parse(pattern))
    except Exception:  # any surprise in the parse tree: no gate, never a wrong answer
        return None


def _boundary_words(pattern: str) -> frozenset[str] | None:
    """`required_words` for a class-name pattern, as found in the name wrapped in "-" with
    its "_" written "-": a boundary written `(?:^|[-_])` or `(?:$|[-_])` is then a "-"
    too, and a short word at one ("-ad") is found in far fewer names than the word alone
    ("ad" is in "header", "shadow", "badge")."""
    bounded = pattern.replace("(?:^|[-_])", "-").replace("(?:$|[-_])", "-")
    words = required_words(bounded)
    return None if words is None else frozenset(w.replace("_", "-") for w in words)


# The most strings a run of the pattern that matches one of a few known strings (such as
# "site-?header": "siteheader" or "site-header") may stand for, as one set of words.
_MAX_EXACT = 64


def _sequence_words(items: Iterable[Any]) -> frozenset[str] | None:
    """For a sequence of parsed items: the most telling set of words any part needs (the
    one whose shortest word is longest). A run of items that each match one of a few
    known strings is one part: its words are their concatenations."""
    choices: list[frozenset[str]] = []
    run = frozenset([""])  # the strings the items since the last unknown one match
    for code, value in items:
        strings = _exact(code, value)
        if strings is not None:
            joined = frozenset(a + b for a in run for b in strings)
            if len(joined) > _MAX_EXACT:
                choices.append(run)
                joined = strings
            run = joined
            continue
        choices.append(run)
        run = frozenset([""])
        words = _inner_words(code, value)
        if words:
            choices.append(words)
    choices.append(run)
    telling = [words for words in choices if "" not in words]  # "" is in every text
    return max(telling, key=lambda words: min(map(len, words)), default=None)


def _exact(code: Any, value: Any) -> frozenset[str] | None:
    """The strings one parsed item matches (lower-cased), when they are few and known."""
    op = _constants
    if code is op.LITERAL:
        char = chr(value)
        return frozenset([char.lower()]) if char.isascii() else None
    if code in (op.ASSERT, op.ASSERT_NOT, op.AT):
        return frozenset([""])  # look-arounds and anchors read no characters
    if code is op.IN and all(kind is op.LITERAL and chr(c).isascii() for kind, c in value):
        return frozenset(chr(c).lower() for _, c in value)
    if code is op.SUBPATTERN:
        return _exact_sequence(value[-1])
    if code is op.BRANCH:
        found: set[str] = set()
        for alternative in value[1]:
            strings = _exact_sequence(alternative)
            if strings is None:
                return None
            found |= strings
        return frozenset(found) if len(found) <= _MAX_EXACT else None
    if code in (op.MAX_REPEAT, op.MIN_REPEAT, op.POSSESSIVE_REPEAT) and value[1] == 1:
        strings = _exact_sequence(value[2])
        return None if strings is None else strings | {""} if value[0] == 0 else strings
    return None


def _exact_sequence(items: Iterable[Any]) -> frozenset[str] | None:
    run = frozenset([""])
    for code, value in items:
        strings = _exact(code, value)
        if strings is None:
            return None
        run = frozenset(a + b for a in run for b in strings)
        if len(run) > _MAX_EXACT:
            return None
    return run


def _inner_words(code: Any, value: Any) -> frozenset[str] | None:
    """The words a group, alternation or repeat needs, read inside it."""
    op = _constants
    if code is op.SUBPATTERN:
        return _sequence_words(value[-1])
    if code is op.BRANCH:
        return _branch_words(value[1])
    if code in (op.MAX_REPEAT, op.MIN_REPEAT, op.POSSESSIVE_REPEAT) and value[0] >= 1:
        return _sequence_words(value[2])
    if code is op.ATOMIC_GROUP:
        return _sequence_words(value)
    return None


def _branch_words(alternatives: Iterable[Any]) -> frozenset[str] | None:
    found: set[str] = set()
    for alternative in alternatives:
        words = _sequence_words(alternative)
        if not words:
            return None  # this alternative needs no word
        found |= words
    return frozenset(found)


def trie_pattern(words: Iterable[str]) -> str:
    """A pattern that matches the longest of `words` that starts where it is tried: the
    words as a trie of alternatives, each node trying its longer words before its end."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def alternatives(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + alternatives(node[char]) for char in sorted(node) if char]
        if "" in node:
            branches.append("")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return alternatives(root)


# Characters from the commonest in text to the rarest; any other is rarer still.
_COMMON = " etaionsrhldcumpgfwbyvkxjzq"


def screen_pattern(words: Iterable[str]) -> str:
    """A pattern whose search finds something exactly when a text holds one of `words`,
    faster than `trie_pattern` (which also tells which).

    A search tries its pattern at every place whose character may start a match, and
    that costs far more than passing a place by: a trie of words tries nearly every
    letter. Here each word is found from its rarest character instead (in "app", the
    "p"): a trie of what follows that character, then a look back for the whole word."""
    root: dict[str, Any] = {}
    for word in words:
        start = max(range(len(word)), key=lambda i: (_rarity(word[i]), -i))
        node = root
        for char in word[start:]:
            node = node.setdefault(char, {})
        node.setdefault("", set()).add(word)

    def alternatives(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + alternatives(node[char]) for char in sorted(node) if char]
        branches += [f"(?<={re.escape(word)})" for word in sorted(node.get("", ()))]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return alternatives(root)


def _rarity(char: str) -> int:
    rank = _COMMON.find(char)
    return len(_COMMON) if rank < 0 else rank
