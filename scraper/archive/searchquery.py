"""A person's search query read as FTS5's: `-word` and `-"a phrase"` exclude (wherever they
stand), a word with punctuation inside (`low-lying`, `COVID-19`, `O'Brien`) is the phrase
the page writes, and each term becomes the terms the index holds for it (`terms`): its
accented and unfolded spellings, or for Chinese and Japanese the index's pieces."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice

from ..errors import UsageError
from .schema import UNSPACED

__all__ = ["PLAIN_LETTERS", "Query", "has_unspaced", "other_spellings", "read_query"]

_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
# A term (a string, or a bareword up to FTS5's syntax characters), or one of those.
_TOKEN = re.compile(
    r'(?P<minus>(?<!\S)-)?(?:(?P<string>"(?:[^"]|"")*"?)|(?P<word>[^\s"()*:^+{},]+))|(?P<syntax>\S)'
)
_BAREWORD = re.compile(r"\w+")  # what FTS5 reads as one term unquoted
_LEADING_NOT = re.compile(r'\s*NOT\s+(?=["\w])(?!(?:AND|OR|NOT|NEAR)\b)')

_UNSPACED = re.compile(f"[{UNSPACED}]")


def has_unspaced(text: str) -> bool:
    return _UNSPACED.search(text) is not None


@dataclass(frozen=True, slots=True)
class _Part:
    text: str  # a term as FTS5 reads it (a bareword, or a quoted string), or syntax
    term: str = ""  # the term's own words (unquoted), "" for syntax
    excluded: str = ""  # what excludes the term: "-", or a NOT that starts the query


# How a term is searched: the FTS5 expression for a term's words (`terms(words)`).
Terms = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Query:
    parts: tuple[_Part, ...]

    def fts(self, terms: Terms) -> str:
        """The query in FTS5 syntax, each term written as `terms` gives it (a column's
        name, a term after `^`, before `*`, in `{…}` or a NEAR group as it is); the
        exclusions last: `(rest) NOT x`."""
        near = any(part.text == "NEAR" for part in self.parts)
        out: list[str] = []
        braces = 0
        for i, part in enumerate(self.parts):
            braces += {"{": 1, "}": -1}.get(part.text, 0)
            if part.excluded:
                continue
            fixed = near or braces > 0 or self._neighbour(i, -1) == "^"
            if fixed or not part.term or self._neighbour(i, 1) in ("*", ":"):
                out.append(part.text)
            else:  # (a group of spellings is no phrase: FTS5 joins it only by an AND)
                out.extend(["AND", terms(part.term)] if _operand_ends(out) else [terms(part.term)])
        excluded = [f"NOT {terms(p.term)}" for p in self.parts if p.excluded]
        return " ".join([f"({' '.join(out)})", *excluded]) if excluded else " ".join(out)

    def words(self, terms: Terms) -> str:
        """The query as plain terms, for one FTS5 cannot read: its terms' words each
        searched for (syntax and stray operators dropped), its exclusions and the terms
        a NOT excludes (`_negated`) left out."""
        negated = _negated(self.parts)
        out = [p.term for i, p in enumerate(self.parts) if p.term and (p.excluded or i in negated)]
        kept = [p for i, p in enumerate(self.parts) if not (p.excluded or i in negated)]
        included = [w for p in kept for w in _BAREWORD.findall(p.term) if w not in _OPERATORS]
        written = " AND ".join(map(terms, included)) or '""'
        return " ".join([written, *(f"NOT {terms(term)}" for term in out)])

    def _neighbour(self, i: int, step: int) -> str:
        j = i + step
        return self.parts[j].text if 0 <= j < len(self.parts) else ""


def _negated(parts: tuple[_Part, ...]) -> set[int]:
    """Where the parts a NOT excludes stand: the term after it, or its group's parts."""
    negated: set[int] = set()
    for i, part in enumerate(parts[:-1]):
        depth = 0
        for j in range(i + 1, len(parts)) if part.text == "NOT" else ():
            negated.add(j)
            depth += {"(": 1, ")": -1}.get(parts[j].text, 0)
            if depth <= 0:
                break
    return negated


def _operand_ends(out: list[str]) -> bool:
    """Whether the FTS5 written so far ends with a term or group (not an operator)."""
    return bool(out) and out[-1] not in _OPERATORS and out[-1] not in ("(", ":", "^", "{", ",", "+")


def read_query(query: str) -> Query:
    """`query` (NFC) as terms, exclusions and FTS5 syntax. A query of exclusions alone
    excludes from nothing: its dashes are read as text (`-5°C`); `UsageError` for one
    excluding by NOT alone (`NOT bridge`), or a NEAR's distance that is no number."""
    parts = list(_parts(query))
    if all(p.excluded or not p.term for p in parts):
        if any(p.excluded == "NOT" for p in parts):
            raise UsageError(f"{query!r} only says what to leave out: add what to find")
        parts = [_Part(p.text, p.term) for p in parts]
    _check_near(parts)
    return Query(tuple(parts))


def _parts(query: str) -> Iterator[_Part]:
    # A NOT that starts the query excludes the term after it, as a web search's "-".
    by_not = _LEADING_NOT.match(query)
    for match in _TOKEN.finditer(query, by_not.end() if by_not else 0):
        excluded = "NOT" if by_not and match.start() == by_not.end() else match["minus"] or ""
        if match["syntax"]:
            yield _Part(match["syntax"])
        elif match["string"]:
            term = match["string"][1:].removesuffix('"').replace('""', '"')
            yield _Part(quoted(term), term, excluded)
        elif match["word"] in _OPERATORS and not excluded:
            yield _Part(match["word"])
        elif _BAREWORD.search(word := match["word"]):  # "+++" or "–" alone is no term
            # Punctuation inside a word makes it the phrase the page writes ("low lying").
            yield _Part(word if _BAREWORD.fullmatch(word) else quoted(word), word, excluded)


def _check_near(parts: list[_Part]) -> None:
    """`UsageError` for a NEAR group's distance that is no whole number (the fallback to
    plain words read `NEAR(a b, -1)` as "a AND b NOT 1")."""
    inside = False
    padded = [_Part(""), *parts, _Part("")]
    for before, part, after in zip(padded, padded[1:], padded[2:], strict=False):
        if part.text in ("(", ")"):
            inside = part.text == "(" and before.text == "NEAR"
        elif inside and part.text == "," and not _distance(after):
            raise UsageError("NEAR's distance is a whole number of words: NEAR(ferry bridge, 10)")


def _distance(part: _Part) -> bool:
    return not part.excluded and part.text.isascii() and part.text.isdecimal()


def quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def any_of(terms: list[str]) -> str:
    """An FTS5 expression matching any of `terms` (each quoted)."""
    return quoted(terms[0]) if len(terms) == 1 else f"({' OR '.join(map(quoted, terms))})"


# Letters the index's tokenizer does not fold to a plain one (its `remove_diacritics`
# folds Latin accents only), and what a person types for them instead.
_UNFOLDED = (("ss", "ß"), ("l", "ł"), ("d", "đ"), ("o", "ø"), ("ae", "æ"), ("oe", "œ"))
PLAIN_LETTERS = {special: plain for plain, special in _UNFOLDED} | {"ς": "σ"}
_GREEK_ACCENTED = {"α": "ά", "ε": "έ", "η": "ή", "ι": "ίϊΐ", "ο": "ό", "υ": "ύϋΰ", "ω": "ώ"}
_MAX_SPELLINGS = 64


def other_spellings(word: str) -> list[str]:
    """The spellings of `word` the index may hold besides its own, as its tokenizer writes
    them (lower case, Latin accents gone): unaccented and with one Greek accent (a word's
    only one), and with ß, ł, đ, ø, æ, œ or the letters typed for them ("strasse",
    "straße")."""
    bare = "".join(
        c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c)
    )
    plain = "".join(PLAIN_LETTERS.get(c, c) for c in unicodedata.normalize("NFC", bare))
    spellings = list(islice(_unfolded(plain), _MAX_SPELLINGS))
    accented = (
        s[:i] + accent + s[i + 1 :]
        for s in spellings
        for i, c in enumerate(s)
        for accent in _GREEK_ACCENTED.get(c, "")
    )
    own = _indexed(word)
    return [s for s in [*spellings, *islice(accented, _MAX_SPELLINGS)] if s != own]


def _indexed(word: str) -> str:
    """`word` as the index's tokenizer writes it: lower case, accents gone from Latin
    letters (not from Greek ones), final sigma as σ."""
    kept: list[str] = []
    for c in unicodedata.normalize("NFD", word.lower()):
        if not (unicodedata.combining(c) and kept and kept[-1] < "\u0370"):
            kept.append(c)
    return unicodedata.normalize("NFC", "".join(kept)).replace("ς", "σ")


def _unfolded(plain: str) -> Iterator[str]:
    """`plain` and each spelling of it with a plain letter (or two) written as the letter
    it stands for."""
    if not plain:
        yield ""
        return
    for rest in _unfolded(plain[1:]):
        yield plain[0] + rest
    for letters, special in _UNFOLDED:
        if plain.startswith(letters):
            for rest in _unfolded(plain[len(letters) :]):
                yield special + rest
