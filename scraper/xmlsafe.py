"""Bytes → XML text, safely: gzip with a size cap, encoding sniffing, and the DTD screen.

Feeds and sitemaps come from servers we do not trust. Two attacks matter to a parser:
entity expansion (billion laughs, quadratic blowup), which turns a few kilobytes into
gigabytes, and external entities (XXE), which read local files or make requests. Both need a
DTD that declares entities, and no real feed or sitemap needs one, so we refuse such documents
outright (`refuse_entity_declarations`) before any parser sees them. Sitemaps are then parsed
with defusedxml, which refuses the same things again; feeds go to feedparser, which only strips
some declarations with regular expressions, so for feeds the screen is what keeps us safe.
"""

from __future__ import annotations

import codecs
import re
import zlib

from scraper.errors import FeedError

__all__ = [
    "MAX_DECOMPRESSED_BYTES",
    "decode_xml",
    "gunzip_capped",
    "is_gzip",
    "refuse_entity_declarations",
    "root_name",
    "utf8_xml",
    "xml_characters",
]

MAX_DECOMPRESSED_BYTES = 50 * 1024 * 1024  # the sitemap protocol's limit for one file

_GZIP_MAGIC = b"\x1f\x8b"
_XML_DECLARATION = re.compile(
    rb"^\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._:-]{1,40})[\"']"
)
_XML_DECLARATION_TEXT = re.compile(r"^\s*<\?xml[^>]{0,200}?\?>")
# Skip whitespace, the XML declaration, processing instructions, comments and a DOCTYPE
# (internal subset included), then capture the first element's name.
# Possessive loops (`*+`): without them a run of comments that leads nowhere backtracks
# exponentially.
_ROOT = re.compile(
    r"\ufeff?(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*+>)*+<([A-Za-z_][\w:.-]*)",
    re.DOTALL | re.IGNORECASE,
)
_SNIFF_CHARS = 64 * 1024  # the root element is well within this in any real document
# What XML 1.0 cannot hold: C0 controls but tab and line breaks, halves of UTF-16 pairs,
# U+FFFE and U+FFFF. One in a title (a vertical tab pasted from Word) fails the document.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
_DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(r"<!ENTITY", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# "<?" or "<" then a letter in UTF-16/32 without a BOM (XML spec, appendix F).
_NUL_PATTERNS = (
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)


def is_gzip(body: bytes) -> bool:
    return body.startswith(_GZIP_MAGIC)


def sniff_prefix(body: bytes, size: int) -> bytes:
    """The first `size` bytes of a document, decompressed first if it is gzip (nothing if
    the gzip is corrupt): enough to tell what it is without reading it all."""
    if not is_gzip(body):
        return body[:size]
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, size)
    except zlib.error:
        return b""


def gunzip_capped(body: bytes, url: str, limit: int = MAX_DECOMPRESSED_BYTES) -> bytes:
    """Decompress a (possibly multi-member) gzip body, refusing output over `limit` bytes.

    A truncated or corrupt stream gives what was decompressed before the damage, if anything;
    the XML parser then keeps the entries it can read.
    """
    out = bytearray()
    data = body
    while data.startswith(_GZIP_MAGIC):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += inflater.decompress(data, limit + 1 - len(out))
        except zlib.error as error:
            if out:
                break
            raise FeedError(f"corrupt gzip data: {error}", url=url) from error
        if len(out) > limit or inflater.unconsumed_tail:
            raise FeedError(f"larger than {limit // (1024 * 1024)} MB once decompressed", url=url)
        data = inflater.unused_data.lstrip(b"\x00")  # some writers pad between members
    if not out and body:
        raise FeedError("gzip data holds nothing", url=url)
    return bytes(out)


def decode_xml(body: bytes) -> str:
    """Decode an XML document: BOM, then the XML declaration, then UTF-8, then Windows-1252."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, "replace")
    for prefix, encoding in _NUL_PATTERNS:
        if body.startswith(prefix):
            return body.decode(encoding, "replace")
    declared = _XML_DECLARATION.match(body)
    candidates = [declared.group(1).decode("ascii").lower()] if declared else []
    for encoding in [*candidates, "utf-8"]:
        # The declaration was read as ASCII, so a UTF-16/32 claim is wrong: the bytes are not.
        if encoding.replace("_", "-").startswith(("utf-16", "utf-32", "ucs")):
            continue
        try:
            return body.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return body.decode("cp1252", "replace")


def refuse_entity_declarations(text: str, url: str) -> None:
    """Raise FeedError if the document has a DTD that may declare entities.

    Deliberately coarse: any `<!ENTITY` together with a `<!DOCTYPE`, wherever they are.
    Parsers disagree on where a DTD ends (feedparser reads it with regular expressions, which
    a comment can fool), so only "neither is present" is safe for all of them. A real feed
    that quotes both strings in its content is refused too; none has been seen in practice.
    """
    if _ENTITY.search(text) and _DOCTYPE.search(text):
        raise FeedError(
            "refused: the document declares XML entities in a DTD (entity expansion and "
            "external entities are attacks, and no real feed or sitemap needs them)",
            url=url,
        )


def root_name(text: str) -> str | None:
    """The local name of the document's root element, lower-case ("rss", "urlset", "html")."""
    match = _ROOT.match(text, 0, _SNIFF_CHARS)
    return match.group(1).rpartition(":")[2].lower() if match else None


def xml_characters(text: str) -> str:
    """`text` with what XML cannot hold replaced, where one such character would fail a
    whole feed or sitemap: a control character by a space (a vertical tab pasted from Word
    was a line break; a link of one is no link), a reference to none (`&#0;`, `&#xD83D;`:
    half an emoji a CMS cut in two, `&#x110000;`) by U+FFFD, as a browser reads it."""
    text = _NOT_XML.sub(_raw_replacement, text)
    return _CHARACTER_REFERENCE.sub(_reference_replacement, text) if "&#" in text else text


def _raw_replacement(match: re.Match[str]) -> str:
    return " " if match.group() < " " else "\ufffd"


def _reference_replacement(match: re.Match[str]) -> str:
    hexadecimal, decimal = match.groups()
    digits = (hexadecimal or decimal).lstrip("0")
    if len(digits) > 7:  # (int() refuses thousands of digits; no character needs 8)
        return "\ufffd"
    code = int(digits or "0", 16 if hexadecimal else 10)
    valid = code <= 0x10FFFF and not _NOT_XML.match(chr(code))
    return match.group() if valid else "\ufffd"


def utf8_xml(text: str) -> bytes:
    """`text` as UTF-8 bytes whose XML declaration (if any) says so."""
    declaration = '<?xml version="1.0" encoding="utf-8"?>'
    text, found = _XML_DECLARATION_TEXT.subn(declaration, text, count=1)
    if not found:
        text = declaration + "\n" + text.lstrip()
    return text.encode("utf-8", "replace")
