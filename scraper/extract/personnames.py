"""Whether a few words are a person's name or a medium's, for bylines (`authors`) and for
the site's name a title adds (`titles`: "Headline - John Smith" names its author); and
a name printed in capitals, as the person writes it."""

from __future__ import annotations

import re
from typing import Final

__all__ = ["MEDIUM_WORDS", "in_lower_case", "person_shaped"]

# Words that name a medium, not a person: "Riverbend Times", "Jane Doe, TV Globo".
MEDIUM_WORDS: Final = (
    "tv|radio|news|press|presse|prensa|agency|agencia|agência|agenzia|agence|media|times"
    "|herald|tribune|gazette|journal|network|channel"
)
_MEDIUM: Final = re.compile(rf"\b(?:{MEDIUM_WORDS})\b", re.I)
# Two or three capitalised words of a name's length, a middle initial: "Ann K. Lee".
_NAME: Final = r"[A-ZÀ-Þ][a-zß-ÿ]{1,12}(?:[-'’][A-ZÀ-Þ]?[a-zß-ÿ]+)?"
_PERSON: Final = re.compile(rf"{_NAME}(?: [A-Z]\.)?(?: {_NAME}){{1,2}}")

# A name printed in capitals, cased (`in_lower_case`): initials without a vowel stay.
_VOWELS: Final = frozenset("AEIOUYÀÁÂÃÄÅÆÈÉÊËÌÍÎÏÒÓÔÕÖØÙÚÛÜÝ")
# The words a name keeps in lower case inside it, when printed in capitals: those that
# `visible` accepts in a byline (not "Le" or "Di": "Marine Le Pen", "Luigi Di Maio").
_PARTICLES: Final = frozenset({"van", "der", "den", "von", "de", "del", "la", "du", "da"})
_NUMERAL: Final = re.compile(r"I{2,3}|IV|VI{1,3}|IX")
_CAPPED_PREFIX: Final = re.compile(r"((?:Ma?c|Di|De|La|Le|O')(?=[A-Z]{2}))(\S+)")  # "McDONALD"
_MC: Final = re.compile(r"^(Mc)([a-z])(?=[a-z]{2})")  # "Mcdonald" → "McDonald" (not "Mac": "Mack")
_SUFFIXES: Final = frozenset({"jr", "jr.", "sr", "sr."})  # "JR." → "Jr."
# A Korean (or Taiwanese) given name of two syllables joined by a hyphen, written with the
# second in lower case: "Kim Jong-un", "Tsai Ing-wen" (not "Jean-Luc", "Anne-Marie").
_SYLLABLE: Final = (
    r"(?:[kptsj]{2}|ch|[gkndtrlmbpsjhyw])?"  # its consonant
    r"(?:y?ae|y?eo|w?[ae]|ye|oe|yo|wo|wi|yu|eu|ui|oo|ee|ou|[aeiou])"  # its vowel
    r"(?:ng|[nklmpt])?"  # its final consonant
)
_HANGUL_NAME: Final = re.compile(f"{_SYLLABLE}-{_SYLLABLE}", re.I)
_LEGAL_FORMS: Final = frozenset(
    {"ag", "sa", "se", "gmbh", "kg", "inc", "inc.", "llc", "ltd", "plc", "spa"}
)


def person_shaped(text: str) -> bool:
    """Whether `text` is shaped as a person's name written in Latin letters ("John Smith"),
    with no word that names a medium ("Riverbend Times")."""
    return bool(_PERSON.fullmatch(text)) and not _MEDIUM.search(text)


def in_lower_case(name: str) -> str:
    """A name printed in capitals, as wires and some bylines do ("SCOTT SONNER", "SEAN
    McDONALD"), as the person writes it; short initials without a vowel stay ("MDR",
    "BBC"), and so do the particles it prints in lower case ("JAN van der BERG")."""
    words = name.split()
    if len(words) < 2 or words[-1].casefold() in _LEGAL_FORMS:
        return name  # (a company's name: "NATURSTROM AG")
    if not any(w.isupper() for w in words) or not all(map(_in_capitals, words)):
        return name
    last = len(words) - 1
    return " ".join(_word_cased(w, 0 < i < last, i > 0) for i, w in enumerate(words))


def _in_capitals(word: str) -> bool:
    return word.isupper() or word in _PARTICLES or bool(_CAPPED_PREFIX.fullmatch(word))


def _word_cased(word: str, inside: bool, after_first: bool) -> str:
    """One word of a name in capitals, cased: a particle inside the name in lower case
    ("van der", "de la"), a numeral after the first as it is ("III")."""
    prefix = _CAPPED_PREFIX.fullmatch(word)
    if word in _PARTICLES or (after_first and _NUMERAL.fullmatch(word)):
        return word
    if prefix:  # "McDONALD", "DiCAPRIO": the prefix as printed
        return prefix[1] + _word_cased(prefix[2], False, False)
    if inside and word.casefold() in _PARTICLES:
        return word.lower()
    if word.casefold() in _SUFFIXES:
        return word.title()
    if len(word) <= 3 and not set(word) & _VOWELS:
        return word
    if after_first and _HANGUL_NAME.fullmatch(word):
        return word.capitalize()
    return "-".join(_MC.sub(_mc, part.title()) for part in word.split("-"))


def _mc(match: re.Match[str]) -> str:
    return match[1] + match[2].upper()
