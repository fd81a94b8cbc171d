"""Bytes → text, the way a browser would read a page, and never an exception.

Order of evidence: a byte-order mark; ISO-2022-JP's escapes; strict UTF-8 (the common
case: one decode); UTF-8 with a few broken bytes (a truncated page, or a latin-1 story in a
UTF-8 template: each broken byte is read as windows-1252); the HTTP charset, then the
page's own `<meta charset>` (anywhere in its head); detection by the letters each code page
reads (`codepages.py`), then statistical detection on a bounded sample; and last cp1252
with replacement characters. Header charsets lie, so a declared encoding is only tried,
never trusted: one that fails a strict decode is skipped, and when the header and the meta
both decode (windows-1252, a server's default, decodes nearly anything) the reading that
spells real words wins. Labels are read as browsers read them (WHATWG Encoding Standard):
"iso-8859-1" means windows-1252, "shift_jis" means cp932, and so on.
"""

from __future__ import annotations

import codecs
import re
from typing import Final, NamedTuple

from charset_normalizer import from_bytes

from .codepages import candidates, plausibility

__all__ = ["Decoded", "decode_html", "decode_page"]

_BOMS: Final = (
    # UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Browsers read these labels as windows-1252 (WHATWG Encoding Standard).
_ALIASES: Final = {
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
}

_PREFIX: Final = 4096  # a <meta charset> must sit in the first 1024 bytes; allow for sloppy pages
_SAMPLE: Final = 64 * 1024  # what detection reads: enough for statistics, bounded on huge pages
_WIDE_ZEROS: Final = 0.6  # share of zero bytes in one half of a UTF-16 page's first bytes

_HEADER_CHARSET: Final = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
# Where a <meta charset> may stand: browsers obey one met while parsing the head, however
# much style or script comes before it.
_HEAD_END: Final = re.compile(rb"</head|<body", re.IGNORECASE)
_ISO_2022_JP: Final = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b(I")  # its escapes into JIS sets
_META_CHARSET: Final = re.compile(
    rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE
)
# C0 controls except \t \n \r, DEL, and C1 controls: they break XML, JSON and terminals.
_CONTROLS: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The same, looked for in the bytes (UTF-8 and every ASCII-compatible legacy encoding
# write C0 controls as single bytes that are never part of another character). A regex
# over a decoded 300 kB page costs ~2 ms; one `bytes.translate` that deletes every other
# byte but "<" costs a thirtieth of that, and counts the page's tags on the way
# (`nesting` asks), which would be a pass of its own.
_C0_BYTES: Final = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_UNSCREENED: Final = bytes(b for b in range(256) if b not in _C0_BYTES and b != ord("<"))
_C1_UTF8: Final = re.compile(rb"\xc2[\x80-\x9f]")
_C1_LEADS: Final = 32  # 0xC2 bytes looked at one by one before the regex takes over


class Decoded(NamedTuple):
    """A page as text, and what decoding learnt of it on the way."""

    text: str
    # Whether the text is exactly the bytes read as UTF-8: then a parser that reads
    # UTF-8 (Lexbor) can take the bytes, saving an encode of the text.
    verbatim: bool
    tags: int | None = None  # the number of "<" in the text, when counted


def decode_html(data: str | bytes, content_type: str | None = None) -> str:
    """Decode an HTML page to text; `content_type` is the HTTP header, used as a hint.

    Never raises: bytes no encoding explains come out as cp1252 with U+FFFD for the
    undefined bytes. Control characters other than tab and newlines are dropped.
    """
    return decode_page(data, content_type)[0]


def decode_page(data: str | bytes, content_type: str | None = None) -> Decoded:
    """`decode_html`, and what was learnt on the way (`Decoded`)."""
    if isinstance(data, str):
        return Decoded(_CONTROLS.sub("", data), False)
    data = bytes(data)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            return Decoded(_CONTROLS.sub("", text), False)
    verbatim = True
    if data.find(b"\x00") >= 0 and (wide := _utf16_without_bom(data)):
        return Decoded(_CONTROLS.sub("", data.decode(wide, errors="replace")), False)
    screened = data.translate(None, _UNSCREENED)  # the control bytes and the "<"s
    tags = screened.count(b"<")
    if tags < len(screened):
        if data.find(b"\x1b") >= 0 and (jis := _iso_2022_jp(data)):
            return Decoded(_CONTROLS.sub("", jis), False)
        data = data.translate(None, _C0_BYTES)
        verbatim = False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(data, content_type)
        # (Single-byte codecs may map 0x80-0x9F to C1; in ISO-2022's, "<" may be half of
        # another character: the text's tags are counted again.)
        return Decoded(_CONTROLS.sub("", text), False)
    if _has_c1(data):
        return Decoded(_CONTROLS.sub("", text), False, tags)
    return Decoded(text, verbatim, tags)


def _utf16_without_bom(data: bytes) -> str | None:
    """The codec of a page saved as UTF-16 with no byte-order mark ("utf-16-le" or "-be"):
    markup is ASCII, so every other byte is zero. (Browsers show such a page as noise;
    its text is plain to read.) A stray NUL in a UTF-8 page is nowhere near that share."""
    sample = data[:_PREFIX]
    half = len(sample) // 2
    if half < 8:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= _WIDE_ZEROS * half and even <= half // 20:
        return "utf-16-le"
    if even >= _WIDE_ZEROS * half and odd <= half // 20:
        return "utf-16-be"
    return None


def _has_c1(data: bytes) -> bool:
    """Whether UTF-8 `data` writes a C1 control (byte 0xC2, then 0x80 to 0x9F). Most
    pages have a few 0xC2 bytes (a no-break space, a "©"): `bytes.find` (memchr) jumps
    between them several times faster than the regex scans every byte, which it is left
    to on pages with many."""
    pos = data.find(b"\xc2")
    for _ in range(_C1_LEADS):
        if pos < 0:
            return False
        if b"\x80" <= data[pos + 1 : pos + 2] <= b"\x9f":
            return True
        pos = data.find(b"\xc2", pos + 1)
    return pos >= 0 and _C1_UTF8.search(data, pos) is not None


def _iso_2022_jp(data: bytes) -> str | None:
    """`data` read as ISO-2022-JP (7-bit JIS, escaping into Japanese with ESC $ B), or
    None: its escapes are the control bytes decoding otherwise drops first."""
    if not any(data.find(escape) >= 0 for escape in _ISO_2022_JP):
        return None
    try:
        return data.decode("iso2022_jp_ext")
    except UnicodeDecodeError:
        return None


def _decode_legacy(data: bytes, content_type: str | None) -> str:
    valid, broken = _utf8_characters(data[:_SAMPLE])
    if valid > broken:
        return data.decode("utf-8", errors=_LATIN1_FALLBACK)
    labels = [_normalise(_header_charset(content_type)), _normalise(_meta_charset(_head(data)))]
    readings = [text for label in labels if label and (text := _strict(data, label))]
    if not readings:
        readings.append(_undeclared(data))
    if valid or "utf-8" in labels:  # perhaps a latin-1 story in a UTF-8 template
        readings.insert(0, data.decode("utf-8", errors=_LATIN1_FALLBACK))
    if len(readings) == 1:
        return readings[0]
    # The first (the header's) unless another reads more plausibly: an "ISO-8859-1"
    # server default decodes a Korean or Russian page too, as nonsense.
    return max(readings, key=lambda text: plausibility(text[:_SAMPLE]))


def _strict(data: bytes, encoding: str) -> str | None:
    if encoding == "utf-8":
        return None  # known to fail
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _undeclared(data: bytes) -> str:
    encoding = _detect(data[:_SAMPLE])
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass  # the sample was clean but the rest is not
    return data.decode("cp1252", errors="replace")


def _header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1) if match else None


def _head(data: bytes) -> bytes:
    """The part of `data` a <meta charset> may stand in: its head (within a sample)."""
    end = _HEAD_END.search(data, 0, _SAMPLE)
    return data[: max(end.start() if end else _SAMPLE, _PREFIX)]


def _meta_charset(prefix: bytes) -> str | None:
    match = _META_CHARSET.search(prefix)
    return match.group(1).decode("ascii", errors="ignore") if match else None


def _normalise(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None if Python has no such codec."""
    if not label:
        return None
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # UTF-16/32 declared without a BOM is nearly always a mislabelled ASCII-compatible page.
    if name.startswith(("utf-16", "utf-32")):
        return None
    return _ALIASES.get(name, name)


def _detect(sample: bytes) -> str | None:
    likely = candidates(sample)
    if len(likely) == 1:
        return likely[0]
    try:  # CJK, or no opinion: a statistical detector, among the likely ones if any
        matches = from_bytes(sample, cp_isolation=list(likely) or None)
        best = matches.best()
    except Exception:  # detection is a heuristic; a failure just means "no opinion"
        return None
    return _normalise(best.encoding) if best is not None else None


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: a byte that is not UTF-8 is read as windows-1252 (a latin-1
    story in a UTF-8 template), one the code page leaves undefined, or a sequence the
    page's end cut short, as U+FFFD."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    if error.reason == "unexpected end of data":
        return "\ufffd", error.end
    byte = error.object[error.start : error.start + 1]
    return byte.decode("cp1252", errors="replace"), error.start + 1


_LATIN1_FALLBACK: Final = "scraper-latin1-fallback"
codecs.register_error(_LATIN1_FALLBACK, _latin1_fallback)


def _utf8_characters(sample: bytes) -> tuple[int, int]:
    """How many valid multi-byte UTF-8 sequences `sample` has, and how many broken bytes.

    Valid sequences almost never occur by chance in a legacy encoding, so a page with more
    of them than broken bytes is UTF-8 (truncated, or with a latin-1 part spliced in).
    """
    text = sample.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    beyond_ascii = len(text) - len(text.encode("ascii", errors="ignore"))  # C, not a loop
    return beyond_ascii - broken, broken
