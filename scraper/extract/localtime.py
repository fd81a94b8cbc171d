"""Dates as a country writes them: the zone of its naive times, and updates labelled
after their date.

A time with no zone is naive, and stays so where the page's country spans several zones
or keeps daylight saving. Korea and Japan each keep one zone all year, so a naive time
on their pages (in their language, or on their country's domain) is unambiguous.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlsplit

from .dates import format_moment

__all__ = ["find_update_after", "in_zone", "single_zone"]

# Per language and per country domain: the one offset of the country's clocks.
_SINGLE_ZONE_LANGUAGES = {"ko": timedelta(hours=9), "ja": timedelta(hours=9)}
_SINGLE_ZONE_DOMAINS = {"kr": timedelta(hours=9), "jp": timedelta(hours=9)}
# Japanese labels an update after its date, often without the year: "（3月12日 18:30更新）",
# "(2024年3月12日 18時30分更新)".
_UPDATED_AFTER = re.compile(
    r"(?:(?P<year>(?:19|20)\d\d)\s?年\s?)?(?P<month>[01]?\d)\s?月\s?(?P<day>[0-3]?\d)\s?日"
    r"\s*(?:(?P<hour>[0-2]?\d)[:時](?P<minute>[0-5]\d)分?)?\s*更新"
)


def single_zone(language: str | None, url: str | None) -> timedelta | None:
    """The offset of the page's country when it keeps one zone all year, else None."""
    by_language = _SINGLE_ZONE_LANGUAGES.get((language or "").split("-")[0].lower())
    host = (urlsplit(url).hostname or "") if url else ""
    return by_language or _SINGLE_ZONE_DOMAINS.get(host.rsplit(".", 1)[-1])


def in_zone(value: str | None, offset: timedelta) -> str | None:
    """A naive time of day given `offset`; a bare date, or a time with its offset, as it
    is."""
    if not value or "T" not in value:
        return value
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return value if moment.tzinfo else format_moment(moment.replace(tzinfo=timezone(offset)))


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
