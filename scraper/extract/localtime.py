"""Dates as a country writes them: the zone of its naive times, and updates labelled
after their date.

A time with no zone is naive, and stays so where the page's country spans several zones
or keeps daylight saving, or is not known: a naive time is honest, a wrong offset lies.
Korea, Japan, China (with Taiwan, Hong Kong, Macau, Singapore and Malaysia), Turkey and
India each keep one zone all year, so a naive time on their country's domain is
unambiguous. The site's country decides: a page on another country's domain (Chinese on
.ca, Turkish on .de) stays naive whatever its language; only on a generic domain (.com,
.org) does the language tell, and only a language written almost only in one zone's
country (Japanese, Korean, India's), not one of large presses abroad (Chinese in the US,
Turkish in Germany). The zone is the country's by its IANA name, so a date from before a
change of its clocks (Turkey's +03:00 of 2016) is read as its clocks were then.
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo
from typing import Final
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .dates import format_moment

__all__ = ["find_update_after", "in_zone", "single_zone"]

# Per country domain: the one zone of the country's clocks.
_SINGLE_ZONE_DOMAINS: Final = {
    "kr": "Asia/Seoul", "jp": "Asia/Tokyo", "cn": "Asia/Shanghai", "tw": "Asia/Taipei",
    "hk": "Asia/Hong_Kong", "mo": "Asia/Macau", "sg": "Asia/Singapore",
    "my": "Asia/Kuala_Lumpur", "tr": "Europe/Istanbul", "in": "Asia/Kolkata",
}  # fmt: skip
# On a generic domain, the languages whose press is all but wholly in one country of one
# zone (not Chinese nor Turkish: New York's, Vancouver's and Berlin's papers write them).
_SINGLE_ZONE_LANGUAGES: Final = {
    "ko": "Asia/Seoul", "ja": "Asia/Tokyo", "hi": "Asia/Kolkata", "mr": "Asia/Kolkata",
    "gu": "Asia/Kolkata", "kn": "Asia/Kolkata", "ml": "Asia/Kolkata", "te": "Asia/Kolkata",
}  # fmt: skip
# Country codes sold worldwide as generic names: no country's site by its domain.
_VANITY_DOMAINS: Final = frozenset({"ai", "cc", "co", "fm", "io", "me", "tv"})
# Japanese labels an update after its date, often without the year: "（3月12日 18:30更新）",
# "(2024年3月12日 18時30分更新)".
_UPDATED_AFTER: Final = re.compile(
    r"(?:(?P<year>(?:19|20)\d\d)\s?年\s?)?(?P<month>[01]?\d)\s?月\s?(?P<day>[0-3]?\d)\s?日"
    r"\s*(?:(?P<hour>[0-2]?\d)[:時](?P<minute>[0-5]\d)分?)?\s*更新"
)


def single_zone(language: str | None, url: str | None) -> tzinfo | None:
    """The zone of the page's country when it keeps one all year, else None (and on a
    system without the time-zone database)."""
    host = (urlsplit(url).hostname or "") if url else ""
    suffix = host.rsplit(".", 1)[-1].lower()
    if len(suffix) == 2 and suffix.isalpha() and suffix not in _VANITY_DOMAINS:
        name = _SINGLE_ZONE_DOMAINS.get(suffix)  # a country's site: its clocks, or none
    else:
        name = _SINGLE_ZONE_LANGUAGES.get((language or "").split("-")[0].lower())
    try:
        return ZoneInfo(name) if name else None
    except ZoneInfoNotFoundError:
        return None


def in_zone(value: str | None, zone: tzinfo) -> str | None:
    """A naive time of day in `zone`; a bare date, or a time with its offset, as it is."""
    if not value or "T" not in value:
        return value
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return value if moment.tzinfo else format_moment(moment.replace(tzinfo=zone))


def find_update_after(text: str, published: tuple[int, str], within: int) -> tuple[int, str] | None:
    """The update labelled after its date that follows the `published` one (where it
    starts in `text`, its ISO date) by at most `within` characters, and where it starts;
    one written without its year is in the story's."""
    match = _UPDATED_AFTER.search(text, published[0] + 1)
    if match is None or match.start() - published[0] > within:
        return None
    year, month, day = (
        int(match["year"] or published[1][:4]),
        int(match["month"]),
        int(match["day"]),
    )
    try:
        if match["hour"] is None:
            return match.start(), date(year, month, day).isoformat()
        moment = datetime(year, month, day, int(match["hour"]), int(match["minute"]))
    except ValueError:
        return None
    return match.start(), format_moment(moment)
