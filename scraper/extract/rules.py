"""Boilerplate rules: loaded from `rules.toml`, compiled once, matched by name.

The rules are data so that a new kind of boilerplate is a reviewed line in the TOML
file (with its test), not another `if` in the extractor. Two kinds are matched here:

- `ContainerRule`: an element that is boilerplate by its tag, ARIA role or class/id;
- `LineRule`: a block of text that is boilerplate by its shape (pattern, length, share
  of link text, position after the article's last paragraph).
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, TypeVar

from .classnames import ClassMatcher
from .patterns import lower_ascii, required_words, screen_pattern, telling_size, trie_pattern

__all__ = [
    "SECTION_RULES",
    "ContainerRule",
    "LineRule",
    "RuleError",
    "Rules",
    "default_rules",
    "parse_rules",
]

# Rules that, when they drop a heading, mark the whole section under it as boilerplate.
SECTION_RULES = frozenset(
    {
        "related",
        "comments",
        "newsletter",
        "share-bar",
        "sidebar",
        "advert",
        "tags",
        "section-label",
        "comment-prompt",
        "newsletter-prompt",
        "promo-label",
    }
)

_T = TypeVar("_T")


class RuleError(ValueError):
    """The rules file is malformed (raised when it is loaded, never while extracting)."""


@dataclass(frozen=True, slots=True)
class ContainerRule:
    name: str
    tags: frozenset[str]
    roles: frozenset[str]
    outer_tags: frozenset[str]
    classes: re.Pattern[str] | None
    strict: bool = False  # applies even to the element holding the main paragraphs


@dataclass(frozen=True, slots=True)
class LineRule:
    name: str
    pattern: re.Pattern[str]
    max_chars: int
    min_link_share: float = 0.0
    tail: bool = False
    # The pattern is searched in the lower-cased text: a case-insensitive pattern whose
    # letters are all lower case, compiled without IGNORECASE, which is twice as fast.
    lowered: bool = False
    # Words one of which the lower-cased text must hold before the pattern is tried: a
    # substring test is far cheaper than a search with many alternatives.
    needs: tuple[str, ...] = ()


_Search = Callable[[str], "re.Match[str] | None"]
# A line rule as `Rules.line_rule` reads it: min_link_share, tail, whether `needs` words
# gate it, its pattern's search, whether that runs on lower-cased text, its name.
_LineEntry = tuple[float, bool, bool, _Search, bool, str]


@dataclass(frozen=True, slots=True)
class _LineTable:
    """The rules that take a text of some length, ready for `Rules.line_rule`."""

    gate: re.Pattern[str] | None  # the search for their `needs` words
    # Whether any gated rule may be tried (`screen_pattern`): one is tried only when the
    # text holds one of its needs and, when they are known, one of its pattern's words;
    # the screen looks for the words of the two that fewer texts hold (`_telling`).
    screen: _Search
    # Per word the gate finds: the gated rules whose needs it meets, each with the words
    # one of which its pattern's matches hold (`_pattern_words`), if known.
    gated: dict[str, list[tuple[str, tuple[str, ...] | None]]]
    entries: list[_LineEntry]
    ungated: list[_LineEntry]  # for the texts that try no gated rule: most of them


@dataclass(frozen=True)
class Rules:
    junk_tags: tuple[str, ...]
    containers: tuple[ContainerRule, ...]
    lines: tuple[LineRule, ...]
    ignore_classes: re.Pattern[str] | None = None
    _by_tag: dict[str, str] = field(init=False, repr=False, compare=False)
    _line_limits: list[int] = field(init=False, repr=False, compare=False)
    _line_tables: list[_LineTable] = field(init=False, repr=False, compare=False)
    _section_tables: list[_LineTable] = field(init=False, repr=False, compare=False)
    _by_role: dict[str, str] = field(init=False, repr=False, compare=False)
    _by_outer_tag: dict[str, str] = field(init=False, repr=False, compare=False)
    _class_cache: dict[str, int | None] = field(init=False, repr=False, compare=False)
    _names_cache: dict[str, str | None] = field(init=False, repr=False, compare=False)
    _class_matcher: ClassMatcher = field(init=False, repr=False, compare=False)
    _ignore_ascii: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = [r.name for r in self.containers] + [r.name for r in self.lines]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise RuleError(f"rule names must be unique: {', '.join(duplicates)}")
        # The first rule listed wins, as it does for class patterns.
        first = list(reversed(self.containers))
        object.__setattr__(self, "_by_tag", {t: r.name for r in first for t in r.tags})
        object.__setattr__(self, "_by_role", {t: r.name for r in first for t in r.roles})
        object.__setattr__(self, "_by_outer_tag", {t: r.name for r in first for t in r.outer_tags})
        # Per limit on a text's length, in increasing order: the rules that take it.
        limits = sorted({rule.max_chars for rule in self.lines}) or [0]
        tables = [[r for r in self.lines if r.max_chars >= limit] for limit in limits]
        object.__setattr__(self, "_line_limits", limits)
        words = {rule.name: _pattern_words(rule) for rule in self.lines if _gated(rule)}
        holders = _holders(self.lines)
        object.__setattr__(self, "_line_tables", [_line_table(t, words, holders) for t in tables])
        # Whether the first rule a text matches is a section rule depends on the rules up
        # to the last section rule only: `section_line` tries no more.
        sections = [_up_to_section(table) for table in tables]
        section_tables = [_line_table(t, words, holders) for t in sections]
        object.__setattr__(self, "_section_tables", section_tables)
        object.__setattr__(self, "_class_cache", {})
        object.__setattr__(self, "_names_cache", {})
        matcher = ClassMatcher([r.classes for r in self.containers])
        object.__setattr__(self, "_class_matcher", matcher)
        # Class names are lower-cased, and nearly all ASCII: for them, a lower-case ASCII
        # pattern matches alike without IGNORECASE, which makes Python's re much faster.
        ignore = self.ignore_classes
        if ignore and lower_ascii(ignore.pattern):
            ignore = re.compile(ignore.pattern, ignore.flags & ~re.IGNORECASE)
        object.__setattr__(self, "_ignore_ascii", ignore)

    @property
    def strict(self) -> frozenset[str]:
        """Names of the container rules that no layout argument overrides."""
        return frozenset(r.name for r in self.containers if r.strict)

    def container_by_tag(self, tag: str, *, in_article: bool = False) -> str | None:
        """The rule that makes a `tag` element boilerplate, if any."""
        found = self._by_tag.get(tag)
        return found or (None if in_article else self._by_outer_tag.get(tag))

    def tag_rules(self, *, in_article: bool = False) -> dict[str, str]:
        """Every tag a container rule names, with the rule: `container_by_tag` at once."""
        return dict(self._by_tag) if in_article else {**self._by_outer_tag, **self._by_tag}

    def container_by_role(self, role: str) -> str | None:
        return self._by_role.get(role.strip().lower())

    def container_by_class(self, names: str) -> str | None:
        """The first rule matching one of `names` (classes and id, space-separated)."""
        cache = self._names_cache  # a page repeats the same class attribute many times
        if names in cache:
            return cache[names]
        found: int | None = None
        for token in names.lower().split():
            rule = self._token_rule(token)
            if rule is not None and (found is None or rule < found):
                found = rule
        name = None if found is None else self.containers[found].name
        _bounded(cache)[names] = name
        return name

    def _token_rule(self, token: str) -> int | None:
        """Index of the first rule matching one class name; memoised, as names repeat."""
        cache = self._class_cache
        if token in cache:
            return cache[token]
        found = self._class_matcher.first(token)
        if found is not None:  # (most names match no rule: no need to ask)
            ignore = self._ignore_ascii if token.isascii() else self.ignore_classes
            if ignore is not None and ignore.fullmatch(token) is not None:
                found = None
        _bounded(cache)[token] = found
        return found

    def line_rule(self, text: str, link_share: float, *, after_article: bool) -> str | None:
        """The name of the first line rule `text` matches, if any."""
        return self._first_line(self._line_tables, text, link_share, after_article)

    def section_line(self, text: str, link_share: float, *, after_article: bool) -> bool:
        """Whether the first line rule `text` matches is a section rule (`SECTION_RULES`):
        `line_rule(...) in SECTION_RULES`, without trying the rules listed after those."""
        found = self._first_line(self._section_tables, text, link_share, after_article)
        return found in SECTION_RULES

    def _first_line(
        self, tables: list[_LineTable], text: str, link_share: float, after_article: bool
    ) -> str | None:
        size, lowered = len(text), text.lower()
        # This runs for every block: only the rules that take a text this long are tried
        # (a paragraph of prose, the commonest block, is longer than most rules take).
        limits = self._line_limits
        if size > limits[-1]:
            return None
        table = tables[bisect_left(limits, size)]
        # The gated rules to try: those whose `needs` words the text holds, found in one
        # pass rather than a substring test per word (at each place where one starts, the
        # longest: `trie_pattern`), and that pass a last cheap test of their pattern's words.
        # Most texts may try none, which a cheaper search tells (`screen`).
        tried: set[str] = set()
        gate = table.gate
        if gate is not None and table.screen(lowered) is not None:
            match = gate.search(lowered)
            while match is not None:
                for name, words in table.gated[match.group()]:
                    if words is None or any(word in lowered for word in words):
                        tried.add(name)
                match = gate.search(lowered, match.start() + 1)
        entries = table.entries if tried else table.ungated
        for min_share, tail, gated, search, lowers, name in entries:
            if link_share < min_share or (tail and not after_article):
                continue
            if gated and name not in tried:
                continue
            if search(lowered if lowers else text) is not None:
                return name
        return None


def _up_to_section(rules: list[LineRule]) -> list[LineRule]:
    last = max((i for i, rule in enumerate(rules) if rule.name in SECTION_RULES), default=-1)
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
) -> _LineTable:
    """The entries of `rules` for `Rules.line_rule`, and the search for their `needs`.

    Where `needs` words start in a text, one search finds the longest word there; every
    shorter one starting there is its prefix, and every needs word inside a found word is
    in the text. So a rule's needs are met exactly when a found word holds one of them
    (the rules `gated` under that word). A rule with an empty word, which every text
    holds, has no gate."""
    gated = [rule for rule in rules if _gated(rule)]
    words = {word for rule in gated for word in rule.needs}
    telling = {word for rule in gated for word in _telling(rule, pattern_words[rule.name])}
    entries: list[_LineEntry] = [
        (
            rule.min_link_share,
            rule.tail,
            _gated(rule),
            rule.pattern.search,
            rule.lowered,
            rule.name,
        )
        for rule in rules
    ]
    return _LineTable(
        gate=_gate(frozenset(words)) if words else None,
        screen=_screen(frozenset(telling)),
        gated={
            word: [(r.name, pattern_words[r.name]) for r in gated if r.name in holders[word]]
            for word in words
        },
        entries=entries,
        ungated=[entry for entry in entries if not entry[2]],
    )


# Many tables share their words: each search is built once (building and compiling them
# is most of the time the rules take to load).
@cache
def _gate(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile(trie_pattern(sorted(words)))


@cache
def _screen(words: frozenset[str]) -> _Search:
    return re.compile(screen_pattern(words) or "(?!)").search


def _telling(rule: LineRule, pattern_words: tuple[str, ...] | None) -> tuple[str, ...]:
    """Of a rule's needs and its pattern's words, the set that fewer texts hold: the one
    whose shortest word is longer ("abo" is in "about", "kiosk" in fewer texts)."""
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


def _bounded(cache: dict[str, _T]) -> dict[str, _T]:
    """`cache`, emptied when full: a hostile page may invent endless class names."""
    if len(cache) >= 50_000:
        cache.clear()
    return cache


def _compile(source: str, *, rule: str, case: bool = False) -> re.Pattern[str]:
    try:
        return re.compile(source, 0 if case else re.IGNORECASE)
    except re.error as error:
        raise RuleError(f"rule {rule!r}: bad pattern: {error}") from error


def _container(data: Mapping[str, Any]) -> ContainerRule:
    name = data["name"]
    classes = data.get("classes")
    return ContainerRule(
        name=name,
        tags=frozenset(data.get("tags", ())),
        roles=frozenset(data.get("roles", ())),
        outer_tags=frozenset(data.get("outer_tags", ())),
        classes=_compile(classes, rule=name) if classes else None,
        strict=bool(data.get("strict", False)),
    )


def _line(data: Mapping[str, Any]) -> LineRule:
    name, source = data["name"], data["pattern"]
    # Escapes aside (`\W`, `\S`), an all-lower-case pattern matches the lower-cased text
    # where it matches the text ignoring case (Unicode oddities such as "İ" aside).
    lowered = not data.get("case", False) and _ESCAPE.sub("", source).islower()
    return LineRule(
        name=name,
        pattern=_compile(source, rule=name, case=data.get("case", False) or lowered),
        max_chars=int(data["max_chars"]),
        min_link_share=float(data.get("min_link_share", 0.0)),
        tail=bool(data.get("tail", False)),
        lowered=lowered,
        needs=tuple(word.lower() for word in data.get("needs", ())),
    )


_ESCAPE = re.compile(r"\\.")


def _ignore(source: str | None) -> re.Pattern[str] | None:
    return _compile(source, rule="ignore_classes") if source else None


def parse_rules(source: str) -> Rules:
    """Rules from TOML text; `RuleError` says which rule is wrong."""
    try:
        data = tomllib.loads(source)
        return Rules(
            junk_tags=tuple(data.get("junk_tags", ())),
            containers=tuple(_container(r) for r in data.get("container", ())),
            lines=tuple(_line(r) for r in data.get("line", ())),
            ignore_classes=_ignore(data.get("ignore_classes")),
        )
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as error:
        if isinstance(error, RuleError):
            raise
        raise RuleError(f"bad rules file: {error!r}") from error


@cache
def default_rules() -> Rules:
    """The rules shipped in `rules.toml`, parsed once per process."""
    return parse_rules(resources.files(__package__).joinpath("rules.toml").read_text("utf-8"))
