"""The page's language as a BCP 47 primary subtag ("de", "en").

Declared first (`<html lang>`, og:locale, content-language, JSON-LD `inLanguage`), since a
page says what it is written in more reliably than statistics on a few paragraphs; else
detected from a bounded sample of the text with CLD2 (Google's Compact Language Detector 2,
which Common Crawl uses too). CLD2's tables are compiled into the library: it adds ~5 MB
to a process, where py3langid's model held ~70 MB, and classifies a sample in ~50 µs.

One exception: "en" is the default of most CMS templates and often left unchanged by sites
in other languages, so it is checked against the title and description (a short sample),
or the text's first paragraphs when those are too short to tell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

import pycld2
from selectolax.lexbor import LexborHTMLParser

__all__ = ["detect_language", "primary_subtag"]

_SAMPLE_CHARS: Final = 1500  # plenty for the model; its cost grows with the sample
_MIN_SAMPLE: Final = 20
_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A declared "en" gives way to a detected language more probable than this, on a sample
# of at least _MIN_CHECK characters (short English titles can look like anything).
_LIKELY: Final = 0.5
_MIN_CHECK: Final = 50
_PRIMARY: Final = re.compile(r"^\s*([a-zA-Z]{2,3})(?:$|[-_\s,;])")
# Function words frequent in English and rare in the languages that share its alphabet; a
# sample needs _MIN_DISTINCT of them making _ENGLISH_SHARE of its words; a page that declares
# "en" has given evidence already, and its title and description need _CONFIRM_DISTINCT.
_ENGLISH_WORD_NAMES = """the and of to is are was were that this with for from have has been which
their they would will not but what when"""
_ENGLISH_WORDS: Final = frozenset(_ENGLISH_WORD_NAMES.split())
_MIN_DISTINCT: Final = 4
_ENGLISH_SHARE: Final = 0.15
_CONFIRM_DISTINCT: Final = 2
_WORD: Final = re.compile(r"[a-z]+")
# Anything but ASCII, Latin-1 symbols (© « °), typographic punctuation (’ “ —) and currency.
_NOT_ENGLISH_ALPHABET: Final = re.compile("[^\x00-\x7f\u00a0-\u00bf\u2000-\u20cf]")
# Tags pages use that are not ISO 639 codes for the language they hold.
_PLACEHOLDERS: Final = {"und", "mul", "zxx", "xx"}
# Obsolete ISO 639 codes some CMSs still print.
_RENAMED: Final = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "nb": "no", "nn": "no"}


def primary_subtag(value: str | None) -> str | None:
    """The primary subtag of a language tag ("de-AT" → "de", "en_US" → "en"), or None."""
    if not value:
        return None
    match = _PRIMARY.match(value)
    if not match:
        return None
    code = match.group(1).lower()
    if code in _PLACEHOLDERS:
        return None
    return _RENAMED.get(code, code)


def detect_language(
    tree: LexborHTMLParser, declared: Iterable[str | None], hints: Iterable[str | None] = ()
) -> str | None:
    """The first well-formed declared language, else the language of the page's text.

    `hints` (the title, the description) start the sample, so that a page whose text
    is not in paragraphs still has something to detect.
    """
    parts = [hint for hint in hints if hint]
    for value in declared:
        code = primary_subtag(value)
        if code == "en":
            sample = " ".join(parts)
            if _plainly_english(sample, distinct=_CONFIRM_DISTINCT, share=0.0):
                return code
            if len(sample) < _MIN_CHECK:  # a short title alone: its text too
                sample = _sample(tree, parts)
            found = _classify(sample) if len(sample) >= _MIN_CHECK else None
            return found[0] if found and found[0] != "en" and found[1] > _LIKELY else code
        if code:
            return code
    sample = _sample(tree, parts)
    if _plainly_english(sample, distinct=_MIN_DISTINCT, share=_ENGLISH_SHARE):
        return "en"
    found = _classify(sample)
    return found[0] if found else None


def _plainly_english(sample: str, *, distinct: int, share: float) -> bool:
    """Unaccented text dense with English function words: the model would say "en" anyway,
    and skipping it saves a tenth of the extraction time on most English pages."""
    if _NOT_ENGLISH_ALPHABET.search(sample):
        return False
    words = _WORD.findall(sample.lower())
    hits = [word for word in words if word in _ENGLISH_WORDS]
    return len(set(hits)) >= distinct and len(hits) >= share * len(words)


def _sample(tree: LexborHTMLParser, parts: list[str]) -> str:
    size = sum(len(part) for part in parts)
    for node in tree.css("h1, p")[:60]:
        if size > _SAMPLE_CHARS:
            break
        text = node.text(deep=True, separator=" ", strip=True)
        parts.append(text)
        size += len(text)
    return " ".join(parts)[:_SAMPLE_CHARS]


def _classify(text: str) -> tuple[str, float] | None:
    """(language, confidence from 0 to 1), or None for text too short or not language."""
    if len(text.strip()) < _MIN_SAMPLE:
        return None
    # CLD2 rejects C0 controls as invalid UTF-8, and lone surrogates cannot be encoded.
    data = _CONTROL.sub(" ", text).encode("utf-8", "ignore")
    try:
        reliable, _, found = pycld2.detect(data, bestEffort=True)
    except pycld2.error:
        return None
    _, code, percent, _ = found[0]
    code = primary_subtag(code)
    if not code or code == "un":
        return None
    return code, percent / 100 * (1.0 if reliable else 0.5)
