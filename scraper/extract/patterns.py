"""What a regular expression needs, and searches for sets of words: the pieces the rules
engine builds its fast paths from.

- `required_words`: words one of which every match of a pattern holds, read from the
  parse tree of Python's own `re`, so that a cheap search for them tells when a pattern
  cannot match (`classnames` for class names, `rules` for the line rules);
- `trie_pattern`: a search that finds which of a set of words stand where;
- `screen_pattern`: a search that only tells whether any of them is there, sooner;
- `lower_ascii`: whether a pattern may drop IGNORECASE on lower-cased ASCII text;
- `anchored`: whether every match of a pattern starts at the text's start.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_parser: Any
_constants: Any
try:  # private modules of Python's re (see `required_words`)
    _parser = importlib.import_module("re._parser")
    _constants = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - a future Python
    _parser = _constants = None

__all__ = [
    "anchored",
    "lower_ascii",
    "required_words",
    "screen_pattern",
    "telling_size",
    "trie_pattern",
]


def lower_ascii(pattern: str) -> bool:
    """Whether `pattern`'s letters (escapes aside) are all lower-case ASCII: then it
    matches lower-case ASCII text alike with or without IGNORECASE."""
    if _CODE_ESCAPE.search(pattern):  # "\x41" is an "A"
        return False
    letters = _ESCAPE.sub("", pattern)
    return letters.isascii() and letters == letters.lower()


_ESCAPE = re.compile(r"\\.")
_CODE_ESCAPE = re.compile(r"\\[xuUN0-7]")  # a character written by its code


def anchored(pattern: re.Pattern[str]) -> bool:
    """Whether every match of `pattern` starts where the text does: each of its
    alternatives opens with `^` or `\\A` (not under MULTILINE). Then `pattern.match`
    finds what `pattern.search` does, without trying every other place in vain. Read
    from the parse tree of Python's own `re`, as `required_words` is (False when it
    cannot be told)."""
    if _parser is None or pattern.flags & re.MULTILINE:
        return False
    if not pattern.pattern.startswith(("^", "\\A", "(")):  # (parsing takes a while)
        return False
    try:
        return _opens_anchored(_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # any surprise in the parse tree: a search, as without this
        return False


def _opens_anchored(items: Iterable[Any]) -> bool:
    op = _constants
    for code, value in items:  # the first item decides
        if code is op.AT:
            return value in (op.AT_BEGINNING, op.AT_BEGINNING_STRING)
        if code is op.BRANCH:
            return all(_opens_anchored(alternative) for alternative in value[1])
        if code is op.SUBPATTERN:  # a group: (group, flags added, flags removed, items)
            return not value[1] & re.MULTILINE and _opens_anchored(value[-1])
        return False
    return False


def required_words(pattern: str, *, ignore_case: bool = True) -> frozenset[str] | None:
    """Words one of which every match of `pattern` holds, or None when no such words
    can be told (the pattern may match without any).

    With `ignore_case` (a pattern compiled with IGNORECASE, searched in lower-cased
    text) the words are lower case, and hold only characters that matching ignoring case
    cannot stand for another: "s" matches "ſ", which lower-casing keeps. Without it (a
    lower-case pattern searched in lower-cased text) every character is itself.

    Read from the parse tree of Python's own `re` (a private module: were it ever to
    change shape, every rule would simply be tried, as without this)."""
    if _parser is None:
        return None
    try:
        return _Reader(ignore_case).sequence_words(_parser.parse(pattern))
    except Exception:  # any surprise in the parse tree: no gate, never a wrong answer
        return None


def telling_size(words: Iterable[str]) -> int:
    """How rare in text a set of words is, by its shortest word, in UTF-8 bytes: a
    character of CJK or Cyrillic (2–3 bytes) is rarer in most text than a Latin letter."""
    return min((len(word.encode()) for word in words), default=0)


# The most strings a run of the pattern that matches one of a few known strings (such as
# "site-?header": "siteheader" or "site-header") may stand for, as one set of words.
_MAX_EXACT = 64


@dataclass(frozen=True)
class _Reader:
    """Reads the words a parsed pattern needs (see `required_words`)."""

    ignore_case: bool

    def sequence_words(self, items: Iterable[Any]) -> frozenset[str] | None:
        """For a sequence of parsed items: the most telling set of words any part needs
        (`telling_size`). A run of items that each match one of a few known strings is
        one part: its words are their concatenations."""
        choices: list[frozenset[str]] = []
        run = frozenset([""])  # the strings the items since the last unknown one match
        for code, value in items:
            strings = self.exact(code, value)
            if strings is not None:
                joined = frozenset(a + b for a in run for b in strings)
                if len(joined) > _MAX_EXACT:
                    choices.append(run)
                    joined = strings
                run = joined
                continue
            choices.append(run)
            run = frozenset([""])
            words = self.inner_words(code, value)
            if words:
                choices.append(words)
        choices.append(run)
        telling = [words for words in choices if "" not in words]  # "" is in every text
        return max(telling, key=telling_size, default=None)

    def exact(self, code: Any, value: Any) -> frozenset[str] | None:
        """The strings one parsed item matches (lower-cased), when they are few and known."""
        op = _constants
        if code is op.LITERAL:
            char = self.plain(chr(value))
            return None if char is None else frozenset([char])
        if code in (op.ASSERT, op.ASSERT_NOT, op.AT):
            return frozenset([""])  # look-arounds and anchors read no characters
        if code is op.IN and all(kind is op.LITERAL for kind, _ in value):
            chars = [self.plain(chr(c)) for _, c in value]
            return None if None in chars else frozenset(c for c in chars if c is not None)
        if code is op.SUBPATTERN:
            return self.exact_sequence(value[-1])
        if code is op.BRANCH:
            found: set[str] = set()
            for alternative in value[1]:
                strings = self.exact_sequence(alternative)
                if strings is None:
                    return None
                found |= strings
            return frozenset(found) if len(found) <= _MAX_EXACT else None
        if code in (op.MAX_REPEAT, op.MIN_REPEAT, op.POSSESSIVE_REPEAT) and value[1] == 1:
            strings = self.exact_sequence(value[2])
            return None if strings is None else strings | {""} if value[0] == 0 else strings
        return None

    def exact_sequence(self, items: Iterable[Any]) -> frozenset[str] | None:
        run = frozenset([""])
        for code, value in items:
            strings = self.exact(code, value)
            if strings is None:
                return None
            run = frozenset(a + b for a in run for b in strings)
            if len(run) > _MAX_EXACT:
                return None
        return run

    def plain(self, char: str) -> str | None:
        """`char` as the searched text holds it, or None when that cannot be told:
        ignoring case, only ASCII (lower-cased) and characters without case (CJK,
        Hangul, digits, "©") are sure."""
        if not self.ignore_case:
            return char
        if char.isascii():
            return char.lower()
        return char if char.lower() == char == char.upper() else None

    def inner_words(self, code: Any, value: Any) -> frozenset[str] | None:
        """The words a group, alternation or repeat needs, read inside it."""
        op = _constants
        if code is op.SUBPATTERN:
            return self.sequence_words(value[-1])
        if code is op.BRANCH:
            return self.branch_words(value[1])
        if code in (op.MAX_REPEAT, op.MIN_REPEAT, op.POSSESSIVE_REPEAT) and value[0] >= 1:
            return self.sequence_words(value[2])
        if code is op.ATOMIC_GROUP:
            return self.sequence_words(value)
        return None

    def branch_words(self, alternatives: Iterable[Any]) -> frozenset[str] | None:
        found: set[str] = set()
        for alternative in alternatives:
            words = self.sequence_words(alternative)
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
        node[""] = {""}  # a word ends here: nothing more to match
    return _alternation(root)


def _alternation(node: dict[str, Any]) -> str:
    """A trie as a pattern: each character with what follows it, then what a word that
    ends at the node still asks (under key "": an empty pattern, or a look back)."""
    branches = [re.escape(char) + _alternation(node[char]) for char in sorted(node) if char]
    branches += sorted(node.get("", ()))
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


# Characters from the rarest in text to the commonest, per alphabet (Latin, Cyrillic,
# Greek); any other is rarer still (`find` gives it -1: the rarest is the one whose place
# in this string is least). A word is found from its rarest letter: from "о", the
# commonest in Russian, a screen would stop at every tenth letter of a Russian text.
_BY_RARITY = (
    "qzjxkvybwfgpmucdlhrsnoiate"
    "ъёфэщцюшжхйчбзгьыяупдмклврстнаиео"
    "ψζξβφθχγδωλμκπρυηνστειοα"
    " "  # the commonest in every alphabet
)


def screen_pattern(words: Iterable[str]) -> str:
    """A pattern whose search finds something exactly when a text holds one of `words`,
    faster than `trie_pattern` (which also tells which).

    A search tries its pattern at every place whose character may start a match, and
    that costs far more than passing a place by: a trie of words tries nearly every
    letter. Here each word is found from a rare character instead (in "app", the "p",
    `_anchors`): a trie of what follows that character, then a look back for the whole
    word (none for a word that starts with it: the trie has read it all)."""
    words = sorted(set(words))
    anchors = _anchors(words)
    root: dict[str, Any] = {}
    for word in words:
        start = _rarest(word, anchors)
        node = root
        for char in word[start:]:
            node = node.setdefault(char, {})
        node.setdefault("", set()).add(f"(?<={re.escape(word)})" if start else "")
    return _alternation(root)


def _anchors(words: list[str]) -> set[str]:
    """The characters the screen finds `words` from: at least one of each word's.

    At a place whose character starts a word, Python's re tries every character the
    screen starts from in turn (an alternation has no jump table), at the others it
    barely stops: so fewer characters pay, even when a word is then found from a
    commoner one. From each word's rarest character, the commonest that every word
    holding it can spare (it holds another) are dropped first."""
    anchors = {word[_rarest(word, None)] for word in words}
    held: dict[str, list[set[str]]] = {char: [] for char in anchors}
    for word in words:  # per character: of each word that holds it, the others it holds
        chars = set(word) & anchors
        for char in chars:
            held[char].append(chars)
    for char in sorted(anchors, key=lambda c: (-_BY_RARITY.find(c), c)):  # commonest first
        if all(len(chars) > 1 for chars in held[char]):
            anchors.discard(char)
            for chars in held[char]:
                chars.discard(char)
    return anchors


def _rarest(word: str, among: set[str] | None) -> int:
    """Where the rarest character of `word` (of those `among`, if given) first stands;
    of rare characters alike, the first in code order (as any would do)."""
    chars = set(word) if among is None else set(word) & among
    return word.index(min(sorted(chars), key=_BY_RARITY.find))
