"""Bylines in the scripts whose "by" `authors` cannot read with Latin rules: Arabic,
Hebrew, Hindi and Greek labels, Chinese, Japanese and Korean reporters' titles, and the
"and" that Arabic and Hebrew write as a letter of the next word."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

__all__ = ["joined_labels", "parted", "without_label"]

# The "by" of other scripts, which a `\b` cannot end (a vowel sign is no \w): Arabic
# "كتب" and "بقلم", Hebrew "מאת", Hindi "द्वारा"; and the reporter's title, after the
# outlet's name or not, or the label "text" of Chinese, Japanese and Korean bylines
# ("记者 张伟", "澎湃新闻记者 张伟", "記者林欣漢", "文・山田太郎", "글=김민수").
_LABEL = re.compile(
    r"^(?:(?:كتب|بقلم|מאת|द्वारा)\s*[:：]?\s+"
    r"|[\u4e00-\u9fff]{0,8}?(?:记者|記者|特派员|特派員)\s*[:：]?\s*(?=[\u4e00-\u9fff])"
    r"|(?:文|글|사진|글·사진)\s*[・/／=]\s*)"
)
# After the names: Hindi's "राहुल शर्मा द्वारा", Taiwan's "林欣漢／台北報導" (reporting
# from Taipei).
_SUFFIX = re.compile(r"\s+द्वारा$|\s*[／/]\s*[\u4e00-\u9fff]{1,6}(?:報導|报道)$")
# A label alone, its names in the next element: "Του <a>Γιώργου Παπαδόπουλου</a>".
_LONE_LABEL = re.compile(r"Του|Της|كتب|بقلم|מאת|द्वारा|记者|記者")
# Chinese names hold no space: Han words of two to four characters are as many names.
_HAN_NAMES = re.compile(r"[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4})+")
# Arabic and Hebrew write "and" as a letter on the next word ("محمد عبد الرحمن وسارة
# أحمد", "יוסי כהן ורונית לוי"); names start with it too ("وليد", "ורד"), so it parts
# only names of two words or more.
_LETTER_AND = re.compile(r"\s[وו](?=[^\W\d_]{2})")
# Greek bylines name the author in the genitive after its article: "Του Γιώργου
# Παπαδόπουλου", "Της Μαρίας Οικονόμου"; the name is read back in the nominative (a
# woman's surname is the same in both).
_GREEK_BY = re.compile(r"^(Του|Της)\s+(?=[^\W\d_])")
_GENITIVES = {
    "Του": (("ου", "ος"), ("ού", "ός"), ("η", "ης"), ("ή", "ής"), ("α", "ας"), ("ά", "άς")),
    "Της": (("ας", "α"), ("άς", "ά"), ("ης", "η"), ("ής", "ή")),
}


def joined_labels(values: Iterable[str]) -> Iterator[str]:
    """The values, a label alone ("Του", "كتب") joined to the value after it."""
    label = ""
    for value in values:
        if _LONE_LABEL.fullmatch(value.strip()):
            label = f"{value.strip()} "
        else:
            yield label + value
            label = ""


def without_label(value: str) -> str:
    """A byline without its label and with its names apart: "كتب محمد" → "محمد",
    "记者 张伟 李娜" → "张伟, 李娜", "Του Γιώργου Παπαδόπουλου" → "Γιώργος Παπαδόπουλος"."""
    value = _nominative(_SUFFIX.sub("", _LABEL.sub("", value)))
    return ", ".join(value.split()) if _HAN_NAMES.fullmatch(value) else value


def parted(part: str) -> list[str]:
    """A part of a byline parted where Arabic's or Hebrew's "and" joins two names."""
    names = _LETTER_AND.split(part)
    return names if all(len(name.split()) >= 2 for name in names) else [part]


def _nominative(value: str) -> str:
    match = _GREEK_BY.match(value)
    if match is None:
        return value
    words, endings = value[match.end() :].split(), _GENITIVES[match[1]]
    cased = len(words) if match[1] == "Του" else len(words) - 1  # (her surname stays)
    for i, word in enumerate(words[:cased]):
        old, new = next(((o, n) for o, n in endings if word.endswith(o)), ("", ""))
        words[i] = word[: len(word) - len(old)] + new if old else word
    return " ".join(words)
