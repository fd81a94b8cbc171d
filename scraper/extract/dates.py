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
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from heapq import merge
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "after_update_label",
    "date_from_url",
    "find_date",
    "find_dates",
    "format_moment",
    "is_before",
    "parse_date",
]

# Per month, its names as dates write them, before or after the day: English, German,
# French, Spanish, Italian, Portuguese, Dutch, the Nordic languages and Polish.
_MONTHS = {
    1: "january jan januar jänner jän janvier enero ene gennaio gen janeiro januari stycznia",
    2: "february feb februar février fevrier fév fev febrero febbraio fevereiro februari lutego",
    3: "march mar märz maerz mär mrz mrt mars marzo março maart marca",
    4: "april apr avril avr abril abr aprile kwietnia",
    5: "may mai mayo maggio mag maio mei maj maja",
    6: "june jun juni juin junio giugno giu junho czerwca",
    7: "july jul juli juillet juil julio luglio lug julho lipca",
    8: "august aug août aout aoû agosto ago augustus augusti sierpnia",
    9: "september sep sept septembre septiembre setiembre settembre setembro set września",
    10: "october oct oktober okt octobre octubre ottobre ott outubro out października",
    11: "november nov novembre noviembre novembro listopada",
    12: "december dec dezember dez décembre decembre déc diciembre dicembre dezembro desember"
    " grudnia",
}
# Names read only after the day ("27 ноября 2026"), or after the year in Hungarian
# ("2026. november 27."): Indonesian; Czech, Slovak, Croatian, Slovenian, Serbian, Russian,
# Ukrainian and Greek in the genitive; Turkish, Romanian, Hungarian, Finnish, Bulgarian,
# Arabic, Hindi and Hebrew (also after its "in", ב: "12 במרץ 2024"). Apart, as a search
# for a name before the day tries every word, and these start with twice as many letters.
# (Croatian "listopada" is October, but Polish, far more often read here, writes November
# so.)
_MONTHS_AFTER_DAY = {
    1: "ledna januára januarja januara siječnja января січня ιανουαρίου ocak ianuarie január"
    " tammikuuta януари يناير"
    " जनवरी ינואר בינואר",
    2: "února februára februarja februara veljače февраля лютого φεβρουαρίου şubat februarie"
    " február helmikuuta февруари فبراير شباط"
    " फ़रवरी फरवरी פברואר בפברואר",
    3: "maret března marta ožujka марта березня μαρτίου mart martie március maaliskuuta март"
    " مارس آذار"
    " मार्च מרץ במרץ",
    4: "dubna apríla aprila travnja апреля квітня απριλίου nisan aprilie április huhtikuuta"
    " април أبريل ابريل إبريل نيسان"
    " अप्रैल אפריל באפריל",
    5: "května mája svibnja мая травня μαΐου μαϊου mayıs mayis május toukokuuta май مايو أيار"
    " मई מאי במאי",
    6: "června júna junija juna lipnja июня червня ιουνίου haziran iunie június kesäkuuta юни"
    " يونيو حزيران"
    " जून יוני ביוני",
    7: "července júla julija jula srpnja июля липня ιουλίου temmuz iulie július heinäkuuta"
    " юли يوليو تموز"
    " जुलाई יולי ביולי",
    8: "agustus srpna augusta avgusta kolovoza августа серпня αυγούστου ağustos augusztus"
    " elokuuta август أغسطس اغسطس آب"
    " अगस्त אוגוסט באוגוסט",
    9: "září septembra rujna сентября вересня σεπτεμβρίου eylül septembrie szeptember"
    " syyskuuta септември سبتمبر أيلول"
    " सितंबर सितम्बर ספטמבר בספטמבר",
    10: "října októbra oktobra октября жовтня οκτωβρίου ekim octombrie október lokakuuta"
    " октомври أكتوبر اكتوبر"
    " अक्टूबर अक्तूबर אוקטובר באוקטובר",
    11: "listopadu novembra studenoga studenog ноября листопада νοεμβρίου kasım kasim"
    " noiembrie marraskuuta ноември نوفمبر"
    " नवंबर नवम्बर נובמבר בנובמבר",
    12: "prosince decembra prosinca декабря грудня δεκεμβρίου aralık aralik decembrie"
    " joulukuuta декември ديسمبر"
    " दिसंबर दिसम्बर דצמבר בדצמבר",
}


def _unaccented(word: str) -> str:
    """`word` without its accents, as some pages write dates ("unora", "ΝΟΕΜΒΡΙΟΥ": Greek
    capitals drop the tonos)."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _numbered(months: dict[int, str]) -> dict[str, int]:
    """Each name of `months` and its number, and the name without accents where no other
    month has that form."""
    numbers = {name: number for number, names in months.items() for name in names.split()}
    return numbers | {
        bare: number
        for name, number in numbers.items()
        if (bare := _unaccented(name)) not in numbers
    }


_MONTH_BEFORE_DAY = {name: number for number, names in _MONTHS.items() for name in names.split()}
_MONTH_NUMBER = _numbered({n: f"{_MONTHS[n]} {_MONTHS_AFTER_DAY[n]}" for n in _MONTHS})


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
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    branches = "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())
    return f"(?=[{''.join(groups)}])(?:{branches})"


_MONTH = _by_first_letter(list(_MONTH_NUMBER))
_MONTH_FIRST = _by_first_letter(list(_MONTH_BEFORE_DAY))

# Fixed offsets for the abbreviations newsrooms print; ambiguous ones take the news reading.
_ZONE_HOURS = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 1, "BST": 1, "IST": 5.5, "CET": 1,
    "CEST": 2, "MEZ": 1, "MESZ": 2, "EET": 2, "EEST": 3, "MSK": 3, "EST": -5, "EDT": -4,
    "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9,
    "AKDT": -8, "HST": -10, "JST": 9, "KST": 9, "HKT": 8, "SGT": 8, "PHT": 8, "WIB": 7,
    "AEST": 10, "AEDT": 11, "ACST": 9.5, "AWST": 8, "NZST": 12, "NZDT": 13, "SAST": 2,
    "CAT": 2, "EAT": 3, "WAT": 1, "PKT": 5,
}  # fmt: skip
# Abbreviations whose offset depends on daylight saving: resolved with the date.
_ZONE_NAMES = {"ET": "America/New_York", "CT": "America/Chicago", "PT": "America/Los_Angeles"}
_ZONE = "|".join(sorted([*_ZONE_HOURS, *_ZONE_NAMES], key=len, reverse=True))

_DAY = r"(?P<day>[0-3]?\d)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_MONTH_NAME = rf"(?P<month>{_MONTH})\.?"
_MONTH_FIRST_NAME = rf"(?P<month>{_MONTH_FIRST})\.?"
_DATE_PATTERNS = [
    # Jan 16, 2024 / January 16th 2024
    rf"\b{_MONTH_FIRST_NAME}\s+{_DAY}(?:st|nd|rd|th)?,?\s+{_YEAR}",
    # 16 January 2024 / 16. Januar 2024 / 16 de enero de 2024
    rf"\b{_DAY}(?:\.|st|nd|rd|th|er)?\s*(?:de\s+)?{_MONTH_NAME},?\s+(?:de\s+|del\s+)?{_YEAR}",
    # 2024-01-16 / 2024/01/16 / 2024.01.16 / 2024. január 16. (Hungarian, each part closed
    # by a dot; one pattern with the numbers: a search over the text per pattern)
    rf"\b{_YEAR}(?:[-/.]\s?(?P<mnum>[01]?\d)[-/.]\s?|\.\s*{_MONTH_NAME}\s+){_DAY}\b(?(month)\.?)",
    # 16.01.2024 / 16/01/2024 / 16. 1. 2024 (day first: the reading of most of the world)
    rf"\b{_DAY}[./]\s?(?P<mnum>[01]?\d)[./]\s?{_YEAR}\b",
    # 2024年1月16日 / 2024년 1월 16일
    rf"{_YEAR}\s?[年년]\s?(?P<mnum>[01]?\d)\s?[月월]\s?{_DAY}\s?[日일]",
    # 16.01.24 (German short form; the century is implied)
    rf"\b{_DAY}\.(?P<mnum>[01]?\d)\.(?P<yy>[0-9]\d)\b(?![.:]\d)",
]
# 01/16/2024: month first, tried only where day first gave no valid date, or first on
# pages from the United States.
_MONTH_FIRST_NUMBERS = re.compile(rf"\b(?P<mnum>[01]?\d)/{_DAY}/{_YEAR}\b")
# Separate patterns: Python's re does not allow a group name twice in one pattern.
_DAY_FIRST_DATES = [re.compile(pattern, re.I) for pattern in _DATE_PATTERNS]
_DATES = [*_DAY_FIRST_DATES, _MONTH_FIRST_NUMBERS]
_DATES_MONTH_FIRST = [_MONTH_FIRST_NUMBERS, *_DAY_FIRST_DATES]
# All but the two-digit year's need a four-digit year: a text without one (a fifth of
# those searched, most of them short) is searched by that one alone.
_ANY_YEAR = re.compile(r"(?:19|20)\d\d")
# An update's label ends right before its date: "Updated:", "Aktualisiert am", "Mis à jour le".
_UPDATE_LABEL = re.compile(
    r"(?:updated|modified|aktualisiert|geändert|mis à jour|actualizado|aggiornato|atualizado"
    r"|modificat?[oa]?|bijgewerkt|uppdaterad|oppdatert|opdateret|aktualizacja|zaktualizowano|aktualizováno"
    r"|modifié|aktualizované|обновлен[оа]?|оновлено|güncelleme|güncellendi|diperbarui"
    r"|actualizat|päivitetty|frissítve|ενημερώθηκε|更新|수정)\W{0,3}(?:\w{1,3}\W{1,3})?$",
    re.I,
)
_UPDATE_LABEL_CHARS = 30


def after_update_label(text: str, end: int | None = None) -> bool:
    """Whether `text` ends (at `end`) with an update's label: the date that follows is
    the story's last update, not its publication ("Updated: 17.01.2024")."""
    end = len(text.rstrip()) if end is None else end
    return bool(_UPDATE_LABEL.search(text, max(0, end - _UPDATE_LABEL_CHARS), end))


_NO_YEAR_DATES = [pattern for pattern in _DATES if "year" not in pattern.groupindex]
# Korean, Japanese and Chinese write the half of the day before the hour ("오후 3:05");
# Korean dates end in a dot ("2024.03.04. 오후 3:05", "2024. 3. 12. 14:05").
_TIME = re.compile(
    r"(?:\.(?=\s?(?:오전|오후|[0-2]?\d:\d\d)))?[\s,،|·•–—/-]{0,4}"
    r"(?:\.?\s*(?:at|um|à|a las|alle(?: ore)?|ore|kl\.?|klo|o|om|u|às|saat|в|о)\s+|, )?"
    r"(?:(?P<half>오전|오후|午前|午後|上午|下午)\s?)?"
    r"(?P<hour>[0-2]?\d)(?:[:.hH]|時|시\s?)(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?[分분]?"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?)?(?:\s*(?:Uhr|h))?"
    rf"\s*\(?(?P<zone>(?:{_ZONE})\b(?:\s?[+-]\s?\d{{1,2}}(?::?\d\d)?)?|[+-]\d\d:?\d\d)?",
    re.I,
)
# A time written before its date ("3:45 PM EDT, May 1, 2024", "14:30, 1 May 2024",
# "9:41 AM EDT, Wed May 1, 2024"), searched only when none follows the date; not with a
# dot, as in "Version 2.10 May 1, 2024".
_TIME_BEFORE = re.compile(
    r"(?<![\d.:T+-])(?P<hour>[0-2]?\d)[:hH](?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?)?(?:\s*(?:Uhr|h))?"
    rf"\s*\(?(?P<zone>(?:{_ZONE})\b(?:\s?[+-]\s?\d{{1,2}}(?::?\d\d)?)?|[+-]\d\d:?\d\d)?\)?"
    r"[\s,|·•–—-]{0,4}(?:on\s+)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?$",
    re.I,
)
_TIME_BEFORE_CHARS = 40
_AFTERNOON = frozenset({"오후", "午後", "下午"})
_ISO_OFFSET = re.compile(r"([+-]\d\d)(\d\d)$")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]?([01]\d)[/-]?([0-3]\d)(?:/|[-_]|$)")


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
    if not _ANY_YEAR.search(text):
        patterns = _NO_YEAR_DATES
    else:
        patterns = _DATES_MONTH_FIRST if month_first else _DATES
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
    month = _MONTH_NUMBER.get(month_name.lower().rstrip(".")) if month_name else None
    if month is None and "mnum" in groups:
        month = int(groups["mnum"])
    year = int(groups["year"]) if "year" in groups else 2000 + int(groups.get("yy", "-1"))
    try:
        return date(year, month or 0, int(groups["day"]))
    except (KeyError, ValueError):
        return None


def _match_time(day: date, match: re.Match[str]) -> datetime | None:
    hour, minute = int(match["hour"]), int(match["minute"])
    ampm = (match["ampm"] or "").lower()
    half = match.groupdict().get("half")  # Korean, Japanese and Chinese write it first
    if half:
        ampm = "pm" if half in _AFTERNOON else "am"
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
    compact = text.replace(" ", "").upper()
    name = compact.rstrip("0123456789:+-")
    extra = compact[len(name) :]
    if name in _ZONE_NAMES:
        try:
            return ZoneInfo(_ZONE_NAMES[name])
        except ZoneInfoNotFoundError:
            return None
    hours = _ZONE_HOURS.get(name, 0.0)
    if extra:
        hours += _offset_hours(extra)
    if abs(hours) > 14:  # no place on Earth is further from UTC: a misread, not a zone
        return None
    return timezone(timedelta(hours=hours))


def _offset_hours(text: str) -> float:
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-").replace(":", "")
    if len(digits) <= 2:
        return sign * int(digits or 0)
    return sign * (int(digits[:-2]) + int(digits[-2:]) / 60)
