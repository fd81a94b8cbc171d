"""ISO 8601 UTC timestamps, the one format every stored time uses.

Always UTC, seconds precision, offset written as "+00:00" (`2024-01-16T10:05:00+00:00`),
so stored times sort as strings and compare equal when they are equal.
"""

from __future__ import annotations

from datetime import UTC, datetime

from .errors import UsageError

__all__ = ["parse_iso", "to_iso", "utc_now"]


def utc_now() -> str:
    """The current time as ISO 8601 UTC."""
    return to_iso(datetime.now(UTC))


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
    except (ValueError, AttributeError, TypeError) as error:
        raise UsageError(f"not an ISO 8601 date-time: {s!r}") from error
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)
