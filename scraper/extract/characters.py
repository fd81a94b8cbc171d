"""The characters a text keeps: those a reader sees, or that shape what they see.

C0 controls but tab and newline, and DEL: character references (`&#27;`) bring them back
after decoding cleaned the bytes, and in a terminal they are escape sequences. Soft hyphens
(`&shy;`) only mark where a browser may break a word, and a zero-width space (U+200B) or
word joiner (U+2060) where it may or may not: left in, they split the words that a search,
a diff or a quote looks for ("sign\u200bposted"). So does a byte-order mark pasted into the
middle of a text (U+FEFF), which shows as nothing. Zero-width joiners and non-joiners stay:
Persian, the Indic scripts and emoji are spelt with them. And in Thai, Lao, Khmer and
Myanmar, written without spaces, a zero-width space is where one word ends: it stays
between two of their letters, and is a space between one and anything else (a number, a
Latin word, a bracket), which would otherwise run into the word ("Omicronថ្មី").
"""

from __future__ import annotations

import html
import re
from typing import Final

__all__ = ["first_value", "printable", "printable_field"]

_CONTROLS: Final = "".join(map(chr, [*range(9), *range(11, 32), 127, 0xAD, 0x2060, 0xFEFF]))
_UNSPACED: Final = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"  # Thai, Lao, Myanmar, Khmer
_BREAKS: Final = re.compile("\u200b+")
_IN_UNSPACED: Final = re.compile(f"[{_UNSPACED}]")
_C1: Final = "".join(map(chr, range(0x80, 0xA0)))
# Most texts have none, and those that have one have few kinds: one `in` per character
# (a memchr each) finds them, and one `str.replace` per kind found deletes them. A regex
# tests every character against the set (~60 instructions each), and `str.translate` with
# a table calls into the table for every character of a text that is not ASCII: 1.8 ms
# on one story of 40 kB with a soft hyphen.


def printable(text: str | None) -> str | None:
    """`text` without the characters above; None and "" as they are."""
    if not text:
        return text
    found = _without(text, _CONTROLS)
    if "\u200b" in found:
        found = _BREAKS.sub(_word_break, found)
    # Stripped again: a mark may have stood before the first word ("\ufeff Title").
    return found if found is text else found.strip()


def printable_field(text: str | None) -> str | None:
    """`printable` for a metadata field (a name, a tag), and without C1 controls either
    (U+0080–U+009F: "\u009b" is a terminal's CSI). Decoding took them out of the page's
    bytes, but a JSON escape or a character reference writes them back; a body's text
    comes through the parser, which reads such a reference as windows-1252's letter."""
    text = printable(text)
    if text and not text.isascii():
        text = _without(text, _C1).strip()
    return text


def _without(text: str, characters: str) -> str:
    """`text` without any of `characters`: `text` itself when it has none."""
    for char in characters:
        if char in text:
            text = text.replace(char, "")
    return text


def _word_break(match: re.Match[str]) -> str:
    """A run of zero-width spaces as its neighbours need it: kept between two letters of
    an unspaced script, a space between one of them and another character, else none."""
    text, start, end = match.string, match.start(), match.end()
    before, after = text[start - 1 : start], text[end : end + 1]  # ("" at an end)
    unspaced = _IN_UNSPACED.match(before), _IN_UNSPACED.match(after)
    if all(unspaced):
        return match[0]
    return " " if any(unspaced) and before.strip() and after.strip() else ""


def first_value(*values: str | None) -> str | None:
    """The first non-blank value, whitespace collapsed and entities decoded (many CMSs
    escape meta content twice: "My&amp;#x20;Europe" reaches us as "My&#x20;Europe")."""
    for value in values:
        if value and value.strip():
            return " ".join((html.unescape(value) if "&" in value else value).split())
    return None
