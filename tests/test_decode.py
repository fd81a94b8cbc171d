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
        (b"<p>a\x01<b>b</b>\x7f</p>", False),  # controls among tags
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
    text, same, tags = decode_page(data)
    assert text == decode_html(data)
    assert tags is None or tags == text.count("<")  # (counted on the way, for `nesting`)
    assert same is verbatim
    if same:
        assert isinstance(data, bytes) and text.encode() == data


# Undeclared legacy pages behind a head of ASCII script (any 2000s CMS template), as
# browsers read them: by the letters each code page spells, not by the markup.
MENU = "<script>" + "".join(f"var item{i} = {{href: '/s/{i}'}};" for i in range(80)) + "</script>"
RUSSIAN = "Депутаты думы во вторник одобрили бюджет. Основные расходы придутся на ремонт дорог."
LEGACY = [
    ("cp1252", "fr", "Hélène Lefèvre a fait un détour de près de six kilomètres."),
    ("cp1252", "es", "La alcaldesa, María Núñez, dijo que el puente de Logroño cierra."),
    ("cp1252", "en", "\u201cWe can\u2019t,\u201d she said \u2014 the \u00a32.4m cost stays."),
    ("cp1250", "pl", "Badania zlecił sanepid po zgłoszeniach mieszkańców ulicy Żeromskiego."),
    ("cp1251", "ru", RUSSIAN),
    ("koi8_r", "ru", "Депутаты городской думы во вторник одобрили бюджет на год."),
    ("cp1251", "ru", "Депутаты городской думы во вторник одобрили бюджет на год."),
    ("euc-kr", "ko", "부산시는 15일 내년부터 시내버스 요금을 200원 인상한다고 밝혔다."),
    ("shift_jis", "ja", "静岡県浜松市は１５日、市内の公立小中学校の給食費を無償化すると発表した。"),
    ("gb18030", "zh", "广州市政府15日宣布，将于明年起在全市推行垃圾分类积分奖励制度。"),
    ("cp874", "th", "กรุงเทพมหานครประกาศปิดสะพานเป็นเวลาเก้าเดือน ผู้ว่าฯ กล่าวว่าไม่มีทางเลือกอื่น"),
    ("cp1253", "el", "Ο δήμαρχος ανακοίνωσε ότι η γέφυρα θα κλείσει για εννέα μήνες."),
    ("cp1254", "tr", "Belediye Başkanı, çalışmaların ağustos ayına kadar tamamlanacağını söyledi."),
    ("cp1255", "he", "ראש העירייה הודיע כי הגשר ייסגר לתשעה חודשים לצורך תיקונים."),
    ("cp1256", "ar", "قال رئيس البلدية إن الجسر سيغلق لمدة تسعة أشهر لإجراء إصلاحات."),
]


@pytest.mark.parametrize(("encoding", "lang", "text"), LEGACY)
@pytest.mark.parametrize("head", ["", MENU])
def test_undeclared_legacy_page_is_read_by_its_letters(
    encoding: str, lang: str, text: str, head: str
) -> None:
    html = (
        f'<html lang="{lang}"><head>{head}<title>t</title></head><body><p>{text}</p></body></html>'
    )
    assert decode_html(html.encode(encoding), "text/html") == html


def test_a_meta_charset_after_a_long_style_in_the_head_is_obeyed() -> None:
    style = "<style>" + "".join(f".c{i} {{margin: {i}px}}" for i in range(600)) + "</style>"
    text = "Świętokrzyski urząd ogłosił, że źródła wody są bezpieczne."  # read as cp1250
    html = page(f"<p>{text}</p>", style + '<meta charset="iso-8859-2">')
    assert html.index("<meta") > 4096
    assert decode_html(html.encode("iso-8859-2")) == html


@pytest.mark.parametrize(
    ("encoding", "label", "text"),
    [
        ("euc-kr", "euc-kr", "부산 시내버스 요금 200원 인상"),
        ("cp1251", "windows-1251", "Дума Твери одобрила бюджет"),
        ("iso-8859-9", "iso-8859-9", "İzmir Körfezi için yeni plan"),
    ],
)
def test_the_page_meta_beats_a_latin1_server_default(encoding: str, label: str, text: str) -> None:
    html = page(f"<p>{text}</p>", f'<meta charset="{label}">')
    assert decode_html(html.encode(encoding), "text/html; charset=ISO-8859-1") == html


def test_a_latin1_header_stays_when_the_page_is_latin1() -> None:
    html = page(GERMAN, '<meta charset="windows-1251">')  # a copied template's meta
    assert decode_html(html.encode("cp1252"), "text/html; charset=ISO-8859-1") == html


@pytest.mark.parametrize("declared", [True, False])
def test_iso_2022_jp_is_read_before_its_escapes_are_dropped(declared: bool) -> None:
    meta = '<meta charset="iso-2022-jp">' if declared else ""
    html = page("<p>静岡県浜松市は給食費を無償化すると発表した。</p>", meta)
    assert decode_html(html.encode("iso2022_jp")) == html


@pytest.mark.parametrize("meta", ['<meta charset="utf-8">', ""])
@pytest.mark.parametrize("paragraphs", [1, 4])
def test_a_latin1_story_in_a_utf8_template_is_read_byte_by_byte(paragraphs: int, meta: str) -> None:
    head = f"{meta}<title>Zürich: Café Odeon öffnet – Zürcher Zeitung</title>"
    story = "<p>Die Fassade des Cafés wurde für viel Geld renoviert, sagt Bärbel Vögeli.</p>"
    data = (
        f"<html><head>{head}</head><body>".encode()
        + (story * paragraphs).encode("cp1252")
        + b"</body></html>"
    )
    expected = f"<html><head>{head}</head><body>{story * paragraphs}</body></html>"
    header = "text/html; charset=utf-8" if meta else "text/html"  # or said nowhere
    assert decode_html(data, header) == expected


GREEK_BRIEF = (
    "<title>ΕΚΤΑΚΤΟ: ΣΕΙΣΜΟΣ 5,2 ΡΙΧΤΕΡ ΣΤΗΝ ΚΡΗΤΗ | ΚΡΗΤΗ ΣΗΜΕΡΑ</title>",
    "<h1>ΕΚΤΑΚΤΟ: ΣΕΙΣΜΟΣ 5,2 ΡΙΧΤΕΡ ΣΤΗΝ ΚΡΗΤΗ</h1><p>Σεισμός μεγέθους 5,2 βαθμών της"
    " κλίμακας Ρίχτερ σημειώθηκε το πρωί νότια της Κρήτης.</p>",
)
RUSSIAN_BRIEF = (
    "<title>СРОЧНО: ЗЕМЛЕТРЯСЕНИЕ В МОСКВЕ</title>",
    "<h1>СРОЧНО: ЗЕМЛЕТРЯСЕНИЕ В МОСКВЕ</h1><p>Землетрясение магнитудой 5,2 произошло утром"
    " к югу от Москвы.</p>",
)


@pytest.mark.parametrize(
    ("encoding", "brief"),
    [
        # Greek capitals are KOI8-R's small Cyrillic letters (today2x QA F06)
        ("cp1253", GREEK_BRIEF),
        ("iso8859_7", GREEK_BRIEF),
        ("cp1253", (GREEK_BRIEF[0], GREEK_BRIEF[0].replace("title", "h1"))),  # capitals only
        ("koi8_r", RUSSIAN_BRIEF),
        ("cp1251", RUSSIAN_BRIEF),
    ],
)
def test_a_short_brief_under_a_headline_in_capitals(encoding: str, brief: tuple[str, str]) -> None:
    html = f"<html><head>{brief[0]}</head><body>{brief[1]}</body></html>"
    assert decode_html(html.encode(encoding)) == html
