"""The line rules as `Rules.line_rule` tries them: tables built once, for a search per block.

`first_line` answers what trying every line rule in the order of rules.toml would (the
first that a text matches wins; tests/test_rules_engine.py compares), with shortcuts:

- per limit on a text's length, a table of only the rules that take a text that long;
- the rules that need words (`needs`) tried only when the text holds one (the gate), and
  a cheaper search first that tells whether it may hold any (the screen);
- consecutive rules anchored at the text's start that read the same text under the same
  conditions joined into one pattern (`_joined`): one call into Python's re, not several.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from .patterns import anchored, required_words, screen_pattern, telling_size, trie_pattern

if TYPE_CHECKING:
    from .rules import LineRule

__all__ = ["LineTable", "first_line", "line_tables"]

_Search = Callable[[str], "re.Match[str] | None"]
# An entry as `first_line` reads it: min_link_share, tail, whether `needs` words gate it,
# its pattern's search, whether that runs on lower-cased text, and the names of its rules
# (several when joined: the one whose group matched is the one found).
_LineEntry = tuple[float, bool, bool, _Search, bool, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class LineTable:
    """The rules that take a text of some length, ready for `first_line`."""

    gate: re.Pattern[str] | None  # the search for their `needs` words
    # Whether any gated rule may be tried (`screen_pattern`): one is tried only when the
    # text holds one of its needs and, when they are known, one of its pattern's words;
    # the screen looks for the words of the two that fewer texts hold (`_telling`). The
    # words that are not ASCII have a screen of their own, searched only in texts that
    # are not: the characters they are found from (Cyrillic, Han, Hangul) made the one
    # screen slower on every text, ASCII or not (Python's re tests a place's character
    # against a long list of them).
    screen: _Search
    wide_screen: _Search | None
    # Per word the gate finds: the gated rules whose needs it meets, each with the words
    # one of which its pattern's matches hold (`_pattern_words`), if known.
    gated: dict[str, list[tuple[str, tuple[str, ...] | None]]]
    entries: list[_LineEntry]
    ungated: list[_LineEntry]  # for the texts that try no gated rule: most of them


def first_line(
    limits: list[int], tables: list[LineTable], text: str, link_share: float, after_article: bool
) -> str | None:
    """The name of the first rule of `tables` (one per limit in `limits`) `text` matches."""
    size = len(text)
    # This runs for every block: only the rules that take a text this long are tried
    # (a paragraph of prose, the commonest block, is longer than most rules take).
    if size > limits[-1]:
        return None
    table, lowered = tables[bisect_left(limits, size)], text.lower()
    # The gated rules to try: those whose `needs` words the text holds, found in one
    # pass rather than a substring test per word (at each place where one starts, the
    # longest: `trie_pattern`), and that pass a last cheap test of their pattern's words.
    # Most texts may try none, which a cheaper search tells (`screen`).
    tried: set[str] = set()
    gate, wide = table.gate, table.wide_screen
    if gate is not None and (
        table.screen(lowered) is not None
        or (wide is not None and not lowered.isascii() and wide(lowered) is not None)
    ):
        match = gate.search(lowered)
        while match is not None:
            for name, words in table.gated[match.group()]:
                if words is None or any(word in lowered for word in words):
                    tried.add(name)
            match = gate.search(lowered, match.start() + 1)
    entries = table.entries if tried else table.ungated
    for min_share, tail, gated, search, lowers, names in entries:
        if link_share < min_share or (tail and not after_article):
            continue
        if gated and names[0] not in tried:
            continue
        found = search(lowered if lowers else text)
        if found is not None:
            return names[0] if len(names) == 1 else names[(found.lastindex or 1) - 1]
    return None


def line_tables(
    rules: Sequence[LineRule], sections: frozenset[str]
) -> tuple[list[int], list[LineTable], list[LineTable]]:
    """The limits on a text's length, in increasing order, and per limit the table of the
    rules that take it: of all rules, and of the rules up to the last in `sections`
    (whether the first rule a text matches is one of those depends on no later rule)."""
    limits = sorted({rule.max_chars for rule in rules}) or [0]
    tables = [[r for r in rules if r.max_chars >= limit] for limit in limits]
    words = {rule.name: _pattern_words(rule) for rule in rules if _gated(rule)}
    holders = _holders(rules)
    screens: list[tuple[frozenset[str], _Search]] = []  # built so far, shared (`_screen_of`)
    return (
        limits,
        [_line_table(table, words, holders, screens) for table in tables],
        [_line_table(_up_to(table, sections), words, holders, screens) for table in tables],
    )


def _up_to(rules: list[LineRule], names: frozenset[str]) -> list[LineRule]:
    last = max((i for i, rule in enumerate(rules) if rule.name in names), default=-1)
    return rules[: last + 1]


def _gated(rule: LineRule) -> bool:
    return bool(rule.needs) and "" not in rule.needs  # an empty word is in every text


def _holders(rules: Sequence[LineRule]) -> dict[str, frozenset[str]]:
    """Per `needs` word of any rule: the rules whose needs it holds (found once, not per
    table: the tables share most words)."""
    words = {word for rule in rules if _gated(rule) for word in rule.needs}
    return {
        word: frozenset(r.name for r in rules if _gated(r) and any(n in word for n in r.needs))
        for word in words
    }


def _line_table(
    rules: list[LineRule],
    pattern_words: dict[str, tuple[str, ...] | None],
    holders: dict[str, frozenset[str]],
    screens: list[tuple[frozenset[str], _Search]],
) -> LineTable:
    """The entries of `rules` for `first_line`, and the search for their `needs`.

    Where `needs` words start in a text, one search finds the longest word there; every
    shorter one starting there is its prefix, and every needs word inside a found word is
    in the text. So a rule's needs are met exactly when a found word holds one of them
    (the rules `gated` under that word). A rule with an empty word, which every text
    holds, has no gate."""
    gated = [rule for rule in rules if _gated(rule)]
    words = {word for rule in gated for word in rule.needs}
    telling = {word for rule in gated for word in _telling(rule, pattern_words[rule.name])}
    wide = frozenset(word for word in telling if not word.isascii())
    return LineTable(
        gate=_gate(frozenset(words)) if words else None,
        screen=_screen_of(frozenset(telling - wide), screens),
        wide_screen=_screen_of(wide, screens) if wide else None,
        gated={
            word: [(r.name, pattern_words[r.name]) for r in gated if r.name in holders[word]]
            for word in words
        },
        entries=[_entry(rule, _search(rule), (rule.name,)) for rule in rules],
        ungated=_joined([rule for rule in rules if not _gated(rule)]),
    )


def _joined(rules: list[LineRule]) -> list[_LineEntry]:
    """The entries of `rules`, in order, each run of consecutive rules that one pattern
    can try joined: `(a)|(b)|…` tries `a` wholly before `b`, and where every match of
    each starts at the text's start (`anchored`), the first rule that matches is the
    alternative that does. Such rules read the text there only: it is matched there,
    not searched."""
    entries: list[_LineEntry] = []
    keys = [_join_key(rule) for rule in rules]
    run: list[LineRule] = []
    for i, rule in enumerate(rules):
        run.append(rule)
        if keys[i] is not None and i + 1 < len(rules) and keys[i + 1] == keys[i]:
            continue
        joined = _join(tuple(r.pattern for r in run)) if len(run) > 1 else None
        if joined is None:  # a rule alone (or, in a surprise, patterns that do not join)
            entries += [_entry(one, _search(one), (one.name,)) for one in run]
        else:
            entries.append(_entry(rule, joined.match, tuple(r.name for r in run)))
        run = []
    return entries


def _join_key(rule: LineRule) -> tuple[float, bool, bool, int] | None:
    """What rules must share to be joined (their conditions, the text they read, the
    flags of their patterns), or None for a rule that joins none."""
    pattern = rule.pattern
    if _gated(rule) or pattern.groups or not _anchored(pattern):
        return None
    return (rule.min_link_share, rule.tail, rule.lowered, pattern.flags)


def _search(rule: LineRule) -> _Search:
    """How a rule alone is tried: where all its matches start at the text's start, at
    the start only (a search would try every other place in vain)."""
    return rule.pattern.match if _anchored(rule.pattern) else rule.pattern.search


_anchored = cache(anchored)  # (the tables share their rules)


def _entry(rule: LineRule, search: _Search, names: tuple[str, ...]) -> _LineEntry:
    return (rule.min_link_share, rule.tail, _gated(rule), search, rule.lowered, names)


# Many tables share their rules and words: each search is built once (building and
# compiling them is most of the time the rules take to load).
@cache
def _join(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    try:
        joined = re.compile("|".join(f"({p.pattern})" for p in patterns), patterns[0].flags)
    except re.error:  # a flag of the whole pattern written inside it: "(?i)…"
        return None
    return joined if joined.groups == len(patterns) else None


@cache
def _gate(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile(trie_pattern(sorted(words)))


@cache
def _screen(words: frozenset[str]) -> _Search:
    return re.compile(screen_pattern(words) or "(?!)").search


def _screen_of(words: frozenset[str], built: list[tuple[frozenset[str], _Search]]) -> _Search:
    """A screen for `words`: one built already for a few more words, if there is one. A
    screen only tells that a text may hold one of its words, so one for more words tells
    it too, with a few more texts let through to the gate; and the tables of neighbouring
    limits differ by a few words, while each screen takes ~20 ms to compile (Python's
    `re` compiler is Python): shared, the rules load in half the time."""
    for known, search in built:
        if words <= known and len(known) <= _LOOSER_SCREEN * len(words):
            return search
    search = _screen(words)
    built.append((words, search))
    return search


_LOOSER_SCREEN = 1.1  # a shared screen holds at most this many times a table's words


def _telling(rule: LineRule, pattern_words: tuple[str, ...] | None) -> tuple[str, ...]:
    """Of a rule's needs and its pattern's words, the set that fewer texts hold: the one
    whose shortest word is longer in bytes (`telling_size`: "abo" is in "about", "kiosk"
    in fewer texts)."""
    if pattern_words and telling_size(pattern_words) > telling_size(rule.needs):
        return pattern_words
    return rule.needs


def _pattern_words(rule: LineRule) -> tuple[str, ...] | None:
    """Words one of which every match of the rule's pattern holds, or None when none of at
    least three bytes are known. A cheap test, before the pattern (which scans the whole
    text), on the texts that hold a need: a short need such as "abo" is in many texts
    ("about"). Only for a pattern that reads the lower-cased text without ignoring case:
    "ſ" matches "s" ignoring case, and stays itself in lower case."""
    if not rule.lowered or _INLINE_FLAGS.search(rule.pattern.pattern):
        return None
    words = required_words(rule.pattern.pattern, ignore_case=False)
    return tuple(sorted(words)) if words and telling_size(words) >= 3 else None


_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux-]+[:)]")
