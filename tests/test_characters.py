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
        ("Thai\u200bไทย", "Thaiไทย"),  # not between two of those
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
