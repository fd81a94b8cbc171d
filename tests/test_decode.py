"""decode_html: bytes → text as a browser reads them, never an exception."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.extract.decode import decode_html, decode_page

GERMAN = "<p>Müller äußerte sich über die Größe der Straße – „gut“ für Ärzte.</p>"


def page(body: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>t</title></head><body>{body}</body></html>"


def test_utf8_is_read_as_utf8() -> None:
    assert decode_html(page(GERMAN).encode()) == page(GERMAN)


def test_header_charset_that_lies_does_not_win() -> None:
    html = page(GERMAN, '<meta charset="utf-8">')
    assert decode_html(html.encode("cp1252"), "text/html; charset=UTF-8") == html


def test_declared_legacy_charset_is_used() -> None:
    html = page("<p>Привет, мир! Это страница на русском языке.</p>")
    assert decode_html(html.encode("cp1251"), "text/html; charset=windows-1251") == html


def test_meta_charset_is_used_when_the_header_says_nothing() -> None:
    html = page("<p>日本語のテキストです。東京の天気は晴れ。</p>", '<meta charset="shift_jis">')
    assert decode_html(html.encode("shift_jis")) == html


def test_shift_jis_label_means_windows_31j() -> None:
    html = page("<p>第①回 会議の議事録</p>", '<meta charset="Shift_JIS">')  # ① is cp932 only
    assert decode_html(html.encode("cp932")) == html


def test_latin1_label_means_windows_1252() -> None:
    # 0x93/0x94 are curly quotes in windows-1252 and C1 controls in ISO-8859-1.
    data = b'<meta charset="iso-8859-1"><p>\x93quoted\x94 caf\xe9</p>'
    assert decode_html(data) == '<meta charset="iso-8859-1"><p>“quoted” café</p>'


def test_undeclared_legacy_bytes_are_detected() -> None:
    text = decode_html(page(GERMAN * 5).encode("cp1252"))
    assert "Straße" in text and "Ärzte" in text


def test_truncated_utf8_keeps_the_rest() -> None:
    data = page(GERMAN).encode()[:-30] + b"\xc3"
    text = decode_html(data)
    assert text.startswith("<html>") and "Straße" in text and text.endswith("\ufffd")


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_byte_order_mark_decides(bom: bytes, encoding: str) -> None:
    html = page(GERMAN)
    assert decode_html(bom + html.encode(encoding), "text/html; charset=iso-8859-1") == html


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(encoding: str) -> None:
    html = page(GERMAN + " “Zitat” — Ende")
    assert decode_html(html.encode(encoding)) == html


def test_a_stray_nul_in_utf8_is_dropped_not_read_as_utf16() -> None:
    assert decode_html(page(GERMAN).encode() + b"\x00") == page(GERMAN)


def test_control_characters_are_dropped_but_whitespace_kept() -> None:
    assert decode_html(b"a\x00b\x1bc\td\ne\r\n\x7f") == "abc\td\ne\r\n"
    assert decode_html("a\x00b\x85c\td") == "abc\td"


def test_unknown_charset_label_is_ignored() -> None:
    assert decode_html(b"<p>plain</p>", "text/html; charset=x-no-such-thing") == "<p>plain</p>"


@settings(deadline=None)  # detection's first call loads its tables
@given(st.binary(max_size=2000), st.one_of(st.none(), st.text(max_size=60)))
def test_never_raises_on_bytes(data: bytes, content_type: str | None) -> None:
    text = decode_html(data, content_type)
    assert isinstance(text, str)
    assert not any(ch in text for ch in "\x00\x01\x1b\x7f")


@settings(deadline=None)  # a shared CI machine can pause any example
@given(st.text(max_size=2000))
def test_never_raises_on_text(data: str) -> None:
    assert "\x00" not in decode_html(data)


@pytest.mark.parametrize(
    ("data", "verbatim"),
    [
        (GERMAN.encode(), True),  # clean UTF-8: the bytes are the text
        (GERMAN, False),  # given as text: no bytes to hand on
        (b"a\x00b", False),  # a control character dropped
        ("caf\u00e9".encode("cp1252"), False),  # another encoding
        (codecs.BOM_UTF8 + b"<p>x</p>", False),  # the mark is not text
        ("<p>\x85</p>".encode(), False),  # a C1 control dropped
        # Found among other 0xC2 bytes: a few, many, and one that ends the page.
        ("<p>\xa0 \xa9 \x85</p>".encode(), False),
        (("\xa0" * 40 + "\x85").encode(), False),
        (("\xa0" * 40 + "\xa9").encode(), True),
        (b"<p>x</p>\xc2", False),  # a broken last byte: not UTF-8
    ],
)
def test_decode_page_says_when_the_bytes_are_the_text(data: str | bytes, verbatim: bool) -> None:
    text, same = decode_page(data)
    assert text == decode_html(data)
    assert same is verbatim
    if same:
        assert isinstance(data, bytes) and text.encode() == data
