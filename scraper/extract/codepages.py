"""Which single-byte code page undeclared bytes are in (or whether a CJK encoding reads
them better), judged by the letters each reading gives, as browsers' detectors (chardetng,
CED) judge them, rather than by the markup.

A right reading spells the text in one language's letters, in words of one case or
capitalised, mostly lower case but for words in capitals, with no stray symbols; a wrong
one mixes letters no language writes together ("Äåïóòàòû" for "Депутаты", "prčs" for
"près" beside "Núńez"), turns letters into symbols ("zg³oszenia"), or capitals and small
letters ("сЕИСЛЭР" for "Σεισμός").
Only the bytes above 0x7F are read: the markup around them is ASCII in every candidate.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from typing import Final, NamedTuple

__all__ = ["candidates", "plausibility"]

# The web's default first, so that a tie (English with only “quotes” and — dashes) keeps it;
# the Cyrillic ones last, as their 64 letters read any run of high bytes as words, where the
# others leave bytes undefined or spell Latin letters beside their own.
_CANDIDATES: Final = (
    "cp1252",
    "cp1250",
    "iso8859_2",
    "cp1255",
    "cp1253",
    "cp1254",
    "cp1256",
    "cp1257",
    "cp1258",
    "cp874",
    "cp1251",
    "koi8_r",
)


def _span(first: str, last: str) -> str:
    return "".join(map(chr, range(ord(first), ord(last) + 1)))


# The letters beyond ASCII that one language (or a group sharing them) writes, lower case.
# ("İ" lower-cased is "i" and a combining dot: Turkish's, the only code page that has it.)
_ALPHABETS: Final = tuple(
    frozenset(letters) | {"i\u0307"}
    for letters in (
        "äöüß",  # German
        "àâæçéèêëîïôœùûüÿ",  # French
        "áéíñóúüºª",  # Spanish
        "àáâãçéêíóôõúºª",  # Portuguese
        "àèéìíîòóùºª",  # Italian
        "àçèéíïòóúü",  # Catalan
        "áéëèêïóöü",  # Dutch
        "åäöéæøó",  # Swedish, Danish, Norwegian, Finnish
        "áðéíóúýþæö",  # Icelandic
        "ąćęłńóśźż",  # Polish
        "áčďéěíňóřšťúůýž",  # Czech
        "áäčďéíĺľňóôŕšťúýž",  # Slovak
        "áéíóöőúüű",  # Hungarian
        "ăâîșțşţ",  # Romanian
        "čćđšž",  # Croatian, Bosnian, Serbian, Slovene
        "çğıöşüâîû",  # Turkish
        "ąčęėįšųūž",  # Lithuanian
        "āčēģīķļņšūž",  # Latvian
        "äõöüšž",  # Estonian
        "àáâãèéêìíòóôõùúýăđơư\u0300\u0301\u0303\u0309\u0323",  # Vietnamese
        _span("а", "я") + "ёђѓєѕіїјљњћќўџґ",  # Cyrillic
        _span("α", "ω") + "άέήίόύώϊϋΐΰ",  # Greek
        _span("\u05b0", "\u05c7") + _span("א", "ת"),  # Hebrew, and its vowel points
        _span("ء", "\u0652") + "پچژکگی",  # Arabic, Persian, and their vowel marks
        _span("ก", "\u0e4e"),  # Thai
    )
)

# Symbols that stand in running text: punctuation, currency, ©, °, №. Others (¦ ± ³ ¯ ¤)
# in a page's text are nearly always letters of another code page.
_BENIGN: Final = frozenset(("Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sc", "Zs", "Cf"))
_BENIGN_SYMBOLS: Final = frozenset("©®™°№€£•×")
_ODD: Final = frozenset("¶¦")  # punctuation to Unicode, but in a text a misread ś or Ś
# The runs of bytes above 0x7F, with the ASCII letter after: Cyrillic, Greek, Hebrew, Arabic
# or Thai letters never share a word with Latin ones ("Mдrz" is "März" misread). (A letter
# before would cost a regex that tries every byte, three times slower.)
_HIGH: Final = re.compile(rb"[\x80-\xff]+[A-Za-z]?")
_ASCII: Final = bytes(range(0x80))
_MIXED: Final = re.compile(r"[A-Za-z][\u0370-\u0e7f]|[\u0370-\u0e7f][A-Za-z]")
# Spellings no text has: a vowel mark or accent with no letter before it to sit on, and
# Greek's final sigma inside a word (Russian read as Thai, or as Greek).
_MARKS: Final = "\u0300-\u036f\u05b0-\u05c7\u064b-\u0652\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_MISSPELT: Final = re.compile(f"(?<![^\\W\\d_])(?<![{_MARKS}])[{_MARKS}]|ς[α-ωά-ώ]")
# Case is judged word by word: "ΣΕΙΣΜΟΣ" and "Σεισμός" read as KOI8-R are "сеислос" and
# "сЕИСЛЭР", and no word has a capital after a small letter. Words in capitals (a headline,
# a site's name) say nothing of the reading, however many in a short brief: it is the
# other words that are mostly lower case.
_CASED: Final = _span("\x80", "\u052f")  # Latin, Greek and Cyrillic letters beyond ASCII
_UPPER: Final = "".join(char for char in _CASED if char.isupper())
_LOWER: Final = "".join(char for char in _CASED if char.islower())
_UPPER_RUN: Final = re.compile(f"([{_LOWER}]?)([{_UPPER}]+)")
# A reading this plausible is taken as it is; a less plausible one too when the bytes
# above 0x7F stand mostly alone (one accented letter among ASCII ones: a Latin script).
_CONFIDENT: Final = 0.8
_LATIN_RUN: Final = 1.5
_MULTIBYTE: Final = ("gb18030", "cp949", "cp932", "euc_jp", "big5hkscs")  # CJK's
_SAMPLE: Final = 16 * 1024  # bytes above 0x7F read: plenty for letter statistics


def candidates(data: bytes) -> tuple[str, ...]:
    """The encodings `data` is likely in: the single-byte code page that reads it most
    plausibly (ties go to the earlier, commoner one); or the multi-byte ones that read it
    better, for a detector that knows CJK to choose from; or () for no opinion (ASCII, or
    no code page reads it well)."""
    runs = _HIGH.findall(data)
    if not runs:
        return ()
    score, codec = _most_plausible(b" ".join(runs)[:_SAMPLE])
    if len(b"".join(runs).translate(None, _ASCII)) < _LATIN_RUN * len(runs):
        return (codec,)
    # Long runs: letters of a non-Latin script, or CJK byte pairs, which a single-byte
    # code page reads as words too.
    cjk = tuple(name for name in _MULTIBYTE if _multibyte(data, name) > score)
    return cjk or ((codec,) if score >= _CONFIDENT else ())


def _multibyte(data: bytes, codec: str) -> float:
    """How plausibly the multi-byte `codec` reads `data` (perhaps cut mid-character)."""
    try:
        return plausibility(codecs.getincrementaldecoder(codec)().decode(data))
    except UnicodeDecodeError:
        return -1.0  # in any other encoding, some byte soon stands where it cannot


def _most_plausible(high: bytes) -> tuple[float, str]:
    """The code page that reads `high` most plausibly (the earlier of equals), and how
    plausibly. Case, the costliest test, only lowers a score: it is judged for the
    readings that could still win, best first (one or two of the twelve, mostly)."""
    tallies = []
    for order, codec in enumerate(_CANDIDATES):
        try:
            text = high.decode(codec)
        except UnicodeDecodeError:
            continue  # a byte the code page does not define
        tally = _tally(text)
        tallies.append((-_score(tally.good, tally.bad), order, codec, text, tally))
    best = (-1.0, 0, _CANDIDATES[0])  # (score, -order, codec): the earlier of equals wins
    for bound, order, codec, text, tally in sorted(tallies):
        if (-bound, -order) < best[:2]:
            break  # no reading left can beat the best
        best = max(best, (_score(tally.good, tally.bad + _case(text, tally)), -order, codec))
    return best[0], best[2]


class _Tally(NamedTuple):
    good: int
    bad: int
    upper: int  # letters in capitals
    lower: int  # and the others


def plausibility(text: str) -> float:
    """How plausibly `text` is a reading of its page, from -1 (nonsense) to 1 (every
    character beyond ASCII a letter of one language, or punctuation)."""
    tally = _tally(text)
    return _score(tally.good, tally.bad + _case(text, tally))


def _score(good: int, bad: int) -> float:
    return (good - bad) / max(good + bad, 1)


def _tally(text: str) -> _Tally:
    """The characters beyond ASCII that make `text` plausible and those that do not, but
    for its case."""
    counts = Counter(text)
    letters: Counter[str] = Counter()
    good = ideographs = 0
    bad = 2 * (len(_MIXED.findall(text)) + len(_MISSPELT.findall(text)))
    upper = lower = 0
    for char, n in counts.items():
        if char < "\x80":
            continue
        kind = unicodedata.category(char)
        if char >= "\u3000" and kind[0] == "L":
            ideographs += n  # CJK: kana, hangul, ideographs (a multi-byte reading)
        elif kind[0] == "L" or kind == "Mn":  # a combining mark is part of a letter
            letters[char.lower()] += n
            if char.isupper():
                upper += n
            else:
                lower += n
        elif char in _BENIGN_SYMBOLS or (kind in _BENIGN and char not in _ODD):
            good += n
        else:
            bad += n
    known = max(sum(n for c, n in letters.items() if c in alphabet) for alphabet in _ALPHABETS)
    return _Tally(good + known + ideographs, bad + letters.total() - known, upper, lower)


def _case(text: str, tally: _Tally) -> int:
    """What the case of `text` says against it: each capital after a small letter in a
    word ("сЕИСЛЭР"), and capitals outnumbering small letters but in words in capitals."""
    if not tally.upper:
        return 0
    misplaced = capitals = 0
    for small, run in _UPPER_RUN.findall(text):
        if small:
            misplaced += len(run)
        elif len(run) > 1:
            capitals += len(run)
    return misplaced + max(tally.upper - capitals - tally.lower, 0)
