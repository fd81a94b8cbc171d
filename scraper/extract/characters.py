"""The characters a text keeps: those a reader sees, or that shape what they see.

C0 controls but tab and newline, and DEL: character references (`&#27;`) bring them back
after decoding cleaned the bytes, and in a terminal they are escape sequences. Soft hyphens
(`&shy;`) only mark where a browser may break a word, and a zero-width space (U+200B) or
word joiner (U+2060) where it may or may not: left in, they split the words that a search,
a diff or a quote looks for ("sign\u200bposted"). So does a byte-order mark pasted into the
middle of a text (U+FEFF), which shows as nothing. Zero-width joiners and non-joiners stay:
Persian, the Indic scripts and emoji are spelt with them. And in Thai, Lao, Khmer and
Myanmar, written without spaces, a zero-width space is where one word ends: it stays there.
"""

from __future__ import annotations

import re

__all__ = ["printable"]

_CONTROLS = dict.fromkeys([*range(9), *range(11, 32), 127, 0xAD, 0x2060, 0xFEFF])
_UNSPACED = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"  # Thai, Lao, Myanmar, Khmer
# A zero-width space but between two letters of those.
_STRAY_BREAK = re.compile(f"(?<![{_UNSPACED}])\u200b|\u200b(?![{_UNSPACED}])")
# Most texts have none. `str.translate` copies the text character by character, and a
# regex tests every character against the set (~60 instructions each): one `in` per
# character (a memchr each) finds none several times faster.
_CONTROL_CHARS = (*map(chr, _CONTROLS), "\u200b")


def printable(text: str | None) -> str | None:
    """`text` without the characters above; None and "" as they are."""
    if not text or not any(char in text for char in _CONTROL_CHARS):
        return text
    text = text.translate(_CONTROLS)
    if "\u200b" in text:
        text = _STRAY_BREAK.sub("", text)
    # Stripped again: a mark may have stood before the first word ("\ufeff Title").
    return text.strip()
