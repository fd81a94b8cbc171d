"""What a regular expression needs: the pieces the rules engine builds its fast paths from.

- `required_words`: words one of which every match of a pattern holds, read from the
  parse tree of Python's own `re`, so that a cheap search for them tells when a pattern
  cannot match (`classnames` for class names, `rules` for the line rules);
- `lower_ascii`: whether a pattern may drop IGNORECASE on lower-cased ASCII text;
- `anchored`: whether every match of a pattern starts at the text's start.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

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
    "telling_size",
]


def lower_ascii(pattern: str) -> bool:
    """Whether `pattern`'s letters (escapes aside) are all lower-case ASCII: then it
    matches lower-case ASCII text alike with or without IGNORECASE."""
    if _CODE_ESCAPE.search(pattern):  # "\x41" is an "A"
        return False
    letters = _ESCAPE.sub("", pattern)
    return letters.isascii() and letters == letters.lower()


_ESCAPE: Final = re.compile(r"\\.")
_CODE_ESCAPE: Final = re.compile(r"\\[xuUN0-7]")  # a character written by its code


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
_MAX_EXACT: Final = 64


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
