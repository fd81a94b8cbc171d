"""The line rules as `Rules.line_rule` tries them: tables built once, for a search per block.

`first_line` answers what trying every line rule in the order of rules.toml would (the
first that a text matches wins; tests/test_rules_engine.py compares), with shortcuts:

- per limit on a text's length, a table of only the rules that take a text that long;
- the rules that need words (`needs`, else the words every match of their pattern
  holds) tried only when the text holds one, all of them found in one pass of an
  Aho-Corasick automaton (`ahocorasick_rs`, in Rust): Python's `re` tries a search's
  every alternative at every place, which made finding ~500 words a tenth of a page's
  extraction;
- consecutive rules anchored at the text's start that read the same text under the same
  conditions joined into one pattern (`_joined`): one call into Python's re, not several.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Final

from ahocorasick_rs import AhoCorasick, Implementation

from .patterns import anchored, required_words, telling_size

if TYPE_CHECKING:
    from .rules import LineRule

__all__ = ["LineTable", "first_line", "line_tables"]

_COMPACT: Final = Implementation.ContiguousNFA

_Search = Callable[[str], "re.Match[str] | None"]
# An entry as `first_line` reads it: min_link_share, tail, whether `needs` words gate it,
# its pattern's search, whether that runs on lower-cased text, and the names of its rules
# (several when joined: the one whose group matched is the one found).
_LineEntry = tuple[float, bool, bool, _Search, bool, tuple[str, ...]]
# A gated rule as a needs word calls it in: its name, and the words one of which its
# pattern's matches hold (`_pattern_words`, by their number in the finder), if known: a
# last cheap test before the pattern, as a short need such as "abo" is in many texts
# ("about").
_Gated = tuple[str, frozenset[int] | None]


@dataclass(frozen=True, slots=True)
class LineTable:
    """The rules that take a text of some length, ready for `first_line`."""

    # Finds every `needs` word of the gated rules in a text, and their patterns' words,
    # overlapping ones too ("ap" in "app"); None when the table has no gated rule.
    finder: AhoCorasick | None
    gated: tuple[tuple[_Gated, ...], ...]  # per word the finder knows: the rules it calls in
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
    # The gated rules to try: those whose `needs` words the text holds (most texts hold
    # none) and that pass the test of their pattern's words.
    tried: set[str] = set()
    finder = table.finder
    if finder is not None:
        found = {word for word, _, _ in finder.find_matches_as_indexes(lowered, overlapping=True)}
        for word in found:
            for name, words in table.gated[word]:
                if words is None or not words.isdisjoint(found):
                    tried.add(name)
    entries = table.entries if tried else table.ungated
    for min_share, tail, gated, search, lowers, names in entries:
        if link_share < min_share or (tail and not after_article):
            continue
        if gated and names[0] not in tried:
            continue
        found_match = search(lowered if lowers else text)
        if found_match is not None:
            return names[0] if len(names) == 1 else names[(found_match.lastindex or 1) - 1]
    return None


def line_tables(
    rules: Sequence[LineRule], sections: frozenset[str]
) -> tuple[list[int], list[LineTable], list[LineTable]]:
    """The limits on a text's length, in increasing order, and per limit the table of the
    rules that take it: of all rules, and of the rules up to the last in `sections`
    (whether the first rule a text matches is one of those depends on no later rule)."""
    limits = sorted({rule.max_chars for rule in rules}) or [0]
    tables = [[r for r in rules if r.max_chars >= limit] for limit in limits]
    # One automaton for every table (a table's text may find a word no rule of its needs:
    # it calls nothing in).
    pattern_words = {rule.name: _pattern_words(rule) for rule in rules if _gated(rule)}
    needs = _Needs(
        sorted(
            {word for rule in rules for word in _gate(rule)}
            | {word for words in pattern_words.values() for word in words or ()}
        ),
        pattern_words,
    )
    return (
        limits,
        [_line_table(table, needs) for table in tables],
        [_line_table(_up_to(table, sections), needs) for table in tables],
    )


@dataclass(frozen=True, slots=True)
class _Needs:
    """Every `needs` word of the gated rules and every word of their patterns
    (`_pattern_words`), with their finder; per rule, its pattern's words by number."""

    words: list[str]
    pattern_words: dict[str, tuple[str, ...] | None]
    finder: AhoCorasick | None = field(init=False)
    number: dict[str, int] = field(init=False)  # of each word, in `words` and the finder
    numbered: dict[str, frozenset[int] | None] = field(init=False)

    def __post_init__(self) -> None:
        # A contiguous NFA, not a DFA: a DFA of these words takes ~1 MB, and between two
        # blocks the page's other work evicts it, so each text's search waited on memory
        # for its states (4.9% of all extraction time in place, 2.9% as an NFA of a
        # tenth the size, though the DFA is faster when searched over and over alone).
        found = AhoCorasick(self.words, implementation=_COMPACT) if self.words else None
        number = {word: i for i, word in enumerate(self.words)}
        numbered = {
            name: None if words is None else frozenset(number[word] for word in words)
            for name, words in self.pattern_words.items()
        }
        object.__setattr__(self, "finder", found)
        object.__setattr__(self, "number", number)
        object.__setattr__(self, "numbered", numbered)


def _up_to(rules: list[LineRule], names: frozenset[str]) -> list[LineRule]:
    last = max((i for i, rule in enumerate(rules) if rule.name in names), default=-1)
    return rules[: last + 1]


def _gate_words(rule: LineRule) -> tuple[str, ...]:
    """The words one of which a text must hold for `rule` to be tried: its `needs`, else
    the words every match of its pattern holds (`required_words`: "read more", "share
    this"…); none, always tried, when neither is known. Patterns anchored at the text's
    start are no cheaper to try at one place than a word is to find: ~20 of them, each
    a long list of labels, tried at every short block made the commonest cost of a
    page's line rules. An empty word is in every text."""
    if rule.needs:
        return () if "" in rule.needs else rule.needs
    if not _lower_case(rule):
        return ()
    words = required_words(rule.pattern.pattern, ignore_case=False)
    return tuple(sorted(words)) if words and telling_size(words) >= _GATE_BYTES else ()


_GATE_BYTES: Final = 3  # shorter words ("ad", "<") are in most texts: finding them costs more
_gate = cache(_gate_words)  # (asked for every rule of every table)


def _gated(rule: LineRule) -> bool:
    return bool(_gate(rule))


def _lower_case(rule: LineRule) -> bool:
    """Whether the rule's pattern is read in the lower-cased text without ignoring case:
    then every character of its words is itself ("ſ" matches "s" ignoring case, and
    stays itself in lower case)."""
    return rule.lowered and not _INLINE_FLAGS.search(rule.pattern.pattern)


def _line_table(rules: list[LineRule], needs: _Needs) -> LineTable:
    """The entries of `rules` for `first_line`, and what each `needs` word calls in. A
    rule with an empty word, which every text holds, is not gated."""
    gated = [rule for rule in rules if _gated(rule)]
    calls: dict[int, list[_Gated]] = {}  # per word's number (by rule: ~2 000 words)
    for rule in gated:
        for word in _gate(rule):
            calls.setdefault(needs.number[word], []).append((rule.name, needs.numbered[rule.name]))
    return LineTable(
        finder=needs.finder if gated else None,
        gated=tuple(tuple(calls.get(i, ())) for i in range(len(needs.words))),
        entries=_joined(rules),
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


def _pattern_words(rule: LineRule) -> tuple[str, ...] | None:
    """Words one of which every match of the rule's pattern holds, or None when none of at
    least three bytes are known. A cheap test, before the pattern (which scans the whole
    text), on the texts that hold a need: a short need such as "abo" is in many texts
    ("about"). (A rule with no `needs` is gated by these words, if known.)"""
    if not rule.needs or not _lower_case(rule):  # (gated by them already, if not)
        return None
    words = required_words(rule.pattern.pattern, ignore_case=False)
    return tuple(sorted(words)) if words and telling_size(words) >= 3 else None


_INLINE_FLAGS: Final = re.compile(r"\(\?[aiLmsux-]+[:)]")
