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
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Final, TypeVar

from .classnames import ClassMatcher, class_words
from .linetables import LineTable, first_line, line_tables
from .patterns import lower_ascii

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
SECTION_RULES: Final = frozenset(
    {
        "related",
        "comments",
        "newsletter",
        "share-bar",
        "sidebar",
        "advert",
        "tags",
        "section-label",
        "author-label",
        "comment-prompt",
        "comment-heading",
        "newsletter-prompt",
        "promo-label",
    }
)

_CACHE_SIZE: Final = 50_000  # class names, and lists of them, memoised at most
_UNSEEN: Final = "\x00"  # no rule's name: a class attribute not looked up yet
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
    # Line rules one of which must take a block inside the element for it to be dropped.
    holds: frozenset[str] = frozenset()


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
    # False: what the rule takes reads as prose but nobody wrote it (a server's error
    # message), so it never weighs as prose when the body is sought (`written`).
    prose: bool = True


@dataclass(frozen=True)
class Rules:
    junk_tags: tuple[str, ...]
    containers: tuple[ContainerRule, ...]
    lines: tuple[LineRule, ...]
    ignore_classes: re.Pattern[str] | None = None
    _by_tag: dict[str, str] = field(init=False, repr=False, compare=False)
    _line_limits: list[int] = field(init=False, repr=False, compare=False)
    _line_tables: list[LineTable] = field(init=False, repr=False, compare=False)
    _section_tables: list[LineTable] = field(init=False, repr=False, compare=False)
    _by_role: dict[str, str] = field(init=False, repr=False, compare=False)
    _by_outer_tag: dict[str, str] = field(init=False, repr=False, compare=False)
    _class_cache: dict[str, int | None] = field(init=False, repr=False, compare=False)
    _names_cache: dict[str, str | None] = field(init=False, repr=False, compare=False)
    _class_matcher: ClassMatcher = field(init=False, repr=False, compare=False)
    _ignore_ascii: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _unwritten: tuple[frozenset[str], tuple[str, ...]] = field(
        init=False, repr=False, compare=False
    )  # the names of the rules with `prose = false`, and their `needs` words

    def __post_init__(self) -> None:
        names = [r.name for r in self.containers] + [r.name for r in self.lines]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise RuleError(f"rule names must be unique: {', '.join(duplicates)}")
        unknown = {n for r in self.containers for n in r.holds} - {r.name for r in self.lines}
        if unknown:
            raise RuleError(f"`holds` names no line rule: {', '.join(sorted(unknown))}")
        # The first rule listed wins, as it does for class patterns.
        first = list(reversed(self.containers))
        object.__setattr__(self, "_by_tag", {t: r.name for r in first for t in r.tags})
        object.__setattr__(self, "_by_role", {t: r.name for r in first for t in r.roles})
        object.__setattr__(self, "_by_outer_tag", {t: r.name for r in first for t in r.outer_tags})
        # Per limit on a text's length, in increasing order: the rules that take it (and
        # those up to the last section rule, for `section_line`).
        limits, tables, sections = line_tables(self.lines, SECTION_RULES)
        object.__setattr__(self, "_line_limits", limits)
        object.__setattr__(self, "_line_tables", tables)
        object.__setattr__(self, "_section_tables", sections)
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
        unwritten = [r for r in self.lines if not r.prose]
        words = tuple(word for rule in unwritten for word in rule.needs)
        object.__setattr__(self, "_unwritten", (frozenset(r.name for r in unwritten), words))

    @property
    def strict(self) -> frozenset[str]:
        """Names of the container rules that no layout argument overrides."""
        return frozenset(r.name for r in self.containers if r.strict)

    @property
    def holding(self) -> dict[str, frozenset[str]]:
        """The container rules that drop an element only when it holds a block one of
        their line rules takes, with those line rules."""
        return {r.name: r.holds for r in self.containers if r.holds}

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
        """The first rule matching one of `names` (classes and id, space-separated), each
        read as `class_words` gives it."""
        # One look-up a name, not a test and a look-up: the caches are large, and on a
        # page of a site not seen yet each look-up waits on memory.
        cache = self._names_cache  # a page repeats the same class attribute many times
        cached = cache.get(names, _UNSEEN)
        if cached is not _UNSEEN:
            return cached
        found: int | None = None
        known = self._class_cache  # (looked up here: most names are known, spare a call)
        for token in names.split():
            rule = known.get(token, -1)
            if rule == -1:
                rule = self._token_rule(token)
            if rule is not None and (found is None or rule < found):
                found = rule
        name = None if found is None else self.containers[found].name
        return _remember(cache, names, name)

    def _token_rule(self, token: str) -> int | None:
        """Index of the first rule matching a class name not seen yet; memoised, as names
        repeat."""
        name = class_words(token)
        found = self._class_matcher.first(name)
        if found is not None:  # (most names match no rule: no need to ask)
            ignore = self._ignore_ascii if name.isascii() else self.ignore_classes
            if ignore is not None and ignore.fullmatch(name) is not None:
                found = None
        return _remember(self._class_cache, token, found)

    def line_rule(self, text: str, link_share: float, *, after_article: bool) -> str | None:
        """The name of the first line rule `text` matches, if any."""
        return first_line(self._line_limits, self._line_tables, text, link_share, after_article)

    def written(self, text: str) -> bool:
        """Whether a prose-like block was written by someone: not when the first line rule
        it matches is one with `prose = false`. Those rules name their `needs` words as the
        text prints them (lower case), so a substring test screens nearly every block out
        at once: this runs for every paragraph of a page."""
        names, words = self._unwritten
        for word in words:
            if word in text:
                return self.line_rule(text, 0.0, after_article=False) not in names
        return True

    @property
    def unwritten_needs(self) -> tuple[str, ...]:
        """The words one of which text must hold for `written` to be False."""
        return self._unwritten[1]

    def section_line(self, text: str, link_share: float, *, after_article: bool) -> bool:
        """Whether the first line rule `text` matches is a section rule (`SECTION_RULES`):
        `line_rule(...) in SECTION_RULES`, without trying the rules listed after those."""
        limits, tables = self._line_limits, self._section_tables
        return first_line(limits, tables, text, link_share, after_article) in SECTION_RULES


def _remember(cache: dict[str, _T], key: str, value: _T) -> _T:
    """`value`, kept in `cache`, which is emptied when full: a hostile page may invent
    endless class names."""
    if len(cache) >= _CACHE_SIZE:
        cache.clear()
    cache[key] = value
    return value


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
        holds=frozenset(data.get("holds", ())),
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
        prose=_prose(name, data),
    )


def _prose(name: str, data: Mapping[str, Any]) -> bool:
    prose = bool(data.get("prose", True))
    if not prose and not data.get("needs"):  # (`Rules.written` screens by them)
        raise RuleError(f"rule {name!r}: a rule with prose = false needs `needs` words")
    return prose


_ESCAPE: Final = re.compile(r"\\.")


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
