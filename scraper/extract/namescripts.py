"""Bylines in the scripts whose "by" `authors` cannot read with Latin rules: Arabic,
Hebrew, Hindi and Greek labels, Chinese, Japanese and Korean reporters' titles, and the
"and" that Arabic and Hebrew write as a letter of the next word."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Final

__all__ = ["joined_labels", "parted", "without_label"]

# The "by" of other scripts, which a `\b` cannot end (a vowel sign is no \w): Arabic
# "كتب" and "بقلم", Hebrew "מאת", Hindi "द्वारा"; and the reporter's title, after the
# outlet's name or not, or the label "text" of Chinese, Japanese and Korean bylines
# ("记者 张伟", "澎湃新闻记者 张伟", "記者林欣漢", "文・山田太郎", "글=김민수").
_LABEL: Final = re.compile(
    r"^(?:(?:كتب|بقلم|מאת|द्वारा)\s*[:：]?\s+"
    r"|[\u4e00-\u9fff]{0,8}?(?:记者|記者|特派员|特派員)\s*[:：]?\s*(?=[\u4e00-\u9fff])"
    r"|(?:文|글|사진|글·사진)\s*[・/／=]\s*)"
)
# After the names: Hindi's "राहुल शर्मा द्वारा", Taiwan's "林欣漢／台北報導" (reporting
# from Taipei).
_SUFFIX: Final = re.compile(r"\s+द्वारा$|\s*[／/]\s*[\u4e00-\u9fff]{1,6}(?:報導|报道)$")
# A label alone, its names in the next element: "Του <a>Γιώργου Παπαδόπουλου</a>".
_LONE_LABEL: Final = re.compile(r"Του|Της|كتب|بقلم|מאת|द्वारा|记者|記者")
# Chinese names hold no space: Han words that are each a full name (a common surname and a
# given name of one or two characters, "张伟 李娜") are as many names. A Japanese name is
# printed with a space between its parts ("山田 太郎"), which are not.
_HAN_NAMES: Final = re.compile(r"[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4})+")
_HAN_SURNAMES: Final = frozenset(
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮"
    "邓鄧曹彭曾肖萧蕭田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范"
    "金石廖贾賈夏韦韋付傅方白邹鄒孟熊秦邱江尹薛闫閆段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬"
    "钱錢严嚴覃武戴莫孔向汤湯柯温溫施洪游詹"
)
_HAN_COMPOUNDS: Final = (
    "欧阳",
    "歐陽",
    "司马",
    "司馬",
    "诸葛",
    "諸葛",
    "上官",
    "东方",
    "東方",
    "皇甫",
)
# Arabic's "and" parts names only standing alone ("… و سارة أحمد"): written on the next
# word it cannot be told from a name that starts with it ("عبد الرحمن وجيه الشريف" is one
# man's four names). Hebrew writes it on the next word ("יוסי כהן ורונית לוי"), where it
# parts names of two words or more ("ורד" is a name).
_AND: Final = re.compile(r"\s+و\s+(?=[^\W\d_]{2})|\sו(?=[^\W\d_]{2})")
# Greek bylines name the author in the genitive after its article: "Του Γιώργου
# Παπαδόπουλου", "Της Μαρίας Οικονόμου"; the name is read back in the nominative where
# the form says which it is. A surname in -ου may be one of every case (Οικονόμου,
# Παπαδημητρίου): only -πουλου is a genitive. A woman's surname is the same in both.
_GREEK_BY: Final = re.compile(r"^(Του|Της)\s+(?=[^\W\d_])")
_Endings = tuple[tuple[str, str], ...]
_GIVEN: dict[str, _Endings] = {
    "Του": (("ου", "ος"), ("ού", "ός"), ("η", "ης"), ("ή", "ής"), ("α", "ας"), ("ά", "άς")),
    "Της": (("ας", "α"), ("άς", "ά"), ("ης", "η"), ("ής", "ή")),
}
_SURNAME: dict[str, _Endings] = {
    "Του": (("πουλου", "πουλος"), ("η", "ης"), ("ή", "ής"), ("α", "ας"), ("ά", "άς")),
    "Της": (),
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
    return ", ".join(value.split()) if _han_names(value) else value


def parted(part: str) -> list[str]:
    """A part of a byline parted where Arabic's or Hebrew's "and" joins two names."""
    names = _AND.split(part)
    return names if all(len(name.split()) >= 2 for name in names) else [part]


def _han_names(value: str) -> bool:
    """Whether Han words apart are each a Chinese full name ("张伟 李娜", not "山田 太郎")."""
    return bool(_HAN_NAMES.fullmatch(value)) and all(map(_han_name, value.split()))


def _han_name(word: str) -> bool:
    if word.startswith(_HAN_COMPOUNDS):
        return len(word) >= 3
    return word[0] in _HAN_SURNAMES and len(word) <= 3


def _nominative(value: str) -> str:
    match = _GREEK_BY.match(value)
    if match is None:
        return value
    words = value[match.end() :].split()
    *given, surname = words
    article = match[1]
    return " ".join(
        [*(_cased(w, _GIVEN[article]) for w in given), _cased(surname, _SURNAME[article])]
    )


def _cased(word: str, endings: _Endings) -> str:
    old, new = next(((o, n) for o, n in endings if word.endswith(o)), ("", ""))
    return word[: len(word) - len(old)] + new if old else word
