"""When to re-fetch an article to see whether it changed.

News changes most in its first hours, so revisits decay: by default 1 h, 3 h, 12 h, 1 d,
3 d and 7 d after the article was first seen, then never again. A schedule is a tuple of
offsets in seconds from first sight, strictly increasing.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

from .clock import DURATION_UNITS, parse_duration, parse_iso, to_iso, utc_now
from .errors import UsageError

__all__ = [
    "DEFAULT_SCHEDULE",
    "format_schedule",
    "next_visit",
    "parse_iso",
    "parse_schedule",
    "to_iso",
    "utc_now",
]

DEFAULT_SCHEDULE: tuple[float, ...] = (3600, 3 * 3600, 12 * 3600, 86400, 3 * 86400, 7 * 86400)

_MAX_OFFSET = 3650 * 86400  # ten years; beyond that an offset is a typo, not a plan


def parse_schedule(spec: str) -> tuple[float, ...]:
    """Seconds from a spec such as "1h,3h,12h,1d,3d,7d" (units s, m, h, d, w; "1h30m" ok).

    "none" (or "never") is the empty schedule: articles are never revisited.
    Raises `UsageError` when an offset cannot be read or offsets do not increase.
    """
    spec = spec.strip().lower()
    if spec in ("none", "never"):
        return ()
    offsets = tuple(_parse_offset(item.strip(), spec) for item in spec.split(","))
    for earlier, later in itertools.pairwise(offsets):
        if later <= earlier:
            raise UsageError(f"revisit schedule {spec!r} must be strictly increasing")
    return offsets


def _parse_offset(item: str, spec: str) -> float:
    seconds = parse_duration(item)
    if seconds is None:
        raise UsageError(
            f"cannot read {item!r} in revisit schedule {spec!r}: "
            'expected offsets like "90m", "1h30m", "3d", separated by commas'
        )
    if not 0 < seconds <= _MAX_OFFSET:
        raise UsageError(f"revisit offset {item!r} in {spec!r} must be positive and at most 3650d")
    return seconds


def format_schedule(schedule: tuple[float, ...]) -> str:
    """The spec `parse_schedule` reads back: (3600, 86400) → "1h,1d"."""
    if not schedule:
        return "none"
    return ",".join(_format_offset(seconds) for seconds in schedule)


def _format_offset(seconds: float) -> str:
    for unit in ("w", "d", "h", "m"):
        count = seconds / DURATION_UNITS[unit]
        if count >= 1 and count == int(count):
            return f"{int(count)}{unit}"
    return f"{seconds:g}s"


def next_visit(
    first_seen_at: str,
    visits: int,
    schedule: tuple[float, ...] = DEFAULT_SCHEDULE,
    *,
    after: str | None = None,
) -> str | None:
    """When to revisit next, as ISO 8601 UTC, after `visits` revisits; None when done.

    0 revisits done gives `first_seen_at + schedule[0]`. With `after` (usually the time of
    the last visit), slots already past at that time are skipped, so a run that fell
    behind does not revisit the same article several times in a row to catch up; and
    slots count from `after` if the article was first seen after it (by a clock that was
    fast then), so a due time is never further off than its slot.
    """
    if visits < 0:
        raise UsageError(f"visits must be 0 or more, not {visits}")
    first = parse_iso(first_seen_at)
    floor = parse_iso(after) if after is not None else None
    first = min(first, floor) if floor is not None else first
    for offset in schedule[visits:]:
        # Compared at the precision stored (seconds), or a slot within this second recurs.
        due = (first + timedelta(seconds=offset)).replace(microsecond=0)
        if floor is None or due > floor:
            return to_iso(due)
    return None
