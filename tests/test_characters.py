"""printable: the characters a text keeps."""

from __future__ import annotations

import pytest

from scraper import extract
from scraper.extract.characters import printable


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("sign\u200bposted", "signposted"),  # a CMS's zero-width space inside a word
        ("Oak\u2060Street", "OakStreet"),  # a word joiner
        ("engi\u00adneer", "engineer"),  # a soft hyphen
        ("\ufeff Title", "Title"),  # a byte-order mark before the first word
        ("a\x1bb\tc\nd", "ab\tc\nd"),  # controls go, tab and newline stay
        ("ภาษา\u200bไทย", "ภาษา\u200bไทย"),  # Thai: where one word ends
        ("ខ្ញុំ\u200bស្រលាញ់", "ខ្ញុំ\u200bស្រលាញ់"),  # Khmer, likewise
        # Beside a number, a Latin word or a bracket, a space: never run together (today2x
        # QA F10)
        ("Thai\u200bไทย", "Thai ไทย"),
        ("ราคา\u200b1,500\u200bบาท", "ราคา 1,500 บาท"),
        ("ការណែនាំ\u200bOmicron\u200bថ្មី", "ការណែនាំ Omicron ថ្មី"),
        ("သတင်း\u200b2026\u200bခုနှစ်", "သတင်း 2026 ခုနှစ်"),
        ("ພາສາລາວ\u200b«ຂ່າວ»", "ພາສາລາວ «ຂ່າວ»"),
        ("ก\u200bข\u200bA", "ก\u200bข A"),  # each break by its own neighbours
        ("ไทย\u200b\u200b A", "ไทย A"),  # no second space
        ("\u200bไทย\u200b", "ไทย"),
        ("می\u200cخواهم", "می\u200cخواهم"),  # Persian's non-joiner spells the word
        ("क्\u200dष", "क्\u200dष"),  # an Indic joiner
        ("👩\u200d💻", "👩\u200d💻"),  # an emoji sequence
        ("plain", "plain"),
        ("", ""),
    ],
)
def test_printable(text: str, kept: str) -> None:
    assert printable(text) == kept


def test_none_stays_none() -> None:
    assert printable(None) is None


def test_zero_width_spaces_leave_the_title_and_text() -> None:
    title = "Detour will be sign\u200bposted from Monday"
    story = "".join(
        f"<p>The Mill Street detour will be sign&#8203;posted from Monday, item {i}.</p>"
        for i in range(4)
    )
    html = (
        f"<html><head><title>{title}</title></head><body><article>{story}</article></body></html>"
    )
    article = extract(html.encode(), "https://news.example/detour")
    assert article.title == "Detour will be signposted from Monday"
    assert "signposted from Monday, item 3." in article.text
    assert "\u200b" not in article.text + article.markdown


def test_an_unspaced_scripts_word_breaks_keep_a_latin_word_apart() -> None:
    words = ["មន្ត្រី", "សុខាភិបាល", "អំពាវនាវ", "តាម", "ការណែនាំ", "Omicron", "ថ្មី", "ពាក់", "ម៉ាស់"]
    story = "".join(f"<p>{'&#8203;'.join(words)} {i}។</p>" for i in range(4))
    html = f"<html lang='km'><body><article><h1>Omicron</h1>{story}</article></body></html>"
    article = extract(html.encode(), "https://news.example/km/omicron")
    assert "Omicron" in article.text.split()
    assert "ការណែនាំ\u200bOmicron" not in article.text


def test_metadata_fields_keep_no_control_a_page_writes_back() -> None:
    # JSON escapes and character references write back what decoding took out of the
    # bytes: a terminal would obey them when `show` or `diff` prints the field
    # (hostile28 QA F03: ESC ]0;… retitles the window, U+009B is a CSI).
    ld = (
        '{"@type": "NewsArticle", "headline": "Ferry plan passes", "keywords": ["ferry\\u001b]0;'
        'PWNED\\u0007", "bridge\\u009b31m", "x\\u0000y", "\\u0007"], "author": {"name":'
        ' "Ana\\u0000 Ruiz"}, "articleSection": "Lo\\u009bcal"}'
    )
    body = "<p>" + "The harbour council met on Tuesday to weigh the ferry plan. " * 6 + "</p>"
    article = extract(
        f'<script type="application/ld+json">{ld}</script>'
        '<meta name="news_keywords" content="harbour&#x1b;[2J">'
        f"<article>{body}</article>"
    )
    fields = [*article.tags, *article.authors, article.section or ""]
    assert not [f for f in fields if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in f)]
    assert "x" + "y" in article.tags and "" not in article.tags
    assert article.authors == ["Ana Ruiz"]
    assert article.section == "Local"
