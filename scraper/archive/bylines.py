"""Which stories an author signed: a reader's name (or a part of it, a surname) against
the names of a story's byline, as words, their case, accents and the letters typed for
ß, ł, đ, ø, æ and œ not counting (as in search), and in any order ("Vance, Eleanor")."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection
from functools import lru_cache

from sqlite_utils import Database

from ..errors import UsageError
from .searchquery import PLAIN_LETTERS

__all__ = ["author_condition", "author_names"]


def author_names(names: Collection[str]) -> frozenset[str]:
    """`names` as given; `UsageError` for one with no word in it (it would match all)."""
    for name in names:
        if not _words(name):
            raise UsageError(f"not an author's name: {name!r} (e.g. Vance, 'Eleanor Vance')")
    return frozenset(names)


def author_condition(
    db: Database, names: Collection[str], column: str = "authors"
) -> tuple[str, list[str]]:
    """SQL true for a `column` (a JSON list of names) with a name that has every word of
    one of `names`, and its parameters."""
    # A pass over the bylines, each read once (`_signed`: a byline repeats over a site's
    # stories); an index of authors would cost a migration of every archive for a filter.
    db.conn.create_function("signed_by", 2, _signed_by, deterministic=True)
    wanted = sorted(sorted(set(_words(name))) for name in names)
    return f"({column} <> '[]' AND signed_by({column}, ?))", [json.dumps(wanted)]


def _signed_by(authors: str | None, wanted: str) -> bool:
    names = _wanted(wanted)
    if authors and authors.isascii() and "\\" not in authors:
        # A quick no for most bylines: one in ASCII (no JSON escape in it) holds a name's
        # words in lower case (folding it does nothing else), so a name missing one is out.
        lowered = authors.lower()
        names = tuple(name for name in names if all(word in lowered for word in name))
    return any(name <= signed for name in names for signed in _signed(authors))


@lru_cache(maxsize=16)
def _wanted(wanted: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(words) for words in json.loads(wanted))


@lru_cache(maxsize=8192)
def _signed(authors: str | None) -> tuple[frozenset[str], ...]:
    """The words of each name in a byline (`authors`, a JSON list)."""
    try:
        names = json.loads(authors or "[]")
    except ValueError:
        return ()
    listed = names if isinstance(names, list) else []
    return tuple(frozenset(_words(name)) for name in listed if isinstance(name, str))


def _words(name: str) -> list[str]:
    """`name`'s words in lower case, without accents, ß as ss, ł as l…"""
    bare = "".join(
        c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c)
    )
    return _WORD.findall(bare.translate(_PLAIN))


_WORD = re.compile(r"\w+")
# The letters NFKD leaves whole, as people type them: search's, and a dotless ı.
_PLAIN = str.maketrans({**PLAIN_LETTERS, "ı": "i"})
