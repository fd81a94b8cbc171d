"""ISO 8601 UTC timestamps, the one format every stored time uses.

Always UTC, seconds precision, offset written as "+00:00" (`2024-01-16T10:05:00+00:00`),
so stored times sort as strings and compare equal when they are equal. The time now is
`now()`, which tests replace to step the clock as a system clock steps.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from .errors import UsageError

__all__ = [
    "DURATION_UNITS", "now", "parse_duration", "parse_iso", "parse_since", "to_iso", "utc_now",
]  # fmt: skip

DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}  # seconds
_PART = re.compile(r"(\d+(?:\.\d+)?)([smhdw])")
_DURATION = re.compile(r"(?:\d+(?:\.\d+)?[smhdw])+")


def now() -> datetime:
    """The current time, aware UTC: the system clock, which may step (NTP, a board that
    boots with no clock until it syncs)."""
    return datetime.now(UTC)


def utc_now() -> str:
    """The current time as ISO 8601 UTC."""
    return to_iso(now())


def to_iso(dt: datetime) -> str:
    """`dt` in UTC to the second; a naive `dt` is taken to be UTC already."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).replace(microsecond=0).isoformat()


def parse_iso(s: str) -> datetime:
    """An aware UTC datetime from ISO 8601 ("Z" and offsets accepted; naive means UTC).

    A bare date is midnight UTC. Raises `UsageError` for anything else.
    """
    try:
        dt = datetime.fromisoformat(s.strip())
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=UTC)
        return dt.astimezone(UTC)
    except (ValueError, AttributeError, TypeError, OverflowError) as error:
        # (OverflowError: a time that is out of range in UTC, "0001-01-01T00:00+05:00")
        raise UsageError(f"not an ISO 8601 date-time: {s!r}") from error


def parse_duration(text: str) -> float | None:
    """Seconds from a duration such as "90m", "1h30m", "3d" (units s, m, h, d, w); None
    if `text` is not one."""
    text = text.strip().lower()
    if not _DURATION.fullmatch(text):
        return None
    return sum(float(n) * DURATION_UNITS[unit] for n, unit in _PART.findall(text))


def parse_since(text: str, now: datetime | None = None) -> str:
    """The stored form (ISO 8601 UTC) of a time a user gives: a duration back from `now`
    ("20m": a cron job's last run; "1d") or an ISO 8601 date or date-time, whose offset
    counts ("2024-03-02T10:00+02:00" is 08:00 UTC; without one, UTC). Compared as a
    string with stored times, a date-time with another offset, or a date written
    "2024-3-2", would select the wrong articles without a word: `UsageError` instead."""
    seconds = parse_duration(text)
    if seconds is not None:
        try:
            return to_iso((now or datetime.now(UTC)) - timedelta(seconds=seconds))
        except OverflowError:
            raise UsageError(f"not a time: {text!r} is further back than year 1") from None
    try:
        return to_iso(parse_iso(text))
    except UsageError:
        raise UsageError(
            f"not a time: {text!r} (give an ISO 8601 date or date-time, or a duration"
            ' back from now such as "20m", "6h", "2d")'
        ) from None
