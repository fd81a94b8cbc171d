"""Dates as pages write them → ISO 8601.

Two kinds of input: machine dates from metadata (`2024-01-16T10:06:00Z`, RFC 2822, Unix
time) read by `parse_date`, and dates written for people ("Jan 16, 2024 05:06 AM EST",
"16. Januar 2024, 10:06 Uhr", "16 de enero de 2024") found in running text by
`find_date`. Output keeps the page's own UTC offset (`Z` becomes `+00:00`); a date with
no time stays a bare date, and a time with no zone stays a naive wall-clock time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from heapq import merge
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .datewords import (
    ERAS,
    HALVES_AFTER,
    HALVES_BEFORE,
    LOCAL_DIGITS,
    MONTHS,
    MONTHS_AFTER_DAY,
    UPDATE_LABELS,
    WEEKDAY_SIGNS,
    WEEKDAYS,
    WRITTEN_ZONES,
    YEAR_WORDS,
    ZONE_HOURS,
    ZONE_NAMES,
)

__all__ = [
    "after_update_label",
    "date_from_url",
    "find_date",
    "find_dates",
    "format_moment",
    "is_before",
    "parse_date",
]


def _unaccented(word: str) -> str:
    """`word` without its accents, as some pages write dates ("unora", "ΝΟΕΜΒΡΙΟΥ": Greek
    capitals drop the tonos)."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _names(line: str) -> list[str]:
    return [name.replace("_", " ") for name in line.split()]  # ("_" joins a name's words)


def _numbered(months: dict[int, str]) -> dict[str, int]:
    """Each name of `months` and its number, and the name without accents where no other
    month has that form."""
    numbers = {name: number for number, names in months.items() for name in _names(names)}
    return numbers | {
        bare: number
        for name, number in numbers.items()
        if (bare := _unaccented(name)) not in numbers
    }


_MONTH_BEFORE_DAY: Final = {
    name: number for number, names in MONTHS.items() for name in _names(names)
}
_MONTH_NUMBER: Final = _numbered({n: f"{MONTHS[n]} {MONTHS_AFTER_DAY[n]}" for n in MONTHS})


def _escaped(word: str) -> str:
    return re.escape(word).replace(r"\ ", r"\s+")


def _by_first_letter(words: list[str]) -> str:
    """An alternation of `words` grouped by their first letter ("j(?:anuary|an|…)|f(?:…)").

    `re` tries an alternation's branches one after the other at every word, and with
    re.I none is skipped on its first character: 122 month names made the written-date
    search the costliest regex of the metadata. Grouped, a word that is no month fails
    on each first letter, and before them on one test of a set of them all (the names of
    five alphabets start with some 45 letters). The matches do not change: every name is
    letters, and what follows a month is not, so at most one name fits at a place,
    whatever the order.
    """
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        groups.setdefault(word[0], []).append(_escaped(word[1:]))
    branches = "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())
    return f"(?=[{''.join(groups)}])(?:{branches})"


def _either(words: Iterable[str]) -> str:
    """An alternation of `words`, the longest first: where one begins another, it wins."""
    return "|".join(_escaped(word) for word in sorted(words, key=len, reverse=True))


_MONTH: Final = _by_first_letter(list(_MONTH_NUMBER))
_MONTH_FIRST: Final = _by_first_letter(list(_MONTH_BEFORE_DAY))

_DAY: Final = r"(?P<day>[0-3]?\d)"
_YEAR: Final = r"(?P<year>(?:19|20)\d\d)"
# A number's end, or a year's word written on it ("27/11/2026م", "27.11.2026г.").
_YEAR_END: Final = rf"(?:\b|(?=(?:{_either(YEAR_WORDS)})(?!\w)))"
_MONTH_NAME: Final = rf"(?P<month>{_MONTH})\.?"
_MONTH_FIRST_NAME: Final = rf"(?P<month>{_MONTH_FIRST})\.?"
_DATE_PATTERNS: Final = [
    # Jan 16, 2024 / January 16th 2024
    rf"\b{_MONTH_FIRST_NAME}\s+{_DAY}(?:st|nd|rd|th)?,?\s+{_YEAR}",
    # 16 January 2024 / 16. Januar 2024 / 16 de enero de 2024 / 27.nov.2026
    rf"\b{_DAY}(?:\.|st|nd|rd|th|er)?\s*(?:de\s+)?{_MONTH_NAME}(?:,?\s+|(?<=\.))"
    rf"(?:de\s+|del\s+)?{_YEAR}",
    # 2024-01-16 / 2024/01/16 / 2024.01.16 / 2024. január 16. (Hungarian, each part closed
    # by a dot; one pattern with the numbers: a search over the text per pattern)
    rf"\b{_YEAR}(?:[-/.]\s?(?P<mnum>[01]?\d)[-/.]\s?|\.\s*{_MONTH_NAME}\s+){_DAY}\b(?(month)\.?)",
    # 16.01.2024 / 16/01/2024 / 16. 1. 2024 / 16-01-2024 (day first: the reading of most of
    # the world; hyphens only both)
    rf"\b{_DAY}(?:(?P<dash>-)|[./]\s?)(?P<mnum>[01]?\d)(?(dash)-|[./]\s?){_YEAR}{_YEAR_END}",
    # 2024年1月16日 / 2024년 1월 16일
    rf"{_YEAR}\s?[年년]\s?(?P<mnum>[01]?\d)\s?[月월]\s?{_DAY}\s?[日일]",
    # 令和8年1月16日 (a Japanese era's year; apart, as a choice of two starts is slow to find)
    rf"(?P<era>{_either(ERAS)})\s?(?P<eyear>元|[1-9]\d?)\s?年\s?(?P<mnum>[01]?\d)\s?月\s?{_DAY}\s?日",
    # 16.01.24, 16/01/24 (the short form; the century is implied)
    rf"\b{_DAY}(?P<sep>[./])(?P<mnum>[01]?\d)(?P=sep)(?P<yy>[0-9]\d)\b(?![./:]\d)",
]
# 01/16/2024, 01/16/24: month first, tried only where day first gave no valid date, or
# first on pages from the United States.
_MONTH_FIRST_NUMBERS: Final = re.compile(
    rf"\b(?P<mnum>[01]?\d)/{_DAY}/(?:{_YEAR}{_YEAR_END}|(?P<yy>\d\d)\b(?![./:]\d))"
)
# Separate patterns: Python's re does not allow a group name twice in one pattern.
_DAY_FIRST_DATES: Final = [re.compile(pattern, re.I) for pattern in _DATE_PATTERNS]
_DATES: Final = [*_DAY_FIRST_DATES, _MONTH_FIRST_NUMBERS]
_DATES_MONTH_FIRST: Final = [_MONTH_FIRST_NUMBERS, *_DAY_FIRST_DATES]
# All but the two-digit year's and the era's need a four-digit year: a text without one
# (a fifth of those searched, most of them short) is searched by those alone.
_ANY_YEAR: Final = re.compile(r"(?:19|20)\d\d")
# A text written with Eastern Arabic or Persian digits is read as if with ASCII ones.
_LOCAL_DIGIT: Final = re.compile(f"[{LOCAL_DIGITS}]")
_AS_ASCII: Final = str.maketrans(LOCAL_DIGITS, "0123456789" * (len(LOCAL_DIGITS) // 10))
# An update's label ends right before its date: "Updated:", "Aktualisiert am", "Mis à jour le",
# or before its time and then its date ("Updated 8:31 a.m. CT Nov. 24", "Updated: 15:33 GMT,").
_UPDATE_LABEL: Final = re.compile(
    rf"(?:{_by_first_letter([*{*UPDATE_LABELS, *map(_unaccented, UPDATE_LABELS)}])})"
    r"\W{0,3}(?:\w{1,3}\W{1,3})?"
    r"(?:\d{1,2}[:.h]\d\d(?:\s?[ap]\.?m\.?)?(?:\s?[a-z]{2,4}\b)?\W{0,3})?$",
    re.I,
)
_UPDATE_LABEL_CHARS: Final = 50


def after_update_label(text: str, end: int | None = None) -> bool:
    """Whether `text` ends (at `end`) with an update's label: the date that follows is
    the story's last update, not its publication ("Updated: 17.01.2024")."""
    end = len(text.rstrip()) if end is None else end
    return bool(_UPDATE_LABEL.search(text, max(0, end - _UPDATE_LABEL_CHARS), end))


# The patterns that read a date with no four-digit year: a two-digit one's, an era's.
_NO_YEAR_DATES, _NO_YEAR_DATES_MONTH_FIRST = (
    [p for p in patterns if "year" not in p.groupindex or "yy" in p.groupindex]
    for patterns in (_DATES, _DATES_MONTH_FIRST)
)
# A zone is an abbreviation in capitals ("EST", not the "Est" a sentence starts with), a
# zone written out ("hora argentina") or an offset; on the time's line, or alone on the
# next (an element of its own): the first word of the next paragraph is no zone.
_ZONE: Final = (
    rf"(?P<zone>(?-i:{_either([*ZONE_HOURS, *ZONE_NAMES])})\b(?:\s?[+-]\s?\d{{1,2}}(?::?\d\d)?)?"
    rf"|(?:{_either(WRITTEN_ZONES)})(?!\w)|[+-]\d\d:?\d\d)"
)
_AMPM: Final = rf"(?P<ampm>[ap]\.?\s?m\.?|{_either(HALVES_AFTER)})(?![^\W\d_])"
_HOURS_WORD: Final = r"(?:[^\S\n]*(?:uhr|hrs|hs|h)(?!\w))?"  # "14:05 Uhr", "14:05 hs"
# Korean, Japanese and Chinese write the half of the day before the hour ("오후 3:05");
# Korean dates end in a dot ("2024.03.04. 오후 3:05", "2024. 3. 12. 14:05"); a year may be
# followed by its word ("2026 г."), a date by its weekday ("27 Kasım 2026 Cuma 14:05").
_SEPARATORS: Final = r"[\s,،|·•–—/-]{0,4}"
_WEEKDAY_NAME: Final = _either(WEEKDAYS.split())
_WEEKDAY: Final = (
    rf"(?:[(（]\s?(?:{_WEEKDAY_NAME}|[{WEEKDAY_SIGNS}])\s?[)）]|(?:{_WEEKDAY_NAME})\.?(?!\w))"
    rf"{_SEPARATORS}"
)
_TIME: Final = re.compile(
    rf"(?:\s?(?:{_either(YEAR_WORDS)})(?!\w))?"
    rf"(?:\.(?=\s?(?:오전|오후|[0-2]?\d:\d\d)))?{_SEPARATORS}(?:{_WEEKDAY})?"
    r"(?:\.?\s*(?:at|um|à|a las|alle(?: ore)?|ore|kl\.?|klo|o|om|u|às|saat|в|о|الساعة)\s+|, )?"
    rf"(?:(?P<half>{_either(HALVES_BEFORE)})\s?)?"
    r"(?P<hour>[0-2]?\d)(?:[:.hH]|時|시\s?)(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?[分분]?"
    rf"(?:\s*{_AMPM})?{_HOURS_WORD}"
    rf"(?:[^\S\n]*(?:(?P<own>\n)[^\S\n]*)?\(?{_ZONE}(?(own)\)?[^\S\n]*(?![^\n])))?",
    re.I,
)
# A time written before its date ("3:45 PM EDT, May 1, 2024", "14:30, 1 May 2024",
# "9:41 AM EDT, Wed May 1, 2024"), searched only when none follows the date; not with a
# dot, as in "Version 2.10 May 1, 2024".
_TIME_BEFORE: Final = re.compile(
    r"(?<![\d.:T+-])(?P<hour>[0-2]?\d)[:hH](?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?"
    rf"(?:\s*{_AMPM})?{_HOURS_WORD}\s*\(?(?:{_ZONE})?\)?"
    r"[\s,|·•–—-]{0,4}(?:on\s+)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?$",
    re.I,
)
_TIME_BEFORE_CHARS: Final = 40
_ISO_OFFSET: Final = re.compile(r"([+-]\d\d)(\d\d)$")
_URL_DATE: Final = re.compile(r"/((?:19|20)\d\d)[/-]?([01]\d)[/-]?([0-3]\d)(?:/|[-_]|$)")


def is_before(first: str, second: str) -> bool:
    """Whether ISO date `first` is earlier than `second`: by the moment when both give
    one with its offset, else by the day."""
    try:
        a, b = datetime.fromisoformat(first), datetime.fromisoformat(second)
    except ValueError:
        return False
    if (a.tzinfo is None) != (b.tzinfo is None) or len(first) <= 10 or len(second) <= 10:
        return a.date() < b.date()
    return a < b


def parse_date(value: str) -> str | None:
    """Read a machine date (ISO 8601, RFC 2822, Unix time, or a written date)."""
    value = value.strip()
    if not value or len(value) > 200:
        return None
    if value.isdigit() and len(value) in (10, 13):
        seconds = int(value[:10])
        return format_moment(datetime.fromtimestamp(seconds, UTC))
    iso = _parse_iso(value)
    return iso if iso is not None else find_date(value)


def find_date(text: str, month_first: bool = False) -> str | None:
    """The first date written in `text` for people, with its time and zone if given."""
    return next((found for _, found in find_dates(text, month_first)), None)


def find_dates(text: str, month_first: bool = False) -> Iterator[tuple[int, str]]:
    """Each date written in `text` for people, with where it starts, in text order.

    "3/4/2024" is read day first, as most of the world writes it, or `month_first`."""
    # In the order they start, read lazily: callers mostly want the first valid date.
    # `merge` is stable: an earlier pattern wins a tie.
    year = _ANY_YEAR.search(text)
    if not year and not text.isascii() and _LOCAL_DIGIT.search(text):
        text = text.translate(_AS_ASCII)  # (digit for digit: every date starts where it did)
        year = _ANY_YEAR.search(text)
    if year:
        patterns = _DATES_MONTH_FIRST if month_first else _DATES
    else:
        patterns = _NO_YEAR_DATES_MONTH_FIRST if month_first else _NO_YEAR_DATES
    matches = merge(*(pattern.finditer(text) for pattern in patterns), key=_start)
    end = 0  # of the last date read, with the time after it
    for match in matches:
        day = _match_day(match) if match.start() >= end else None
        if day is None:
            continue  # not a date, or another reading of the date just found
        after = _TIME.match(text, match.end())
        before = max(end, match.start() - _TIME_BEFORE_CHARS)
        time = after or _TIME_BEFORE.search(text, before, match.start())
        end = after.end() if after else match.end()
        moment = _match_time(day, time) if time else None
        yield match.start(), format_moment(moment) if moment else day.isoformat()


def _start(match: re.Match[str]) -> int:
    return match.start()


def date_from_url(url: str | None) -> str | None:
    """The date in a path like `/2024/01/16/` or `/20240116/`, as a bare date."""
    if not url:
        return None
    match = _URL_DATE.search(url)
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        return None


def _parse_iso(value: str) -> str | None:
    candidate = value.replace(" ", "T", 1) if len(value) > 10 and value[10] == " " else value
    if "T" in candidate and candidate[-5:-4] in ("+", "-"):  # `_ISO_OFFSET` can match
        candidate = _ISO_OFFSET.sub(r"\1:\2", candidate)
    try:
        if len(candidate) == 10:
            return date.fromisoformat(candidate).isoformat()
        moment = datetime.fromisoformat(candidate)
    except ValueError:
        return None
    return format_moment(moment)


def format_moment(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def _match_day(match: re.Match[str]) -> date | None:
    groups = {k: v for k, v in match.groupdict().items() if v}
    month_name = groups.get("month")
    named = " ".join(month_name.lower().rstrip(".").split()) if month_name else ""
    month = _MONTH_NUMBER.get(named)
    if month is None and "mnum" in groups:
        month = int(groups["mnum"])
    try:
        return date(_year(groups), month or 0, int(groups["day"]))
    except (KeyError, ValueError):
        return None


def _year(groups: dict[str, str]) -> int:
    if "year" in groups:
        return int(groups["year"])
    if "era" in groups:  # its first year is "元" (the origin)
        return ERAS[groups["era"]] + (1 if groups["eyear"] == "元" else int(groups["eyear"]))
    return 2000 + int(groups.get("yy", "-1"))


def _match_time(day: date, match: re.Match[str]) -> datetime | None:
    hour, minute = int(match["hour"]), int(match["minute"])
    half = match.groupdict().get("half") or match["ampm"] or ""
    ampm = HALVES_BEFORE.get(half) or HALVES_AFTER.get(half) or half.lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    if hour > 23:
        return None
    moment = datetime(day.year, day.month, day.day, hour, minute, int(match["second"] or 0))
    zone = _zone(match["zone"])
    return moment.replace(tzinfo=zone) if zone else moment


def _zone(text: str | None) -> tzinfo | None:
    if not text:
        return None
    written = WRITTEN_ZONES.get(" ".join(text.split()).casefold())
    if written is not None:
        return _place(written) if isinstance(written, str) else timezone(timedelta(hours=written))
    compact = text.replace(" ", "").upper()
    name = compact.rstrip("0123456789:+-")
    extra = compact[len(name) :]
    if name in ZONE_NAMES:
        return _place(ZONE_NAMES[name])
    hours = ZONE_HOURS.get(name, 0.0)
    if extra:
        hours += _offset_hours(extra)
    if abs(hours) > 14:  # no place on Earth is further from UTC: a misread, not a zone
        return None
    return timezone(timedelta(hours=hours))


def _place(name: str) -> tzinfo | None:
    """The zone of a place whose clocks change, by its IANA name; None on a system without
    the time-zone database."""
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        return None


def _offset_hours(text: str) -> float:
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-").replace(":", "")
    if len(digits) <= 2:
        return sign * int(digits or 0)
    return sign * (int(digits[:-2]) + int(digits[-2:]) / 60)
